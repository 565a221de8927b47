"""The full-text tables: each note's text, and a trigram index over it for substring search.

Obsidian's search matches substrings, not words, so the index is FTS5 with the trigram
tokenizer over the texts of ``note_text`` (external content: each text is stored once).
``detail=none`` keeps only which notes hold each trigram: about 10 MB at 10,000 notes
(30 MB of Markdown) against 72 MB with ``detail=full``'s positions, which LIKE never uses. A
``LIKE '%term%'`` on it reads candidate notes from the trigram index and SQLite checks the
pattern on the text; ``vaultkit.search`` then verifies every candidate exactly.

The refresh calls ``store_texts`` and ``delete_texts`` in the transactions that write and
drop a note's other rows, so the tables never disagree with them. Tokenizing is the
costly part (about 3 CPU-seconds for 30 MB, in the one process that writes): the trigram
index is therefore built by the first search that needs it (``ensure_trigrams``), then
kept up to date by every refresh. A vault never searched never pays for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence

FULLTEXT_SCHEMA = """
CREATE TABLE note_text(id INTEGER PRIMARY KEY, body TEXT NOT NULL);
"""
"""One row per note, ``id`` = ``files.id``; the trigram table comes with ``ensure_trigrams``."""

TRIGRAMS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS note_trigrams USING fts5(body, content = 'note_text',"
    " content_rowid = 'id', tokenize = 'trigram', detail = none)"
)

MIN_CHARS = 3
"""The shortest term the trigram index can find; shorter ones scan the texts."""

LOG_KEPT = 100_000
"""The most recent rows of ``text_log`` kept: a reader further behind reads every text."""

TEXT_LOG = (
    "CREATE TABLE IF NOT EXISTS text_log(seq INTEGER PRIMARY KEY, id INTEGER NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS text_log_insert AFTER INSERT ON note_text"
    " BEGIN INSERT INTO text_log(id) VALUES (new.id); END",
    "CREATE TRIGGER IF NOT EXISTS text_log_delete AFTER DELETE ON note_text"
    " BEGIN INSERT INTO text_log(id) VALUES (old.id); END",
    "CREATE TRIGGER IF NOT EXISTS text_log_update AFTER UPDATE ON note_text"
    " BEGIN INSERT INTO text_log(id) VALUES (old.id), (new.id); END",
    "CREATE TRIGGER IF NOT EXISTS text_log_prune AFTER INSERT ON text_log"
    " WHEN new.seq % 1024 = 0 BEGIN DELETE FROM text_log WHERE seq <= new.seq - {kept}; END",
)
"""Which notes' texts changed, in commit order, whoever wrote them: the ids of the rows of
``note_text`` written or dropped, by triggers that live in the index file itself, so that
every writer records them (a ``vaultkit watch`` beside the MCP server, a command, an older
vaultkit). Created by the first process that keeps the texts in memory
(``vaultkit.search.notetexts``), with no schema change: an index never served never pays
for it. ``seq`` only grows (the newest row is never pruned, a new row takes the largest
``seq`` plus one), so a reader that knows up to which ``seq`` it read asks for what came
after; when rows it had not read were pruned, it reads every text again."""


_WRITTEN: dict[int, tuple[sqlite3.Connection, set[int]]] = {}
"""By ``id()`` of each connection that asked (``track_writes``): the connection and the ids
whose text it wrote since."""


def track_writes(conn: sqlite3.Connection) -> None:
    """Record from now on the ids whose text ``conn`` writes (texts kept in memory)."""
    for key, (other, _) in list(_WRITTEN.items()):
        try:
            other.total_changes  # noqa: B018 - raises once the connection is closed
        except sqlite3.ProgrammingError:
            del _WRITTEN[key]
    _WRITTEN[id(conn)] = (conn, set())


def written(conn: sqlite3.Connection) -> set[int] | None:
    """The ids whose text ``conn`` wrote (or tried to) since the last call, or since
    ``track_writes``; None when ``conn`` does not record them."""
    entry = _WRITTEN.get(id(conn))
    if entry is None or entry[0] is not conn:
        return None
    _WRITTEN[id(conn)] = (conn, set())
    return entry[1]


def _record(conn: sqlite3.Connection, ids: Sequence[tuple[int]]) -> None:
    entry = _WRITTEN.get(id(conn))
    if entry is not None and entry[0] is conn:
        entry[1].update(fid for (fid,) in ids)


def has_trigrams(conn: sqlite3.Connection) -> bool:
    """Whether the trigram index has been built."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'note_trigrams'").fetchone()
    return row is not None


def store_texts(
    conn: sqlite3.Connection, ids: Sequence[tuple[int]], texts: Iterable[tuple[int, str]]
) -> None:
    """Replace the texts of the notes ``ids`` by ``texts`` (id, text); inside a transaction."""
    delete_texts(conn, ids)
    rows = list(texts)
    _record(conn, [(fid,) for fid, _ in rows])
    conn.executemany("INSERT INTO note_text(id, body) VALUES (?, ?)", rows)
    if rows and has_trigrams(conn):
        conn.executemany("INSERT INTO note_trigrams(rowid, body) VALUES (?, ?)", rows)


