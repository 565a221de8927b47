"""Unlinked mentions (``links NOTE --unlinked``) and ``link``. Reference: obsidian-help
``en/Plugins/Backlinks.md`` ("Unlinked mentions are backlinks to any unlinked occurrence of
the name of the active note"; "Files matching your Excluded files patterns will not appear
in Unlinked mentions"); decisions in ``docs/obsidian-compat.md`` ("Unlinked mentions")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.search.linking import replacement, splice
from vaultkit.search.mentions import find_mentions

runner = CliRunner()

MENTIONS = [
    ("Backlinks.md: the name, ignoring case", "I met tacoma people.", ["tacoma"]),
    ("word boundaries: not inside a word", "Tacomans and sTacoma", []),
    ("punctuation is a boundary", "(Tacoma), Tacoma!", ["Tacoma", "Tacoma"]),
    ("never in a wikilink", "[[Tacoma]] and [[Places/Tacoma|the city]]", []),
    ("never in an embed", "![[Tacoma]]", []),
    ("never in a Markdown link", "[Tacoma](Tacoma.md) and [x](https://t.org/Tacoma)", []),
    ("never in a URL", "see https://example.org/Tacoma/page or www.tacoma.gov", []),
    ("never in code", "`Tacoma` and\n```\nTacoma\n```\n", []),
    ("never a tag", "#Tacoma", []),
    ("never in frontmatter", "---\nplace: Tacoma\n---\nbody", []),
    ("in headings and list items", "# Tacoma\n- in Tacoma", ["Tacoma", "Tacoma"]),
    ("names with spaces", "the Tacoma branch met", ["Tacoma branch"]),
    ("the longest of overlapping names wins", "Tacoma branch", ["Tacoma branch"]),
]


@pytest.mark.parametrize(("rule", "text", "expected"), MENTIONS, ids=[m[0] for m in MENTIONS])
def test_find_mentions(rule: str, text: str, expected: list[str]) -> None:
    names = ["Tacoma", "Tacoma branch"] if "branch" in rule or "longest" in rule else ["Tacoma"]
    if rule == "names with spaces":
        names = ["Tacoma branch"]
    assert [text[s:e] for s, e in find_mentions(text, names)] == expected


FILES: dict[str, str | bytes] = {
    "Places/Tacoma.md": "---\naliases: [City of Destiny]\n---\n# Tacoma\n",
    "Olympia.md": "# Olympia\nNear tacoma.\nAlso the City of Destiny.\n",
    "Linked.md": "Already [[Tacoma]] linked, but Tacoma again.\n",
    "Other/Spokane.md": "---\naliases: [Lilac City]\n---\nNo mention here.\n",
    "Dup/Lilac City.md": "another\n",
    "Both.md": "Tacoma and the Lilac City\r\nline two Tacoma\r\n",
    "private/Secret.md": "Tacoma secrets\n",
    ".obsidian/app.json": '{"userIgnoreFilters": ["private/"]}',
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vault(make_vault: VaultBuilder) -> Path:
    return make_vault(FILES)


def test_unlinked_json_lists_each_mention_with_line_and_context(vault: Path) -> None:
    code, out, _ = run("links", "Tacoma", "--unlinked", "--json", "--vault", str(vault))
    assert code == 0
    data = json.loads(out)
    assert data["path"] == "Places/Tacoma.md"
    assert data["names"] == ["Tacoma", "City of Destiny"]
    by_path = {s["path"]: s["mentions"] for s in data["sources"]}
    assert sorted(by_path) == ["Both.md", "Linked.md", "Olympia.md"]  # never the excluded note
    olympia = by_path["Olympia.md"]
    assert [(m["line"], m["col"], m["matched"]) for m in olympia] == [
        (2, 6, "tacoma"),
        (3, 10, "City of Destiny"),
    ]
    assert olympia[0]["text"] == "Near tacoma."
    assert [m["matched"] for m in by_path["Linked.md"]] == ["Tacoma"]  # the link itself is not
    assert data["mention_count"] == 5 and data["source_count"] == 3


def test_unlinked_human_output(vault: Path) -> None:
    code, out, _ = run("links", "Tacoma", "--unlinked", "--vault", str(vault))
    assert code == 0
    assert "Unlinked mentions of Tacoma, City of Destiny: 5 mentions in 3 notes" in out
    assert "2: Near tacoma." in out


def test_link_refuses_without_a_terminal(vault: Path) -> None:
    before = (vault / "Olympia.md").read_bytes()
    code, _, err = run("link", "Tacoma", "--vault", str(vault))
    assert code == 2 and "no terminal to confirm" in err
    assert (vault / "Olympia.md").read_bytes() == before


def test_link_dry_run_prints_the_diff(vault: Path) -> None:
    code, out, err = run("link", "Tacoma", "Olympia", "--dry-run", "--vault", str(vault))
    assert code == 0
    assert "-Near tacoma." in out and "+Near [[Tacoma|tacoma]]." in out
    assert "+Also the [[Tacoma|City of Destiny]]." in out
    assert "would link 2 mentions in 1 note" in err


def test_link_writes_only_the_spans(vault: Path) -> None:
    code, _, err = run("link", "Tacoma", "--yes", "--vault", str(vault))
    assert code == 0, err
    assert (vault / "Olympia.md").read_text() == (
        "# Olympia\nNear [[Tacoma|tacoma]].\nAlso the [[Tacoma|City of Destiny]].\n"
    )
    assert (vault / "Linked.md").read_text() == "Already [[Tacoma]] linked, but [[Tacoma]] again.\n"
    both = (vault / "Both.md").read_bytes()
    assert both == b"[[Tacoma]] and the Lilac City\r\nline two [[Tacoma]]\r\n"  # CRLF kept
    assert (vault / "private/Secret.md").read_text() == "Tacoma secrets\n"
    code, out, _ = run("links", "Tacoma", "--unlinked", "--json", "--vault", str(vault))
    assert json.loads(out)["mention_count"] == 0


def test_ambiguous_mentions_are_listed_never_linked(vault: Path) -> None:
    """'Lilac City' is an alias of Spokane and the name of Dup/Lilac City.md."""
    code, out, err = run("link", "Spokane", "--yes", "--json", "--vault", str(vault))
    assert code == 0
    data = json.loads(out)
    assert data["edits"] == []
    [ambiguous] = data["ambiguous"]
    assert ambiguous["path"] == "Both.md" and ambiguous["ambiguous"] == ["Dup/Lilac City.md"]
    assert "could also mean Dup/Lilac City.md" in err
    assert b"Lilac City" in (vault / "Both.md").read_bytes()


def test_link_target_is_the_path_when_the_name_repeats(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "a/Note.md": "---\naliases: [First note]\n---\n",
            "b/Note.md": "y\n",
            "c.md": "see first note here, a note\n",
        }
    )
    code, _, err = run("link", "a/Note", "--yes", "--vault", str(root))
    assert code == 0, err
    # "note" could mean either Note: listed, not linked
    assert (root / "c.md").read_text() == "see [[a/Note|first note]] here, a note\n"
    assert "'note' could also mean b/Note.md" in err


pieces = st.sampled_from(
    ["Tacoma", "tacoma", "TACOMA", " ", "\n", "\r\n", "x", "é", "`", "[[", "]]", "#", "(", "--"]
)


@given(st.lists(pieces, max_size=30).map("".join))
def test_linking_is_byte_identical_outside_the_spans(text: str) -> None:
    """Property: only the mention spans change, each keeping its text as display text."""
    spans = find_mentions(text, ["Tacoma"])
    new = splice(text, [(s, e, replacement("Tacoma", text[s:e])) for s, e in spans])
    pos = 0
    cursor = 0
    for start, end in spans:
        assert new[cursor : cursor + start - pos] == text[pos:start]
        cursor += start - pos
        link = replacement("Tacoma", text[start:end])
        assert new[cursor : cursor + len(link)] == link
        assert link in {"[[Tacoma]]", f"[[Tacoma|{text[start:end]}]]"}
        cursor += len(link)
        pos = end
    assert new[cursor:] == text[pos:]
