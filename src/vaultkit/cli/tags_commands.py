"""``vaultkit tags`` (list, ``audit``, ``suggest``) and ``vaultkit tag`` (``add``,
``remove``, ``rename``): argument handling only; the work is in ``vaultkit.tags``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    FolderOption,
    IndexOption,
    KindOption,
    OutputOptions,
    TagOption,
    UntaggedOption,
    VaultOption,
    WhereOption,
    explain_empty,
    note_filter,
    open_index,
    output_options,
    pass_group_options,
    stdin_is_terminal,
    typed_notes,
)
from vaultkit.cli.completion import complete_note
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
    typer.Argument(
        help="Notes by name, path, alias or title.",
        show_default=False,
        autocompletion=complete_note,
    ),
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
@output_options("json", "jsonl", "csv", "tsv")
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
    folder: FolderOption = None,
    kind: KindOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Every tag with the number of notes carrying it, by where it is written."""
    if ctx.invoked_subcommand is not None:
        pass_group_options(ctx)
        return
    from vaultkit.filters import select_paths
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import tag_rows
    from vaultkit.render.tags import listing_json, render_listing
    from vaultkit.tags.listing import from_rows, list_tags

    if sort not in ("count", "name"):
        raise TagUsageError(f"--sort must be count or name, not {sort!r}")
    opened = open_index(vault, index)
    flt = note_filter(folder, None, kind, index=opened)
    paths = select_paths(opened, flt)
    if not paths:
        explain_empty(opened, flt)
    listing = list_tags(from_rows(paths, opened.tag_occurrences()), sort, tree)
    headers, rows = tag_rows(listing)
    emit(
        Listing(
            headers,
            rows,
            lambda out: render_listing(listing, out),
            document=listing_json(listing),
            path_column="tag",
        ),
        output,
    )


@tags_app.command("audit")
@output_options()
def audit_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    folder: FolderOption = None,
    kind: KindOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Untagged notes, empty tag fields, tags used once, near-duplicates, nested tags whose
    last part is also used on its own. Exit 1 when anything is found."""
    from vaultkit.filters import select_paths
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import AUDIT_HEADERS, audit_rows
    from vaultkit.render.tags import audit_json, render_audit
    from vaultkit.tags.audit import audit

    opened = open_index(vault, index)
    flt = note_filter(folder, None, kind, index=opened)
    selected = None if flt.empty else set(select_paths(opened, flt))
    report = audit(list(opened.notes()), selected, opened.root)
    emit(
        Listing(
            AUDIT_HEADERS,
            audit_rows(report),
            lambda out: render_audit(report, out),
            document=audit_json(report),
        ),
        output,
    )
    if report.findings:
        raise typer.Exit(1)


@tags_app.command("suggest")
@output_options()
def suggest_command(
    notes: NotesArgument = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    untagged: Annotated[
        bool, typer.Option("--untagged", help="Every note without a tag (the default).")
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="Tags suggested per note.")] = 3,
    min_support: Annotated[
        int | None,
        typer.Option(
            "--min-support",
            min=1,
            help="Other notes that must carry a tag before it is suggested"
            " (default: [suggest] min_support, else 3).",
        ),
    ] = None,
    allow_kind_change: Annotated[
        bool,
        typer.Option(
            "--allow-kind-change",
            help="Also suggest tags that would change the note's kind (e.g. #meeting/…).",
        ),
    ] = False,
    folder: FolderOption = None,
    kind: KindOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """The best tags for each note, from the vault's own tags, with a score, a confidence
    and reasons. Without NOTE, every untagged note; --folder and --kind narrow the notes,
    NOTE arguments included (a NOTE they leave out is named on stderr)."""
    from vaultkit.filters import select_paths
    from vaultkit.render import console
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.rows import SUGGEST_HEADERS, suggest_rows
    from vaultkit.render.tags import render_suggest, suggest_json
    from vaultkit.suggest import suggest_tags
    from vaultkit.tags.plan import resolve_notes

    opened = open_index(vault, index)
    paths = resolve_notes(opened, typed_notes(opened.root, notes))
    if folder or kind:
        chosen = set(select_paths(opened, note_filter(folder, None, kind)))
        left_out = [p for p in paths if p not in chosen]
        paths = [p for p in paths if p in chosen]
        if left_out:
            err = console(stderr=True)
            what = " and ".join(
                x
                for x in (f"--folder {folder}" if folder else "", f"--kind {kind}" if kind else "")
                if x
            )
            for path in left_out:
                err.print(f"{path}: left out by {what}", style="yellow", markup=False)
    if untagged or not notes:
        paths += [
            p
            for p in select_paths(opened, note_filter(folder, None, kind, True, index=opened))
            if p not in paths
        ]
    report = suggest_tags(opened, paths, top, min_support, allow_kind_change)
    emit(
        Listing(
            SUGGEST_HEADERS,
            suggest_rows(report),
            lambda out: render_suggest(report, out),
            document=suggest_json(report),
        ),
        output,
    )
    if report.notice:
        console(stderr=True).print(report.notice, style="yellow", markup=False)


# -- tag add / remove / rename ----------------------------------------------------------------


@tag_app.callback()
def tag_group(vault: VaultOption = None, index: IndexOption = None) -> None:
    """Add, remove or rename a tag in notes (surgical edits; --dry-run shows the diff)."""


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
@output_options("json")
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
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Add TAG to the named notes and the notes the filters select: into the frontmatter
    tags (in their style), else a filled `TAGS:` field, else new frontmatter."""
    from vaultkit.tags.plan import plan_add

    with _edit_locked(vault, no_wait, dry_run):
        opened = open_index(vault, index)
        flt = note_filter(folder, tag_filter, kind, untagged, where, index=opened)
        plan = plan_add(opened, tag, typed_notes(opened.root, notes), flt, inline=inline)
        _carry_out(opened, plan, dry_run, yes, output.format == "json")


@tag_app.command("remove")
@output_options("json")
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
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Remove TAG (any case; nested tags are other tags) from the named notes, from those
    the filters select, or from every note carrying it."""
    from vaultkit.tags.plan import plan_remove

    with _edit_locked(vault, no_wait, dry_run):
        opened = open_index(vault, index)
        flt = note_filter(folder, None, kind, False, where, index=opened)
        plan = plan_remove(opened, tag, typed_notes(opened.root, notes), flt)
        _carry_out(opened, plan, dry_run, yes, output.format == "json")


@tag_app.command("rename")
@output_options("json")
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
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Rename OLD to NEW in every note (nested tags follow: old/x -> new/x); where NEW is
    already in the same list or field, OLD is dropped instead (a merge)."""
    from vaultkit.tags.plan import plan_rename

    with _edit_locked(vault, no_wait, dry_run):
        opened = open_index(vault, index)
        flt = note_filter(folder, None, kind, False, where, index=opened)
        plan = plan_rename(opened, old, new, flt)
        _carry_out(opened, plan, dry_run, yes, output.format == "json")


def register(app: typer.Typer) -> None:
    """Add the ``tags`` and ``tag`` groups to ``app``."""
    app.add_typer(tags_app, name="tags")
    app.add_typer(tag_app, name="tag")
