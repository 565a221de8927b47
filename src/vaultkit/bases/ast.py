"""The syntax tree of a Bases expression (Bases syntax.md, "Operators" and "Types").

Every node keeps ``pos``, its offset in the expression, for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Literal:
    """A string, number, boolean or null written in the expression."""

    value: Any
    pos: int = 0


@dataclass(frozen=True, slots=True)
class RegexLiteral:
    """``/pattern/flags``."""

    pattern: str
    flags: str
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Name:
    """A bare name: a note property, or ``file``, ``note``, ``formula``, ``this``, ``values``,
    ``value``, ``index``, ``acc``."""

    name: str
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Member:
    """``target.name``."""

    target: Expr
    name: str
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Subscript:
    """``target[key]``."""

    target: Expr
    key: Expr
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Call:
    """``name(args)`` (a global function) or ``target.name(args)`` (a method)."""

    name: str
    args: tuple[Expr, ...]
    target: Expr | None = None
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Unary:
    """``!x`` or ``-x``."""

    op: str
    operand: Expr
    pos: int = 0


@dataclass(frozen=True, slots=True)
class Binary:
    """``left op right`` for arithmetic, comparison and boolean operators."""

    op: str
    left: Expr
    right: Expr
    pos: int = 0


@dataclass(frozen=True, slots=True)
class ListLiteral:
    """``[a, b, c]``."""

    items: tuple[Expr, ...]
    pos: int = 0


@dataclass(frozen=True, slots=True)
class ObjectLiteral:
    """``{"a": 1, b: 2}``."""

    items: tuple[tuple[str, Expr], ...]
    pos: int = 0


Expr = (
    Literal | RegexLiteral | Name | Member | Subscript | Call | Unary | Binary | ListLiteral
) | ObjectLiteral
