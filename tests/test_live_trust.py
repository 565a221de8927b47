"""Commands trust a live `vaultkit watch` instead of scanning: only a live watcher of the
same vault and index file that says clean is trusted; a dirty one is waited for (bounded); a
dead one (kill -9 included), a stopped one or another vault's is never trusted."""

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

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.live.trust import (
    STALE_SECONDS,
    LiveState,
    live_path,
    read_watcher,
    trust_watcher,
)

BOUND = 30.0


@pytest.fixture
def indexed(make_vault: VaultBuilder, tmp_path: Path) -> tuple[Path, Path]:
    root = make_vault({"Hub.md": "# Hub\n", "Old.md": "nothing yet\n"})
    index = tmp_path / "index.sqlite"
    with Index.open(root, index) as opened:
        opened.refresh(jobs=1)
    return root, index


def _sources(root: Path, index: Path, env: dict[str, str] | None = None) -> list[str]:
    result = CliRunner().invoke(
        app, ["links", "Hub", "--json", "--vault", str(root), "--index", str(index)], env=env
    )
    assert result.exit_code == 0, result.output
    return [b["path"] for b in json.loads(result.stdout)["backlinks"]]


def test_no_state_file_no_trust(indexed: tuple[Path, Path]) -> None:
    root, index = indexed
    assert not live_path(index).exists()
    assert read_watcher(index, root) is None
    assert not trust_watcher(index, root, wait=0)


def test_a_watcher_is_trusted_only_while_clean_alive_and_for_this_vault(
    indexed: tuple[Path, Path], tmp_path: Path
) -> None:
    root, index = indexed
    live = LiveState.claim(index, root)
    assert live is not None
    try:
        info = read_watcher(index, root)
        assert info is not None and info.state == "dirty" and info.pid == os.getpid()
        assert not trust_watcher(index, root, wait=0.05)  # dirty: waited, then no
        live.clean()
        assert trust_watcher(index, root, wait=0)
        other = tmp_path / "other"
        other.mkdir()
        assert read_watcher(index, other) is None  # another vault's watcher
        assert LiveState.claim(index, root, wait=0.05) is None  # one watcher per index
    finally:
        live.close()
    assert read_watcher(index, root) is None  # stopped: the lock is free
    assert not trust_watcher(index, root, wait=0)


def test_a_replaced_index_file_is_not_vouched_for(indexed: tuple[Path, Path]) -> None:
    root, index = indexed
    with LiveState.claim(index, root) as live:  # type: ignore[union-attr]
        live.clean()
        assert trust_watcher(index, root, wait=0)
        moved = index.with_name("moved.sqlite")
        index.rename(moved)
        moved.with_name("copy").write_bytes(moved.read_bytes())
        moved.with_name("copy").rename(index)  # same path, another file
        assert not trust_watcher(index, root, wait=0)


def test_a_command_skips_its_scan_only_while_a_clean_watcher_vouches(
    indexed: tuple[Path, Path],
) -> None:
    root, index = indexed
    (root / "Old.md").write_text("links [[Hub]]\n", encoding="utf-8")
    live = LiveState.claim(index, root)
    assert live is not None
    try:
        live.clean()
        # The watcher says clean (it has not seen the save): the command trusts it.
        assert _sources(root, index) == []
        # The escape hatch scans anyway.
        assert _sources(root, index, env={"VAULTKIT_TRUST_WATCHER": "0"}) == ["Old.md"]
        (root / "New.md").write_text("also [[Hub]]\n", encoding="utf-8")
        live.dirty()
        # Dirty and never clean again: after the bounded wait the command scans itself.
        started = time.monotonic()
        assert _sources(root, index) == ["New.md", "Old.md"]
        assert time.monotonic() - started >= 1.5
    finally:
        live.close()


def test_index_command_always_refreshes(indexed: tuple[Path, Path]) -> None:
    root, index = indexed
    (root / "New.md").write_text("[[Hub]]\n", encoding="utf-8")
    with LiveState.claim(index, root) as live:  # type: ignore[union-attr]
        live.clean()
        result = CliRunner().invoke(
            app, ["index", "--json", "--vault", str(root), "--index", str(index)]
        )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["parsed"] == 1


_HOLDER = """
import sys, time
from pathlib import Path
from vaultkit.live.trust import LiveState
live = LiveState.claim(Path(sys.argv[1]), Path(sys.argv[2]))
live.clean()
print("clean", flush=True)
time.sleep(300)
"""


