"""Names that are not valid UTF-8 (a Latin-1 ``caf\\xe9.md``): the scan skips them with a
problem (no vault path can name them), and the watcher and the MCP server's watcher thread
go on watching when an event names one (watchfiles raises on such a path)."""

from __future__ import annotations

import marshal
import os
import signal
from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from tests.test_live_watch import Watcher
from vaultkit.index import Index
from vaultkit.live.targeted import targeted_scan
from vaultkit.vault_check import StampCheck
from vaultkit.walk import UNDECODABLE, scan

BAD = b"caf\xe9"
"""A name in Latin-1: not valid UTF-8."""


def _bad_path(folder: Path, name: bytes) -> bytes:
    return os.fsencode(folder) + b"/" + name


def _write_bad(folder: Path, name: bytes, text: str) -> None:
    with open(_bad_path(folder, name), "w", encoding="utf-8") as handle:
        handle.write(text)


@pytest.fixture(params=["files", "folder"])
def vault(make_vault: VaultBuilder, request: pytest.FixtureRequest) -> Path:
    """A vault with a note and an attachment whose names are not UTF-8, and with the
    ``folder`` parameter a folder whose name is not (holding a note: inotify cannot even
    start, the vault is polled); skipped where the file system refuses such names."""
    root = make_vault({"Hub.md": "# Hub\n", "Old.md": "[[Hub]]\n"})
    try:
        _write_bad(root, BAD + b".md", "[[Hub]]\n")
    except OSError as error:  # APFS, ZFS utf8only, Windows: names must be valid text
        pytest.skip(f"this file system refuses names that are not UTF-8: {error}")
    _write_bad(root, BAD + b".png", "x")
    if request.param == "folder":
        os.mkdir(_bad_path(root, b"dir\xff"))
        with open(_bad_path(root, b"dir\xff/inside.md"), "w", encoding="utf-8") as handle:
            handle.write("[[Hub]]\n")
    return root


def test_the_scan_skips_them_with_a_problem_naming_their_bytes(vault: Path) -> None:
    stamps, problems = scan(vault)
    assert sorted(stamps) == ["Hub.md", "Old.md"]
    expected = [("caf\\xe9.md", UNDECODABLE), ("caf\\xe9.png", UNDECODABLE)]
    if (vault / "Hub.md").exists() and len(os.listdir(vault)) == 6:  # .obsidian and dir
        expected.append(("dir\\xff", UNDECODABLE))
    assert sorted((p, pr.code) for p, pr in problems) == expected
    # The checks that stand for a scan (vaultkit.vault_check) find the same files.
    found = StampCheck(vault, marshal.dumps(stamps), None, 1).result()
    assert found.same and found.files == 2
    assert {p for p, _ in found.problems} == {p for p, _ in problems}


def test_the_index_holds_the_other_notes_and_reports_them(vault: Path, tmp_path: Path) -> None:
    with Index.open(vault, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)  # raised UnicodeEncodeError before: the whole index failed
        assert index.note_paths() == ["Hub.md", "Old.md"]
        assert index.inlink_sources()["Hub.md"] == ["Old.md"]
        codes = {(p, pr.code) for p, pr in index.problems()}
        assert ("caf\\xe9.md", UNDECODABLE) in codes


def test_a_refresh_from_events_keeps_their_problems(vault: Path, tmp_path: Path) -> None:
    """Such names never stop the watcher's refreshes from events (no event can name
    them), and what the scan reported about them is kept."""
    with Index.open(vault, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        before = index.problems()
        (vault / "Old.md").write_text("[[Hub]] again\n", encoding="utf-8")
        snapshot = index._snapshot()
        assert snapshot is not None
        found = targeted_scan(index, {"Old.md"})(snapshot)
        assert found is not None
        stamps, carried = found
        assert stamps["Old.md"][0] == len("[[Hub]] again\n")
        assert [(p, pr.code) for p, pr in carried] == [(p, pr.code) for p, pr in before]
        index.refresh(jobs=1, scanned=targeted_scan(index, {"Old.md"}))
        assert index.problems() == before


def test_watch_goes_on_after_an_event_names_one(vault: Path, tmp_path: Path) -> None:
    """watchfiles raises on such a path; the watcher printed "cannot watch" and exited 2."""
    watcher = Watcher(vault, tmp_path / "index.sqlite")
    try:
        watcher.wait_started()
        _write_bad(vault, b"new\xff.md", "[[Hub]]\n")
        (vault / "After.md").write_text("[[Hub]]\n", encoding="utf-8")
        assert "After.md" in watcher.next_event("After.md")["added"]  # type: ignore[operator]
        (vault / "Later.md").write_text("[[Hub]]\n", encoding="utf-8")
        assert watcher.next_event("Later.md")["added"] == ["Later.md"]
        assert watcher.proc.poll() is None
        watcher.proc.send_signal(signal.SIGINT)
        assert watcher.finish() == 130
    finally:
        if watcher.proc.poll() is None:
            watcher.proc.kill()
    assert "cannot watch" not in "".join(watcher.err)


def test_the_mcp_servers_watcher_goes_on_too(vault: Path, tmp_path: Path) -> None:
    """Its watcher thread stopped on the error and the server refreshed on every call."""
    from vaultkit.live.mcp_server import Freshness

    with Index.open(vault, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        fresh = Freshness(index, watch=True)
        try:
            for _ in range(300):  # the watcher has started once an event is seen
                (vault / "Old.md").write_text("[[Hub]]\n", encoding="utf-8")
                if fresh.stale.wait(0.2):
                    break
            assert fresh.stale.is_set()
            fresh.ensure()
            _write_bad(vault, b"new\xff.md", "[[Hub]]\n")
            assert fresh.stale.wait(30)  # the lost batch: any file may have changed
            fresh.ensure()
            (vault / "After.md").write_text("[[Hub]]\n", encoding="utf-8")
            for _ in range(300):
                if fresh.stale.wait(0.1):
                    break
            assert fresh.watching and fresh.stale.is_set()
            fresh.ensure()
            assert index.file_id("After.md") is not None
        finally:
            fresh.close()
        assert fresh.thread is not None and not fresh.thread.is_alive()


def test_only_the_decode_error_restarts_the_watch() -> None:
    from vaultkit.live.events import undecodable_path

    assert undecodable_path(RuntimeError('Unable to decode path "/v/caf\\xE9.md" to string'))
    assert not undecodable_path(RuntimeError("inotify watch limit reached"))
    assert not undecodable_path(OSError("Unable to decode path"))
