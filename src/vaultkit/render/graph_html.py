"""``graph export --format html``: one self-contained page that opens offline.

The page inlines the vendored force-graph build (``assets/force-graph.min.js``, MIT, see
``assets/README.md``) and the graph as JSON; its Content-Security-Policy allows no request
at all. Layout runs in the page (d3-force); nodes are sized by degree and coloured by kind
or community; a search box, a panel per clicked note, neighbours highlighted on hover and
a legend.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


def _asset(name: str) -> str:
    return resources.files("vaultkit.render").joinpath("assets", name).read_text("utf-8")


def page_data(graph: nx.DiGraph) -> dict[str, Any]:
    """Nodes, links and communities as the page reads them."""
    nodes = [
        {
            "id": node,
            "title": str(attrs.get("title", node)),
            "kind": attrs.get("kind", "note"),
            "folder": attrs.get("folder", ""),
            "tags": attrs.get("tags", ""),
            "degree": int(attrs.get("degree", graph.degree(node))),
            "community": int(attrs.get("community", 0)),
        }
        for node, attrs in sorted(graph.nodes(data=True))
    ]
    links = [
        {"source": s, "target": t, "weight": int(a.get("weight", 1))}
        for s, t, a in sorted(graph.edges(data=True))
    ]
    sizes: dict[int, list[str]] = {}
    for node in nodes:
        if node["community"]:
            sizes.setdefault(node["community"], []).append(node["id"])
    communities = []
    for number in sorted(sizes):
        members = sizes[number]
        top = sorted(members, key=lambda n: (-graph.in_degree(n), n))[:3]
        name = ", ".join(str(graph.nodes[n].get("title", n)) for n in top)
        communities.append({"id": number, "name": name, "size": len(members)})
    return {"nodes": nodes, "links": links, "communities": communities}


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element (no ``</``, no ``<!--``, U+2028/9 escaped)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def graph_page(graph: nx.DiGraph, title: str) -> str:
    """The whole page for ``graph`` (annotated by ``graph_export.annotate``)."""
    template = _asset("graph.html")
    library = _asset("force-graph.min.js")
    page = template.replace("/*VAULTKIT_LIBRARY*/", library.replace("</script", "<\\/script"), 1)
    page = page.replace("/*VAULTKIT_DATA*/", _script_json(page_data(graph)), 1)
    return page.replace("__VAULTKIT_TITLE__", html.escape(title), 1)
