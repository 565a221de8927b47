"""A NOTE given to ``summarize`` with a filter (``--folder``, ``--tag``, ``--where``) or, for
the MCP tool, a kind or ``all``: the filter is refused, never silently ignored (issue 16 and
the project's rule: an option is never silently ignored). Before, the note was summarized as
if no filter had been typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.live.registry import ToolUsageError, call
from vaultkit.live.tools import tools


@pytest.mark.parametrize(
    "extra",
    [["--folder", "Readings"], ["--tag", "reading"], ["--where", "rating >= 4"]],
)
def test_a_note_with_a_filter_is_a_usage_error(tmp_path: Path, extra: list[str]) -> None:
    where = ["--vault", str(EXAMPLE_VAULT), "--index", str(tmp_path / "i.sqlite")]
    result = CliRunner().invoke(app, ["summarize", "dialectics", *extra, *where])
    assert result.exit_code == 2 and result.stdout == ""
    assert "not both" in result.stderr and extra[0] in result.stderr


def test_a_note_alone_is_still_summarized(tmp_path: Path) -> None:
    where = ["--vault", str(EXAMPLE_VAULT), "--index", str(tmp_path / "i.sqlite")]
    result = CliRunner().invoke(app, ["summarize", "dialectics", "--paths", *where])
    assert result.exit_code == 0 and result.stdout == "Concepts/dialectics.md\n"


@pytest.mark.parametrize(
    "extra",
    [{"folder": "Readings"}, {"tag": "reading"}, {"kind": "meeting"}, {"all": True}],
)
def test_the_mcp_tool_refuses_a_note_with_a_filter(
    tmp_path: Path, extra: dict[str, object]
) -> None:
    tool = {t.name: t for t in tools()}["summarize"]
    with Index.open(EXAMPLE_VAULT, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        with pytest.raises(ToolUsageError, match="not both"):
            call(tool, index, {"note": "dialectics", **extra})
        data, _ = call(tool, index, {"note": "dialectics"})
    assert [s["path"] for s in data["results"]] == ["Concepts/dialectics.md"]
