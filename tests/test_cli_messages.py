"""Messages that tell the truth (issue 13): vault discovery, filters that cannot match,
`warning:` for problems of a command that succeeds, unknown config keys, counts that agree
between commands, help without hard line breaks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vault(make_vault: VaultBuilder) -> Path:
    return make_vault(
        {
            "Readings/r.md": "---\nrating: 4\nauthor: A\nformat: book\n---\n#reading\n",
            "Meetings/2021-02-03 m.md": "# m\n#meeting\n",
            "Concepts/c.md": "# c\n#concept\nstatus:: done\n",
            "Broken.md": "---\nkey: [unclosed\n---\ntext\n",
        }
    )


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--folder", "Nope"], "warning: no folder 'Nope' in the vault"),
        (["--folder", "readings/"], None),  # folders compare as Obsidian's: case-insensitively
        (["--tag", "readin"], "warning: no note has the tag #readin; did you mean #reading?"),
        (["--where", "ratin > 3"], "warning: no note has a field 'ratin'; did you mean 'rating'?"),
        (["--where", 'status = "open"'], None),  # the field exists: an honest empty answer
        (["--where", "contains(file.outlinks, [[Nowhere]])"], None),  # a link, not a field
    ],
)
def test_a_filter_that_cannot_match_says_why_on_stderr(
    vault: Path, args: list[str], reason: str | None
) -> None:
    code, out, err = run("notes", "--vault", str(vault), "--count", *args)
    assert code == 0
    if reason is None:
        assert "warning: no" not in err
    else:
        assert out == "0\n" and reason in err


def test_an_unknown_kind_is_a_usage_error_naming_the_kinds(vault: Path) -> None:
    for command in (["notes"], ["tags"], ["tags", "audit"], ["summarize"]):
        code, _, err = run(*command, "--kind", "meting", "--vault", str(vault))
        assert code == 2, command
        assert "did you mean 'meeting'?" in err and "meeting, reading, resolution" in err


@pytest.mark.parametrize("bound", ["2021-13", "2021-02-30", "21-01"])
def test_report_dates_are_validated(vault: Path, bound: str) -> None:
    code, _, err = run("report", "meetings", "--since", bound, "--vault", str(vault))
    assert code == 2 and "--since" in err


def test_problems_of_a_command_that_succeeds_are_warnings(vault: Path) -> None:
    code, _, err = run("notes", "--vault", str(vault))
    assert code == 0
    assert "warning: Broken.md:" in err and "error:" not in err
    code, out, _ = run("notes", "--vault", str(vault), "--json")
    (broken,) = [n for n in json.loads(out) if n["path"] == "Broken.md"]
    assert broken["problems"][0]["severity"] == "error"  # the machine shape keeps it


def test_a_vault_option_below_the_vault_warns_and_names_it(vault: Path) -> None:
    code, _, err = run("notes", "--vault", str(vault / "Readings"), "--count")
    assert code == 0
    assert f"is inside the vault {vault}" in err and "--folder 'Readings'" in err


def test_a_vault_option_naming_a_file_says_so(vault: Path) -> None:
    code, _, err = run("notes", "--vault", str(vault / "Concepts" / "c.md"))
    assert code == 2 and "is a file" in err


def test_a_folder_without_obsidian_is_named_as_the_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_text("x", encoding="utf-8")
    monkeypatch.chdir(plain)
    code, out, err = run("notes", "--count")
    assert code == 0 and out == "1\n"
    assert f"no .obsidian/ folder here or above; reading {plain.resolve()} as the vault" in err


def test_an_unknown_config_key_warns_with_the_closest_known(vault: Path) -> None:
    (vault / ".vaultkit.toml").write_text('ignores = ["x/*"]\ndate_order = "MDY"\n', "utf-8")
    code, _, err = run("notes", "--vault", str(vault), "--count")
    assert code == 0
    assert (
        "warning: .vaultkit.toml: unknown key 'ignores' is ignored; did you mean 'ignore'?" in err
    )
    assert "date_order" not in err


def test_index_and_tags_count_the_same_tags(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            ".obsidian/app.json": '{"userIgnoreFilters": ["Archive/"]}',
            "a.md": "#kept\n",
            "Archive/old.md": "#only-in-an-excluded-file\n",
        }
    )
    _, index_out, _ = run("index", "--vault", str(root), "--json")
    _, tags_out, _ = run("tags", "--vault", str(root), "--count")
    assert json.loads(index_out)["tags"] == int(tags_out) == 1


def _commands(group: Any) -> list[Any]:
    found = [group]
    for command in getattr(group, "commands", {}).values():
        found += _commands(command)
    return found


def test_help_has_no_line_breaks_inside_sentences() -> None:
    for command in _commands(typer.main.get_command(app)):
        for paragraph in (command.help or "").split("\n\n"):
            assert "\n" not in paragraph, command.name
