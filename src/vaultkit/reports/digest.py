"""The gists and key sentences of a note: segment it, score its sentences once, choose one
gist per segment and the key sentences under their budget, and keep the whole under half
the note (``summarize`` calls ``digest``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from vaultkit.reports.gists import (
    HALF,
    Gist,
    SegmentGist,
    Unit,
    budget,
    choose_gists,
    choose_key,
    gist_of,
    score,
    speakers,
    units_of,
    weigh,
)
from vaultkit.reports.segments import Part, by_headings, by_points, by_tiling
from vaultkit.reports.text import Block, citations

POINTS_SHARE = 0.4
PROSE_POINTS_SHARE = 0.6
SHORT_NOTE = 40
"""A note of fewer words keeps its best gist even past half of it (a summary of a 6-word note
saves its reader nothing; an empty one hides its only sentence); from this length a summary
is never longer than half the note."""
QUARTER = 0.25
"""Key sentences add to the gists of a note in sentences mode only while the two stay
within this share of the note; past it, the key sentences rank the gists themselves."""


@dataclass(frozen=True)
class Length:
    """How long the note and its summary are, in words."""

    note: int
    summary: int
    """Words of the gists and key sentences (a sentence in both counted once)."""
    budget: int
    """Words allowed to the key sentences."""
    dropped_gists: int
    """Gists left out to keep the summary within half the note."""


@dataclass(frozen=True)
class Digest:
    mode: str
    segmentation: str
    """``headings``, ``points``, ``tiling`` (TextTiling) or ``none`` (no text)."""
    segments: list[SegmentGist]
    key: list[Gist]
    length: Length


def _words(text: str) -> int:
    return len(text.split())


def points_mode(content: Sequence[Block], prose: bool) -> bool:
    """A document made of points: at least 3, holding ``POINTS_SHARE`` of its words or of
    its blocks (a ``prose`` document, a reading whose bullets are the reader's comments,
    needs ``PROSE_POINTS_SHARE`` of its words)."""
    points = [b for b in content if b.kind == "point"]
    total = sum(_words(b.text) for b in content) or 1
    words = sum(_words(b.text) for b in points) / total
    share = words if prose else max(words, len(points) / (len(content) or 1))
    return len(points) >= 3 and share >= (PROSE_POINTS_SHARE if prose else POINTS_SHARE)


MIN_SECTIONS = 2
"""A note is cut by its headings, before its points, when this many sections hold text."""


def segment(
    items: Sequence[Block], content: Sequence[Block], title_line: int | None, points: bool
) -> tuple[str, list[Part]]:
    """The note's segments and how they were found: its headings when ``MIN_SECTIONS`` of
    its sections hold text (numbered steps under each heading stay in their section, as a
    reader counts them); else its points, for a note made of points (``points``, even under
    one heading); else its headings; else TextTiling."""
    parts = by_headings(items, content, title_line)
    filled = sum(1 for p in parts if p.kind == "section" and p.blocks)
    if filled >= MIN_SECTIONS:
        return "headings", parts
    if points:
        return "points", by_points(content)
    if any(p.kind == "section" for p in parts):
        return "headings", parts
    tiles = by_tiling(content)
    return ("tiling" if tiles else "none"), tiles


def digest(
    items: Sequence[Block],
    content: Sequence[Block],
    ranges: dict[int, tuple[int, int]],
    title_line: int | None,
    prose: bool,
    count: int,
    idf: Callable[[str], float] | None = None,
    chrome: Collection[int] = (),
) -> Digest:
    """Gists and key sentences of ``content`` (the note's blocks, repeats removed, within
    ``items``, all its blocks). ``ranges`` gives the source paragraphs of a numbered
    section by its heading's line; ``idf`` the vault's weight of a word; ``chrome`` the
    lines where a clipped page's chrome starts (``boilerplate.chrome``): those blocks are
    neither segmented nor read for sentences, but count in the note's length."""
    article = [b for b in content if b.line not in chrome] if chrome else content
    how, parts = segment(items, article, title_line, points_mode(article, prose))
    points = how == "points"
    units = units_of([p.blocks for p in parts])
    if how == "tiling":  # cut where the words change, a tile has no opening of its author's
        for unit in units:
            unit.first_in_segment = False
    weigh(units, idf)
    score(units, len(parts))
    note_words = sum(_words(b.text) for b in content if b.kind != "table")
    allowed = budget(note_words)
    who = speakers(units)
    best = shorten_gists(units, choose_gists(units, len(parts)), HALF * note_words)
    gists = {i: gist_of(units[i], units[i].gist_score, who[i]) for i in best if i is not None}
    point_parts = {n for n, p in enumerate(parts) if p.kind == "point"}
    key_ids = _key(units, best, count, allowed, note_words, points, point_parts)
    key = {i: gist_of(units[i], units[i].key_score, who[i]) for i in key_ids}
    short = _short_points(parts, best)
    kept = _within_half(gists, key, note_words, sum(_words(g.text) for g in short.values()))
    if gists and not kept and not short and note_words < SHORT_NOTE:
        kept.add(max(gists, key=lambda i: (gists[i].score, -i)))
    gists.update(short)
    kept.update(short)
    ordinals = {id(b): n for n, b in enumerate((b for b in content if b.kind != "heading"), 1)}
    shown = [-1 - n if i is None else i for n, i in enumerate(best)]
    segments = [
        _segment_gist(part, ranges, ordinals, gists[i] if i in kept else None)
        for part, i in zip(parts, shown, strict=True)
    ]
    summary_words = sum(_words(gists[i].text) for i in kept)
    summary_words += sum(_words(key[i].text) for i in key if i not in kept)
    return Digest(
        "points" if points else "sentences",
        how,
        segments,
        [key[i] for i in sorted(key)],
        Length(note_words, summary_words, allowed, len(gists) - len(kept)),
    )


