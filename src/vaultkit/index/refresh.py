"""The incremental refresh: compare the files on disk with the index and store what changed.

Files whose size or mtime changed are re-parsed (in worker processes for many notes),
deleted ones dropped, and only the links whose target name an added or removed file could
change are re-resolved. Work is committed in batches, each leaving the index consistent:
a refresh killed part way is finished by the next one.
"""

from __future__ import annotations

import gc
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
from vaultkit.index import fulltext
from vaultkit.index.resolver import Resolver
from vaultkit.index.storage import exclusive, rollback
from vaultkit.model import Problem
from vaultkit.resolve import MemoryLookup, file_key
from vaultkit.store import BULK_INDEXES, CHILD_COLUMNS, OUTLINE_PARTS, NoteRows, note_to_rows
from vaultkit.vault import Config, FileEntry, file_entry, is_note_path, load_ignore_rules
from vaultkit.walk import Stamps, scan

if TYPE_CHECKING:
    from vaultkit.workers import Workers

BATCH = 256
PARALLEL_THRESHOLD = 64
PENDING = -1
"""``files.mtime_ns`` of a note registered but not yet parsed."""

Progress = Callable[[int, int], None]
Rescan = Callable[[Stamps], tuple[Stamps, list[tuple[str, Problem]]] | None]
"""Given the stamps of the last complete scan, what a scan would find now (None: scan)."""


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


_WORKER: dict[str, Any] = {}


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


class Refresh:
    """Bringing an index up to date with the files (mixed into ``Index``)."""

    root: Path
    path: Path
    config: Config
    conn: sqlite3.Connection
    rebuilt: bool
    _pool: Workers | None

    if TYPE_CHECKING:  # provided by Index

        def _recreate(self, digest: str) -> None: ...

        def _digest(self) -> str: ...

    def refresh(
        self,
        *,
        jobs: int | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        scanned: Rescan | None = None,
    ) -> RefreshStats:
        """Bring the index up to date with the files on disk. ``scanned`` (the watcher's,
        vaultkit.live.targeted): given the stamps of the last complete scan, what a scan
        would find now, or None to scan."""
        started = time.perf_counter()
        stats = RefreshStats()
        if rebuild:
            with exclusive(self.path):
                self._recreate(self._digest())
        stats.rebuilt, self.rebuilt = self.rebuilt, False
        self._pool = None
        finished = False
        try:
            done = self._refresh(stats, started, jobs, progress, scanned)
            finished = True
            return done
        finally:
            if self._pool is not None:
                self._pool.stop(wait=finished)  # an interrupt does not wait for workers
                self._pool = None

    def _start_pool(self, jobs: int | None) -> Workers | None:
        """Worker processes for parsing, or None when one process is asked for."""
        workers = max(1, jobs or os.cpu_count() or 1)
        if workers == 1:
            return None
        from vaultkit.workers import Workers

        return Workers(workers, _init_pool_worker, (str(self.root), self.config))

    def _refresh(
        self,
        stats: RefreshStats,
        started: float,
        jobs: int | None,
        progress: Progress | None,
        scanned: Rescan | None = None,
    ) -> RefreshStats:
        snapshot = self._snapshot()
        found = scanned(snapshot) if scanned is not None and snapshot is not None else None
        cold = (
            snapshot is None and self.conn.execute("SELECT 1 FROM files LIMIT 1").fetchone() is None
        )
        if cold:
            # A cold index parses everything: fork the workers now, while this process
            # holds nothing but its imports, rather than after the scan and the tables.
            self._pool = self._start_pool(jobs)
        if found is None:
            followed: list[str] = []
            on_disk, scan_problems = scan(self.root, self._weights(), followed)
            self._store_meta("scan_links", json.dumps(followed[:1]))
        else:
            on_disk, scan_problems = found
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
            changes = (removed, added, modified)
            if found is not None and snapshot is not None and _raced(snapshot, on_disk, changes):
                # Another process refreshed after the snapshot was read: only a scan knows.
                rollback(self.conn)
                return self._refresh(stats, started, jobs, progress)
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
            rollback(self.conn)
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
        weights = json.dumps(folder_weights(stamps))
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
            fulltext.delete_texts(conn, removed_ids)
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
            resolver = Resolver(self.conn, self._lookup() if len(paths) > 50 else None)
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
        resolver: Resolver,
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
            fulltext.store_texts(
                conn, [(fid,) for fid in ids.values()], [(ids[r.path], r.text) for r in stored]
            )
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
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
            resolver = Resolver(conn, None)
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
            rollback(conn)
            raise
        return len(updates)

    def _store_scan_problems(self, problems: list[tuple[str, Problem]]) -> None:
        """Store the scan's problems, in path order (however the walk was shared out);
        written only when they differ from those stored."""
        ordered = sorted(problems, key=lambda item: (item[0], item[1].code))
        encoded = json.dumps([[p, pr.code, pr.message, pr.severity] for p, pr in ordered])
        self._store_meta("scan_problems", encoded)

    def _store_meta(self, key: str, value: str) -> None:
        """Set a meta value, writing only when it changed."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row and row[0] == value:
            return
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _raced(snapshot: Stamps, on_disk: Stamps, changes: tuple[list[str], ...]) -> bool:
    """Whether a refresh from events (``on_disk``: ``snapshot`` with the paths they named
    stat-ed again) finds the files table, read under the write lock, changed where no
    event named a path: another process refreshed since the snapshot was read (or a
    refresh stopped before it stored its snapshot). ``changes``: removed, added, modified."""
    removed, added, modified = changes
    return any(p not in snapshot for p in removed) or any(
        on_disk[p] == snapshot.get(p) for p in (*added, *modified)
    )


def folder_weights(stamps: Stamps | None) -> dict[str, int] | None:
    """Files per top-level folder in ``stamps``: how to share a large vault's walk."""
    if not stamps:
        return None
    weights: dict[str, int] = {}
    for path in stamps:
        top = path.split("/", 1)[0]
        weights[top] = weights.get(top, 0) + 1
    return weights
