"""`vaultkit tags`, `tags audit`, `tags suggest` and `tag add/remove/rename` through Typer's
CliRunner, on vaults built in tmp_path from notes in the shapes of the user's samples
(tests/fixtures/seedlike) and on a copy of examples/vault (never the original)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, FIXTURES, VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def seed_vault(make_vault: VaultBuilder) -> Path:
    """The five note shapes of the user's vault: a meeting, a reading, three clippings."""
    root = make_vault({})
    for path in (FIXTURES / "seedlike").glob("*.md"):
        shutil.copy(path, root / path.name)
    return root


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "example"
    shutil.copytree(EXAMPLE_VAULT, target)
    return target


# -- reading ---------------------------------------------------------------------------------


def test_tags_listing_json_csv_and_tree_leave_the_vault_alone(tmp_path: Path) -> None:
    before = _digest(EXAMPLE_VAULT)
    idx = str(tmp_path / "idx.sqlite")
    code, out, _ = run("tags", "--vault", str(EXAMPLE_VAULT), "--index", idx, "--json")
    assert code == 0
    data = json.loads(out)
    rows = {t["name"]: t for t in data["tags"]}
    assert rows["organizing"]["spellings"] == ["organizing", "Organizing"]
    assert rows["meeting/political"] == {
        "name": "meeting/political",
        "notes": 6,
        "frontmatter": 0,
        "inline": 6,
        "field": 0,
        "spellings": ["meeting/political"],
    }
    assert data["notes"] == 36 and "tree" not in data
    code, out, _ = run("tags", "--vault", str(EXAMPLE_VAULT), "--index", idx, "--tree", "--json")
    tree = {n["name"]: n for n in json.loads(out)["tree"]}
    assert (tree["meeting"]["notes"], tree["meeting"]["total"]) == (0, 12)
    code, out, _ = run("tags", "--vault", str(EXAMPLE_VAULT), "--index", idx, "--csv")
    assert out.splitlines()[0] == "tag,notes,frontmatter,inline,field"
    assert "organizing,9,3,5,2" in out.splitlines()
    code, out, _ = run("tags", "--vault", str(EXAMPLE_VAULT), "--index", idx, "--tree", "--csv")
    assert out.splitlines()[:2] == ["tag,notes,total,depth", "meeting,0,12,0"]
    code, out, _ = run("tags", "--vault", str(EXAMPLE_VAULT), "--index", idx, "--tree")
    assert code == 0 and "#meeting  12" in out
    assert _digest(EXAMPLE_VAULT) == before


def test_audit_reports_clippings_and_the_empty_tags_field(seed_vault: Path) -> None:
    """The issue's done-when, on notes in the seeds' shapes."""
    code, out, _ = run("tags", "audit", "--vault", str(seed_vault), "--json")
    assert code == 1
    data = json.loads(out)
    untagged = sorted(
        f["occurrences"][0]["path"] for f in data["findings"] if f["check"] == "untagged"
    )
    assert untagged == [
        "clipping-bullets.md",
        "clipping-points.md",
        "clipping-repeated.md",
        "reading.md",
    ]
    empty = [f for f in data["findings"] if f["check"] == "empty-tags"]
    assert [
        (f["message"], f["occurrences"][0]["path"], f["occurrences"][0]["line"]) for f in empty
    ] == [("empty `TAGS:` field", "reading.md", 9)]
    assert data["counts"]["untagged"] == 4 and data["total"] == len(data["findings"])
    code, out, _ = run("tags", "audit", "--vault", str(seed_vault))
    assert code == 1
    assert "reading.md:9  empty `TAGS:` field" in out
    assert "clipping-points.md" in out


def test_audit_exits_0_on_a_clean_vault_and_honours_folder(make_vault: VaultBuilder) -> None:
    root = make_vault({"A/a.md": "#meeting\n", "A/b.md": "#meeting\n", "B/c.md": "text\n"})
    code, out, _ = run("tags", "audit", "--vault", str(root), "--folder", "A")
    assert code == 0 and "no findings in 2 notes" in out
    code, _, _ = run("tags", "audit", "--vault", str(root))
    assert code == 1


