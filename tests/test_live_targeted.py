"""The watcher's refresh from its events alone (``live.targeted``): the index it leaves is
the one a scan would leave, anything unsure falls back to the scan, and a full refresh
follows once the vault is quiet."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.index import refresh as refresh_module
from vaultkit.live.targeted import MOST_PATHS, relative_paths, targeted_scan
from vaultkit.live.watch import refresh_event, watch_index

NAMES = ["A.md", "B.md", "sub/C.md", "sub/D.md", "pic.png"]
texts = st.sampled_from(["see [[B]]\n", "see [[C]] and [[Nope]]\n", "#tag text\n", "# B\n"])
edits = st.lists(st.tuples(st.sampled_from(NAMES), st.none() | texts), min_size=1, max_size=5)


def _rows(index: Index) -> dict[str, list[Any]]:
    """What the index holds, by path (ids differ between indexes)."""
    q = index.query
    return {
        "files": sorted(q("SELECT path, size, mtime_ns, is_note, excluded FROM files")),
        "links": sorted(
            q(
                "SELECT s.path, l.target, d.path FROM links l JOIN files s ON s.id = l.src"
                " LEFT JOIN files d ON d.id = l.dst"
            ),
            key=repr,
        ),
        "tags": sorted(q("SELECT f.path, t.name FROM tags t JOIN files f ON f.id = t.src")),
        "texts": sorted(q("SELECT f.path, t.body FROM note_text t JOIN files f ON f.id = t.id")),
        "snapshot": sorted((index._snapshot() or {}).items()),
    }


def _scanned_rows(root: Path, path: Path) -> dict[str, list[Any]]:
    """The rows of a new index at ``path`` after a refresh with a scan of ``root``."""
    with Index.open(root, path) as scanned:
        scanned.refresh(jobs=1)
        return _rows(scanned)


def _apply(root: Path, changes: list[tuple[str, str | None]], step: int) -> set[str]:
    for name, text in changes:
        path = root / name
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            later = 1_700_000_000_000_000_000 + step * 1_000_000_000
            os.utime(path, ns=(later, later))
    return {name for name, _ in changes}


def count_scans(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets one item per whole-vault scan the refresh runs from now on."""
    scans: list[int] = []
    real_scan = refresh_module.scan

    def counted(*args: Any, **kwargs: Any) -> Any:
        scans.append(1)
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(refresh_module, "scan", counted)
    return scans


