"""``vaultkit search``: Obsidian's search language over the full-text index."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    FolderOption,
    IndexOption,
    KindOption,
    OutputOptions,
    TagOption,
    VaultOption,
    WhereOption,
    note_filter,
    open_index,
    read_fresh,
)
from vaultkit.errors import VaultkitError

_SORT_HELP = (
    "relevance (BM25, default), name (A-Z), name-desc (Z-A), modified (new to old),"
    " modified-old, created (new to old), created-old."
)


HUMAN_LIMIT = 50
"""Notes the human output shows unless --limit says otherwise (it says how many more)."""


def search_command(
    query: Annotated[
        str | None,
        typer.Argument(help="A query in Obsidian's search language, e.g. 'meeting -tag:#draft'."),
    ] = None,
    from_note: Annotated[
        str | None,
        typer.Option("--from-note", help="Run every ```query block of this note (name or path)."),
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help=_SORT_HELP)] = "relevance",
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            help=f"Show at most this many notes (human output only; default {HUMAN_LIMIT}).",
        ),
    ] = None,
    match_case: Annotated[
        bool,
        typer.Option("--match-case", help="Match case everywhere (Search's Match case toggle)."),
    ] = False,
    context: Annotated[
        int, typer.Option("--context", "-C", min=0, help="Lines shown around each match.")
    ] = 0,
    vault: VaultOption = None,
    index: IndexOption = None,
    folder: FolderOption = None,
    tag: TagOption = None,
    kind: KindOption = None,
    where: WhereOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Search the vault as Obsidian's Search does: words, "phrases", /regex/, OR, -, ( ),
    operators (file: path: content: tag: line: block: section: task: ...) and [properties].

    Exit 0 when something matched, 1 when nothing did, 2 on an error (a syntax error shows
    a caret under its place)."""
    from vaultkit.search.engine import SORTS
    from vaultkit.search.parser import parse_query

    if sort not in SORTS:
        raise VaultkitError(f"--sort must be one of: {', '.join(SORTS)}")
    if (query is None) == (from_note is None):
        raise VaultkitError("give a query or --from-note NOTE (one of them)")
    tree = parse_query(query) if query is not None else None  # syntax errors before indexing
    opened = open_index(vault, index, refresh=False)
    flt = note_filter(folder, tag, kind, False, where)
    if from_note is not None:
        only = read_fresh(opened, lambda o: _selected(o, flt), overlap=False)
        _from_note(opened, from_note, only, sort, output)
        return
    from vaultkit.index.fulltext import has_trigrams
    from vaultkit.search import search

    assert tree is not None
    if limit is None:
        limit = HUMAN_LIMIT  # machine output is always complete
    paths_only = output.format == "paths" and not output.count  # no line or column needed

    def run(opened: Any) -> list[Any]:
        _announce_first_search(opened)
        return search(
            opened,
            tree,
            only=_selected(opened, flt),
            sort=sort,
            match_case=match_case,
            positions=not paths_only,
            shown=None if output.machine else limit,  # a terminal shows the first `limit` notes
        )

    # The first search builds the trigram index (a write): it runs after the refresh.
    # Every later one runs while child processes check the files against the index.
    results = read_fresh(opened, run, overlap=has_trigrams(opened.conn))
    _emit(opened, results, output, limit=limit, context=context)
    if not results:
        raise typer.Exit(1)


def _announce_first_search(opened: Any) -> None:
    """On a terminal, say that this search builds the trigram index (once per index file:
    about 26 s at 100k notes), so that a long first search does not look like a hang."""
    import os
    import sys

    from vaultkit.search.engine import first_search_notice

    if not sys.stderr.isatty() or os.environ.get("VAULTKIT_NO_PROGRESS"):
        return
    notice = first_search_notice(opened)
    if notice:
        from vaultkit.render import console

        console(stderr=True).print(notice, style="dim", markup=False)


def _selected(opened: Any, flt: Any) -> set[str] | None:
    """Paths the filters select (None: no filter)."""
    if flt.empty:
        return None
    from vaultkit.filters import select_notes, select_paths

    if flt.where:
        return {note.path for note in select_notes(opened, flt)}
    return set(select_paths(opened, flt))


def _emit(
    opened: Any, results: list[Any], output: OutputOptions, *, limit: int | None, context: int
) -> None:
    """Print ``results``: rows one per match (a note matched by its path or a property
    alone gets one row with the match columns empty); --json/--jsonl one object per note."""
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.search import (
        SEARCH_CSV_HEADERS,
        render_search,
        search_csv_rows,
        search_json,
        write_search_json,
    )
    from vaultkit.search.note_queries import note_lines

    if output.format == "json" and not output.count:
        import sys

        write_search_json(results, sys.stdout)  # emit_json's text, written 3x faster
        return
    # Built only for JSON: at 100k notes a common word matches thousands of notes, and
    # their documents cost more than the search (1.1 s of 2.4 s for --paths).
    wanted = output.format in ("json", "jsonl") and not output.count
    document = search_json(results) if wanted else None
    emit(
        Listing(
            SEARCH_CSV_HEADERS,
            search_csv_rows(results),
            lambda out: render_search(
                results,
                out,
                limit=limit,
                context=context,
                lines_of=lambda path: note_lines(opened, path),
            ),
            document=document,
            items=document,
        ),
        output,
    )


def _from_note(
    opened: Any, name: str, only: set[str] | None, sort: str, output: OutputOptions
) -> None:
    from vaultkit.render import console, emit_json
    from vaultkit.render.search import render_search, search_json
    from vaultkit.search.note_queries import run_note_queries

    json_ = output.format == "json" and not output.count
    if output.machine and not json_:
        raise VaultkitError("--from-note prints a table or --json; other formats need one query")
    path, blocks = run_note_queries(opened, name, only=only, sort=sort)
    out, err = console(), console(stderr=True)
    failed = False
    if json_:
        emit_json(
            [
                {
                    "line": b.line,
                    "query": b.query,
                    "results": search_json(b.results),
                    "error": b.error,
                }
                for b in blocks
            ]
        )
    for block in blocks:
        if block.error:
            failed = True
            err.print(f"error: {path}:{block.line}: {block.error}", markup=False, soft_wrap=True)
        elif not json_:
            out.print(f"{path}:{block.line}: {block.query}", style="bold", markup=False)
            render_search(block.results, out)
    if not blocks:
        err.print(f"{path} has no ```query block", markup=False)
    if failed:
        raise typer.Exit(2)
    if not any(block.results for block in blocks):
        raise typer.Exit(1)


def _search_command_class() -> type:
    from typer._click.exceptions import NoSuchOption
    from typer.core import TyperCommand

    class SearchCommand(TyperCommand):
        """``search``, whose query may start with ``-`` (an exclusion, as Obsidian's Search
        page writes ``-work``): the parser takes that for an option, so its error says to
        put the query after ``--``."""

        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
            given = list(args)  # the parser consumes ``args``
            try:
                return super().parse_args(ctx, args)
            except NoSuchOption as error:
                name = error.option_name
                word = next((a for a in given if a.startswith(name)), name)
                if not name.startswith("--"):
                    error.message = (
                        f"No such option: {name}. A query that starts with - (an exclusion)"
                        f" goes after --: vaultkit search -- '{word}'"
                    )
                raise

    return SearchCommand


def register(app: typer.Typer) -> None:
    """Add ``search`` to ``app``."""
    app.command("search", cls=_search_command_class())(search_command)
