"""Keep the index fresh while notes change: batched refreshes driven by file events.

One refresh per batch of events (an editor's save, a ``git checkout`` of many files, a
sync burst). The index is refreshed as before any command (a scan diffed against the
index), except that a batch naming a few plain files stands for the scan itself
(``vaultkit.live.targeted``), a full refresh following once the vault is quiet. What
changed is read from the index itself before and after, so that a move is reported as a
rename (same size and mtime under a new path, which ``mv`` keeps). Never triggers itself:
hidden paths (Obsidian skips them, and vaultkit's temporary files are hidden) and the
index's own files are filtered out.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.errors import VaultkitError
from vaultkit.live.targeted import relative_paths

if TYPE_CHECKING:
    from vaultkit.index import Counts, Index
    from vaultkit.live.trust import LiveState

Stamps = dict[str, tuple[int, int]]


class VaultGone(VaultkitError):
    """The watched vault folder was deleted or moved."""

    def __init__(self, root: Path) -> None:
        super().__init__(f"the vault folder {root} was deleted or moved; stopped watching")
        self.root = root


class SettingsChanged(VaultkitError):
    """The vault's settings changed what its index holds while it was watched."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            f"the settings of {root} (.vaultkit.toml or Obsidian's excluded files) changed"
            " what the index holds; stopped watching: the next vaultkit command rebuilds the"
            " index, then start watch again"
        )
        self.root = root


class _Vault:
    """The checks made while waiting: the vault folder still there, its settings as the
    index was built with (vaultkit.live.settings)."""

    def __init__(self, index: Index) -> None:
        from vaultkit.live.settings import Settings

        self.index = index
        self.settings = Settings(index)

    def check(self) -> None:
        root = self.index.root
        if not root.is_dir():
            raise VaultGone(root)
        if self.settings.changed():
            raise SettingsChanged(root)


@dataclass(frozen=True)
class Rename:
    """A file that moved: same size and modification time under a new path."""

    old: str
    new: str


@dataclass(frozen=True)
class RefreshEvent:
    """What one batched refresh changed in the index (paths relative to the vault)."""

    changed: list[str]
    added: list[str]
    removed: list[str]
    renamed: list[Rename]
    counts: Counts
    seconds: float
    relinked: int = 0
    events: int = 0
    """File events in the batch that led to this refresh."""
    problems: list[str] = field(default_factory=list)
    """Problems found while parsing, one line each (``path:line: message``)."""

    @property
    def empty(self) -> bool:
        """Whether the refresh changed nothing in the index."""
        return not (self.changed or self.added or self.removed or self.renamed)


def stamps(index: Index) -> Stamps:
    """Size and mtime of every file the index holds, by path."""
    return {p: (s, m) for p, s, m in index.query("SELECT path, size, mtime_ns FROM files")}


def _current_stamps(index: Index) -> Stamps:
    """``stamps(index)``, from the snapshot the last complete refresh stored (one row
    instead of one per file) when there is one."""
    snapshot = index._snapshot()
    return snapshot if snapshot is not None else stamps(index)


def diff_stamps(
    before: Stamps, after: Stamps
) -> tuple[list[str], list[str], list[str], list[Rename]]:
    """Changed, added, removed and renamed paths between two snapshots of the index.

    A removed and an added file with the same size and mtime are a rename when that
    pairing is unique (a file name kept across folders breaks ties).
    """
    added = sorted(p for p in after if p not in before)
    removed = sorted(p for p in before if p not in after)
    changed = sorted(p for p, stamp in after.items() if p in before and before[p] != stamp)
    by_stamp: dict[tuple[int, int], list[str]] = {}
    for path in added:
        by_stamp.setdefault(after[path], []).append(path)
    renamed: list[Rename] = []
    for old in removed:
        candidates = by_stamp.get(before[old], [])
        if len(candidates) > 1:
            name = old.rpartition("/")[2]
            candidates = [c for c in candidates if c.rpartition("/")[2] == name] or candidates
        if len(candidates) == 1:
            new = candidates[0]
            renamed.append(Rename(old, new))
            by_stamp[before[old]].remove(new)
    moved_from = {r.old for r in renamed}
    moved_to = {r.new for r in renamed}
    return (
        changed,
        [p for p in added if p not in moved_to],
        [p for p in removed if p not in moved_from],
        renamed,
    )


