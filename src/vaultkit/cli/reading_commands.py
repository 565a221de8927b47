"""``vaultkit read`` (a note's lines, numbered) and ``vaultkit resolve`` (what a link opens)."""

from __future__ import annotations

from typing import Annotated

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


def read_command(
    note: Annotated[str, typer.Argument(help="Note name, path, alias or title.")],
    start: Annotated[int, typer.Option("--start", min=1, help="First line to print.")] = 1,
    lines: Annotated[
        int | None, typer.Option("--lines", "-n", min=1, help="Print at most this many lines.")
    ] = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Print a note's lines with their numbers (the numbers `links` reports), with its
    frontmatter, tags and outline in --json."""
    from vaultkit.reading import read_note
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.reading import render_page

    opened = open_index(vault, index)
    page = read_note(opened, typed_note(opened.root, note), start, lines)
    rows = [(page.path, line.line, line.text) for line in page.lines]
    listing = Listing(
        ("path", "line", "text"),
        rows,
        lambda out: render_page(page, out),
        document=page,
        items=page.lines,
    )
    emit(listing, output)


@output_options("json", "csv", "tsv", "paths")
def resolve_command(
    link: Annotated[
        str, typer.Argument(help="The link as written: '[[Name#Heading|text]]' or a name.")
    ],
    from_: Annotated[
        str | None,
        typer.Option("--from", help="The note the link is written in. Default: the vault root."),
    ] = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Which file a [[link]] opens in Obsidian, and every file sharing its name; exit 1 when
    it opens none (clicking it would create a note)."""
    from vaultkit.reading import resolve_link
    from vaultkit.render.output import Listing, emit
    from vaultkit.render.reading import render_resolution

    opened = open_index(vault, index)
    source = typed_note(opened.root, from_) if from_ is not None else None
    found = resolve_link(opened, link, source)
    row = (found.link, found.target, found.resolved, found.candidates, found.ambiguous)
    listing = Listing(
        ("link", "target", "path", "candidates", "ambiguous"),
        [row],
        lambda out: render_resolution(found, out),
        document=found,
    )
    emit(listing, output)  # --paths: the file it opens (none when it opens none)
    if found.resolved is None:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``read`` and ``resolve`` to ``app``."""
    app.command("read")(read_command)
    app.command("resolve")(resolve_command)
