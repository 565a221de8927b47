"""``vaultkit link`` (mentions into links) and ``links NOTE --unlinked``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from vaultkit.cli.common import (
    IndexOption,
    JsonOption,
    VaultOption,
    open_index,
    stdin_is_terminal,
    typed_note,
    typed_notes,
)
from vaultkit.errors import VaultkitError


def unlinked(opened: Any, note: str, json_: bool) -> None:
    """``links NOTE --unlinked``: print the unlinked mentions of ``note``."""
    from vaultkit.links import find_subject
    from vaultkit.render import console, emit_json
    from vaultkit.render.mentions import mentions_json, render_mentions
    from vaultkit.search.mentions import unlinked_mentions

    path, _ = find_subject(opened, note)
    if path is None:
        raise VaultkitError(f"{note!r} has no note yet; nothing can mention it unlinked")
    report = unlinked_mentions(opened, path)
    if json_:
        emit_json(mentions_json(report))
    else:
        render_mentions(report, console())


def link_command(
    note: Annotated[str, typer.Argument(help="The note to link to: name, path or alias.")],
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            help="Notes whose mentions to link (default: every note mentioning it).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print a unified diff per note; change nothing.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask; needed when no terminal can answer.")
    ] = False,
    vault: VaultOption = None,
    index: IndexOption = None,
    json_: JsonOption = False,
) -> None:
    """Turn the unlinked mentions of NOTE into links: [[Name]] where the text is the name,
    [[Name|text]] otherwise. Shows the diff and asks first; mentions that could mean
    another note are listed, never linked."""
    from vaultkit.render import console, emit_json
    from vaultkit.render.mentions import link_json, render_link_diffs, render_link_notes
    from vaultkit.search.linking import apply_links, plan_links

    opened = open_index(vault, index)
    plan = plan_links(
        opened, typed_note(opened.root, note), typed_notes(opened.root, sources) or None
    )
    out, err = console(), console(stderr=True)
    render_link_notes(plan, err)
    notes = f"{len(plan.edits)} note{'' if len(plan.edits) == 1 else 's'}"
    what = f"link {plan.count} mention{'s' if plan.count != 1 else ''} in {notes}"
    if dry_run or not plan.edits:
        if json_:
            emit_json(link_json(plan, None))
        else:
            render_link_diffs(plan, out)
        err.print(f"dry run: would {what}; nothing written" if dry_run else "nothing to link")
        return
    if not yes:
        if not stdin_is_terminal():
            raise VaultkitError(
                f"would {what}, but there is no terminal to confirm it: add --yes to go"
                " ahead, or --dry-run to see the changes; nothing written"
            )
        render_link_diffs(plan, err)
        if not typer.confirm(f"{what.capitalize()}?", default=False, err=True):
            err.print("nothing changed", markup=False)
            return
    outcomes = apply_links(opened, plan)
    if json_:
        emit_json(link_json(plan, outcomes))
    for outcome in outcomes:
        if not outcome.written:
            err.print(f"not written: {outcome.path}: {outcome.message}", markup=False)
    written = sum(1 for o in outcomes if o.written)
    if not json_:
        out.print(f"linked mentions in {written} of {len(outcomes)} notes", markup=False)
    if written < len(outcomes):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``link`` to ``app``."""
    app.command("link")(link_command)
