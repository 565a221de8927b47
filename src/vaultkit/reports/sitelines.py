"""Lines a website prints on every page: a clipped note's line that another clipped note of
the same site holds verbatim (a banner, a menu item, a footer) is the page's chrome.

Per clipped note, the hashes of its short lines (paragraphs and points of up to
``LINE_WORDS`` words, case and spacing ignored) and its site (the host of its source URL;
notes clipped without one form one site of their own). Kept in two tables of the index file
beside the term weights (``termweights``), refreshed from the notes that changed (by size or
modification time): per note its site and line hashes, per site and hash the notes that hold
it. A refresh reads only the clipped notes that changed; with none changed it costs a few
queries. A read-only or busy database is not an error: the clipped notes are then read in
memory. Linear in the clipped notes' text.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from vaultkit.reports.derived import DerivedTables, changed_paths, refresh_derived
from vaultkit.reports.text import Block, normalized

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.model import Note

LINE_WORDS = 80
"""Longest line (in words) compared across notes: a site's banner may be a paragraph; a
longer one is the article's own."""
NO_SITE = ""
"""The site of a clipped note with no source URL."""
_TABLES = DerivedTables(
    """
CREATE TABLE IF NOT EXISTS summary_site_notes(
  path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, site TEXT,
  keys BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS summary_site_lines(
  site TEXT NOT NULL, key INTEGER NOT NULL, notes INTEGER NOT NULL,
  PRIMARY KEY(site, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS summary_site_version(version INTEGER NOT NULL);
""",
    ("summary_site_notes", "summary_site_lines"),
    "summary_site_version",
)
SITES_VERSION = 1
"""The rule the stored keys were made by (blocks, ``normalized``, ``site_of``,
``LINE_WORDS``): another version's rows are dropped and made again."""
_CLIPPINGS = """
SELECT f.path, f.size, f.mtime_ns FROM note_kinds k JOIN files f ON f.id = k.src
WHERE k.kind = 'clipping' AND f.is_note = 1 AND f.excluded = 0
"""
_WITH_URL = """
SELECT f.id, f.path, f.size, f.mtime_ns FROM files f JOIN notes n ON n.file_id = f.id
WHERE f.is_note = 1 AND f.excluded = 0 AND (n.frontmatter LIKE '%http%'
  OR EXISTS (SELECT 1 FROM fields d WHERE d.src = f.id AND d.value LIKE '%http%'))
"""
_BATCH = 400


def site_of(source: str | None) -> str:
    """The host of a source URL without ``www.`` (``NO_SITE`` without one)."""
    if not source or not source.startswith(("http:", "https:")):
        return NO_SITE
    host = (urlsplit(source).hostname or "").lower()
    return host.removeprefix("www.")


def line_keys(items: Sequence[Block]) -> dict[int, int]:
    """The line where each short paragraph or point of ``items`` starts -> a 63-bit hash of
    its text with case and spacing ignored (lines of no word are left out)."""
    out: dict[int, int] = {}
    for block in items:
        if block.kind not in ("paragraph", "point") or len(block.text.split()) > LINE_WORDS:
            continue
        if key := normalized(block.text):
            digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
            out[block.line] = int.from_bytes(digest, "big") >> 1
    return out


def _pack(keys: Iterable[int]) -> bytes:
    return array("q", sorted(set(keys))).tobytes()


def _unpack(blob: bytes) -> list[int]:
    found = array("q")
    found.frombytes(blob)
    return list(found)


class SiteLines:
    """How many clipped notes of each site hold each short line."""

    def __init__(self, count: Callable[[str, list[int]], dict[int, int]], held: set[str]) -> None:
        self._count = count
        self._held = held
        """Paths of the clipped notes counted (a note's own lines count once for it)."""

    def shared(self, path: str, site: str, keys: dict[int, int]) -> set[int]:
        """The lines of ``keys`` (the note at ``path``'s, from ``line_keys``) that another
        clipped note of ``site`` holds too."""
        if not keys:
            return set()
        counts = self._count(site, sorted(set(keys.values())))
        least = 2 if path in self._held else 1
        return {line for line, key in keys.items() if counts.get(key, 0) >= least}


