"""Tag suggestions from the vault's own tags, each with a score and reasons a person can check.

Three signals, each an estimate between 0 and 1 that a tag fits a note, computed from the
other notes of the vault (the note's own tags never vote for themselves, so the same code
scores a held-out note in the benchmark):

- **words**: cosine between the note's TF-IDF vector and the centroid of the notes carrying
  the tag; rare words shared weigh most, words in one note only or in every note not at all;
- **links**: among the other notes that link the same targets, the share carrying the tag,
  each target weighted by how rare linking it is;
- **place**: the share of the other notes in the same folder (or of the same kind) that
  carry the tag.

The score is the mean of the three (``WEIGHTS``, equal: the benchmark found no weighting
clearly better); no model is downloaded or trained. Words are read from the files (read
only; :mod:`vaultkit.tags.corpus`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.tags.corpus import Doc, load_docs

if TYPE_CHECKING:
    from vaultkit.index import Index

WEIGHTS = {"words": 1 / 3, "links": 1 / 3, "place": 1 / 3}
COSINE_SCALE = 0.3
"""Words evidence is ``tanh(cosine / COSINE_SCALE)``: near 1 from a cosine of about 0.6
(same-topic notes reach 0.3-0.6), and never equal for two different cosines."""
MIN_SCORE = 0.05
REASON_WORDS = 4


@dataclass(frozen=True)
class Reason:
    """Why a tag fits: which signal, its part of the score, a sentence, the evidence."""

    signal: str
    score: float
    text: str
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    """A tag for a note, with its score (0-1) and reasons."""

    tag: str
    score: float
    reasons: list[Reason]


@dataclass(frozen=True)
class NoteSuggestions:
    """Suggestions for one note."""

    path: str
    title: str
    tags: list[str]
    """The tags it has now."""
    suggestions: list[Suggestion]


@dataclass(frozen=True)
class SuggestReport:
    """The result of ``vaultkit tags suggest``."""

    notes: list[NoteSuggestions]
    vocabulary: int
    """Distinct tags in the vault (what suggestions are drawn from)."""
    tagged: int
    """Notes carrying a tag (what the model learns from)."""


class Model:
    """Statistics of a vault's tagged notes, ready to score any of its notes."""

    def __init__(self, docs: list[Doc], spellings: dict[str, str] | None = None) -> None:
        self.docs = docs
        self.spellings = spellings or {}
        n = len(docs)
        df = Counter(w for d in docs for w in d.words)
        self.idf = {w: math.log(n / c) for w, c in df.items() if 2 <= c < n}
        self.vectors = [self._vector(d) for d in docs]
        self.popularity: Counter[str] = Counter(t for d in docs for t in d.tags)
        centroids: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for d, vec in zip(docs, self.vectors, strict=True):
            for t in d.tags:
                for w, x in vec.items():
                    centroids[t][w] += x
        self.norm2 = {t: sum(x * x for x in c.values()) for t, c in centroids.items()}
        self.by_word: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for t, c in centroids.items():
            for w, x in c.items():
                self.by_word[w].append((t, x))
        self.link_docs: Counter[str] = Counter(k for d in docs for k in d.links)
        self.link_tags: dict[str, Counter[str]] = defaultdict(Counter)
        self.place_docs: Counter[str] = Counter()
        self.place_tags: dict[str, Counter[str]] = defaultdict(Counter)
        for d in docs:
            for k in d.links:
                self.link_tags[k].update(d.tags)
            for place in self._places(d, d.kinds):
                self.place_docs[place] += 1
                self.place_tags[place].update(d.tags)

    def _vector(self, doc: Doc) -> dict[str, float]:
        vec = {w: (1 + math.log(c)) * self.idf[w] for w, c in doc.words.items() if w in self.idf}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        return {w: x / norm for w, x in vec.items()}

    @staticmethod
    def _places(doc: Doc, kinds: tuple[str, ...]) -> list[str]:
        return ["folder:" + doc.folder, *("kind:" + k for k in kinds)]

    def _shown(self, tag: str) -> str:
        return self.spellings.get(tag, tag)

    # -- the three signals ---------------------------------------------------------------

    def words(self, i: int) -> dict[str, tuple[float, list[str]]]:
        """Per tag: the cosine with the other notes carrying it, and the words shared most."""
        doc, vec = self.docs[i], self.vectors[i]
        dots: dict[str, float] = defaultdict(float)
        for w, x in vec.items():
            for t, s in self.by_word.get(w, ()):
                dots[t] += x * s
        found: dict[str, tuple[float, list[str]]] = {}
        for t, dot in dots.items():
            norm2 = self.norm2[t]
            if t in doc.tags:
                norm2, dot = norm2 - 2 * dot + 1, dot - 1
                if self.popularity[t] <= 1:
                    continue
            if norm2 <= 1e-12 or dot <= 0:
                continue
            found[t] = (dot / math.sqrt(norm2), [])
        return found

    def shared_words(self, i: int, tag: str) -> list[str]:
        """The words of note ``i`` that weigh most in the centroid of ``tag``'s other notes."""
        vec, own = self.vectors[i], tag in self.docs[i].tags
        weight = {}
        for w, x in vec.items():
            s = next((s for t, s in self.by_word.get(w, ()) if t == tag), 0.0)
            s -= x if own else 0.0
            if s > 1e-9:
                weight[w] = x * s
        return sorted(weight, key=lambda w: (-weight[w], w))[:REASON_WORDS]

    def links(self, i: int) -> dict[str, tuple[float, str, int, int]]:
        """Per tag: the link evidence, and its best target with how many of the other notes
        linking it carry the tag."""
        doc = self.docs[i]
        n = len(self.docs)
        total = 0.0
        score: dict[str, float] = defaultdict(float)
        best: dict[str, tuple[float, str, int, int]] = {}
        for key, shown in doc.links.items():
            others = self.link_docs[key] - 1
            if others <= 0:
                continue
            weight = math.log(n / self.link_docs[key]) + 0.1
            total += weight
            for t, c in self.link_tags[key].items():
                count = c - (t in doc.tags)
                if count <= 0:
                    continue
                part = weight * count / (others + 1)
                score[t] += part
                if part > best.get(t, (0.0, "", 0, 0))[0]:
                    best[t] = (part, shown, count, others)
        return {t: (s / total, *best[t][1:]) for t, s in score.items()} if total else {}

    def place(self, i: int) -> dict[str, tuple[float, str, int, int]]:
        """Per tag: the largest share of the other notes in the note's folder, or of its
        kind, that carry the tag; with that place and the counts."""
        doc = self.docs[i]
        own = set(self._places(doc, doc.kinds))
        found: dict[str, tuple[float, str, int, int]] = {}
        for place in self._places(doc, doc.blind_kinds):
            others = self.place_docs[place] - (place in own)
            if others <= 0:
                continue
            for t, c in self.place_tags[place].items():
                count = c - (t in doc.tags and place in own)
                share = count / (others + 1)
                if count > 0 and share > found.get(t, (0.0, "", 0, 0))[0]:
                    found[t] = (share, place, count, others)
        return found

    # -- scoring -------------------------------------------------------------------------

    def scores(self, i: int, weights: dict[str, float] | None = None) -> dict[str, float]:
        """Every tag's score for note ``i`` (its own tags hidden from the statistics)."""
        return self._combine(self.words(i), self.links(i), self.place(i), weights)

    @staticmethod
    def _combine(
        words: dict[str, tuple[float, list[str]]],
        links: dict[str, tuple[float, str, int, int]],
        place: dict[str, tuple[float, str, int, int]],
        weights: dict[str, float] | None = None,
    ) -> dict[str, float]:
        w = weights or WEIGHTS
        total: dict[str, float] = defaultdict(float)
        for t, (cos, _) in words.items():
            total[t] += w["words"] * _words_evidence(cos)
        for t, (share, *_) in links.items():
            total[t] += w["links"] * share
        for t, (share, *_) in place.items():
            total[t] += w["place"] * share
        return total

    def suggest(self, i: int, top: int, exclude_own: bool = True) -> list[Suggestion]:
        """The ``top`` best tags for note ``i`` with their reasons."""
        doc = self.docs[i]
        words, links, place = self.words(i), self.links(i), self.place(i)
        combined = self._combine(words, links, place)
        ranked = sorted(combined.items(), key=lambda kv: (-kv[1], kv[0]))
        out: list[Suggestion] = []
        for tag, score in ranked:
            if len(out) >= top or score < MIN_SCORE:
                break
            if exclude_own and tag in doc.tags:
                continue
            reasons = self._reasons(i, tag, words.get(tag), links.get(tag), place.get(tag))
            out.append(Suggestion(self._shown(tag), round(score, 3), reasons))
        return out

    def _reasons(
        self,
        i: int,
        tag: str,
        words: tuple[float, list[str]] | None,
        links: tuple[float, str, int, int] | None,
        place: tuple[float, str, int, int] | None,
    ) -> list[Reason]:
        shown = "#" + self._shown(tag)
        reasons: list[Reason] = []
        if links:
            share, target, count, others = links
            reasons.append(
                Reason(
                    "links",
                    round(WEIGHTS["links"] * share, 3),
                    f"links [[{target}]]: so {_do(others)} {others} other {_notes(others)},"
                    f" {count} of them tagged {shown}",
                    [target],
                )
            )
        if words:
            cos = words[0]
            shared = self.shared_words(i, tag)
            if shared:
                reasons.append(
                    Reason(
                        "words",
                        round(WEIGHTS["words"] * _words_evidence(cos), 3),
                        f"shares rare words with notes tagged {shown}: {', '.join(shared)}",
                        shared,
                    )
                )
        if place:
            share, where, count, others = place
            kind, _, name = where.partition(":")
            if kind == "folder":
                text = f"in {name + '/' if name else 'the vault root'}: {count} of the {others}"
                text += f" other {_notes(others)} there {_be(count)} tagged {shown}"
            else:
                text = f"a {name} note: {count} of the {others} other {name} {_notes(others)}"
                text += f" {_be(count)} tagged {shown}"
            reasons.append(
                Reason(kind, round(WEIGHTS["place"] * share, 3), text, [name]),
            )
        reasons.sort(key=lambda r: -r.score)
        return reasons


def _words_evidence(cosine: float) -> float:
    return math.tanh(cosine / COSINE_SCALE)


def _notes(count: int) -> str:
    return "note" if count == 1 else "notes"


def _do(count: int) -> str:
    return "does" if count == 1 else "do"


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def suggest_tags(index: Index, paths: list[str], top: int = 3) -> SuggestReport:
    """The ``top`` best tags for each note in ``paths``, from the vault's own tags."""
    docs, spellings = load_docs(index)
    model = Model(docs, spellings)
    position = {d.path: i for i, d in enumerate(docs)}
    notes = []
    for path in paths:
        i = position.get(path)
        if i is None:
            continue
        doc = docs[i]
        notes.append(
            NoteSuggestions(
                path,
                doc.title,
                sorted(spellings.get(t, t) for t in doc.tags),
                model.suggest(i, top),
            )
        )
    tagged = sum(1 for d in docs if d.tags)
    return SuggestReport(notes, len(model.popularity), tagged)
