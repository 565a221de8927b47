"""Document frequencies of words over the whole vault, kept in the index database, so that
a summary weighs a word by how rare it is in *this* vault (``the CC`` in every reading
note weighs little; ``platform`` in one of them a lot).

Two tables of their own in the index file, created on first use and refreshed when the
index's notes change (new, changed by size or modification time, or gone): per note its
size, time and distinct words (zlib-compressed), and per word the notes that hold it. A
refresh reads only the notes that changed; with none changed it costs two queries. The
index rebuilds its file from scratch when its schema changes, and these tables with it.
A read-only or busy database is not an error: the weights are then counted in memory.
"""

from __future__ import annotations

import math
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from vaultkit.reports.derived import DerivedTables, changed_paths, refresh_derived
from vaultkit.reports.textrank import content_words

if TYPE_CHECKING:
    from vaultkit.index import Index

_TABLES = DerivedTables(
    """
CREATE TABLE IF NOT EXISTS summary_note_terms(
  path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, terms BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS summary_df(term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS summary_terms_version(version INTEGER NOT NULL);
""",
    ("summary_note_terms", "summary_df"),
    "summary_terms_version",
)
TERMS_VERSION = 2
"""The version of the word rule (``textrank.content_words``) the stored terms were cut by:
tables of another version are emptied and rebuilt (2: possessives folded)."""
_BATCH = 500


def terms_of(text: str) -> set[str]:
    """The distinct content words of a note's text (stop words out, plurals folded)."""
    return set(content_words(text))


def _pack(terms: Iterable[str]) -> bytes:
    return zlib.compress("\n".join(sorted(terms)).encode("utf-8"))


def _unpack(blob: bytes) -> list[str]:
    text = zlib.decompress(blob).decode("utf-8")
    return text.split("\n") if text else []


class TermWeights:
    """Inverse document frequencies over ``notes`` notes: ``log((N + 1) / (df + 1)) + 1``."""

    def __init__(self, df: Callable[[Iterable[str]], dict[str, int]], notes: int) -> None:
        self._df = df
        self.notes = notes

    def idf_for(self, text: str) -> Callable[[str], float]:
        """The weight function for the words of ``text`` (their frequencies fetched once)."""
        found = self._df(terms_of(text))
        total = self.notes

        def idf(word: str) -> float:
            return math.log((total + 1) / (found.get(word, 0) + 1)) + 1

        return idf


def refresh(index: Index) -> tuple[int, int]:
    """Bring the tables up to date with the index's notes; returns (notes read, notes
    dropped). Raises ``sqlite3.Error`` when the database cannot be written."""
    current = index.file_stats()
    wanted = {p: current[p] for p in index.note_paths() if p in current}
    return refresh_derived(index.conn, _TABLES, TERMS_VERSION, lambda: _apply(index, wanted))


def _apply(index: Index, wanted: dict[str, tuple[int, int]]) -> tuple[int, int]:
    from vaultkit.reports import note_text

    conn = index.conn
    stale, fresh = changed_paths(conn, "summary_note_terms", wanted)
    if not stale and not fresh:
        return 0, 0
    delta: Counter[str] = Counter()
    rows = []
    for path in stale:
        (blob,) = conn.execute(
            "SELECT terms FROM summary_note_terms WHERE path = ?", (path,)
        ).fetchone()
        delta.subtract(_unpack(blob))
    for path in fresh:
        terms = terms_of(note_text(index, path))
        delta.update(terms)
        size, mtime = wanted[path]
        rows.append((path, size, mtime, _pack(terms)))
    conn.executemany("DELETE FROM summary_note_terms WHERE path = ?", [(p,) for p in stale])
    conn.executemany("INSERT INTO summary_note_terms VALUES (?, ?, ?, ?)", rows)
    conn.executemany(
        "INSERT INTO summary_df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + ?",
        [(term, change, change) for term, change in delta.items() if change],
    )
    conn.execute("DELETE FROM summary_df WHERE df <= 0")
    return len(fresh), len([p for p in stale if p not in wanted])


def _stored_df(index: Index) -> Callable[[Iterable[str]], dict[str, int]]:
    def lookup(terms: Iterable[str]) -> dict[str, int]:
        wanted = list(terms)
        found: dict[str, int] = {}
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            found.update(
                index.conn.execute(
                    f"SELECT term, df FROM summary_df WHERE term IN ({marks})", chunk
                ).fetchall()
            )
        return found

    return lookup


def vault_weights(index: Index) -> TermWeights:
    """The vault's term weights: from the index's tables, refreshed first; counted in
    memory when the database cannot be written."""
    try:
        refresh(index)
        (notes,) = index.conn.execute("SELECT count(*) FROM summary_note_terms").fetchone()
        return TermWeights(_stored_df(index), int(notes))
    except sqlite3.Error:
        return in_memory(index)


def in_memory(index: Index) -> TermWeights:
    """Term weights counted by reading every note once (nothing stored)."""
    from vaultkit.reports import note_text

    counts: Counter[str] = Counter()
    paths = index.note_paths()
    for path in paths:
        counts.update(terms_of(note_text(index, path)))

    def lookup(terms: Iterable[str]) -> dict[str, int]:
        return {t: counts[t] for t in terms if t in counts}

    return TermWeights(lookup, len(paths))
