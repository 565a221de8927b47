"""Tables the reports derive from the notes and keep in the index file (the vault's term
weights, the clippings' site lines): refreshed by comparing each note's stamp, in one
write transaction, and emptied when the rule that made their rows changes version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DerivedTables:
    """The schema of a set of derived tables: ``rows`` (emptied on a new version) and the
    one-row table ``version`` that records the version their rows were made by."""

    schema: str
    rows: tuple[str, ...]
    version: str


def refresh_derived(
    conn: sqlite3.Connection,
    tables: DerivedTables,
    version: int,
    apply: Callable[[], tuple[int, int]],
) -> tuple[int, int]:
    """Run ``apply`` (which brings the rows up to date and returns notes read and dropped)
    in one write transaction, after emptying rows made by another ``version``: two
    processes refreshing at once cannot count a change twice. Raises ``sqlite3.Error``
    when the database cannot be written."""
    conn.executescript(tables.schema)
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute(f"SELECT version FROM {tables.version}").fetchone()
        if found is None or found[0] != version:
            for table in (*tables.rows, tables.version):
                conn.execute(f"DELETE FROM {table}")
            conn.execute(f"INSERT INTO {tables.version} VALUES (?)", (version,))
        counts = apply()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return counts


def changed_paths(
    conn: sqlite3.Connection, table: str, wanted: dict[str, tuple[int, int]]
) -> tuple[list[str], list[str]]:
    """The paths ``table`` (``path, size, mtime_ns``) holds with a stamp other than
    ``wanted``'s (or not wanted: stale), and the wanted paths it lacks or holds with
    another stamp (fresh)."""
    stored = {
        path: (size, mtime)
        for path, size, mtime in conn.execute(f"SELECT path, size, mtime_ns FROM {table}")
    }
    stale = [p for p, stamp in stored.items() if wanted.get(p) != stamp]
    fresh = [p for p, stamp in wanted.items() if stored.get(p) != stamp]
    return stale, fresh
