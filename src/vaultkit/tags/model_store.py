"""The tag-suggestion model stored with the index, so one call costs milliseconds.

Our own tables in the index database (``suggest_*``; the index never reads them):

- ``suggest_docs``: each note as the suggester sees it (words, links, tags, kinds), with the
  size and mtime it was read at: only notes whose file changed are read again;
- ``suggest_words``, ``suggest_keys``, ``suggest_meta``: the statistics of
  :func:`~vaultkit.tags.suggest_model.build_stats`, rebuilt from the stored docs only when
  the index's state changed (a note added, changed or removed, or the configuration);
- a call reads the docs it scores and only the statistics rows their words, links and
  places need.

The state is the count, total size, total mtime and total id of the indexed notes with the
configuration's digest: any edit changes the mtime, any add or remove the count and ids.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from vaultkit.tags.corpus import Doc, doc_from_dump
from vaultkit.tags.suggest_model import Stats, build_stats, places

if TYPE_CHECKING:
    import sqlite3

    from vaultkit.index import Index
    from vaultkit.model import Note

VERSION = "1"
"""Bump when what is stored changes: the stored model is rebuilt."""
CHUNK = 500
STREAM_FROM = 100
"""Changed notes from which all notes are streamed rather than fetched one by one."""
TABLES = """
CREATE TABLE IF NOT EXISTS suggest_meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS suggest_docs(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
                                        doc BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS suggest_words(word TEXT PRIMARY KEY, idf REAL, postings BLOB);
CREATE TABLE IF NOT EXISTS suggest_keys(key TEXT PRIMARY KEY, docs INTEGER, tags BLOB);
"""
NOTES = "SELECT path, size, mtime_ns FROM files WHERE is_note = 1 AND excluded = 0"


def state_of(index: Index) -> str:
    """A key that changes whenever an indexed note or the configuration does."""
    row = index.query(
        "SELECT count(*), total(size), total(mtime_ns), total(id) FROM files"
        " WHERE is_note = 1 AND excluded = 0"
    )[0]
    return f"{VERSION}:{index.config.digest()}:" + ":".join(str(int(v or 0)) for v in row)


def _meta(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM suggest_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def ensure(index: Index) -> bool:
    """Bring the stored model up to the index's state; True when it had to be rebuilt."""
    conn = index.conn
    conn.executescript(TABLES)
    state = state_of(index)
    if _meta(conn, "state") == state:
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _meta(conn, "state") != state:  # another process may have just done it
            _refresh_docs(index, conn)
            docs = list(_all_docs(conn))
            _store_stats(conn, build_stats(docs), sum(1 for d in docs if d.tags))
            conn.execute("INSERT OR REPLACE INTO suggest_meta VALUES ('state', ?)", (state,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def _refresh_docs(index: Index, conn: sqlite3.Connection) -> None:
    """Read again the notes whose file changed; drop the removed ones."""
    from vaultkit.kinds import rules_from_config
    from vaultkit.tags.corpus import read_doc

    config = index.config.digest()
    if _meta(conn, "config") != config:
        conn.execute("DELETE FROM suggest_docs")
        conn.execute("INSERT OR REPLACE INTO suggest_meta VALUES ('config', ?)", (config,))
    stored = {
        p: (s, m) for p, s, m in conn.execute("SELECT path, size, mtime_ns FROM suggest_docs")
    }
    current = {p: (s, m) for p, s, m in conn.execute(NOTES)}
    gone = [(p,) for p in stored if p not in current]
    conn.executemany("DELETE FROM suggest_docs WHERE path = ?", gone)
    rules = rules_from_config(index.config.sections)
    changed = {p for p, stamp in current.items() if stored.get(p) != stamp}
    rows = []
    for note in _notes(index, changed):
        doc = read_doc(index, note, rules)
        stamp = current[note.path]
        rows.append((note.path, stamp[0], stamp[1], marshal.dumps(doc.dump())))
    conn.executemany("INSERT OR REPLACE INTO suggest_docs VALUES (?, ?, ?, ?)", rows)


def _notes(index: Index, paths: set[str]) -> Iterator[Note]:
    """The indexed notes at ``paths``: one by one when few, streamed when many."""
    if len(paths) <= STREAM_FROM:
        for path in sorted(paths):
            if (note := index.note(path)) is not None:
                yield note
    else:
        yield from (note for note in index.notes() if note.path in paths)


def _all_docs(conn: sqlite3.Connection) -> Iterator[Doc]:
    for (blob,) in conn.execute("SELECT doc FROM suggest_docs ORDER BY path"):
        yield doc_from_dump(marshal.loads(blob))


def _store_stats(conn: sqlite3.Connection, stats: Stats, tagged: int) -> None:
    conn.execute("DELETE FROM suggest_words")
    conn.execute("DELETE FROM suggest_keys")
    conn.executemany(
        "INSERT INTO suggest_words VALUES (?, ?, ?)",
        (
            (w, stats.idf.get(w), marshal.dumps(stats.by_word.get(w, [])))
            for w in set(stats.idf) | set(stats.by_word)
        ),
    )
    keys = [
        ("link:" + k, n, marshal.dumps(stats.link_tags.get(k, {})))
        for k, n in stats.link_docs.items()
    ]
    keys += [
        ("place:" + k, n, marshal.dumps(stats.place_tags.get(k, {})))
        for k, n in stats.place_docs.items()
    ]
    conn.executemany("INSERT INTO suggest_keys VALUES (?, ?, ?)", keys)
    head = (stats.n, stats.norm2, stats.popularity, stats.spellings, stats.merged, tagged)
    conn.execute("INSERT OR REPLACE INTO suggest_meta VALUES ('head', ?)", (marshal.dumps(head),))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def load_model(index: Index, paths: list[str]) -> tuple[list[Doc], Stats, int]:
    """The docs at ``paths`` (in that order; unknown paths left out), the statistics they
    need, and how many notes carry a tag."""
    ensure(index)
    conn = index.conn
    docs = []
    for path in dict.fromkeys(paths):
        row = conn.execute("SELECT doc FROM suggest_docs WHERE path = ?", (path,)).fetchone()
        if row:
            docs.append(doc_from_dump(marshal.loads(row[0])))
    n, norm2, popularity, spellings, merged, tagged = marshal.loads(_meta(conn, "head"))
    stats = Stats(n, {}, {}, norm2, popularity, {}, {}, {}, {}, spellings, merged)
    words = sorted({w for d in docs for w in d.words})
    for chunk in _chunks(words):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT word, idf, postings FROM suggest_words WHERE word IN ({marks})"
        for word, idf, postings in conn.execute(sql, chunk):
            if idf is not None:
                stats.idf[word] = idf
            stats.by_word[word] = [tuple(p) for p in marshal.loads(postings)]
    keys = sorted(
        {"link:" + k for d in docs for k in d.links}
        | {"place:" + p for d in docs for p in places(d, (*d.kinds, *d.blind_kinds))}
    )
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT key, docs, tags FROM suggest_keys WHERE key IN ({marks})"
        for key, count, tags in conn.execute(sql, chunk):
            kind, _, name = key.partition(":")
            if kind == "link":
                stats.link_docs[name], stats.link_tags[name] = count, marshal.loads(tags)
            else:
                stats.place_docs[name], stats.place_tags[name] = count, marshal.loads(tags)
    return docs, stats, tagged
