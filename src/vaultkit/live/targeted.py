"""What a scan of the vault would find, worked out from the watcher's file events alone.

A refresh scans the whole vault (a ``stat`` of every file: 70 ms of the 150 ms a one-note
save cost the watcher at 10,000 notes) to learn what changed; the watcher already knows.
After a batch of events naming a few files, the stamps of the last complete scan (the
index's snapshot) with those files stat-ed again are what the scan would return, as long
as every named path is a plain file in plain folders (or a file that is gone) and the
last scan followed no symlink. Anything else (a folder, a symlink, a vault whose last scan
met a problem, many paths) answers None:
the refresh scans as before. The watcher still runs a full refresh once the vault has
been quiet for a moment (``vaultkit.live.watch``), which catches what events cannot tell
(a missed event). When another process refreshed between the snapshot's read and the write
lock, ``Index.refresh`` sees it under the lock and scans instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TYPE_CHECKING

from vaultkit.walk import UNDECODABLE

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.index.refresh import Rescan
    from vaultkit.model import Problem
    from vaultkit.walk import Stamps

MOST_PATHS = 64
"""Batches naming more paths than this are scanned whole (a checkout, a sync burst)."""


def relative_paths(root: Path, paths: Iterable[str]) -> set[str] | None:
    """The vault paths of the event ``paths`` (absolute), None when one is not below
    ``root`` or there are more than ``MOST_PATHS``."""
    base = str(root.resolve()) + os.sep
    out: set[str] = set()
    for path in paths:
        if not path.startswith(base):
            return None
        out.add(path[len(base) :].replace(os.sep, "/"))
        if len(out) > MOST_PATHS:
            return None
    return out


def targeted_scan(index: Index, paths: set[str]) -> Rescan:
    """The ``scanned`` argument of ``Index.refresh`` for a batch of events on ``paths``
    (vault paths)."""

    def rescan(snapshot: Stamps) -> tuple[Stamps, list[tuple[str, Problem]]] | None:
        carried = _carried_problems(index) if paths else None
        if carried is None:
            return None
        stamps = dict(snapshot)
        real_root = os.path.realpath(index.root)
        for path in paths:
            found = _stamp(real_root, path, snapshot)
            if found is None:
                return None
            if isinstance(found, tuple):
                stamps[path] = found
            else:  # gone
                stamps.pop(path, None)
        return stamps, carried

    return rescan


def _carried_problems(index: Index) -> list[tuple[str, Problem]] | None:
    """The problems of the last scan that a scan would meet again whatever the events
    (names that are not UTF-8: every scan skips them, no event can name them, see
    vaultkit.live.events), or None when only a scan knows what it would meet now: it met
    other problems (an unreadable folder, a symlink) or followed a symlink (a save then
    changes a file found under two names, the event names one). An index that never
    recorded them: unknown."""
    from vaultkit.model import Problem

    [row] = index.query("SELECT value FROM meta WHERE key = 'scan_problems'") or [("[]",)]
    [links] = index.query("SELECT value FROM meta WHERE key = 'scan_links'") or [(None,)]
    if links[0] != "[]" or row[0] is None:
        return None
    stored = json.loads(row[0])
    if any(code != UNDECODABLE for _, code, _, _ in stored):
        return None
    return [
        (path, Problem(code, message, None, severity)) for path, code, message, severity in stored
    ]


def _stamp(real_root: str, path: str, snapshot: Stamps) -> tuple[int, int] | str | None:
    """(size, mtime_ns) of the plain file at vault ``path``, ``"gone"`` when it is not
    there (and was no folder), None when only a scan can tell."""
    parts = path.split("/")
    if any(not part or part.startswith(".") for part in parts):
        return None  # hidden paths are skipped by the scan; let it decide
    folder = real_root
    for part in parts[:-1]:  # every folder on the way: a real folder, not a symlink
        if not _listed(folder, part):
            return None  # gone too (what else it held, only a scan can tell), or renamed
        folder = os.path.join(folder, part)
        try:
            mode = os.lstat(folder).st_mode
        except OSError:
            return None
        if not S_ISDIR(mode):
            return None
    try:
        info = os.lstat(os.path.join(folder, parts[-1]))
    except FileNotFoundError:
        return None if _was_folder(path, snapshot) else "gone"
    except OSError:
        return None
    if not S_ISREG(info.st_mode) or _was_folder(path, snapshot):
        return None
    if not _listed(folder, parts[-1]):
        return None
    return info.st_size, info.st_mtime_ns


def _listed(folder: str, name: str) -> bool:
    """Whether ``folder`` lists ``name`` exactly: a case-insensitive or normalizing file
    system finds ``note.md`` under ``Note.md`` too, where a scan lists one name only."""
    try:
        return name in os.listdir(folder)
    except OSError:
        return False


def _was_folder(path: str, snapshot: Stamps) -> bool:
    prefix = path + "/"
    return any(p.startswith(prefix) for p in snapshot)
