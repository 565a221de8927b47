"""The tag-suggestion model stored with the index, so one call costs milliseconds.

Our own tables in the index database (``suggest_*``; the index never reads them):

- ``suggest_docs``: each note as the suggester sees it (words, links, tags, kinds), with the
  size and mtime it was read at: only notes whose file changed are read again;
- ``suggest_words``, ``suggest_keys``, ``suggest_meta``: the statistics of
  :func:`~vaultkit.tags.suggest_model.build_stats`, brought up to date when the index's state
  changed (a note added, changed or removed): the changed notes are taken out as they were
  and put back as they are (:func:`~vaultkit.tags.suggest_model.apply_delta`), touching only
  their words' and links' rows; rebuilt from the stored docs when many notes changed, the
  configuration did, or a near-duplicate group of tags changed;
- ``suggest_postings``: (word, path) for every word used by at most ``MAX_DF`` notes, where
  the neighbour vote looks for a note's candidate neighbours
  (:mod:`vaultkit.tags.neighbours`); updated with the statistics (a word whose count falls
  back under the bound gets its postings from the stored docs), rebuilt with them;
- a call reads the docs it scores and only the statistics rows their words, links and
  places need, the tags of the notes they link, and their candidate neighbours (the stored
  docs of the notes sharing one of their rarest words or linked with them, with those
  notes' words' counts);
- ``suggest_meta`` also keeps the vault's learned weights and confidence labels
  (:mod:`vaultkit.tags.calibrate`), learned again from a bounded sample of tagged notes when
  the statistics were rebuilt or once ``RECALIBRATE_SHARE`` of the notes changed since.

The state is the count, total size, total mtime and total id of the indexed notes with the
configuration's digest: any edit changes the mtime, any add or remove the count and ids.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from vaultkit.tags.calibrate import (
    MIN_SAMPLE,
    Calibration,
    calibrate,
    calibration_from_dump,
    sample_paths,
)
from vaultkit.tags.corpus import Doc, doc_from_dump
from vaultkit.tags.neighbours import MAX_DF, Peers, rarest
from vaultkit.tags.suggest_model import Stats, apply_delta, build_stats, places, tags_of

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.model import Note

VERSION = "6"
"""Bump when what is stored changes (or how the stored labels are learned): the stored model
is rebuilt (5: inseparable samples are not calibrated; 6: the neighbour-vote postings)."""
CHUNK = 500
STREAM_FROM = 100
"""Changed notes from which all notes are streamed rather than fetched one by one."""
REBUILD_SHARE = 0.2
"""Changed notes, as a share of all, from which the statistics are rebuilt, not updated."""
TABLES = """
CREATE TABLE IF NOT EXISTS suggest_meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS suggest_docs(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
                                        doc BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS suggest_words(word TEXT PRIMARY KEY, df INTEGER, sums BLOB);
CREATE TABLE IF NOT EXISTS suggest_keys(key TEXT PRIMARY KEY, docs INTEGER, tags BLOB);
CREATE TABLE IF NOT EXISTS suggest_postings(word TEXT, path TEXT, PRIMARY KEY (word, path))
    WITHOUT ROWID;
"""
NOTES = "SELECT path, size, mtime_ns FROM files WHERE is_note = 1 AND excluded = 0"
TAGGED = (
    "SELECT DISTINCT f.path FROM tags t JOIN files f ON f.id = t.src"
    " WHERE f.is_note = 1 AND f.excluded = 0"
)
OTHER_SUPPORT = "calibration@"
"""``suggest_meta`` key prefix of the labels learned for a minimum support other than the
configured one (``--min-support``), dropped whenever the labels are learned again."""
RECALIBRATE_SHARE = 0.05
"""Notes changed since the labels were learned, as a share of all, from which they are
learned again (an edit or two leaves them as they are: they describe the whole vault)."""


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


def _tables(conn: sqlite3.Connection) -> None:
    """Create the tables; drop them first when they hold an older version's model."""
    conn.executescript(TABLES)
    if _meta(conn, "version") != VERSION:
        conn.executescript(
            "DROP TABLE suggest_meta; DROP TABLE suggest_docs; DROP TABLE suggest_words;"
            " DROP TABLE suggest_keys; DROP TABLE suggest_postings;" + TABLES
        )
        conn.execute("INSERT INTO suggest_meta VALUES ('version', ?)", (VERSION,))


def ensure(index: Index) -> bool:
    """Bring the stored model up to the index's state; True when it had to change."""
    conn = index.conn
    _tables(conn)
    state = state_of(index)
    if _meta(conn, "state") == state:
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _meta(conn, "state") != state:  # another process may have just done it
            removed, added, total = _refresh_docs(index, conn)
            head = _meta(conn, "head")
            small = len(removed) + len(added) <= REBUILD_SHARE * max(total, 1)
            rebuilt = head is None or not small or not _update_stats(conn, removed, added)
            if rebuilt:
                docs = list(_all_docs(conn))
                stats = build_stats(docs)
                _store_stats(conn, stats)
                _store_postings(conn, docs, stats.df)
            _recalibrate(index, rebuilt, len(removed) + len(added), total)
            conn.execute("INSERT OR REPLACE INTO suggest_meta VALUES ('state', ?)", (state,))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def _refresh_docs(index: Index, conn: sqlite3.Connection) -> tuple[list[Doc], list[Doc], int]:
    """Read again the notes whose file changed; drop the removed ones. Returns the docs
    taken out (as they were stored), those put in, and the number of notes."""
    from vaultkit.kinds import rules_from_config
    from vaultkit.tags.corpus import read_doc

    config = index.config.digest()
    if _meta(conn, "config") != config:
        conn.execute("DELETE FROM suggest_docs")
        conn.execute("DELETE FROM suggest_meta WHERE key = 'head'")
        conn.execute("INSERT OR REPLACE INTO suggest_meta VALUES ('config', ?)", (config,))
    stored = {
        p: (s, m) for p, s, m in conn.execute("SELECT path, size, mtime_ns FROM suggest_docs")
    }
    current = {p: (s, m) for p, s, m in conn.execute(NOTES)}
    changed = {p for p, stamp in current.items() if stored.get(p) != stamp}
    if stored:  # notes linking a note added or removed may now resolve that link otherwise
        moved = [p for p in current if p not in stored] + [p for p in stored if p not in current]
        changed |= _linking(conn, moved) & set(current)
    outdated = [p for p in stored if p not in current or p in changed]
    removed = list(_docs_at(conn, outdated))
    conn.executemany("DELETE FROM suggest_docs WHERE path = ?", [(p,) for p in outdated])
    rules = rules_from_config(index.config.sections)
    added, rows = [], []
    for note in _notes(index, changed):
        doc = read_doc(index, note, rules)
        stamp = current[note.path]
        added.append(doc)
        rows.append((note.path, stamp[0], stamp[1], marshal.dumps(doc.dump())))
    conn.executemany("INSERT OR REPLACE INTO suggest_docs VALUES (?, ?, ?, ?)", rows)
    return removed, added, len(current)


def _linking(conn: sqlite3.Connection, paths: list[str]) -> set[str]:
    """The notes with a link whose target names a file at one of ``paths``."""
    from vaultkit.resolve import file_key

    found: set[str] = set()
    for chunk in _chunks(sorted({file_key(p) for p in paths})):
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT DISTINCT f.path FROM links l JOIN files f ON f.id = l.src"
            f" WHERE l.external = 0 AND l.target_key IN ({marks})"
        )
        found.update(path for (path,) in conn.execute(sql, chunk))
    return found


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


