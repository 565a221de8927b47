"""The link graph written for other tools: GraphML (Gephi, yEd, Cytoscape), GEXF (Gephi),
node-link JSON (D3), DOT (Graphviz), Mermaid (Markdown renderers, Obsidian itself) and a
self-contained HTML page (``vaultkit.render.graph_html``).

Every node carries the attributes tools filter and colour by: ``title``, ``kind`` (the
note's first kind, else ``note``; ``attachment``, ``unresolved``), ``kinds``, ``folder``,
``tags`` (comma-separated), ``in_degree``, ``out_degree``, ``degree`` and ``community``
(Louvain, seeded; 0 for attachments and unresolved targets). Edges carry ``weight``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("graphml", "gexf", "json", "dot", "mermaid", "html")


def annotate(graph: nx.DiGraph) -> nx.DiGraph:
    """Add degrees and Louvain communities (over the notes) to every node, in place."""
    from vaultkit.graph_analysis import communities, community_of

    notes = graph.subgraph(
        [n for n, kind in graph.nodes(data="kind") if kind not in ("attachment", "unresolved")]
    )
    groups = community_of(communities(notes))
    for node in graph.nodes:
        attrs = graph.nodes[node]
        attrs["in_degree"] = graph.in_degree(node)
        attrs["out_degree"] = graph.out_degree(node)
        attrs["degree"] = graph.degree(node)
        attrs["community"] = groups.get(node, 0)
    return graph


def export_text(graph: nx.DiGraph, fmt: str, title: str = "vault") -> str:
    """The annotated graph in ``fmt`` (one of FORMATS)."""
    import io

    import networkx as nx

    if fmt in ("graphml", "gexf"):
        buffer = io.BytesIO()
        if fmt == "graphml":
            nx.write_graphml(graph, buffer, encoding="utf-8")
        else:
            nx.write_gexf(graph, buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8")
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    from vaultkit.render.graph_html import graph_page

    return graph_page(graph, title)


def _dot_id(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def to_dot(graph: nx.DiGraph) -> str:
    """Graphviz DOT: a ``digraph``, every attribute quoted, ``label`` the note's title."""
    lines = ["digraph vault {", "  node [shape=box];"]
    for node, attrs in graph.nodes(data=True):
        parts = [f"label={_dot_id(attrs.get('title', node))}"]
        parts += [f"{key}={_dot_id(value)}" for key, value in attrs.items() if key != "title"]
        lines.append(f"  {_dot_id(node)} [{', '.join(parts)}];")
    for source, target, attrs in graph.edges(data=True):
        lines.append(
            f"  {_dot_id(source)} -> {_dot_id(target)} [weight={int(attrs.get('weight', 1))}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


MERMAID_ESCAPES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "\n": " "}


def _mermaid_label(text: str) -> str:
    return "".join(MERMAID_ESCAPES.get(ch, ch) for ch in text)


def to_mermaid(graph: nx.DiGraph) -> str:
    """A Mermaid flowchart: nodes ``n0``, ``n1`` ... in path order labelled by title
    (quotes and ``#`` escaped as Mermaid entities), one ``-->`` per edge; attachments
    and unresolved targets drawn in other shapes (``[/x/]``, ``((x))``)."""
    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes))}
    lines = ["flowchart LR"]
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        label = _mermaid_label(str(attrs.get("title", node)))
        kind = attrs.get("kind")
        if kind == "attachment":
            lines.append(f'  {ids[node]}[/"{label}"/]')
        elif kind == "unresolved":
            lines.append(f'  {ids[node]}(("{label}"))')
        else:
            lines.append(f'  {ids[node]}["{label}"]')
    for source, target in sorted(graph.edges):
        lines.append(f"  {ids[source]} --> {ids[target]}")
    return "\n".join(lines) + "\n"
