"""``vaultkit tags`` (list, ``audit``, ``suggest``) and ``vaultkit tag`` (``add``,
``remove``, ``rename``): argument handling only; the work is in ``vaultkit.tags``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vaultkit.cli.common import (
    CsvOption,
    FolderOption,
    IndexOption,
    JsonOption,
    KindOption,
    TagOption,
    UntaggedOption,
    VaultOption,
    WhereOption,
    note_filter,
    open_index,
    stdin_is_terminal,
)
from vaultkit.errors import TagUsageError

if TYPE_CHECKING:
    from vaultkit.tags.plan import EditPlan

tags_app = typer.Typer(
    help="List the vault's tags; audit them; suggest tags for notes.",
    add_completion=False,
)
tag_app = typer.Typer(
    help="Add, remove or rename a tag in notes (surgical edits; --dry-run shows the diff).",
    no_args_is_help=True,
    add_completion=False,
)

NotesArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Notes by name, path, alias or title.", show_default=False),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print a unified diff per note; change nothing.")
]
YesOption = Annotated[
    bool, typer.Option("--yes", "-y", help="Do not ask; needed when no terminal can answer.")
]
NoWaitOption = Annotated[
    bool,
    typer.Option(
        "--no-wait",
        help="When another vaultkit edit of the vault runs, stop (exit 2): do not wait.",
    ),
]


@contextlib.contextmanager
def _edit_locked(vault: Path | None, no_wait: bool, dry_run: bool) -> Iterator[None]:
    """Hold the vault's edit lock (see ``vaultkit.editlock``), saying so on stderr when
    another edit holds it first; a dry run writes nothing and takes no lock."""
    if dry_run:
        yield
        return
    from vaultkit.editlock import edit_lock
    from vaultkit.render import console
    from vaultkit.vault import find_root

    def say(message: str) -> None:
        console(stderr=True).print(message, markup=False, soft_wrap=True)

    with edit_lock(find_root(vault), wait=not no_wait, on_wait=say):
        yield


@tags_app.callback(invoke_without_command=True)
def tags_command(
    ctx: typer.Context,
    vault: VaultOption = None,
    index: IndexOption = None,
    tree: Annotated[
        bool, typer.Option("--tree", help="Nested tags under their parents, counts rolled up.")
    ] = False,
    sort: Annotated[
        str, typer.Option("--sort", help="count (most used first) or name.", show_default=True)
    ] = "count",
    json_: JsonOption = False,
    csv_: CsvOption = False,
    folder: FolderOption = None,
    kind: KindOption = None,
) -> None:
    """Every tag with the number of notes carrying it, by where it is written."""
    if ctx.invoked_subcommand is not None:
        return
    from vaultkit.filters import select_paths
    from vaultkit.render import console, emit_csv, emit_json
    from vaultkit.render.tags import (
        TAG_CSV_HEADERS,
        TREE_CSV_HEADERS,
        listing_json,
        render_listing,
        walk_tree,
    )
    from vaultkit.tags.listing import from_rows, list_tags

    if sort not in ("count", "name"):
        raise TagUsageError(f"--sort must be count or name, not {sort!r}")
    opened = open_index(vault, index)
    paths = select_paths(opened, note_filter(folder, None, kind))
    listing = list_tags(from_rows(paths, opened.tag_occurrences()), sort, tree)
    if json_:
        emit_json(listing_json(listing))
    elif csv_ and listing.tree is not None:
        rows = [(n.name, n.notes, n.total, d) for n, d in walk_tree(listing.tree)]
        emit_csv(TREE_CSV_HEADERS, rows)
    elif csv_:
        rows2 = [(t.name, t.notes, t.frontmatter, t.inline, t.field) for t in listing.tags]
        emit_csv(TAG_CSV_HEADERS, rows2)
    else:
        render_listing(listing, console())


@tags_app.command("audit")
def audit_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    folder: FolderOption = None,
    kind: KindOption = None,
    json_: JsonOption = False,
) -> None:
    """Untagged notes, empty tag fields, tags used once, near-duplicates, nested tags whose
    last part is also used on its own. Exit 1 when anything is found."""
    from vaultkit.filters import select_paths
    from vaultkit.render import console, emit_json
    from vaultkit.render.tags import audit_json, render_audit
    from vaultkit.tags.audit import audit

    opened = open_index(vault, index)
    flt = note_filter(folder, None, kind)
    selected = None if flt.empty else set(select_paths(opened, flt))
    report = audit(list(opened.notes()), selected, opened.root)
    if json_:
        emit_json(audit_json(report))
    else:
        render_audit(report, console())
    if report.findings:
        raise typer.Exit(1)


@tags_app.command("suggest")
def suggest_command(
    notes: NotesArgument = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    untagged: Annotated[
        bool, typer.Option("--untagged", help="Every note without a tag (the default).")
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="Tags suggested per note.")] = 3,
    folder: FolderOption = None,
    kind: KindOption = None,
    json_: JsonOption = False,
) -> None:
    """The best tags for each note, from the vault's own tags, with a score and reasons.
    Without NOTE, every untagged note (narrowed by --folder, --kind)."""
    from vaultkit.filters import select_paths
    from vaultkit.render import console, emit_json
    from vaultkit.render.tags import render_suggest, suggest_json
    from vaultkit.suggest import suggest_tags
    from vaultkit.tags.plan import resolve_notes

    opened = open_index(vault, index)
    paths = resolve_notes(opened, notes or [])
    if untagged or not notes:
        paths += [
            p for p in select_paths(opened, note_filter(folder, None, kind, True)) if p not in paths
        ]
    report = suggest_tags(opened, paths, top)
    if json_:
        emit_json(suggest_json(report))
    else:
        render_suggest(report, console())


# -- tag add / remove / rename ----------------------------------------------------------------


def _carry_out(opened: Any, plan: EditPlan, dry_run: bool, yes: bool, json_: bool) -> None:
    """Show the plan; ask (or refuse without a terminal); write; say what changed."""
    from vaultkit.render import console, emit_json
    from vaultkit.render.tags import (
        describe_plan,
        edit_json,
        render_diffs,
        render_plan,
        render_refused,
        render_result,
    )
    from vaultkit.tags.plan import apply_plan

    out, err = console(), console(stderr=True)
    render_refused(plan, err)
    code = 1 if plan.refused else 0
    if dry_run:
        if json_:
            emit_json(edit_json(plan, None, dry_run=True))
        else:
            render_diffs(plan, out)
        err.print(f"dry run: would {describe_plan(plan)}; nothing written", markup=False)
        raise typer.Exit(code)
    if not plan.edits:
        if json_:
            emit_json(edit_json(plan, None, dry_run=False))
        else:
            render_plan(plan, out)
        err.print("nothing to change", markup=False)
        raise typer.Exit(code)
    if not yes:
        if not stdin_is_terminal():
            raise TagUsageError(
                f"would {describe_plan(plan)}, but there is no terminal to confirm it: add"
                " --yes to go ahead, or --dry-run to see the changes; nothing written"
            )
        render_plan(plan, err)
        if not typer.confirm(f"{describe_plan(plan).capitalize()}?", default=False, err=True):
            err.print("nothing changed", markup=False)
            raise typer.Exit(0)
    result = apply_plan(opened, plan)
    if json_:
        emit_json(edit_json(plan, result, dry_run=False))
    else:
        render_result(result, out, err)
    if result.failed:
        code = 1
    raise typer.Exit(code)


@tag_app.command("add")
def add_command(
    tag: Annotated[str, typer.Argument(help="The tag, with or without #.")],
    notes: NotesArgument = None,
    where: WhereOption = None,
    folder: FolderOption = None,
    tag_filter: TagOption = None,
    kind: KindOption = None,
    untagged: UntaggedOption = False,
    inline: Annotated[
        bool, typer.Option("--inline", help="Append #tag on a new last line instead.")
    ] = False,
    dry_run: DryRunOption = False,
    yes: YesOption = False,
    no_wait: NoWaitOption = False,
    vault: VaultOption = None,
    index: IndexOption = None,
    json_: JsonOption = False,
) -> None:
    """Add TAG to the named notes and the notes the filters select: into the frontmatter
    tags (in their style), else a filled `TAGS:` field, else new frontmatter."""
    from vaultkit.tags.plan import plan_add

    with _edit_locked(vault, no_wait, dry_run):
        opened = open_index(vault, index)
        flt = note_filter(folder, tag_filter, kind, untagged, where)
        plan = plan_add(opened, tag, notes or [], flt, inline=inline)
        _carry_out(opened, plan, dry_run, yes, json_)


@tag_app.command("remove")
def remove_command(
    tag: Annotated[str, typer.Argument(help="The tag, with or without #.")],
    notes: NotesArgument = None,
    where: WhereOption = None,
    folder: FolderOption = None,
    kind: KindOption = None,
    dry_run: DryRunOption = False,
    yes: YesOption = False,
    no_wait: NoWaitOption = False,
    vault: VaultOption = None,
    index: IndexOption = None,
    json_: JsonOption = False,
) -> None:
    """Remove TAG (any case; nested tags are other tags) from the named notes, from those
    the filters select, or from every note carrying it."""
    from vaultkit.tags.plan import plan_remove

    with _edit_locked(vault, no_wait, dry_run):
        opened = open_index(vault, index)
        flt = note_filter(folder, None, kind, False, where)
        plan = plan_remove(opened, tag, notes or [], flt)
        _carry_out(opened, plan, dry_run, yes, json_)


@tag_app.command("rename")
def rename_command(
    old: Annotated[str, typer.Argument(help="The tag to rename (any case).")],
    new: Annotated[str, typer.Argument(help="The new name.")],
    where: WhereOption = None,
    folder: FolderOption = None,
    kind: KindOption = None,
    dry_run: DryRunOption = False,
    yes: YesOption = False,
    no_wait: NoWaitOption = False,
    vault: VaultOption = None,
    index: IndexOption = None,
    json_: JsonOption = False,
) -> None:
    """Rename OLD to NEW in every note (nested tags follow: old/x -> new/x); where NEW is
    already in the same list or field, OLD is dropped instead (a merge)."""
    from vaultkit.tags.plan import plan_rename

    with _edit_locked(vault, no_wait, dry_run):
        opened = open_index(vault, index)
        flt = note_filter(folder, None, kind, False, where)
        plan = plan_rename(opened, old, new, flt)
        _carry_out(opened, plan, dry_run, yes, json_)


def register(app: typer.Typer) -> None:
    """Add the ``tags`` and ``tag`` groups to ``app``."""
    app.add_typer(tags_app, name="tags")
    app.add_typer(tag_app, name="tag")
