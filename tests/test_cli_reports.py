"""`vaultkit summarize` and `vaultkit report …` through Typer's CliRunner, on examples/vault
(read-only) and on vaults in tmp_path built from tests/fixtures/seedlike."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, FIXTURES, VaultBuilder
from vaultkit.cli import app

runner = CliRunner()
EXAMPLE = str(EXAMPLE_VAULT)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def seed_vault(make_vault: VaultBuilder) -> Path:
    files: dict[str, str | bytes] = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seedlike").glob("*.md"))
    }
    return make_vault(files)


def _digest(root: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            sha.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return sha.hexdigest()


# -- summarize -------------------------------------------------------------------------------


def test_summarize_json_of_the_reading_note(seed_vault: Path) -> None:
    code, out, _ = run("summarize", "reading", "--vault", str(seed_vault), "--jsonl")
    assert code == 0
    (data,) = [json.loads(line) for line in out.splitlines()]
    assert data["path"] == "reading.md" and data["mode"] == "sentences"
    assert data["header"]["kinds"] == ["reading", "resolution"]
    outline = [(s["number"], s["first"], s["last"]) for s in data["outline"]]
    assert outline[:2] == [(1, 1, 12), (13, 13, 28)]
    assert {"500", "1,000"} <= {f["text"] for f in data["figures"]}
    assert 1 <= len(data["key"]) <= 5
    assert [s["number"] for s in data["segments"] if s["kind"] == "section"] == [1, 13, 29, 43]
    assert all(s["gist"] for s in data["segments"] if s["kind"] == "section")
    assert data["length"]["summary"] <= data["length"]["note"] / 2
    roles = {f["text"]: f["role"] for f in data["figures"]}
    assert (roles["400 members"], roles["500"], roles["1,000"]) == ("fact", "target", "target")


def test_summarize_every_clipping_gets_its_own_key_points(seed_vault: Path) -> None:
    code, out, _ = run(
        "summarize", "--kind", "clipping", "-n", "2", "--vault", str(seed_vault), "--jsonl"
    )
    assert code == 0
    found = {d["path"]: d for d in map(json.loads, out.splitlines())}
    assert sorted(found) == ["clipping-bullets.md", "clipping-points.md", "clipping-repeated.md"]
    for path, data in found.items():
        text = (seed_vault / path).read_text(encoding="utf-8")
        assert 1 <= len(data["key"]) <= 2
        assert all(k["sentence"][:30] in text for k in data["key"])
    assert found["clipping-points.md"]["mode"] == "points"
    assert found["clipping-repeated.md"]["repeated"] == 1


def test_summarize_terminal_and_markdown(seed_vault: Path) -> None:
    code, out, _ = run("summarize", "reading.md", "--vault", str(seed_vault))
    assert code == 0
    assert "§13 Where we stand today — ¶13–28" in out and "Key sentences" in out
    code, md, _ = run("summarize", "reading.md", "--vault", str(seed_vault), "--format", "md")
    assert code == 0
    assert md.startswith("## reading\n")  # the file name, as Obsidian shows it
    assert "heading: WFU Organizing Resolution (2022)" in md
    # the gists list every section with its range, so the outline is not printed again
    assert "- **§1 The decade ahead: why organization matters — ¶1–12**: " in md
    assert "### Outline" not in md and "Outline" not in out
    assert "[[sectarianism]] (1)" in md  # the alias `sects` is how it reads, not what it is
    assert "| target | Today we are close to **400 members**, with **500** within" in md


def test_summarize_a_meeting_says_it_is_not_a_reading(seed_vault: Path) -> None:
    code, _, err = run("summarize", "meeting", "--vault", str(seed_vault))
    assert code == 0 and "note: meeting.md: a meeting note" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a NOTE"),
        (["reading", "--all"], "not both"),
        (["--kind", "poem"], "known kinds are"),
        (["--all", "--format", "csv"], "choose one of table, json, jsonl, paths, md"),
        (["Nothing Like This"], "no note"),
        (["The Long Road of the Dockers (1998)"], "has no note yet"),
    ],
)
def test_summarize_usage_errors_exit_2(seed_vault: Path, args: list[str], message: str) -> None:
    code, out, err = run("summarize", *args, "--vault", str(seed_vault))
    assert code == 2 and out == ""
    assert message in err


# -- reports on the example vault ------------------------------------------------------------


def test_report_meetings_json_on_the_example_vault() -> None:
    code, out, _ = run(
        "report", "meetings", "--vault", EXAMPLE, "--json", "--interventions",
        "--today", "2021-10-01",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert len(data["meetings"]) == 12
    assert [m["date"] for m in data["meetings"]] == sorted(m["date"] for m in data["meetings"])
    first = data["meetings"][0]
    assert (first["date"], first["org"]) == ("2021-01-16", "WFU")
    assert [r["name"] for r in first["readings"]] == [
        "The Rise and Fall of the Harbor Workers League (2009)"
    ]
    # three branches of one organization are three rows (issue 16), each with its own gap
    assert [(c["org"], c["name"], c["count"]) for c in data["cadence"]] == [
        ("WFU", "Olympia", 4),
        ("WFU", "Spokane", 4),
        ("WFU", "Tacoma", 4),
    ]
    tacoma = data["cadence"][2]
    assert (tacoma["median_gap_days"], tacoma["last"], tacoma["next_expected"]) == (
        57.0,
        "2021-07-24",
        "2021-09-19",
    )
    assert (tacoma["days_since_last"], tacoma["overdue"]) == (69, True)
    assert data["today"] == "2021-10-01"
    assert [m["branch"] for m in data["meetings"][:3]] == ["Tacoma", "Spokane", "Olympia"]
    assert [m["count"] for m in data["months"]] == [2, 1, 2, 1, 2, 1, 1, 2]
    assert len(data["interventions"]) == 24
    assert all(g["points"] for g in data["interventions"])


def test_report_meetings_filters_csv_and_markdown() -> None:
    code, out, _ = run(
        "report", "meetings", "--vault", EXAMPLE, "--since", "2021-05", "--until", "2021-06",
        "--folder", "Meetings/Olympia", "--csv",
    )  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["date"], r["path"]) for r in rows] == [
        ("2021-05-22", "Meetings/Olympia/Olympia 5-22-21.md")
    ]
    assert rows[0]["readings"] == (
        "Notes on Branch Building (2018); Pacific Northwest Regional Resolution (2021)"
    )
    code, md, _ = run("report", "meetings", "--vault", EXAMPLE, "--format", "md", "--by", "folder")
    assert code == 0
    assert "| Meetings/Tacoma | – | 4 | 2021-01-16 | 2021-07-24 |" in md
    assert "2021-01 ██ 2" in md


def test_report_meetings_terminal_has_bars_and_cadence() -> None:
    code, out, _ = run("report", "meetings", "--vault", EXAMPLE)
    assert code == 0
    assert "12 meetings" in out and "Cadence per branch" in out
    assert "Decisions" in out and "Open actions" in out and "Readings by branch" in out
    assert "2021-02 █ 1" in out


@pytest.mark.parametrize("bad", ["May 2021", "2021-5", "21-05-01"])
def test_report_meetings_bad_dates_exit_2(bad: str) -> None:
    code, _, err = run("report", "meetings", "--vault", EXAMPLE, "--since", bad)
    assert code == 2 and "YYYY" in err


def test_report_readings_on_the_example_vault() -> None:
    code, out, _ = run("report", "readings", "--vault", EXAMPLE, "--json")
    assert code == 0
    data = json.loads(out)
    assert [g["label"] for g in data["groups"]] == ["5", "4", "3", "WIP", "unrated"]
    readings = {r["title"]: r for g in data["groups"] for r in g["readings"]}
    lenin = readings["What Is To Be Done (1902)"]
    assert [m["date"] for m in lenin["discussed"]] == ["2021-03-14", "2021-08-14", "2021-08-21"]
    assert [r["path"] for r in data["incomplete"]] == [
        "Readings/Unions in the Age of Gig Work (2021).md"
    ]
    assert data["incomplete"][0]["missing"] == ["genre", "format", "rating"]


def test_report_resolutions_on_the_example_vault() -> None:
    code, out, _ = run("report", "resolutions", "--vault", EXAMPLE, "--json")
    assert code == 0
    data = {r["title"]: r for r in json.loads(out)["resolutions"]}
    wfu = data["WFU Organizational Resolution (2021)"]
    assert (wfu["status"], wfu["status_from"]) == ("adopted", "property")
    assert [(s["number"], s["first"], s["last"]) for s in wfu["sections"]][:3] == [
        (1, 1, 12),
        (13, 13, 24),
        (25, 25, 28),
    ]
    assert [m["date"] for m in wfu["meetings"]] == ["2021-04-10", "2021-05-02"]
    assert "Resolutions/Pacific Northwest Regional Resolution (2021).md" in [
        r["path"] for r in wfu["readings"]
    ]
    assert "500 members" in [f["text"] for f in wfu["figures"] if f["target"]]
    pnw = data["Pacific Northwest Regional Resolution (2021)"]
    assert pnw["status"] == "draft"


def test_reports_never_write_to_the_vault(seed_vault: Path) -> None:
    before = _digest(seed_vault)
    for args in (
        ["summarize", "--all"],
        ["report", "meetings", "--interventions"],
        ["report", "readings", "--format", "md"],
        ["report", "resolutions", "--csv"],
    ):
        code, _, _ = run(*args, "--vault", str(seed_vault))
        assert code == 0
    assert _digest(seed_vault) == before
