"""The tree a search query parses to."""

from __future__ import annotations

from dataclasses import dataclass

OPERATORS = (
    "file",
    "path",
    "content",
    "match-case",
    "ignore-case",
    "tag",
    "line",
    "block",
    "section",
    "task",
    "task-todo",
    "task-done",
)
"""Operator names of the Search page's table, in its order."""

SCOPES = ("line", "block", "section", "task", "task-todo", "task-done")
"""Operators whose operand must match inside one unit of the note (a line, a block...)."""


@dataclass(frozen=True)
class Term:
    """A word, a ``"phrase"`` or a ``/regex/``; ``pos`` is its offset in the query."""

    kind: str
    """``word``, ``phrase`` or ``regex``."""
    text: str
    pos: int


@dataclass(frozen=True)
class And:
    """Every item matches (juxtaposition)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """At least one item matches (``OR``, looser than juxtaposition)."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """The item does not match (``-``)."""

    item: Node


@dataclass(frozen=True)
class Operator:
    """``name:operand``: one of ``OPERATORS``."""

    name: str
    operand: Node
    pos: int


@dataclass(frozen=True)
class Property:
    """``[name]``, ``[name:null]``, ``[name:<5]``, ``[name:>5]`` or ``[name:sub-query]``."""

    name: str
    value: Node | None = None
    null: bool = False
    compare: tuple[str, float] | None = None
    """(``<`` or ``>``, number)."""
    pos: int = 0


Node = Term | And | Or | Not | Operator | Property


def walk(node: Node) -> list[Node]:
    """``node`` and every node below it, parents first."""
    out: list[Node] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        if isinstance(current, And | Or):
            stack.extend(reversed(current.items))
        elif isinstance(current, Not):
            stack.append(current.item)
        elif isinstance(current, Operator):
            stack.append(current.operand)
        elif isinstance(current, Property) and current.value is not None:
            stack.append(current.value)
    return out
