"""Renderers of ``vaultkit base``: a rich table (grouped, with a summary line) for people;
CSV, TSV and a Markdown table of the cells as the table shows them; the paths; the JSON
shape of the README."""

from __future__ import annotations

import csv
import sys
from typing import IO, TYPE_CHECKING, Any

from vaultkit.bases.result import BaseResult, cell_json, cell_text
from vaultkit.bases.values import text, to_json

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.bases.run import NoteBases


def emit_delimited(result: BaseResult, delimiter: str, stream: IO[str] | None = None) -> None:
    """The view as CSV (``,``) or TSV (tab), a header row first."""
    headers, rows = result.table()
    writer = csv.writer(stream or sys.stdout, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)


def _md_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def markdown_table(result: BaseResult) -> str:
    """The view as a Markdown table ready to paste into a note."""
    headers, rows = result.table()
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |"]
    lines.append("| " + " | ".join("---" for _ in headers) + " |")
    lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def paths(result: BaseResult) -> str:
    """One path a line, in the view's order."""
    return "".join(row.path + "\n" for row in result.rows)


def render_result(result: BaseResult, out: Console) -> None:
    """A table titled with the view; with groupBy a heading row per group (with its
    summaries); the view's summaries last."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{result.view} ({len(result.rows)})", title_justify="left")
    for column in result.columns:
        table.add_column(column.name, overflow="fold")
    by_path = {row.path: row for row in result.rows}

    def add(path: str) -> None:
        row = by_path[path]
        table.add_row(*(Text(cell_text(row.values.get(c.id))) for c in result.columns))

    def summary_row(label: str, summaries: dict[str, Any], style: str) -> None:
        cells = [cell_text(summaries[c.id]) if c.id in summaries else "" for c in result.columns]
        if cells:
            cells[0] = f"{label}: {cells[0]}" if cells[0] else label
        table.add_row(*(Text(c, style=style) for c in cells), end_section=True)

    if result.groups is not None:
        for group in result.groups:
            key = text(group.key) if group.key is not None else "(none)"
            cells = [
                cell_text(group.summaries[c.id]) if c.id in group.summaries else ""
                for c in result.columns
            ]
            cells[0] = f"{key} ({len(group.rows)})"
            table.add_row(*(Text(c, style="bold") for c in cells), end_section=True)
            for path in group.rows:
                add(path)
            if table.rows:
                table.rows[-1].end_section = True
    else:
        for row in result.rows:
            add(row.path)
    if result.summaries:
        if table.rows:
            table.rows[-1].end_section = True
        summary_row("Summary", result.summaries, "bold")
    out.print(table)


def note_bases_json(report: NoteBases) -> dict[str, Any]:
    """``vaultkit base NOTE --json``: each base the note shows, its result or its error."""
    return {
        "path": report.path,
        "bases": [
            {
                "line": b.line,
                "source": b.source,
                **({"result": b.result.to_json()} if b.result else {"error": b.error}),
            }
            for b in report.bases
        ],
    }


def value_json(value: Any) -> Any:
    """``--eval --json``: the value and its type."""
    from vaultkit.bases.values import type_of

    return {"value": cell_json(value), "type": type_of(value)}


__all__ = [
    "emit_delimited",
    "markdown_table",
    "note_bases_json",
    "paths",
    "render_result",
    "to_json",
    "value_json",
]
