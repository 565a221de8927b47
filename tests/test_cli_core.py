"""`vaultkit index`, `notes` and `links` through Typer's CliRunner, on vaults in tmp_path
built from notes in the shapes of the user's samples (tests/fixtures/seedlike)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FIXTURES, VaultBuilder
from vaultkit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def seed_vault(make_vault: VaultBuilder) -> Path:
    root = make_vault(
        {
            "WFU.md": "---\naliases: [Workers Forum]\n---\n# WFU\nThe forum. [[Marxism]]\n",
            "Concepts/sectarianism.md": "---\naliases: [sects]\n---\nSects and [[cadre]].\n",
            "Concepts/cadre.md": "# Cadre\n",
            "Notes/alias-link.md": "Some [[sects]] and [[Workers Forum]].\n",
        }
    )
    for path in (FIXTURES / "seedlike").glob("*.md"):
        folder = (
            "Meetings"
            if path.stem == "meeting"
            else "Readings"
            if path.stem == "reading"
            else "Clippings"
        )
        (root / folder).mkdir(exist_ok=True)
        shutil.copy(path, root / folder / path.name)
    return root


def test_links_of_a_note_by_name(seed_vault: Path) -> None:
    code, out, _ = run("links", "WFU", "--vault", str(seed_vault), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["path"] == "WFU.md" and data["exists"] is True
    sources = {b["path"]: [(x["line"], x["text"]) for x in b["links"]] for b in data["backlinks"]}
    assert sources == {
        "Meetings/meeting.md": [(1, "# [[WFU]] Harbor Branch, 3-14-22")],
        "Readings/reading.md": [
            (
                14,
                "> This is the draft 2022 organizing resolution to be discussed at the spring"
                " congress of the [[WFU]].",
            )
        ],
    }
    assert data["backlink_count"] == 2 and data["source_count"] == 2
    assert [u["target"] for u in data["unresolved"]] == ["Marxism"]


def test_links_by_alias_and_path(seed_vault: Path) -> None:
    code, out, _ = run("links", "Workers Forum", "--vault", str(seed_vault), "--json")
    assert code == 0 and json.loads(out)["path"] == "WFU.md"
    code, out, _ = run("links", "Concepts/cadre.md", "--vault", str(seed_vault), "--json")
    data = json.loads(out)
    assert {b["path"] for b in data["backlinks"]} == {
        "Meetings/meeting.md",
        "Readings/reading.md",
        "Concepts/sectarianism.md",
    }


def test_alias_only_link_is_unresolved_with_a_hint(seed_vault: Path) -> None:
    """R4: aliases never resolve a link (help-aliases); vaultkit names the note."""
    _code, out, _ = run("links", "Notes/alias-link.md", "--vault", str(seed_vault), "--json")
    data = json.loads(out)
    (sects, workers) = data["unresolved"]
    assert sects["target"] == "sects" and "Concepts/sectarianism.md" in sects["hint"]
    assert workers["target"] == "Workers Forum" and "WFU.md" in workers["hint"]


def test_links_to_a_note_not_written_yet(seed_vault: Path) -> None:
    code, out, _ = run("links", "Seattle", "--vault", str(seed_vault), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["exists"] is False and data["path"] is None
    assert [b["path"] for b in data["backlinks"]] == ["Meetings/meeting.md"]
    assert [x["line"] for x in data["backlinks"][0]["links"]] == [27, 32]
    code, human, _ = run("links", "Seattle", "--vault", str(seed_vault))
    assert "no such note yet" in human


def test_unknown_name_exits_2_with_suggestions(seed_vault: Path) -> None:
    code, out, err = run("links", "Seatle", "--vault", str(seed_vault))
    assert code == 2 and out == ""
    assert "Seattle" in err


def test_ambiguous_name_lists_candidates(make_vault: VaultBuilder) -> None:
    root = make_vault({"a/Plan.md": "x", "b/Plan.md": "y", "c.md": "[[a/Plan]]"})
    code, _, err = run("links", "Plan", "--vault", str(root))
    assert code == 2
    assert "a/Plan.md" in err and "b/Plan.md" in err


def test_limit_caps_sources_and_says_how_many_more(make_vault: VaultBuilder) -> None:
    files: dict[str, str | bytes] = {"Hub.md": "hub"}
    files.update({f"s{i:02}.md": "[[Hub]]" for i in range(12)})
    root = make_vault(files)
    code, out, _ = run("links", "Hub", "--vault", str(root), "--limit", "5", "--json")
    data = json.loads(out)
    assert code == 0
    assert (
        len(data["backlinks"]) == 5 and data["hidden_sources"] == 7 and data["source_count"] == 12
    )
    _, human, _ = run("links", "Hub", "--vault", str(root), "--limit", "5")
    assert "and 7 more notes" in human
    _code, out, _ = run("links", "Hub", "--vault", str(root), "--all", "--json")
    assert len(json.loads(out)["backlinks"]) == 12


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--all", "--limit", "3"], "not both"),
        (["--unlinked", "--limit", "3"], "do not apply"),
        (["--unlinked", "--all"], "do not apply"),
    ],
)
def test_links_options_that_cannot_both_apply_are_refused(
    seed_vault: Path, extra: list[str], message: str
) -> None:
    """An option is never silently ignored: `--all` used to drop `--limit` without a word."""
    code, out, err = run("links", "WFU", "--vault", str(seed_vault), *extra)
    assert code == 2 and out == ""
    assert message in " ".join(err.replace("│", " ").split())


def test_notes_json_lines_shape(seed_vault: Path) -> None:
    code, out, _ = run("notes", "--vault", str(seed_vault), "--jsonl")
    assert json.loads(run("notes", "--vault", str(seed_vault), "--json")[1]) == [
        json.loads(line) for line in out.splitlines()
    ]
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
    keys = {
        "path",
        "name",
        "title",
        "aliases",
        "tags",
        "frontmatter",
        "links",
        "headings",
        "fields",
        "problems",
        "kind",
        "kinds",
        "date",
        "org",
    }
    assert all(set(r) == keys for r in rows)
    meeting = next(r for r in rows if r["path"] == "Meetings/meeting.md")
    assert meeting["tags"] == ["meeting/political"]
    assert meeting["links"][0] == {
        "target": "WFU",
        "resolved": "WFU.md",
        "embed": False,
        "heading": None,
        "block": None,
        "alias": None,
        "line": 1,
    }


def test_notes_csv_and_table(seed_vault: Path) -> None:
    code, out, _ = run("notes", "--vault", str(seed_vault), "--csv")
    lines = out.splitlines()
    assert lines[0] == "path,title,tags,links_in,links_out"
    assert any(line.startswith("WFU.md,WFU,,2,1") for line in lines)
    code, out, _ = run("notes", "--vault", str(seed_vault))
    assert code == 0 and "WFU Harbor Branch" in out


def test_index_command_counts_and_problems(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {"a.md": "[[b]] [[gone]] #t", "b.md": "---\nbad: [\n---\nx", "c.md": b"\x00bin"}
    )
    code, out, err = run("index", "--vault", str(root), "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["notes"], data["links"], data["unresolved"], data["tags"], data["problems"]) == (
        3,
        2,
        1,
        1,
        2,
    )
    assert "b.md:3" in err or "b.md:2" in err
    assert "c.md" in err and "binary" in err
    code, out, err = run("index", "--vault", str(root), "--json")
    assert json.loads(out)["parsed"] == 0
    code, out, _ = run("index", "--vault", str(root), "--rebuild", "--json")
    assert json.loads(out)["parsed"] == 3


def test_vault_from_environment_and_missing_vault(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_vault({"a.md": "x"})
    monkeypatch.setenv("VAULTKIT_VAULT", str(root))
    code, out, _ = run("notes", "--jsonl")
    assert code == 0 and json.loads(out)["path"] == "a.md"
    code, _, err = run("notes", "--vault", str(tmp_path / "nope"))
    assert code == 2 and "not found" in err


def test_vault_found_from_a_subfolder(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"deep/er/a.md": "x"})
    monkeypatch.chdir(root / "deep" / "er")
    code, out, _ = run("notes", "--jsonl")
    assert code == 0 and json.loads(out)["path"] == "deep/er/a.md"


def test_usage_errors_exit_2() -> None:
    code, _, _ = run("links")
    assert code == 2
    code, _, _ = run("no-such-command")
    assert code == 2


def test_notes_filters(seed_vault: Path) -> None:
    def paths(*args: str) -> list[str]:
        code, out, _ = run("notes", "--vault", str(seed_vault), "--jsonl", *args)
        assert code == 0
        return [json.loads(line)["path"] for line in out.splitlines()]

    assert paths("--kind", "meeting") == ["Meetings/meeting.md"]
    assert paths("--kind", "clipping") == [
        "Clippings/clipping-bullets.md",
        "Clippings/clipping-points.md",
        "Clippings/clipping-repeated.md",
        "Concepts/cadre.md",  # no frontmatter, tags or links: the clipping rule
    ]
    assert paths("--tag", "meeting") == ["Meetings/meeting.md"]
    assert paths("--folder", "Concepts") == ["Concepts/cadre.md", "Concepts/sectarianism.md"]
    assert "Readings/reading.md" in paths("--untagged")
    assert paths("--kind", "resolution") == ["Readings/reading.md"]


def test_where_selects_notes_with_a_dataview_expression(seed_vault: Path) -> None:
    """One filter language across the tool: --where takes what `vaultkit query` takes."""
    code, out, _ = run(
        "notes", "--vault", str(seed_vault), "--jsonl", "--where", 'contains(author, "Forum")'
    )
    assert code == 0
    assert [json.loads(line)["path"] for line in out.splitlines()] == ["Readings/reading.md"]
    code, out, _ = run(
        "report", "meetings", "--vault", str(seed_vault), "--json", "--where", 'org = "WFU"'
    )
    assert code == 0 and len(json.loads(out)["meetings"]) == 1
    code, out, _ = run(
        "report", "meetings", "--vault", str(seed_vault), "--json", "--where", 'org = "IMT"'
    )
    assert code == 0 and json.loads(out)["meetings"] == []


def test_summarize_selects_notes_with_where_alone(seed_vault: Path) -> None:
    code, out, _ = run(
        "summarize", "--vault", str(seed_vault), "--jsonl", "--where", 'contains(author, "Forum")'
    )
    assert code == 0
    assert [json.loads(line)["path"] for line in out.splitlines()] == ["Readings/reading.md"]


def test_a_streamed_json_array_is_the_text_of_the_whole_document() -> None:
    """notes --json streams its array note by note; the text equals one json.dump."""
    import io

    from vaultkit.render import emit_json, emit_json_array

    for items in ([], [{"a": 1}], [{"a": [1, {"b": "é"}]}, {"c": None}, 3]):
        whole, streamed = io.StringIO(), io.StringIO()
        emit_json(items, whole)
        assert emit_json_array(iter(items), streamed) == len(items)
        assert streamed.getvalue() == whole.getvalue()
