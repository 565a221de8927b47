"""Turning Note records into index rows and back: the one place that knows both shapes."""

from __future__ import annotations

import json
import marshal
from collections.abc import Sequence
from typing import Any, NamedTuple

from vaultkit.errors import IndexDamaged
from vaultkit.model import (
    BlockId,
    Callout,
    Field,
    Heading,
    Link,
    LinkKind,
    ListItem,
    Note,
    Problem,
    Quote,
    Span,
    Tag,
    TagSource,
)
from vaultkit.parse.positions import split_lines
from vaultkit.resolve import target_key

CONTEXT_CHARS = 300

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(
  id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, path_lower TEXT NOT NULL,
  filename_lower TEXT NOT NULL, key TEXT NOT NULL, is_note INTEGER NOT NULL,
  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, excluded INTEGER NOT NULL);
CREATE INDEX files_path_lower ON files(path_lower);
CREATE INDEX files_filename ON files(filename_lower);
CREATE INDEX files_key ON files(key);
CREATE TABLE notes(
  file_id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_lower TEXT NOT NULL,
  title TEXT NOT NULL, h1 TEXT, frontmatter TEXT NOT NULL, fm_first INTEGER, fm_last INTEGER,
  word_count INTEGER NOT NULL, line_count INTEGER NOT NULL, kinds TEXT NOT NULL,
  date TEXT, org TEXT);
CREATE INDEX notes_name ON notes(name_lower);
CREATE TABLE note_kinds(src INTEGER NOT NULL, kind TEXT NOT NULL);
CREATE INDEX note_kinds_kind ON note_kinds(kind, src);
CREATE TABLE links(
  id INTEGER PRIMARY KEY, src INTEGER NOT NULL, seq INTEGER NOT NULL, target TEXT NOT NULL,
  target_key TEXT NOT NULL, kind TEXT NOT NULL, embed INTEGER NOT NULL, heading TEXT,
  block TEXT, alias TEXT, external INTEGER NOT NULL, in_comment INTEGER NOT NULL, prop TEXT,
  line INTEGER NOT NULL, col INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
  raw TEXT NOT NULL, context TEXT NOT NULL, dst INTEGER);
CREATE INDEX links_src ON links(src, seq);
CREATE INDEX links_dst_src ON links(dst, src);
CREATE INDEX links_key ON links(target_key);
CREATE TABLE tags(
  src INTEGER NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, name_lower TEXT NOT NULL,
  source TEXT NOT NULL, in_comment INTEGER NOT NULL,
  line INTEGER NOT NULL, col INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL);
CREATE INDEX tags_src ON tags(src, seq);
CREATE INDEX tags_name ON tags(name_lower);
CREATE TABLE aliases(src INTEGER NOT NULL, seq INTEGER NOT NULL, alias TEXT NOT NULL,
  alias_lower TEXT NOT NULL);
CREATE INDEX aliases_src ON aliases(src, seq);
CREATE INDEX aliases_lower ON aliases(alias_lower);
CREATE TABLE fields(src INTEGER NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL,
  value TEXT NOT NULL, style TEXT NOT NULL, line INTEGER NOT NULL, col INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL, list_item INTEGER);
CREATE INDEX fields_src ON fields(src, seq);
CREATE TABLE outlines(src INTEGER PRIMARY KEY, headings BLOB NOT NULL,
  list_items BLOB NOT NULL, callouts BLOB NOT NULL, quotes BLOB NOT NULL,
  block_ids BLOB NOT NULL, tasks INTEGER NOT NULL);
CREATE TABLE problems(path TEXT NOT NULL, seq INTEGER NOT NULL, code TEXT NOT NULL,
  message TEXT NOT NULL, line INTEGER, severity TEXT NOT NULL);
