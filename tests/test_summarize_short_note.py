"""A very short note keeps its best gist: "never longer than half the note" applies from
``SHORT_NOTE`` words, so a 6-word sentence above a long table is shown, not left out (an
empty summary of a note with a sentence)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.reports.digest import SHORT_NOTE

runner = CliRunner()
SENTENCE = "The union voted to strike today."


def _summary(root: object, path: str) -> dict[str, object]:
    result = runner.invoke(app, ["summarize", path, "--vault", str(root), "--json"])
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_a_sentence_above_a_long_table_is_its_summary(make_vault: VaultBuilder) -> None:
    rows = "\n".join(f"| {i} | {i * 3} |" for i in range(300))
    root = make_vault(
        {
            "table.md": f"{SENTENCE}\n\n| a | b |\n|---|---|\n{rows}\n",
            "alone.md": f"{SENTENCE}\n",
        }
    )
    for path in ("table.md", "alone.md"):
        data = _summary(root, path)
        gists = [s["gist"] for s in data["segments"]]  # type: ignore[attr-defined]
        assert [g["sentence"] for g in gists if g] == [SENTENCE]
        length = data["length"]
        assert length["note"] == 6 and length["summary"] == 6  # type: ignore[index]
        assert length["dropped_gists"] == 0  # type: ignore[index]
        assert not any("half" in n for n in data["notices"])  # type: ignore[attr-defined]
    text = runner.invoke(app, ["summarize", "table.md", "--vault", str(root)]).stdout
    assert SENTENCE in text and "summary 6 of 6 words" in text


def test_from_short_note_words_a_gist_longer_than_half_is_left_out(
    make_vault: VaultBuilder,
) -> None:
    words = ["word"] * (SHORT_NOTE + 4)
    long = "The steward said that " + " ".join(f"grievance{i}" for i in range(len(words))) + "."
    root = make_vault({"long.md": f"{long}\n"})
    data = _summary(root, "long.md")
    assert all(s["gist"] is None for s in data["segments"])  # type: ignore[attr-defined]
    assert data["length"]["dropped_gists"] == 1  # type: ignore[index]
