"""The parts of a note a summary shows beside its sentences: the outline (headings, and the
paragraphs each numbered section covers), the notes it links ranked as concepts, and its
quotes and callouts."""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from typing import Any

from vaultkit.model import LinkKind, Note
from vaultkit.reports.text import Block, citations, section_number


@dataclass(frozen=True)
class Section:
    """One heading of the outline; numbered sections carry the paragraphs they cover."""

    number: int | None
    title: str
    level: int
    line: int
    first: int | None = None
    last: int | None = None
    inferred: bool = False
    """No citation in the section: its range runs to the paragraph before the next one."""


@dataclass(frozen=True)
class Concept:
    """A note the summarized note links, ranked by how often and where."""

    name: str
    target: str
    path: str | None
    count: int
    score: float
    places: list[str]
    """Where it is linked: ``title``, ``heading``, ``frontmatter``, ``quote``, ``text``."""
    line: int


@dataclass(frozen=True)
class QuoteItem:
    """A block quote (source text) or a callout."""

    kind: str
    text: str
    line: int
    section: str | None
    callout: str | None = None
    title: str | None = None


def outline(note: Note, items: list[Block]) -> list[Section]:
    """Headings below the title; a paragraph-numbered document's sections (``# 13. …``)
    with the paragraph range they cover: from their own number to the highest paragraph
    they cite (``(27-28)``), or to the paragraph before the next section when they cite none."""
    headings = [b for b in items if b.kind == "heading"]
    first = headings[0] if headings else None
    if first and first.level == 1 and first.text == note.h1 and not section_number(first.text)[0]:
        headings = headings[1:]
    numbered = [(h, section_number(h.text)[0]) for h in headings]
    numbers = [n for _, n in numbered if n is not None]
    paragraphed = len(numbers) >= 2 and numbers == sorted(numbers) and len(set(numbers)) > 1
    cited = [(b.line, found) for b in items if b.kind != "heading" and (found := citations(b.text))]
    if not cited and not any(b - a > 1 for a, b in itertools.pairwise(numbers)):
        paragraphed = False
    cited_lines = [line for line, _ in cited]
    ends, following = _section_ends(numbered)
    out: list[Section] = []
    for index, (heading, number) in enumerate(numbered):
        title = section_number(heading.text)[1] if number is not None else heading.text
        if number is None or not paragraphed:
            out.append(Section(number, title, heading.level, heading.line))
            continue
        low = bisect.bisect_right(cited_lines, heading.line)
        high = bisect.bisect_left(cited_lines, ends[index])
        highest = max((r[1] for _, found in cited[low:high] for r in found), default=None)
        next_number = following[index]
        if highest is not None:
            last, inferred = max(number, highest), False
        elif next_number is not None and next_number > number:
            last, inferred = next_number - 1, True
        else:
            last, inferred = number, True
        out.append(Section(number, title, heading.level, heading.line, number, last, inferred))
    return out


def _section_ends(
    numbered: list[tuple[Block, int | None]],
) -> tuple[list[float], list[int | None]]:
    """For each heading: the line where its section ends (the next heading of its level or
    above) and the number of the next numbered heading; one pass from the end with a stack."""
    ends: list[float] = [math.inf] * len(numbered)
    following: list[int | None] = [None] * len(numbered)
    stack: list[tuple[int, int]] = []
    next_number: int | None = None
    for index in range(len(numbered) - 1, -1, -1):
        heading, number = numbered[index]
        while stack and stack[-1][0] > heading.level:
            stack.pop()
        if stack:
            ends[index] = stack[-1][1]
        stack.append((heading.level, heading.line))
        following[index] = next_number
        if number is not None:
            next_number = number
    return ends, following


# -- concepts and quotes ---------------------------------------------------------------------

_WEIGHTS = {"title": 3.0, "heading": 2.0, "frontmatter": 2.0, "quote": 1.5, "text": 1.0}


def concepts(note: Note) -> list[Concept]:
    """Linked notes ranked by score (a link in the title counts 3, in a heading or property
    2, in a quote or callout 1.5, in the text 1), then count, then first appearance."""
    title_line = next((h.line for h in note.headings if h.level == 1), None)
    heading_lines = {h.line for h in note.headings}
    spans = [(q.line, q.end_line) for q in note.quotes]
    spans += [(c.line, c.end_line) for c in note.callouts]
    quote_lines = {line for first, last in spans for line in range(first, max(first, last) + 1)}
    found: dict[str, dict[str, Any]] = {}
    for link in note.links:
        if link.external or not link.target or link.resolved == note.path:
            continue
        if link.embed and link.resolved and not link.resolved.lower().endswith(".md"):
            continue
        line = link.span.line
        if link.kind == LinkKind.FRONTMATTER:
            place = "frontmatter"
        elif line == title_line:
            place = "title"
        elif line in heading_lines:
            place = "heading"
        elif line in quote_lines:
            place = "quote"
        else:
            place = "text"
        key = (link.resolved or link.target).lower()
        name = link.resolved.rpartition("/")[2][:-3] if link.resolved else link.target
        entry = found.setdefault(
            key,
            {
                "name": name,
                "target": link.target,
                "path": link.resolved,
                "count": 0,
                "score": 0.0,
                "places": [],
                "line": line,
            },
        )
        entry["count"] += 1
        entry["score"] += _WEIGHTS[place]
        if place not in entry["places"]:
            entry["places"].append(place)
    ranked = sorted(found.values(), key=lambda e: (-e["score"], -e["count"], e["line"]))
    return [Concept(**entry) for entry in ranked]


def quotes(note: Note, items: list[Block]) -> list[QuoteItem]:
    """Callouts and block quotes in order, their text plain."""
    from vaultkit.reports.text import plain

    sections = [(b.line, b.text) for b in items if b.kind == "heading"]

    starts = [at for at, _ in sections]

    def section_at(line: int) -> str | None:
        found = bisect.bisect_left(starts, line)
        return sections[found - 1][1] if found else None

    found = [
        QuoteItem("callout", plain(c.text), c.line, section_at(c.line), c.type, c.title or None)
        for c in note.callouts
    ]
    found += [QuoteItem("quote", plain(q.text), q.line, section_at(q.line)) for q in note.quotes]
    return sorted(found, key=lambda q: q.line)


# -- the summary -----------------------------------------------------------------------------
