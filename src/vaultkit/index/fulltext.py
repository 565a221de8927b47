"""The full-text tables: each note's text, indexed by trigrams for substring search.

Obsidian's search matches substrings, not words, so the index is FTS5 with the trigram
tokenizer: a ``LIKE '%term%'`` over it reads candidate notes from the trigram index and
SQLite checks the pattern on the stored text. Every candidate is then verified exactly by
``vaultkit.search``. ``detail=none`` keeps only which notes hold a trigram (no positions):
LIKE needs no more, and the index is a third the size of ``detail=full`` (benchmarks/).
The refresh calls ``store_texts`` and ``delete_texts`` in the transactions that write and
drop a note's other rows, so the tables are never out of step with them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

FULLTEXT_SCHEMA = """
CREATE VIRTUAL TABLE note_text USING fts5(body, tokenize = 'trigram', detail = none);
"""
"""One row per note, ``rowid`` = ``files.id``."""

MIN_CHARS = 3
"""The shortest term the trigram index can find; shorter ones scan the texts."""


def store_texts(
    conn: sqlite3.Connection, old: Sequence[tuple[int]], texts: Iterable[tuple[int, str]]
) -> None:
    """Replace the texts of the notes ``old`` (ids) by ``texts`` (id, text)."""
    conn.executemany("DELETE FROM note_text WHERE rowid = ?", old)
    conn.executemany("INSERT INTO note_text(rowid, body) VALUES (?, ?)", texts)


def delete_texts(conn: sqlite3.Connection, ids: Sequence[tuple[int]]) -> None:
    """Drop the texts of the files ``ids`` (removed from the vault)."""
    conn.executemany("DELETE FROM note_text WHERE rowid = ?", ids)


def indexable(term: str) -> bool:
    """Whether the trigram index can find the notes holding ``term`` (ignoring case).

    SQLite's LIKE folds ASCII letters only, and ``%``/``_`` are its wildcards: terms with
    either are found by a scan instead."""
    return len(term) >= MIN_CHARS and term.isascii() and "%" not in term and "_" not in term


def notes_containing(conn: sqlite3.Connection, term: str) -> set[int]:
    """Ids of the notes whose text contains ``term``, ASCII case ignored (``indexable``)."""
    rows = conn.execute("SELECT rowid FROM note_text WHERE body LIKE ?", (f"%{term}%",))
    return {fid for (fid,) in rows}


def texts_of(conn: sqlite3.Connection, ids: Iterable[int] | None) -> Iterable[tuple[int, str]]:
    """(id, text) of the notes ``ids`` (None: every note), in id order."""
    if ids is None:
        yield from conn.execute("SELECT rowid, body FROM note_text ORDER BY rowid")
        return
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(
            f"SELECT rowid, body FROM note_text WHERE rowid IN ({marks}) ORDER BY rowid", chunk
        )
