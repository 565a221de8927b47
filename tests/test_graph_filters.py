"""`graph stats`, `communities` and `hubs` on the subgraph of the notes --folder, --tag,
--kind, --where select (and the links among them); `dead-ends` takes --where too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()

FILES: dict[str, str | bytes] = {
    "A/a.md": "---\nstatus: done\n---\n[[b]] [[b]] [[Ghost]]",
    "A/b.md": "---\nstatus: done\n---\n[[a]] ![[pic.png]]",
    "B/c.md": "#x [[a]] [[b]] [[d]]",
    "B/d.md": "#x [[Phantom]] [[Phantom]] ![[pic.png]] ![[other.png]]",
    "B/e.md": "---\nstatus: open\n---\n[[d]]",
    "pic.png": b"\x89PNG",
    "other.png": b"\x89PNG",
}


@pytest.fixture
def vault(make_vault: VaultBuilder) -> Path:
    return make_vault(FILES)


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["graph", *args, "--vault", str(root)])
    return result.exit_code, result.stdout, result.stderr


def stats(root: Path, *args: str) -> dict[str, object]:
    code, out, err = run(root, "stats", "--json", *args)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_stats_of_a_folder_count_its_notes_and_their_links_only(vault: Path) -> None:
    whole = stats(vault)
    assert (whole["notes"], whole["links"], whole["unresolved"], whole["attachments"]) == (
        5,
        7,
        3,
        2,
    )
    a = stats(vault, "--folder", "A")
    assert (a["notes"], a["links"], a["edges"]) == (2, 3, 2)
    assert (a["unresolved"], a["unresolved_targets"]) == (1, 1)  # [[Ghost]], not Phantom
    assert (a["attachments"], a["attachment_links"]) == (1, 1)  # pic.png from b
    assert [h["path"] for h in a["hubs"]] == ["A/a.md", "A/b.md"]  # type: ignore[union-attr]
    b = stats(vault, "--folder", "B")
    assert (b["notes"], b["links"], b["components"], b["orphans"]) == (3, 2, 1, 0)
    assert (b["unresolved"], b["unresolved_targets"]) == (2, 1)
    assert (b["attachments"], b["attachment_links"]) == (2, 2)
    # only d is linked to among B's notes: c and e are no hubs of this subgraph
    assert [(h["path"], h["linked_from"]) for h in b["hubs"]] == [("B/d.md", 2)]  # type: ignore[union-attr]


def test_stats_by_tag_kind_and_where(vault: Path) -> None:
    assert stats(vault, "--tag", "x")["notes"] == 2
    done = stats(vault, "--where", 'status = "done"')
    assert (done["notes"], done["links"]) == (2, 3)


def test_hubs_rank_within_the_selection(vault: Path) -> None:
    code, out, _ = run(vault, "hubs", "--json")
    whole = {row["path"]: row["linked_from"] for row in json.loads(out)}
    assert whole["A/b.md"] == 2 and whole["B/d.md"] == 2
    code, out, err = run(vault, "hubs", "--tag", "x", "--json")
    assert code == 0, err
    # c is linked from no selected note: no hub of the selection
    assert [(r["path"], r["linked_from"]) for r in json.loads(out)] == [("B/d.md", 1)]
    code, out, _ = run(vault, "hubs", "--by", "pagerank", "--where", 'status = "done"', "--paths")
    assert sorted(out.split()) == ["A/a.md", "A/b.md"]


def test_communities_keep_to_the_selection(vault: Path) -> None:
    code, out, err = run(vault, "communities", "--folder", "B", "--json")
    assert code == 0, err
    members = sorted(p for group in json.loads(out) for p in group["notes"])
    assert members == ["B/c.md", "B/d.md", "B/e.md"]


def test_dead_ends_take_where(vault: Path) -> None:
    code, out, _ = run(vault, "dead-ends", "--paths")
    assert code == 0 and out.split() == ["B/d.md"]
    assert run(vault, "dead-ends", "--where", 'status = "done"', "--paths")[1] == ""
    assert run(vault, "dead-ends", "--tag", "x", "--paths")[1].split() == ["B/d.md"]


@pytest.mark.parametrize("command", ["stats", "hubs", "communities", "dead-ends"])
def test_a_selection_of_nothing_is_explained(vault: Path, command: str) -> None:
    code, _, err = run(vault, command, "--folder", "Nope")
    assert code == 0 and "no folder 'Nope' in the vault" in err
    code, _, err = run(vault, command, "--kind", "meetin")
    assert code == 2 and "meeting" in err


def test_the_summary_takes_the_filters_and_hands_them_on(vault: Path) -> None:
    code, out, err = run(vault, "--folder", "A", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["notes"], summary["edges"]) == (2, 2)
    assert [h["path"] for h in summary["hubs"]] == ["A/a.md", "A/b.md"]
    result = runner.invoke(app, ["graph", "--tag", "x", "hubs", "--paths", "--vault", str(vault)])
    assert result.exit_code == 0 and result.stdout.split() == ["B/d.md"]
    result = runner.invoke(app, ["graph", "--tag", "x", "path", "a", "b", "--vault", str(vault)])
    assert result.exit_code == 2 and "option of 'vaultkit graph' itself" in result.stderr
