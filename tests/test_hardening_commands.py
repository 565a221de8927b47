"""Every command on a hostile vault, and a tag rename killed part way (issue 7)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.test_hardening_vault import hostile  # noqa: F401  (the fixture)
from vaultkit.cli import app

runner = CliRunner()

COMMANDS = [
    (["index", "--json"], {0}),
    (["notes", "--json"], {0}),
    (["notes", "--csv"], {0}),
    (["links", "good", "--json"], {0}),
    (["tags", "--json"], {0}),
    (["tags", "--tree"], {0}),
    (["tags", "audit", "--json"], {1}),
    (["tags", "suggest", "--untagged", "--json"], {0}),
    (["summarize", "--all", "--jsonl"], {0}),
    (["report", "meetings", "--json"], {0}),
    (["report", "readings", "--json"], {0}),
    (["report", "resolutions", "--json"], {0}),
    (["query", "TABLE length(file.outlinks) AS out SORT file.name", "--json"], {0}),
    (["tag", "add", "checked", "--untagged", "--dry-run"], {1}),  # some notes refused
]


def contents(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*.md") if p.is_file() and not p.is_symlink()}


def text_of(root: Path, i: int) -> str:
    return (root / f"n{i:04}.md").read_text(encoding="utf-8")


def vaultkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "vaultkit", *args]


@pytest.mark.parametrize(("args", "codes"), COMMANDS, ids=[" ".join(a[:2]) for a, _ in COMMANDS])
def test_every_command_on_the_hostile_vault(
    hostile: Path,  # noqa: F811
    tmp_path: Path,
    args: list[str],
    codes: set[int],
) -> None:
    before = contents(hostile)
    where = ["--vault", str(hostile), "--index", str(tmp_path / "ix.sqlite")]
    result = runner.invoke(app, [*args, *where])
    assert result.exit_code in codes, (result.exit_code, result.stderr[-2000:], result.exception)
    assert "Traceback" not in result.stderr
    if "--json" in args and args[0] != "notes":
        chunks = result.stdout.splitlines() if args[0] == "summarize" else [result.stdout]
        for chunk in chunks:
            json.loads(chunk)
    assert before == contents(hostile)  # reading (and a dry run) never writes


OLD = "---\ntags: [old]\n---\n# Note {i}\nbody #old/child and #old text\n"
NEW = "---\ntags: [new]\n---\n# Note {i}\nbody #new/child and #new text\n"


def test_tag_rename_killed_part_way_leaves_every_note_whole(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    count = 1500
    for i in range(count):
        (root / f"n{i:04}.md").write_text(OLD.format(i=i), encoding="utf-8")
    where = ["--vault", str(root), "--index", str(tmp_path / "ix.sqlite")]
    rename = vaultkit("tag", "rename", "old", "new", "--yes", *where)
    env = {**os.environ, "VAULTKIT_NO_PROGRESS": "1"}
    subprocess.run(vaultkit("index", *where), capture_output=True, check=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    proc = subprocess.Popen(rename, stdin=subprocess.DEVNULL, env=env, **quiet)
    deadline = time.monotonic() + 60
    killed_mid_way = False
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(1 for i in range(0, count, 50) if "new" in text_of(root, i)) >= 3:
            proc.send_signal(signal.SIGKILL)
            killed_mid_way = True
            break
        time.sleep(0.01)
    proc.wait()
    states = []
    for i in range(count):
        text = text_of(root, i)
        assert text in (OLD.format(i=i), NEW.format(i=i)), f"n{i:04}.md is torn: {text!r}"
        states.append(text == NEW.format(i=i))
    if killed_mid_way:
        assert any(states) and not all(states)
    assert len(list(root.glob(".*.vaultkit-tmp"))) <= 1  # at most the file being written
    rerun = subprocess.run(
        rename, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env
    )
    assert rerun.returncode == 0, rerun.stderr
    assert all(text_of(root, i) == NEW.format(i=i) for i in range(count))