def test_suggest_says_plainly_when_one_tagged_note_is_too_few(seed_vault: Path) -> None:
    """Issue 16: on the seed-like vault (one tagged note, one tag) #meeting/political was
    suggested confidently for every note, the reading note included."""
    code, out, err = run("tags", "suggest", "--untagged", "--vault", str(seed_vault), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["notes"] == [] and data["tagged"] == 1
    assert data["notice"].startswith("too few tagged notes to learn from: 1 tagged note")
    code, out, err = run("tags", "suggest", "--vault", str(seed_vault))
    assert code == 0 and out == ""
    assert "too few tagged notes to learn from" in " ".join(err.split())


# -- writing ---------------------------------------------------------------------------------


def test_dry_run_prints_a_diff_and_changes_nothing(seed_vault: Path) -> None:
    before = _digest(seed_vault)
    code, out, err = run(
        "tag", "add", "organizing", "reading", "clipping-points", "--vault", str(seed_vault),
        "--dry-run",
    )  # fmt: skip
    assert code == 0
    assert "--- a/reading.md\n+++ b/reading.md\n" in out
    assert "+tags:\n+  - organizing\n" in out
    assert "+++ b/clipping-points.md\n@@ -1,3 +1,7 @@\n+---\n+tags:\n+  - organizing\n+---\n" in out
    assert "nothing written" in err
    assert _digest(seed_vault) == before


def test_without_a_terminal_and_without_yes_it_refuses(seed_vault: Path) -> None:
    before = _digest(seed_vault)
    code, out, err = run("tag", "add", "organizing", "--untagged", "--vault", str(seed_vault))
    assert code == 2
    assert "--yes" in err and "nothing written" in err
    assert out == ""
    assert _digest(seed_vault) == before


def test_yes_writes_and_refreshes_the_index(seed_vault: Path, tmp_path: Path) -> None:
    idx = tmp_path / "idx.sqlite"
    code, out, _ = run(
        "tag", "add", "#organizing", "--untagged", "--vault", str(seed_vault), "--index",
        str(idx), "--yes", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["action"] == "add" and data["tag"] == "organizing"
    assert {c["path"]: c["status"] for c in data["changed"]} == {
        "clipping-bullets.md": "written",
        "clipping-points.md": "written",
        "clipping-repeated.md": "written",
        "reading.md": "written",
    }
    reading = next(c for c in data["changed"] if c["path"] == "reading.md")
    assert reading["changes"] == [
        {"action": "add", "where": "new-property", "line": 6, "before": "", "after": "organizing"}
    ]
    with Index.open(seed_vault, idx) as index:  # no refresh: the command refreshed it
        tagged = {n.path for n in index.notes() if "organizing" in n.tag_names()}
    assert len(tagged) == 4
    text = (seed_vault / "reading.md").read_text()
    assert text.startswith("---\nauthor: Executive Board of the Workers Forum\nrating: WIP \n")
    assert "format: article\ntags:\n  - organizing\n---\n" in text


def test_the_question_on_a_terminal(seed_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vaultkit.cli.tags_commands.stdin_is_terminal", lambda: True)
    before = _digest(seed_vault)
    code, _, err = run("tag", "add", "x1", "reading", "--vault", str(seed_vault), stdin="n\n")
    assert code == 0 and "nothing changed" in err and "Add #x1 to 1 note?" in err
    assert _digest(seed_vault) == before
    code, out, _ = run("tag", "add", "x1", "reading", "--vault", str(seed_vault), stdin="y\n")
    assert code == 0 and "tagged 1 note with #x1" in out
    assert "  - x1\n" in (seed_vault / "reading.md").read_text()


def test_add_then_remove_restores_every_byte(example_copy: Path) -> None:
    before = _digest(example_copy)
    vault = ["--vault", str(example_copy), "--yes"]
    code, out, _ = run("tag", "add", "zz-test", "--folder", "Readings", *vault)
    assert code == 0 and "tagged 8 notes with #zz-test" in out
    assert (
        "`TAGS:` #reading/labor #organizing #zz-test"
        in (example_copy / "Readings/Unions in the Age of Gig Work (2021).md").read_text()
    )  # invalid frontmatter left alone: the filled field takes the tag
    code, out, _ = run("tag", "remove", "zz-test", *vault)
    assert code == 0 and "removed #zz-test from 8 notes" in out
    after = _digest(example_copy)
    theory = "Readings/Why Read Theory (2016).md"
    assert {p for p in before if before[p] != after[p]} == {theory}
    # the documented exception: a single value `tags: reading` comes back as a flow list
    assert "\ntags: [reading]\n" in (example_copy / theory).read_text()


def test_rename_nested_and_merge(example_copy: Path) -> None:
    vault = ["--vault", str(example_copy), "--yes"]
    code, out, _ = run("tag", "rename", "organising", "organizing", *vault)
    assert code == 0 and "in 2 notes" in out
    code, out, _ = run("tag", "rename", "Meeting", "branch-meeting", *vault)
    assert code == 0
    code, out, _ = run("tags", "--vault", str(example_copy), "--json")
    names = {t["name"] for t in json.loads(out)["tags"]}
    assert "organising" not in names
    assert {"branch-meeting/political", "branch-meeting/education"} <= names
    assert not any(n.startswith("meeting") for n in names)
    meeting = (example_copy / "Meetings/Tacoma/2021-07-24 Tacoma branch.md").read_text()
    assert meeting.splitlines()[1] == "#branch-meeting/political #Organizing "


def test_remove_merges_into_nothing_else(example_copy: Path) -> None:
    """Removing a tag leaves its nested tags (help-tags: they are other tags)."""
    code, out, _ = run("tag", "remove", "reading", "--vault", str(example_copy), "-y", "--json")
    assert code == 0
    paths = {c["path"] for c in json.loads(out)["changed"]}
    assert "Readings/Why Read Theory (2016).md" in paths
    text = (example_copy / "Readings/Why Read Theory (2016).md").read_text()
    assert "tags: reading" not in text and "`TAGS:` #reading/theory" in text


@pytest.mark.parametrize(
    "args",
    [
        ["tag", "add", "two words", "reading"],
        ["tag", "add", "1990", "reading"],
        ["tag", "add", "x"],
        ["tag", "rename", "a", "a"],
        ["tags", "--sort", "size"],
        ["tag", "add", "x1", "notes.txt", "--yes"],  # an attachment is never edited
    ],
)
def test_usage_errors_exit_2(seed_vault: Path, args: list[str]) -> None:
    (seed_vault / "notes.txt").write_text("plain text\n")
    before = _digest(seed_vault)
    code, _, err = run(*args, "--vault", str(seed_vault))
    assert code == 2 and err.startswith("error:")
    assert _digest(seed_vault) == before


def test_where_goes_through_the_query_language(example_copy: Path) -> None:
    code, out, _ = run(
        "tag", "add", "top", "--where", "rating >= 4", "--vault", str(example_copy),
        "--dry-run", "--json",
    )  # fmt: skip
    assert code == 0
    paths = sorted(c["path"] for c in json.loads(out)["changed"])
    assert "Readings/What Is To Be Done (1902).md" in paths
    assert "Readings/Why Read Theory (2016).md" not in paths  # rating 3


def test_where_without_the_query_module_says_so(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "vaultkit.query", None)
    code, _, err = run("tag", "add", "top", "--where", "rating >= 4", "--vault", str(example_copy))
    assert code == 2 and "query language" in err


def test_a_note_changed_between_plan_and_write_is_skipped(seed_vault: Path) -> None:
    from vaultkit.filters import NoteFilter
    from vaultkit.tags.plan import apply_plan, plan_add

    with Index.open(seed_vault, seed_vault.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        plan = plan_add(index, "x1", ["reading", "meeting"], NoteFilter())
        (seed_vault / "reading.md").write_text("changed by someone else\n")
        result = apply_plan(index, plan)
    assert [s.path for s in result.failed] == ["reading.md"]
    assert "modified since" in result.failed[0].reason
    assert (seed_vault / "reading.md").read_text() == "changed by someone else\n"
    assert [e.path for e in result.written] == ["meeting.md"]
