"""Reading the index while child processes check the files against it
(``vaultkit.index.speculative``, ``vaultkit.vault_check``): an unchanged vault is read once
and never refreshed; any change the check sees (made before the call, or after the stamps
were read) makes the refresh run and the read run again, and the answer holds the change."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit import vault_check
from vaultkit.cli import app
from vaultkit.index import Index, RefreshStats, fulltext, speculative
from vaultkit.index.speculative import Speculation, read_fresh
from vaultkit.search import search
from vaultkit.vault_check import StampCheck

FILES: dict[str, str | bytes] = {
    "top.md": "the union meets at the hall\n",
    "a/one.md": "union meeting on friday\n",
    "a/deep/two.md": "nothing here\n",
    "b/three.md": "a meeting of the union\n",
    "c/four.md": "just words\n",
    "img.png": b"\x89PNG",
}


def touch(path: Path, text: str) -> None:
    """Write and move mtime forward so that a same-size rewrite is still seen."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


@pytest.fixture
def indexed(make_vault: VaultBuilder, tmp_path: Path) -> tuple[Path, Index]:
    root = make_vault(FILES)
    index = Index.open(root, tmp_path / "ix.sqlite")
    index.refresh(jobs=1)
    assert fulltext.ensure_trigrams(index.conn)  # built by a first search, before any read
    return root, index


class Counted:
    """A read (``union meeting`` paths) and a refresh that count their calls."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.reads = 0
        self.refreshes = 0

    def read(self, index: Index) -> list[str]:
        self.reads += 1
        return sorted(r.path for r in search(index, "union meeting", positions=False))

    def refresh(self) -> RefreshStats:
        self.refreshes += 1
        return self.index.refresh(jobs=1)


def paths_after_refresh(index: Index) -> list[str]:
    index.refresh(jobs=1)
    return sorted(r.path for r in search(index, "union meeting", positions=False))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_an_unchanged_vault_is_read_once_and_not_refreshed(
    indexed: tuple[Path, Index], workers: int
) -> None:
    _, index = indexed
    counted = Counted(index)
    done = read_fresh(index, counted.read, counted.refresh, workers=workers)
    assert sorted(done.value) == ["a/one.md", "b/three.md"]
    assert (done.overlapped, done.reads, counted.reads, counted.refreshes) == (True, 1, 1, 0)
    assert done.stats.unchanged == 6 and done.stats.parsed == 0
    assert not index.conn.in_transaction


@pytest.mark.parametrize(
    "change",
    ["modify", "add in a folder", "add a folder", "add at the top", "delete", "delete a folder"],
)
def test_a_change_made_before_the_read_is_refreshed_and_read_again(
    indexed: tuple[Path, Index], change: str
) -> None:
    root, index = indexed
    if change == "modify":
        touch(root / "c/four.md", "a union meeting now\n")
    elif change == "add in a folder":
        touch(root / "a/deep/new.md", "union meeting\n")
    elif change == "add a folder":
        touch(root / "d/new.md", "union meeting\n")
    elif change == "add at the top":
        touch(root / "new.md", "union meeting\n")
    elif change == "delete":
        (root / "b/three.md").unlink()
    else:
        (root / "b/three.md").unlink()
        (root / "b").rmdir()
    counted = Counted(index)
    done = read_fresh(index, counted.read, counted.refresh, workers=2)
    assert (done.overlapped, done.reads, counted.reads, counted.refreshes) == (False, 2, 2, 1)
    assert done.value == paths_after_refresh(index)
    expected = {
        "modify": ["a/one.md", "b/three.md", "c/four.md"],
        "add in a folder": ["a/deep/new.md", "a/one.md", "b/three.md"],
        "add a folder": ["a/one.md", "b/three.md", "d/new.md"],
        "add at the top": ["a/one.md", "b/three.md", "new.md"],
        "delete": ["a/one.md"],
        "delete a folder": ["a/one.md"],
    }[change]
    assert sorted(done.value) == expected


def test_a_change_after_the_stamps_were_read_is_never_missed(
    indexed: tuple[Path, Index], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamps are taken, then a file changes, then the check starts: the check sees
    the change, so the read made on the old index is thrown away."""
    root, index = indexed
    real_start = Speculation.start_check

    def change_then_check(self: Speculation) -> None:
        touch(root / "c/four.md", "union meeting added late\n")
        real_start(self)

    monkeypatch.setattr(Speculation, "start_check", change_then_check)
    counted = Counted(index)
    done = read_fresh(index, counted.read, counted.refresh)
    assert (done.overlapped, counted.reads, counted.refreshes) == (False, 2, 1)
    assert sorted(done.value) == ["a/one.md", "b/three.md", "c/four.md"]


