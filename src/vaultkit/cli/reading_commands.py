"""``vaultkit read`` (a note's lines, numbered) and ``vaultkit resolve`` (what a link opens)."""

from __future__ import annotations

from typing import Annotated

import typer

from vaultkit.cli.common import IndexOption, JsonOption, VaultOption, open_index


def read_command(
    note: Annotated[str, typer.Argument(help="Note name, path, alias or title.")],
    start: Annotated[int, typer.Option("--start", min=1, help="First line to print.")] = 1,
    lines: Annotated[
        int | None, typer.Option("--lines", "-n", min=1, help="Print at most this many lines.")
    ] = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    json_: JsonOption = False,
) -> None:
    """Print a note's lines with their numbers (the numbers `links` reports), with its
    frontmatter, tags and outline in --json."""
    from vaultkit.reading import read_note
    from vaultkit.render import console, emit_json
    from vaultkit.render.reading import render_page

    page = read_note(open_index(vault, index), note, start, lines)
    if json_:
        emit_json(page)
    else:
        render_page(page, console())


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
    json_: JsonOption = False,
) -> None:
    """Which file a [[link]] opens in Obsidian, and every file sharing its name; exit 1 when
    it opens none (clicking it would create a note)."""
    from vaultkit.reading import resolve_link
    from vaultkit.render import console, emit_json
    from vaultkit.render.reading import render_resolution

    found = resolve_link(open_index(vault, index), link, from_)
    if json_:
        emit_json(found)
    else:
        render_resolution(found, console())
    if found.resolved is None:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``read`` and ``resolve`` to ``app``."""
    app.command("read")(read_command)
    app.command("resolve")(resolve_command)
