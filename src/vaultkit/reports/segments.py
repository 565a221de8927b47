"""A note cut into the parts a summary gives one gist each: its sections (headings, the
numbered sections of a resolution), its points (a document made of numbered or bulleted
points), or, for plain text, runs of paragraphs that keep to one topic (TextTiling, Hearst
1997: lexical cohesion between neighbouring windows of sentences, cut where it dips).

Every step is one pass or a sort: the tiling compares fixed windows that slide by one
sentence, and its depth scores come from running peaks, never from climbing per gap.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from vaultkit.reports.text import Block
from vaultkit.reports.textrank import content_words

TILE_WINDOW = 4
"""Sentences on each side of a gap that TextTiling compares."""
TILE_MIN_SENTENCES = 5
"""The fewest sentences a tile holds; a text with fewer than twice this is one segment."""
WORDS_PER_TILE = 250
"""At most one tile per this many words, so the gists stay a small part of the note."""


@dataclass
class Part:
    """One segment while it is built: its blocks and where it came from."""

    kind: str
    """``section`` (a heading), ``intro`` (text before the first heading), ``point``,
    ``text`` (text between points) or ``tile`` (a TextTiling segment, or the whole note)."""
    title: str | None
    blocks: list[Block] = field(default_factory=list)
    number: int | None = None
    """A numbered section's number (``13`` for ``# 13. …``)."""
    heading_line: int | None = None


def by_headings(items: Sequence[Block], content: Sequence[Block], skip: int | None) -> list[Part]:
    """Segments opened by the highest-level headings below the title (the heading at line
    ``skip``); deeper headings stay inside their section."""
    from vaultkit.reports.text import section_number

    headings = [b for b in items if b.kind == "heading" and b.line != skip]
    if not headings:
        return []
    top = min(h.level for h in headings)
    starts = {h.line: h for h in headings if h.level == top}
    keep = {id(b) for b in content}
    parts: list[Part] = [Part("intro", None)]
    for block in items:
        if block.line in starts and block.kind == "heading":
            number, title = section_number(block.text)
            parts.append(Part("section", title, number=number, heading_line=block.line))
        elif id(block) in keep:
            parts[-1].blocks.append(block)
    return [p for p in parts if p.blocks or p.kind == "section"]


def by_points(content: Sequence[Block]) -> list[Part]:
    """One segment per point; the text between points in runs of its own."""
    parts: list[Part] = []
    count = 0
    for block in content:
        if block.kind == "point" and block.depth == 0:
            count += 1
            parts.append(Part("point", _point_name(block.marker, count), [block]))
        elif parts and parts[-1].kind == "point" and block.kind == "point":
            parts[-1].blocks.append(block)  # a nested point belongs to its parent
        elif parts and parts[-1].kind == "text":
            parts[-1].blocks.append(block)
        else:
            parts.append(Part("text", None, [block]))
    return parts


def _point_name(marker: str | None, count: int) -> str:
    """A numbered point keeps its number (``3.``); a bulleted one (``-``, ``*``, ``+``) is
    named by its place among the note's points, as a reader would count it."""
    if marker and marker[0].isdigit():
        return marker
    return str(count)


def by_tiling(content: Sequence[Block]) -> list[Part]:
    """TextTiling over the sentences of ``content``, cut only between blocks."""
    from vaultkit.reports.text import sentences

    bags: list[Counter[str]] = []
    owner: list[int] = []
    for index, block in enumerate(content):
        for sentence in sentences(block.text):
            bags.append(Counter(content_words(sentence)))
            owner.append(index)
    total_words = sum(len(b.text.split()) for b in content)
    if len(bags) < 2 * TILE_MIN_SENTENCES:
        return [Part("tile", None, list(content))] if content else []
    gaps = _gap_scores(bags)
    depth = _depths(gaps)
    # a gap between sentence g and g+1 may cut only where the block changes
    allowed = [g for g in range(len(gaps)) if owner[g] != owner[g + 1]]
    if not allowed:
        return [Part("tile", None, list(content))]
    values = [depth[g] for g in allowed]
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    threshold = max(mean - spread / 2, 1e-9)
    most = max(1, min(len(bags) // TILE_MIN_SENTENCES, math.ceil(total_words / WORDS_PER_TILE)))
    cuts: list[int] = []  # sorted: a gap's nearest cuts are found by bisection
    for gap in sorted(allowed, key=lambda g: (-depth[g], g)):
        if len(cuts) + 1 >= most or depth[gap] < threshold:
            break
        at = bisect.bisect_left(cuts, gap)
        near = cuts[max(0, at - 1) : at + 1]
        if all(abs(gap - c) >= TILE_MIN_SENTENCES for c in near) and (
            gap + 1 >= TILE_MIN_SENTENCES and len(bags) - gap - 1 >= TILE_MIN_SENTENCES
        ):
            cuts.insert(at, gap)
    first_blocks = sorted(owner[c + 1] for c in cuts)
    parts: list[Part] = []
    bounds = [0, *first_blocks, len(content)]
    for start, end in itertools.pairwise(bounds):
        if end > start:
            parts.append(Part("tile", None, list(content[start:end])))
    return parts


def _gap_scores(bags: Sequence[Counter[str]]) -> list[float]:
    """Cosine between the ``TILE_WINDOW`` sentences before and after each gap; both windows
    slide by one sentence a gap (one bag in, one out), so the whole is linear."""
    left: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for bag in bags[1 : 1 + TILE_WINDOW]:
        right.update(bag)
    scores: list[float] = []
    for gap in range(len(bags) - 1):
        left.update(bags[gap])
        if gap >= TILE_WINDOW:
            _remove(left, bags[gap - TILE_WINDOW])
        if gap:
            _remove(right, bags[gap])
            if gap + TILE_WINDOW < len(bags):
                right.update(bags[gap + TILE_WINDOW])
        small, large = (left, right) if len(left) <= len(right) else (right, left)
        dot = sum(n * large[w] for w, n in small.items() if w in large)
        norm = math.sqrt(sum(n * n for n in left.values()) * sum(n * n for n in right.values()))
        scores.append(dot / norm if norm else 0.0)
    return scores


def _remove(window: Counter[str], bag: Counter[str]) -> None:
    for word, count in bag.items():
        left = window[word] - count
        if left > 0:
            window[word] = left
        else:
            del window[word]


def _depths(scores: Sequence[float]) -> list[float]:
    """TextTiling's depth of each gap: how far the score climbs to its left and to its
    right, from running peaks (each computed once, from its neighbour's)."""
    count = len(scores)
    left = list(scores)
    for i in range(1, count):
        if scores[i - 1] >= scores[i]:
            left[i] = left[i - 1]
    right = list(scores)
    for i in range(count - 2, -1, -1):
        if scores[i + 1] >= scores[i]:
            right[i] = right[i + 1]
    return [(left[i] - scores[i]) + (right[i] - scores[i]) for i in range(count)]
