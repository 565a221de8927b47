"""What a new user ran into on the seed notes and Obsidian's help vault (session 7 trial)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()


def _check(root: Path, index: Path, *args: str) -> tuple[int, dict[str, object], str]:
    result = runner.invoke(
        app, ["check", *args, "--json", "--vault", str(root), "--index", str(index)]
    )
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_check_of_a_folder_checks_its_notes(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vaultkit check Concepts` (or `check .` in the vault) said 'no findings in 0 notes'
    and exit 0: a folder was taken for a deleted file and nothing was checked."""
    root = make_vault({"c/a.md": "[[Nowhere]]\n", "c/d/b.md": "[[Gone]]\n", "e.md": "[[Lost]]\n"})
    index = tmp_path / "ix.sqlite"
    code, data, _ = _check(root, index, str(root / "c"))
    assert code == 1
    assert (data["notes"], sorted(f["path"] for f in data["findings"])) == (
        2,
        ["c/a.md", "c/d/b.md"],
    )
    monkeypatch.chdir(root)
    code, data, _ = _check(root, index, ".")
    assert code == 1 and data["notes"] == 3 and data["total"] == 3


def test_check_says_which_arguments_it_could_not_check(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vaultkit check /etc/hosts` and `vaultkit check cadre` (a name, not a file) checked
    nothing and said nothing: a clean exit 0 that looked like a pass."""
    root = make_vault({"cadre.md": "# cadre\n", "a.md": "[[cadre]]\n"})
    outside = tmp_path / "elsewhere.md"
    outside.write_text("[[Nowhere]]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    code, data, err = _check(root, tmp_path / "ix.sqlite", str(outside), "cadre", "a.md")
    assert code == 0 and data["notes"] == 1
    assert f"warning: {outside} is outside the vault" in err
    assert "warning: cadre: no such file in the vault" in err
    assert "a.md" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["notes", "--vault", "A", "--vault", "B"],
        ["--vault", "A", "--vault=B", "notes"],
        ["tags", "audit", "--index", "A", "--index", "B"],
    ],
)
def test_a_global_option_typed_twice_in_one_place_is_a_usage_error(
    make_vault: VaultBuilder, tmp_path: Path, args: list[str]
) -> None:
    """README: 'the same option typed twice with different values is a usage error'; typed
    twice after the same word, the last one silently won."""
    root = make_vault({"a.md": "x\n"})
    given = {"A": str(root), "B": str(tmp_path)}
    extra = ["--index", str(tmp_path / "c.sqlite")]
    if "--index" in args:
        given = {"A": str(tmp_path / "a.sqlite"), "B": str(tmp_path / "b.sqlite")}
        extra = ["--vault", str(root)]
    argv = [given.get(a, a) for a in args] + extra
    argv = [f"--vault={given['B']}" if a == "--vault=B" else a for a in argv]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert "given twice with different values" in result.stderr
    assert not (tmp_path / "a.sqlite").exists() and not (tmp_path / "b.sqlite").exists()
    same = runner.invoke(
        app, ["notes", "--count", "--vault", str(root), "--vault", str(root), *extra]
    )
    assert (same.exit_code, same.stdout) == (0, "1\n")


def test_a_query_starting_with_an_exclusion_says_to_put_it_after_double_dash(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """`vaultkit search '-tag:#draft meeting'` said only 'No such option: -t'; the help
    vault's Search page writes exclusions first (`-work`), so say how to type them."""
    root = make_vault({"a.md": "meeting #draft\n", "b.md": "meeting\n"})
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    refused = runner.invoke(app, ["search", "-tag:#draft meeting", *where])
    assert refused.exit_code == 2
    assert "vaultkit search -- '-tag:#draft meeting'" in " ".join(
        refused.stderr.replace("│", " ").split()
    )
    found = runner.invoke(app, ["search", "--paths", *where, "--", "-tag:#draft meeting"])
    assert (found.exit_code, found.stdout) == (0, "b.md\n")
    unknown = runner.invoke(app, ["search", "meeting", "--jsn", *where])
    assert unknown.exit_code == 2 and "goes after --" not in unknown.stderr


def test_one_hidden_linking_note_is_one_more_note(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """`vaultkit links Tags --limit 3` on the help vault ended '… and 1 more notes'."""
    root = make_vault({"t.md": "x\n", **{f"n{i}.md": "[[t]]\n" for i in range(3)}})
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    one = runner.invoke(app, ["links", "t", "--limit", "2", *where]).stdout
    two = runner.invoke(app, ["links", "t", "--limit", "1", *where]).stdout
    assert "… and 1 more note (--all to list them)" in one
    assert "… and 2 more notes (--all to list them)" in two


def test_dead_ends_table_shows_linked_from_once(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """`vaultkit graph dead-ends` on the help vault had two 'linked from' columns (its score,
    the in-degree, is the linked-from count)."""
    root = make_vault({"a.md": "[[end]]\n", "b.md": "[[end]] [[a]]\n", "end.md": "stop\n"})
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    out = runner.invoke(app, ["graph", "dead-ends", *where]).stdout
    header = next(line for line in out.splitlines() if "note" in line and "links to" in line)
    assert header.count("linked from") == 1
    row = next(line for line in out.splitlines() if "end.md" in line)
    assert row.split() == ["│", "end.md", "│", "2", "│", "0", "│"]


def test_a_folder_of_excluded_notes_is_not_called_missing(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """With Obsidian's Excluded files set to 'Obsidian Sync/' (help vault), `notes --folder
    'Obsidian Sync'` warned "no folder 'Obsidian Sync' in the vault; did you mean
    'obsidian'?": the folder is there, its notes are excluded; and the hint lost its case."""
    root = make_vault(
        {
            ".obsidian/app.json": '{"userIgnoreFilters": ["Obsidian Sync/"]}',
            "Obsidian Sync/a.md": "x\n",
            "Obsidian/b.md": "y\n",
        }
    )
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    hidden = runner.invoke(app, ["notes", "--folder", "Obsidian Sync", *where])
    assert hidden.exit_code == 0
    assert "warning: folder 'Obsidian Sync' holds only excluded notes" in hidden.stderr
    typo = runner.invoke(app, ["notes", "--folder", "Obsidan", *where])
    assert "no folder 'Obsidan' in the vault; did you mean 'Obsidian'?" in typo.stderr


def test_link_in_a_table_cell_escapes_the_pipe(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """`vaultkit link Backlinks` on the help vault wrote `| Show [[Backlinks|backlinks]] |`
    into a table row: the pipe splits the cell. In a table Obsidian writes `\\|` (the help
    vault's Properties.md: `[[Editing and formatting/Tags\\|Tags]]`)."""
    root = make_vault(
        {
            "Backlinks.md": "# Backlinks\n",
            "a.md": "| option | what |\n|---|---|\n| Show backlinks | toggle |\n\n"
            "Show backlinks.\n",
        }
    )
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    result = runner.invoke(app, ["link", "Backlinks", "--yes", *where])
    assert result.exit_code == 0, result.output
    assert (root / "a.md").read_text(encoding="utf-8") == (
        "| option | what |\n|---|---|\n| Show [[Backlinks\\|backlinks]] | toggle |\n\n"
        "Show [[Backlinks|backlinks]].\n"
    )
    table = runner.invoke(app, ["links", "Backlinks", "--json", *where])
    assert json.loads(table.stdout)["backlink_count"] == 2


def test_check_fix_of_an_alias_link_in_a_table_escapes_the_pipe(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """`check --fix` rewrote `| the [[sects]] | x |` as `[[sectarianism|sects]]`, splitting
    the cell; outside the table the fix stays `[[sectarianism|sects]]`."""
    root = make_vault(
        {
            "sectarianism.md": "---\naliases: [sects]\n---\n# sectarianism\n",
            "t.md": "| a | b |\n|---|---|\n| the [[sects]] | x |\n\nthe [[sects]]\n",
        }
    )
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    result = runner.invoke(app, ["check", "--fix", "--select", "alias-link", *where])
    assert result.exit_code == 0, result.output
    assert (root / "t.md").read_text(encoding="utf-8") == (
        "| a | b |\n|---|---|\n| the [[sectarianism\\|sects]] | x |\n\nthe [[sectarianism|sects]]\n"
    )


def test_a_suggested_heading_ending_in_a_question_mark_is_not_doubled(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """The help vault links [[Frequently asked questions#How large can each remote vault be]]
    to '### How large can each remote vault be?'; check said 'did you mean #How large can
    each remote vault be??' (and resolve too)."""
    root = make_vault(
        {"faq.md": "### How large can a vault be?\n", "a.md": "[[faq#How large can a vault be]]\n"}
    )
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    checked = runner.invoke(app, ["check", "--format", "text", "--all", *where])
    human = runner.invoke(app, ["check", *where]).stdout
    resolved = runner.invoke(app, ["resolve", "[[faq#How large can a vault be]]", *where])
    assert checked.exit_code == 1
    assert "fix: did you mean #How large can a vault be?\n" in human
    assert "did you mean #How large can a vault be?\n" in resolved.stdout
    assert "??" not in human + resolved.stdout


def test_check_of_overlapping_folders_and_files_checks_each_note_once(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check . c c/a.md` names c/a.md three times: it is checked once (the arguments'
    paths are gathered in a dict: a list's `in` made `check .` quadratic in the notes)."""
    root = make_vault({"c/a.md": "[[Nowhere]]\n", "c/d/b.md": "[[Gone]]\n", "e.md": "[[Lost]]\n"})
    monkeypatch.chdir(root)
    code, data, _ = _check(root, tmp_path / "ix.sqlite", ".", "c", "c/a.md", "./e.md")
    assert code == 1 and data["notes"] == 3 and data["total"] == 3
