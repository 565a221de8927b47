"""The one place results become output: rich tables and trees, JSON, JSON Lines and CSV.

This package holds every renderer: the shared writers here, one module per command group
(``core`` for index/notes/links, and one each for tags, reports and queries). Machine
output goes to stdout; messages, progress and problems go to stderr. Colour is used only
on a terminal, and never when NO_COLOR is set (rich honours it).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.model import Problem


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from dataclasses, enums, tuples and paths: one serializer for all."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def emit_json(value: Any, stream: IO[str] | None = None) -> None:
    """Write one JSON document."""
    out = stream or sys.stdout
    json.dump(to_jsonable(value), out, ensure_ascii=False, indent=2)
    out.write("\n")


def emit_json_array(values: Iterable[Any], stream: IO[str] | None = None) -> int:
    """Write one JSON array as its items come (flat memory however many): the same text
    ``emit_json`` gives for the whole list. Returns how many items were written."""
    out = stream or sys.stdout
    count = 0
    for value in values:
        item = json.dumps(to_jsonable(value), ensure_ascii=False, indent=2)
        out.write(("[\n" if count == 0 else ",\n") + "  " + item.replace("\n", "\n  "))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def emit_jsonl(values: Iterable[Any], stream: IO[str] | None = None) -> None:
    """Write one compact JSON object per line."""
    out = stream or sys.stdout
    for value in values:
        out.write(json.dumps(to_jsonable(value), ensure_ascii=False))
        out.write("\n")


def emit_csv(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], stream: IO[str] | None = None
) -> None:
    """Write a CSV table with a header row."""
    writer = csv.writer(stream or sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])


OFF_TERMINAL_WIDTH = 100_000
"""Off a terminal nothing is wrapped: lines are as long as their content."""


class _TrimmedLines:
    """A text stream that drops the spaces at the end of each line (rich pads table cells
    and titles to the table's width)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.stream.write("\n".join(line.rstrip(" ") for line in lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.stream.fileno()


def is_terminal(stream: IO[str]) -> bool:
    """Whether a person reads ``stream`` (a terminal), as rich decides it."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(stderr: bool = False) -> Console:
    """A rich console; colour only on a terminal and without NO_COLOR. Markup is off:
    note text full of [brackets] is printed as written, styles come from Text objects.
    On a terminal it uses the terminal's width; off a terminal it never wraps, never pads
    and leaves no space at the end of a line (``vaultkit notes | grep x.md`` works)."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if is_terminal(stream) or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE"):
        return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False)
    return Console(
        file=_TrimmedLines(stream),  # type: ignore[arg-type]
        width=OFF_TERMINAL_WIDTH,
        highlight=False,
        soft_wrap=False,
        markup=False,
        color_system=None,
    )


def problem_line(path: str, problem: Problem) -> str:
    """One line naming the file, the line and what is wrong. A problem in a note is a
    ``warning:`` (the command goes on with the rest of the vault); ``error:`` is kept for
    a command that fails. Its severity stays in ``--json``."""
    where = f"{path}:{problem.line}" if problem.line else path
    return f"warning: {where}: {problem.message}"


def print_problems(problems: Iterable[tuple[str, Problem]], err: Console) -> None:
    """Each problem on its own line on stderr, as a ``warning:``: a note's problem never
    makes the command fail, so it never reads as an ``error:`` (JSON keeps the severity)."""
    for path, problem in problems:
        style = "yellow" if problem.severity == "warning" else "red"
        err.print(problem_line(path, problem), style=style, markup=False, soft_wrap=True)
