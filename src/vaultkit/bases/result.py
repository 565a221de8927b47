"""What running a view gives: columns, rows, groups and summaries, and their one JSON shape
(README, "JSON shapes", ``vaultkit base --json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vaultkit.bases.values import Value, text, to_json


@dataclass(frozen=True, slots=True)
class Failed:
    """A formula that failed on one file: the cell shows the message."""

    message: str


@dataclass
class Column:
    """One column: its property id (``note.status``, ``file.name``, ``formula.x``) and the
    name a view shows."""

    id: str
    name: str


@dataclass
class BaseRow:
    """One file of the view, with the value of each column."""

    path: str
    values: dict[str, Value]


@dataclass
class Group:
    """The rows sharing one value of the ``groupBy`` property (null: files without one)."""

    key: Value
    rows: list[str]
    summaries: dict[str, Value] = field(default_factory=dict)


@dataclass
class BaseResult:
    """The rows of one view of one base."""

    view: str
    columns: list[Column]
    rows: list[BaseRow]
    groups: list[Group] | None = None
    summaries: dict[str, Value] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        """The README's shape: view, columns, rows, groups (with groupBy), summaries."""
        out: dict[str, Any] = {
            "view": self.view,
            "columns": [{"id": c.id, "name": c.name} for c in self.columns],
            "rows": [
                {"path": r.path, "values": {k: cell_json(v) for k, v in r.values.items()}}
                for r in self.rows
            ],
        }
        if self.groups is not None:
            out["groups"] = [
                {
                    "key": to_json(g.key),
                    "rows": g.rows,
                    "summaries": {k: cell_json(v) for k, v in g.summaries.items()},
                }
                for g in self.groups
            ]
        out["summaries"] = {k: cell_json(v) for k, v in self.summaries.items()}
        return out

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Column names and each row's cells as text (CSV, TSV, Markdown, the terminal)."""
        headers = [c.name for c in self.columns]
        return headers, [[cell_text(r.values.get(c.id)) for c in self.columns] for r in self.rows]


def cell_json(value: Value) -> Any:
    """A cell's JSON: the value's, or ``{"error": message}``."""
    if isinstance(value, Failed):
        return {"error": value.message}
    return to_json(value)


def cell_text(value: Value) -> str:
    """A cell's text: the value's, or ``error: message``."""
    if isinstance(value, Failed):
        return f"error: {value.message}"
    return text(value)
