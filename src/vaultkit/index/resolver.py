"""Link resolution during a refresh, backed by the index's files table."""

from __future__ import annotations

import sqlite3
from typing import Any

from vaultkit.resolve import MemoryLookup, resolve_target

CACHE_LIMIT = 50_000
"""Resolutions remembered during one refresh before the cache starts over."""

_UNKNOWN: Any = object()


class Resolver:
    """Link resolution backed by the files table, cached for one refresh step.

    A target's resolution depends only on the target and the linking note's folder (and,
    for an empty target, on the note itself), so results are cached on that pair.
    """

    def __init__(self, conn: sqlite3.Connection, memory: MemoryLookup | None) -> None:
        self.conn = conn
        self.memory = memory
        self.ids: dict[str, int | None] = {}
        if memory is not None:
            self.ids.update(memory.ids)
            memory.ids = {}  # one copy is enough
        self.cache: dict[tuple[str, str], int | None] = {}

    def named(self, filename_lower: str) -> list[str]:
        if self.memory is not None:
            return self.memory.named(filename_lower)
        return [
            p
            for (p,) in self.conn.execute(
                "SELECT path FROM files WHERE filename_lower = ? ORDER BY path", (filename_lower,)
            )
        ]

    def exact(self, path_lower: str) -> str | None:
        if self.memory is not None:
            return self.memory.exact(path_lower)
        row = self.conn.execute(
            "SELECT path FROM files WHERE path_lower = ? ORDER BY path LIMIT 1", (path_lower,)
        ).fetchone()
        return row[0] if row else None

    def resolve_all(self, links: list[tuple[Any, ...]], source: str) -> list[int | None]:
        """The file ids the link rows of note ``source`` resolve to (``resolve`` for each,
        with the cache consulted inline: a cold index resolves every link this way)."""
        folder = source.rpartition("/")[0]
        cache = self.cache
        found: list[int | None] = []
        for row in links:
            target = row[0]
            if row[7]:  # external
                found.append(None)
                continue
            dst = cache.get((target, folder), _UNKNOWN) if target else _UNKNOWN
            found.append(self.resolve(target, source, False) if dst is _UNKNOWN else dst)
        return found

    def resolve(self, target: str, source: str, external: bool) -> int | None:
        if external:
            return None
        key = (target, source if not target else source.rpartition("/")[0])
        if key in self.cache:
            return self.cache[key]
        if len(self.cache) > CACHE_LIMIT:
            self.cache.clear()  # bounded memory on very large vaults
        path = resolve_target(target, source, self)
        found: int | None = None
        if path is not None:
            if path not in self.ids:
                row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
                self.ids[path] = int(row[0]) if row else None
            found = self.ids[path]
        self.cache[key] = found
        return found
