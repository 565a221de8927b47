"""`summarize --all` groups the notices of many notes: one line per notice, with how many
notes have it, instead of one line a note."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()


def _plain(n: int) -> str:
    return f"---\ntitle: Plot {n}\n---\n\nThe plot by the fence needs compost, week {n}.\n"


def test_summarize_all_on_a_vault_without_kinds_prints_one_notice(
    make_vault: VaultBuilder,
) -> None:
    root = make_vault({f"plots/plot {n}.md": _plain(n) for n in range(1, 6)})
    result = runner.invoke(app, ["summarize", "--all", "--vault", str(root)])
    assert result.exit_code == 0
    kind = [line for line in result.stderr.splitlines() if "of no kind" in line]
    assert kind == [
        "note: 5 notes (plots/plot 1.md, plots/plot 2.md, plots/plot 3.md and 2 more): a note"
        " of no kind: summaries are made for readings, resolutions and clippings; this one"
        " shows what the note has"
    ]
    assert "note:" not in result.stdout
    # each summary still carries its notices in JSON
    result = runner.invoke(app, ["summarize", "--all", "--vault", str(root), "--json"])
    data = json.loads(result.stdout)
    assert len(data) == 5 and all("of no kind" in s["notices"][0] for s in data)


def test_a_notice_of_one_note_among_many_names_it(make_vault: VaultBuilder) -> None:
    para = "The tenants met in the hall on Friday and agreed to write to the owner."
    root = make_vault(
        {
            "a.md": _plain(1),
            "b.md": _plain(2),
            "clip.md": f"{para}\n\nA second paragraph about the heating.\n\n{para}\n",
        }
    )
    result = runner.invoke(app, ["summarize", "--all", "--vault", str(root)])
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert "note: clip.md: 1 repeated paragraph counted once" in lines
    assert sum("of no kind" in line for line in lines) == 1
    assert any(line.startswith("note: 2 notes (a.md, b.md): a note of no kind") for line in lines)
