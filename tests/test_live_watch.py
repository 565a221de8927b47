"""`vaultkit watch`: what one refresh reports (renames from the index's own stamps), the
event filter, and the real command in a subprocess: a saved note visible to `links`, a move
reported as a rename, a deleted vault exits 2, Ctrl-C exits 130 quietly.

Bounds are generous (tens of seconds) so that a loaded machine never fails them: speed is
measured in benchmarks/watch_bench.py, not here.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.live.watch import Rename, change_filter, diff_stamps, refresh_event
from vaultkit.walk import scan

BOUND = 30.0
"""Seconds a watched change may take to show up before a test fails (loose on purpose)."""


def test_diff_stamps_pairs_a_unique_move_as_a_rename() -> None:
    before = {"a.md": (10, 1), "b.md": (20, 2), "c.md": (30, 3)}
    after = {"a.md": (11, 5), "x/b.md": (20, 2), "d.md": (40, 4)}
    changed, added, removed, renamed = diff_stamps(before, after)
    assert changed == ["a.md"]
    assert renamed == [Rename("b.md", "x/b.md")]
    assert added == ["d.md"]
    assert removed == ["c.md"]


def test_diff_stamps_breaks_ties_by_file_name_and_never_guesses() -> None:
    before = {"one.md": (5, 1), "two.md": (5, 1)}
    after = {"moved/two.md": (5, 1), "moved/three.md": (5, 1)}
    _, added, removed, renamed = diff_stamps(before, after)
    assert renamed == [Rename("two.md", "moved/two.md")]
    assert removed == ["one.md"]  # two candidates left, neither named one.md: not a rename
    assert added == ["moved/three.md"]


def test_refresh_event_reports_a_real_move_and_relinks(make_vault: VaultBuilder) -> None:
    root = make_vault({"A.md": "see [[B]]\n", "B.md": "# B\n"})
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        assert refresh_event(index).empty
        (root / "sub").mkdir()
        (root / "B.md").rename(root / "sub" / "C.md")
        (root / "New.md").write_text("[[C]]\n", encoding="utf-8")
        event = refresh_event(index, jobs=1)
    assert event.renamed == [Rename("B.md", "sub/C.md")]
    assert event.added == ["New.md"] and event.removed == [] and event.changed == []
    assert event.counts.notes == 3
    assert event.counts.unresolved == 1  # A's [[B]] now points nowhere


def test_filter_drops_hidden_paths_and_the_index_files(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    keep = change_filter(root, root / "idx.sqlite")
    base = str(root.resolve())
    assert keep(None, f"{base}/Notes/a.md")
    assert not keep(None, f"{base}/.obsidian/workspace.json")
    assert not keep(None, f"{base}/Notes/.vaultkit-x.vaultkit-tmp")  # edit.py's temp files
    assert not keep(None, f"{base}/idx.sqlite-wal")
    assert not keep(None, f"{base}/idx.sqlite.lock")
    assert not keep(None, str(tmp_path / "elsewhere.md"))


def test_filter_keeps_every_file_the_scan_lists(tmp_path: Path) -> None:
    """A name ending in ``~`` (an editor's backup) is a file the scan lists, as an
    attachment: a watcher that dropped its events would vouch for an index that misses
    its change."""
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md~").write_text("backup\n", encoding="utf-8")
    stamps, _ = scan(root)
    assert "a.md~" in stamps
    keep = change_filter(root, root / "idx.sqlite")
    assert keep(None, f"{root.resolve()}/a.md~")


class Watcher:
    """`vaultkit watch --json` in a subprocess, its output lines read on threads."""

    def __init__(self, root: Path, index: Path, *extra: str) -> None:
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "vaultkit", "watch", "--json", "--vault", str(root)),
                *("--index", str(index), "--jobs", "1", *extra),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self._threads = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, None), daemon=True),
            threading.Thread(target=self._pump, args=(self.proc.stderr, self.err), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _pump(self, stream: IO[str], into: list[str] | None) -> None:
        for line in stream:
            if into is None:
                self.lines.put(line)
            else:
                into.append(line)

    def wait_started(self) -> None:
        deadline = time.monotonic() + BOUND
        while not any("watching" in line for line in self.err):
            assert self.proc.poll() is None, "".join(self.err)
            assert time.monotonic() < deadline, "watch did not start"
            time.sleep(0.05)

    def next_event(self, until: str) -> dict[str, object]:
        """The first event whose JSON mentions ``until``."""
        deadline = time.monotonic() + BOUND
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no refresh mentioning {until!r}; stderr: {''.join(self.err)}"
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            event: dict[str, object] = json.loads(line)  # stdout holds JSON Lines only
            if until in line:
                return event

    def finish(self) -> int:
        try:
            code = self.proc.wait(timeout=BOUND)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        return code


@pytest.fixture
def watched(make_vault: VaultBuilder, tmp_path: Path) -> tuple[Path, Path]:
    root = make_vault({"Hub.md": "# Hub\n", "Old.md": "nothing yet\n"})
    return root, tmp_path / "index.sqlite"


def test_watch_saved_note_visible_to_links_then_rename_then_vault_deleted(
    watched: tuple[Path, Path],
) -> None:
    root, index = watched
    watcher = Watcher(root, index)
    try:
        watcher.wait_started()
        # An editor's save: a temporary file written, then renamed over the note.
        temp = root / ".Old.md.tmp"
        temp.write_text("now links [[Hub]]\n", encoding="utf-8")
        temp.replace(root / "Old.md")
        event = watcher.next_event("Old.md")
        assert "Old.md" in event["changed"]  # type: ignore[operator]
        result = CliRunner().invoke(
            app, ["links", "Hub", "--json", "--vault", str(root), "--index", str(index)]
        )
        assert result.exit_code == 0, result.output
        sources = [b["path"] for b in json.loads(result.stdout)["backlinks"]]
        assert sources == ["Old.md"]

        (root / "Archive").mkdir()
        (root / "Old.md").rename(root / "Archive" / "Older.md")
        event = watcher.next_event("Archive/Older.md")
        assert event["renamed"] == [{"old": "Old.md", "new": "Archive/Older.md"}]
        assert event["added"] == [] and event["removed"] == []

        shutil.rmtree(root)
        code = watcher.finish()
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
    assert code == 2
    assert "deleted or moved" in "".join(watcher.err)
    assert "Traceback" not in "".join(watcher.err)


def test_watch_exec_runs_after_each_refresh(watched: tuple[Path, Path], tmp_path: Path) -> None:
    root, index = watched
    marker = tmp_path / "ran.txt"
    script = (
        "import os,sys; open(sys.argv[1],'a').write(os.environ['VAULTKIT_VAULT']);"
        " print('not json')"
    )
    command = f'{sys.executable} -c "{script}" {marker}'
    watcher = Watcher(root, index, "--exec", command)
    try:
        watcher.wait_started()
        (root / "Fresh.md").write_text("[[Hub]]\n", encoding="utf-8")
        event = watcher.next_event("Fresh.md")
        assert event["added"] == ["Fresh.md"]
        deadline = time.monotonic() + BOUND
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.read_text(encoding="utf-8").startswith(str(root))
        (root / "Second.md").write_text("[[Fresh]]\n", encoding="utf-8")
        watcher.next_event("Second.md")  # every stdout line in between was JSON
        watcher.proc.send_signal(signal.SIGINT)
        code = watcher.finish()
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
    assert code == 130
    assert "Traceback" not in "".join(watcher.err)
    assert "KeyboardInterrupt" not in "".join(watcher.err)


def test_another_process_refreshing_the_same_index_corrupts_nothing(
    watched: tuple[Path, Path], tmp_path: Path
) -> None:
    import sqlite3

    root, index = watched
    watcher = Watcher(root, index)

    def notes(at: Path) -> list[dict[str, object]]:
        result = CliRunner().invoke(
            app, ["notes", "--jsonl", "--vault", str(root), "--index", str(at)]
        )
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    try:
        watcher.wait_started()
        for number in range(40):
            (root / f"Burst {number}.md").write_text(
                f"[[Hub]] and [[Burst {number + 1}]] #burst\n", encoding="utf-8"
            )
            if number % 10 == 0:  # a second refresher on the same index, mid-burst
                CliRunner().invoke(app, ["index", "--vault", str(root), "--index", str(index)])
        (root / "Old.md").unlink()
        watcher.next_event("Old.md")
        watcher.proc.send_signal(signal.SIGINT)
        assert watcher.finish() == 130
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
    with sqlite3.connect(index) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert notes(index) == notes(tmp_path / "fresh.sqlite")
    assert len(notes(index)) == 41


def test_a_burst_of_files_is_a_few_refreshes_not_one_each(watched: tuple[Path, Path]) -> None:
    root, index = watched
    watcher = Watcher(root, index)
    added: list[str] = []
    refreshes = 0
    try:
        watcher.wait_started()
        (root / "Burst").mkdir()
        for number in range(200):
            (root / "Burst" / f"n{number}.md").write_text(f"[[n{number + 1}]]\n", "utf-8")
        while len(added) < 200:
            event = watcher.next_event("Burst/")
            added += event["added"]  # type: ignore[arg-type]
            refreshes += 1
        watcher.proc.send_signal(signal.SIGINT)
        assert watcher.finish() == 130
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
    assert sorted(added) == sorted(f"Burst/n{n}.md" for n in range(200))
    assert refreshes <= 20  # batched: typically 1-3


def test_a_moved_vault_folder_exits_2_with_a_message(
    watched: tuple[Path, Path], tmp_path: Path
) -> None:
    root, index = watched
    watcher = Watcher(root, index)
    try:
        watcher.wait_started()
        root.rename(tmp_path / "elsewhere")
        code = watcher.finish()
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
    assert code == 2
    assert f"the vault folder {root} was deleted or moved" in "".join(watcher.err)


def test_excluded_files_changed_while_watching_exits_2_and_the_next_command_rebuilds(
    watched: tuple[Path, Path],
) -> None:
    """Obsidian's excluded files (Settings > Files and links, ``userIgnoreFilters`` in
    ``.obsidian/app.json``) decide what the index holds; a watcher that went on with the old
    rules would vouch for an index that no longer answers as Obsidian does."""
    root, index = watched
    (root / "Drafts").mkdir()
    (root / "Drafts" / "D.md").write_text("[[Hub]]\n", encoding="utf-8")
    watcher = Watcher(root, index)
    try:
        watcher.wait_started()
        assert _backlink_count(root, index) == 1
        (root / ".obsidian").mkdir(exist_ok=True)
        (root / ".obsidian" / "app.json").write_text(
            '{"userIgnoreFilters": ["Drafts/"]}', encoding="utf-8"
        )
        code = watcher.finish()
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
    assert code == 2
    assert "changed what the index holds" in "".join(watcher.err)
    assert _backlink_count(root, index) == 0  # the next command rebuilt it: D is excluded


def _backlink_count(root: Path, index: Path) -> int:
    result = CliRunner().invoke(
        app, ["links", "Hub", "--json", "--vault", str(root), "--index", str(index)]
    )
    assert result.exit_code == 0, result.output
    count: int = json.loads(result.output)["backlink_count"]
    return count


def test_a_settings_file_touched_without_a_change_keeps_watching(
    watched: tuple[Path, Path],
) -> None:
    root, index = watched
    (root / ".obsidian").mkdir(exist_ok=True)
    (root / ".obsidian" / "app.json").write_text('{"alwaysUpdateLinks": true}', encoding="utf-8")
    watcher = Watcher(root, index)
    try:
        watcher.wait_started()
        (root / ".obsidian" / "app.json").write_text(
            '{"alwaysUpdateLinks": false}', encoding="utf-8"
        )
        time.sleep(2.5)  # more than a tick: the settings were read again and kept
        assert watcher.proc.poll() is None
        (root / "New.md").write_text("[[Hub]]\n", encoding="utf-8")
        assert watcher.next_event("New.md")["added"] == ["New.md"]
        watcher.proc.send_signal(signal.SIGINT)
        assert watcher.finish() == 130
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
