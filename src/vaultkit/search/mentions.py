"""Unlinked mentions (Obsidian's Backlinks pane, ``en/Plugins/Backlinks.md``): where other
notes write a note's name or one of its aliases without linking it.

A mention is the name or an alias, ignoring case, on word boundaries, in a note's prose:
never in the frontmatter, code (blocks and spans), math, inline HTML, a link (wikilink,
Markdown link or its destination), a URL, or a tag, and never in an excluded file. The
trigram index narrows the notes to read; each is then read with the Markdown parser, so
positions are exact file offsets. A mention whose text is also the name or alias of another
note is ambiguous: listed, never linked.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.document import fold

if TYPE_CHECKING:
    from vaultkit.index import Index

_URL_SCHEMES = ("http://", "https://", "ftp://", "file://", "mailto:", "obsidian://", "www.")


@dataclass(frozen=True)
class Mention:
    """One unlinked mention: where it is, the line, and who else it could mean."""

    line: int
    col: int
    text: str
    """The whole line, as ``links`` gives a backlink's context."""
    start: int
    end: int
    matched: str
    """The mention as written."""
    ambiguous: tuple[str, ...] = ()
    """Other notes this text names too (then it is never linked)."""


@dataclass(frozen=True)
class MentionSource:
    """A note mentioning the subject, with each mention."""

    path: str
    title: str
    mentions: list[Mention]


@dataclass(frozen=True)
class MentionsReport:
    """``links NOTE --unlinked``: the subject, the names looked for and the mentions."""

    path: str
    title: str
    names: list[str]
    mention_count: int
    source_count: int
    sources: list[MentionSource]


def subject_names(index: Index, path: str) -> list[str]:
    """The note's name (file name without ``.md``) and its aliases, distinct ignoring case."""
    name = path.rpartition("/")[2]
    name = name[:-3] if name.lower().endswith(".md") else name
    names = [name]
    rows = index.query(
        "SELECT a.alias FROM aliases a JOIN files f ON f.id = a.src WHERE f.path = ?"
        " ORDER BY a.seq",
        (path,),
    )
    names.extend(str(alias) for (alias,) in rows)
    seen: dict[str, str] = {}
    for item in names:
        if item.strip():
            seen.setdefault(fold(item.strip()), item.strip())
    return list(seen.values())


def owners_of(index: Index, text: str) -> list[str]:
    """Notes whose name or alias is ``text`` (ignoring case)."""
    lowered = text.strip().lower()
    rows = index.query(
        "SELECT f.path FROM notes n JOIN files f ON f.id = n.file_id"
        " WHERE n.name_lower = ? AND f.excluded = 0"
        " UNION SELECT f.path FROM aliases a JOIN files f ON f.id = a.src"
        " WHERE a.alias_lower = ? AND f.excluded = 0",
        (lowered, lowered),
    )
    return sorted(str(p) for (p,) in rows)


def prose_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text where a mention may be: each line of each paragraph,
    heading, list item and table cell, minus code spans, math, HTML, links and URLs."""
    from vaultkit.parse.frontmatter import find_frontmatter
    from vaultkit.parse.markdown import Run, blocks
    from vaultkit.parse.positions import split_lines

    lines, starts = split_lines(text)
    raw = find_frontmatter(lines)
    body_from = raw.last_line if raw is not None else 0
    body_start = starts[body_from] if body_from < len(starts) else len(text)

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    spans: list[tuple[int, int]] = []
    for block in blocks(text, body_start, line_of):
        if not isinstance(block, Run):
            continue
        masks = sorted([*block.masks, *block.link_masks, *((k.start, k.end) for k in block.links)])
        for start, end in block.lines:
            segment_masks = [m for m in masks if m[1] > start and m[0] < end]
            segment_masks += _wikilinks(text, start, end) + _urls(text, start, end)
            spans.extend(_subtract(start, end, sorted(segment_masks)))
    return spans


def _wikilinks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[[…]]`` and ``![[…]]`` within one line segment."""
    out = []
    pos = text.find("[[", start, end)
    while pos >= 0:
        close = text.find("]]", pos + 2, end)
        if close < 0:
            break
        out.append((pos - 1 if pos > start and text[pos - 1] == "!" else pos, close + 2))
        pos = text.find("[[", close + 2, end)
    return out


