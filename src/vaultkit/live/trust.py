"""Whether a command can trust a running ``vaultkit watch`` instead of scanning the vault.

The watcher publishes its state in a small file beside the index, ``INDEX.live``:

- it holds an exclusive ``flock`` on that file for as long as it runs. The operating
  system drops the lock when the process dies, however it dies (``kill -9`` included), so
  a lock that can be taken means no watcher, whatever the file says;
- the file's first byte is the state: ``D`` (dirty: file events not yet refreshed; written
  the moment an event arrives, by a thread that does nothing else) or ``C`` (clean: the
  refresh of every event seen so far has committed); then a heartbeat (the time, renewed
  about every second by that thread); then JSON naming the vault, the index file (device
  and inode) and the watcher's pid and start time.

A command trusts the index without scanning when a live watcher for the same vault and the
same index file says clean and its heartbeat is recent (a stopped or hung process is not
trusted); when it says dirty, the command waits (bounded) for clean and otherwise scans
itself. The state lives in a file of its own rather than in the index so
that marking dirty never waits behind another process's write transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIX = ".live"
CLEAN = b"C"
DIRTY = b"D"
WAIT_SECONDS = 2.0
"""How long a command waits for a dirty watcher to finish its refresh."""
POLL_SECONDS = 0.01
BEAT_SECONDS = 1.0
"""How often a watcher renews its heartbeat."""
STALE_SECONDS = 3.0
"""A heartbeat older than this: the watcher is stopped or hung, not trusted."""
_BEAT = slice(1, 21)
"""Where the heartbeat is: bytes 1 to 20, the time as fixed-width text."""


def supported() -> bool:
    """Whether this platform has the file locks the rule needs (POSIX ``flock``); without
    them no watcher is ever trusted."""
    try:
        import fcntl  # noqa: F401
    except ImportError:  # pragma: no cover - Windows
        return False
    return True


def live_path(index_path: Path) -> Path:
    """The watcher's state file of the index at ``index_path``."""
    return Path(str(index_path) + SUFFIX)


def _identity(index_path: Path) -> list[int] | None:
    try:
        info = os.stat(index_path)
    except OSError:
        return None
    return [info.st_dev, info.st_ino]


@dataclass(frozen=True)
class WatcherInfo:
    """A live watcher as its state file describes it."""

    pid: int
    started: float
    state: str
    """``clean`` or ``dirty``."""


class LiveState:
    """The watcher's side: holds the lock and publishes dirty/clean (see module doc)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._state = DIRTY
        self._beat = 0.0
        self._lock = threading.Lock()  # the events thread writes too; closed: no-ops

    @classmethod
    def claim(cls, index_path: Path, root: Path, wait: float = 1.0) -> LiveState | None:
        """Take the state file of ``index_path`` (state: dirty). None when another
        watcher holds it (or file locks are missing): this one then publishes nothing."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return None
        fd = os.open(live_path(index_path), os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                # Commands hold a shared lock for microseconds; a watcher holds it for good.
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return None
                time.sleep(POLL_SECONDS)
        header = {
            "pid": os.getpid(),
            "started": round(time.time(), 3),
            "root": str(root.resolve()),
            "index": _identity(index_path),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, DIRTY + _stamp(time.time()) + json.dumps(header).encode(), 0)
        live = cls(fd)
        live._beat = time.monotonic()
        return live

    def dirty(self) -> None:
        """File events arrived that the index does not reflect yet."""
        with self._lock:
            if self._state != DIRTY and self._fd >= 0:
                os.pwrite(self._fd, DIRTY, 0)
                self._state = DIRTY

    def clean(self) -> None:
        """Every event seen so far is refreshed and committed."""
        with self._lock:
            if self._state != CLEAN and self._fd >= 0:
                self._write_beat()
                os.pwrite(self._fd, CLEAN, 0)
                self._state = CLEAN

    def beat(self) -> None:
        """Renew the heartbeat (at most every ``BEAT_SECONDS``)."""
        with self._lock:
            if self._fd >= 0 and time.monotonic() - self._beat >= BEAT_SECONDS:
                self._write_beat()

    def _write_beat(self) -> None:
        os.pwrite(self._fd, _stamp(time.time()), _BEAT.start)
        self._beat = time.monotonic()

    def close(self) -> None:
        """Stop publishing: dirty, then the lock released (commands scan again)."""
        with self._lock:
            if self._fd < 0:
                return
            with contextlib.suppress(OSError):
                os.pwrite(self._fd, DIRTY, 0)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> LiveState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stamp(when: float) -> bytes:
    return f"{when:020.3f}".encode()


def read_watcher(index_path: Path, root: Path) -> WatcherInfo | None:
    """The live watcher of this vault's index at ``index_path``, or None: no state file,
    its lock free (no watcher, or it died), or it belongs to another vault or to an index
    file since replaced."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    try:
        fd = os.open(live_path(index_path), os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # held exclusively: a watcher is alive
        else:
            return None
        data = os.pread(fd, 4096, 0)
    finally:
        os.close(fd)
    try:
        header: dict[str, Any] = json.loads(data[_BEAT.stop :])
        beat = float(data[_BEAT])
    except ValueError:
        return None
    if data[:1] not in (CLEAN, DIRTY) or not isinstance(header, dict):
        return None
    if abs(time.time() - beat) > STALE_SECONDS:
        return None  # stopped or hung: its lock is held but nobody answers events
    if header.get("root") != str(root.resolve()):
        return None
    if header.get("index") != _identity(index_path):
        return None
    state = "clean" if data[:1] == CLEAN else "dirty"
    return WatcherInfo(int(header.get("pid", 0)), float(header.get("started", 0)), state)


def trust_watcher(index_path: Path, root: Path, wait: float = WAIT_SECONDS) -> bool:
    """Whether a live watcher vouches that the index is fresh: it says clean now, or
    within ``wait`` seconds. False (scan yourself) for no, dead, foreign or busy watchers."""
    deadline = time.monotonic() + wait
    while True:
        info = read_watcher(index_path, root)
        if info is None:
            return False
        if info.state == "clean":
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