def _docs_at(conn: sqlite3.Connection, paths: Iterable[str]) -> Iterator[Doc]:
    """The stored docs at ``paths`` (in that order; unknown paths left out)."""
    for path in paths:
        row = conn.execute("SELECT doc FROM suggest_docs WHERE path = ?", (path,)).fetchone()
        if row:
            yield doc_from_dump(marshal.loads(row[0]))


def _write_head(conn: sqlite3.Connection, stats: Stats) -> None:
    head = (
        stats.n, stats.abc, stats.popularity, stats.raw, stats.written, stats.merged,
        stats.tagged,
    )  # fmt: skip
    conn.execute("INSERT OR REPLACE INTO suggest_meta VALUES ('head', ?)", (marshal.dumps(head),))


def _load_head(conn: sqlite3.Connection) -> Stats:
    n, abc, popularity, raw, written, merged, tagged = marshal.loads(_meta(conn, "head"))
    return Stats(
        n=n, abc=abc, popularity=popularity, raw=raw, written=written, merged=merged,
        tagged=tagged,
    )  # fmt: skip


def _word_rows(stats: Stats, words: Iterable[str]) -> Iterator[tuple[str, int, bytes]]:
    for w in words:
        yield w, stats.df.get(w, 0), marshal.dumps(stats.by_word.get(w, {}))