def _urls(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Bare URLs (a scheme or ``www.`` up to the next space) within one line segment."""
    out = []
    lowered = text[start:end].lower()
    for scheme in _URL_SCHEMES:
        pos = lowered.find(scheme)
        while pos >= 0:
            stop = pos
            while stop < len(lowered) and not lowered[stop].isspace():
                stop += 1
            out.append((start + pos, start + stop))
            pos = lowered.find(scheme, stop)
    return out


def _subtract(start: int, end: int, masks: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    pos = start
    for mask_start, mask_end in masks:
        if mask_start > pos:
            out.append((pos, min(mask_start, end)))
        pos = max(pos, mask_end)
        if pos >= end:
            break
    if pos < end:
        out.append((pos, end))
    return out


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_mentions(text: str, names: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each mention of ``names`` in ``text``'s prose: ignoring case, on
    word boundaries, not after ``#`` (a tag); the longest wins where two overlap."""
    folded = fold(text)
    wanted = sorted({fold(n) for n in names if n}, key=len, reverse=True)
    found: list[tuple[int, int]] = []
    for low, high in prose_spans(text):
        taken: list[tuple[int, int]] = []
        for name in wanted:
            size = len(name)
            pos = folded.find(name, low, high)
            while pos >= 0:
                stop = pos + size
                before = folded[pos - 1] if pos > 0 else " "
                after = folded[stop] if stop < len(folded) else " "
                bounded = not (_is_word(name[0]) and _is_word(before)) and not (
                    _is_word(name[-1]) and _is_word(after)
                )
                if bounded and before != "#" and not any(a < stop and pos < b for a, b in taken):
                    taken.append((pos, stop))
                pos = folded.find(name, pos + 1, high)
        found.extend(sorted(taken))
    return found


def unlinked_mentions(index: Index, path: str) -> MentionsReport:
    """Every unlinked mention of the note at ``path`` in the other notes of the vault."""
    names = subject_names(index, path)
    conn = index.conn
    ids: set[int] | None = set()
    for name in names:
        found = fulltext.notes_containing(conn, name) if fulltext.indexable(name) else None
        if found is None or ids is None:
            ids = None
            break
        ids |= found
    rows = index.query(
        "SELECT f.id, f.path, n.title FROM files f JOIN notes n ON n.file_id = f.id"
        " WHERE f.excluded = 0 AND f.path != ? ORDER BY f.path",
        (path,),
    )
    wanted = {fid: (p, t) for fid, p, t in rows if ids is None or fid in ids}
    owners: dict[str, tuple[str, ...]] = {}
    sources: list[MentionSource] = []
    for fid, text in fulltext.texts_of(conn, list(wanted)):
        spans = find_mentions(text, names)
        if not spans:
            continue
        source_path, title = wanted[fid]
        starts = line_starts(text)
        mentions = []
        for start, end in spans:
            matched = text[start:end]
            key = fold(matched)
            if key not in owners:
                owners[key] = tuple(p for p in owners_of(index, matched) if p != path)
            line = bisect_right(starts, start)
            line_start = starts[line - 1]
            line_end = text.find("\n", line_start)
            line_text = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
            mentions.append(
                Mention(line, start - line_start + 1, line_text, start, end, matched, owners[key])
            )
        sources.append(MentionSource(source_path, title, mentions))
    sources.sort(key=lambda s: s.path)
    return MentionsReport(
        path=path,
        title=index.title_of(path) or path,
        names=names,
        mention_count=sum(len(s.mentions) for s in sources),
        source_count=len(sources),
        sources=sources,
    )


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line."""
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts
