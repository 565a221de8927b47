"""``vaultkit base``: Obsidian Bases from the terminal, over the index."""

from __future__ import annotations

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
    typed_note,
)
from vaultkit.errors import VaultkitError

MdOption = Annotated[
    bool, typer.Option("--md", help="Print a Markdown table ready to paste (--format md).")
]


def _with_md(output: OutputOptions, md: bool) -> OutputOptions:
    """``output``, or --format md when --md was given (alone)."""
    from dataclasses import replace

    if not md:
        return output
    if output.machine and output.format != "md":
        raise VaultkitError("--md cannot be combined with another output format")
    return replace(output, format="md")


@output_options("json", "jsonl", "csv", "tsv", "paths", "md")
def base_command(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="FILE.base|NOTE",
            help="A .base file (a path, or its name in the vault), or a note whose ```base"
            " blocks and ![[File.base#View]] embeds to run.",
        ),
    ] = None,
    view: Annotated[
        str | None, typer.Option("--view", help="The view to run. Default: the first.")
    ] = None,
    list_views: Annotated[
        bool, typer.Option("--list-views", help="List the base's views and exit.")
    ] = False,
    eval_: Annotated[
        str | None,
        typer.Option("--eval", help="Evaluate one expression (to debug a formula) and exit."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="With --eval: the note that is `this`.")
    ] = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    md: MdOption = False,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Run an Obsidian base headless: the rows of a view of FILE.base, as the app shows them.

    Filters, formulas, sort, limit, groupBy and summaries follow Obsidian's Bases docs;
    `this` is the base file, or the note embedding it. A note runs its ```base blocks and
    ![[File.base#View]] embeds. Errors name the file and line, with a caret (exit 2).
    """
    fmt = _with_md(output, md)
    if eval_ is not None:
        _evaluate(eval_, note, target, vault, index, fmt)
        return
    if target is None:
        raise VaultkitError("give a .base file or a note (or --eval EXPR)")
    if note is not None:
        raise VaultkitError("--note goes with --eval")
    opened = open_index(vault, index)
    if target.lower().endswith(".base") or _names_only_a_base(opened, target):
        _base_file(opened, target, view, list_views, fmt)
    else:
        if list_views:
            raise VaultkitError("--list-views needs a .base file")
        _note(opened, typed_note(opened.root, target), view, fmt)


def _names_only_a_base(opened: Any, target: str) -> bool:
    """``Readings`` where no note answers to it but ``Readings.base`` exists (the name a
    ``![[Readings.base]]`` embed shows): the base file is meant."""
    if opened.lookup_notes(target):
        return False
    from vaultkit.bases.run import find_base

    try:
        find_base(opened, target + ".base")
    except VaultkitError:
        return False
    return True


def _emit(result: Any, fmt: OutputOptions) -> None:
    """Print one view's result: rows one per row of the view, its columns as shown."""
    from vaultkit.render.bases import markdown_table, render_result
    from vaultkit.render.output import Listing, emit

    if fmt.format == "paths" and not fmt.count:
        end = "\0" if fmt.null else "\n"
        typer.echo("".join(row.path + end for row in result.rows), nl=False)
        return
    headers, rows = result.table()
    document = result.to_json()
    emit(
        Listing(
            headers,
            rows,
            lambda out: render_result(result, out),
            document=document,
            items=document["rows"],
            markdown=lambda: markdown_table(result),
        ),
        fmt,
    )


def _warn(result: Any) -> None:
    from vaultkit.render import console

    err = console(stderr=True)
    for warning in result.warnings:
        err.print(f"warning: {warning}", style="yellow", soft_wrap=True)


def _base_file(
    opened: Any, target: str, view: str | None, list_views: bool, fmt: OutputOptions
) -> None:
    from vaultkit.bases import open_base, run_base
    from vaultkit.render import emit_json

    base, vault_path = open_base(opened, target)
    if list_views:
        views = [{"name": v.name, "type": v.type} for v in base.views]
        if fmt.format == "json" and not fmt.count:
            emit_json(views)
        else:
            typer.echo("".join(f"{v['name']}\t{v['type']}\n" for v in views), nl=False)
        return
    result = run_base(opened, base, view, vault_path)
    _warn(result)
    _emit(result, fmt)


def _note(opened: Any, target: str, view: str | None, fmt: OutputOptions) -> None:
    from vaultkit.bases import run_note_bases
    from vaultkit.query.run import _one_note
    from vaultkit.render import console, emit_json
    from vaultkit.render.bases import note_bases_json

    path = _one_note(opened, target)
    report = run_note_bases(opened, path, view)
    err = console(stderr=True)
    if not report.bases:
        raise VaultkitError(f"{path} has no ```base block and no ![[….base]] embed")
    json_ = fmt.format == "json" and not fmt.count
    if json_:
        emit_json(note_bases_json(report))
    for embedded in report.bases:
        if embedded.error:
            err.print(f"error: {embedded.source}: {embedded.error}", style="red", soft_wrap=True)
            continue
        assert embedded.result is not None
        _warn(embedded.result)
        if json_:
            continue
        if not fmt.machine:
            console().print(f"{embedded.source}", style="dim")
        elif len(report.bases) > 1:
            err.print(f"# {embedded.source}", style="dim")
        _emit(embedded.result, fmt)
    if report.failed:
        raise typer.Exit(2)


def _evaluate(
    expression: str,
    note: str | None,
    target: str | None,
    vault: Path | None,
    index: Path | None,
    fmt: OutputOptions,
) -> None:
    from vaultkit.bases import evaluate_expression
    from vaultkit.bases.parser import parse_expression
    from vaultkit.bases.values import text
    from vaultkit.render import emit_json
    from vaultkit.render.bases import value_json

    if target is not None:
        raise VaultkitError("--eval takes no file; name the note with --note")
    json_ = fmt.format == "json" and not fmt.count
    if fmt.machine and not json_:
        raise VaultkitError("--eval prints text or --json")
    parse_expression(expression)
    opened = None
    path = None
    if note is not None or vault is not None:
        from vaultkit.query.run import _one_note

        opened = open_index(vault, index)
        path = _one_note(opened, typed_note(opened.root, note)) if note is not None else None
    value = evaluate_expression(opened, expression, path)
    if json_:
        emit_json(value_json(value))
    else:
        typer.echo(text(value))


def register(app: typer.Typer) -> None:
    """Add ``base`` to ``app``."""
    app.command("base")(base_command)
