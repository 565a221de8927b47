"""Questions about the link graph beyond hubs and paths: statistics, dead ends, the
neighbourhood of a note, communities (Louvain, seeded), hubs by PageRank or betweenness.

Every function takes the graph :func:`vaultkit.graph.build_graph` made (notes only) and
returns plain records; none prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from vaultkit.index import Index

METRICS = ("in-degree", "pagerank", "betweenness")
BETWEENNESS_SAMPLE = 500
"""Above this many notes, betweenness is estimated from this many sampled sources (seeded)."""
SEED = 42


@dataclass(frozen=True)
class RankedNote:
    """A note and its score by one measure."""

    path: str
    title: str
    score: float
    linked_from: int
    links_to: int


@dataclass(frozen=True)
class GraphStats:
    """Counts and shape of the vault's link graph."""

    notes: int
    links: int
    """Resolved links between two different notes (every occurrence)."""
    edges: int
    """Linked pairs of notes (several links from one note to another are one edge)."""
    unresolved: int
    """Links no file answers, and the distinct names they ask for."""
    unresolved_targets: int
    attachments: int
    """Attachments in the vault (with a filter: those the selected notes link to), and the
    links to them."""
    attachment_links: int
    components: int
    largest_component: int
    orphans: int
    dead_ends: int
    density: float
    hubs: list[RankedNote] = field(default_factory=list)


def _ranked(graph: nx.DiGraph, scores: dict[str, float], top: int) -> list[RankedNote]:
    order = sorted(scores, key=lambda n: (-scores[n], n))[:top]
    return [
        RankedNote(
            n,
            graph.nodes[n].get("title", n),
            round(float(scores[n]), 6),
            graph.in_degree(n),
            graph.out_degree(n),
        )
        for n in order
    ]


def graph_stats(index: Index, graph: nx.DiGraph, top: int = 5, whole: bool = True) -> GraphStats:
    """Notes, links, unresolved links, attachments, components, density, top hubs (notes
    some note links to). ``whole`` is false when ``graph`` holds only the notes a filter
    selected: unresolved links and attachments are then those of the selected notes."""
    import networkx as nx

    one = index.query
    links = sum(int(d.get("weight", 1)) for _, _, d in graph.edges(data=True))
    if whole:
        unresolved, targets = one(
            "SELECT COUNT(*), COUNT(DISTINCT l.target_key) FROM links l"
            " JOIN files s ON s.id = l.src WHERE l.dst IS NULL AND l.external = 0"
            " AND s.excluded = 0"
        )[0]
        attachments = one("SELECT COUNT(*) FROM files WHERE is_note = 0")[0][0]
        attachment_links = one(
            "SELECT COUNT(*) FROM links l JOIN files s ON s.id = l.src"
            " JOIN files d ON d.id = l.dst WHERE d.is_note = 0 AND s.excluded = 0"
        )[0][0]
    else:
        unresolved, targets, attachments, attachment_links = _selected_counts(index, graph)
    groups = list(nx.weakly_connected_components(graph)) if graph.number_of_nodes() else []
    n = graph.number_of_nodes()
    linked = {x: float(graph.in_degree(x)) for x in graph.nodes if graph.in_degree(x) > 0}
    return GraphStats(
        notes=n,
        links=links,
        edges=graph.number_of_edges(),
        unresolved=int(unresolved),
        unresolved_targets=int(targets),
        attachments=int(attachments),
        attachment_links=int(attachment_links),
        components=len(groups),
        largest_component=max((len(g) for g in groups), default=0),
        orphans=sum(1 for x in graph.nodes if graph.degree(x) == 0),
        dead_ends=len(dead_ends(graph)),
        density=round(nx.density(graph), 6) if n > 1 else 0.0,
        hubs=_ranked(graph, linked, top),
    )


def _selected_counts(index: Index, graph: nx.DiGraph) -> tuple[int, int, int, int]:
    """Unresolved links of the notes in ``graph`` and the names they ask for; attachments
    those notes link to and their links to them."""
    unresolved, targets = _links_from(
        index,
        graph,
        "SELECT s.path, l.target_key FROM links l JOIN files s ON s.id = l.src"
        " WHERE l.dst IS NULL AND l.external = 0 AND s.excluded = 0",
    )
    attachment_links, attachments = _links_from(
        index,
        graph,
        "SELECT s.path, d.path FROM links l JOIN files s ON s.id = l.src"
        " JOIN files d ON d.id = l.dst WHERE d.is_note = 0 AND s.excluded = 0",
    )
    return unresolved, len(targets), len(attachments), attachment_links


