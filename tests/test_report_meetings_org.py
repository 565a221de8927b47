"""`report meetings` shows the branch as the branch: the organization has its own column when
the meetings belong to several, else it names the table; CSV views carry it in a column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, VaultBuilder
from vaultkit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "220"})
    return result.exit_code, result.stdout


def _meeting(org: str, branch: str, date: str, decision: str, task: str) -> str:
    return (
        f"# [[{org}]] {branch} Branch, {date}\n#meeting/political\n\n"
        f"## Organizational Point\n- {decision}\n\n## Tasks\n- [ ] {task}\n"
    )


@pytest.fixture
def two_orgs(make_vault: VaultBuilder) -> Path:
    return make_vault(
        {
            "Meetings/a.md": _meeting(
                "Harbor League", "Eastside", "3-6-22", "We voted 5-2 to hold a forum.", "Ana: book"
            ),
            "Meetings/b.md": _meeting(
                "Harbor League", "Eastside", "4-3-22", "Agreed to meet monthly.", "Ana: flyers"
            ),
            "Meetings/c.md": _meeting(
                "Tenants Union", "Riverside", "3-13-22", "Agreed to canvass.", "Bo: call the hall"
            ),
            "Meetings/d.md": _meeting(
                "Tenants Union", "Riverside", "4-10-22", "We voted 4-0 to join.", "Bo: leaflets"
            ),
        }
    )


def _rows(out: str, first: str) -> list[list[str]]:
    """The cells of the table rows starting with ``first`` in a rich table."""
    return [
        [cell.strip() for cell in line.strip("│ ").split("│")]
        for line in out.splitlines()
        if line.startswith("│") and line.strip("│ ").startswith(first)
    ]


def test_several_organizations_get_their_own_column(two_orgs: Path) -> None:
    vault = ["--vault", str(two_orgs), "--today", "2022-05-01"]
    code, out = run("report", "meetings", *vault, "--view", "cadence")
    assert code == 0 and "·" not in out
    assert "Cadence per branch (to 2022-05-01)" in out
    assert [row[:3] for row in _rows(out, "Harbor") + _rows(out, "Tenants")] == [
        ["Harbor League", "Eastside", "2"],
        ["Tenants Union", "Riverside", "2"],
    ]
    code, out = run("report", "meetings", *vault, "--view", "meetings")
    assert code == 0 and "┃ org " in out
    assert [row[1:3] for row in _rows(out, "2022-")] == [
        ["Harbor League", "Eastside"],
        ["Tenants Union", "Riverside"],
        ["Harbor League", "Eastside"],
        ["Tenants Union", "Riverside"],
    ]
    code, out = run("report", "meetings", *vault, "--view", "decisions")
    assert [row[:3] for row in _rows(out, "2022-")] == [
        ["2022-03-06", "Harbor League", "Eastside"],
        ["2022-03-13", "Tenants Union", "Riverside"],
        ["2022-04-03", "Harbor League", "Eastside"],
        ["2022-04-10", "Tenants Union", "Riverside"],
    ]


def test_one_organization_names_the_tables(two_orgs: Path) -> None:
    vault = ["--vault", str(two_orgs), "--today", "2022-05-01", "--org", "Tenants Union"]
    code, out = run("report", "meetings", *vault)
    assert code == 0 and "Tenants Union · " not in out
    assert "2 meetings of Tenants Union" in out
    assert "Cadence per branch of Tenants Union (to 2022-05-01)" in out
    assert "Decisions of Tenants Union (2)" in out and "Open actions of Tenants Union (2)" in out
    assert [row[0] for row in _rows(out, "Riverside")] == ["Riverside"]


def test_csv_views_carry_the_organization_in_a_column(two_orgs: Path) -> None:
    for view, first in (("decisions", "date"), ("actions", "owner")):
        code, out = run("report", "meetings", "--vault", str(two_orgs), "--view", view, "--csv")
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out)))
        assert next(iter(rows[0])) == first
        assert sorted({(r["org"], r["branch"]) for r in rows}) == [
            ("Harbor League", "Eastside"),
            ("Tenants Union", "Riverside"),
        ]


def test_the_example_vault_shows_branches_under_their_organization() -> None:
    code, out = run(
        "report", "meetings", "--vault", str(EXAMPLE_VAULT), "--view", "cadence",
        "--today", "2021-10-01",
    )  # fmt: skip
    assert code == 0 and "Cadence per branch of WFU" in out
    assert [row[0] for row in _rows(out, "")][:3] == ["Olympia", "Spokane", "Tacoma"]


def test_a_meeting_of_the_organizations_own_branch_shows_it_as_cadence_does(
    make_vault: VaultBuilder,
) -> None:
    """`# [[IMT]] Branch, 1-30-21` (the user's own meeting note): the meetings table showed
    "–" as its branch while the cadence table counted it under IMT."""
    root = make_vault(
        {"m.md": "# [[IMT]] Branch, 1-30-21\n#meeting/political\n\n## News\n- A point.\n"}
    )
    code, out = run("report", "meetings", "--vault", str(root))
    assert code == 0
    [meeting] = _rows(out, "2021-01-30")
    assert meeting[1] == "IMT"
    [cadence] = _rows(out, "IMT")
    assert cadence[1] == "1"
