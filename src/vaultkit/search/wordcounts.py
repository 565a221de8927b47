"""Each word's count in each kept note, kept per index state: what the fused path
(:mod:`vaultkit.search.fused`) ranks on.

A word's counts come from the word index (:mod:`vaultkit.search.wordindex`) when its
needle is made of word characters, else from one pass over the trigram index's
candidates (``str.count`` on each folded text, the verifier's own rule). For a word the
trigram index can find (``fulltext.indexable``), the counts also carry the notes holding
it exactly as ``NoteTexts.notes_containing`` decides (BM25's document frequency): every
note holding it except those of ``NoteTexts.odd`` (a Kelvin sign or a NUL), which are asked
of SQLite's ``LIKE`` as there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.document import fold
from vaultkit.search.statecache import kept
from vaultkit.search.wordindex import countable, word_index

if TYPE_CHECKING:
    import sqlite3

    from vaultkit.index import Index
    from vaultkit.search.notetexts import NoteTexts


class Counts(dict[int, int]):
    """A word's count (never 0) in notes holding it: every kept note holding it when
    ``complete``, else those among the trigram index's candidates."""

    members: frozenset[int] | None = None
    """The notes holding it as ``fulltext.notes_containing`` answers, for a word the
    trigram index can find."""
    complete = False


def runs(index: Index, texts: NoteTexts, needle: str) -> Counts | None:
    """The ``complete`` counts of the folded ``needle`` from the word index, or None when
    the word index does not answer it (not word characters only, or spread too wide)."""
    if not countable(needle):
        return None
    return kept(index, ("word runs", needle), lambda: _from_words(index, texts, needle))


def _from_words(index: Index, texts: NoteTexts, needle: str) -> Counts | None:
    found = word_index(index, texts).counts(needle)
    if found is None:
        return None
    out = Counts(found)
    out.complete = True
    return out


def counts(index: Index, texts: NoteTexts, term: str) -> Counts | None:
    """The counts of the ``fulltext.indexable`` ``term`` with its ``members``, or None
    without a trigram index (the general path builds it or answers without)."""
    if not fulltext.ensure_trigrams(index.conn):  # before ``kept``: building it writes
        return None
    return kept(index, ("word counts", term), lambda: _count(index, texts, term))


def _count(index: Index, texts: NoteTexts, term: str) -> Counts:
    needle = fold(term)
    found = _from_words(index, texts, needle) if countable(needle) else None
    if found is None:
        return _scan(index, texts, term)
    unsure = [fid for fid in texts.odd if fid in found]
    members = set(found).difference(unsure)
    members.update(_liked(index.conn, unsure, term))
    found.members = frozenset(members)
    return found


def _scan(index: Index, texts: NoteTexts, term: str) -> Counts:
    """One pass over the trigram index's candidates for ``term``."""
    conn = index.conn
    needle = fold(term)
    rows = conn.execute(
        "SELECT rowid FROM note_trigrams WHERE note_trigrams MATCH ?",
        (fulltext.trigram_query(term),),
    )
    pairs, odd = texts.texts, texts.odd
    out = Counts()
    unsure: list[int] = []
    for (fid,) in rows:
        if fid in odd:
            unsure.append(fid)
            continue
        pair = pairs.get(fid)
        if pair is not None:
            found = pair[1].count(needle)
            if found:
                out[fid] = found
    members = set(out)
    members.update(_liked(conn, unsure, term))
    for fid in unsure:  # counted whether LIKE finds it or not
        pair = pairs.get(fid)
        found = pair[1].count(needle) if pair is not None else 0
        if found:
            out[fid] = found
    out.members = frozenset(members)
    return out


def _liked(conn: sqlite3.Connection, ids: list[int], term: str) -> list[int]:
    """Those of ``ids`` whose text SQLite's ``LIKE`` finds ``term`` in."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT id FROM note_text WHERE id IN ({marks}) AND body LIKE ?", (*ids, f"%{term}%")
    )
    return [fid for (fid,) in rows]