def test_a_killed_watcher_is_never_trusted(indexed: tuple[Path, Path]) -> None:
    root, index = indexed
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(index), str(root)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "clean"
        assert trust_watcher(index, root, wait=0)
        (root / "Old.md").write_text("links [[Hub]]\n", encoding="utf-8")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=BOUND)
        # The file still says clean; the lock died with the process.
        assert live_path(index).read_bytes()[:1] == b"C"
        assert not trust_watcher(index, root, wait=0)
        assert _sources(root, index) == ["Old.md"]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_real_watcher_vouches_and_a_save_is_visible_at_once(
    indexed: tuple[Path, Path],
) -> None:
    root, index = indexed
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "vaultkit", "watch", "--json", "--vault", str(root)),
            *("--index", str(index), "--jobs", "1"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + BOUND
        while not trust_watcher(index, root, wait=0):
            assert proc.poll() is None and time.monotonic() < deadline, "watcher never clean"
            time.sleep(0.05)
        info = read_watcher(index, root)
        assert info is not None and info.pid == proc.pid
        # No waiting for the watcher's event: the command sees the save (the watcher is
        # dirty until its refresh commits, and the command waits for that).
        (root / "Old.md").write_text("links [[Hub]]\n", encoding="utf-8")
        time.sleep(1.0)  # the OS event reaches the watcher (it marks dirty at once)
        assert _sources(root, index) == ["Old.md"]
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=BOUND) == 130
        assert read_watcher(index, root) is None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_mcp_without_its_own_watcher_trusts_a_running_one(indexed: tuple[Path, Path]) -> None:
    from vaultkit.live.mcp_server import Freshness

    root, index = indexed
    with Index.open(root, index) as opened:
        fresh = Freshness(opened, watch=False)  # as when no watcher thread could start
        (root / "Old.md").write_text("links [[Hub]]\n", encoding="utf-8")
        with LiveState.claim(index, root) as live:  # type: ignore[union-attr]
            live.clean()
            fresh.ensure()  # vouched for: no refresh
            assert opened.backlinks("Hub.md", None)[2] == 0
        fresh.ensure()  # the watcher stopped: a refresh per call again
        assert opened.backlinks("Hub.md", None)[2] == 1
        fresh.close()


def _start_watch(root: Path, index: Path, *extra: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "vaultkit", "watch", "--json", "--vault", str(root)),
            *("--index", str(index), "--jobs", "1", *extra),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    deadline = time.monotonic() + BOUND
    while not trust_watcher(index, root, wait=0):
        assert proc.poll() is None and time.monotonic() < deadline, "watcher never clean"
        time.sleep(0.05)
    return proc


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_a_stopped_watcher_is_not_trusted_and_resumes(indexed: tuple[Path, Path]) -> None:
    root, index = indexed
    proc = _start_watch(root, index)
    try:
        proc.send_signal(signal.SIGSTOP)  # alive, lock held, but answering nothing
        (root / "Old.md").write_text("links [[Hub]]\n", encoding="utf-8")
        time.sleep(STALE_SECONDS + 0.5)
        assert read_watcher(index, root) is None  # its heartbeat is stale
        assert _sources(root, index) == ["Old.md"]  # the command scanned itself
        proc.send_signal(signal.SIGCONT)
        deadline = time.monotonic() + BOUND
        while not trust_watcher(index, root, wait=0):
            assert time.monotonic() < deadline, "the watcher never came back"
            time.sleep(0.05)
    finally:
        _stop(proc)


def test_saves_during_exec_make_the_watcher_dirty_at_once(indexed: tuple[Path, Path]) -> None:
    root, index = indexed
    marker = index.with_name("exec-ran")
    proc = _start_watch(root, index, "--exec", f"touch '{marker}'; sleep 10")
    try:
        (root / "Old.md").write_text("links [[Hub]]\n", encoding="utf-8")
        deadline = time.monotonic() + BOUND
        while not marker.exists():  # the refresh of that save ran, --exec is sleeping
            assert time.monotonic() < deadline, "--exec never ran"
            time.sleep(0.05)
        (root / "New.md").write_text("[[Hub]]\n", encoding="utf-8")
        deadline = time.monotonic() + 3.0  # well before --exec ends
        while True:  # dirty while the main loop still waits for --exec
            info = read_watcher(index, root)
            if info is not None and info.state == "dirty":
                break
            assert time.monotonic() < deadline, "never dirty"
            time.sleep(0.02)
        assert _sources(root, index) == ["New.md", "Old.md"]
    finally:
        _stop(proc)


def test_a_second_watcher_warns_and_the_first_stays_trusted(indexed: tuple[Path, Path]) -> None:
    root, index = indexed
    with LiveState.claim(index, root) as first:  # type: ignore[union-attr]
        first.clean()
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "vaultkit", "watch", "--vault", str(root)),
                *("--index", str(index), "--jobs", "1"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        try:
            assert proc.stderr is not None
            lines = [proc.stderr.readline(), proc.stderr.readline()]
            assert "watching" in lines[0]
            assert "another watcher keeps this index fresh" in lines[1]
            info = read_watcher(index, root)
            assert info is not None and info.pid == os.getpid()
        finally:
            _stop(proc)