def _key_rows(stats: Stats, keys: Iterable[str]) -> Iterator[tuple[str, int, bytes]]:
    for key in keys:
        kind, _, name = key.partition(":")
        docs, tags = (
            (stats.link_docs, stats.link_tags)
            if kind == "link"
            else (stats.place_docs, stats.place_tags)
        )
        yield key, docs.get(name, 0), marshal.dumps(tags.get(name, {}))


def _store_stats(conn: sqlite3.Connection, stats: Stats) -> None:
    conn.execute("DELETE FROM suggest_words")
    conn.execute("DELETE FROM suggest_keys")
    conn.executemany("INSERT INTO suggest_words VALUES (?, ?, ?)", _word_rows(stats, stats.df))
    keys = ["link:" + k for k in stats.link_docs] + ["place:" + k for k in stats.place_docs]
    conn.executemany("INSERT INTO suggest_keys VALUES (?, ?, ?)", _key_rows(stats, keys))
    _write_head(conn, stats)


def _store_postings(conn: sqlite3.Connection, docs: list[Doc], df: dict[str, int]) -> None:
    conn.execute("DELETE FROM suggest_postings")
    rows = ((w, d.path) for d in docs for w in d.words if df.get(w, 0) <= MAX_DF)
    conn.executemany("INSERT INTO suggest_postings VALUES (?, ?)", rows)


def _update_postings(
    conn: sqlite3.Connection,
    removed: list[Doc],
    added: list[Doc],
    before: dict[str, int],
    after: dict[str, int],
) -> None:
    """Keep the postings of exactly the words used by at most ``MAX_DF`` notes: the changed
    notes' rows taken out and put back, a word going over the bound dropped, one coming back
    under it given its postings from the stored docs."""
    conn.executemany(
        "DELETE FROM suggest_postings WHERE word = ? AND path = ?",
        [(w, d.path) for d in removed for w in d.words],
    )
    under = {w for w, c in after.items() if c <= MAX_DF}
    back = {w for w in under if before.get(w, 0) > MAX_DF}
    over = [(w,) for w, c in after.items() if c > MAX_DF and before.get(w, 0) <= MAX_DF]
    conn.executemany("DELETE FROM suggest_postings WHERE word = ?", over)
    rows = {(w, d.path) for d in added for w in d.words if w in under and w not in back}
    if back:
        rows.update((w, d.path) for d in _all_docs(conn) for w in d.words if w in back)
    conn.executemany("INSERT OR REPLACE INTO suggest_postings VALUES (?, ?)", sorted(rows))


def _update_stats(conn: sqlite3.Connection, removed: list[Doc], added: list[Doc]) -> bool:
    """Apply the changed notes to the stored statistics, reading and writing only the rows
    they touch; False when a full rebuild is needed instead."""
    changed = [*removed, *added]
    stats = _load_head(conn)
    words = sorted({w for d in changed for w in d.words})
    keys = sorted(_keys_of(changed))
    _load_rows(conn, stats, words, keys)
    before = {w: stats.df.get(w, 0) for w in words}
    if not apply_delta(stats, removed, added):
        return False
    _update_postings(conn, removed, added, before, {w: stats.df.get(w, 0) for w in words})
    conn.executemany(
        "INSERT OR REPLACE INTO suggest_words VALUES (?, ?, ?)", _word_rows(stats, words)
    )
    conn.executemany("INSERT OR REPLACE INTO suggest_keys VALUES (?, ?, ?)", _key_rows(stats, keys))
    conn.execute("DELETE FROM suggest_words WHERE df = 0")
    conn.execute("DELETE FROM suggest_keys WHERE docs = 0")
    _write_head(conn, stats)
    return True


