"""Notes named as people type them (issue 13): name, alias, vault path, a path relative to
the current folder or absolute inside the vault (what the shell completes), `[[Name]]`; and
shell completion of note names from the index."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.cli.completion import complete_note
from vaultkit.naming import typed_note, unwrap_wikilink

runner = CliRunner()


@pytest.fixture
def vault(make_vault: VaultBuilder) -> Path:
    return make_vault(
        {
            "Concepts/Hub note.md": "---\naliases: [Centre]\n---\n# Hub note\n## Part\n",
            "Notes/a.md": "Links [[Hub note]].\n",
            "Notes/b.md": "Links [[Hub note#Part|the part]] and [[a]].\n",
        }
    )


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("[[Hub note]]", "Hub note"),
        ("![[Hub note]]", "Hub note"),
        ("[[Hub note|shown]]", "Hub note"),
        ("[[Hub note#Part]]", "Hub note"),
        ("[[Hub note#^block]]", "Hub note"),
        (" [[Concepts/Hub note]] ", "Concepts/Hub note"),
        ("Hub note", "Hub note"),
        ("[[", "[["),
    ],
)
def test_a_wikilink_names_its_target(typed: str, name: str) -> None:
    assert unwrap_wikilink(typed) == name


def sources(vault: Path, typed: str) -> set[str]:
    result = runner.invoke(app, ["links", typed, "--vault", str(vault), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["path"] == "Concepts/Hub note.md"
    return {b["path"] for b in data["backlinks"]}


@pytest.mark.parametrize(
    "typed",
    [
        "Hub note",
        "Centre",
        "Concepts/Hub note.md",
        "Concepts/Hub note",
        "[[Hub note]]",
        "[[Hub note#Part|the part]]",
    ],
)
def test_links_takes_every_way_of_naming_a_note(vault: Path, typed: str) -> None:
    assert sources(vault, typed) == {"Notes/a.md", "Notes/b.md"}


def test_a_path_relative_to_the_current_folder_or_absolute(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(vault / "Notes")
    assert sources(vault, "../Concepts/Hub note.md") == {"Notes/a.md", "Notes/b.md"}
    assert sources(vault, str(vault / "Concepts" / "Hub note.md")) == {"Notes/a.md", "Notes/b.md"}
    monkeypatch.chdir(vault / "Concepts")
    assert sources(vault, "Hub note.md") == {"Notes/a.md", "Notes/b.md"}
    assert typed_note(vault, "Hub note.md") == "Concepts/Hub note.md"


def test_a_path_outside_the_vault_is_not_taken_for_a_note(vault: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x", encoding="utf-8")
    assert typed_note(vault, str(outside)) == str(outside)
    result = runner.invoke(app, ["links", str(outside), "--vault", str(vault)])
    assert result.exit_code == 2


def test_other_commands_take_typed_names_too(vault: Path) -> None:
    where = ["--vault", str(vault)]
    path = runner.invoke(app, ["graph", "path", "[[b]]", "[[Hub note]]", "--json", *where])
    assert json.loads(path.stdout)["notes"] == ["Notes/b.md", "Concepts/Hub note.md"]
    summary = runner.invoke(app, ["summarize", str(vault / "Notes" / "a.md"), "--json", *where])
    assert json.loads(summary.stdout)[0]["path"] == "Notes/a.md"
    dry = runner.invoke(app, ["tag", "add", "x", "[[a]]", "--dry-run", "--json", *where])
    assert [c["path"] for c in json.loads(dry.stdout)["changed"]] == ["Notes/a.md"]


@dataclass
class FakeContext:
    params: dict[str, Any] = field(default_factory=dict)
    parent: Any = None


def test_completion_offers_note_names_from_the_index(vault: Path) -> None:
    context = FakeContext(parent=FakeContext({"vault": str(vault)}))
    assert complete_note(context, "hu") == []  # no index yet: nothing, and nothing written
    runner.invoke(app, ["index", "--vault", str(vault)])
    assert complete_note(context, "hu") == ["Hub note"]
    assert complete_note(context, "cen") == ["Centre"]
    assert complete_note(context, "") == ["Centre", "Hub note", "a", "b"]


def test_completion_can_be_installed() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.stdout
