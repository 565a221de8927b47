"""Renderers of ``vaultkit query``: a rich table, list or task list for people, CSV rows for
spreadsheets, the ``dv.query()``-shaped JSON for programs.

Human output follows how Dataview draws results in Obsidian: the first column counts the
rows (``File (8)``), links show their display text or file name, lists in a cell are one
item a line, null is ``-``, tasks are grouped by file with their subtasks below them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.query import dates
from vaultkit.query.durations import Duration
from vaultkit.query.result import to_json
from vaultkit.query.values import Link, ListPair, number_text, to_string

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from vaultkit.query.result import QueryResult
    from vaultkit.query.run import NoteQueries


def cell(value: Any) -> str:
    """A value as a reader sees it in a result."""
    if value is None:
        return "-"
    if isinstance(value, Link):
        return value.text()
    if isinstance(value, ListPair):
        return f"{cell(value.key)}: {cell(value.value)}"
    if isinstance(value, list | tuple):
        parts = [cell(v) for v in value]
        return parts[0] if len(parts) == 1 else "\n".join("• " + p for p in parts)
    if isinstance(value, Mapping):
        return to_string(dict(value))
    return to_string(value)


def plain(value: Any) -> str:
    """A value in one CSV cell: links as their path, dates and durations in ISO 8601,
    lists joined with ``; ``, objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, Link):
        return value.path
    if isinstance(value, ListPair):
        return f"{plain(value.key)}: {plain(value.value)}"
    if isinstance(value, bool | int | float):
        return number_text(value)
    if isinstance(value, Duration):
        return value.to_iso()
    if isinstance(value, list | tuple):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(to_json(value), ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return dates.iso(value)
    return to_string(value)


def csv_table(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a result for ``--csv``."""
    if result.type == "table":
        return list(result.headers), [[plain(v) for v in row] for row in result.values]
    if result.type == "list":
        if any(isinstance(v, ListPair) for v in result.values):
            pairs = [v if isinstance(v, ListPair) else ListPair(None, v) for v in result.values]
            return ["key", "value"], [[plain(p.key), plain(p.value)] for p in pairs]
        return ["value"], [[plain(v)] for v in result.values]
    rows = [
        [plain(t.get("path")), str(t.get("line", 0) + 1), t.get("status") or "", t.get("text", "")]
        for t in _flat_tasks(result.values)
    ]
    return ["path", "line", "status", "text"], rows


def _flat_tasks(values: list[Any]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for value in values:
        if "rows" in value and "task" not in value:
            out.extend(_flat_tasks(list(value["rows"])))
        else:
            out.append(value)
    return out


def render_result(result: QueryResult, out: Console) -> None:
    """A query result as Dataview would draw it."""
    out.print(result_renderable(result))


def result_renderable(result: QueryResult) -> RenderableType:
    """The rich renderable of a result."""
    from rich.text import Text

    if not result.values:
        return Text(f"No results for this {result.type} query.", "dim")
    if result.type == "table":
        return _table(result)
    if result.type == "list":
        return _list(result.values)
    return _tasks(result.values)


def _table(result: QueryResult) -> RenderableType:
    from rich.table import Table

    table = Table(show_lines=False, title_justify="left")
    for index, header in enumerate(result.headers):
        name = f"{header} ({len(result.values)})" if index == 0 else header
        table.add_column(name, overflow="fold", style="cyan" if index == 0 else None)
    for row in result.values:
        table.add_row(*[cell(v) for v in row])
    return table


def _list(values: list[Any]) -> RenderableType:
    from rich.tree import Tree

    tree = Tree("", hide_root=True, guide_style="dim")
    for value in values:
        if isinstance(value, ListPair) and isinstance(value.value, list | tuple):
            branch = tree.add(f"{cell(value.key)}:")
            for item in value.value:
                branch.add(cell(item))
        else:
            tree.add(cell(value))
    return tree


def _tasks(values: list[Any]) -> RenderableType:
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    if values and "rows" in values[0] and "task" not in values[0]:
        parts: list[RenderableType] = []
        for group in values:
            parts.append(Text(f"{cell(group['key'])} ({len(group['rows'])})", "bold"))
            parts.append(_tasks(list(group["rows"])))
        return Group(*parts)
    by_file: dict[str, list[Mapping[str, Any]]] = {}
    for task in values:
        by_file.setdefault(str(task["path"]), []).append(task)
    parts = []
    for path, tasks in by_file.items():
        lines = {t["line"] for t in tasks}
        tree = Tree(Text(f"{path} ({len(tasks)})", "bold cyan"), guide_style="dim")
        for task in tasks:
            if task.get("parent") not in lines:
                _task_branch(tree, task)
        parts.append(tree)
    return Group(*parts)


def _task_branch(tree: Any, task: Mapping[str, Any]) -> None:
    box = f"[{task['status']}] " if task.get("task") else ""
    branch = tree.add(f"{box}{task['text']}")
    for child in task.get("children", []):
        _task_branch(branch, child)


def render_note_queries(report: NoteQueries, out: Console, err: Console) -> None:
    """Each ```dataview block of a note with its result, or its error on stderr."""
    from rich.text import Text

    out.print(Text(f"{report.path}: {len(report.blocks)} dataview blocks", "bold"))
    for block in report.blocks:
        out.print()
        out.print(Text(f"line {block.line}: ", "dim") + Text(" ".join(block.query.split())))
        if block.result is not None:
            render_result(block.result, out)
        else:
            out.print(Text("error (see stderr)", "red"))
            err.print(f"error: {report.path}:{block.line}: {block.error}", markup=False)


def note_queries_json(report: NoteQueries) -> dict[str, Any]:
    """The ``query --from-note --json`` document."""
    blocks = []
    for block in report.blocks:
        item: dict[str, Any] = {"line": block.line, "query": block.query}
        if block.result is not None:
            item["result"] = block.result.to_json()
        else:
            item["error"] = block.error
        blocks.append(item)
    return {"path": report.path, "blocks": blocks}
