"""What a new user trying vaultkit on a handful of notes ran into (trial of the CLI)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()

MEETING = (
    "# [[IMT]] Branch, 1-30-21\n#meeting/political\n\n## News Updates\n- camp cleared\n"
    "## My intervention\n- follow up with contacts\n"
)


@pytest.mark.parametrize(
    ("view", "said"),
    [
        ("decisions", "no decisions recorded in the 1 meeting selected."),
        ("actions", "no open actions in the 1 meeting selected."),
        ("sections", "no resolution sections discussed in the 1 meeting selected."),
        ("readings", "no linked readings discussed in the 1 meeting selected."),
    ],
)
def test_an_empty_report_view_says_so(make_vault: VaultBuilder, view: str, said: str) -> None:
    """`report meetings --view V` on meetings with nothing for V printed nothing at all."""
    vault = make_vault({"IMT Branch 1-30-21.md": MEETING})
    result = runner.invoke(app, ["report", "meetings", "--view", view, "--vault", str(vault)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert said in " ".join(result.stderr.split())


def test_a_view_with_rows_adds_no_notice(make_vault: VaultBuilder) -> None:
    vault = make_vault({"IMT Branch 1-30-21.md": MEETING})
    result = runner.invoke(app, ["report", "meetings", "--view", "cadence", "--vault", str(vault)])
    assert result.exit_code == 0 and "IMT" in result.stdout
    assert "selected" not in result.stderr
