"""The one place results become output: rich tables and trees, JSON, JSON Lines and CSV.

Machine output goes to stdout; messages, progress and problems go to stderr. Colour is
used only on a terminal, and never when NO_COLOR is set (rich honours it).
"""

from __future__ import annotations

import csv
import dataclasses
import json
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.index import Counts, RefreshStats
    from vaultkit.links import LinkRow, LinksReport
    from vaultkit.model import Note, Problem


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


def console(stderr: bool = False) -> Console:
    """A rich console; colour only on a terminal and without NO_COLOR."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


# -- problems and index ----------------------------------------------------------------------


def problem_line(path: str, problem: Problem) -> str:
    """One line naming the file, the line and what is wrong."""
    where = f"{path}:{problem.line}" if problem.line else path
    return f"{problem.severity}: {where}: {problem.message}"


def print_problems(problems: Iterable[tuple[str, Problem]], err: Console) -> None:
    """Each problem on its own line on stderr."""
    for path, problem in problems:
        style = "yellow" if problem.severity == "warning" else "red"
        err.print(problem_line(path, problem), style=style, markup=False, soft_wrap=True)


def index_summary(stats: RefreshStats, counts: Counts) -> dict[str, Any]:
    """The ``vaultkit index --json`` document."""
    return {
        "notes": counts.notes,
        "attachments": counts.attachments,
        "excluded": counts.excluded,
        "links": counts.links,
        "unresolved": counts.unresolved,
        "external": counts.external,
        "tags": counts.tags,
        "problems": counts.problems,
        "parsed": stats.parsed,
        "unchanged": stats.unchanged,
        "added": stats.added,
        "modified": stats.modified,
        "removed": stats.removed,
        "relinked": stats.relinked,
        "rebuilt": stats.rebuilt,
        "jobs": stats.jobs,
        "seconds": round(stats.seconds, 3),
    }


def render_index(summary: dict[str, Any], out: Console) -> None:
    """The human report of ``vaultkit index``."""
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for key in (
        "notes",
        "attachments",
        "excluded",
        "links",
        "unresolved",
        "external",
        "tags",
        "problems",
    ):
        table.add_row(key, str(summary[key]))
    out.print(table)
    out.print(
        f"parsed {summary['parsed']}, unchanged {summary['unchanged']}, removed"
        f" {summary['removed']} in {summary['seconds']:.2f} s"
        + (f" with {summary['jobs']} jobs" if summary["jobs"] > 1 else "")
        + (" (index rebuilt)" if summary["rebuilt"] else ""),
        markup=False,
    )


# -- notes ------------------------------------------------------------------------------------


def note_json(note: Note) -> dict[str, Any]:
    """The documented ``notes --json`` object of one note."""
    return {
        "path": note.path,
        "name": note.name,
        "title": note.title,
        "aliases": list(note.aliases),
        "tags": note.tag_names(),
        "frontmatter": note.frontmatter,
        "links": [
            {
                "target": link.target,
                "resolved": link.resolved,
                "embed": link.embed,
                "heading": link.heading,
                "block": link.block,
                "alias": link.alias,
                "line": link.span.line,
            }
            for link in note.links
            if not link.external
        ],
        "headings": [{"level": h.level, "text": h.plain, "line": h.line} for h in note.headings],
        "fields": [
            {"key": f.key, "value": f.value, "line": f.line, "style": f.style} for f in note.fields
        ],
        "problems": [to_jsonable(p) for p in note.problems],
        "kind": list(note.kinds)
        if len(note.kinds) > 1
        else (note.kinds[0] if note.kinds else None),
        "kinds": list(note.kinds),
        "date": note.date,
        "org": note.org,
    }


NOTE_CSV_HEADERS = ("path", "title", "tags", "links_in", "links_out")


def render_notes(rows: Sequence[tuple[str, str, list[str], int, int]], out: Console) -> None:
    """A table of notes: path, title, tags, links in and out."""
    from rich.table import Table

    table = Table(title=f"{len(rows)} notes", title_justify="left")
    table.add_column("path", overflow="fold")
    table.add_column("title", overflow="fold")
    table.add_column("tags", overflow="fold")
    table.add_column("in", justify="right")
    table.add_column("out", justify="right")
    for path, title, tags, links_in, links_out in rows:
        table.add_row(path, title, " ".join("#" + t for t in tags), str(links_in), str(links_out))
    out.print(table)


# -- links ------------------------------------------------------------------------------------


def _describe(row: LinkRow) -> str:
    shown = row.raw or row.target
    if row.kind == "frontmatter":
        return f"property {row.property}: {shown}"
    return shown


def render_links(report: LinksReport, out: Console) -> None:
    """Backlinks as a tree per source note; outgoing and unresolved links after."""
    from rich.text import Text
    from rich.tree import Tree

    if report.exists:
        head = Text.assemble((report.title, "bold"), f"  ({report.path})")
    else:
        head = Text.assemble(
            (report.title, "bold"), ("  (no such note yet: links below wait for it)", "yellow")
        )
    out.print(head)
    noun = "link" if report.backlink_count == 1 else "links"
    tree = Tree(
        f"Backlinks: {report.backlink_count} {noun} from {report.source_count} notes",
        guide_style="dim",
    )
    for source in report.backlinks:
        branch = tree.add(Text.assemble((source.path, "cyan"), f"  {source.title}"))
        for link in source.links:
            where = "frontmatter" if link.kind == "frontmatter" else f"{link.line}"
            branch.add(Text.assemble((f"{where}: ", "dim"), link.text or _describe(link)))
    if report.hidden_sources > 0:
        tree.add(Text(f"… and {report.hidden_sources} more notes (--all to list them)", "yellow"))
    out.print(tree)
    if not report.exists:
        return
    if report.outgoing:
        outgoing = Tree(f"Outgoing: {len(report.outgoing)}", guide_style="dim")
        for link in report.outgoing:
            outgoing.add(
                Text.assemble(
                    (f"{link.line}: ", "dim"), _describe(link), " → ", (str(link.resolved), "green")
                )
            )
        out.print(outgoing)
    if report.unresolved:
        unresolved = Tree(f"Unresolved: {len(report.unresolved)}", guide_style="dim")
        for link in report.unresolved:
            node = unresolved.add(
                Text.assemble(
                    (f"{link.line}: ", "dim"), _describe(link), (" (no such note)", "red")
                )
            )
            if link.hint:
                node.add(Text(link.hint, "yellow"))
        out.print(unresolved)
    if report.external:
        external = Tree(f"External: {len(report.external)}", guide_style="dim")
        for link in report.external:
            external.add(Text.assemble((f"{link.line}: ", "dim"), link.target))
        out.print(external)


def links_json(report: LinksReport) -> dict[str, Any]:
    """The documented ``links --json`` document."""
    data: dict[str, Any] = to_jsonable(report)
    data["hidden_sources"] = report.hidden_sources
    return data
