"""Figures: the numeric facts and targets of a text (``500``, ``1,000``, ``5000 members``,
``$20 per month``, ``three dozen branches``), each with its role and its sentence, and the
rows that show each sentence once with its figures marked.

Left out: paragraph citations ``(4-5)``, section and point numbers, years, ordinals, dates,
chapter or paragraph references, and bare numbers below ten.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from vaultkit.reports.numbers import Found, candidates, mask
from vaultkit.reports.text import Block, section_number, sentences


@dataclass(frozen=True)
class Figure:
    """One number as written, with what it counts, its role and its sentence."""

    text: str
    """The figure as written with its unit: ``5000 members``, ``$20 per month``, ``20%``,
    ``three dozen branches``."""
    value: float
    unit: str | None
    """What it counts, from the words after the number (``members``), the currency before
    it (``$``), ``%`` and what it is a share of (``% of comrades``), or the other figure of a
    ``from X to Y`` or of a list of like figures."""
    sentence: str
    line: int
    section: str | None
    target: bool
    """The role is ``target``."""
    role: str = "fact"
    """``change`` (``from X to Y``, ``turn X into Y``), ``target`` (its clause says should,
    must, goal, aim, at least, forward to …), ``hypothetical`` (``if … would``) or ``fact``."""
    current: str | None = None
    """For a target: the value it grows from (``from 400 to 500 members``), else the last fact
    before it in its section counting the same thing (``400 members``)."""
    start: int = 0
    end: int = 0
    """Where the figure (its unit included when written after it) sits in ``sentence``."""


@dataclass(frozen=True)
class FactRow:
    """One sentence holding figures, shown once however often the note repeats it."""

    sentence: str
    marked: str
    """The sentence with each figure in ``**bold**`` (Markdown: its own stars escaped, ``\\*``)."""
    figures: list[str]
    role: str
    """The row's strongest role: target, change, hypothetical, then fact."""
    count: int
    """How many times the note has this sentence."""
    line: int
    section: str | None
    current: str | None = None
    """The current value the row's first target grows from (``400 members``)."""


NOUN_AFTER = 40
"""A goal word makes a target of a figure before it when it follows within this many
characters (``$15 per month as the goal``), not of one further back in the clause."""
_TARGET_NOUN = re.compile(
    r"(?i)\b(?:goals?|targets?|aims?|minimum|objectives?)\b(?!\s+(?:was|were|had)\b)"
)
"""Target words that make a target of any figure in their clause (``$15 as the goal``); a
goal in the past tense (``when the goal was 18 months``) is history, not a target."""
_TARGET = re.compile(
    r"(?i)\b(?:aim(?:s|ing)? (?:to|for|at)|should|must|forward to|road to"
    r"|plan(?:s|ned|ning)? to|want to|need to|strive|will (?:reach|build|grow|recruit|have|raise)"
    r"|by the end of|propos\w+)\b"
)
"""Target words that make a target of a figure after them in their clause (``should have
at least 2``, not ``26 million believe that property should be abolished``)."""
_CONDITIONAL_WORDS = re.compile(r"(?i)\b(?:if|would|could|will|might)\b|[.;]")
"""The words of a conditional sentence, read once: ``if … would`` or ``would be like if …``
within a stretch not cut by ``.`` or ``;``."""
_IF = re.compile(r"(?i)\bif\b")
_COMMA = re.compile(r"[,;:]|\s[-–—]\s")
"""Where a condition ends: a figure in the same stretch as an ``if`` is hypothetical (``even
if we got to 50,000, …``, ``with 500 around the corner if we stay …``)."""
_AT_LEAST = re.compile(r"(?i)\b(?:at least|no fewer than|no less than)\s+$")
"""A minimum written right before the figure (``paying at least $15``) makes a target, not
one further back (``at least once a month where we have 20 members``)."""
_PAST = re.compile(
    r"(?i)\b(?:was|were|had|did|came|went|got|took|drew|held|[a-z]{2,}(?<!e)(?<!hundr)ed)\b"
)
"""A past-tense verb in the clause of ``at least`` makes the minimum a statistic (``at least
40 people came``, ``required a bus with at least 40 people``)."""
_CLAUSE = re.compile(r";|\s[-–—]\s|,\s+(?=(?:but|and|while|whereas|when|which|with)\b)")
_CHANGE_BEFORE = re.compile(
    r"(?i)\b(?:from|turn(?:s|ed|ing)?|rose|grew|went|increas\w*|doubl\w*|fell|dropp?\w*"
    r"|moved?|move|grow(?:s|ing)?)\s+(?:\w+\s+){0,3}$"
)
_CHANGE_BETWEEN = re.compile(
    r"(?i)^\s*(?:\w+\s+){0,5}?(?:to|into)\s+"
    r"(?:(?:just\s+)?(?:over|under|about|around|nearly|almost|roughly|more than|less than)\s+)?$"
)
_UP_FROM = re.compile(r"(?i)^,?\s*(?:up|down)\s+from\s+(?:just\s+)?$")
_ROLE_ORDER = ("target", "change", "hypothetical", "fact")