def refresh_event(
    index: Index,
    events: int = 0,
    jobs: int | None = None,
    committed: Callable[[], object] | None = None,
    paths: set[str] | None = None,
) -> RefreshEvent:
    """Refresh ``index`` once and say what changed; ``committed`` is called as soon as the
    refresh has committed, before what changed is worked out (its time is not counted).
    ``paths``: the vault paths the events named, when they alone may stand for a scan
    (vaultkit.live.targeted); None scans the vault."""
    from vaultkit.live.targeted import targeted_scan
    from vaultkit.render import problem_line

    started = time.perf_counter()
    before = _current_stamps(index)
    scanned = targeted_scan(index, paths) if paths else None
    stats = index.refresh(jobs=jobs, scanned=scanned)
    index.last_refresh = stats
    if committed is not None:
        paused = time.perf_counter()
        committed()
        started += time.perf_counter() - paused
    changed, added, removed, renamed = diff_stamps(before, _current_stamps(index))
    return RefreshEvent(
        changed=changed,
        added=added,
        removed=removed,
        renamed=renamed,
        counts=index.counts(),
        seconds=round(time.perf_counter() - started, 4),
        relinked=stats.relinked,
        events=events,
        problems=[problem_line(path, problem) for path, problem in stats.problems],
    )


def change_filter(root: Path, index_path: Path | None) -> Callable[[Any, str], bool]:
    """Which file events matter: visible paths inside the vault (what ``walk.scan`` lists:
    an editor's ``a.md~`` backup too, an attachment there), never the index's own."""
    base = str(root.resolve())
    own = str(index_path.resolve()) if index_path is not None else None

    def keep(_change: Any, path: str) -> bool:
        if own is not None and path.startswith(own):
            return False  # the index, its -wal/-shm journal and its .lock
        if not path.startswith(base):
            return False
        parts = path[len(base) :].replace("\\", "/").split("/")
        return not any(part.startswith(".") for part in parts if part)

    return keep