def test_the_read_sees_the_index_as_the_stamps_describe_it(
    indexed: tuple[Path, Index], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the stamps are read a file changes and another process refreshes the index
    (committing before our read starts): the read still sees the index the stamps belong
    to, the check finds the change, and the answer is the one read after a refresh."""
    root, index = indexed
    other = Index.open(root, tmp_path / "ix.sqlite")
    real_start = Speculation.start_check

    def change_and_refresh_then_check(self: Speculation) -> None:
        touch(root / "c/four.md", "union meeting elsewhere\n")
        other.refresh(jobs=1)  # commits while our read transaction is open
        real_start(self)

    monkeypatch.setattr(Speculation, "start_check", change_and_refresh_then_check)
    seen: list[list[str]] = []

    def read(opened: Index) -> list[str]:
        seen.append(sorted(r.path for r in search(opened, "union meeting", positions=False)))
        return seen[-1]

    done = read_fresh(index, read, lambda: index.refresh(jobs=1))
    other.close()
    assert seen == [["a/one.md", "b/three.md"], ["a/one.md", "b/three.md", "c/four.md"]]
    assert done.value == seen[1] and done.reads == 2


def test_phases_by_hand_a_change_before_the_check_is_seen(indexed: tuple[Path, Index]) -> None:
    root, index = indexed
    speculation = Speculation(index, workers=2)
    assert speculation.begin() and index.conn.in_transaction
    (root / "a/one.md").unlink()
    speculation.start_check()
    assert speculation.end_read()
    assert speculation.confirm() is None


def test_no_stored_stamps_or_pending_links_refresh_first(
    indexed: tuple[Path, Index],
) -> None:
    _, index = indexed
    with index.conn:
        index.conn.execute("UPDATE meta SET value = '[\"x\"]' WHERE key = 'pending_keys'")
    counted = Counted(index)
    done = read_fresh(index, counted.read, counted.refresh)
    assert (done.overlapped, done.reads, counted.refreshes) == (False, 1, 1)
    with index.conn:
        index.conn.execute("DELETE FROM meta WHERE key = 'stamps'")
    assert not Speculation(index).begin() and not index.conn.in_transaction
    done = read_fresh(index, counted.read, counted.refresh)
    assert (done.overlapped, done.reads, counted.refreshes) == (False, 1, 2)
    assert done.value == ["a/one.md", "b/three.md"]


def test_a_read_that_writes_is_not_trusted(indexed: tuple[Path, Index]) -> None:
    """A read that commits (ending the transaction) may have seen a newer index than the
    stamps: its answer is read again after a refresh."""
    _, index = indexed
    calls: list[bool] = []

    def read(opened: Index) -> int:
        if not calls:
            opened.conn.execute("COMMIT")
        calls.append(True)
        return len(calls)

    done = read_fresh(index, read, lambda: index.refresh(jobs=1))
    assert (done.value, done.reads, done.overlapped) == (2, 2, False)


def test_an_error_in_the_read_counts_only_when_the_index_was_fresh(
    indexed: tuple[Path, Index],
) -> None:
    root, index = indexed
    calls: list[int] = []

    def failing(opened: Index) -> int:
        calls.append(1)
        raise ValueError("no")

    with pytest.raises(ValueError):
        read_fresh(index, failing, lambda: index.refresh(jobs=1))
    assert len(calls) == 1 and not index.conn.in_transaction
    touch(root / "new.md", "x\n")

    def failing_on_old_index(opened: Index) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("stale")
        return len(calls)

    done = read_fresh(index, failing_on_old_index, lambda: index.refresh(jobs=1))
    assert done.value == 3 and done.reads == 2


def test_an_interrupt_stops_the_children_and_ends_the_transaction(
    indexed: tuple[Path, Index], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, index = indexed
    started: list[StampCheck] = []
    real_init = StampCheck.__init__

    def remember(self: StampCheck, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(StampCheck, "__init__", remember)

    def interrupted(opened: Index) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        read_fresh(index, interrupted, workers=2)
    assert started and not started[0]._children
    assert not index.conn.in_transaction
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child was reaped


def test_a_failed_child_means_not_the_same(
    indexed: tuple[Path, Index], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index = indexed
    blob = index.conn.execute("SELECT value FROM meta WHERE key = 'stamps'").fetchone()[0]
    assert StampCheck(root, blob, None, 2).result().same
    monkeypatch.setattr(vault_check, "_unpack", lambda blob: 1 / 0)  # fails in the child
    assert not StampCheck(root, blob, None, 2).result().same
    counted = Counted(index)
    assert read_fresh(index, counted.read, counted.refresh).reads == 2


def test_scan_problems_are_kept_by_the_speculative_path(
    indexed: tuple[Path, Index], tmp_path: Path
) -> None:
    root, index = indexed
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "a" / "out").symlink_to(outside)
    index.refresh(jobs=1)  # the symlink is not a file: stamps unchanged, problem stored
    stored = index.conn.execute("SELECT value FROM meta WHERE key = 'scan_problems'").fetchone()
    (root / "a" / "out").unlink()
    done = read_fresh(index, lambda opened: opened.problems(), lambda: index.refresh(jobs=1))
    assert done.overlapped and [p for p, _ in done.value] == ["a/out"]
    after = index.conn.execute("SELECT value FROM meta WHERE key = 'scan_problems'").fetchone()
    assert stored[0] != after[0] and after[0] == "[]"


def test_the_search_command_reads_once_and_sees_a_late_change(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(FILES)
    ix = tmp_path / "cli.sqlite"
    argv = ["search", "union meeting", "--paths", "--vault", str(root), "--index", str(ix)]
    runner = CliRunner()
    first = runner.invoke(app, argv)  # builds the index and its trigrams
    assert first.exit_code == 0 and sorted(first.stdout.split()) == ["a/one.md", "b/three.md"]
    reads: list[bool] = []
    real = speculative.read_fresh

    def counting(index: Index, read: Any, *args: Any, **kwargs: Any) -> Any:
        def counted(opened: Index) -> Any:
            reads.append(True)
            return read(opened)

        done = real(index, counted, *args, **kwargs)
        assert done.overlapped == (len(reads) == 1)
        return done

    monkeypatch.setattr(speculative, "read_fresh", counting)
    again = runner.invoke(app, argv)
    assert again.exit_code == 0 and again.stdout == first.stdout and len(reads) == 1
    real_start = Speculation.start_check

    def change_then_check(self: Speculation) -> None:
        touch(root / "c/four.md", "union meeting late\n")
        real_start(self)

    monkeypatch.setattr(Speculation, "start_check", change_then_check)
    late = runner.invoke(app, argv)
    assert late.exit_code == 0, late.output
    assert sorted(late.stdout.split()) == ["a/one.md", "b/three.md", "c/four.md"]
    assert len(reads) == 3


def test_a_read_only_index_is_still_read(indexed: tuple[Path, Index]) -> None:
    """The transaction is a read: a confirmed answer writes nothing when nothing changed."""
    _, index = indexed
    before = index.conn.total_changes
    done = read_fresh(index, lambda opened: 1, lambda: index.refresh(jobs=1))
    assert done.overlapped and index.conn.total_changes == before


def test_a_vouching_watcher_spares_the_check(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a live watcher that says the index is fresh, search reads the index as it
    stands: no child process checks the files."""
    from vaultkit.live.trust import LiveState

    root = make_vault(FILES)
    ix = tmp_path / "cli.sqlite"
    argv = ["search", "union meeting", "--paths", "--vault", str(root), "--index", str(ix)]
    runner = CliRunner()
    assert runner.invoke(app, argv).exit_code == 0
    checks: list[bool] = []
    real_init = StampCheck.__init__

    def remember(self: StampCheck, *args: Any, **kwargs: Any) -> None:
        checks.append(True)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(StampCheck, "__init__", remember)
    assert runner.invoke(app, argv).exit_code == 0 and len(checks) == 1
    live = LiveState.claim(ix, root)
    assert live is not None
    try:
        live.clean()
        touch(root / "c/four.md", "union meeting unseen by the watcher\n")
        trusted = runner.invoke(app, argv)
    finally:
        live.close()
    assert trusted.exit_code == 0 and len(checks) == 1
    assert sorted(trusted.stdout.split()) == ["a/one.md", "b/three.md"]  # trusted as it stood
