"""The root ``vaultkit`` command: registers each command group's module."""

from __future__ import annotations

import typer

from vaultkit.cli import (
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
core_commands.register(app)
report_commands.register(app)
tags_commands.register(app)
query_commands.register(app)
graph_commands.register(app)


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