def _links_from(index: Index, graph: nx.DiGraph, sql: str) -> tuple[int, set[str]]:
    """How many rows ``(source, other)`` of ``sql`` come from a note in ``graph``, and
    the distinct others they name."""
    count = 0
    others: set[str] = set()
    for source, other in index.query(sql):
        if source in graph:
            count += 1
            others.add(other)
    return count, others


def dead_ends(graph: nx.DiGraph) -> list[RankedNote]:
    """Notes that other notes link to but that link to no note (a reader stops there),
    most linked first. Orphans (no link either way) are not dead ends."""
    found = {n: float(graph.in_degree(n)) for n in graph.nodes if graph.out_degree(n) == 0}
    return _ranked(graph, {n: s for n, s in found.items() if s > 0}, len(found))


@dataclass(frozen=True)
class Neighbor:
    """A note within reach of another: how many links away, and which way the first hop
    goes (``out``: the note links to it, ``in``: it links to the note, ``both``)."""

    path: str
    title: str
    distance: int
    direction: str


@dataclass(frozen=True)
class Neighborhood:
    """The notes within ``depth`` links of ``path``, either direction, nearest first."""

    path: str
    title: str
    depth: int
    neighbors: list[Neighbor]


def neighbors(graph: nx.DiGraph, path: str, depth: int) -> Neighborhood:
    """Breadth-first over links in either direction, up to ``depth`` links away."""
    import networkx as nx

    reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), path, depth)
    found = []
    for node, distance in sorted(reach.items(), key=lambda item: (item[1], item[0])):
        if node == path:
            continue
        direction = ""
        if distance == 1:
            out, back = graph.has_edge(path, node), graph.has_edge(node, path)
            direction = "both" if out and back else "out" if out else "in"
        found.append(Neighbor(node, graph.nodes[node].get("title", node), distance, direction))
    return Neighborhood(path, graph.nodes[path].get("title", path), depth, found)


@dataclass(frozen=True)
class Community:
    """A group of notes more linked among themselves than to the rest, named by its most
    linked-to notes."""

    id: int
    name: str
    size: int
    top: list[str]
    notes: list[str]


def communities(graph: nx.DiGraph, seed: int = SEED, resolution: float = 1.0) -> list[Community]:
    """Louvain communities of the undirected, weighted graph (networkx; ``seed`` makes them
    the same run to run), largest first; each named by its three most linked-to notes."""
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(
        graph.to_undirected(), weight="weight", resolution=resolution, seed=seed
    )
    groups = sorted((sorted(g) for g in found), key=lambda g: (-len(g), g[0]))
    result = []
    for number, members in enumerate(groups, 1):
        inner = graph.subgraph(members)
        top = sorted(members, key=lambda n: (-inner.in_degree(n), -graph.in_degree(n), n))[:3]
        name = ", ".join(graph.nodes[n].get("title", n) for n in top)
        result.append(Community(number, name, len(members), top, members))
    return result


def community_of(groups: list[Community]) -> dict[str, int]:
    """Each note's community id."""
    return {path: group.id for group in groups for path in group.notes}


def pagerank(graph: nx.DiGraph, damping: float = 0.85, tol: float = 1.0e-10) -> dict[str, float]:
    """PageRank by power iteration over the weighted links (networkx's own needs scipy);
    notes with no outgoing link share their rank with every note, as networkx does."""
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    out_weight = {u: float(graph.out_degree(u, weight="weight")) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(200):
        dangling = damping * sum(rank[u] for u in nodes if out_weight[u] == 0) / n
        base = (1.0 - damping) / n + dangling
        new = dict.fromkeys(nodes, base)
        for u, v, data in graph.edges(data=True):
            new[v] += damping * rank[u] * float(data.get("weight", 1)) / out_weight[u]
        error = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if error < n * tol:
            break
    return rank


def hubs_by(graph: nx.DiGraph, metric: str, top: int) -> list[RankedNote]:
    """The ``top`` notes by ``metric``: in-degree (linking notes), PageRank, or betweenness
    (how many shortest chains of links pass through the note; sampled above
    ``BETWEENNESS_SAMPLE`` notes, seeded). A note scoring 0 (no note links to it, no chain
    passes through it) is no hub."""
    import networkx as nx

    scores: dict[str, Any]
    if metric == "in-degree":
        scores = {n: float(graph.in_degree(n)) for n in graph.nodes}
    elif metric == "pagerank":
        scores = pagerank(graph)
    else:
        n = graph.number_of_nodes()
        k = BETWEENNESS_SAMPLE if n > BETWEENNESS_SAMPLE else None
        scores = nx.betweenness_centrality(graph, k=k, seed=SEED if k else None)
    return _ranked(graph, {n: v for n, v in scores.items() if v > 0}, top)
