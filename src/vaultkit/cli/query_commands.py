"""``vaultkit query``: Dataview queries (DQL) from the terminal, over the index."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    IndexOption,
    OutputOptions,
    VaultOption,
    open_index,
    output_options,
    stdin_is_terminal,
    typed_note,
)
from vaultkit.cli.completion import complete_note
from vaultkit.errors import VaultkitError


def _query_text(query: str | None, file: Path | None, from_note: str | None) -> str | None:
    """The query from the argument, ``--file`` or standard input (None for --from-note)."""
    given = [x for x in (query, file, from_note) if x is not None]
    if len(given) > 1:
        raise VaultkitError("give one of: a query, --file, --from-note")
    if from_note is not None:
        return None
    if file is not None:
        try:
            return file.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise VaultkitError(f"cannot read {file}: {error.strerror or error}") from None
    if query is not None:
        return query
    if stdin_is_terminal():
        raise VaultkitError(
            "no query: give one as an argument, with --file Q.dql, or on standard input"
        )
    return sys.stdin.read()


@output_options()
def query_command(
    query: Annotated[
        str | None,
        typer.Argument(
            help="A Dataview query, e.g. 'TABLE author, rating FROM \"Readings\" SORT rating DESC'."
        ),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the query from this file.")
    ] = None,
    from_note: Annotated[
        str | None,
        typer.Option(
            "--from-note",
            help="Run every ```dataview block of this note (name or path).",
            autocompletion=complete_note,
        ),
    ] = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Run a Dataview query (LIST, TABLE, TASK) over the vault, as Dataview would in Obsidian.

    The query comes from the argument, --file, or standard input; --from-note runs the
    ```dataview blocks of a note. Syntax errors point at the place with a caret (exit 2).
    """
    from vaultkit.query import parse_query, run_query
    from vaultkit.render import console
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.query import csv_table, render_result

    if from_note is not None and (output.count or output.format not in ("table", "json")):
        raise VaultkitError("--from-note runs several queries: print them as a table or --json")
    text = _query_text(query, file, from_note)
    parsed = parse_query(text) if text is not None else None
    opened = open_index(vault, index)
    err = console(stderr=True)
    if from_note is not None:
        _from_note(opened, from_note, output.format == "json")
        return
    assert parsed is not None
    result = run_query(opened, parsed)
    for warning in result.warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False, soft_wrap=True)
    headers, rows = csv_table(result)
    emit(
        Listing(
            headers,
            rows,
            lambda out: render_result(result, out),
            document=result.to_json(),
            path_column=headers[0] if headers else "path",
        ),
        output,
    )


def _from_note(opened: Any, name: str, json_: bool) -> None:
    from vaultkit.query.run import run_note_blocks
    from vaultkit.render import console, emit_json
    from vaultkit.render.query import note_queries_json, render_note_queries

    report = run_note_blocks(opened, typed_note(opened.root, name))
    err = console(stderr=True)
    for block in report.blocks:
        for warning in block.result.warnings if block.result else []:
            err.print(
                f"warning: {report.path}:{block.line}: {warning}", style="yellow", markup=False
            )
    if json_:
        emit_json(note_queries_json(report))
        for block in report.blocks:
            if block.error:
                err.print(f"error: {report.path}:{block.line}: {block.error}", markup=False)
    else:
        render_note_queries(report, console(), err)
    if report.failed:
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``query`` to ``app``."""
    app.command("query")(query_command)
