"""`Index.counts()` counts tags the way `vaultkit tags` lists them, so that `index`, `watch`
and `tags --count` give one number (visible notes only, one tag whatever its case)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT, VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index

runner = CliRunner()

MIXED = {
    ".obsidian/app.json": '{"userIgnoreFilters": ["Archive/"]}',
    "front.md": "---\ntags: [meeting/political, Reading]\n---\nbody\n",
    "inline.md": "# t\n#meeting/Political and #reading and #solo\n",
    "code.md": "```\n#in-a-code-block\n```\n`#in-code-span` text\n",
    "field.md": "`TAGS:` #field-tag\n",
    "Archive/old.md": "#only-in-an-excluded-file #meeting\n",
}


def _cli_counts(root: Path, index: Path) -> tuple[int, int]:
    common = ["--vault", str(root), "--index", str(index)]
    indexed = runner.invoke(app, ["index", *common, "--json"])
    listed = runner.invoke(app, ["tags", *common, "--count"])
    assert indexed.exit_code == 0 and listed.exit_code == 0, indexed.stderr + listed.stderr
    return int(json.loads(indexed.stdout)["tags"]), int(listed.stdout)


def test_counts_leave_out_excluded_notes_and_fold_case(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(MIXED)
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh()
        names = {name.lower() for _, name, _ in index.tag_occurrences()}
        # meeting/political, reading, solo, field-tag: not the code ones, not Archive's
        assert names == {"meeting/political", "reading", "solo", "field-tag"}
        assert index.counts().tags == 4


@pytest.mark.parametrize("which", ["example", "mixed"])
def test_index_and_tags_count_agree(which: str, make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = EXAMPLE_VAULT if which == "example" else make_vault(MIXED)
    indexed, listed = _cli_counts(root, tmp_path / "ix.sqlite")
    assert indexed == listed > 0
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        assert index.counts().tags == listed
