"""``vaultkit index``, ``vaultkit notes`` and ``vaultkit links``."""

from __future__ import annotations

from typing import Annotated

import typer

from vaultkit.cli.common import (
    CsvOption,
    FolderOption,
    IndexOption,
    JobsOption,
    JsonOption,
    KindOption,
    TagOption,
    UntaggedOption,
    VaultOption,
    WhereOption,
    note_filter,
    open_index,
)


def index_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and parse every note.")
    ] = False,
    jobs: JobsOption = None,
    json_: JsonOption = False,
) -> None:
    """Refresh the index and print what it holds: notes, links, unresolved, tags, problems."""
    from vaultkit.render import console, emit_json, print_problems
    from vaultkit.render.core import index_summary, render_index

    opened = open_index(vault, index, jobs, rebuild=rebuild, report_problems=False)
    stats = opened.last_refresh
    summary = index_summary(stats, opened.counts())
    summary["index"] = str(opened.path)
    summary["vault"] = str(opened.root)
    if json_:
        emit_json(summary)
    else:
        render_index(summary, console())
    problems = opened.problems()
    if problems:
        print_problems(problems, console(stderr=True))


def notes_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Print JSON Lines, one note a line.")
    ] = False,
    csv_: CsvOption = False,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    untagged: UntaggedOption = False,
    where: WhereOption = None,
) -> None:
    """List notes: path, title, tags, links in and out (all, or those the filters select)."""
    from vaultkit.filters import select_notes
    from vaultkit.render import console, emit_csv, emit_jsonl
    from vaultkit.render.core import NOTE_CSV_HEADERS, note_json, render_notes

    opened = open_index(vault, index)
    flt = note_filter(folder, tag, kind, untagged, where)
    if json_:
        emit_jsonl(note_json(note) for note in select_notes(opened, flt))
        return
    counts = opened.link_counts()
    rows = [
        (note.path, note.title, note.tag_names(), *counts.get(note.path, (0, 0)))
        for note in select_notes(opened, flt)
    ]
    if csv_:
        emit_csv(NOTE_CSV_HEADERS, [(p, t, " ".join(tags), i, o) for p, t, tags, i, o in rows])
    else:
        render_notes(rows, console())


def links_command(
    note: Annotated[
        str, typer.Argument(help="Note name, path or alias; or a link target no note has yet.")
    ],
    vault: VaultOption = None,
    index: IndexOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Show at most this many linking notes.")
    ] = 50,
    all_: Annotated[bool, typer.Option("--all", help="Show every linking note.")] = False,
    json_: JsonOption = False,
    unlinked: Annotated[
        bool,
        typer.Option(
            "--unlinked", help="Show where other notes name it without a link (every mention)."
        ),
    ] = False,
) -> None:
    """Backlinks of a note, with line and text, then its outgoing and unresolved links."""
    from vaultkit.links import links_report
    from vaultkit.render import console, emit_json
    from vaultkit.render.core import links_json, render_links

    opened = open_index(vault, index)
    if unlinked:
        from vaultkit.cli.mention_commands import unlinked as show_unlinked

        show_unlinked(opened, note, json_)
        return
    report = links_report(opened, note, None if all_ else limit)
    if json_:
        emit_json(links_json(report))
    else:
        render_links(report, console())


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("index")(index_command)
    app.command("notes")(notes_command)
    app.command("links")(links_command)
