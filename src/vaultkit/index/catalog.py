"""The indexes in vaultkit's cache folder: which vault each belongs to, and pruning those
whose vault is gone (``vaultkit index --list`` / ``--prune``)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from vaultkit.index.storage import (
    cache_folder,
    is_vaultkit_index,
    peek_uri,
    remove_index_files,
)


@dataclass(frozen=True)
class CachedIndex:
    """One index file of the cache folder."""

    path: str
    vault: str | None
    """The vault folder it indexes; None for an index written before vaultkit recorded it."""
    size: int
    """Bytes of the index and its write-ahead log."""
    modified: float
    """When it was last written (seconds since the epoch): the file, or its write-ahead log
    when that holds writes; listing and pruning never change it."""
    vault_exists: bool


def cached_indexes(folder: Path | None = None) -> list[CachedIndex]:
    """Every vaultkit index in ``folder`` (default: the cache folder), sorted by path."""
    folder = folder if folder is not None else cache_folder()
    found: list[CachedIndex] = []
    try:
        candidates = sorted(folder.glob("*.sqlite"))
    except OSError:
        return []
    for path in candidates:
        if not path.is_file() or path.is_symlink() or not is_vaultkit_index(path):
            continue
        size, modified = 0, 0.0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                info = os.stat(str(path) + suffix)
                size += info.st_size
                if info.st_size or not suffix:  # an empty log holds no write
                    modified = max(modified, info.st_mtime)
        vault = _recorded_vault(path)
        found.append(
            CachedIndex(
                str(path), vault, size, modified, vault is not None and Path(vault).is_dir()
            )
        )
    return found


def prune_indexes(folder: Path | None = None) -> list[CachedIndex]:
    """Remove the indexes (and their side files) whose recorded vault folder is gone.
    Indexes that do not record their vault are kept. Returns what was removed."""
    removed = []
    for entry in cached_indexes(folder):
        if entry.vault is None or entry.vault_exists:
            continue
        remove_index_files(Path(entry.path))
        for side in (".lock", ".live"):  # the lock, a watcher's state (vaultkit.live.trust)
            with contextlib.suppress(FileNotFoundError):
                os.remove(entry.path + side)
        removed.append(entry)
    return removed


def _recorded_vault(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(peek_uri(path), uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None
