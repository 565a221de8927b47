"""Renderers of ``vaultkit graph``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.graph import GraphSummary, LinkPath


def render_graph_summary(summary: GraphSummary, out: Console) -> None:
    """Counts, the hub table and the orphan list."""
    from rich.table import Table
    from rich.text import Text

    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    out.print(
        f"{n(summary.notes, 'note')}, {n(summary.edges, 'linked pair')},"
        f" {n(summary.components, 'connected group')}"
        f" (largest {n(summary.largest_component, 'note')}), {n(len(summary.orphans), 'orphan')}"
    )
    if summary.hubs:
        table = Table(title="Hubs: most linked-to notes", title_justify="left")
        table.add_column("note", overflow="fold")
        table.add_column("title", overflow="fold")
        table.add_column("linked from", justify="right")
        table.add_column("links to", justify="right")
        for hub in summary.hubs:
            table.add_row(Text(hub.path), Text(hub.title), str(hub.linked_from), str(hub.links_to))
        out.print(table)
    if summary.orphans:
        out.print(Text(f"Orphans (no link in or out): {len(summary.orphans)}", "bold"))
        for path in summary.orphans:
            out.print(Text(f"  {path}"))


def render_link_path(path: LinkPath, out: Console) -> None:
    """The chain of notes, or why there is none."""
    from rich.text import Text

    if not path.notes:
        how = "in either direction" if path.undirected else "following links (try --undirected)"
        out.print(Text(f"no chain of links from {path.source} to {path.target} {how}", "yellow"))
        return
    out.print(Text(f"{len(path.notes) - 1} links:", "bold"))
    for step, note in enumerate(path.notes):
        out.print(Text(("  → " if step else "    ") + note))