def _short_points(parts: Sequence[Part], best: Sequence[int | None]) -> dict[int, Gist]:
    """The gist of each point too short to hold a sentence (``Police brutality in Tacoma.``):
    its whole text, keyed ``-1 - segment`` beside the units' indexes. Always shown: a point
    has no shorter gist, and the other gists make room for it under half the note."""
    out: dict[int, Gist] = {}
    for n, (part, chosen) in enumerate(zip(parts, best, strict=True)):
        if chosen is not None or part.kind != "point" or not part.blocks[0].text.strip():
            continue
        point = part.blocks[0]
        found = citations(point.text)
        paragraphs = [min(a for a, _ in found), max(b for _, b in found)] if found else None
        text = point.text.strip()
        out[-1 - n] = Gist(
            text, text, None, point.line, point.section, paragraphs, 0.0, point.marker
        )
    return out


SHORTER_SHARE = 0.8
"""Under the cap, a gist gives way to a shorter sentence of its segment scored at least
this share of it, before any gist is dropped."""


def shorten_gists(units: Sequence[Unit], best: list[int | None], cap: float) -> list[int | None]:
    """``best`` with the longest gists replaced by shorter sentences of their segment (scored
    within ``SHORTER_SHARE`` of them) while the gists pass ``cap`` words: a point keeps a
    gist that fits rather than losing it to a long one. One pass to group, one sort."""
    total = sum(units[i].words for i in best if i is not None)
    if total <= cap:
        return best
    shortest: dict[int, int] = {}
    for index, unit in enumerate(units):
        chosen = best[unit.segment]
        if chosen is None or unit.gist_score < SHORTER_SHARE * units[chosen].gist_score:
            continue
        current = shortest.get(unit.segment, chosen)
        if unit.words < units[current].words:
            shortest[unit.segment] = index
    out = list(best)
    for segment in sorted(shortest, key=lambda s: (-units[best[s] or 0].words, s)):
        if total <= cap:
            break
        before = best[segment]
        assert before is not None
        total -= units[before].words - units[shortest[segment]].words
        out[segment] = shortest[segment]
    return out


def _key(
    units: Sequence[Unit],
    best: Sequence[int | None],
    count: int,
    allowed: int,
    note_words: int,
    points: bool,
    point_parts: set[int],
) -> list[int]:
    """The key sentences. In points mode they rank the points (their gists). Else they add
    to the gists shown beside them — new sentences, kept apart from the gists — within
    ``allowed`` words and the room the gists leave in ``QUARTER`` of the note; with no
    room for a sentence, they rank the gists."""
    if points:
        return choose_key(units, count, allowed, lambda u: u.segment in point_parts)
    shown = [i for i in best if i is not None]
    room = min(allowed, int(QUARTER * note_words) - sum(units[i].words for i in shown))
    added = choose_key(units, count, room, shown=shown, strict=True) if room > 0 else []
    if added or not shown:
        return added
    gists = {id(units[i]) for i in shown}
    return choose_key(units, count, allowed, lambda u: id(u) in gists)


def _within_half(
    gists: dict[int, Gist], key: dict[int, Gist], note_words: int, reserved: int = 0
) -> set[int]:
    """The gists kept so that gists and key sentences stay within ``HALF`` of the note, less
    ``reserved`` words (the short points' gists, always shown): the
    lowest-scored key sentences go first (removed from ``key``: they add to the gists),
    then the lowest-scored gists; a sentence that is both costs once. Returns the kept
    gists' indexes."""
    cap = HALF * note_words - reserved
    kept = set(gists)
    total = sum(_words(g.text) for g in gists.values())
    total += sum(_words(g.text) for i, g in key.items() if i not in gists)
    for index in sorted(key, key=lambda i: (key[i].score, -i)):
        if total <= cap:
            break
        if index not in gists:  # a key point that is also a gist costs nothing more
            total -= _words(key[index].text)
            del key[index]
    for index in sorted(gists, key=lambda i: (gists[i].score, -i)):
        if total <= cap:
            break
        kept.discard(index)
        if index not in key:
            total -= _words(gists[index].text)
    for index in sorted(key, key=lambda i: (key[i].score, -i)):
        if total <= cap:
            break
        if index not in kept:
            total -= _words(key[index].text)
            del key[index]
    return kept


def _segment_gist(
    part: Part, ranges: dict[int, tuple[int, int]], ordinals: dict[int, int], gist: Gist | None
) -> SegmentGist:
    lines = [b.line for b in part.blocks]
    first = part.heading_line or (min(lines) if lines else 0)
    last = max(lines) if lines else first
    paragraphs: list[int] | None = None
    numbering: str | None = None
    if part.heading_line is not None and part.heading_line in ranges:
        paragraphs, numbering = list(ranges[part.heading_line]), "source"
    else:
        counted = [ordinals[id(b)] for b in part.blocks if id(b) in ordinals]
        if counted:
            paragraphs, numbering = [min(counted), max(counted)], "note"
    return SegmentGist(
        part.kind,
        part.title,
        part.number,
        [first, last],
        paragraphs,
        numbering,
        sum(_words(b.text) for b in part.blocks if b.kind != "table"),
        gist,
    )
