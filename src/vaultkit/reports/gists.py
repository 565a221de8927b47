"""One gist per segment and a short list of key sentences: the extractive core of
``vaultkit summarize``.

Each sentence is a bag of words weighted by TF-IDF (document frequencies from the whole
vault when the caller has them, so the words of every note in *this* vault weigh little).
A sentence's score mixes its centrality (PageRank over a sparse k-nearest-neighbour graph),
its similarity to the whole note and to its own segment, and its place (the first sentence
of a segment or paragraph). The gist of a segment is its best sentence; the key sentences
are chosen by maximal marginal relevance (Carbonell and Goldstein, 1998) under a word budget
of about 8% of the note, a sentence's redundancy being the share of its weight whose words
the sentences already shown hold. Reporting clauses are compressed (``The CC explains that
X`` → ``X``, attributed to the CC) and paragraph citations kept. Linear in the note, but for
the sort of the candidates.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from vaultkit.reports.coverage import Coverage
from vaultkit.reports.text import Block, citations, sentences
from vaultkit.reports.textrank import COMMON_SHARE, content_words, cosine, knn_graph, pagerank

BUDGET_SHARE = 0.08
"""The key sentences' word budget, as a share of the note's words …"""
BUDGET_MIN, BUDGET_MAX = 30, 200
"""… and its floor and cap."""
HALF = 0.5
"""A summary (gists and key sentences) is never longer than this share of its note."""
MMR_LAMBDA = 0.65
"""Relevance against redundancy in the choice of key sentences (redundancy: the share of a
sentence's weight already covered, ``Coverage.share``)."""
CANDIDATES = 200
"""Key sentences are chosen among this many best-scored sentences."""
MIN_WORDS = 5
GRAPH_LIMIT = 3000
"""Above this many sentences (a book pasted into a note), centrality is the similarity to
the note's centroid instead of PageRank over the sentence graph: both are linear, the
centroid several times cheaper."""


@dataclass(frozen=True)
class Gist:
    """A sentence of the note, shortened where it only reports who said it."""

    text: str
    """The sentence with its reporting clause removed (``The CC says that X`` → ``X``)."""
    sentence: str
    """The sentence as written."""
    attribution: str | None
    """Who the removed clause named (``the CC``); null when nothing was removed."""
    line: int
    section: str | None
    paragraphs: list[int] | None
    """``[first, last]`` of the paragraph citations the sentence carries (``(6-9)``)."""
    score: float
    marker: str | None = None
    """The point's marker (``3.``, ``•``) in points mode."""


@dataclass(frozen=True)
class SegmentGist:
    """One segment of the note and its gist."""

    kind: str
    """``section``, ``intro``, ``point``, ``text`` or ``tile`` (see ``segments.Part``)."""
    title: str | None
    number: int | None
    lines: list[int]
    """``[first, last]`` line of the segment's text."""
    paragraphs: list[int] | None
    """``[first, last]`` paragraph the segment covers."""
    numbering: str | None
    """``source`` (the document's own paragraph numbers, from a numbered section and its
    citations) or ``note`` (the note's paragraphs counted from 1)."""
    words: int
    gist: Gist | None
    """Null when the segment has no sentence, or when the summary would pass half the note."""


# -- reporting clauses -------------------------------------------------------------------------

_LEADS = (
    r"however|but|and|also|further(?:more)?|finally|moreover|here|above all(?: else)?"
    r"|in (?:short|sum|conclusion)|because of this|in line with this|importantly|again"
)
_WHO = (
    r"(?:the|The)\s+[\w.'’-]+(?:\s+(?:of\s+)?[A-Z][\w.'’-]*){0,3}"
    r"|[Tt]hey|[Hh]e|[Ss]he|(?!(?:We|I|You)\b)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
)
_THAT_OPTIONAL = "say says argue argues think thinks believe believes claim claims assert asserts"
_THAT_REQUIRED = (
    "explain explains note notes state states stress stresses emphasize emphasizes emphasise"
    " emphasises observe observes suggest suggests write writes conclude concludes insist"
    " insists maintain maintains contend contends warn warns recognize recognizes admit admits"
    " acknowledge acknowledges hold holds remind reminds point points elaborate elaborates"
    " underline underlines add adds"
)
_FROM_THIS = r"(?:\s+from\s+(?:this|that|these|those|it)(?:\s+[a-z]+)?(?=\s+that\b))?"
"""``The CC concludes from this that …``: what the conclusion is drawn from, skipped when a
that-clause follows (one word at most after the pronoun: ``from these figures that``)."""
_VERBS = "|".join(sorted(set((_THAT_OPTIONAL + " " + _THAT_REQUIRED).split()), key=len)[::-1])
_REPORTING = re.compile(
    rf"^(?P<lead>(?i:{_LEADS}),?\s+)?(?P<who>{_WHO}),?\s+(?:also\s+|then\s+|further\s+)?"
    rf"(?P<verb>{_VERBS})(?:\s+(?:us|out))?{_FROM_THIS}(?P<that>\s+that)?,?\s+(?P<rest>\S)"
)
_SECOND_THAT = re.compile(r"\b(?P<conj>and|but|or|yet|while|whereas)\s+that\s+(?P<next>[\w'’]+)")
"""``…, but that B`` after a removed ``explains that``: the second that-clause's ``that``,
dropped with the first (``A, but B``)."""
_SUBJECT_VERBS = (
    "is was were are has had have will would can could may might must should shall does did do"
    " means meant made makes shows showed led leads seems seemed remains remained happened happens"
)
_THAT_AS_SUBJECT = frozenset(_SUBJECT_VERBS.split())
"""A word after ``and that`` that makes ``that`` its clause's subject (``and that is why``):
no second that-clause, the ``that`` stays."""
_STARTS = (
    "the a an this these those we they you i he she it our their your his her its my no every"
    " each all some many most few both such there one"
)
_CLAUSE_STARTS = frozenset(_STARTS.split())
"""Words that open a second that-clause's subject (``but that the sales fell``); after any
other lowercase word but a plural (``and that tenants must``), ``that`` points at a noun
(``but that approach was``) and stays."""
_ACCORDING = re.compile(r"^According to (?P<who>[^,]{1,60}),\s+(?P<rest>\S)")
_INSERTED = re.compile(
    rf"^(?P<lead>[^,]{{1,80}}),\s+(?P<who>{_WHO}),?\s+(?:also\s+)?(?P<verb>{_VERBS}),\s+(?P<rest>\S)"
)
"""A reporting clause set off by commas after an opening phrase: ``Because of this, the CC
argues, we should …`` (bounded: the phrase is at most 80 characters without a comma)."""
_CLAUSE_STARTS = frozenset(
    [
        "we",
        "our",
        "the",
        "this",
        "it",
        "they",
        "there",
        "these",
        "those",
        "its",
        "their",
        "a",
        "an",
        "all",
        "every",
        "no",
        "in",
        "if",
        "what",
        "capitalism",
        "workers",
        "revolutionaries",
        "nothing",
        "everything",
    ]
)
_PRONOUNS = frozenset(("they", "he", "she"))
_FRAME = re.compile(
    rf"^(?:(?i:{_LEADS}),?\s+)?(?:(?:the|The)\s+[\w.'’-]+|[Tt]hey|[Hh]e|[Ss]he)\s+"
    r"(?:also\s+|then\s+|now\s+|first\s+)?(?:discuss|turn|review|describe|continue|reference"
    r"|recall|highlight|cite|quote|reflect|applaud|outline|summari[sz]e|look|talk|go|goe|begin"
    r"|open|close|end|draw|has some|have some|move|introduce|raise|address|consider|examine)"
    r"(?:s|es|ed|ing)?\b"
)
_ANAPHORA = frozenset(("this", "that", "these", "those", "it", "such", "this,", "thus"))
ANAPHORA_WEIGHT = 0.8
"""A sentence that opens by pointing back (``This proves …``) needs the one before it: as a
gist, it weighs this much."""
FRAME_WEIGHT = 0.6
"""A sentence that frames rather than says (``The CC turns to the history of …``) weighs
this much: it names a topic, its next sentences hold what is said about it."""


def compress(sentence: str, last_who: str | None = None) -> tuple[str, str | None]:
    """``sentence`` without a reporting clause at its start, and who it named (a pronoun
    stands for ``last_who``, the last name such a clause gave). Anchored, bounded pattern:
    constant work before the clause."""
    match = _REPORTING.match(sentence)
    if match:
        verb = match.group("verb")
        rest_at = match.start("rest")
        first_word = sentence[rest_at:].split(" ", 1)[0].lower().strip(",")
        that_needed = verb in _THAT_REQUIRED.split()
        if match.group("that") or (not that_needed and first_word in _CLAUSE_STARTS):
            who = match.group("who")
            named = last_who if who.lower() in _PRONOUNS else _lower_article(who)
            lead = match.group("lead") or ""
            rest = _SECOND_THAT.sub(_drop_that, sentence[rest_at:])
            text = (lead.capitalize() + rest) if lead else rest[:1].upper() + rest[1:]
            return text, named
    inserted = _INSERTED.match(sentence)
    if inserted:
        who = inserted.group("who")
        named = last_who if who.lower() in _PRONOUNS else _lower_article(who)
        return inserted.group("lead") + ", " + sentence[inserted.start("rest") :], named
    according = _ACCORDING.match(sentence)
    if according:
        rest = sentence[according.start("rest") :]
        return rest[:1].upper() + rest[1:], _lower_article(according.group("who"))
    return sentence, None


def _drop_that(match: re.Match[str]) -> str:
    """``but that B`` -> ``but B``, unless ``that`` is the subject of its clause or points
    at a noun (``but that approach was``)."""
    word = match.group("next")
    lower = word.lower()
    if lower in _THAT_AS_SUBJECT:
        return match.group(0)
    plural = lower.endswith("s") and not lower.endswith(("ss", "is", "us"))
    if not (lower in _CLAUSE_STARTS or word[:1].isupper() or word[:1].isdigit() or plural):
        return match.group(0)
    return f"{match.group('conj')} {match.group('next')}"


def _lower_article(who: str) -> str:
    return "the" + who[3:] if who.startswith("The ") else who


# -- units and scores ----------------------------------------------------------------------------


@dataclass
class Unit:
    """A sentence that may be chosen."""

    sentence: str
    block: Block
    segment: int
    first_in_segment: bool
    first_in_block: bool
    words: int
    vector: dict[str, float]
    gist_score: float = 0.0
    key_score: float = 0.0


def units_of(parts: Sequence[Sequence[Block]]) -> list[Unit]:
    """The sentences of each segment's blocks (tables left out), short title-like lines and
    repeats dropped."""
    seen: set[str] = set()
    out: list[Unit] = []
    for segment, blocks in enumerate(parts):
        first_in_segment = True
        for block in blocks:
            if block.kind in ("heading", "table"):
                continue
            first_in_block = True
            for sentence in sentences(block.text):
                words = len(sentence.split())
                key = sentence.lower()
                if words < MIN_WORDS or key in seen:
                    continue
                if words < 9 and sentence[-1:] not in '.!?"”’)':
                    continue  # a title-like line, not a sentence
                seen.add(key)
                out.append(
                    Unit(sentence, block, segment, first_in_segment, first_in_block, words, {})
                )
                first_in_segment = first_in_block = False
    return out


def weigh(units: Sequence[Unit], idf: Callable[[str], float] | None) -> None:
    """Set each unit's TF-IDF vector; without vault weights, document frequencies are
    counted over the units themselves. Words in over half the units (6 or more) weigh 0."""
    bags = [Counter(content_words(u.sentence)) for u in units]
    spread: Counter[str] = Counter()
    for bag in bags:
        spread.update(bag.keys())
    common = (
        {w for w, n in spread.items() if n > COMMON_SHARE * len(bags)} if len(bags) >= 6 else set()
    )
    count = len(bags)

    def local(word: str) -> float:
        return math.log((count + 1) / (spread[word] + 1)) + 1

    weight = idf or local
    for unit, bag in zip(units, bags, strict=True):
        unit.vector = {w: n * weight(w) for w, n in bag.items() if w not in common}


def _centroid(vectors: Sequence[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for vector in vectors:
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        for word, value in vector.items():
            total[word] = total.get(word, 0.0) + value / norm
    return total


def score(units: Sequence[Unit], segments: int) -> None:
    """Set each unit's gist score (centrality, similarity to its segment and the note,
    first in its segment) and key score (centrality, similarity to the note, first in its
    paragraph), both damped for very short or very long sentences."""
    if not units:
        return
    whole = _centroid([u.vector for u in units])
    if len(units) <= GRAPH_LIMIT:
        ranks = pagerank(knn_graph([u.vector for u in units], cosine))
    else:  # a very long note: centrality is the similarity to the whole
        ranks = {i: cosine(u.vector, whole) for i, u in enumerate(units)}
    best = max(ranks.values()) or 1.0
    grouped: list[list[dict[str, float]]] = [[] for _ in range(segments)]
    for unit in units:
        grouped[unit.segment].append(unit.vector)
    centres = [_centroid(vectors) for vectors in grouped]
    for index, unit in enumerate(units):
        central = ranks.get(index, 0.0) / best
        to_note = cosine(unit.vector, whole)
        to_segment = cosine(unit.vector, centres[unit.segment])
        length = 0.7 if unit.words < 8 else 0.85 if unit.words > 50 else 1.0
        if _FRAME.match(unit.sentence):
            length *= FRAME_WEIGHT
        elif compress(unit.sentence)[0].split(" ", 1)[0].lower() in _ANAPHORA:
            length *= ANAPHORA_WEIGHT
        unit.gist_score = length * (
            0.35 * central + 0.15 * to_note + 0.4 * to_segment + 0.1 * unit.first_in_segment
        )
        unit.key_score = length * (0.45 * central + 0.45 * to_note + 0.1 * unit.first_in_block)


# -- choosing ------------------------------------------------------------------------------------


def budget(note_words: int) -> int:
    """Words allowed to the key sentences: ``BUDGET_SHARE`` of the note, within bounds."""
    return max(BUDGET_MIN, min(BUDGET_MAX, round(BUDGET_SHARE * note_words)))


FILL_SHARE = 0.8
"""Once a key sentence is chosen and the best remaining one does not fit what is left of
the room, one that fits must be worth this share of its value: the rest of the room is not
filled with a sentence chosen only for being short."""
SHOWN_LIMIT = 50
"""Key sentences are kept apart from at most this many best-scored gists (by similarity;
every gist is left out of the key sentences), so that the cost stays linear."""


def choose_key(
    units: Sequence[Unit],
    count: int,
    words: int,
    eligible: Callable[[Unit], bool] | None = None,
    shown: Sequence[int] = (),
    strict: bool = False,
) -> list[int]:
    """Indexes of up to ``count`` units within ``words`` words by maximal marginal
    relevance over the ``CANDIDATES`` best ``eligible`` ones; the first may pass the budget
    alone unless ``strict``. ``shown`` are the gists printed with them: never repeated, and
    counted as already chosen for redundancy (the key sentences add to the gists, not
    repeat them). A sentence's redundancy is the share of its weight whose words the gists
    and the key sentences chosen so far hold (``Coverage``): a sentence that sets up the
    topic, made of the words the gists go on to use, adds nothing once they are shown."""
    if count <= 0 or not units:
        return []
    skip = set(shown)
    allowed = [
        i for i, u in enumerate(units) if i not in skip and (eligible is None or eligible(u))
    ]
    pool = heapq.nsmallest(CANDIDATES, allowed, key=lambda i: (-units[i].key_score, i))
    nearest = heapq.nsmallest(SHOWN_LIMIT, skip, key=lambda i: (-units[i].gist_score, i))
    coverage = Coverage({i: units[i].vector for i in pool})
    for gist in nearest:
        coverage.cover(units[gist].vector)
    chosen: list[int] = []
    used = 0
    bar: float | None = None
    while pool and len(chosen) < count:
        value = {
            i: MMR_LAMBDA * units[i].key_score - (1 - MMR_LAMBDA) * coverage.share(i) for i in pool
        }
        pick = max(pool, key=lambda i: (value[i], -i))
        pool.remove(pick)
        size = units[pick].words
        if strict and chosen and bar is None and used + size > words:
            bar = FILL_SHARE * value[pick]
        if strict and bar is not None and value[pick] < bar:
            break
        if (chosen or strict) and used + size > words:
            continue
        chosen.append(pick)
        used += size
        coverage.cover(units[pick].vector)
    return sorted(chosen)


def choose_gists(units: Sequence[Unit], segments: int) -> list[int | None]:
    """The best unit of each segment (None where it has none)."""
    best: list[int | None] = [None] * segments
    for index, unit in enumerate(units):
        current = best[unit.segment]
        if current is None or unit.gist_score > units[current].gist_score:
            best[unit.segment] = index
    return best


def gist_of(unit: Unit, score_value: float, last_who: str | None) -> Gist:
    """``unit`` as a gist: compressed, attributed, its citations as a paragraph range."""
    text, who = compress(unit.sentence, last_who)
    found = citations(unit.sentence)
    paragraphs = [min(a for a, _ in found), max(b for _, b in found)] if found else None
    marker = unit.block.marker if unit.block.kind == "point" else None
    return Gist(
        text,
        unit.sentence,
        who,
        unit.block.line,
        unit.block.section,
        paragraphs,
        round(score_value, 4),
        marker,
    )


def speakers(units: Sequence[Unit]) -> list[str | None]:
    """For each unit, the last name a reporting clause gave before it (for ``They say``)."""
    out: list[str | None] = []
    last: str | None = None
    for unit in units:
        out.append(last)
        _, who = compress(unit.sentence, last)
        if who and who.lower() not in _PRONOUNS:
            last = who
    return out