def _keys_of(docs: Iterable[Doc]) -> set[str]:
    """The ``suggest_keys`` rows scoring or counting these notes needs: their links, the
    notes linking them, their folders and kinds."""
    keys: set[str] = set()
    for d in docs:
        keys.update("link:" + k for k in d.links)
        keys.add("link:" + d.path)
        keys.update("place:" + p for p in places(d, (*d.kinds, *d.blind_kinds)))
    return keys


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _load_rows(conn: sqlite3.Connection, stats: Stats, words: list[str], keys: list[str]) -> None:
    for chunk in _chunks(words):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT word, df, sums FROM suggest_words WHERE word IN ({marks})"
        for word, df, sums in conn.execute(sql, chunk):
            stats.df[word] = df
            if sums := marshal.loads(sums):
                stats.by_word[word] = sums
    for chunk in _chunks(keys):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT key, docs, tags FROM suggest_keys WHERE key IN ({marks})"
        for key, count, tags in conn.execute(sql, chunk):
            kind, _, name = key.partition(":")
            docs, tags_by_key = (
                (stats.link_docs, stats.link_tags)
                if kind == "link"
                else (stats.place_docs, stats.place_tags)
            )
            docs[name] = count
            if counts := marshal.loads(tags):
                tags_by_key[name] = counts


def load_stats(index: Index) -> Stats:
    """Every statistic as stored (for tests: what an update must equal)."""
    ensure(index)
    conn = index.conn
    stats = _load_head(conn)
    words = [w for (w,) in conn.execute("SELECT word FROM suggest_words")]
    keys = [k for (k,) in conn.execute("SELECT key FROM suggest_keys")]
    _load_rows(conn, stats, words, keys)
    stats.derive()
    return stats


def load_model(index: Index, paths: list[str]) -> tuple[list[Doc], Stats, int, Peers]:
    """The docs at ``paths`` (in that order; unknown paths left out), the statistics they
    need, how many notes carry a tag, and their candidate neighbours."""
    ensure(index)
    return _load(index.conn, paths)


def load_calibration(index: Index) -> Calibration:
    """The vault's learned weights and confidence labels, the model brought up to date."""
    ensure(index)
    return stored_calibration(index)


def stored_calibration(index: Index, min_support: int | None = None) -> Calibration:
    """The weights and labels as stored (right after :func:`load_model`), for ``min_support``
    (default: the configured one, which the model learns them with). Another minimum support
    changes which tags the sample's suggestions may name, so its labels are learned for it
    on first use and kept beside the others until they are learned again (learned on every
    call where the index cannot be written)."""
    conn = index.conn
    base = _meta(conn, "calibration")
    stored = calibration_from_dump(marshal.loads(base))
    if min_support is None or min_support == stored.min_support:
        return stored
    key = f"{OTHER_SUPPORT}{min_support}"
    if (kept := _meta(conn, key)) is not None:
        return calibration_from_dump(marshal.loads(kept))
    learned = learn(index, min_support)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _meta(conn, "calibration") == base:  # not learned again meanwhile elsewhere
                conn.execute(
                    "INSERT OR REPLACE INTO suggest_meta VALUES (?, ?)",
                    (key, marshal.dumps(learned.dump())),
                )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError:  # an index that cannot be written: used, not kept
        pass
    return learned


