"""`vaultkit check` through Typer's CliRunner: exit codes, selection, formats, --fix, paths,
and the example vault's deliberate problems (on a copy when anything is written)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, VaultBuilder
from vaultkit.cli import app

runner = CliRunner()


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args, "--vault", str(root)])
    return result.exit_code, result.stdout, result.stderr


def test_the_example_vault_has_exactly_its_deliberate_problems() -> None:
    code, out, _ = run(EXAMPLE_VAULT, "--json")
    assert code == 1
    data = json.loads(out)
    found = sorted((f["rule"], f["path"], f["line"]) for f in data["findings"])
    assert found == [
        ("alias-link", "Meetings/Olympia/Olympia 3-13-21.md", 29),
        ("broken-link", "Meetings/Olympia/Olympia 3-13-21.md", 11),
        ("broken-link", "Meetings/Spokane/2021-04-10 Spokane branch.md", 11),
        ("broken-link", "Meetings/Tacoma/2021-03-14 Tacoma branch.md", 11),
        ("empty-tags", "Readings/The Art of the Follow-Up (2020).md", 9),
        ("empty-tags", "Readings/Wage Labour and Capital (1849).md", 9),
        ("invalid-frontmatter", "Readings/Unions in the Age of Gig Work (2021).md", 6),
        ("near-duplicate", "Meetings/Tacoma/2021-07-24 Tacoma branch.md", 2),
    ]
    assert data["total"] == 8 and data["counts"]["missing-heading"] == 0


def test_exit_codes_select_and_severity(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "#x [[Nowhere]]\n", "b.md": "#x plain\n"})
    assert run(root)[0] == 1
    assert run(root, "--ignore", "broken-link")[0] == 0
    assert run(root, "--select", "untagged")[0] == 0
    assert run(root, "--select", "single-use")[0] == 0
    assert run(root, "--severity", "error", "--select", "all")[0] == 1
    code, _, err = run(root, "--select", "nope")
    assert code == 2 and "unknown rule 'nope'" in err
    code, _, err = run(root, "--format", "xml")
    assert code == 2


def test_config_table_and_text_format(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "a.md": "[[Nowhere]]\n",
            "b.md": "plain\n",
            ".vaultkit.toml": '[check]\nselect = ["untagged"]\n',
        }
    )
    code, out, _ = run(root, "--format", "text")
    assert code == 1
    rel = _rel(root)
    assert out.splitlines() == [
        f"{rel}/a.md:1:1: untagged no tag anywhere",
        f"{rel}/b.md:1:1: untagged no tag anywhere",
    ]
    code, out, _ = run(root, "--format", "text", "--select", "broken-link")
    assert out.splitlines() == [f"{rel}/a.md:1:1: broken-link [[Nowhere]]: no note 'Nowhere'"]


def _rel(root: Path) -> str:
    import os

    return os.path.relpath(root, Path.cwd())


def test_human_output_puts_counts_first(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "#t [[Nowhere]] [[Nowhere2]]\n", "b.md": "#t\n"})
    code, out, _ = run(root)
    assert code == 1
    assert out.splitlines()[0] == "2 findings in 2 notes: 2 broken-link"
    assert "fix: create the note 'Nowhere'" in out


def test_fix_dry_run_shows_the_diff_and_fix_writes_it(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "a.md": "#Organizing [[sects]]\n",
            "b.md": "---\naliases: [sects]\n---\n#organizing\n",
            "sectarianism.md": "---\naliases: [sectarian]\n---\n#organizing\n",
        }
    )
    (root / "b.md").rename(root / "sectarianism2.md")
    before = (root / "a.md").read_bytes()
    code, out, err = run(root, "--fix", "--dry-run")
    assert code == 1
    assert "-#Organizing [[sects]]" in out
    assert "+#organizing [[sectarianism2|sects]]" in out
    assert "nothing written" in err
    assert (root / "a.md").read_bytes() == before
    code, out, err = run(root, "--fix")
    assert code == 0, out + err
    assert (root / "a.md").read_text() == "#organizing [[sectarianism2|sects]]\n"
    assert "fixed 1 note" in err


def test_paths_check_only_those_notes_and_links_into_them(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "t.md": "#x\n# Head\n",
            "in.md": "#x [[t#Gone]]\n",
            "far.md": "#x [[Nowhere]]\n",
        }
    )
    code, out, _ = run(root, str(root / "t.md"), "--json")
    data = json.loads(out)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in data["findings"]] == [("missing-heading", "in.md")]
    code, _, _ = run(root, str(root / "far.md"), "--ignore", "broken-link")
    assert code == 0


def test_rules_are_listed() -> None:
    result = runner.invoke(app, ["check", "--rules"])
    assert result.exit_code == 0
    assert "alias-link" in result.stdout and "(--fix)" in result.stdout


def test_changed_checks_what_git_says_changed(make_vault: VaultBuilder) -> None:
    import subprocess

    root = make_vault(
        {
            "kept.md": "#t [[Nowhere]]\n",
            "target.md": "#t\n# Head\n",
            "in.md": "#t [[target#Head]]\n",
        }
    )

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=a@b", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=a@b", "-c", "user.name=t", "commit", "-qm", "start")
    assert run(root, "--changed")[0] == 0  # nothing changed: kept.md's broken link not read
    (root / "target.md").write_text("#t\n# Renamed\n", encoding="utf-8")
    (root / "new.md").write_text("#t [[Nowhere else]]\n", encoding="utf-8")
    code, out, _ = run(root, "--changed", "--format", "text")
    assert code == 1
    found = sorted(line.split(": ", 1)[1].split(" ", 1)[0] for line in out.splitlines())
    assert found == ["broken-link", "missing-heading"]
    assert "kept.md" not in out


def test_changed_outside_git_is_an_error(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "x\n"})
    code, _, err = run(root, "--changed")
    assert code == 2 and "git" in err


def test_the_shared_output_options_list_one_row_per_finding() -> None:
    code, out, _ = run(EXAMPLE_VAULT, "--csv")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "path,line,col,rule,severity,message,fixable"
    assert len(lines) == 9 and "Meetings/Olympia/Olympia 3-13-21.md,29," in out
    assert run(EXAMPLE_VAULT, "--count")[1] == "8\n"
    paths = run(EXAMPLE_VAULT, "--paths")[1].splitlines()
    assert len(paths) == len(set(paths)) == 7
    jsonl = [json.loads(line) for line in run(EXAMPLE_VAULT, "--jsonl")[1].splitlines()]
    assert [f["rule"] for f in jsonl].count("broken-link") == 3
    # the names --format had before the shared set still work
    assert ":11:26: broken-link" in run(EXAMPLE_VAULT, "--format", "text")[1]
    assert run(EXAMPLE_VAULT, "--format", "full")[1].startswith("8 findings")
    assert run(EXAMPLE_VAULT, "--json", "--format", "text")[0] == 2