CREATE INDEX problems_path ON problems(path, seq);
"""

BULK_INDEXES = [
    line
    for line in SCHEMA.splitlines()
    if line.startswith("CREATE INDEX")
    and " ON files(" not in line
    and " ON notes(" not in line
    and "(src" not in line
    and "(path" not in line
]
"""Indexes a cold build drops while it writes and creates again at the end: building an
index once over all rows is cheaper than keeping it up to date row by row. Indexes by
source note stay: a second process refreshing at the same time deletes rows by source."""


# Columns written for each child table, after (src, seq); the order of Note's parts.
# These are the parts SQL looks into (backlinks, tag and alias look-ups, field filters).
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "links": (
        "target",
        "target_key",
        "kind",
        "embed",
        "heading",
        "block",
        "alias",
        "external",
        "in_comment",
        "prop",
        "line",
        "col",
        "start",
        "end",
        "raw",
        "context",
    ),
    "tags": ("name", "name_lower", "source", "in_comment", "line", "col", "start", "end"),
    "aliases": ("alias", "alias_lower"),
    "fields": ("key", "value", "style", "line", "col", "start", "end", "list_item"),
}

OUTLINE_PARTS: dict[str, tuple[str, ...]] = {
    "headings": ("level", "text", "plain", "line"),
    "list_items": ("line", "end_line", "depth", "parent", "text", "task", "section"),
    "callouts": ("type", "fold", "title", "text", "line", "end_line"),
    "quotes": ("text", "line", "end_line"),
    "block_ids": ("id", "line"),
}
"""The parts only ever read whole with their note: one ``outlines`` row per note holds
each as a list of tuples (these fields, in this order), encoded by ``marshal``. A 10k-note
vault has about 200,000 of them; one row per note instead of one per part took a sixth
off the index process's CPU in a cold 10k index (2.9 to 2.4 CPU-seconds).

Why ``marshal`` rather than JSON: it encodes these lists four times as fast and decodes
them five times as fast. It only ever reads what this module wrote into the index (a
cache that holds no code), format version 2 writes the same bytes for equal values, and
the index is rebuilt when the interpreter's marshal format changes (``Index._digest``)."""

MARSHAL_VERSION = 2


class NoteRows(NamedTuple):
    """A parsed note flattened to plain tuples: cheap to pickle from a worker process (a
    named tuple unpickles in half the time of a slotted dataclass)."""

    path: str
    note: tuple[Any, ...]
    children: dict[str, list[tuple[Any, ...]]]
    outline: tuple[bytes, ...]
    """``OUTLINE_PARTS`` encoded, in that order."""
    tasks: int
    """List items with a checkbox: ``outlines.tasks``, to find notes with tasks in SQL."""
    problems: list[tuple[Any, ...]]
    text: str = ""
    """The note's text as decoded, for the full-text tables (``index.fulltext``)."""


_REACH = 2 * CONTEXT_CHARS
"""How far from a link its context is looked for, each way: every link costs O(1)
characters, however long its line (one line of 160,000 links stays linear)."""