class _Events:
    """File events consumed on a thread of their own, so that the live state goes dirty
    the moment one arrives (and the heartbeat goes on) even while the caller refreshes,
    prints or runs ``--exec``. Batches (empty ones: a quiet step) are handed on in order."""

    def __init__(self, batches: Iterator[set[Any]], live: LiveState | None, stop: Any) -> None:
        self._batches = batches
        self._live = live
        self._stop = stop
        self._lock = threading.Lock()
        self.seq = 0
        """Batches of events seen so far."""
        self._queue: queue.Queue[set[Any] | BaseException | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="vaultkit-events", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for changes in self._batches:
                if changes:
                    with self._lock:
                        self.seq += 1
                        if self._live is not None:
                            self._live.dirty()
                if self._live is not None:
                    self._live.beat()
                self._queue.put(changes)
        except BaseException as error:  # handed to the caller's thread
            self._queue.put(error)
        finally:
            self._queue.put(None)

    def next(self) -> set[Any] | None:
        """The next batch (empty: a quiet step), None when the watch ended."""
        item = self._queue.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def clean_if(self, seq: int) -> bool:
        """Mark the live state clean when no event came since ``seq`` was read."""
        with self._lock:
            if self.seq != seq:
                return False
            if self._live is not None:
                self._live.clean()
            return True

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def watch_index(
    index: Index,
    *,
    stop: Any = None,
    debounce_ms: int = 1600,
    step_ms: int = 50,
    tick_ms: int = 1000,
    wake_ms: int = 20,
    force_polling: bool | None = None,
    jobs: int | None = None,
    live: LiveState | None = None,
    full_after_ms: int = 2000,
) -> Iterator[RefreshEvent]:
    """Refresh ``index`` after each batch of file events under its vault and yield what
    changed (refreshes that changed nothing are not yielded).

    Events are noticed within about ``wake_ms`` on a thread of their own; ``live`` (the
    state commands read, see :mod:`vaultkit.live.trust`) is marked dirty then, and clean
    once a refresh has committed with no event since it began. A batch ends when no event
    came for ``step_ms`` (or after ``debounce_ms`` of steady events). Every ``tick_ms`` or
    so the vault folder is checked: deleted or moved, :class:`VaultGone` is raised.
    ``stop`` (anything with ``is_set()``) ends the watch. Ctrl-C raises KeyboardInterrupt.

    A batch naming a few plain files is refreshed from their stamps alone, without a scan
    of the vault (vaultkit.live.targeted); ``full_after_ms`` after such a refresh with no
    event since, a refresh with a scan follows, as every refresh did before (and the first
    batch ``full_after_ms`` after the first such refresh is refreshed with a scan).
    """
    from vaultkit.live.events import vault_events

    root = index.root
    vault = _Vault(index)
    vault.check()
    ended = threading.Event()
    batches = vault_events(
        root,
        watch_filter=change_filter(root, index.path),
        debounce=debounce_ms,
        step=wake_ms,
        rust_timeout=step_ms,
        yield_on_timeout=True,
        stop_event=_Either(stop, ended),
        force_polling=force_polling,
        ignore_permission_denied=True,
    )
    events = _Events(batches, live, ended)
    try:
        # The first pass refreshes even without events: a change made after the caller's
        # refresh but before the OS watch began is caught here.
        first = events.next()
        if first is None:
            return
        count, paths = len(first), None
        due: float | None = None  # a full refresh, at the latest, after ones from events
        while True:
            seq = events.seq
            # Clean as soon as the refresh commits, before the diff and the counts.
            event = refresh_event(index, count, jobs, partial(events.clean_if, seq), paths)
            if paths is None:
                due = None
            elif due is None:
                due = time.monotonic() + full_after_ms / 1000
            if not event.empty:
                yield event
            # After a refresh from the events alone, a full one once the vault is quiet,
            # or at the latest ``full_after_ms`` after the first (saves that never stop).
            quiet = full_after_ms if paths is not None else None
            batch = _next_batch(events, vault, debounce_ms, tick_ms, quiet)
            if batch is None:
                return
            count, changed = batch
            paths = relative_paths(root, changed) if count else None
            if due is not None and time.monotonic() >= due:
                paths = None
    except (OSError, RuntimeError) as error:
        if not root.is_dir():
            raise VaultGone(root) from None
        raise VaultkitError(f"cannot watch {root}: {error}") from None
    finally:
        events.close()


class _Either:
    """Set when either of two events is (the first may be None)."""

    def __init__(self, first: Any, second: threading.Event) -> None:
        self._first = first
        self._second = second

    def is_set(self) -> bool:
        return self._second.is_set() or (self._first is not None and self._first.is_set())


def _next_batch(
    events: _Events, vault: _Vault, debounce_ms: int, tick_ms: int, quiet_ms: int | None
) -> tuple[int, set[str]] | None:
    """Wait for the next batch of events and collect them until a quiet step or
    ``debounce_ms``: their number and the paths they name; None when the watch stopped.
    The vault folder and its settings are checked (``_Vault.check``) every ``tick_ms``
    while idle. ``quiet_ms``: after that long without events, (0, no paths): time for a
    full refresh."""
    vault.check()
    ticked = waited = time.monotonic()
    while True:
        changes = events.next()
        if changes is None:
            return None
        if changes:
            break
        now = time.monotonic()
        if quiet_ms is not None and now - waited >= quiet_ms / 1000:
            return 0, set()
        if now - ticked >= tick_ms / 1000:
            ticked = now
            vault.check()
    count = len(changes)
    paths = {path for _, path in changes}
    ends = time.monotonic() + debounce_ms / 1000
    while time.monotonic() < ends:
        changes = events.next()
        if changes is None:
            return None
        if not changes:
            break
        count += len(changes)
        paths.update(path for _, path in changes)
    return count, paths
