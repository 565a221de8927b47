"""The MCP tools over search, check, Bases, unlinked mentions and neighbours (issue 19): each
answers with the JSON its CLI command prints with ``--json``, pages long answers, and
refuses what lies outside the vault."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.live.registry import ToolUsageError, call
from vaultkit.live.tools import tools

TOOLS = {tool.name: tool for tool in tools()}


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("live") / "vault"
    shutil.copytree(EXAMPLE_VAULT, root)
    return root, root.parent / "ix.sqlite"


def cli(vault: tuple[Path, Path], *args: str) -> Any:
    root, index = vault
    result = CliRunner().invoke(app, [*args, "--vault", str(root), "--index", str(index)])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def tool(vault: tuple[Path, Path], name: str, **arguments: Any) -> dict[str, Any]:
    root, index = vault
    with Index.open(root, index) as opened:
        opened.refresh(jobs=1)
        data, _ = call(TOOLS[name], opened, arguments)
    return data


def test_search_answers_as_the_cli(vault: tuple[Path, Path]) -> None:
    query = "cadre OR dues"
    expected = cli(vault, "search", query, "--json")
    data = tool(vault, "search", query=query, limit=200)
    assert data["results"] == expected and len(expected) > 3
    first = tool(vault, "search", query=query, limit=2)
    assert first["results"] == expected[:2] and first["next_cursor"] == "2"
    assert first["total"] == len(expected)
    tagged = tool(vault, "search", query="cadre", tag="meeting", limit=200)
    assert tagged["results"] == cli(vault, "search", "cadre", "--tag", "meeting", "--json")


def test_check_answers_as_the_cli(vault: tuple[Path, Path]) -> None:
    data = tool(vault, "check", limit=1000)
    data.pop("next_cursor")
    assert data == cli(vault, "check", "--json")
    assert data["total"] > 0
    only = tool(vault, "check", select=["broken-link"], limit=1000)
    assert {f["rule"] for f in only["findings"]} == {"broken-link"}


def test_base_answers_as_the_cli_and_stays_in_the_vault(vault: tuple[Path, Path]) -> None:
    data = tool(vault, "base", base="Readings.base", limit=1000)
    data.pop("next_cursor"), data.pop("total")
    assert data == cli(vault, "base", "Readings.base", "--json")
    outside = vault[0].parent / "elsewhere.base"
    outside.write_text("views:\n  - type: table\n    name: All\n")
    for name in (str(outside), "../elsewhere.base"):
        with pytest.raises(ToolUsageError, match="inside the vault"):
            tool(vault, "base", base=name)


def test_unlinked_mentions_and_neighbors_answer_as_the_cli(vault: tuple[Path, Path]) -> None:
    data = tool(vault, "unlinked_mentions", note="cadre", limit=500)
    data.pop("next_cursor"), data.pop("total")
    assert data == cli(vault, "links", "cadre", "--unlinked", "--json")
    near = tool(vault, "graph_neighbors", note="WFU", depth=2, limit=1000)
    near.pop("next_cursor"), near.pop("total")
    assert near == cli(vault, "graph", "neighbors", "WFU", "--depth", "2", "--json")
    assert near["neighbors"]