def delete_texts(conn: sqlite3.Connection, ids: Sequence[tuple[int]]) -> None:
    """Drop the texts of the files ``ids``; inside a transaction."""
    if not ids:
        return
    _record(conn, ids)
    if has_trigrams(conn):
        old = [row for (fid,) in ids for row in _text_rows(conn, fid)]
        conn.executemany(
            "INSERT INTO note_trigrams(note_trigrams, rowid, body) VALUES ('delete', ?, ?)", old
        )
    conn.executemany("DELETE FROM note_text WHERE id = ?", ids)


def _text_rows(conn: sqlite3.Connection, fid: int) -> list[tuple[int, str]]:
    return conn.execute("SELECT id, body FROM note_text WHERE id = ?", (fid,)).fetchall()


def ensure_text_log(conn: sqlite3.Connection) -> bool:
    """Create ``text_log`` and its triggers if they are missing; False when the index
    cannot be written (then readers read every text after another process's commit)."""
    if _has_text_log(conn):
        return True

    def create() -> None:
        for statement in TEXT_LOG:
            conn.execute(statement.format(kept=LOG_KEPT))

    return _write_if_writable(conn, create)


def _has_text_log(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'text_log_prune'").fetchone()
    return row is not None


def text_log_position(conn: sqlite3.Connection) -> int | None:
    """The last ``seq`` of ``text_log`` (0 when empty), None when there is no log."""
    if not _has_text_log(conn):
        return None
    [(last,)] = conn.execute("SELECT max(seq) FROM text_log").fetchall()
    return int(last or 0)


def logged_since(conn: sqlite3.Connection, seq: int) -> tuple[set[int], int] | None:
    """The ids whose text was written or dropped after ``seq`` of ``text_log`` and the
    last ``seq``; None when there is no log or rows after ``seq`` were pruned."""
    if not _has_text_log(conn):
        return None
    [(first, last)] = conn.execute("SELECT min(seq), max(seq) FROM text_log").fetchall()
    if last is None or last <= seq:
        return set(), seq if last is None else int(last)
    if first > seq + 1:
        return None
    rows = conn.execute("SELECT DISTINCT id FROM text_log WHERE seq > ?", (seq,))
    return {fid for (fid,) in rows}, int(last)


def ensure_trigrams(conn: sqlite3.Connection) -> bool:
    """Build the trigram index if it is missing; False when the index cannot be written
    (then callers scan the texts)."""
    if has_trigrams(conn):
        return True

    def build() -> None:
        if not has_trigrams(conn):  # another process may have built it meanwhile
            conn.execute(TRIGRAMS)
            conn.execute("INSERT INTO note_trigrams(note_trigrams) VALUES ('rebuild')")

    return _write_if_writable(conn, build)


def _write_if_writable(conn: sqlite3.Connection, write: Callable[[], None]) -> bool:
    """Run ``write`` in its own write transaction; False (nothing written) when the index
    cannot be written: read-only, or locked past the busy timeout."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            write()
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError:
        return False
    return True


def indexable(term: str) -> bool:
    """Whether the trigram index can find the notes holding ``term`` (ignoring case).

    SQLite's LIKE folds ASCII letters only, and ``%``/``_`` are its wildcards: terms with
    either are found by a scan instead."""
    return len(term) >= MIN_CHARS and term.isascii() and "%" not in term and "_" not in term


def notes_containing(conn: sqlite3.Connection, term: str) -> set[int] | None:
    """Ids of the notes whose text contains ``term``, ASCII case ignored (``indexable``);
    None when there is no trigram index to ask (a read-only index file).

    Exact, so that its size is BM25's document frequency: the notes holding every trigram
    of a word (a ``MATCH`` on the index alone, 0.02 s against 0.15 s for a common word at
    100k notes) are a superset up to 10x too large for short words (``wages``: 1,151
    notes against 120 at 10k), which would change every score."""
    if not ensure_trigrams(conn):
        return None
    rows = conn.execute(
        "SELECT id FROM note_text WHERE id IN"
        " (SELECT rowid FROM note_trigrams WHERE note_trigrams MATCH ?) AND body LIKE ?",
        (trigram_query(term), f"%{term}%"),
    )
    return {fid for (fid,) in rows}


def trigram_query(term: str) -> str:
    """The FTS5 query for the notes holding every trigram of ``term`` (case ignored): what
    FTS5 itself asks its index for ``LIKE '%term%'``, whose text it then reads through a
    lookup of the content table per note. Reading ``note_text`` directly instead, with the
    same ``LIKE``, finds the same notes in about 0.7x the time (one text read per note)."""
    grams = dict.fromkeys(term[i : i + 3] for i in range(len(term) - 2))
    return " AND ".join('"' + gram.replace('"', '""') + '"' for gram in grams)


def texts_of(conn: sqlite3.Connection, ids: Iterable[int] | None) -> Iterable[tuple[int, str]]:
    """(id, text) of the notes ``ids`` (None: every note), in id order."""
    if ids is None:
        yield from conn.execute("SELECT id, body FROM note_text ORDER BY id")
        return
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(
            f"SELECT id, body FROM note_text WHERE id IN ({marks}) ORDER BY id", chunk
        )
