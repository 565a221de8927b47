"""The SQLite index: schema, incremental refresh, and the queries commands need.

The index lives outside the vault (the user cache folder, one file per vault). Before
every command it is refreshed incrementally: files whose size or mtime changed are
re-parsed, deleted ones dropped, and only the links whose target name an added or
removed file could change are re-resolved. A schema change or a corrupt file means a
silent rebuild. Work is committed in batches, each leaving the index consistent: a
refresh killed part way is finished by the next one.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.errors import IndexUnavailable
from vaultkit.model import Note, Problem
from vaultkit.resolve import MemoryLookup, file_key, resolve_target
from vaultkit.store import (
    BULK_INDEXES,
    CHILD_COLUMNS,
    OUTLINE_PARTS,
    SCHEMA,
    NoteRows,
    note_to_rows,
    read_outline,
    rows_to_note,
)
from vaultkit.vault import (
    Config,
    FileEntry,
    Stamps,
    file_entry,
    is_note_path,
    load_config,
    load_ignore_rules,
    scan,
)

if TYPE_CHECKING:
    from vaultkit.workers import Workers

SCHEMA_VERSION = 7
"""Bump when the schema or what the parser records changes: old indexes are rebuilt."""

NOTE_COLUMNS = (
    "n.name, n.name_lower, n.title, n.h1, n.frontmatter, n.fm_first, n.fm_last,"
    " n.word_count, n.line_count, n.kinds, n.date, n.org"
)
"""The ``notes`` columns ``rows_to_note`` reads, in its order."""
NOTE_END = 1 + len(NOTE_COLUMNS.split(", "))
"""Where the outline columns start in a row of ``f.path, NOTE_COLUMNS, outlines``."""
BATCH = 256
CACHE_LIMIT = 50_000
"""Resolutions remembered during one refresh before the cache starts over."""
PARALLEL_THRESHOLD = 64
PENDING = -1
"""``files.mtime_ns`` of a note registered but not yet parsed."""

Progress = Callable[[int, int], None]


def default_index_path(root: Path) -> Path:
    """The index file for ``root`` in the user cache folder."""
    from platformdirs import user_cache_path

    digest = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in root.name)[:40] or "vault"
    return user_cache_path("vaultkit") / f"{safe}-{digest}.sqlite"


@dataclass
class RefreshStats:
    """What one refresh did."""

    parsed: int = 0
    unchanged: int = 0
    added: int = 0
    modified: int = 0
    removed: int = 0
    relinked: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    jobs: int = 1
    problems: list[tuple[str, Problem]] = field(default_factory=list)
    """Problems found while parsing in this refresh, with the file they belong to."""


@dataclass(frozen=True)
class Counts:
    """The size of what the index holds."""

    notes: int
    attachments: int
    excluded: int
    links: int
    unresolved: int
    external: int
    tags: int
    problems: int


_WORKER: dict[str, Any] = {}


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any: an interrupt can land after a COMMIT, and a
    failing ROLLBACK must not hide it."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _init_pool_worker(root: str, config: Config) -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(root, config)


def _init_worker(root: str, config: Config) -> None:
    _WORKER["root"] = Path(root)
    _WORKER["config"] = config


def _parse_one(path: str) -> NoteRows:
    from vaultkit.vault import load_note

    note, text = load_note(_WORKER["root"], path, _WORKER["config"])
    return note_to_rows(note, text)


class Index:
    """One vault's index: refresh it, then ask it questions."""

    def __init__(self, root: Path, path: Path, config: Config, conn: sqlite3.Connection):
        self.root = root
        self.path = path
        self.config = config
        self.conn = conn
        self.warnings: list[str] = []
        self.rebuilt = False
        self.last_refresh = RefreshStats()
        self._pool: Workers | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, path: Path | None = None, config: Config | None = None) -> Index:
        """Open (creating or silently rebuilding when needed) the index of ``root``."""
        config = config if config is not None else load_config(root)
        warnings: list[str] = []
        target = path if path is not None else default_index_path(root)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            return cls._open_at(root, target, config, warnings)
        except (OSError, sqlite3.Error) as error:
            if path is not None:
                raise IndexUnavailable(f"cannot open index {target}: {error}") from error
            import tempfile

            fallback = Path(tempfile.gettempdir()) / "vaultkit" / target.name
            fallback.parent.mkdir(parents=True, exist_ok=True)
            warnings.append(f"index folder {target.parent} is not writable; using {fallback}")
            return cls._open_at(root, fallback, config, warnings)

    @classmethod
    def _open_at(cls, root: Path, target: Path, config: Config, warnings: list[str]) -> Index:
        """Connect and check the schema, holding the index's lock file so that two
        processes never create or rebuild the same index at once."""
        with _exclusive(target):
            index = cls(root, target, config, _connect_or_reset(target))
            index.warnings = warnings
            index._ensure_schema()
        return index

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _digest(self) -> str:
        rules = load_ignore_rules(self.root, self.config)
        parts = [
            self.config.digest(),
            [p.pattern for p in rules.patterns],
            str(self.root),
            marshal.version,  # outlines are stored in the interpreter's marshal format
        ]
        return hashlib.sha1(json.dumps(parts).encode()).hexdigest()[:16]

    def _ensure_schema(self) -> None:
        digest = self._digest()
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            stored = None
            if version == SCHEMA_VERSION:
                row = self.conn.execute("SELECT value FROM meta WHERE key='digest'").fetchone()
                stored = row[0] if row else None
            if version == SCHEMA_VERSION and stored == digest:
                return
        except sqlite3.DatabaseError:
            pass
        self._recreate(digest)

    def _recreate(self, digest: str) -> None:
        self.conn.close()
        try:
            _remove_index_files(self.path)
        except OSError as error:
            raise IndexUnavailable(f"cannot replace index {self.path}: {error}") from error
        self.conn = _connect(self.path)
        with self.conn:
            self.conn.executescript(SCHEMA)
            self.conn.execute("INSERT INTO meta VALUES ('digest', ?)", (digest,))
            self.conn.execute("INSERT INTO meta VALUES ('pending_keys', '[]')")
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.rebuilt = True

    # -- refreshing ----------------------------------------------------------------------

    def refresh(
        self, *, jobs: int | None = None, progress: Progress | None = None, rebuild: bool = False
    ) -> RefreshStats:
        """Bring the index up to date with the files on disk."""
        started = time.perf_counter()
        stats = RefreshStats()
        if rebuild:
            with _exclusive(self.path):
                self._recreate(self._digest())
        stats.rebuilt, self.rebuilt = self.rebuilt, False
        self._pool = None
        try:
            return self._refresh(stats, started, jobs, progress)
        finally:
            if self._pool is not None:
                self._pool.stop()
                self._pool = None

    def _start_pool(self, jobs: int | None) -> Workers | None:
        """Worker processes for parsing, or None when one process is asked for."""
        workers = max(1, jobs or os.cpu_count() or 1)
        if workers == 1:
            return None
        from vaultkit.workers import Workers

        return Workers(workers, _init_pool_worker, (str(self.root), self.config))

    def _refresh(
        self, stats: RefreshStats, started: float, jobs: int | None, progress: Progress | None
    ) -> RefreshStats:
        snapshot = self._snapshot()
        cold = (
            snapshot is None and self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        )
        if cold:
            # A cold index parses everything: fork the workers now, while this process
            # holds nothing but its imports, rather than after the scan and the tables.
            self._pool = self._start_pool(jobs)
        on_disk, scan_problems = scan(self.root, self._weights())
        if self._pool is not None and len(on_disk) < PARALLEL_THRESHOLD:
            self._pool.stop()  # a small vault parses faster in this process
            self._pool = None
        if on_disk == (snapshot or self._stamps()) and not self._pending_keys():
            if snapshot is None:
                self._ensure_indexes()  # a cold build killed before it recreated them
                self._save_snapshot(on_disk)
            stats.unchanged = len(on_disk)
            self._store_scan_problems(scan_problems)
            stats.seconds = time.perf_counter() - started
            return stats
        early: tuple[list[str], Iterator[NoteRows]] | None = None
        if cold and self._pool is not None:
            # Every note will be parsed: the workers start now, while the files are
            # registered. Used only if the registration finds the same notes to parse.
            notes = sorted(p for p in on_disk if is_note_path(p))
            early = (notes, self._pool.map(_parse_one, notes))
        rules = load_ignore_rules(self.root, self.config)
        self._begin()
        try:
            stored = self._stored()
            removed = sorted(p for p in stored if p not in on_disk)
            added = sorted(p for p in on_disk if p not in stored)
            modified = sorted(
                p for p, stamp in on_disk.items() if p in stored and stored[p][1:3] != stamp
            )
            stats.added, stats.modified, stats.removed = len(added), len(modified), len(removed)
            stats.unchanged = len(on_disk) - len(added) - len(modified)
            keys = {file_key(p) for p in removed} | {file_key(p) for p in added}
            keys |= set(self._pending_keys())
            fresh = not stored  # the files table was empty: nothing stored to relink
            generation = self._register(
                removed,
                (file_entry(p, on_disk[p], rules) for p in added),  # streamed: flat memory
                (file_entry(p, on_disk[p], rules) for p in modified),
                stored,
                keys,
            )
            self.conn.execute("COMMIT")
            del added, modified, stored, removed  # free the file lists before parsing
        except BaseException:
            _rollback(self.conn)
            raise
        pending = [
            p
            for (p,) in self.conn.execute(
                "SELECT path FROM files WHERE is_note = 1 AND mtime_ns = ? ORDER BY path",
                (PENDING,),
            )
        ]
        started_results = None
        if early is not None:
            if fresh and early[0] == pending:
                started_results = early[1]
            elif self._pool is not None:  # another process registered files meanwhile
                self._pool.stop()
                self._pool = None
            del early
        if fresh and len(pending) >= PARALLEL_THRESHOLD:
            self._drop_bulk_indexes()
        stats.jobs = self._parse_pending(pending, on_disk, stats, progress, jobs, started_results)
        self._ensure_indexes()
        stats.relinked = self._relink_pending_keys(generation if fresh else None)
        self._save_snapshot(on_disk)
        self._store_scan_problems(scan_problems)
        stats.seconds = time.perf_counter() - started
        return stats

    def _drop_bulk_indexes(self) -> None:
        """Before a cold build writes every row: see ``BULK_INDEXES``."""
        with self.conn:
            for statement in BULK_INDEXES:
                name = statement.split()[2]
                self.conn.execute(f"DROP INDEX IF EXISTS {name}")

    def _ensure_indexes(self) -> None:
        """Create any index of the schema that is missing (after a cold build, or one that
        was killed before it got here)."""
        present = {
            name
            for (name,) in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        missing = [s for s in BULK_INDEXES if s.split()[2] not in present]
        if missing:
            with self.conn:
                for statement in missing:  # another process may be creating them too
                    self.conn.execute(
                        statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS")
                    )

    def _begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise IndexUnavailable(f"index {self.path} is busy or locked: {error}") from error

    def _stored(self) -> dict[str, tuple[int, int, int]]:
        return {
            path: (fid, size, mtime)
            for fid, path, size, mtime in self.conn.execute(
                "SELECT id, path, size, mtime_ns FROM files"
            )
        }

    def _snapshot(self) -> Stamps | None:
        """The stamps of the last complete refresh, stored whole: one row to load instead
        of one per file (at 100k notes, 15 ms instead of 100 ms on every command)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'stamps'").fetchone()
        if row is None or not isinstance(row[0], bytes):
            return None
        try:
            value = marshal.loads(row[0])
        except (ValueError, EOFError, TypeError):
            return None
        return value if isinstance(value, dict) else None

    def _save_snapshot(self, stamps: Stamps) -> None:
        """Store the stamps every file row now holds (the scan this refresh applied)."""
        blob = marshal.dumps(stamps)
        weights = json.dumps(_folder_weights(stamps))
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('stamps', ?)", (blob,))
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('weights', ?)", (weights,))

    def _weights(self) -> dict[str, int] | None:
        """Files per top-level folder at the last complete refresh (to split the scan)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'weights'").fetchone()
        try:
            value = json.loads(row[0]) if row else None
        except (TypeError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def _stamps(self) -> Stamps:
        return {
            path: (size, mtime)
            for path, size, mtime in self.conn.execute("SELECT path, size, mtime_ns FROM files")
        }

    def _pending_keys(self) -> list[str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key='pending_keys'").fetchone()
        return list(json.loads(row[0])) if row else []

    def _generation(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'registrations'").fetchone()
        return str(row[0]) if row else "0"

    def _register(
        self,
        removed: list[str],
        added: Iterable[FileEntry],
        modified: Iterable[FileEntry],
        stored: dict[str, tuple[int, int, int]],
        keys: set[str],
    ) -> str:
        """Record the new set of files; notes to parse are marked pending. Returns the
        registration number, which every registration by any process increments."""
        conn = self.conn
        removed_ids = [(stored[p][0],) for p in removed]
        if removed_ids:
            for table in (*CHILD_COLUMNS, "outlines"):
                conn.executemany(f"DELETE FROM {table} WHERE src = ?", removed_ids)
            conn.executemany("DELETE FROM notes WHERE file_id = ?", removed_ids)
            conn.executemany("DELETE FROM note_kinds WHERE src = ?", removed_ids)
            conn.executemany("UPDATE links SET dst = NULL WHERE dst = ?", removed_ids)
            conn.executemany("DELETE FROM files WHERE id = ?", removed_ids)
            conn.executemany("DELETE FROM problems WHERE path = ?", [(p,) for p in removed])
        conn.executemany(
            "INSERT INTO files(path, path_lower, filename_lower, key, is_note, size, mtime_ns,"
            " excluded) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    e.path,
                    e.path.lower(),
                    e.path.rpartition("/")[2].lower(),
                    file_key(e.path),
                    int(e.is_note),
                    e.size,
                    PENDING if e.is_note else e.mtime_ns,
                    int(e.excluded),
                )
                for e in added
            ),
        )
        conn.executemany(
            "UPDATE files SET size = ?, mtime_ns = ?, excluded = ? WHERE path = ?",
            (
                (e.size, PENDING if e.is_note else e.mtime_ns, int(e.excluded), e.path)
                for e in modified
            ),
        )
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'pending_keys'", (json.dumps(sorted(keys)),)
        )
        conn.execute("DELETE FROM meta WHERE key = 'stamps'")  # stale until the refresh ends
        conn.execute(
            "INSERT INTO meta VALUES ('registrations', 1)"
            " ON CONFLICT(key) DO UPDATE SET value = value + 1"
        )
        return self._generation()

    def _parse_pending(
        self,
        paths: list[str],
        entries: Stamps,
        stats: RefreshStats,
        progress: Progress | None,
        jobs: int | None,
        started: Iterator[NoteRows] | None = None,
    ) -> int:
        """Parse and store ``paths``; ``started``: their results, already under way in
        ``self._pool``. Returns the number of processes that parsed."""
        if not paths:
            return 1
        pool = self._pool
        if pool is None and len(paths) >= PARALLEL_THRESHOLD:
            pool = self._pool = self._start_pool(jobs)  # stopped by refresh, whatever happens
        workers = pool.count if pool is not None else 1
        done = 0
        batch: list[NoteRows] = []
        collecting = gc.isenabled()
        try:
            if pool is None:
                _init_worker(str(self.root), self.config)
                results: Iterator[NoteRows] = map(_parse_one, paths)
            else:
                results = started if started is not None else pool.map(_parse_one, paths)
                # This process only moves rows into SQLite: the cycle collector would scan
                # the resolver's tables hundreds of times for no garbage (0.3 s at 10k).
                gc.disable()
            # Built after the workers are forked, so that they do not carry it.
            resolver = _Resolver(self.conn, self._lookup() if len(paths) > 50 else None)
            for rows in results:
                batch.append(rows)
                if len(batch) >= BATCH:
                    self._write_batch(batch, entries, resolver, stats)
                    done += len(batch)
                    batch = []
                    if progress:
                        progress(done, len(paths))
            if batch:
                self._write_batch(batch, entries, resolver, stats)
                done += len(batch)
                if progress:
                    progress(done, len(paths))
        finally:
            if collecting:
                gc.enable()
            if pool is not None:
                pool.stop()
                self._pool = None
        stats.parsed = done
        return workers

    def _lookup(self) -> MemoryLookup:
        ids = {p: fid for fid, p in self.conn.execute("SELECT id, path FROM files")}
        return MemoryLookup(list(ids), ids)  # one copy of each path

    def _write_batch(
        self,
        batch: list[NoteRows],
        entries: Stamps,
        resolver: _Resolver,
        stats: RefreshStats,
    ) -> None:
        """Store a batch of parsed notes in one transaction, links resolved on the way."""
        conn = self.conn
        self._begin()
        try:
            marks = ",".join("?" * len(batch))
            ids = {
                path: fid
                for fid, path in conn.execute(
                    f"SELECT id, path FROM files WHERE path IN ({marks})", [r.path for r in batch]
                )
            }
            stored = [r for r in batch if r.path in ids and r.path in entries]
            old = [
                (fid,)
                for (fid,) in conn.execute(
                    f"SELECT file_id FROM notes WHERE file_id IN ({marks})",
                    [ids.get(r.path, -1) for r in batch],
                )
            ]
            for table in (*CHILD_COLUMNS, "outlines", "note_kinds"):
                conn.executemany(f"DELETE FROM {table} WHERE src = ?", old)
            conn.executemany("DELETE FROM problems WHERE path = ?", [(r.path,) for r in stored])
            notes: list[tuple[Any, ...]] = []
            kinds: list[tuple[int, str]] = []
            outlines: list[tuple[Any, ...]] = []
            problems: list[tuple[Any, ...]] = []
            files: list[tuple[int, int, int]] = []
            children: dict[str, list[tuple[Any, ...]]] = {table: [] for table in CHILD_COLUMNS}
            for rows in stored:
                fid = ids[rows.path]
                size, mtime = entries[rows.path]
                notes.append((fid, *rows.note))
                kinds.extend((fid, kind) for kind in json.loads(rows.note[9]))
                outlines.append((fid, *rows.outline, rows.tasks))
                for table in CHILD_COLUMNS:
                    items = rows.children.get(table) or []
                    if table == "links":
                        found = resolver.resolve_all(items, rows.path)
                        children[table].extend(
                            (fid, seq, *item, dst)
                            for seq, (item, dst) in enumerate(zip(items, found, strict=True))
                        )
                    else:
                        children[table].extend((fid, seq, *item) for seq, item in enumerate(items))
                problems.extend((rows.path, seq, *p) for seq, p in enumerate(rows.problems))
                stats.problems.extend((rows.path, Problem(*p)) for p in rows.problems)
                files.append((size, mtime, fid))
            if notes:
                note_marks = ", ".join("?" * len(notes[0]))
                conn.executemany(f"INSERT OR REPLACE INTO notes VALUES ({note_marks})", notes)
            conn.executemany("INSERT INTO note_kinds VALUES (?, ?)", kinds)
            conn.executemany(
                f"INSERT INTO outlines VALUES ({', '.join('?' * (len(OUTLINE_PARTS) + 2))})",
                outlines,
            )
            for table, columns in CHILD_COLUMNS.items():
                extra = ["dst"] if table == "links" else []
                names = ", ".join(["src", "seq", *columns, *extra])
                places = ", ".join("?" * (len(columns) + 2 + len(extra)))
                conn.executemany(f"INSERT INTO {table}({names}) VALUES ({places})", children[table])
            conn.executemany("INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?)", problems)
            conn.executemany("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?", files)
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    def _relink_pending_keys(self, fresh_generation: str | None = None) -> int:
        """Re-resolve stored links whose target names the files added or removed could
        change. ``fresh_generation``: this refresh filled an empty files table under that
        registration number; if no other process has registered files since, every link
        was resolved against the whole table and the pending list only needs clearing."""
        keys = self._pending_keys()
        if not keys:
            return 0
        conn = self.conn
        self._begin()
        try:
            if fresh_generation is not None and self._generation() == fresh_generation:
                conn.execute("UPDATE meta SET value = '[]' WHERE key = 'pending_keys'")
                conn.execute("COMMIT")
                return 0
            resolver = _Resolver(conn, None)
            updates = []
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                rows = conn.execute(
                    "SELECT l.id, l.target, f.path, l.dst FROM links l JOIN files f ON f.id = l.src"
                    f" WHERE l.external = 0 AND l.target_key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for link_id, target, source, dst in rows:
                    new = resolver.resolve(target, source, False)
                    if new != dst:
                        updates.append((new, link_id))
            conn.executemany("UPDATE links SET dst = ? WHERE id = ?", updates)
            conn.execute("UPDATE meta SET value = '[]' WHERE key = 'pending_keys'")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        return len(updates)

    def _store_scan_problems(self, problems: list[tuple[str, Problem]]) -> None:
        encoded = json.dumps([[p, pr.code, pr.message, pr.severity] for p, pr in problems])
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'scan_problems'").fetchone()
        if row and row[0] == encoded:
            return
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('scan_problems', ?)", (encoded,))

    # -- queries -------------------------------------------------------------------------

    def counts(self) -> Counts:
        """How many notes, links, tags and problems the index holds."""
        one = self.conn.execute

        def scalar(sql: str) -> int:
            return int(one(sql).fetchone()[0])

        links, unresolved, external = one(  # one pass over the links, not three
            "SELECT COUNT(*) - COALESCE(SUM(external), 0),"
            " COALESCE(SUM(external = 0 AND dst IS NULL), 0), COALESCE(SUM(external), 0)"
            " FROM links"
        ).fetchone()
        return Counts(
            notes=scalar("SELECT COUNT(*) FROM files WHERE is_note = 1 AND excluded = 0"),
            attachments=scalar("SELECT COUNT(*) FROM files WHERE is_note = 0"),
            excluded=scalar("SELECT COUNT(*) FROM files WHERE is_note = 1 AND excluded = 1"),
            links=int(links),
            unresolved=int(unresolved),
            external=int(external),
            tags=scalar("SELECT COUNT(DISTINCT name_lower) FROM tags"),
            problems=len(self.problems()),
        )

    def problems(self) -> list[tuple[str, Problem]]:
        """Every recorded problem, with the file it belongs to, sorted by path."""
        found = [
            (path, Problem(code, message, line, severity))
            for path, code, message, line, severity in self.conn.execute(
                "SELECT path, code, message, line, severity FROM problems ORDER BY path, seq"
            )
        ]
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'scan_problems'").fetchone()
        for path, code, message, severity in json.loads(row[0]) if row else []:
            found.append((path, Problem(code, message, None, severity)))
        return sorted(found, key=lambda item: item[0])

    def note_paths(self, include_excluded: bool = False) -> list[str]:
        """Vault paths of every note, sorted."""
        sql = "SELECT path FROM files WHERE is_note = 1"
        if not include_excluded:
            sql += " AND excluded = 0"
        return [p for (p,) in self.conn.execute(sql + " ORDER BY path")]

    def file_id(self, path: str) -> int | None:
        """The id of the file at ``path`` (exact), or None."""
        row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
        return int(row[0]) if row else None

    def note(self, path: str) -> Note | None:
        """The Note at ``path`` as indexed, or None."""
        fid = self.file_id(path)
        if fid is None:
            return None
        return next(self._notes(f"f.id = {int(fid)}"), None)

    def notes(self, include_excluded: bool = False) -> Iterator[Note]:
        """Every note, sorted by path, streamed from the index."""
        return self._notes("1" if include_excluded else "f.excluded = 0")

    def _notes(self, where: str) -> Iterator[Note]:
        """Notes matching ``where`` (SQL over ``files f``), merged from one ordered stream
        per table so that memory stays flat however large the vault."""
        conn = self.conn
        outline = ", ".join(f"o.{part}" for part in OUTLINE_PARTS)
        base = (
            f"SELECT f.path, {NOTE_COLUMNS}, {outline} FROM files f"
            " JOIN notes n ON n.file_id = f.id LEFT JOIN outlines o ON o.src = f.id"
            f" WHERE f.is_note = 1 AND {where} ORDER BY f.path"
        )
        streams: dict[str, Iterator[tuple[Any, ...]]] = {}
        for table, columns in CHILD_COLUMNS.items():
            if table == "links":
                cols = ", ".join(f"l.{c}" for c in columns)
                sql = (
                    f"SELECT f.path, {cols}, d.path FROM files f JOIN links l ON l.src = f.id"
                    f" LEFT JOIN files d ON d.id = l.dst WHERE {where} ORDER BY f.path, l.seq"
                )
            else:
                cols = ", ".join(f"t.{c}" for c in columns)
                sql = (
                    f"SELECT f.path, {cols} FROM files f JOIN {table} t ON t.src = f.id"
                    f" WHERE {where} ORDER BY f.path, t.seq"
                )
            streams[table] = iter(conn.cursor().execute(sql))
        streams["problems"] = iter(
            conn.cursor().execute(
                "SELECT f.path, p.code, p.message, p.line, p.severity FROM files f"
                f" JOIN problems p ON p.path = f.path WHERE {where} ORDER BY f.path, p.seq"
            )
        )
        for row, children in _merge(conn.cursor().execute(base), streams):
            problems: list[tuple[Any, ...]] = children.pop("problems")
            merged: dict[str, list[Any]] = {**children, **read_outline(row[NOTE_END:])}
            yield rows_to_note(row[0], row[1:NOTE_END], merged, problems)

    def lookup_notes(self, query: str) -> list[str]:
        """Notes a user's ``query`` names: by path, then file name, then alias, then title."""
        lowered = query.strip().replace("\\", "/").lower()
        stem = lowered[:-3] if lowered.endswith(".md") else lowered
        conn = self.conn
        for sql, arg in (
            ("SELECT path FROM files WHERE is_note = 1 AND path_lower = ?", stem + ".md"),
            ("SELECT path FROM files WHERE path_lower = ?", lowered),
            (
                "SELECT f.path FROM notes n JOIN files f ON f.id = n.file_id"
                " WHERE n.name_lower = ? ORDER BY f.path",
                stem.rpartition("/")[2],
            ),
            (
                "SELECT DISTINCT f.path FROM aliases a JOIN files f ON f.id = a.src"
                " WHERE a.alias_lower = ? ORDER BY f.path",
                lowered,
            ),
            (
                "SELECT f.path FROM notes n JOIN files f ON f.id = n.file_id"
                " WHERE lower(n.title) = ? ORDER BY f.path",
                lowered,
            ),
        ):
            found = [p for (p,) in conn.execute(sql, (arg,))]
            if "/" in stem and sql.startswith("SELECT f.path FROM notes n") and "name_lower" in sql:
                found = [p for p in found if p.lower().endswith(stem + ".md")]
            if found:
                return found
        return []

    def unresolved_targets(self, query: str) -> list[str]:
        """Targets as written of unresolved links that name ``query``."""
        from vaultkit.resolve import target_key

        key = target_key(query)
        wanted = query.strip().lower().removesuffix(".md")
        return sorted(
            {
                t
                for (t,) in self.conn.execute(
                    "SELECT target FROM links WHERE dst IS NULL AND external = 0"
                    " AND target_key = ?",
                    (key,),
                )
                if t.lower().removesuffix(".md").endswith(wanted)
            }
        )

    def names(self) -> list[str]:
        """Every note name, alias and unresolved target: what a user may mean."""
        rows = self.conn.execute(
            "SELECT name FROM notes UNION SELECT alias FROM aliases"
            " UNION SELECT target FROM links WHERE dst IS NULL AND external = 0 AND target != ''"
        )
        return [r[0] for r in rows]

    _LINK_COLUMNS = (
        "l.line, l.col, l.context, l.raw, l.target, l.alias, l.heading, l.block, l.embed,"
        " l.kind, l.external, l.prop, d.path"
    )

    def backlinks(
        self, path: str, limit: int | None
    ) -> tuple[list[tuple[str, str, list[tuple[Any, ...]]]], int, int]:
        """Links into ``path`` grouped per source note (first ``limit`` sources by path),
        with the total number of links and of source notes."""
        fid = self.file_id(path)
        if fid is None:
            return [], 0, 0
        where = "l.dst = ? AND l.src != ? AND f.excluded = 0"
        return self._grouped_links(where, (fid, fid), limit)

    def unresolved_backlinks(
        self, query: str, limit: int | None
    ) -> tuple[list[tuple[str, str, list[tuple[Any, ...]]]], int, int]:
        """Unresolved links whose target names ``query`` (a note not written yet)."""
        from vaultkit.resolve import target_key

        targets = self.unresolved_targets(query)
        if not targets:
            return [], 0, 0
        marks = ",".join("?" * len(targets))
        where = (
            f"l.dst IS NULL AND l.external = 0 AND l.target_key = ? AND l.target IN ({marks})"
            " AND f.excluded = 0"
        )
        return self._grouped_links(where, (target_key(query), *targets), limit)

    def _grouped_links(
        self, where: str, args: tuple[Any, ...], limit: int | None
    ) -> tuple[list[tuple[str, str, list[tuple[Any, ...]]]], int, int]:
        conn = self.conn
        joins = "FROM links l JOIN files f ON f.id = l.src LEFT JOIN files d ON d.id = l.dst"
        counted = "FROM links l JOIN files f ON f.id = l.src"
        total, sources = conn.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT l.src) {counted} WHERE {where}", args
        ).fetchone()
        limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
        chosen = conn.execute(
            f"SELECT DISTINCT f.id, f.path {counted} WHERE {where} ORDER BY f.path{limit_sql}",
            args,
        ).fetchall()
        groups: list[tuple[str, str, list[tuple[Any, ...]]]] = []
        for src, src_path in chosen:
            title_row = conn.execute("SELECT title FROM notes WHERE file_id = ?", (src,)).fetchone()
            rows = conn.execute(
                f"SELECT {self._LINK_COLUMNS} {joins} WHERE {where} AND l.src = ? ORDER BY l.seq",
                (*args, src),
            ).fetchall()
            groups.append((src_path, title_row[0] if title_row else src_path, rows))
        return groups, int(total), int(sources)

    def outgoing(self, path: str) -> list[tuple[Any, ...]]:
        """Every link written in ``path``, in order, with its resolved path."""
        fid = self.file_id(path)
        if fid is None:
            return []
        return self.conn.execute(
            f"SELECT {self._LINK_COLUMNS} FROM links l LEFT JOIN files d ON d.id = l.dst"
            " WHERE l.src = ? ORDER BY l.seq",
            (fid,),
        ).fetchall()

    def link_counts(self) -> dict[str, tuple[int, int]]:
        """Per note path: links coming in (from other notes) and links going out."""
        counts: dict[str, tuple[int, int]] = {}
        for path, incoming, outgoing in self.conn.execute(
            "SELECT f.path,"
            " (SELECT COUNT(*) FROM links l JOIN files s ON s.id = l.src"
            "  WHERE l.dst = f.id AND l.src != f.id AND s.excluded = 0),"
            " (SELECT COUNT(*) FROM links l WHERE l.src = f.id AND l.external = 0)"
            " FROM files f WHERE f.is_note = 1"
        ):
            counts[path] = (int(incoming), int(outgoing))
        return counts

    def filter_paths(
        self,
        *,
        folder: str | None = None,
        tag: str | None = None,
        kind: str | None = None,
        untagged: bool = False,
    ) -> list[str]:
        """Paths of visible notes in ``folder``, carrying ``tag`` (nested included), of
        ``kind``, or without any tag; conditions combine with AND."""
        clauses = ["f.is_note = 1", "f.excluded = 0"]
        args: list[Any] = []
        if folder:
            prefix = folder.strip("/").lower()
            if prefix:
                clauses.append("(f.path_lower LIKE ? ESCAPE '\\')")
                args.append(_like_prefix(prefix + "/"))
        if tag:
            name = tag.lstrip("#").lower()
            clauses.append(
                "EXISTS (SELECT 1 FROM tags t WHERE t.src = f.id AND"
                " (t.name_lower = ? OR t.name_lower LIKE ? ESCAPE '\\'))"
            )
            args += [name, _like_prefix(name + "/")]
        if kind:
            clauses.append("EXISTS (SELECT 1 FROM note_kinds k WHERE k.src = f.id AND k.kind = ?)")
            args.append(kind.lower())
        if untagged:
            clauses.append("NOT EXISTS (SELECT 1 FROM tags t WHERE t.src = f.id)")
        sql = f"SELECT f.path FROM files f WHERE {' AND '.join(clauses)} ORDER BY f.path"
        return [p for (p,) in self.conn.execute(sql, args)]

    def alias_owners(self, alias: str) -> list[str]:
        """Notes that have ``alias`` among their aliases."""
        return [
            p
            for (p,) in self.conn.execute(
                "SELECT DISTINCT f.path FROM aliases a JOIN files f ON f.id = a.src"
                " WHERE a.alias_lower = ? ORDER BY f.path",
                (alias.strip().lower(),),
            )
        ]

    def title_of(self, path: str) -> str | None:
        """The title of the note at ``path``."""
        row = self.conn.execute(
            "SELECT n.title FROM notes n JOIN files f ON f.id = n.file_id WHERE f.path = ?", (path,)
        ).fetchone()
        return str(row[0]) if row else None

    def query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only SQL query against the index (for report modules)."""
        return self.conn.execute(sql, args).fetchall()

    # -- the query language (vaultkit query) ---------------------------------------------

    def query_notes(
        self, paths: list[str] | None, tables: set[str], *, lists_where_fields: bool = False
    ) -> Iterator[Note]:
        """Visible notes at ``paths`` (all when None), sorted by path, with only the child
        ``tables`` read (the others left empty). ``lists_where_fields`` also reads the list
        items of notes that have a field on a list item, and no others."""
        where, args = "f.excluded = 0", []
        if paths is not None:
            where += " AND f.path IN (SELECT value FROM json_each(?))"
            args.append(json.dumps(paths))
        parts = [part for part in OUTLINE_PARTS if part in tables]
        columns = [f"o.{part}" for part in parts]
        if lists_where_fields and "list_items" not in tables:
            parts.append("list_items")  # only where a field sits on a list item
            columns.append(
                "CASE WHEN EXISTS (SELECT 1 FROM fields x WHERE x.src = f.id"
                " AND x.list_item IS NOT NULL) THEN o.list_items END"
            )
        base = (
            f"SELECT f.path, {', '.join([NOTE_COLUMNS, *columns])} FROM files f"
            " JOIN notes n ON n.file_id = f.id LEFT JOIN outlines o ON o.src = f.id"
            f" WHERE f.is_note = 1 AND {where} ORDER BY f.path"
        )
        streams: dict[str, Iterator[tuple[Any, ...]]] = {}
        for table in set(tables) & set(CHILD_COLUMNS):
            cols = ", ".join(f"t.{c}" for c in CHILD_COLUMNS[table])
            join = f"JOIN {table} t ON t.src = f.id"
            if table == "links":
                join += " LEFT JOIN files d ON d.id = t.dst"
                cols += ", d.path"
            sql = f"SELECT f.path, {cols} FROM files f {join} WHERE {where}"
            streams[table] = iter(self.conn.cursor().execute(sql + " ORDER BY f.path, t.seq", args))
        for row, children in _merge(self.conn.cursor().execute(base, args), streams):
            merged: dict[str, list[Any]] = {**children, **read_outline(row[NOTE_END:], parts)}
            yield rows_to_note(row[0], row[1:NOTE_END], merged, [])

    def inlink_sources(self) -> dict[str, list[str]]:
        """For every file that links point to, the distinct notes whose links resolve to it."""
        found: dict[str, list[str]] = {}
        for dst, src in self.conn.execute(
            "SELECT DISTINCT d.path, s.path FROM links l JOIN files s ON s.id = l.src"
            " JOIN files d ON d.id = l.dst WHERE s.excluded = 0 ORDER BY d.path, s.path"
        ):
            found.setdefault(dst, []).append(src)
        return found

    def linking_paths(self, path: str | None, target: str | None = None) -> list[str]:
        """Visible notes with a link resolving to ``path``, or (when ``path`` is None) with an
        unresolved link written as ``target``."""
        arg: str | None = path
        if path is not None:
            sql = "l.dst = (SELECT id FROM files WHERE path = ?)"
        else:
            sql, arg = "l.dst IS NULL AND l.external = 0 AND lower(l.target) = lower(?)", target
        return [
            p
            for (p,) in self.conn.execute(
                f"SELECT DISTINCT f.path FROM links l JOIN files f ON f.id = l.src WHERE {sql}"
                " AND f.excluded = 0 ORDER BY f.path",
                (arg,),
            )
        ]

    def task_note_paths(self) -> list[str]:
        """Visible notes with at least one task (a list item with a checkbox), sorted."""
        return [
            p
            for (p,) in self.conn.execute(
                "SELECT f.path FROM files f JOIN outlines o ON o.src = f.id"
                " WHERE f.is_note = 1 AND f.excluded = 0 AND o.tasks > 0 ORDER BY f.path"
            )
        ]

    def file_stats(self) -> dict[str, tuple[int, int]]:
        """Size in bytes and modification time (ns) of every note, by path."""
        return {
            p: (int(size), int(mtime))
            for p, size, mtime in self.conn.execute(
                "SELECT path, size, mtime_ns FROM files WHERE is_note = 1"
            )
        }

    def tag_occurrences(self) -> Iterator[tuple[str, str, str]]:
        """``(path, tag as written, source)`` of every tag of every visible note, by path
        and order in the note: what ``vaultkit tags`` counts, without building notes."""
        for path, name, source in self.conn.execute(
            "SELECT f.path, t.name, t.source FROM tags t JOIN files f ON f.id = t.src"
            " WHERE f.is_note = 1 AND f.excluded = 0 ORDER BY f.path, t.seq"
        ):
            yield str(path), str(name), str(source)

    def note_titles(self) -> list[tuple[str, str]]:
        """Path and title of every visible note, sorted by path."""
        return [
            (path, title)
            for path, title in self.conn.execute(
                "SELECT f.path, n.title FROM files f JOIN notes n ON n.file_id = f.id"
                " WHERE f.excluded = 0 ORDER BY f.path"
            )
        ]

    def link_edges(self) -> list[tuple[str, str, int]]:
        """(source, target, number of links) for resolved links between two different
        visible notes."""
        return [
            (source, target, int(count))
            for source, target, count in self.conn.execute(
                "SELECT s.path, d.path, COUNT(*) FROM links l JOIN files s ON s.id = l.src"
                " JOIN files d ON d.id = l.dst WHERE s.excluded = 0 AND d.excluded = 0"
                " AND d.is_note = 1 AND l.src != l.dst GROUP BY s.path, d.path"
                " ORDER BY s.path, d.path"
            )
        ]


_UNKNOWN: Any = object()


class _Resolver:
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


def _merge(
    rows: Iterator[tuple[Any, ...]], streams: dict[str, Iterator[tuple[Any, ...]]]
) -> Iterator[tuple[tuple[Any, ...], dict[str, list[tuple[Any, ...]]]]]:
    """Join note rows with child-table streams, all sorted by path (their first column):
    one pass over each, so memory stays flat however large the vault."""
    heads: dict[str, tuple[Any, ...] | None] = {t: next(s, None) for t, s in streams.items()}
    for row in rows:
        path = row[0]
        children: dict[str, list[tuple[Any, ...]]] = {}
        for table, stream in streams.items():
            items: list[tuple[Any, ...]] = []
            head = heads[table]
            while head is not None and head[0] < path:
                head = next(stream, None)
            while head is not None and head[0] == path:
                items.append(head[1:])
                head = next(stream, None)
            heads[table] = head
            children[table] = items
        yield row, children


def _folder_weights(stamps: Stamps | None) -> dict[str, int] | None:
    """Files per top-level folder in ``stamps``: how to share a large vault's walk."""
    if not stamps:
        return None
    weights: dict[str, int] = {}
    for path in stamps:
        top = path.split("/", 1)[0]
        weights[top] = weights.get(top, 0) + 1
    return weights


def _like_prefix(prefix: str) -> str:
    """A LIKE pattern matching strings that start with ``prefix`` literally."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _remove_index_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):  # never the .lock file: others hold it
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)


def _connect_or_reset(path: Path) -> sqlite3.Connection:
    """Connect; a file that is not a SQLite database is replaced by a new index."""
    try:
        return _connect(path)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and "not a database" not in str(error):
            raise
        _remove_index_files(path)
        return _connect(path)


@contextlib.contextmanager
def _exclusive(index: Path) -> Iterator[None]:
    """Hold ``INDEX.lock`` exclusively (POSIX flock; a no-op where it is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(str(index) + ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=120, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 120000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn
