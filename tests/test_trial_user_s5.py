"""What a new user ran into on the seed notes and Obsidian's help vault (second trial)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from rich.text import Text
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()


def _commands(command: Any, path: str = "vaultkit") -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, f"{path} {name}")


HELPS = [
    (f"{path} {name}", text)
    for path, command in _commands(typer.main.get_command(app))
    for name, text in [
        ("", command.help),
        *((p.name, getattr(p, "help", "")) for p in command.params),
    ]
    if text
]


@pytest.mark.parametrize(("where", "text"), HELPS, ids=[where for where, _ in HELPS])
def test_help_shows_brackets_as_written(where: str, text: str) -> None:
    """`resolve --help` said 'Which file a [] opens', `search --help` 'operators ... and .',
    `tags suggest --help` '(default: min_support, else 3)': rich took [[link]],
    [properties] and [suggest] for style tags."""
    assert Text.from_markup(text).plain == text.replace("\\[", "[")


def test_resolve_help_names_the_link() -> None:
    result = runner.invoke(app, ["resolve", "--help"], terminal_width=200)
    assert "Which file a [[link]] opens" in result.stdout


def test_graph_counts_agree_with_one(make_vault: VaultBuilder) -> None:
    """`graph stats` on the seed notes said '(largest 1 notes)', `graph communities` '1 notes'
    per community, the example vault '1 links to them'."""
    root = make_vault({"a.md": "![[pic.png]] [[Ghost]]", "pic.png": b"\x89PNG"})
    stats = runner.invoke(app, ["graph", "stats", "--vault", str(root)]).stdout
    assert "(to 1 name)" in stats and "(1 link to them)" in stats
    assert "(largest 1 note)" in stats
    groups = runner.invoke(app, ["graph", "communities", "--vault", str(root)]).stdout
    assert groups.splitlines()[:2] == ["1 community", "1. a  1 note"]


def test_tags_check_and_audit_count_one_note_in_the_singular(make_vault: VaultBuilder) -> None:
    """`tags` on the seed notes said '1 tags on 1 of 5 notes'."""
    root = make_vault({"a.md": "#solo [[Ghost]]"})
    listed = runner.invoke(app, ["tags", "--vault", str(root)]).stdout
    assert listed.splitlines()[0] == "1 tag on 1 of 1 note (0 untagged)"
    checked = runner.invoke(app, ["check", "--vault", str(root)]).stdout
    assert checked.splitlines()[0].startswith("1 finding in 1 note: ")
    audit = runner.invoke(app, ["tags", "audit", "--vault", str(root)]).stdout
    assert audit.splitlines()[-1] == "1 finding in 1 note"


def test_link_dry_run_counts_one_note_in_the_singular(make_vault: VaultBuilder) -> None:
    root = make_vault({"cadre.md": "c", "a.md": "train the cadre now"})
    result = runner.invoke(app, ["link", "cadre", "--dry-run", "--vault", str(root)])
    assert "would link 1 mention in 1 note;" in result.stderr


def test_resolve_says_when_the_heading_or_block_is_missing(make_vault: VaultBuilder) -> None:
    """`resolve '[[Home#Nope]]'` on the help vault said '→ Home.md' and nothing more."""
    root = make_vault({"Home.md": "# Obsidian Help\ntext ^intro\n## Links\n"})

    def resolve(link: str) -> dict[str, object]:
        result = runner.invoke(app, ["resolve", link, "--json", "--vault", str(root)])
        assert result.exit_code == 0, result.stderr
        data: dict[str, object] = json.loads(result.stdout)
        return data

    assert resolve("[[Home#obsidian  help]]")["anchor_found"] is True
    assert resolve("[[Home#Obsidian Help#Links]]")["anchor_found"] is True
    assert resolve("[[Home#^intro]]")["anchor_found"] is True
    assert resolve("[[Home]]")["anchor_found"] is None
    missing = resolve("[[Home#Obsidian Hel]]")
    assert (missing["anchor_found"], missing["anchor_hint"]) == (False, "Obsidian Help")
    assert resolve("[[Home#^outro]]")["anchor_found"] is False
    shown = runner.invoke(app, ["resolve", "[[Home#Nope]]", "--vault", str(root)])
    assert "Home.md has no heading 'Nope' (the link opens the note itself)" in shown.stdout


def test_base_takes_the_name_of_a_base_file(make_vault: VaultBuilder) -> None:
    """`base Readings` said "no note, alias or link target matches 'Readings'" next to
    Readings.base; a note of that name still wins."""
    base = "views:\n  - type: table\n    name: All\n    filters: 'file.hasTag(\"r\")'\n"
    root = make_vault({"Readings.base": base, "a.md": "#r\n", "b.md": "text\n"})
    result = runner.invoke(app, ["base", "Readings", "--paths", "--vault", str(root)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == ["a.md"]
    (root / "Readings.md").write_text("no base here\n", encoding="utf-8")
    result = runner.invoke(app, ["base", "Readings", "--vault", str(root)])
    assert result.exit_code == 2 and "has no ```base block" in result.stderr


def test_links_paths_lists_the_linking_notes_only(make_vault: VaultBuilder) -> None:
    """`links 000_… --paths` on a seed note with no backlink printed the note itself (its own
    outgoing and unresolved links were rows too); the README says the linking notes."""
    root = make_vault({"a.md": "[[b]] [[Ghost]] https://x.org", "b.md": "[[a]]", "c.md": "[[a]]"})
    result = runner.invoke(app, ["links", "a", "--paths", "--vault", str(root)])
    assert result.exit_code == 0 and result.stdout.split() == ["b.md", "c.md"]
    (root / "d.md").write_text("[[Ghost]]", encoding="utf-8")
    result = runner.invoke(app, ["links", "d", "--paths", "--vault", str(root)])
    assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_check_fix_says_when_nothing_can_be_fixed(
    make_vault: VaultBuilder, dry_run: list[str]
) -> None:
    """`check --fix` on the seed notes (broken links only) printed nothing about fixing,
    `--dry-run` 'would fix 0 notes'."""
    root = make_vault({"a.md": "[[Ghost]]\n"})
    result = runner.invoke(app, ["check", "--fix", *dry_run, "--vault", str(root)])
    assert result.exit_code == 1
    assert "nothing to fix: no finding has an unambiguous fix; nothing written" in result.stderr
    assert (root / "a.md").read_text(encoding="utf-8") == "[[Ghost]]\n"


def test_check_fix_dry_run_counts_one_note_in_the_singular(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "---\naliases: [Nick]\n---\n", "b.md": "[[Nick]]\n"})
    result = runner.invoke(app, ["check", "--fix", "--dry-run", "--vault", str(root)])
    assert "dry run: would fix 1 note; nothing written" in result.stderr


NOTE_ARGS = [
    ["read", "{}"],
    ["graph", "neighbors", "{}"],
    ["base", "{}"],
    ["link", "{}", "--dry-run"],
]


@pytest.mark.parametrize("args", NOTE_ARGS, ids=[" ".join(a[:2]) for a in NOTE_ARGS])
@pytest.mark.parametrize("typed", ["[[Home]]", "[[Home#Top|home]]", "../Home.md"])
def test_note_arguments_as_the_readme_promises(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch, args: list[str], typed: str
) -> None:
    """`read '[[Home]]'`, `graph neighbors ../Home.md`, `base '[[Home]]'` and `link '[[Home]]'`
    said "no note ... matches" where `links` found the note (README: a NOTE is written as
    you would type or paste it)."""
    root = make_vault(
        {
            "Home.md": "# Top\n```base\nviews:\n  - type: table\n    name: T\n```\n",
            "Sub/a.md": "[[Home]] and Home again\n",
        }
    )
    monkeypatch.chdir(root / "Sub")
    argv = [typed if a == "{}" else a for a in args]
    result = runner.invoke(app, [*argv, "--vault", str(root)])
    assert result.exit_code == 0, result.stderr
    assert "no note" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [["read", "pic.png"], ["graph", "neighbors", "pic.png"], ["graph", "path", "a", "pic.png"]],
)
def test_an_attachment_where_a_note_is_needed(make_vault: VaultBuilder, args: list[str]) -> None:
    """`read` of an attachment said it 'has no note yet (only links point at it)';
    `graph neighbors` of one failed with an internal error (NodeNotFound)."""
    root = make_vault({"a.md": "![[pic.png]]", "pic.png": b"\x89PNG"})
    result = runner.invoke(app, [*args, "--vault", str(root)])
    assert result.exit_code == 2
    assert "'pic.png' is an attachment, not a note" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("typed", ["[[Home]]", "../Home.md"])
def test_note_options_as_the_readme_promises(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """`resolve --from '[[Home]]'` and `base --eval EXPR --note ../Home.md` refused a note
    the README says may be written that way."""
    root = make_vault({"Home.md": "home\n", "Sub/Credits.md": "c\n"})
    monkeypatch.chdir(root / "Sub")
    found = runner.invoke(app, ["resolve", "[[Credits]]", "--from", typed, "--vault", str(root)])
    assert found.exit_code == 0 and "in Home.md → Sub/Credits.md" in found.stdout
    named = runner.invoke(
        app, ["base", "--eval", "file.name", "--note", typed, "--vault", str(root)]
    )
    assert named.exit_code == 0 and named.stdout == "Home.md\n"


@pytest.mark.parametrize("by", ["in-degree", "betweenness"])
def test_notes_nobody_links_to_are_no_hubs(make_vault: VaultBuilder, by: str) -> None:
    """`graph hubs` and `graph stats` on the seed notes (no note links to another) listed
    every note as a hub with 0."""
    root = make_vault({"a.md": "[[Ghost]]", "b.md": "text"})
    result = runner.invoke(app, ["graph", "hubs", "--by", by, "--vault", str(root)])
    assert result.exit_code == 0 and result.stdout == f"Hubs by {by}: none\n"
    stats = runner.invoke(app, ["graph", "stats", "--json", "--vault", str(root)])
    assert json.loads(stats.stdout)["hubs"] == []


def test_notes_selecting_nothing_prints_no_empty_table(make_vault: VaultBuilder) -> None:
    """`notes --tag nope` printed '0 notes' over an empty table's header."""
    root = make_vault({"a.md": "text"})
    result = runner.invoke(app, ["notes", "--tag", "nope", "--vault", str(root)])
    assert result.exit_code == 0 and result.stdout == "0 notes\n"
    assert "no note has the tag #nope" in result.stderr
