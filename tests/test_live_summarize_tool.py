"""The MCP ``summarize`` tool over a folder answers what ``vaultkit summarize --folder --json``
prints for it: the same gists and key sentences (the vault's word weights), the same chrome."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.live.registry import call
from vaultkit.live.tools import tools


@pytest.mark.parametrize("folder", ["Readings", "Clippings", "Resolutions"])
def test_summarize_tool_of_a_folder_equals_the_cli(tmp_path: Path, folder: str) -> None:
    index_path = tmp_path / "i.sqlite"
    where = ["--vault", str(EXAMPLE_VAULT), "--index", str(index_path)]
    result = CliRunner().invoke(app, ["summarize", "--folder", folder, "--json", *where])
    assert result.exit_code == 0, result.stderr
    cli = json.loads(result.stdout)
    tool = {t.name: t for t in tools()}["summarize"]
    with Index.open(EXAMPLE_VAULT, index_path) as index:
        index.refresh(jobs=1)
        data, _ = call(tool, index, {"folder": folder, "limit": 100})
        page, _ = call(tool, index, {"folder": folder, "limit": 1, "cursor": "1"})
    assert len(cli) >= 2
    assert data["results"] == cli
    assert page["results"] == cli[1:2]
