"""Renderers of ``vaultkit index``, ``notes`` and ``links``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vaultkit.render import to_jsonable

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.index import Counts, RefreshStats
    from vaultkit.index.catalog import CachedIndex
    from vaultkit.links import LinkRow, LinksReport
    from vaultkit.model import Note


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
    out.print(f"index {summary['index']}", markup=False, highlight=False)
    out.print(
        f"parsed {summary['parsed']}, unchanged {summary['unchanged']}, removed"
        f" {summary['removed']} in {summary['seconds']:.2f} s"
        + (f" with {summary['jobs']} jobs" if summary["jobs"] > 1 else "")
        + (" (index rebuilt)" if summary["rebuilt"] else ""),
        markup=False,
    )


def cached_index_json(entry: CachedIndex) -> dict[str, Any]:
    """One object of ``vaultkit index --list --json``."""
    from datetime import UTC, datetime

    written = datetime.fromtimestamp(entry.modified, UTC).isoformat(timespec="seconds")
    return {
        "path": entry.path,
        "vault": entry.vault,
        "vault_exists": entry.vault_exists,
        "size": entry.size,
        "modified": written,
    }


def render_cached_indexes(entries: Sequence[CachedIndex], out: Console, removed: bool) -> None:
    """The human report of ``vaultkit index --list`` (or of what ``--prune`` removed)."""
    from rich.table import Table

    if not entries:
        out.print("no index removed" if removed else "no index found", markup=False)
        return
    table = Table(box=None, pad_edge=False)
    for name in ("vault", "size", "written", "index"):
        table.add_column(name, justify="right" if name == "size" else "left")
    for entry in entries:
        doc = cached_index_json(entry)
        vault = entry.vault or "(not recorded)"
        if entry.vault is not None and not entry.vault_exists:
            vault += " (gone)"
        table.add_row(vault, f"{entry.size / 1e6:.1f} MB", doc["modified"], entry.path)
    out.print(table)
    if removed:
        out.print(f"removed {len(entries)} index(es) whose vault is gone", markup=False)


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
    from rich.text import Text

    if not rows:  # a title over an empty box says nothing more
        out.print(Text("0 notes"))
        return
    table = Table(title=f"{len(rows)} note{'' if len(rows) == 1 else 's'}", title_justify="left")
    table.add_column("path", overflow="fold")
    table.add_column("title", overflow="fold")
    table.add_column("tags", overflow="fold")
    table.add_column("in", justify="right")
    table.add_column("out", justify="right")
    for path, title, tags, links_in, links_out in rows:
        table.add_row(
            Text(path),
            Text(title),
            Text(" ".join("#" + t for t in tags)),
            str(links_in),
            str(links_out),
        )
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
        f"Backlinks: {report.backlink_count} {noun} from {report.source_count}"
        f" note{'' if report.source_count == 1 else 's'}",
        guide_style="dim",
    )
    for source in report.backlinks:
        branch = tree.add(Text.assemble((source.path, "cyan"), f"  {source.title}"))
        for link in source.links:
            where = "frontmatter" if link.kind == "frontmatter" else f"{link.line}"
            branch.add(Text.assemble((f"{where}: ", "dim"), link.text or _describe(link)))
    if report.hidden_sources > 0:
        more = f"{report.hidden_sources} more note{'' if report.hidden_sources == 1 else 's'}"
        tree.add(Text(f"… and {more} (--all to list them)", "yellow"))
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


LINK_CSV_HEADERS = ("direction", "source", "line", "kind", "raw", "target", "resolved", "text")


def link_rows(report: LinksReport) -> list[tuple[Any, ...]]:
    """One row per link of ``links --csv/--tsv/--jsonl``: the backlinks (``source`` the
    linking note), then the note's own outgoing, unresolved and external links."""
    rows: list[tuple[Any, ...]] = [
        ("backlink", s.path, x.line, x.kind, x.raw, x.target, x.resolved, x.text)
        for s in report.backlinks
        for x in s.links
    ]
    for direction, links in (
        ("outgoing", report.outgoing),
        ("unresolved", report.unresolved),
        ("external", report.external),
    ):
        rows += [
            (direction, report.path, x.line, x.kind, x.raw, x.target, x.resolved, x.text)
            for x in links
        ]
    return rows