def _recalibrate(index: Index, rebuilt: bool, changed: int, total: int) -> None:
    """Learn the weights and labels again when the statistics were rebuilt, when they were
    not learned for too few tagged notes (a small vault: cheap), or once enough notes changed
    since."""
    conn = index.conn
    stored = _meta(conn, "calibration")
    pending = int(_meta(conn, "calibration_changes") or 0) + changed
    known = calibration_from_dump(marshal.loads(stored)) if stored is not None else None
    # too few tagged notes is learned again at once (cheap); a sample that could not separate
    # scores waits for enough changes, as a calibration does
    fresh = known is not None and (known.calibrated or known.sample >= MIN_SAMPLE)
    if rebuilt or not fresh or pending > RECALIBRATE_SHARE * max(total, 1):
        learned = learn(index)
        conn.execute(
            "INSERT OR REPLACE INTO suggest_meta VALUES ('calibration', ?)",
            (marshal.dumps(learned.dump()),),
        )
        conn.execute("DELETE FROM suggest_meta WHERE key LIKE ?", (OTHER_SUPPORT + "%",))
        pending = 0
    conn.execute(
        "INSERT OR REPLACE INTO suggest_meta VALUES ('calibration_changes', ?)", (pending,)
    )


def learn(index: Index, min_support: int | None = None) -> Calibration:
    """Weights and labels learned from the sample of the vault's tagged notes, for
    ``min_support`` (default: the configured one); the stored statistics must be up to date."""
    from vaultkit.suggest import Model, min_support_of

    support = min_support if min_support is not None else min_support_of(index)
    paths = sample_paths([p for (p,) in index.conn.execute(TAGGED)])
    docs, stats, _, peers = _load(index.conn, paths)
    return calibrate(Model(docs, stats, support, peers=peers), list(range(len(docs))))


def _load(conn: sqlite3.Connection, paths: list[str]) -> tuple[list[Doc], Stats, int, Peers]:
    docs = list(_docs_at(conn, dict.fromkeys(paths)))
    stats = _load_head(conn)
    words = sorted({w for d in docs for w in d.words})
    _load_rows(conn, stats, words, sorted(_keys_of(docs)))
    targets = sorted({k for d in docs for k in d.links if not k.startswith("?")})
    for target in _docs_at(conn, targets):
        stats.note_tags[target.path] = tags_of(target, stats.merged)
    peers = _load_peers(conn, docs, stats)
    stats.derive()
    return docs, stats, stats.tagged, peers


def _load_peers(conn: sqlite3.Connection, docs: list[Doc], stats: Stats) -> Peers:
    """The candidate neighbours of ``docs``: the postings of their rarest words, the notes
    linking them, those notes' stored docs, and the counts of those notes' words (into
    ``stats.df``, for their vectors)."""
    peers = Peers({d.path: d for d in docs})
    rare = sorted({w for d in docs for w in rarest(d, stats.df)})
    for chunk in _chunks(rare):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT word, path FROM suggest_postings WHERE word IN ({marks})"
        for word, path in conn.execute(sql, chunk):
            peers.postings.setdefault(word, []).append(path)
    wanted = {p for paths in peers.postings.values() for p in paths}
    wanted.update(k for d in docs for k in d.links if not k.startswith("?"))
    linking = _linking(conn, [d.path for d in docs])
    wanted |= linking
    peers.docs.update((d.path, d) for d in _docs_in(conn, sorted(wanted - peers.docs.keys())))
    for path in linking & peers.docs.keys():
        for key in peers.docs[path].links:
            peers.linking.setdefault(key, set()).add(path)
    unknown = sorted({w for d in peers.docs.values() for w in d.words} - stats.df.keys())
    for chunk in _chunks(unknown):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT word, df FROM suggest_words WHERE word IN ({marks})"
        stats.df.update(conn.execute(sql, chunk))
    return peers


def _docs_in(conn: sqlite3.Connection, paths: list[str]) -> Iterator[Doc]:
    """The stored docs at ``paths`` (any order; unknown paths left out), read in chunks."""
    for chunk in _chunks(paths):
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT doc FROM suggest_docs WHERE path IN ({marks})"
        for (blob,) in conn.execute(sql, chunk):
            yield doc_from_dump(marshal.loads(blob))
