"""What every command shares: options declared once, opening the vault, error handling."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from vaultkit.cli.output_options import DEFAULT_OUTPUT as DEFAULT_OUTPUT
from vaultkit.cli.output_options import GLOBAL_OPTIONS
from vaultkit.cli.output_options import adopt_output_options as adopt_output_options
from vaultkit.cli.output_options import output_options as output_options
from vaultkit.cli.output_options import parse_output as parse_output
from vaultkit.errors import VaultkitError
from vaultkit.render.output import OutputOptions as OutputOptions

T = TypeVar("T")

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
    """The root command group: turns vaultkit errors into a message and exit code 2 (index
    faults and unforeseen errors through ``vaultkit.cli.faults``); bare ``vaultkit`` prints
    its help and exits 0."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reflow_help(self)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(0)
        if not ctx.resilient_parsing:
            refuse_repeated_globals(ctx, args)
        return super().parse_args(ctx, args)

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
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(0) from None


def reflow(text: str) -> str:
    """Help text with the line breaks of the source code removed inside paragraphs (the
    help formatter wraps to the terminal itself)."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def literal_brackets(text: str) -> str:
    """Help text with every ``[word]`` that rich would take for a style tag escaped, so that
    ``[[link]]`` or ``[suggest]`` shows as written (rich's tag syntax, rich/markup.py)."""
    import re

    return re.sub(r"(?<!\\)\[(?=[a-z#/@][^\[\]]*\])", r"\\[", text)


def _reflow_help(command: Any) -> None:
    if command.help:
        command.help = literal_brackets(reflow(command.help))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = literal_brackets(param.help)
    for sub in getattr(command, "commands", {}).values():
        _reflow_help(sub)


def silence_stdout() -> None:
    """After the reader of stdout went away (``vaultkit notes | head``): send what is left
    to the null device, so that ending the program stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def typed_value(name: str, value: Any) -> Any:
    """The value of a global option wherever it was typed on the command line: after the
    command, after its group or after ``vaultkit``. Two different values are a usage error;
    none typed leaves ``value`` (from the environment or the default)."""
    from typer._click.core import ParameterSource
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    typed: dict[str, Any] = {}
    while ctx is not None:
        if name in ctx.params and ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
            typed[ctx.command_path] = ctx.params[name]
        ctx = ctx.parent
    if len({str(v) for v in typed.values()}) > 1:
        from typer._click.exceptions import UsageError

        where = "; ".join(f"{v} after '{k}'" for k, v in reversed(typed.items()))
        raise UsageError(f"--{name} given twice with different values ({where}): give it once")
    if not typed:
        return value
    found = next(iter(typed.values()))
    return Path(found) if isinstance(found, str) else found


def refuse_repeated_globals(ctx: Any, args: list[str]) -> None:
    """--vault or --index typed twice with different values anywhere on the command line
    (also twice after the same word, where the parser would keep the last) is a usage
    error, as ``typed_value`` says across words."""
    from typer._click.exceptions import UsageError

    seen: dict[str, str] = {}
    words = iter(args)
    for word in words:
        if word == "--":
            return
        for name in GLOBAL_OPTIONS:
            flag = f"--{name}"
            if word == flag:
                value = next(words, None)
            elif word.startswith(f"{flag}="):
                value = word[len(flag) + 1 :]
            else:
                continue
            if value is None:
                continue
            value = str(Path(value))
            if seen.setdefault(name, value) != value:
                raise UsageError(
                    f"{flag} given twice with different values ({seen[name]}, then {value}):"
                    " give it once",
                    ctx,
                )


def pass_group_options(ctx: Any) -> None:
    """In a group's callback before a subcommand: hand the group options typed after the
    group to the subcommand when it has them (``tags --folder X audit``), and refuse the
    others with a message naming where they go. Global options are read by open_index."""
    from typer._click.core import ParameterSource
    from typer._click.exceptions import UsageError

    name = ctx.invoked_subcommand
    sub = ctx.command.get_command(ctx, name) if name else None
    if sub is None:
        return
    takes = {p.name for p in sub.params}
    inherited: dict[str, Any] = {}
    for param in ctx.command.params:
        if param.name in GLOBAL_OPTIONS or param.name not in ctx.params:
            continue
        if ctx.get_parameter_source(param.name) is not ParameterSource.COMMANDLINE:
            continue
        if param.name not in takes:
            raise UsageError(
                f"{param.opts[0]} is an option of '{ctx.command_path}' itself, not of"
                f" '{ctx.command_path} {name}': give it as '{ctx.command_path}"
                f" {param.opts[0]} ...' without '{name}'",
                ctx,
            )
        inherited[param.name] = ctx.params[param.name]
    if inherited:
        ctx.default_map = {**(ctx.default_map or {}), name: inherited}


def note_filter(
    folder: str | None = None,
    tag: str | None = None,
    kind: str | None = None,
    untagged: bool = False,
    where: str | None = None,
    index: Any = None,
) -> Any:
    """The shared NoteFilter from the shared options; with ``index``, an unknown ``--kind``
    is refused (exit 2) before anything is selected."""
    from vaultkit.filters import NoteFilter

    if index is not None and kind is not None:
        from vaultkit.filter_checks import check_kind

        check_kind(index, kind)
    return NoteFilter(folder=folder, tag=tag, kind=kind, untagged=untagged, where=where)


def explain_empty(index: Any, flt: Any) -> None:
    """When a filter selected nothing, say on stderr which part of it cannot match."""
    if flt.empty:
        return
    from vaultkit.filter_checks import why_empty
    from vaultkit.render import console

    err = console(stderr=True)
    for reason in why_empty(index, flt):
        err.print(f"warning: {reason}", style="yellow", markup=False)


def typed_note(root: Path, text: str) -> str:
    """A note argument as the index looks it up (vaultkit.naming.typed_note)."""
    from vaultkit.naming import typed_note as normalized

    return normalized(root, text)


def typed_notes(root: Path, texts: list[str] | None) -> list[str]:
    """Each note argument as the index looks it up."""
    return [typed_note(root, text) for text in texts or []]


def stdin_is_terminal() -> bool:
    """Whether a person can answer a question (never in CI)."""
    return sys.stdin is not None and sys.stdin.isatty()


def open_index(
    vault: Path | None,
    index: Path | None,
    jobs: int | None = None,
    rebuild: bool = False,
    report_problems: bool = True,
    trust: bool = True,
    refresh: bool = True,
) -> Any:
    """Find the vault, open its index and refresh it; problems met while parsing go to
    stderr (each file's once, when it is parsed). With ``trust``, a live ``vaultkit watch``
    that says the index is fresh spares the refresh (vaultkit.live.trust). Without
    ``refresh``, the index is only opened (for ``read_fresh``)."""
    from vaultkit.cli.faults import opened_indexes
    from vaultkit.index import Index
    from vaultkit.vault import find_root, vault_notice

    vault, index = typed_value("vault", vault), typed_value("index", index)
    root = find_root(vault)
    notice = vault_notice(vault, root)
    if notice:
        from vaultkit.render import console

        console(stderr=True).print(notice, style="yellow", markup=False)
    opened = Index.open(root, index)
    opened_indexes.append(opened)
    warnings = [*getattr(opened.config, "warnings", ()), *opened.warnings]
    if warnings:
        from vaultkit.render import console

        err = console(stderr=True)
        for warning in warnings:
            err.print(f"warning: {warning}", style="yellow", markup=False)
    if not refresh:
        return opened
    if trust and not rebuild and not opened.rebuilt and _watcher_vouches(opened):
        return opened
    refresh_index(opened, jobs, rebuild, report_problems)
    return opened


def refresh_index(
    opened: Any, jobs: int | None = None, rebuild: bool = False, report_problems: bool = True
) -> Any:
    """Refresh ``opened`` (with a progress bar when a person watches a long parse), print
    the problems met while parsing, and return the stats."""
    stats = _refresh(opened, jobs, rebuild)
    if stats.problems and report_problems:
        from vaultkit.render import console, print_problems

        print_problems(stats.problems, console(stderr=True))
    opened.last_refresh = stats
    return stats


def read_fresh(
    opened: Any, read: Callable[[Any], T], jobs: int | None = None, overlap: bool = True
) -> T:
    """``read(opened)`` for the vault as it is, on an index from ``open_index(...,
    refresh=False)``: trusted as it stands when a live watcher vouches for it, else read
    while child processes check the files against it, and read again after a refresh
    only when they find a change (vaultkit.index.speculative). ``read`` must not write
    (nor print: it may run twice); without ``overlap`` it runs once, after the refresh."""
    if not opened.rebuilt and _watcher_vouches(opened):
        return read(opened)
    if not overlap:
        refresh_index(opened, jobs)
        return read(opened)
    from vaultkit.index.speculative import read_fresh as speculate

    done = speculate(opened, read, refresh=lambda: refresh_index(opened, jobs))
    opened.last_refresh = done.stats
    return done.value


def _watcher_vouches(opened: Any) -> bool:
    """Whether a live watcher of this vault says the index is fresh (waiting briefly while
    it refreshes); ``VAULTKIT_TRUST_WATCHER=0`` always scans."""
    if os.environ.get("VAULTKIT_TRUST_WATCHER", "1") == "0":
        return False
    from vaultkit.live.trust import trust_watcher

    return trust_watcher(opened.path, opened.root)


def progress_bar(out: Any) -> Any:
    """The bar shown on stderr while a large refresh parses: "Indexing", bar, done/total,
    time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=out,
        transient=True,
    )


def _refresh(opened: Any, jobs: int | None, rebuild: bool) -> Any:
    """Refresh with a progress bar when a person watches a long parse."""
    if not sys.stderr.isatty() or os.environ.get("VAULTKIT_NO_PROGRESS"):
        return opened.refresh(jobs=jobs, rebuild=rebuild)
    from vaultkit.render import console

    progress = progress_bar(console(stderr=True))
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