def _roles(masked: str, found: list[Found]) -> None:
    """Each figure's role, from its clause: a ``from X to Y`` pair is a change (X takes Y's
    unit when it has none) — or, after a target word, Y a target and X its current value;
    an ``if … would`` sentence is hypothetical; a figure after a target word of its clause
    (or in a clause naming a goal) a target; like figures in a list share the unit of the
    first. Target and past-tense words are found once a sentence and looked up by bisection."""
    pairs: list[tuple[Found, Found]] = []
    for first, second in itertools.pairwise(found):
        between = masked[first.end : second.start]
        before = masked[max(0, first.start - 40) : first.start]
        if len(between) < 40 and _CHANGE_BETWEEN.match(between) and _CHANGE_BEFORE.search(before):
            first.role = second.role = "change"
            pairs.append((first, second))
            if first.unit is None and second.unit is not None:
                first.unit = second.unit
        elif _UP_FROM.match(between):  # 31 cities, up from 22
            first.role = second.role = "change"
            if second.unit is None and first.unit is not None and not second.money:
                second.unit = first.unit
        elif first.unit and second.unit is None and first.scale and first.scale == second.scale:
            second.unit = first.unit  # 70 million youth …, 39 million have …
    found[:] = [f for f in found if not f.weak or f.role == "change"]
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(masked)), len(masked) + 1]
    nouns = [m.start() for m in _TARGET_NOUN.finditer(masked)]
    cues = [m.start() for m in _TARGET.finditer(masked)]
    pasts = [m.start() for m in _PAST.finditer(masked)]

    following = {id(a): b.start for a, b in itertools.pairwise(found)}

    def targeted(item: Found) -> bool:
        """A target word before ``item`` in its clause, or a goal word right after it
        (within ``NOUN_AFTER`` characters and before the next figure)."""
        clause = bisect.bisect_right(bounds, item.start) - 1
        start, end = bounds[clause], bounds[clause + 1]
        cue = bisect.bisect_left(cues, start)
        if cue < len(cues) and cues[cue] < item.start:
            return True
        window = masked[max(start, item.start - 24) : item.start]
        past = bisect.bisect_left(pasts, start)
        if _AT_LEAST.search(window) and not (past < len(pasts) and pasts[past] < end):
            return True
        noun = bisect.bisect_left(nouns, start)
        if noun < len(nouns) and nouns[noun] < item.start:
            return True
        after = bisect.bisect_left(nouns, item.end)
        limit = min(end, item.end + NOUN_AFTER, following.get(id(item), len(masked)))
        return after < len(nouns) and nouns[after] < limit

    for first, second in pairs:
        if targeted(first):
            first.role, second.role, second.current = "fact", "target", first.text()
    hypothetical = _conditional(masked)
    stops = [0, *(m.end() for m in _COMMA.finditer(masked)), len(masked) + 1]
    ifs = [m.start() for m in _IF.finditer(masked)]

    def conditional(item: Found) -> bool:
        """An ``if`` in the stretch of the sentence (between commas) that holds ``item``."""
        stretch = bisect.bisect_right(stops, item.start) - 1
        found_if = bisect.bisect_left(ifs, stops[stretch])
        return found_if < len(ifs) and ifs[found_if] < stops[stretch + 1]

    in_pairs = {id(f) for pair in pairs for f in pair}
    for item in found:
        if id(item) in in_pairs:
            continue
        if hypothetical or conditional(item):
            item.role = "hypothetical"
        elif targeted(item):
            item.role = "target"


def _conditional(masked: str) -> bool:
    """Whether the sentence is conditional either way round (``if … would``, ``would be as
    if …``; ``will`` counts after ``if`` only), in one pass over its words."""
    seen_if = seen_modal = False
    for match in _CONDITIONAL_WORDS.finditer(masked):
        word = match.group(0).lower()
        if word in ".;":
            seen_if = seen_modal = False
        elif word == "if":
            if seen_modal:
                return True
            seen_if = True
        elif seen_if:
            return True
        elif word != "will":
            seen_modal = True
    return False


def figures_in(sentence: str, line: int, section: str | None) -> list[Figure]:
    """The figures of one sentence (a section title does not make them targets)."""
    masked = mask(sentence)
    found = candidates(masked)
    _roles(masked, found)
    return [
        Figure(
            item.text(),
            item.value,
            item.unit or item.money,
            sentence,
            line,
            section,
            item.role == "target",
            item.role,
            item.current,
            item.start,
            item.end,
        )
        for item in found
    ]