def candidates(index: Index) -> dict[str, tuple[int, int]]:
    """Notes that may be clipped pages, with their size and time: the clippings, and the
    notes of no kind with a URL in their properties or fields (``summarize.clipped``
    decides). A few queries, each through an index or one scan."""
    conn = index.conn
    out = {path: (size, mtime) for path, size, mtime in conn.execute(_CLIPPINGS)}
    kinded = {src for (src,) in conn.execute("SELECT DISTINCT src FROM note_kinds")}
    for fid, path, size, mtime in conn.execute(_WITH_URL):
        if fid not in kinded:
            out[path] = (size, mtime)
    return out


def _clipped_keys(index: Index, path: str) -> tuple[str, list[int]] | None:
    """The site and line hashes of the note at ``path`` when it is a clipped page."""
    from vaultkit.reports import note_text
    from vaultkit.reports.summarize import clipped, header
    from vaultkit.reports.text import blocks

    note: Note | None = index.note(path)
    if note is None:
        return None
    head = header(note)
    if not clipped(note, head):
        return None
    return site_of(head.source), list(line_keys(blocks(note_text(index, path), note)).values())


def refresh(index: Index) -> tuple[int, int]:
    """Bring the tables up to date with the index's clipped notes; returns (notes read,
    notes dropped). Raises ``sqlite3.Error`` when the database cannot be written."""
    wanted = candidates(index)
    return refresh_derived(index.conn, _TABLES, SITES_VERSION, lambda: _apply(index, wanted))


def _apply(index: Index, wanted: dict[str, tuple[int, int]]) -> tuple[int, int]:
    conn = index.conn
    stale, fresh = changed_paths(conn, "summary_site_notes", wanted)
    if not stale and not fresh:
        return 0, 0
    delta: Counter[tuple[str, int]] = Counter()
    for path in stale:
        site, blob = conn.execute(
            "SELECT site, keys FROM summary_site_notes WHERE path = ?", (path,)
        ).fetchone()
        if site is not None:
            delta.subtract((site, key) for key in _unpack(blob))
    rows: list[tuple[str, int, int, str | None, bytes]] = []
    for path in fresh:
        found = _clipped_keys(index, path)
        size, mtime = wanted[path]
        if found is None:
            rows.append((path, size, mtime, None, b""))
            continue
        site, keys = found
        delta.update((site, key) for key in set(keys))
        rows.append((path, size, mtime, site, _pack(keys)))
    conn.executemany("DELETE FROM summary_site_notes WHERE path = ?", [(p,) for p in stale])
    conn.executemany("INSERT INTO summary_site_notes VALUES (?, ?, ?, ?, ?)", rows)
    conn.executemany(
        "INSERT INTO summary_site_lines VALUES (?, ?, ?)"
        " ON CONFLICT(site, key) DO UPDATE SET notes = notes + ?",
        [(site, key, change, change) for (site, key), change in delta.items() if change],
    )
    conn.execute("DELETE FROM summary_site_lines WHERE notes <= 0")
    return len(fresh), len([p for p in stale if p not in wanted])


def _stored_count(index: Index) -> Callable[[str, list[int]], dict[int, int]]:
    def count(site: str, keys: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(keys), _BATCH):
            chunk = keys[start : start + _BATCH]
            marks = ",".join("?" * len(chunk))
            found.update(
                index.conn.execute(
                    "SELECT key, notes FROM summary_site_lines"
                    f" WHERE site = ? AND key IN ({marks})",
                    (site, *chunk),
                ).fetchall()
            )
        return found

    return count


def site_lines(index: Index) -> SiteLines:
    """The vault's clipped lines: from the index's tables, refreshed first; read in memory
    when the database cannot be written."""
    try:
        refresh(index)
        rows = index.conn.execute("SELECT path FROM summary_site_notes WHERE site NOT NULL")
        held = {p for (p,) in rows}
        return SiteLines(_stored_count(index), held)
    except sqlite3.Error:
        return in_memory(index)


def in_memory(index: Index) -> SiteLines:
    """The clipped lines counted by reading every clipped note once (nothing stored)."""
    counts: Counter[tuple[str, int]] = Counter()
    held = set()
    for path in candidates(index):
        if (found := _clipped_keys(index, path)) is not None:
            site, keys = found
            counts.update((site, key) for key in set(keys))
            held.add(path)

    def count(site: str, keys: list[int]) -> dict[int, int]:
        return {k: counts[(site, k)] for k in keys if (site, k) in counts}

    return SiteLines(count, held)
