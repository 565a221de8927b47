"""The result of a query, shaped like the value of DataviewJS's ``dv.query()``, and the one
function that turns query values into JSON.

``{"type": "table", "headers": [...], "values": [[...]]}``, ``{"type": "list", "values":
[...]}`` (``{"key", "value"}`` pairs for a LIST with an expression) and ``{"type": "task",
"values": [...]}``; grouped tasks are ``{"key", "rows"}`` objects. Links are ``{"path",
"display", "subpath", "embed", "type"}``, dates and durations ISO 8601 strings.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vaultkit.query import dates
from vaultkit.query.durations import Duration
from vaultkit.query.engine import RowError
from vaultkit.query.values import ExternalLink, Function, Link, ListPair, Value, to_string

TASK_KEYS = (
    "text",
    "line",
    "lineCount",
    "path",
    "section",
    "link",
    "tags",
    "outlinks",
    "task",
    "status",
    "checked",
    "completed",
    "fullyCompleted",
    "annotated",
    "parent",
    "blockId",
    "children",
)


@dataclass
class QueryResult:
    """What a query produced: its type, column names, values, and rows that failed."""

    type: str
    values: list[Any]
    headers: list[str] = field(default_factory=list)
    grouped: bool = False
    """Task values are ``{"key", "rows"}`` groups (a TASK query with GROUP BY)."""
    warnings: list[RowError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``dv.query()``-shaped document."""
        out: dict[str, Any] = {"type": self.type}
        if self.type == "table":
            out["headers"] = list(self.headers)
            out["values"] = [[to_json(v) for v in row] for row in self.values]
        elif self.type == "task":
            out["values"] = [task_json(v) for v in self.values]
        else:
            out["values"] = [to_json(v) for v in self.values]
        return out


def task_json(value: Value) -> Any:
    """A task (its own fields, not its page's), or a group of tasks."""
    if isinstance(value, Mapping) and "rows" in value and "key" in value and "task" not in value:
        return {"key": to_json(value["key"]), "rows": [task_json(v) for v in value["rows"]]}
    if not isinstance(value, Mapping):
        return to_json(value)
    out: dict[str, Any] = {}
    for key in TASK_KEYS:
        if key in value:
            item = value[key]
            out[key] = [task_json(c) for c in item] if key == "children" else to_json(item)
    for key in value:
        if key not in out and key not in ("position", "file") and not _is_page_key(value, key):
            out[key] = to_json(value[key])
    return out


def _is_page_key(value: Mapping[str, Value], key: str) -> bool:
    own = getattr(value, "maps", None)
    return own is not None and key not in own[0]


def to_json(value: Value) -> Any:
    """Plain JSON data from a query value."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, Link):
        return {
            "path": value.path,
            "display": value.display,
            "subpath": value.subpath,
            "embed": value.embed,
            "type": value.type,
        }
    if isinstance(value, dt.datetime):
        return dates.iso(value)
    if isinstance(value, Duration):
        return value.to_iso()
    if isinstance(value, ListPair):
        return {"key": to_json(value.key), "value": to_json(value.value)}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(value[k]) for k in value}
    if isinstance(value, ExternalLink):
        return value.markdown()
    if isinstance(value, Function):
        return "<function>"
    return to_string(value)
