"""The shape of an MCP tool: one small entry each, checked arguments, paging, size bound.

A :class:`Tool` is a name, a description written for a model, its arguments and a ``run``
function that calls the same core function the CLI command calls and returns the JSON
that command prints with ``--json``. :func:`call` checks the arguments against the tool's
schema, hands ``run`` a :class:`Page`, adds ``next_cursor`` when more remains, and refuses
an answer larger than :data:`MAX_CHARS`. Nothing here imports the MCP SDK.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from vaultkit.errors import VaultkitError

if TYPE_CHECKING:
    from vaultkit.index import Index

T = TypeVar("T")

MAX_CHARS = 400_000
"""Largest answer (characters of JSON) a tool returns; past it the caller is told to narrow."""
TYPES: dict[str, type[Any]] = {"string": str, "integer": int, "boolean": bool, "array": list}


class ToolUsageError(VaultkitError):
    """A tool called with arguments it does not take, or edits that were not allowed."""


@dataclass(frozen=True)
class Arg:
    """One argument of a tool, as JSON Schema describes it."""

    name: str
    type: str
    """string, integer, boolean or array (of strings)."""
    description: str
    required: bool = False
    default: Any = None
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of this argument."""
        out: dict[str, Any] = {"type": self.type, "description": self.description}
        if self.type == "array":
            out["items"] = {"type": "string"}
        if self.enum:
            out["enum"] = list(self.enum)
        if self.default is not None:
            out["default"] = self.default
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


def cursor_args(limit: int, most: int, unit: str = "items") -> tuple[Arg, Arg]:
    """The ``cursor`` and ``limit`` arguments of a paged tool."""
    return (
        Arg("cursor", "string", "Where to go on: the next_cursor of the previous answer."),
        Arg("limit", "integer", f"At most this many {unit}.", False, limit, None, 1, most),
    )


@dataclass
class Page:
    """The slice of a long answer one call returns."""

    offset: int = 0
    limit: int = 50
    total: int | None = None
    """Set by :meth:`take` (or by the tool): how many there are in all."""
    count: int = 0

    def take(self, items: Sequence[T]) -> list[T]:
        """This page of ``items``; remembers how many there are."""
        self.total = len(items)
        chosen = list(items[self.offset : self.offset + self.limit])
        self.count = len(chosen)
        return chosen

    @property
    def next_cursor(self) -> str | None:
        """The cursor of the next page, or None after the last."""
        if self.total is None or self.offset + self.count >= self.total:
            return None
        return str(self.offset + self.count)


Run = Callable[["Index", dict[str, Any], Page], Any]


@dataclass(frozen=True)
class Tool:
    """One MCP tool: what it is called, what it answers, its arguments and how to run it."""

    name: str
    description: str
    args: tuple[Arg, ...]
    run: Run
    writes: bool = False
    """Changes notes: listed and callable only when the server allows edits."""
    paged: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "paged", any(a.name == "cursor" for a in self.args))

    def input_schema(self) -> dict[str, Any]:
        """The JSON Schema of the tool's arguments."""
        return {
            "type": "object",
            "properties": {a.name: a.schema() for a in self.args},
            "required": [a.name for a in self.args if a.required],
            "additionalProperties": False,
        }


def checked(tool: Tool, given: dict[str, Any] | None) -> dict[str, Any]:
    """``given`` checked against the tool's arguments, defaults filled in."""
    given = dict(given or {})
    known = {a.name: a for a in tool.args}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ToolUsageError(
            f"{tool.name} takes no argument {', '.join(unknown)}; it takes {', '.join(known)}"
        )
    out: dict[str, Any] = {}
    for arg in tool.args:
        value = given.get(arg.name)
        if value is None:
            if arg.required:
                raise ToolUsageError(f"{tool.name} needs the argument {arg.name!r}")
            out[arg.name] = arg.default
            continue
        expected = TYPES[arg.type]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ToolUsageError(f"{tool.name}: {arg.name} must be a {arg.type}")
        if arg.type == "array" and not all(isinstance(v, str) for v in value):
            raise ToolUsageError(f"{tool.name}: {arg.name} must be a list of strings")
        if arg.enum and value not in arg.enum:
            raise ToolUsageError(f"{tool.name}: {arg.name} must be one of {', '.join(arg.enum)}")
        if arg.minimum is not None and value < arg.minimum:
            raise ToolUsageError(f"{tool.name}: {arg.name} must be at least {arg.minimum}")
        if arg.maximum is not None and value > arg.maximum:
            raise ToolUsageError(f"{tool.name}: {arg.name} must be at most {arg.maximum}")
        out[arg.name] = value
    return out


def _page(args: dict[str, Any]) -> Page:
    cursor = args.get("cursor")
    if cursor is not None and not (isinstance(cursor, str) and cursor.isdigit()):
        raise ToolUsageError(f"invalid cursor {cursor!r}: pass the next_cursor of an answer")
    return Page(int(cursor or 0), int(args.get("limit") or 50))


def call(tool: Tool, index: Index, arguments: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    """Run ``tool`` with ``arguments``: its answer as a JSON object (a list becomes
    ``{"results": [...]}``), with ``next_cursor`` when a page was cut, and as JSON text."""
    from vaultkit.render import to_jsonable

    args = checked(tool, arguments)
    page = _page(args)
    result = to_jsonable(tool.run(index, args, page))
    data: dict[str, Any] = result if isinstance(result, dict) else {"results": result}
    if tool.paged:
        data["next_cursor"] = page.next_cursor
        if page.total is not None:
            data.setdefault("total", page.total)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    size = len(text)
    if size > MAX_CHARS:
        raise ToolUsageError(
            f"{tool.name}: the answer is {size} characters, more than {MAX_CHARS}; narrow it"
            " (folder, tag, where) or ask for fewer at a time (limit)"
        )
    return data, text
