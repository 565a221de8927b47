"""The one output option set (README "Output options"), declared once: ``output_options``
adds the options to a command, ``adopt_output_options`` gives them to every command that
declares ``output: OutputOptions = DEFAULT_OUTPUT`` and puts --vault/--index first in every
command's help; ``vaultkit.render.output.emit`` prints the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from vaultkit.render.output import OutputOptions

F = TypeVar("F", bound=Callable[..., Any])
GLOBAL_OPTIONS = ("vault", "index")
"""Options every command takes (also before the command); read by cli.common.open_index."""

DEFAULT_OUTPUT = OutputOptions()
"""The default of a command's ``output`` parameter (output_options always passes one)."""


_FORMAT_HELP = {
    "table": "a table for people (the default)",
    "json": "one JSON document (shape in the README)",
    "jsonl": "JSON Lines, one object a line",
    "csv": "CSV",
    "tsv": "tab-separated values",
    "paths": "note paths only, one a line (for xargs)",
    "md": "Markdown to paste into the vault",
    "text": "file:line:col lines for editors and CI",
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
        if fmt in ("text", "full") and fmt not in offered:  # names used before the shared set
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
