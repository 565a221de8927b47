"""Small defects a new user reported in session 7 (fix7): each test fails without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.live.registry import call
from vaultkit.live.tools import tools
from vaultkit.reports.meetings import ReversedPeriod

runner = CliRunner()

MEETING = "---\ntags: [meeting]\ndate: {date}\n---\n# Agenda\n- plans\n"


def test_a_reversed_period_is_a_usage_error(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """`report meetings --since 2021-05 --until 2021-04` said 'none selected' and explained
    what a meeting is; a period no date can fall in is a usage error naming both bounds."""
    root = make_vault({"m.md": MEETING.format(date="2021-04-20")})
    index = tmp_path / "ix.sqlite"
    base = ["report", "meetings", "--vault", str(root), "--index", str(index), "--json"]
    for since, until in [("2021-05", "2021-04"), ("2021", "2020-12-31"), ("2021-04-21", "2021")]:
        result = runner.invoke(app, [*base, "--since", since, "--until", until])
        if since == "2021-04-21":  # 2021-04-21..2021-12-31 is a real period
            assert result.exit_code == 0, result.stderr
            continue
        assert result.exit_code == 2 and result.stdout == ""
        assert f"since {since} is after until {until}" in result.stderr
        assert "meeting" not in result.stderr.split("until")[-1]
    same = runner.invoke(app, [*base, "--since", "2021-04", "--until", "2021-04"])
    assert same.exit_code == 0 and '"2021-04-20"' in same.stdout
    tool = {t.name: t for t in tools()}["report"]
    with Index.open(root, index) as opened, pytest.raises(ReversedPeriod, match="2021-05"):
        call(tool, opened, {"report": "meetings", "since": "2021-05", "until": "2021-04"})
