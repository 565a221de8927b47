"""The notes' texts kept in memory by a long-lived process, for searches without text reads.

A first search of new words in the MCP server spent most of its time in SQLite: a ``LIKE``
reading every text that holds the word's trigrams (its exact document frequency), then the
candidates' texts read again and lower-cased for the verification. A process that calls
:func:`keep_texts` (the MCP server does) keeps each note's text and its ``fold`` instead,
per index state (:mod:`vaultkit.search.statecache`): the notes holding a word are the
trigram index's candidates (a ``MATCH`` on the index alone) whose folded text holds it, and
the verification reads no text.

Exactly the SQL path's answers: ``LIKE`` folds ASCII letters only, ``fold`` folds every
letter, and an ASCII word can match differently only where a character that is not ASCII
lower-cases to ASCII (the Kelvin sign) or where a NUL ends the text for ``LIKE``; such
notes (usually none) are asked of SQLite with the same ``LIKE``.

Kept up to date incrementally: the ids whose text this connection writes are recorded
(:func:`vaultkit.index.fulltext.written`) and only those are read again. After a commit by
another connection (``PRAGMA data_version``: a ``vaultkit watch`` beside the MCP server),
the index's own log of written texts (``fulltext.TEXT_LOG``, kept by triggers for every
writer) names the notes to read again; every text is read again only when the log cannot
tell (an index that cannot be written, a reader further behind than the log keeps). Only
vaults whose notes total at most ``LIMIT_BYTES`` are kept (checked again on every change,
this process's refreshes too); above it searches take the SQL path as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from vaultkit.index import fulltext
from vaultkit.search.document import fold
from vaultkit.search.statecache import state

if TYPE_CHECKING:
    from vaultkit.index import Index

LIMIT_BYTES = 64 * 2**20
"""The largest total size of the notes (on disk) whose texts are kept: about twice that in
memory (each text and its folded copy)."""

_ODD = ("\u212a", "\x00")
"""Characters that make ``fold`` and ``LIKE`` disagree on an ASCII word: the Kelvin sign
(lower-cased to ``k``) and NUL (where ``LIKE`` stops reading)."""


class NoteTexts:
    """Every note's (text, folded text) by id, as of ``state``."""

    def __init__(self) -> None:
        self.state: tuple[int, int, int] | None = None
        self.logged: int | None = None
        """The last ``seq`` of the index's ``text_log`` these texts include (None: no log)."""
        self.active = False
        """Whether the texts are kept (False: over ``LIMIT_BYTES`` in this state)."""
        self.texts: dict[int, tuple[str, str]] = {}
        self.odd: set[int] = set()
        """Ids whose text holds a character of ``_ODD``."""

    def load(self, rows: list[tuple[int, str]]) -> None:
        """Replace the texts of the ids of ``rows``."""
        for fid, text in rows:
            self.texts[fid] = (text, fold(text))
            if any(c in text for c in _ODD):
                self.odd.add(fid)
            else:
                self.odd.discard(fid)

    def drop(self, ids: set[int]) -> None:
        for fid in ids:
            self.texts.pop(fid, None)
            self.odd.discard(fid)

    def notes_containing(self, index: Index, term: str) -> frozenset[int] | None:
        """What ``fulltext.notes_containing`` answers (``term`` is ``indexable``)."""
        conn = index.conn
        if not fulltext.ensure_trigrams(conn):
            return None
        needle = term.lower()
        rows = conn.execute(
            "SELECT rowid FROM note_trigrams WHERE note_trigrams MATCH ?",
            (fulltext.trigram_query(term),),
        )
        texts, odd = self.texts, self.odd
        found = set()
        unsure = []
        for (fid,) in rows:
            if fid in odd:
                unsure.append(fid)
                continue
            kept = texts.get(fid)
            if kept is not None and needle in kept[1]:
                found.add(fid)
        if unsure:
            marks = ",".join("?" * len(unsure))
            found.update(
                fid
                for (fid,) in conn.execute(
                    f"SELECT id FROM note_text WHERE id IN ({marks}) AND body LIKE ?",
                    (*unsure, f"%{term}%"),
                )
            )
        return frozenset(found)


_KEPT: WeakKeyDictionary[Index, NoteTexts] = WeakKeyDictionary()
"""The indexes whose texts are kept."""


def keep_texts(index: Index) -> None:
    """Keep the texts of ``index`` in memory from its next search on (a long-lived process)."""
    if index not in _KEPT:
        _KEPT[index] = NoteTexts()


def long_lived(index: Index) -> bool:
    """Whether ``keep_texts`` was called for ``index`` (a process that searches it often)."""
    return index in _KEPT


def kept_texts(index: Index) -> NoteTexts | None:
    """The texts of ``index`` as of its current state, or None when they are not kept (not
    asked for, or over ``LIMIT_BYTES``: the SQL path answers)."""
    texts = _KEPT.get(index)
    if texts is None:
        return None
    conn = index.conn
    now = state(index)
    if texts.state == now:
        return texts if texts.active else None
    if texts.active and texts.state is not None and texts.state[0] == now[0]:
        if texts.state[1] == now[1]:
            changed = fulltext.written(conn)  # only this connection wrote since
            if changed is not None and not _over_limit(index):
                texts.drop(changed)
                texts.load(list(fulltext.texts_of(conn, changed)))
                texts.state = now
                if texts.logged is not None:
                    _skip_own_writes(conn, texts, now[1])
                return texts
        elif texts.logged is not None and _read_logged(index, texts):
            texts.state = now
            return texts
    fresh = _KEPT[index] = NoteTexts()
    fresh.state = now
    fulltext.written(conn)  # every text is read again: what was written is of no use
    if _over_limit(index):
        return None
    fulltext.track_writes(conn)
    fulltext.ensure_text_log(conn)
    with _snapshot(conn):
        fresh.logged = fulltext.text_log_position(conn)
        fresh.load(list(fulltext.texts_of(conn, None)))
    fresh.active = True
    return fresh


def _read_logged(index: Index, texts: NoteTexts) -> bool:
    """Bring ``texts`` up to date after another connection's commit: read again only the
    texts the index's ``text_log`` names since ``texts.logged`` (this connection's own
    writes too). False when the log cannot tell (pruned past it) or the notes are now over
    ``LIMIT_BYTES``: every text is read again."""
    conn = index.conn
    assert texts.logged is not None
    with _snapshot(conn):
        found = fulltext.logged_since(conn, texts.logged)
        if found is None or _over_limit(index):
            return False
        changed, texts.logged = found
        rows = list(fulltext.texts_of(conn, changed))
    fulltext.written(conn)  # the log named this connection's writes too
    texts.drop(changed)
    texts.load(rows)
    return True


def _skip_own_writes(conn: sqlite3.Connection, texts: NoteTexts, version: int) -> None:
    """Move ``texts.logged`` past this connection's own writes, just read again, when no
    other connection committed since ``version`` (``PRAGMA data_version``) in the snapshot
    read: else it stays, and the next update reads those texts once more (harmless)."""
    with _snapshot(conn):
        position = fulltext.text_log_position(conn)
        [(now,)] = conn.execute("PRAGMA data_version").fetchall()
    if now == version:
        texts.logged = position


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: the log's position and the texts read from the same commit."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def _over_limit(index: Index) -> bool:
    """Whether the notes total more than ``LIMIT_BYTES`` on disk (their texts are not kept)."""
    [(size,)] = index.query("SELECT coalesce(sum(size), 0) FROM files WHERE is_note = 1")
    return int(size) > LIMIT_BYTES
