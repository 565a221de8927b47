"""What a person wants before a discussion: a note's header, outline with paragraph ranges,
one gist per segment, key sentences under a word budget, concepts, quotes, figures as facts
and tables by their size — the result behind ``vaultkit summarize``. Deterministic and
offline; linear in the note but for sorts."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.model import Note
from vaultkit.reports.digest import Length
from vaultkit.reports.figures import FactRow, Figure, scan
from vaultkit.reports.gists import Gist, SegmentGist
from vaultkit.reports.note_parts import Concept, QuoteItem, Section, concepts, outline, quotes
from vaultkit.reports.text import Block, blocks, unique_blocks

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index
    from vaultkit.reports.sitelines import SiteLines

WORDS_PER_MINUTE = 230
SUMMARY_KINDS = ("reading", "resolution", "clipping")
VAULT_WEIGHTS_FROM = 10
"""Notes a vault needs before its document frequencies weigh words (fewer: the note's own)."""


@dataclass(frozen=True)
class Header:
    """Who wrote it, what it is, how long it takes to read."""

    title: str
    """What Obsidian shows: the frontmatter ``title`` where set, else the file name."""
    heading: str | None
    """The note's first heading (a clipping's may be its website's banner), kept apart."""
    kinds: list[str]
    author: str | None
    genre: str | None
    format: str | None
    rating: str | None
    status: str | None
    source: str | None
    date: str | None
    org: str | None
    tags: list[str]
    word_count: int
    reading_minutes: int

    def facts(self) -> list[tuple[str, str]]:
        """The descriptive properties that are set, labelled, in display order."""
        labelled = (
            ("author", self.author),
            ("genre", self.genre),
            ("format", self.format),
            ("rating", self.rating),
            ("status", self.status),
            ("date", self.date),
            ("organization", self.org),
        )
        return [(label, value) for label, value in labelled if value]


@dataclass(frozen=True)
class TableItem:
    """A Markdown table: summarised by its size, its cells never read as prose or figures."""

    line: int
    rows: int
    section: str | None


@dataclass(frozen=True)
class ChromeLine:
    """A line of a clipped page set aside as its chrome (never a gist or key sentence)."""

    line: int
    text: str
    cue: str
    """``links``, ``controls``, ``site`` (other clippings of the site hold it verbatim),
    ``menu`` or ``page`` (a title line before or after the article)."""


@dataclass(frozen=True)
class Summary:
    """The ``vaultkit summarize`` result for one note."""

    path: str
    header: Header
    mode: str
    """``sentences``, or ``points`` for a numbered or bulleted document."""
    segmentation: str
    """How the segments were found: ``headings``, ``points``, ``tiling`` or ``none``."""
    outline: list[Section]
    segments: list[SegmentGist]
    key: list[Gist]
    length: Length
    concepts: list[Concept]
    quotes: list[QuoteItem]
    figures: list[Figure]
    facts: list[FactRow]
    tables: list[TableItem]
    repeated: int
    """Repeated paragraphs, counted once."""
    notices: list[str] = field(default_factory=list)
    chrome: list[ChromeLine] = field(default_factory=list)
    """The lines set aside as a web page's chrome, in order."""


# -- header ----------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s)>\]]+")


def prop(note: Note, *keys: str) -> str | None:
    """The first of ``keys`` the frontmatter has (case-insensitive), else an inline field."""
    lowered = {str(k).lower(): v for k, v in note.frontmatter.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v not in (None, ""))
        if value not in (None, "", [], {}):
            return str(value).strip() or None
    for item in note.fields:
        if item.key.lower() in keys and item.value.strip():
            return item.value.strip()
    return None


def _source(note: Note) -> str | None:
    for item in note.fields:
        if item.key.lower() in ("source", "url", "link") and (match := _URL.search(item.value)):
            return match.group(0)
    value = prop(note, "source", "url", "link")
    if value and (match := _URL.search(value)):
        return match.group(0)
    return value


def shown_title(note: Note) -> str:
    """The title Obsidian shows: the frontmatter ``title`` where present, else the file name
    (a first heading is not the title: a clipped page's banner often is one)."""
    value = prop(note, "title")
    return value if value and not value.startswith(("[", "{")) else note.name


def header(note: Note) -> Header:
    """The header of ``note``: frontmatter first, then inline fields."""
    first = min(note.headings, key=lambda h: h.line, default=None)
    return Header(
        title=shown_title(note),
        heading=first.plain if first else None,
        kinds=list(note.kinds),
        author=prop(note, "author", "authors"),
        genre=prop(note, "genre"),
        format=prop(note, "format"),
        rating=prop(note, "rating"),
        status=prop(note, "status"),
        source=_source(note),
        date=note.date,
        org=note.org,
        tags=note.tag_names(),
        word_count=note.word_count,
        reading_minutes=math.ceil(note.word_count / WORDS_PER_MINUTE),
    )


def clipped(note: Note, head: Header) -> bool:
    """Whether ``note`` is a web page as clipped: a clipping (bare), or a note with a source
    URL that is not one of the user's own kinds (a web clipper's frontmatter)."""
    if "clipping" in note.kinds:
        return True
    own = {"meeting", "reading", "resolution"} & set(note.kinds)
    return not own and (head.source or "").startswith(("http:", "https:"))


# -- outline ---------------------------------------------------------------------------------


def summarize_note(
    note: Note,
    text: str,
    count: int = 5,
    idf: Callable[[str], float] | None = None,
    sites: SiteLines | None = None,
) -> Summary:
    """Summarize ``note`` from its record and its file's ``text``; ``idf`` weighs a word by
    the vault's document frequencies (``termweights``), else by the note's own; ``sites``
    tells which lines of a clipped page other clippings of its site hold (``sitelines``)."""
    from vaultkit.reports.digest import digest

    items = blocks(text, note)
    content, repeated = unique_blocks(b for b in items if b.kind != "heading")
    head = header(note)
    title_block = items[0] if items and items[0].kind == "heading" and items[0].level == 1 else None
    title_line = title_block.line if title_block and title_block.text == note.h1 else None
    sections = outline(note, items)
    ranges = {
        s.line: (s.first, s.last) for s in sections if s.first is not None and s.last is not None
    }
    prose = bool({"reading", "resolution"} & set(note.kinds))
    page = {} if "meeting" in note.kinds else _chrome(note, head, items, text, sites)
    found = digest(items, content, ranges, title_line, prose, count, idf, page)
    notices = []
    if not set(note.kinds) & set(SUMMARY_KINDS):
        kind = " and ".join(note.kinds) + " note" if note.kinds else "note of no kind"
        notices.append(
            f"a {kind}: summaries are made for readings, resolutions and clippings;"
            " this one shows what the note has"
        )
    if repeated:
        notices.append(f"{repeated} repeated paragraph{'s' if repeated > 1 else ''} counted once")
    if found.length.dropped_gists:
        dropped = found.length.dropped_gists
        notices.append(
            f"{dropped} segment gist{'s' if dropped > 1 else ''} left out to keep the summary"
            " within half the note"
        )
    listed, rows = scan(b for b in items if b is not title_block)
    return Summary(
        path=note.path,
        header=head,
        mode=found.mode,
        segmentation=found.segmentation,
        outline=sections,
        segments=found.segments,
        key=found.key,
        length=found.length,
        concepts=concepts(note),
        quotes=quotes(note, items),
        figures=listed,
        facts=rows,
        tables=[TableItem(b.line, b.rows, b.section) for b in items if b.kind == "table"],
        repeated=repeated,
        notices=notices,
        chrome=[ChromeLine(b.line, b.text, page[b.line]) for b in items if b.line in page],
    )


def _chrome(
    note: Note, head: Header, items: list[Block], text: str, sites: SiteLines | None
) -> dict[int, str]:
    """The lines of ``note`` that are a web page's chrome, with their cue."""
    from vaultkit.reports.boilerplate import chrome_cues
    from vaultkit.reports.sitelines import line_keys, site_of

    page = clipped(note, head)
    shared: set[int] = set()
    if page and sites is not None:
        shared = sites.shared(note.path, site_of(head.source), line_keys(items))
    return chrome_cues(items, text, page, shared)


def summarize(
    index: Index, query: str | None, flt: NoteFilter | None = None, count: int = 5
) -> list[Summary]:
    """Summaries of the note ``query`` names (path, name, alias or title), or of every note
    ``flt`` selects, sorted by path."""
    from vaultkit.errors import NoteNotWritten
    from vaultkit.filters import NoteFilter, select_notes
    from vaultkit.links import find_subject

    if query is not None:
        path, _ = find_subject(index, query)
        note = index.note(path) if path else None
        if note is None:
            raise NoteNotWritten(query)
        notes: Iterable[Note] = [note]
    else:
        notes = select_notes(index, flt or NoteFilter())
    return summarize_notes(index, notes, count)


def summarize_notes(index: Index, notes: Iterable[Note], count: int = 5) -> list[Summary]:
    """Summaries of ``notes`` as ``summarize`` makes them: words weighed by the vault's
    document frequencies, a clipping's lines its site repeats set aside (the MCP tool pages
    the notes first, then calls this)."""
    from vaultkit.reports import note_text
    from vaultkit.reports.sitelines import site_lines
    from vaultkit.reports.termweights import vault_weights

    weights = vault_weights(index)
    sites = site_lines(index)
    out = []
    for note in notes:
        text = note_text(index, note.path)
        idf = weights.idf_for(text) if weights.notes >= VAULT_WEIGHTS_FROM else None
        out.append(summarize_note(note, text, count, idf, sites))
    return out
