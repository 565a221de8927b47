"""The root ``vaultkit`` command: registers each command group's module."""

from __future__ import annotations

from typing import Annotated

import typer

from vaultkit.cli import (
    check_commands,
    core_commands,
    graph_commands,
    query_commands,
    report_commands,
    tags_commands,
)
from vaultkit.cli.common import VaultkitGroup

app = typer.Typer(
    cls=VaultkitGroup,
    name="vaultkit",
    help="Read an Obsidian vault exactly as Obsidian does: links, tags, meetings, readings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from vaultkit import __version__

        typer.echo(f"vaultkit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Read an Obsidian vault exactly as Obsidian does: links, tags, meetings, readings."""


core_commands.register(app)
report_commands.register(app)
tags_commands.register(app)
query_commands.register(app)
graph_commands.register(app)
check_commands.register(app)


def main() -> None:
    """Console entry point; a closed pipe (``vaultkit notes --json | head``) ends quietly."""
    import os
    import sys

    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
