"""``vaultkit index``, ``vaultkit notes`` and ``vaultkit links``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    FolderOption,
    IndexOption,
    JobsOption,
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
    typed_note,
)
from vaultkit.cli.completion import complete_note

HUMAN_LIMIT = 50
"""Linking notes the table shows unless --limit or --all says otherwise."""


@output_options("json")
def index_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and parse every note.")
    ] = False,
    jobs: JobsOption = None,
    list_: Annotated[
        bool,
        typer.Option(
            "--list",
            help="List the indexes in the cache folder (or in --index's folder): vault, size,"
            " last written. With --vault, only that vault's.",
        ),
    ] = False,
    prune: Annotated[
        bool,
        typer.Option("--prune", help="Remove the cached indexes whose vault folder is gone."),
    ] = False,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Refresh the index and print where it lives and what it holds: notes, links,
    unresolved, tags, problems."""
    from vaultkit.render import console, emit_json, print_problems
    from vaultkit.render.core import index_summary, render_index

    if list_ or prune:
        _list_or_prune(vault, index, prune, output.format == "json", rebuild=rebuild, jobs=jobs)
        return
    opened = open_index(vault, index, jobs, rebuild=rebuild, report_problems=False, trust=False)
    stats = opened.last_refresh
    summary = index_summary(stats, opened.counts())
    summary["index"] = str(opened.path)
    summary["vault"] = str(opened.root)
    if output.format == "json":
        emit_json(summary)
    else:
        render_index(summary, console())
    problems = opened.problems()
    if problems:
        print_problems(problems, console(stderr=True))


def _list_or_prune(
    vault: Path | None,
    index: Path | None,
    prune: bool,
    json_: bool,
    *,
    rebuild: bool,
    jobs: int | None,
) -> None:
    """``index --list`` and ``index --prune``: the cache folder, not one vault's index."""
    from vaultkit.index.catalog import cached_indexes, prune_indexes
    from vaultkit.render import console, emit_json
    from vaultkit.render.core import cached_index_json, render_cached_indexes

    if rebuild or jobs is not None:
        raise typer.BadParameter("--list and --prune do not refresh: drop --rebuild and --jobs")
    folder = index.parent if index is not None else None
    entries = prune_indexes(folder) if prune else cached_indexes(folder)
    if vault is not None and not prune:
        wanted = str(vault.resolve())
        entries = [e for e in entries if e.vault == wanted]
    if json_:
        emit_json([cached_index_json(e) for e in entries])
    else:
        render_cached_indexes(entries, console(), removed=prune)


@output_options()
def notes_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    untagged: UntaggedOption = False,
    where: WhereOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """List notes: path, title, tags, links in and out (all, or those the filters select)."""
    from vaultkit.filters import select_notes
    from vaultkit.render.core import NOTE_CSV_HEADERS, note_json, render_notes
    from vaultkit.render.output import Listing, emit

    opened = open_index(vault, index)
    flt = note_filter(folder, tag, kind, untagged, where, index=opened)
    if output.format in ("json", "jsonl") and not output.count:
        # Streamed note by note: memory stays flat however large the vault.
        from vaultkit.render import emit_json_array, emit_jsonl

        printed = [0]

        def documents() -> Iterator[dict[str, Any]]:
            for note in select_notes(opened, flt):
                printed[0] += 1
                yield note_json(note)

        if output.format == "json":
            emit_json_array(documents())
        else:
            emit_jsonl(documents())
        if not printed[0]:
            explain_empty(opened, flt)
        return
    notes = list(select_notes(opened, flt))
    counts = opened.link_counts()
    rows = [
        (note.path, note.title, note.tag_names(), *counts.get(note.path, (0, 0))) for note in notes
    ]
    if not rows:
        explain_empty(opened, flt)
    emit(Listing(NOTE_CSV_HEADERS, rows, lambda out: render_notes(rows, out)), output)


@output_options()
def links_command(
    note: Annotated[
        str,
        typer.Argument(
            help="Note name, path or alias; or a link target no note has yet.",
            autocompletion=complete_note,
        ),
    ],
    vault: VaultOption = None,
    index: IndexOption = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            help="Show at most this many linking notes (default 50 in the table; machine"
            " output lists every one unless --limit is given).",
            show_default=False,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every linking note.")] = False,
    unlinked: Annotated[
        bool,
        typer.Option(
            "--unlinked", help="Show where other notes name it without a link (every mention)."
        ),
    ] = False,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Backlinks of a note, with line and text, then its outgoing and unresolved links."""
    from vaultkit.links import links_report
    from vaultkit.render.core import LINK_CSV_HEADERS, link_rows, links_json, render_links
    from vaultkit.render.output import Listing, emit

    if all_ and limit is not None:
        raise typer.BadParameter("--all shows every linking note; give --all or --limit, not both")
    if unlinked and (all_ or limit is not None):
        raise typer.BadParameter("--unlinked lists every mention; --limit and --all do not apply")
    opened = open_index(vault, index)
    if unlinked:
        from vaultkit.cli.mention_commands import unlinked as show_unlinked

        if output.format not in ("table", "json") or output.count:
            raise typer.BadParameter(
                "--unlinked prints a table or --json; other output options are not offered yet"
            )

        show_unlinked(opened, typed_note(opened.root, note), output.format == "json")
        return
    if all_:
        limit = None
    elif limit is None and not output.machine:
        limit = HUMAN_LIMIT
    report = links_report(opened, typed_note(opened.root, note), limit)
    rows = link_rows(report)
    emit(
        Listing(
            LINK_CSV_HEADERS,
            rows,
            lambda out: render_links(report, out),
            document=links_json(report),
            paths=[source.path for source in report.backlinks],  # the linking notes only
        ),
        output,
    )


def register(app: typer.Typer) -> None:
    """Add these commands to ``app``."""
    app.command("index")(index_command)
    app.command("notes")(notes_command)
    app.command("links")(links_command)
