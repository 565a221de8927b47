"""The read API commands use: notes, links, tags and counts, straight from SQL."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vaultkit.model import Note, Problem
from vaultkit.store import CHILD_COLUMNS, OUTLINE_PARTS, read_outline, rows_to_note

NOTE_COLUMNS = (
    "n.name, n.name_lower, n.title, n.h1, n.frontmatter, n.fm_first, n.fm_last,"
    " n.word_count, n.line_count, n.kinds, n.date, n.org"
)
"""The ``notes`` columns ``rows_to_note`` reads, in its order."""
NOTE_END = 1 + len(NOTE_COLUMNS.split(", "))
"""Where the outline columns start in a row of ``f.path, NOTE_COLUMNS, outlines``."""


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


class Reads:
    """Questions asked of an index (mixed into ``Index``)."""

    conn: sqlite3.Connection

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
            tags=scalar(  # as `vaultkit tags` lists them: visible notes only, any case one tag
                "SELECT COUNT(DISTINCT t.name_lower) FROM tags t JOIN files f ON f.id = t.src"
                " WHERE f.is_note = 1 AND f.excluded = 0"
            ),
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

    def notes_at(self, paths: list[str]) -> Iterator[Note]:
        """The notes at ``paths`` (exact; excluded ones too, as ``note``), sorted by path:
        one read per table for all of them, not one per note."""
        return self._notes("f.path IN (SELECT value FROM json_each(?))", (json.dumps(paths),))

    def _notes(self, where: str, args: tuple[Any, ...] = ()) -> Iterator[Note]:
        """Notes matching ``where`` (SQL over ``files f``, its parameters ``args``), merged
        from one ordered stream per table so that memory stays flat however large the vault."""
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
            streams[table] = iter(conn.cursor().execute(sql, args))
        streams["problems"] = iter(
            conn.cursor().execute(
                "SELECT f.path, p.code, p.message, p.line, p.severity FROM files f"
                f" JOIN problems p ON p.path = f.path WHERE {where} ORDER BY f.path, p.seq",
                args,
            )
        )
        for row, children in merge_streams(conn.cursor().execute(base, args), streams):
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
        self, path: str, limit: int | None, offset: int = 0
    ) -> tuple[list[tuple[str, str, list[tuple[Any, ...]]]], int, int]:
        """Links into ``path`` grouped per source note (``limit`` sources by path from the
        ``offset``-th), with the total number of links and of source notes."""
        fid = self.file_id(path)
        if fid is None:
            return [], 0, 0
        where = "l.dst = ? AND l.src != ? AND f.excluded = 0"
        return self._grouped_links(where, (fid, fid), limit, offset)

    def unresolved_backlinks(
        self, query: str, limit: int | None, offset: int = 0
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
        return self._grouped_links(where, (target_key(query), *targets), limit, offset)

    _ID_CHUNK = 500
    """Source ids bound per query (SQLite limits the number of parameters)."""

    def _grouped_links(
        self, where: str, args: tuple[Any, ...], limit: int | None, offset: int = 0
    ) -> tuple[list[tuple[str, str, list[tuple[Any, ...]]]], int, int]:
        """One page of sources chosen in SQL (ORDER BY path, LIMIT, OFFSET; totals by
        COUNT), then their links and titles in one query per chunk of sources: the work
        in Python is proportional to the page, not to every backlink."""
        conn = self.conn
        joins = "FROM links l JOIN files f ON f.id = l.src LEFT JOIN files d ON d.id = l.dst"
        counted = "FROM links l JOIN files f ON f.id = l.src"
        total, sources = conn.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT l.src) {counted} WHERE {where}", args
        ).fetchone()
        chosen = conn.execute(
            f"SELECT DISTINCT f.id, f.path {counted} WHERE {where} ORDER BY f.path"
            " LIMIT ? OFFSET ?",
            (*args, -1 if limit is None else int(limit), max(0, int(offset))),
        ).fetchall()
        titles: dict[int, str] = {}
        rows: dict[int, list[tuple[Any, ...]]] = {}
        for start in range(0, len(chosen), self._ID_CHUNK):
            ids = [src for src, _ in chosen[start : start + self._ID_CHUNK]]
            marks = ",".join("?" * len(ids))
            titles.update(
                conn.execute(
                    f"SELECT file_id, title FROM notes WHERE file_id IN ({marks})", ids
                ).fetchall()
            )
            for src, *values in conn.execute(
                f"SELECT l.src, {self._LINK_COLUMNS} {joins} WHERE {where}"
                f" AND l.src IN ({marks}) ORDER BY l.src, l.seq",
                (*args, *ids),
            ):
                rows.setdefault(src, []).append(tuple(values))
        groups = [
            (src_path, titles.get(src, src_path), rows.get(src, [])) for src, src_path in chosen
        ]
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
                args.append(like_prefix(prefix + "/"))
        if tag:
            name = tag.lstrip("#").lower()
            clauses.append(
                "EXISTS (SELECT 1 FROM tags t WHERE t.src = f.id AND"
                " (t.name_lower = ? OR t.name_lower LIKE ? ESCAPE '\\'))"
            )
            args += [name, like_prefix(name + "/")]
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
        for row, children in merge_streams(self.conn.cursor().execute(base, args), streams):
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


def merge_streams(
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


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching strings that start with ``prefix`` literally."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
