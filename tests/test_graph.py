"""The networkx link graph and `vaultkit graph` (hubs, orphans, paths, export)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, VaultBuilder
from vaultkit.cli import app
from vaultkit.graph import build_graph, shortest_link_path, summarize_graph
from vaultkit.index import Index

runner = CliRunner()

FILES: dict[str, str | bytes] = {
    ".obsidian/app.json": '{"userIgnoreFilters": ["Templates/"]}',
    "Hub.md": "# Hub\nthe centre, and back to [[a]]",
    "a.md": "[[Hub]] [[Hub]] [[b]] [[#self]]",
    "b.md": "[[Hub]] [[c]]",
    "c.md": "[[missing]]",
    "lonely.md": "no links at all",
    "Templates/T.md": "[[Hub]] [[lonely]]",
    "pic.png": b"\x89PNG",
    "d.md": "![[pic.png]]",
}


@pytest.fixture
def graph_vault(make_vault: VaultBuilder) -> Path:
    return make_vault(FILES)


def test_graph_counts_hubs_and_orphans(graph_vault: Path, tmp_path: Path) -> None:
    with Index.open(graph_vault, tmp_path / "ix.sqlite") as index:
        index.refresh()
        graph = build_graph(index)
    assert sorted(graph.nodes) == ["Hub.md", "a.md", "b.md", "c.md", "d.md", "lonely.md"]
    assert graph["a.md"]["Hub.md"]["weight"] == 2  # two links, one edge
    assert not graph.has_edge("a.md", "a.md")  # [[#self]] is no edge
    summary = summarize_graph(graph, top=2)
    assert [(h.path, h.linked_from, h.links_to) for h in summary.hubs] == [
        ("Hub.md", 2, 1),
        ("a.md", 1, 2),
    ]
    assert summary.orphans == ["d.md", "lonely.md"]  # attachments and excluded notes are no nodes
    assert (summary.components, summary.largest_component) == (3, 4)


def test_shortest_path_follows_links(graph_vault: Path, tmp_path: Path) -> None:
    with Index.open(graph_vault, tmp_path / "ix.sqlite") as index:
        index.refresh()
        graph = build_graph(index)
    assert shortest_link_path(graph, "Hub.md", "c.md", False).notes == [
        "Hub.md",
        "a.md",
        "b.md",
        "c.md",
    ]
    assert shortest_link_path(graph, "c.md", "Hub.md", False).notes == []
    assert shortest_link_path(graph, "c.md", "Hub.md", True).notes == ["c.md", "b.md", "Hub.md"]


def test_graph_commands(graph_vault: Path) -> None:
    where = ["--vault", str(graph_vault)]
    result = runner.invoke(app, ["graph", "--json", *where])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["orphans"] == ["d.md", "lonely.md"]
    result = runner.invoke(app, ["graph", "path", "c", "Hub", *where])
    assert result.exit_code == 1 and "--undirected" in result.stdout
    result = runner.invoke(app, ["graph", "path", "c", "Hub", "--undirected", "--json", *where])
    assert result.exit_code == 0 and json.loads(result.stdout)["notes"][-1] == "Hub.md"
    result = runner.invoke(app, ["graph", "export", "--format", "json", *where])
    data = json.loads(result.stdout)
    assert {n["id"] for n in data["nodes"]} >= {"Hub.md", "lonely.md"}
    result = runner.invoke(app, ["graph", "export", *where])
    assert result.stdout.lstrip().startswith("<?xml") and "graphml" in result.stdout


def test_graph_of_the_example_vault() -> None:
    result = runner.invoke(app, ["graph", "--json", "--top", "1", "--vault", str(EXAMPLE_VAULT)])
    data = json.loads(result.stdout)
    assert data["hubs"][0]["path"] == "Concepts/WFU.md"
    assert data["notes"] == 36