LONG_SENTENCE = 300
"""A figure of a longer sentence carries an excerpt of it (``EXCERPT`` characters each
side, ``…`` where cut), so that output stays linear in the note: a line of 10,000 links
holds 10,000 numbers, and each carrying the whole line would be quadratic."""
EXCERPT = 120


def scan(blocks: Iterable[Block]) -> tuple[list[Figure], list[FactRow]]:
    """Figures of every paragraph, point, quote and (numbering removed) heading, in order
    (tables are never mined), and one row per sentence holding them, its repeats counted. A
    figure repeated in its sentence is listed once per role (``turn 100 into 200`` after ``the
    first 100`` keeps both); a target is paired with the last fact
    before it that counts the same thing. A repeated sentence is read once."""
    out: list[Figure] = []
    rows: list[FactRow] = []
    counts: list[int] = []
    row_of: dict[str, int | None] = {}
    last_fact: dict[tuple[str | None, str], Figure] = {}
    for block in blocks:
        if block.kind == "table":
            continue
        text = section_number(block.text)[1] if block.kind == "heading" else block.text
        for sentence in sentences(text):
            if sentence in row_of:
                index = row_of[sentence]
                if index is not None:
                    counts[index] += 1
                continue
            kept: list[Figure] = []
            written: set[tuple[str, str]] = set()
            for figure in figures_in(sentence, block.line, block.section):
                if (figure.text, figure.role) in written:
                    continue
                written.add((figure.text, figure.role))
                thing = (block.section, _thing(figure))
                if figure.role == "target" and figure.current is None and thing in last_fact:
                    figure = replace(figure, current=last_fact[thing].text)
                elif figure.role == "fact" and thing[1]:
                    last_fact[thing] = figure
                kept.append(figure)
            if not kept:
                row_of[sentence] = None
                continue
            row_of[sentence] = len(rows)
            rows.append(_row(sentence, kept, 1))
            counts.append(1)
            out.extend(_excerpt(f) for f in kept)
    return out, [replace(row, count=n) for row, n in zip(rows, counts, strict=True)]


def figures(blocks: Iterable[Block]) -> list[Figure]:
    """The figures of ``scan``."""
    return scan(blocks)[0]


def _excerpt(figure: Figure) -> Figure:
    """``figure`` with a window of its sentence when the sentence is long."""
    sentence = figure.sentence
    if len(sentence) <= LONG_SENTENCE:
        return figure
    first, last = max(0, figure.start - EXCERPT), min(len(sentence), figure.end + EXCERPT)
    head, tail = ("…" if first else ""), ("…" if last < len(sentence) else "")
    shift = len(head) - first
    return replace(
        figure,
        sentence=head + sentence[first:last] + tail,
        start=figure.start + shift,
        end=figure.end + shift,
    )


_PER_TAIL = re.compile(r"(?:^|\s)(?:per|a|an|each|every)\s+([a-z]+)$")


def _thing(figure: Figure) -> str:
    """What a figure counts, for pairing a target with the current value: the head noun of
    its unit or its currency, and its period (``member/``, ``$/month``); '' for none."""
    unit = (figure.unit or "").lower()
    if unit.startswith("%"):  # a share is paired only with a share of the same thing
        return unit.replace(" ", "")
    period = ""
    if tail := _PER_TAIL.search(unit):
        period, unit = tail.group(1).rstrip("s"), unit[: tail.start()].strip()
    if figure.text[:1] in "$€£¥" or figure.text.startswith(("US$", "USD", "EUR", "GBP")):
        return f"{figure.text[:1]}/{period}"
    words = unit.split()
    return f"{words[-1].rstrip('s')}/{period}" if words else ""


def _escape(text: str) -> str:
    """``text`` with its own stars escaped (``2 \\*\\* 10``): only the figures' markers are
    ``**`` in ``FactRow.marked``."""
    return text.replace("*", "\\*")


def _row(sentence: str, items: list[Figure], count: int) -> FactRow:
    pieces: list[str] = []
    position = 0
    for figure in sorted(items, key=lambda f: f.start):
        if figure.start < position or figure.end <= figure.start:
            continue
        span = sentence[figure.start : figure.end].rstrip()
        pieces += [_escape(sentence[position : figure.start]), "**", _escape(span), "**"]
        position = figure.start + len(span)
    pieces.append(_escape(sentence[position:]))
    role = min((f.role for f in items), key=_ROLE_ORDER.index)
    first = items[0]
    current = next((f.current for f in items if f.current), None)
    return FactRow(
        sentence,
        "".join(pieces),
        [f.text for f in items],
        role,
        max(count, 1),
        first.line,
        first.section,
        current,
    )
