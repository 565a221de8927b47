"""The root ``vaultkit`` command: registers each command group's module."""

from __future__ import annotations

from typing import Annotated

import typer

from vaultkit.cli import (
    base_commands,
    check_commands,
    core_commands,
    graph_commands,
    live_commands,
    mention_commands,
    query_commands,
    reading_commands,
    report_commands,
    search_commands,
    tags_commands,
)
from vaultkit.cli.common import IndexOption, VaultkitGroup, VaultOption, adopt_output_options

app = typer.Typer(
    cls=VaultkitGroup,
    name="vaultkit",
    help="Read an Obsidian vault exactly as Obsidian does: links, tags, meetings, readings.",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from vaultkit import __version__

        typer.echo(f"vaultkit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    vault: VaultOption = None,
    index: IndexOption = None,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar="VAULTKIT_DEBUG",
            help="Show the traceback of an internal error (also VAULTKIT_DEBUG=1).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Read an Obsidian vault exactly as Obsidian does: links, tags, meetings, readings.

    --vault and --index may be given here, before the command, or after it.
    """
    ctx.meta["vaultkit.debug"] = debug


core_commands.register(app)
report_commands.register(app)
tags_commands.register(app)
query_commands.register(app)
graph_commands.register(app)
live_commands.register(app)
reading_commands.register(app)
base_commands.register(app)
search_commands.register(app)
mention_commands.register(app)
check_commands.register(app)

adopt_output_options(app)  # after every register(): commands with an `output` parameter


def main() -> None:
    """Console entry point; a closed pipe (``vaultkit notes --json | head``) ends quietly
    with exit code 0."""
    import sys

    from vaultkit.cli.common import silence_stdout

    code: int | str | None = 0
    try:
        app()
    except SystemExit as done:
        code = done.code
        if isinstance(done.__context__, BrokenPipeError):
            # rich (and Click) exit 1 when they meet the closed pipe themselves; a reader
            # that stopped early (`| head`) is no failure.
            silence_stdout()
            code = 0
    except BrokenPipeError:
        silence_stdout()
        code = 0
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        code = 0
    sys.exit(code)
