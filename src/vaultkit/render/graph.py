"""Renderers of ``vaultkit graph``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.graph import GraphSummary, LinkPath
    from vaultkit.graph_analysis import Community, GraphStats, Neighborhood, RankedNote


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``1 note``, ``2 notes``: the count and the word that agrees with it."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


def render_graph_summary(summary: GraphSummary, out: Console) -> None:
    """Counts, the hub table and the orphan list."""
    from rich.table import Table
    from rich.text import Text

    n = counted
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
        out.print(
            Text(f"Orphans (no link to or from another note): {len(summary.orphans)}", "bold")
        )
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


def render_stats(stats: GraphStats, out: Console) -> None:
    """The counts, one per line, then the top hubs."""
    from rich.table import Table
    from rich.text import Text

    rows = [
        ("notes", stats.notes),
        ("links between notes", f"{stats.links} ({stats.edges} linked pairs)"),
        (
            "unresolved links",
            f"{stats.unresolved} (to {counted(stats.unresolved_targets, 'name')})",
        ),
        ("attachments", f"{stats.attachments} ({counted(stats.attachment_links, 'link')} to them)"),
        (
            "connected groups",
            f"{stats.components} (largest {counted(stats.largest_component, 'note')})",
        ),
        ("orphans", stats.orphans),
        ("dead ends", stats.dead_ends),
        ("density", f"{stats.density:.4f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        out.print(Text(f"{name:<{width}}  {value}"))
    if stats.hubs:
        table = Table(title="Top hubs", title_justify="left")
        table.add_column("note", overflow="fold")
        table.add_column("linked from", justify="right")
        table.add_column("links to", justify="right")
        for hub in stats.hubs:
            table.add_row(Text(hub.path), str(hub.linked_from), str(hub.links_to))
        out.print(table)


def render_ranked(notes: list[RankedNote], title: str, score: str, out: Console) -> None:
    """A table of notes with a score."""
    from rich.table import Table
    from rich.text import Text

    if not notes:
        out.print(Text(f"{title}: none"))
        return
    table = Table(title=f"{title} ({len(notes)})", title_justify="left")
    table.add_column("note", overflow="fold")
    scored = score != "linked from"  # a score that is the linked-from count shows once
    if scored:
        table.add_column(score, justify="right")
    table.add_column("linked from", justify="right")
    table.add_column("links to", justify="right")
    for note in notes:
        shown = f"{note.score:g}" if score != "in-degree" else str(int(note.score))
        cells = [str(note.linked_from), str(note.links_to)]
        table.add_row(Text(note.path), *([shown] if scored else []), *cells)
    out.print(table)


def render_neighborhood(hood: Neighborhood, out: Console) -> None:
    """The notes around one note, grouped by distance."""
    from rich.text import Text
    from rich.tree import Tree

    tree = Tree(Text.assemble((hood.title, "bold"), f"  ({hood.path})"), guide_style="dim")
    for distance in range(1, hood.depth + 1):
        near = [n for n in hood.neighbors if n.distance == distance]
        if not near:
            continue
        noun = "link" if distance == 1 else "links"
        branch = tree.add(Text(f"{distance} {noun} away ({len(near)})", "bold"))
        arrows = {"out": "→ ", "in": "← ", "both": "↔ ", "": ""}
        for n in near:
            branch.add(Text.assemble(arrows[n.direction], (n.path, "cyan")))
    out.print(tree)
    if not hood.neighbors:
        out.print(Text("no linked notes"))


def render_communities(groups: list[Community], out: Console) -> None:
    """Each community: its size, its name (top notes) and its members."""
    from rich.text import Text
    from rich.tree import Tree

    out.print(Text(counted(len(groups), "community", "communities"), "bold"))
    for group in groups:
        size = f"  {counted(group.size, 'note')}"
        tree = Tree(Text.assemble((f"{group.id}. {group.name}", "bold"), size))
        for path in group.notes[:10]:
            tree.add(Text(path, "cyan"))
        if group.size > 10:
            tree.add(Text(f"… and {group.size - 10} more (--json lists all)", "dim"))
        out.print(tree)
