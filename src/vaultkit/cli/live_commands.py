"""``vaultkit watch`` (keep the index fresh) and ``vaultkit mcp`` (serve the vault to AI
assistants over the Model Context Protocol)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from vaultkit.cli.common import IndexOption, JobsOption, VaultOption, open_index


def watch_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Print JSON Lines, one refresh a line.")
    ] = False,
    exec_: Annotated[
        str | None,
        typer.Option(
            "--exec",
            help="Run this shell command after each refresh, e.g. 'vaultkit notes --untagged'"
            " ($VAULTKIT_VAULT and $VAULTKIT_INDEX are set for it).",
        ),
    ] = None,
    jobs: JobsOption = None,
) -> None:
    """Keep the index fresh while notes change: one refresh per batch of changes, one line
    per refresh (a move is reported as a rename). Ctrl-C stops (exit 130)."""
    from vaultkit.live.trust import LiveState, supported
    from vaultkit.render import console

    opened = open_index(vault, index, jobs, trust=False)
    out, err = console(), console(stderr=True)
    err.print(
        f"watching {opened.root} ({opened.counts().notes} notes); Ctrl-C to stop", markup=False
    )
    live = LiveState.claim(opened.path, opened.root)
    if live is None and supported():
        err.print(
            "warning: another watcher keeps this index fresh; commands keep trusting it,"
            " not this one",
            style="yellow",
            markup=False,
        )
    try:
        _watch(opened, live, jobs, json_, exec_, out, err)
    finally:
        if live is not None:
            live.close()


def _watch(
    opened: Any, live: Any, jobs: int | None, json_: bool, exec_: str | None, out: Any, err: Any
) -> None:
    """Print (and run ``--exec`` after) each refresh until stopped."""
    import datetime as dt
    import sys

    from vaultkit.live.watch import watch_index
    from vaultkit.render import emit_jsonl, print_problems
    from vaultkit.render.live import event_json, event_line

    for event in watch_index(opened, jobs=jobs, live=live):
        now = dt.datetime.now().astimezone()
        if json_:
            emit_jsonl([event_json(event, now.isoformat(timespec="seconds"))])
        else:
            out.print(event_line(event, now.strftime("%H:%M:%S")), markup=False, soft_wrap=True)
        sys.stdout.flush()
        if opened.last_refresh.problems:
            print_problems(opened.last_refresh.problems, err)
        if exec_:
            _run_after(exec_, opened, err, json_)


def _run_after(command: str, opened: Any, err: Any, json_: bool) -> None:
    """Run the ``--exec`` command (its output to stderr with --json, so that stdout stays
    JSON Lines); a failure is reported and watching goes on."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "VAULTKIT_VAULT": str(opened.root), "VAULTKIT_INDEX": str(opened.path)}
    out = sys.stderr if json_ else None
    code = subprocess.run(command, shell=True, env=env, check=False, stdout=out).returncode
    if code != 0:
        err.print(f"warning: --exec command exited with {code}", style="yellow", markup=False)


def mcp_command(
    vault: VaultOption = None,
    index: IndexOption = None,
    allow_edits: Annotated[
        bool,
        typer.Option(
            "--allow-edits",
            help="Serve tag_add, tag_remove and tag_rename too (dry_run by default).",
        ),
    ] = False,
    http: Annotated[
        int | None,
        typer.Option(
            "--http",
            min=1,
            max=65535,
            metavar="PORT",
            help="Serve streamable HTTP on 127.0.0.1:PORT (path /mcp) instead of stdio.",
        ),
    ] = None,
) -> None:
    """Serve the vault to AI assistants over the Model Context Protocol (stdio by default):
    links, notes, queries, tags, summaries and reports as tools, notes as resources."""
    import importlib.util

    from vaultkit.errors import VaultkitError

    if importlib.util.find_spec("mcp") is None:
        raise VaultkitError(
            "the MCP server needs the official MCP SDK: pip install 'vaultkit[mcp]'"
            " (or: pip install 'mcp>=2,<3')"
        )
    from vaultkit.live.mcp_server import serve

    opened = open_index(vault, index)
    serve(opened, allow_edits=allow_edits, http_port=http)


def register(app: typer.Typer) -> None:
    """Add ``watch`` and ``mcp`` to ``app``."""
    app.command("watch")(watch_command)
    app.command("mcp")(mcp_command)
