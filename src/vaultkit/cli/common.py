"""What every command shares: options declared once, opening the vault, error handling."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from vaultkit.errors import VaultkitError

VaultOption = Annotated[
    Path | None,
    typer.Option(
        "--vault",
        envvar="VAULTKIT_VAULT",
        help="Vault folder. Default: $VAULTKIT_VAULT, else the nearest folder above holding"
        " .obsidian/, else the current folder.",
        show_default=False,
    ),
]
IndexOption = Annotated[
    Path | None,
    typer.Option(
        "--index",
        envvar="VAULTKIT_INDEX",
        help="Index file. Default: one file per vault in the user cache folder.",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Worker processes for parsing. Default: all cores."),
]
FolderOption = Annotated[
    str | None, typer.Option("--folder", help="Only notes below this vault folder.")
]
TagOption = Annotated[
    str | None, typer.Option("--tag", help="Only notes with this tag (nested tags included).")
]
KindOption = Annotated[
    str | None,
    typer.Option("--kind", help="Only notes of this kind: meeting, reading, resolution, clipping."),
]
UntaggedOption = Annotated[bool, typer.Option("--untagged", help="Only notes with no tag at all.")]
WhereOption = Annotated[
    str | None,
    typer.Option("--where", help="Only notes where this Dataview expression is true."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (shape in the README).")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV.")]


class VaultkitGroup(TyperGroup):
    """The root command group: turns vaultkit errors into a message and exit code 2; index
    faults and unforeseen errors are handled by ``vaultkit.cli.faults``."""

    def invoke(self, ctx: Any) -> Any:
        from vaultkit.cli.faults import run_guarded

        try:
            return run_guarded(ctx, lambda: super(VaultkitGroup, self).invoke(ctx))
        except VaultkitError as error:
            from vaultkit.render import console

            console(stderr=True).print(f"error: {error}", style="red", soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None


def note_filter(
    folder: str | None = None,
    tag: str | None = None,
    kind: str | None = None,
    untagged: bool = False,
    where: str | None = None,
) -> Any:
    """The shared NoteFilter from the shared options."""
    from vaultkit.filters import NoteFilter

    return NoteFilter(folder=folder, tag=tag, kind=kind, untagged=untagged, where=where)


def stdin_is_terminal() -> bool:
    """Whether a person can answer a question (never in CI)."""
    return sys.stdin is not None and sys.stdin.isatty()


def open_index(
    vault: Path | None,
    index: Path | None,
    jobs: int | None = None,
    rebuild: bool = False,
    report_problems: bool = True,
) -> Any:
    """Find the vault, open its index and refresh it; problems met while parsing go to
    stderr (each file's once, when it is parsed)."""
    from vaultkit.cli.faults import opened_indexes
    from vaultkit.index import Index
    from vaultkit.vault import find_root

    root = find_root(vault)
    opened = Index.open(root, index)
    opened_indexes.append(opened)
    err = None
    if opened.warnings:
        from vaultkit.render import console

        err = console(stderr=True)
        for warning in opened.warnings:
            err.print(f"warning: {warning}", style="yellow", markup=False)
    stats = _refresh(opened, jobs, rebuild)
    if stats.problems and report_problems:
        from vaultkit.render import console, print_problems

        print_problems(stats.problems, err or console(stderr=True))
    opened.last_refresh = stats
    return opened


def _refresh(opened: Any, jobs: int | None, rebuild: bool) -> Any:
    """Refresh with a progress bar when a person watches a long parse."""
    if not sys.stderr.isatty() or os.environ.get("VAULTKIT_NO_PROGRESS"):
        return opened.refresh(jobs=jobs, rebuild=rebuild)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from vaultkit.render import console

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < 200:
            return
        if task is None:
            progress.start()
            task = progress.add_task("Indexing", total=total)
        progress.update(task, completed=done)

    try:
        return opened.refresh(jobs=jobs, progress=update, rebuild=rebuild)
    finally:
        if task is not None:
            progress.stop()
