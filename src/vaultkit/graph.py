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


def build_graph(index: Index) -> nx.DiGraph:
    """Notes as nodes (with their title), resolved links between notes as weighted edges."""
    import networkx as nx

    graph = nx.DiGraph()
    for path, title in index.note_titles():
        graph.add_node(path, title=title)
    for source, target, count in index.link_edges():
        if source in graph and target in graph:
            graph.add_edge(source, target, weight=count)
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
    """Notes with no link in or out."""


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
    """The graph as GraphML (Gephi, yEd, Cytoscape) or node-link JSON (D3)."""
    import json

    import networkx as nx

    if fmt == "graphml":
        import io

        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")
    data = nx.node_link_data(graph, edges="links")
    return json.dumps(data, ensure_ascii=False, indent=2)
