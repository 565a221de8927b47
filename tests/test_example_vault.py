"""The showcase vault answers as the README says (read-only: the index lives in tmp)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT
from vaultkit.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("example") / "ix.sqlite"


def run(index_path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--vault", str(EXAMPLE_VAULT), "--index", str(index_path)])
    return result.exit_code, result.stdout, result.stderr


def test_index_counts_and_the_one_broken_frontmatter(index_path: Path) -> None:
    code, out, err = run(index_path, "index", "--json")
    assert code == 0
    data = json.loads(out)
    # attachments: branch-map.png and the two bases, Meetings.base and Readings.base
    assert (data["notes"], data["excluded"], data["attachments"]) == (36, 1, 3)
    assert data["unresolved"] == 4  # Spring Conference 2021 three times, [[sects]] once
    assert "Readings/Unions in the Age of Gig Work (2021).md:6: invalid YAML frontmatter" in err


def test_links_of_the_most_linked_note(index_path: Path) -> None:
    code, out, _ = run(index_path, "links", "WFU", "--json", "--all")
    data = json.loads(out)
    assert code == 0 and data["path"] == "Concepts/WFU.md"
    assert data["source_count"] == 22
    sources = {b["path"] for b in data["backlinks"]}
    assert "Dashboard.md" in sources  # the link inside a %% comment counts
    assert "Templates/Meeting template.md" not in sources  # excluded in .obsidian/app.json
    meeting = next(
        b for b in data["backlinks"] if b["path"] == "Meetings/Olympia/Olympia 2-6-21.md"
    )
    assert [(x["line"], x["text"]) for x in meeting["links"]] == [
        (1, "# [[WFU]] Olympia Branch, 2-6-21")
    ]


def test_links_waiting_for_a_note_not_written(index_path: Path) -> None:
    code, out, _ = run(index_path, "links", "Spring Conference 2021", "--json")
    data = json.loads(out)
    assert code == 0 and data["exists"] is False
    assert sorted(b["path"] for b in data["backlinks"]) == [
        "Meetings/Olympia/Olympia 3-13-21.md",
        "Meetings/Spokane/2021-04-10 Spokane branch.md",
        "Meetings/Tacoma/2021-03-14 Tacoma branch.md",
    ]


def test_alias_only_link_and_markdown_links(index_path: Path) -> None:
    code, out, _ = run(index_path, "links", "Olympia 3-13-21", "--json")
    assert code == 0
    unresolved = {u["target"]: u["hint"] for u in json.loads(out)["unresolved"]}
    assert "Concepts/sectarianism.md" in unresolved["sects"]
    _code, out, _ = run(index_path, "links", "Notes on Branch Building (2018)", "--json", "--all")
    kinds = {(b["path"], x["kind"]) for b in json.loads(out)["backlinks"] for x in b["links"]}
    assert ("Meetings/Olympia/Olympia 5-22-21.md", "markdown") in kinds


def test_notes_by_kind(index_path: Path) -> None:
    _code, out, _ = run(index_path, "notes", "--kind", "meeting", "--jsonl")
    meetings = [json.loads(line) for line in out.splitlines()]
    assert len(meetings) == 12
    assert all(m["date"] and m["org"] == "WFU" for m in meetings)