def link_context(text: str, at: int) -> str:
    """The line of ``text`` holding offset ``at``, stripped, when it is short; else a window
    of ``CONTEXT_CHARS`` characters around ``at``, with ``…`` where it was cut. Reads at
    most ``_REACH`` characters each way, so a line with more than that around the link
    counts as long even when it is mostly blanks."""
    low = max(0, at - _REACH)
    high = min(len(text), at + _REACH)
    newline = text.rfind("\n", max(0, low - 1), at)
    begin, cut = (newline + 1, False) if newline >= 0 else (low, low > 0)
    newline = text.find("\n", at, high + 1)
    stop, cut = (newline, cut) if newline >= 0 else (high, cut or high < len(text))
    if not cut:
        line = text[begin:stop].strip()
        if len(line) <= CONTEXT_CHARS:
            return line
    first = max(begin, at - CONTEXT_CHARS // 3)
    last = first + CONTEXT_CHARS
    window = text[first : min(last, stop)].strip()
    return ("…" if first > begin else "") + window + ("…" if last < stop else "")


def note_to_rows(note: Note, text: str) -> NoteRows:
    """Flatten ``note``; ``text`` supplies each link's line for backlink context."""
    source = text
    lines = split_lines(text)[0] if "\r" in text else None

    def context(line: int, col: int, start: int) -> str:
        """The link's line, cut to a window around the link when it is long."""
        if lines is None:  # "\n" endings only: find the line around the link's offset
            return link_context(source, start)
        if 0 < line <= len(lines):
            return link_context(lines[line - 1], col - 1)
        return ""

    fm_first, fm_last = note.frontmatter_lines or (None, None)
    children: dict[str, list[tuple[Any, ...]]] = {
        "links": [
            (
                link.target,
                target_key(link.target),
                str(link.kind),
                int(link.embed),
                link.heading,
                link.block,
                link.alias,
                int(link.external),
                int(link.in_comment),
                link.key,
                link.span.line,
                link.span.col,
                link.span.start,
                link.span.end,
                link.raw,
                context(link.span.line, link.span.col, link.span.start),
            )
            for link in note.links
        ],
        "tags": [
            (
                tag.name,
                tag.name.lower(),
                str(tag.source),
                int(tag.in_comment),
                tag.span.line,
                tag.span.col,
                tag.span.start,
                tag.span.end,
            )
            for tag in note.tags
        ],
        "aliases": [(alias, alias.lower()) for alias in note.aliases],
        "fields": [
            (
                f.key,
                f.value,
                f.style,
                f.line,
                f.value_span.col,
                f.value_span.start,
                f.value_span.end,
                f.list_item,
            )
            for f in note.fields
        ],
    }
    outline = (
        [(h.level, h.text, h.plain, h.line) for h in note.headings],
        [
            (i.line, i.end_line, i.depth, i.parent, i.text, i.task, i.section)
            for i in note.list_items
        ],
        [(c.type, c.fold, c.title, c.text, c.line, c.end_line) for c in note.callouts],
        [(q.text, q.line, q.end_line) for q in note.quotes],
        [(b.id, b.line) for b in note.block_ids],
    )
    return NoteRows(
        path=note.path,
        note=(
            note.name,
            note.name.lower(),
            note.title,
            note.h1,
            json.dumps(note.frontmatter, ensure_ascii=False, sort_keys=False),
            fm_first,
            fm_last,
            note.word_count,
            note.line_count,
            json.dumps(list(note.kinds)),
            note.date,
            note.org,
        ),
        children=children,
        outline=tuple(_dumps(part) for part in outline),
        tasks=sum(1 for i in note.list_items if i.task is not None),
        problems=[(p.code, p.message, p.line, p.severity) for p in note.problems],
        text=text,
    )


def _dumps(part: list[tuple[Any, ...]]) -> bytes:
    return marshal.dumps(part, MARSHAL_VERSION) if part else _EMPTY


_EMPTY = marshal.dumps([], MARSHAL_VERSION)


def read_outline(
    blobs: Sequence[bytes | None], parts: Sequence[str] = tuple(OUTLINE_PARTS)
) -> dict[str, list[Any]]:
    """The ``parts`` of an ``outlines`` row, given their encoded ``blobs`` (None: not read).

    Raises ``IndexDamaged`` when a blob does not decode to a list of rows of the part's
    width."""
    found: dict[str, list[Any]] = {}
    for part, blob in zip(parts, blobs, strict=True):
        if blob is None or blob == _EMPTY:
            found[part] = []
            continue
        try:
            value = marshal.loads(blob)
        except (EOFError, ValueError, TypeError) as error:
            raise IndexDamaged(f"the index's {part} record is damaged ({error})") from error
        width = len(OUTLINE_PARTS[part])
        if not isinstance(value, list) or not all(
            isinstance(row, tuple) and len(row) == width for row in value
        ):
            raise IndexDamaged(f"the index's {part} record is damaged (not a list of rows)")
        found[part] = value
    return found


def rows_to_note(
    path: str,
    note_row: tuple[Any, ...],
    children: dict[str, list[Any]],
    problems: list[tuple[Any, ...]],
) -> Note:
    """Rebuild a Note from its rows: child rows without src and seq, link rows with the
    resolved path appended."""
    name, _, title, h1, frontmatter, fm_first, fm_last, words, line_count = note_row[:9]
    kinds, date, org = note_row[9:12]
    links = tuple(
        Link(
            target=r[0],
            kind=LinkKind(r[2]),
            span=Span(r[10], r[11], r[12], r[13]),
            raw=r[14],
            embed=bool(r[3]),
            heading=r[4],
            block=r[5],
            alias=r[6],
            external=bool(r[7]),
            in_comment=bool(r[8]),
            key=r[9],
            resolved=r[16],
        )
        for r in children.get("links", [])
    )
    return Note(
        path=path,
        name=name,
        title=title,
        h1=h1,
        frontmatter=json.loads(frontmatter),
        frontmatter_lines=(fm_first, fm_last) if fm_first is not None else None,
        aliases=tuple(r[0] for r in children.get("aliases", [])),
        tags=tuple(
            Tag(r[0], TagSource(r[2]), Span(r[4], r[5], r[6], r[7]), bool(r[3]))
            for r in children.get("tags", [])
        ),
        links=links,
        headings=tuple(Heading(*r) for r in children.get("headings", [])),
        fields=tuple(
            Field(r[0], r[1], r[2], r[3], Span(r[3], r[4], r[5], r[6]), r[7])
            for r in children.get("fields", [])
        ),
        list_items=tuple(ListItem(*r) for r in children.get("list_items", [])),
        callouts=tuple(Callout(*r) for r in children.get("callouts", [])),
        quotes=tuple(Quote(*r) for r in children.get("quotes", [])),
        block_ids=tuple(BlockId(*r) for r in children.get("block_ids", [])),
        problems=tuple(Problem(*r) for r in problems),
        word_count=words,
        line_count=line_count,
        kinds=tuple(json.loads(kinds)),
        date=date,
        org=org,
    )
