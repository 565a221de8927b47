"""The link graph (networkx), built from the index for the questions SQL answers badly:
hubs, orphans, connected groups of notes, the shortest chain of links between two notes.

Backlinks never come from here: they are indexed SQL (``links``). Only visible notes are
nodes; an edge is one or more resolved links from one note to another (``weight``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from vaultkit.index import Index


def build_graph(
    index: Index,
    paths: set[str] | None = None,
    *,
    include_unresolved: bool = False,
    include_attachments: bool = False,
) -> nx.DiGraph:
    """Notes as nodes (title, kind, kinds, folder, tags), resolved links between notes as
    weighted edges; only the notes at ``paths`` when given. Unresolved link targets and
    attachments become nodes too when asked (kind ``unresolved``, ``attachment``)."""
    import networkx as nx

    kinds: dict[str, list[str]] = {}
    for path, kind in index.query(
        "SELECT f.path, k.kind FROM note_kinds k JOIN files f ON f.id = k.src ORDER BY k.rowid"
    ):
        kinds.setdefault(path, []).append(kind)
    tags: dict[str, dict[str, str]] = {}
    for path, name, _ in index.tag_occurrences():
        tags.setdefault(path, {}).setdefault(name.lower(), name)
    graph = nx.DiGraph()
    for path, title in index.note_titles():
        if paths is not None and path not in paths:
            continue
        own = kinds.get(path, [])
        graph.add_node(
            path,
            title=title,
            kind=own[0] if own else "note",
            kinds=",".join(own),
            folder=path.rpartition("/")[0],
            tags=",".join(tags.get(path, {}).values()),
        )
    for source, target, count in index.link_edges():
        if source in graph and target in graph:
            graph.add_edge(source, target, weight=count)
    if include_attachments:
        for source, target, count in index.query(
            "SELECT s.path, d.path, COUNT(*) FROM links l JOIN files s ON s.id = l.src"
            " JOIN files d ON d.id = l.dst WHERE s.excluded = 0 AND d.is_note = 0"
            " GROUP BY s.path, d.path ORDER BY s.path, d.path"
        ):
            if source in graph:
                if target not in graph:
                    name = target.rpartition("/")[2]
                    graph.add_node(
                        target,
                        title=name,
                        kind="attachment",
                        kinds="",
                        folder=target.rpartition("/")[0],
                        tags="",
                    )
                graph.add_edge(source, target, weight=int(count))
    if include_unresolved:
        for source, target, count in index.query(
            "SELECT s.path, MIN(l.target), COUNT(*) FROM links l JOIN files s ON s.id = l.src"
            " WHERE l.dst IS NULL AND l.external = 0 AND l.target != '' AND s.excluded = 0"
            " GROUP BY s.path, l.target_key, lower(l.target) ORDER BY s.path, MIN(l.target)"
        ):
            if source in graph:
                if target not in graph:
                    graph.add_node(
                        target, title=target, kind="unresolved", kinds="", folder="", tags=""
                    )
                graph.add_edge(source, target, weight=int(count))
    return graph


@dataclass(frozen=True)
class Hub:
    """A note many others link to."""

    path: str
    title: str
    linked_from: int
    links_to: int


@dataclass(frozen=True)
class GraphSummary:
    """The shape of the vault's links."""

    notes: int
    edges: int
    components: int
    """Groups of notes connected by links (either direction); single orphans count too."""
    largest_component: int
    hubs: list[Hub] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    """Notes with no link to or from another note (links to notes not written yet do not
    count: they lead nowhere in the graph)."""


def summarize_graph(graph: nx.DiGraph, top: int = 10) -> GraphSummary:
    """Hubs by number of linking notes, orphans, and connected groups."""
    import networkx as nx

    groups = list(nx.weakly_connected_components(graph)) if graph.number_of_nodes() else []
    ranked = sorted(graph.nodes, key=lambda n: (-graph.in_degree(n), n))
    hubs = [
        Hub(n, graph.nodes[n].get("title", n), graph.in_degree(n), graph.out_degree(n))
        for n in ranked[:top]
        if graph.in_degree(n) > 0
    ]
    orphans = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    return GraphSummary(
        notes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        components=len(groups),
        largest_component=max((len(g) for g in groups), default=0),
        hubs=hubs,
        orphans=orphans,
    )


@dataclass(frozen=True)
class LinkPath:
    """The shortest chain of links from one note to another (following link direction,
    or either direction with ``undirected``); empty when there is none."""

    source: str
    target: str
    undirected: bool
    notes: list[str]


def shortest_link_path(graph: nx.DiGraph, source: str, target: str, undirected: bool) -> LinkPath:
    """Fewest links from ``source`` to ``target``."""
    import networkx as nx

    view: Any = graph.to_undirected(as_view=True) if undirected else graph
    try:
        notes = list(nx.shortest_path(view, source, target))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        notes = []
    return LinkPath(source, target, undirected, notes)


def export_graph(graph: nx.DiGraph, fmt: str) -> str:
    """The graph, annotated, in one of ``vaultkit.graph_export.FORMATS``."""
    from vaultkit.graph_export import annotate, export_text

    return export_text(annotate(graph), fmt)
