"""`vaultkit read` and `vaultkit resolve` through Typer's CliRunner, on vaults in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--vault", str(root)])
    return result.exit_code, result.stdout, result.stderr


def test_read_prints_numbered_lines_and_pages(make_vault: VaultBuilder) -> None:
    root = make_vault({"Notes/Plan.md": "# Plan\nfirst\nsecond [[Goal]]\nthird\n"})
    code, out, _ = run(root, "read", "Plan", "--start", "2", "--lines", "2")
    assert code == 0
    assert out.splitlines() == [
        "Plan  (Notes/Plan.md)",
        "2│ first",
        "3│ second [[Goal]]",
        "… lines 2-3 of 4 (--start 4 to go on)",
    ]
    code, out, _ = run(root, "read", "Notes/Plan.md", "--json")
    data = json.loads(out)
    assert data["lines"][-1] == {"line": 4, "text": "third"}
    assert data["outline"] == [{"level": 1, "text": "Plan", "line": 1}]
    assert data["start"] == 1 and data["line_count"] == 4


def test_read_refuses_paths_out_of_the_vault(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "x\n"})
    code, out, err = run(root, "read", "../a.md")
    assert code == 2 and out == ""
    assert "outside the vault" in err and "Traceback" not in err


def test_resolve_says_where_a_link_leads_and_exits_1_for_none(make_vault: VaultBuilder) -> None:
    # help-links: a name two files share resolves by the linking note's folder first.
    root = make_vault(
        {"A/Same.md": "a\n", "B/Same.md": "b\n", "B/From.md": "[[Same]]\n", "C.md": "x\n"}
    )
    code, out, _ = run(root, "resolve", "[[Same]]", "--from", "From")
    assert code == 0
    assert out.splitlines() == [
        "[[Same]] in B/From.md → B/Same.md",
        "2 files share this name:",
        "  A/Same.md",
        "  B/Same.md",
    ]
    code, out, _ = run(root, "resolve", "Missing", "--json")
    assert code == 1
    assert json.loads(out)["resolved"] is None


def test_read_and_resolve_take_the_shared_output_options(make_vault: VaultBuilder) -> None:
    root = make_vault({"Topic.md": "# Topic\nsee [[Other]]\n", "Other.md": "x\n"})
    code, out, _ = run(root, "read", "Topic", "--csv")
    assert code == 0 and out == "path,line,text\nTopic.md,1,# Topic\nTopic.md,2,see [[Other]]\n"
    lines = [json.loads(line) for line in run(root, "read", "Topic", "--jsonl")[1].splitlines()]
    assert lines == [{"line": 1, "text": "# Topic"}, {"line": 2, "text": "see [[Other]]"}]
    assert run(root, "read", "Topic", "--count", "--start", "2")[1] == "1\n"
    assert run(root, "resolve", "[[Other]]", "--paths")[1] == "Other.md\n"
    code, out, _ = run(root, "resolve", "[[Nowhere]]", "--paths")
    assert (code, out) == (1, "")
    assert run(root, "resolve", "[[Other]]", "--jsonl")[0] == 2  # not offered
