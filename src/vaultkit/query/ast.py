"""The parsed form of a DQL query: expressions, sources, the query type and its commands.

Structure follows Dataview docs/queries/structure.md: one query type (LIST, TABLE, TASK),
an optional FROM source, then any number of data commands run in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# -- expressions ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    """A constant: number, string, boolean, null, date, duration, link."""

    value: Any


@dataclass(frozen=True, slots=True)
class Variable:
    """A field or lambda parameter referred to by name."""

    name: str


@dataclass(frozen=True, slots=True)
class Negated:
    """``!expr``."""

    child: Expr


@dataclass(frozen=True, slots=True)
class BinaryOp:
    """``left op right``; ``op`` is one of ``+ - * / % = != < <= > >= & |``."""

    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class ListExpr:
    """``[a, b, c]``."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    """``{ key: value, ... }``."""

    entries: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, slots=True)
class Lambda:
    """``(x, y) => body``."""

    params: tuple[str, ...]
    body: Expr


@dataclass(frozen=True, slots=True)
class Call:
    """``func(args)``: ``func`` a name of the function library, or an expression."""

    func: Expr
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Index:
    """``obj[index]`` and ``obj.name`` (the name as a string literal)."""

    obj: Expr
    index: Expr


Expr = Literal | Variable | Negated | BinaryOp | ListExpr | ObjectExpr | Lambda | Call | Index

# -- sources ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TagSource:
    """``#tag``: notes with the tag or a tag nested below it."""

    tag: str


@dataclass(frozen=True, slots=True)
class FolderSource:
    """``"folder"``: notes below a folder, or one file by its path; ``""`` is every note."""

    folder: str


@dataclass(frozen=True, slots=True)
class LinkSource:
    """``[[note]]`` (notes linking to it) or ``outgoing([[note]])`` (notes it links to)."""

    target: str
    incoming: bool


@dataclass(frozen=True, slots=True)
class NegatedSource:
    """``-source``: every note the source does not select."""

    child: Source


@dataclass(frozen=True, slots=True)
class BinarySource:
    """``a and b`` (``&``) or ``a or b`` (``|``)."""

    op: str
    left: Source
    right: Source


Source = TagSource | FolderSource | LinkSource | NegatedSource | BinarySource

# -- the query -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """An expression with the name it gets as a column, group or flattened field."""

    name: str
    expr: Expr
    text: str
    """The expression as written, for messages."""


@dataclass(frozen=True, slots=True)
class Header:
    """The query type: ``list`` (one optional expression), ``table`` (columns) or ``task``."""

    type: str
    fields: tuple[Named, ...] = ()
    show_id: bool = True


@dataclass(frozen=True, slots=True)
class Where:
    """``WHERE expr``: keep rows where ``expr`` is truthy."""

    clause: Named


@dataclass(frozen=True, slots=True)
class Sort:
    """``SORT a [ASC|DESC], b ...``: each key with True when descending."""

    keys: tuple[tuple[Named, bool], ...]


@dataclass(frozen=True, slots=True)
class Limit:
    """``LIMIT n``."""

    amount: Named


@dataclass(frozen=True, slots=True)
class GroupBy:
    """``GROUP BY expr [AS name]``: one row per distinct value, with its ``rows``."""

    field: Named


@dataclass(frozen=True, slots=True)
class Flatten:
    """``FLATTEN expr [AS name]``: one row per element of a list."""

    field: Named


Command = Where | Sort | Limit | GroupBy | Flatten


@dataclass(frozen=True, slots=True)
class Query:
    """A whole DQL query."""

    header: Header
    source: Source
    commands: tuple[Command, ...] = field(default_factory=tuple)
    text: str = ""