@settings(max_examples=20, deadline=None)
@given(edits, edits)
def test_a_refresh_from_events_leaves_what_a_scan_leaves(
    first: list[tuple[str, str | None]], second: list[tuple[str, str | None]]
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        (root / "sub").mkdir(parents=True)
        (root / "A.md").write_text("see [[B]]\n", encoding="utf-8")
        with Index.open(root, Path(tmp) / "t.sqlite") as targeted:
            targeted.refresh(jobs=1)
            for step, changes in enumerate((first, second), 1):
                paths = _apply(root, changes, step)
                targeted.refresh(jobs=1, scanned=targeted_scan(targeted, paths))
            assert _rows(targeted) == _scanned_rows(root, Path(tmp) / "s.sqlite")


def _rescan(root: Path, index: Index, paths: set[str]) -> Any:
    snapshot = index._snapshot()
    assert snapshot is not None
    return targeted_scan(index, paths)(snapshot)


def test_what_only_a_scan_can_tell_falls_back_to_it(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"A.md": "a\n", "sub/B.md": "b\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        (root / "A.md").write_text("changed\n", encoding="utf-8")
        found = _rescan(root, index, {"A.md"})
        assert found is not None and found[0]["A.md"][0] == len("changed\n")
        (root / "A.md").unlink()
        assert "A.md" not in _rescan(root, index, {"A.md"})[0]  # a file gone
        assert _rescan(root, index, {"sub"}) is None  # a folder
        (root / "sub" / "B.md").unlink()
        (root / "sub").rmdir()
        assert _rescan(root, index, {"sub"}) is None  # a folder gone: what it held?
        assert _rescan(root, index, {"sub/B.md"}) is None  # its folder gone
        (root / "new").mkdir()
        (root / "new" / "x.md").write_text("x\n", encoding="utf-8")
        assert _rescan(root, index, {"new/x.md"}) is not None  # in a new plain folder
        (root / "link.md").symlink_to(root / "new" / "x.md")
        assert _rescan(root, index, {"link.md"}) is None  # a symlink
        assert _rescan(root, index, set()) is None
        index.refresh(jobs=1)
        (root / "gone").symlink_to(tmp_path / "elsewhere")  # a scan problem recorded
        index.refresh(jobs=1)
        assert _rescan(root, index, {"new/x.md"}) is None


def test_event_paths_below_the_vault_only_and_a_few(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    base = str(root.resolve())
    assert relative_paths(root, [f"{base}/a.md", f"{base}/s/b.md"]) == {"a.md", "s/b.md"}
    assert relative_paths(root, [f"{base}x/a.md"]) is None
    many = [f"{base}/{n}.md" for n in range(MOST_PATHS + 1)]
    assert relative_paths(root, many) is None


def test_refresh_event_from_paths_reports_the_save(make_vault: VaultBuilder) -> None:
    root = make_vault({"A.md": "see [[B]]\n", "B.md": "# B\n"})
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        (root / "C.md").write_text("see [[B]]\n", encoding="utf-8")
        event = refresh_event(index, 1, 1, paths={"C.md"})
        assert event.added == ["C.md"] and not event.changed and not event.removed
        assert event.counts.notes == 3


def test_the_watcher_skips_the_scan_then_scans_when_quiet(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"A.md": "see [[B]]\n", "B.md": "# B\n"})
    scans = count_scans(monkeypatch)
    index_path = root.parent / "idx.sqlite"
    with Index.open(root, index_path) as index:
        index.refresh(jobs=1)
    stop = threading.Event()
    seen: list[tuple[list[str], int]] = []

    def run() -> None:  # the index's connection belongs to this thread
        with Index.open(root, index_path) as index:
            for event in watch_index(index, stop=stop, full_after_ms=300, debounce_ms=400):
                seen.append((event.added, len(scans)))

    def wait_for(done: Any) -> bool:
        for _ in range(300):
            if done():
                return True
            threading.Event().wait(0.1)
        return False

    scans.clear()
    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert wait_for(lambda: len(scans) >= 1)  # the first pass scans
        (root / "C.md").write_text("see [[B]]\n", encoding="utf-8")
        assert wait_for(lambda: seen)
        assert seen[0] == (["C.md"], 1)  # no scan for the save
        assert wait_for(lambda: len(scans) >= 2)  # then, once quiet, a full refresh
        assert len(seen) == 1  # which found nothing more
    finally:
        stop.set()
        thread.join(timeout=30)
    with Index.open(root, index_path) as index, Index.open(root, root.parent / "f.sqlite") as fresh:
        fresh.refresh(jobs=1)
        assert _rows(index)["links"] == _rows(fresh)["links"]


def test_the_mcp_server_refreshes_a_save_without_a_scan_then_scans(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.live.mcp_server import Freshness

    root = make_vault({"A.md": "see [[B]]\n", "B.md": "# B\n"})
    scans = count_scans(monkeypatch)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        fresh = Freshness(index, watch=True)
        try:
            scans.clear()
            for _ in range(300):  # the watcher has started once an event is seen
                (root / "C.md").write_text("see [[B]]\n", encoding="utf-8")
                if fresh.stale.wait(0.2):
                    break
            assert fresh.stale.is_set()
            threading.Event().wait(0.5)  # the editor's whole save is in
            fresh.ensure()
            assert not scans  # from the event's path alone
            assert index.file_id("C.md") is not None
            fresh.ensure()
            assert not scans  # nothing changed, nothing due yet
            assert fresh._full_at is not None
            fresh._full_at = 0.0  # due now
            fresh.ensure()
            assert scans == [1]
            fresh.ensure()
            assert scans == [1]
        finally:
            fresh.close()


def test_a_name_its_folder_does_not_list_exactly_falls_back_to_a_scan(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.live import targeted

    root = make_vault({"Note.md": "a\n", "sub/B.md": "b\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        assert _rescan(root, index, {"Note.md", "sub/B.md"}) is not None
        real = os.listdir

        def other_case(folder: str) -> list[str]:  # as a case-insensitive system would list
            return [name.lower() for name in real(folder)]

        monkeypatch.setattr(targeted.os, "listdir", other_case)
        assert _rescan(root, index, {"Note.md"}) is None  # found, but listed as note.md
        assert _rescan(root, index, {"sub/B.md"}) is None


@pytest.mark.parametrize("link", ["alias.md", "linked"])
def test_a_vault_with_a_symlink_inside_is_scanned_whole(
    make_vault: VaultBuilder, tmp_path: Path, link: str
) -> None:
    """A save under one name changes what the scan finds under a symlink's name too (an
    event names the target only): the events alone cannot stand for the scan."""
    root = make_vault({"sub/real.md": "a\n", "B.md": "b\n"})
    target = root / "sub" / "real.md" if link == "alias.md" else root / "sub"
    (root / link).symlink_to(target)
    with Index.open(root, tmp_path / "t.sqlite") as index:
        index.refresh(jobs=1)
        assert any(p.startswith(link) for p in index._snapshot() or {})  # the scan follows it
        (root / "sub" / "real.md").write_text("changed text\n", encoding="utf-8")
        index.refresh(jobs=1, scanned=targeted_scan(index, {"sub/real.md"}))
        assert _rows(index) == _scanned_rows(root, tmp_path / "s.sqlite")


def test_saves_that_never_stop_still_get_a_full_refresh(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full refresh is due ``full_after_ms`` after the first refresh from events, not
    pushed back by every later save (a sync tool writing every second)."""
    root = make_vault({"A.md": "see [[B]]\n", "B.md": "# B\n"})
    scans = count_scans(monkeypatch)
    index_path = root.parent / "idx.sqlite"
    with Index.open(root, index_path) as index:
        index.refresh(jobs=1)
    stop = threading.Event()
    seen: list[int] = []

    def run() -> None:
        with Index.open(root, index_path) as index:
            for _ in watch_index(index, stop=stop, full_after_ms=400, debounce_ms=100):
                seen.append(len(scans))

    scans.clear()
    thread = threading.Thread(target=run)
    thread.start()
    try:
        for _ in range(300):
            if scans:
                break
            threading.Event().wait(0.05)
        step = 0
        while len(scans) < 2 and step < 100:  # a save every 0.12 s: never 0.4 s quiet
            step += 1
            (root / "A.md").write_text(f"see [[B]] {step}\n", encoding="utf-8")
            threading.Event().wait(0.12)
        assert len(scans) >= 2 and seen  # a full refresh came while saves went on
        assert step < 50
    finally:
        stop.set()
        thread.join(timeout=30)


def test_mcp_saves_that_never_stop_still_get_a_full_refresh(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.live.mcp_server import Freshness

    root = make_vault({"A.md": "see [[B]]\n", "B.md": "# B\n"})
    scans = count_scans(monkeypatch)

    def save_and_wait(fresh: Freshness, text: str) -> None:
        for _ in range(300):
            (root / "C.md").write_text(text, encoding="utf-8")
            if fresh.stale.wait(0.2):
                break
        threading.Event().wait(0.3)  # the editor's whole save is in

    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        fresh = Freshness(index, watch=True)
        try:
            scans.clear()
            save_and_wait(fresh, "one\n")
            fresh.ensure()
            assert not scans and fresh._full_at is not None
            first_due = fresh._full_at
            save_and_wait(fresh, "two\n")
            fresh.ensure()
            assert not scans and fresh._full_at == first_due  # not pushed back
            fresh._full_at = 0.0  # due now, and another save comes
            save_and_wait(fresh, "three\n")
            fresh.ensure()
            assert scans == [1]
            assert fresh._full_at is None
        finally:
            fresh.close()


def test_another_process_refreshing_meanwhile_is_never_undone(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """The snapshot a refresh from events starts from is read before it takes the write
    lock: when another process refreshed in between (a note the events do not name added),
    its work is not undone; the refresh scans instead."""
    root = make_vault({"A.md": "a\n", "B.md": "b\n"})
    path = tmp_path / "i.sqlite"
    with Index.open(root, path) as index, Index.open(root, path) as other:
        index.refresh(jobs=1)
        (root / "A.md").write_text("changed\n", encoding="utf-8")
        (root / "C.md").write_text("new [[A]]\n", encoding="utf-8")
        events = targeted_scan(index, {"A.md"})

        def racing(snapshot: Any) -> Any:
            other.refresh(jobs=1)  # another process, between the snapshot and the lock
            return events(snapshot)

        index.refresh(jobs=1, scanned=racing)
        assert _rows(index) == _scanned_rows(root, tmp_path / "s.sqlite")


def test_the_symlinks_followed_are_told_by_a_split_scan_too(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large vault's walk is shared with a forked process: the symlinks it followed are
    sent back with its stamps (what ``live.targeted`` refuses to work from)."""
    from vaultkit import walk

    root = make_vault({f"{d}/n{i}.md": "x" for d in "abcd" for i in range(10)})
    for d in "abcd":
        (root / d / "link.md").symlink_to(root / d / "n0.md")
    serial: list[str] = []
    walk.scan(root, None, serial)
    monkeypatch.setattr(walk, "SPLIT_SCAN_FILES", 10)
    split: list[str] = []
    walk.scan(root, {d: 10 for d in "abcd"}, split)
    assert sorted(split) == sorted(serial) == [f"{d}/link.md" for d in "abcd"]
