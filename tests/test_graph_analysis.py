"""`vaultkit graph stats|dead-ends|neighbors|communities|hubs` and `graph export` in every
format, each export loaded back by a reader of that format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, VaultBuilder
from vaultkit.cli import app
from vaultkit.graph import build_graph
from vaultkit.graph_analysis import communities, dead_ends, hubs_by, neighbors, pagerank
from vaultkit.graph_export import annotate, to_mermaid
from vaultkit.index import Index

runner = CliRunner()

FILES: dict[str, str | bytes] = {
    "Hub.md": "---\ntags: [topic]\n---\n# Hub\nthe centre, and back to [[a]]",
    "a.md": "#meeting [[Hub]] [[Hub]] [[b]] [[Nowhere]]",
    "b.md": '[[Hub]] [[c]] "quoted" #topic',
    "c.md": "[[Hub]] ![[pic.png]]",
    "End.md": "linked to, links nowhere",
    "d.md": "[[End]]",
    "lonely.md": "no links at all",
    "pic.png": b"\x89PNG",
}


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["graph", *args, "--vault", str(root)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vault(make_vault: VaultBuilder) -> Path:
    return make_vault(FILES)


def _graph(root: Path, tmp_path: Path, **include: bool) -> nx.DiGraph:
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh(jobs=1)
        return build_graph(index, **include)


def test_stats_counts(vault: Path) -> None:
    code, out, _ = run(vault, "stats", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["notes"], data["links"], data["edges"]) == (7, 8, 7)
    assert (data["unresolved"], data["unresolved_targets"]) == (1, 1)
    assert (data["attachments"], data["attachment_links"]) == (1, 1)
    assert (data["components"], data["largest_component"], data["orphans"]) == (3, 4, 1)
    assert data["dead_ends"] == 1
    assert data["hubs"][0]["path"] == "Hub.md" and data["hubs"][0]["linked_from"] == 3
    assert data["density"] == round(7 / (7 * 6), 6)


def test_dead_ends_neighbors_and_hubs(vault: Path, tmp_path: Path) -> None:
    graph = _graph(vault, tmp_path)
    assert [n.path for n in dead_ends(graph)] == ["End.md"]  # lonely.md is an orphan
    hood = neighbors(graph, "b.md", 2)
    assert [(n.path, n.distance, n.direction) for n in hood.neighbors] == [
        ("Hub.md", 1, "out"),
        ("a.md", 1, "in"),
        ("c.md", 1, "out"),
    ]
    assert [n.path for n in neighbors(graph, "d.md", 3).neighbors] == ["End.md"]
    assert hubs_by(graph, "in-degree", 1)[0].path == "Hub.md"
    assert hubs_by(graph, "betweenness", 1)[0].path in ("Hub.md", "b.md", "a.md")
    code, out, _ = run(vault, "neighbors", "b", "--depth", "1", "--json")
    assert code == 0 and [n["path"] for n in json.loads(out)["neighbors"]] == [
        "Hub.md",
        "a.md",
        "c.md",
    ]
    code, _, err = run(vault, "hubs", "--by", "fame")
    assert code == 2 and "unknown measure" in err


def test_pagerank_matches_networkx(vault: Path, tmp_path: Path) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    graph = _graph(vault, tmp_path)
    ours = pagerank(graph)
    theirs = _pagerank_python(graph, weight="weight", tol=1e-12, max_iter=500)
    assert ours.keys() == theirs.keys()
    for node in ours:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-6)


def test_communities_are_seeded_and_named_by_top_notes(tmp_path: Path) -> None:
    with Index.open(EXAMPLE_VAULT, tmp_path / "ix.sqlite") as index:
        index.refresh(jobs=1)
        graph = build_graph(index)
    first, second = communities(graph), communities(graph)
    assert [c.notes for c in first] == [c.notes for c in second]
    assert sum(c.size for c in first) == graph.number_of_nodes()
    assert all(c.top[0] in c.notes for c in first)
    wfu = next(c for c in first if "Concepts/WFU.md" in c.notes)
    assert "WFU" in wfu.name.split(", ")


def test_export_graphml_and_gexf_load_back_with_attributes(vault: Path, tmp_path: Path) -> None:
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        target = tmp_path / f"g.{fmt}"
        code, _, err = run(
            vault,
            "export",
            "--format",
            fmt,
            "--out",
            str(target),
            "--include-unresolved",
            "--include-attachments",
        )
        assert code == 0, err
        back = read(target)
        assert sorted(back.nodes) == sorted(
            ["Hub.md", "a.md", "b.md", "c.md", "End.md", "d.md", "lonely.md", "pic.png", "Nowhere"]
        )
        hub = back.nodes["Hub.md"]
        assert hub["title"] == "Hub" and hub["tags"] == "topic" and int(hub["in_degree"]) == 3
        assert back.nodes["a.md"]["kind"] == "meeting"
        assert back.nodes["pic.png"]["kind"] == "attachment"
        assert back.nodes["Nowhere"]["kind"] == "unresolved"
        assert int(back["a.md"]["Hub.md"]["weight"]) == 2
        assert int(hub["community"]) >= 1


def test_export_json_filters_by_folder_and_tag(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {"A/x.md": "#keep [[y]] [[B/z]]", "A/y.md": "#keep [[x]]", "B/z.md": "[[A/x]]"}
    )
    code, out, _ = run(root, "export", "--format", "json", "--folder", "A")
    data = json.loads(out)
    assert code == 0
    assert sorted(n["id"] for n in data["nodes"]) == ["A/x.md", "A/y.md"]
    assert sorted((e["source"], e["target"]) for e in data["links"]) == [
        ("A/x.md", "A/y.md"),
        ("A/y.md", "A/x.md"),
    ]
    code, out, _ = run(root, "export", "--format", "json", "--tag", "keep")
    assert sorted(n["id"] for n in json.loads(out)["nodes"]) == ["A/x.md", "A/y.md"]


def _parse_dot(text: str) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, int]]]:
    """A reader for the DOT vaultkit writes: quoted ids and attributes, one statement a line."""
    quoted = r'"((?:[^"\\]|\\.)*)"'
    unquote = lambda s: re.sub(r"\\(.)", r"\1", s)  # noqa: E731
    nodes: dict[str, dict[str, str]] = {}
    edges = []
    lines = text.strip().splitlines()
    assert lines[0] == "digraph vault {" and lines[-1] == "}"
    for line in lines[2:-1]:
        edge = re.fullmatch(rf"  {quoted} -> {quoted} \[weight=(\d+)\];", line)
        if edge:
            edges.append((unquote(edge[1]), unquote(edge[2]), int(edge[3])))
            continue
        node = re.fullmatch(rf"  {quoted} \[(.*)\];", line)
        assert node, line
        attrs = dict(re.findall(rf"(\w+)={quoted}", node[2]))
        nodes[unquote(node[1])] = {k: unquote(v) for k, v in attrs.items()}
    return nodes, edges


def test_export_dot_loads_back(vault: Path, tmp_path: Path) -> None:
    code, out, _ = run(vault, "export", "--format", "dot")
    assert code == 0
    nodes, edges = _parse_dot(out)
    assert len(nodes) == 7 and ("a.md", "Hub.md", 2) in edges
    assert nodes["b.md"]["label"] == "b"
    try:
        import pydot
    except ImportError:
        pydot = None
    if pydot is not None:
        with warnings.catch_warnings():  # pydot 4 on pyparsing 3.2+ warns on its own use
            warnings.simplefilter("ignore")
            (graph,) = pydot.graph_from_dot_data(out)
        assert len(graph.get_nodes()) >= 7 and len(graph.get_edges()) == len(edges)
    if shutil.which("dot"):
        svg = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True)
        assert svg.returncode == 0 and "<svg" in svg.stdout


def test_export_mermaid_is_a_flowchart_with_every_node_and_edge(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({'Say "hi" <1>.md': "[[b]]", "b.md": '[[Say "hi" <1>]] [[gone]]'})
    graph = annotate(_graph(root, tmp_path, include_unresolved=True))
    text = to_mermaid(graph)
    lines = text.strip().splitlines()
    assert lines[0] == "flowchart LR"
    nodes = {}
    edges = []
    for line in lines[1:]:
        node = re.fullmatch(r'  (n\d+)(?:\["([^"]*)"\]|\(\("([^"]*)"\)\)|\[/"([^"]*)"/\])', line)
        edge = re.fullmatch(r"  (n\d+) --> (n\d+)", line)
        assert node or edge, line
        if node:
            nodes[node[1]] = next(g for g in node.groups()[1:] if g is not None)
        else:
            edges.append((edge[1], edge[2]))
    assert sorted(nodes.values()) == ["Say #quot;hi#quot; #lt;1#gt;", "b", "gone"]
    assert len(edges) == 3 and all(a in nodes and b in nodes for a, b in edges)


def test_export_rejects_an_unknown_format(vault: Path) -> None:
    code, _, err = run(vault, "export", "--format", "svg")
    assert code == 2 and "unknown format" in err


def test_html_page_is_self_contained(vault: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.html"
    code, _, _ = run(vault, "export", "--format", "html", "--out", str(target))
    assert code == 0
    page = target.read_text(encoding="utf-8")
    assert "default-src 'none'" in page
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    data = json.loads(page.split("const DATA = ", 1)[1].split(";\n", 1)[0])
    assert len(data["nodes"]) == 7 and len(data["links"]) == 7


def test_graph_subcommands_take_the_shared_output_options(tmp_path: Path) -> None:
    code, out, _ = run(EXAMPLE_VAULT, "hubs", "--top", "3", "--csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "path,title,score,linked_from,links_to"
    assert lines[1].startswith("Concepts/WFU.md,WFU,") and len(lines) == 4
    assert run(EXAMPLE_VAULT, "hubs", "--top", "3", "--paths")[1].splitlines() == [
        line.split(",")[0] for line in lines[1:]
    ]
    stats = json.loads(run(EXAMPLE_VAULT, "stats", "--top", "2", "--json")[1])
    assert stats["notes"] == 36 and len(stats["hubs"]) == 2  # the documented shape
    assert run(EXAMPLE_VAULT, "stats", "--top", "2", "--count")[1] == "2\n"
    hood = json.loads(run(EXAMPLE_VAULT, "neighbors", "WFU", "--json")[1])
    tsv = run(EXAMPLE_VAULT, "neighbors", "WFU", "--tsv", "--no-headers")[1].splitlines()
    assert [line.split("\t")[0] for line in tsv] == [n["path"] for n in hood["neighbors"]]
    groups = json.loads(run(EXAMPLE_VAULT, "communities", "--json")[1])
    jsonl = run(EXAMPLE_VAULT, "communities", "--jsonl")[1].splitlines()
    assert [json.loads(line) for line in jsonl] == groups
    assert run(EXAMPLE_VAULT, "communities", "--count")[1] == f"{len(groups)}\n"
    assert run(EXAMPLE_VAULT, "communities", "--paths")[0] == 2  # not offered
    assert run(EXAMPLE_VAULT, "dead-ends", "--count")[1] == "0\n"
