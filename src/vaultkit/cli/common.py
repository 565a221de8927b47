"""What every command shares: options declared once, opening the vault, error handling."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from vaultkit.errors import VaultkitError
from vaultkit.render.output import OutputOptions as OutputOptions

F = TypeVar("F", bound=Callable[..., Any])

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
    """The root command group: turns vaultkit errors into a message and exit code 2; bare
    ``vaultkit`` prints its help and exits 0."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _reflow_help(self)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
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


def _reflow_help(command: Any) -> None:
    if command.help:
        command.help = reflow(command.help)
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


GLOBAL_OPTIONS = ("vault", "index")
"""Options every command takes, also before the command (``vaultkit --vault X links Y``)."""


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
) -> Any:
    """Find the vault, open its index and refresh it; problems met while parsing go to
    stderr (each file's once, when it is parsed)."""
    from vaultkit.index import Index
    from vaultkit.vault import find_root, vault_notice

    vault, index = typed_value("vault", vault), typed_value("index", index)
    root = find_root(vault)
    notice = vault_notice(vault, root)
    if notice:
        from vaultkit.render import console

        console(stderr=True).print(notice, style="yellow", markup=False)
    opened = Index.open(root, index)
    err = None
    warnings = [*getattr(opened.config, "warnings", ()), *opened.warnings]
    if warnings:
        from vaultkit.render import console

        err = console(stderr=True)
        for warning in warnings:
            err.print(f"warning: {warning}", style="yellow", markup=False)
    stats = _refresh(opened, jobs, rebuild)
    if stats.problems and report_problems:
        from vaultkit.render import console, print_problems

        print_problems(stats.problems, err or console(stderr=True))
    opened.last_refresh = stats
    return opened


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


DEFAULT_OUTPUT = OutputOptions()
"""The default of a command's ``output`` parameter (output_options always passes one)."""


# -- the output option set --------------------------------------------------------------------

_FORMAT_HELP = {
    "table": "a table for people (the default)",
    "json": "one JSON document (shape in the README)",
    "jsonl": "JSON Lines, one object a line",
    "csv": "CSV",
    "tsv": "tab-separated values",
    "paths": "note paths only, one a line (for xargs)",
    "md": "Markdown to paste into the vault",
}
_FLAGS = ("json", "jsonl", "csv", "tsv", "paths")


