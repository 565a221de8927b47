"""Edits of one vault from several processes at once (issue 14, item 1): the vault's edit
lock makes them take turns, so nothing reported as written is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.editlock import EditLocked, edit_lock, lock_path

NOTES = 300


def _vaultkit(*args: str, index: Path, out: Path | None = None) -> subprocess.Popen[str]:
    """Start vaultkit; with ``out``, its stdout goes to that file (a pipe nobody reads
    would block a process that holds the lock)."""
    env = {**os.environ, "VAULTKIT_NO_PROGRESS": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "vaultkit", *args, "--index", str(index)],
        stdout=subprocess.PIPE if out is None else out.open("w"),
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _written(out: str) -> set[str]:
    return {c["path"] for c in json.loads(out)["changed"] if c["status"] == "written"}


def test_two_parallel_tag_adds_both_land_on_every_note(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({f"n{i:03}.md": f"---\ntitle: n{i}\n---\nbody {i}\n" for i in range(NOTES)})
    index = tmp_path / "index.sqlite"
    common = ("--where", "true", "--yes", "--json", "--vault", str(root))
    first = _vaultkit("tag", "add", "alpha", *common, index=index, out=tmp_path / "1.json")
    second = _vaultkit("tag", "add", "beta", *common, index=index, out=tmp_path / "2.json")
    errs = [proc.communicate(timeout=600)[1] for proc in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], errs
    outs = [((tmp_path / "1.json").read_text(),), ((tmp_path / "2.json").read_text(),)]
    every = {f"n{i:03}.md" for i in range(NOTES)}
    # Each run wrote every note (the later one after re-reading what the first left) ...
    assert _written(outs[0][0]) == every
    assert _written(outs[1][0]) == every
    # ... and every write is in the files: no note lost the other run's tag.
    for i in range(NOTES):
        text = (root / f"n{i:03}.md").read_text(encoding="utf-8")
        assert "alpha" in text and "beta" in text, (i, text)


def test_a_second_edit_waits_with_a_message(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"a.md": "text\n"})
    with edit_lock(root):
        proc = _vaultkit(
            "tag", "add", "x", "a", "--yes", "--vault", str(root), index=tmp_path / "i"
        )
        # It cannot finish while the lock is held: it says it waits on stderr.
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=3)
        assert (root / "a.md").read_text() == "text\n"
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "waiting for another vaultkit edit" in err
    assert "x" in (root / "a.md").read_text()


def test_no_wait_refuses_while_another_edit_runs(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"a.md": "text\n"})
    with edit_lock(root):
        proc = _vaultkit(
            "tag", "add", "x", "a", "--yes", "--no-wait", "--vault", str(root), index=tmp_path / "i"
        )
        _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert err.startswith("error: another vaultkit edit of") and "Traceback" not in err
    assert (root / "a.md").read_text() == "text\n"


def test_the_lock_is_outside_the_vault_and_shared_by_every_index(
    make_vault: VaultBuilder,
) -> None:
    root = make_vault({"a.md": "text\n"})
    path = lock_path(root)
    assert root.resolve() not in path.resolve().parents
    assert lock_path(root / ".") == path
    with edit_lock(root), pytest.raises(EditLocked), edit_lock(root, wait=False):
        pass  # pragma: no cover - the inner lock is refused