def output_options(*formats: str) -> Callable[[F], F]:
    """Give a command the shared output options (README "Output options"): ``--format``
    and one flag per machine format it offers (``formats``, default all but ``md``), with
    ``-0`` for ``--paths``, ``--no-headers`` for CSV/TSV and ``--count``. The command
    declares a parameter ``output: OutputOptions`` and receives them parsed; conflicting
    flags are a usage error."""
    import functools
    import inspect

    offered = ("table", *(formats or ("json", "jsonl", "csv", "tsv", "paths")))

    def option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
        return inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
        )

    added = [
        option(
            "output_format",
            Annotated[
                str | None,
                typer.Option(
                    "--format",
                    metavar="FORMAT",
                    help="Output format: " + ", ".join(offered) + " (see the README).",
                    show_default=False,
                ),
            ],
            None,
        )
    ]
    for flag in _FLAGS:
        if flag in offered:
            help_ = f"Print {_FORMAT_HELP[flag]}."
            added.append(
                option(
                    f"output_{flag}", Annotated[bool, typer.Option(f"--{flag}", help=help_)], False
                )
            )
    if "paths" in offered:
        help_ = "With --paths: end each path with NUL, not a newline (xargs -0)."
        added.append(
            option("output_null", Annotated[bool, typer.Option("--null", "-0", help=help_)], False)
        )
    if "csv" in offered or "tsv" in offered:
        help_ = "With --csv or --tsv: leave out the header row."
        added.append(
            option(
                "output_no_headers",
                Annotated[bool, typer.Option("--no-headers", help=help_)],
                False,
            )
        )
    if "paths" in offered or "csv" in offered:
        help_ = "Print only the number of rows (of notes, tags, findings...)."
        added.append(
            option("output_count", Annotated[bool, typer.Option("--count", help=help_)], False)
        )

    def decorate(func: F) -> F:
        signature = inspect.signature(func, eval_str=True)
        kept = _ordered([p for p in signature.parameters.values() if p.name != "output"])

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {p.name: kwargs.pop(p.name, p.default) for p in added}
            kwargs["output"] = parse_output(given, offered)
            return func(*args, **kwargs)

        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*kept, *added]
        )
        wrapper.__annotations__ = {p.name: p.annotation for p in [*kept, *added]}
        wrapper.vaultkit_output_options = True  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def adopt_output_options(app: typer.Typer) -> None:
    """Apply the shared conventions to every command of ``app`` and of its groups: a command
    that declares ``output: OutputOptions = DEFAULT_OUTPUT`` gets the output options (as
    ``@output_options()`` would: a new listing command needs only that one parameter), and
    ``--vault``/``--index`` come first among every command's options in its help."""
    import inspect

    def adopt(callback: Any) -> Any:
        if callback is None:
            return callback
        if not getattr(callback, "vaultkit_output_options", False):
            parameter = inspect.signature(callback).parameters.get("output")
            if parameter is not None and parameter.default is DEFAULT_OUTPUT:
                return output_options()(callback)
        return _globals_first(callback)

    for info in app.registered_commands:
        info.callback = adopt(info.callback)
    if app.registered_callback is not None:
        app.registered_callback.callback = adopt(app.registered_callback.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            adopt_output_options(group.typer_instance)


def _ordered(parameters: list[Any]) -> list[Any]:
    """Parameters without a default first (arguments keep their order), then --vault and
    --index, then the rest: Typer passes them by name, so their order is free."""
    import inspect

    first = [p for p in parameters if p.default is inspect.Parameter.empty]
    globals_ = [p for p in parameters if p.name in GLOBAL_OPTIONS and p not in first]
    return first + globals_ + [p for p in parameters if p not in first and p not in globals_]


def _globals_first(callback: Any) -> Any:
    """``callback`` with --vault and --index first among its options (unchanged if so)."""
    import functools
    import inspect

    signature = inspect.signature(callback, eval_str=True)
    parameters = list(signature.parameters.values())
    ordered = _ordered(parameters)
    if ordered == parameters:
        return callback

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return callback(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=ordered)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in ordered}
    return wrapper


def parse_output(given: dict[str, Any], offered: tuple[str, ...]) -> Any:
    """The OutputOptions from the parsed flags, or a usage error naming the conflict."""
    from typer._click.exceptions import UsageError

    chosen: dict[str, str] = {}
    fmt = given.get("output_format")
    if fmt is not None:
        fmt = fmt.lower()
        if fmt == "text":  # the name reports used before the shared set
            fmt = "table"
        if fmt not in offered:
            raise UsageError(f"--format {fmt}: choose one of {', '.join(offered)}")
        chosen[f"--format {fmt}"] = fmt
    for flag in _FLAGS:
        if given.get(f"output_{flag}"):
            chosen[f"--{flag}"] = flag
    if len(set(chosen.values())) > 1:
        raise UsageError(f"{' and '.join(chosen)} cannot be combined: choose one output format")
    final = next(iter(chosen.values()), "table")
    count = bool(given.get("output_count"))
    if count and chosen:
        raise UsageError(f"--count cannot be combined with {' or '.join(chosen)}")
    null = bool(given.get("output_null"))
    if null and final != "paths":
        raise UsageError("-0 (--null) goes with --paths")
    no_headers = bool(given.get("output_no_headers"))
    if no_headers and final not in ("csv", "tsv"):
        raise UsageError("--no-headers goes with --csv or --tsv")
    return OutputOptions(format=final, null=null, headers=not no_headers, count=count)
