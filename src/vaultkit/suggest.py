"""Tag suggestions from the vault's own tags, each with a score and reasons a person can check.

Five signals, each an estimate between 0 and 1 that a tag fits a note, computed from the
other notes of the vault (the note's own tags never vote for themselves, so the same code
scores a held-out note in the benchmark):

- **words**: cosine between the note's TF-IDF vector and the centroid of the notes carrying
  the tag; rare words shared weigh most, words in one note only or in every note not at all;
- **links**: among the other notes that link the same targets, the share carrying the tag,
  each target weighted by how rare linking it is;
- **place**: the share of the other notes in the same folder (not the vault root) or of
  the same kind that carry the tag;
- **linked**: the share of the notes it links, and of those linking it, that carry the tag;
- **neighbours**: the vote of its 30 nearest other notes (text, links and folder together,
  :mod:`vaultkit.tags.neighbours`): the share of their weight carrying the tag.

Evidence is weighted by its support: a share ``count / (others + PRIOR)`` and a words
cosine scaled by ``support / (support + PRIOR)``, so one other note is weak evidence. A tag
carried by fewer than ``min_support`` other notes is never suggested. The score is a weighted
mean of the signals, the weights learned per vault from a sample of its tagged notes
(``WEIGHTS`` when it has too few), and the confidence says how often suggestions at that
score were right in this vault (:mod:`vaultkit.tags.calibrate`); the statistics are stored
with the index and updated note by note (:mod:`vaultkit.tags.model_store`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vaultkit.tags.calibrate import Calibration, uncalibrated
from vaultkit.tags.corpus import Doc
from vaultkit.tags.neighbours import Peers, nearest, peers_of, vote
from vaultkit.tags.suggest_model import Stats, length, places, tf, vector

if TYPE_CHECKING:
    from vaultkit.index import Index

WEIGHTS = {"words": 4 / 11, "links": 2 / 11, "place": 4 / 11, "linked": 1 / 11, "neighbours": 0.0}
"""The weights of a vault with too few tagged notes to learn its own (tuned on a training
split of a generated vault and of a public one, ``benchmarks/suggest_bench.py --tune``).
The neighbour vote has none here: its learned weight ranges from 0.01 to 0.35 on the four
vaults measured (``benchmarks/README.md``), so no fixed weight is supported, and the learning
picks its candidates by these weights as they were tuned."""
COSINE_SCALE = 0.3
"""Words evidence is ``tanh(cosine / COSINE_SCALE)``: near 1 from a cosine of about 0.6."""
PRIOR = 2.0
"""Pseudo-notes without the tag added to every share: 1 of 1 other note gives 1/3."""
MIN_SUPPORT = 3
"""Other notes that must carry a tag before it is suggested (``[suggest] min_support``)."""
MIN_TAGGED = 5
"""Fewer tagged notes than this (or fewer than two usable tags): too few to learn from."""
MIN_SCORE = 0.05
REASON_WORDS = 4
REASON_NOTES = 3
"""Notes named as the evidence of a neighbours reason (the closest voters)."""


@dataclass(frozen=True)
class Reason:
    """Why a tag fits: which signal, its part of the score, a sentence, the evidence."""

    signal: str
    score: float
    text: str
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    """A tag for a note, with its score (0-1), confidence and reasons."""

    tag: str
    score: float
    reasons: list[Reason]
    confidence: str = "high"
    """``high``, ``medium`` or ``low`` (a guess, shown as one), from how often suggestions at
    that score were right in this vault (:class:`~vaultkit.tags.calibrate.Calibration`)."""
    changes_kind: list[str] = field(default_factory=list)
    """Kinds the tag would give the note (``#meeting/x`` makes a reading a meeting)."""


@dataclass(frozen=True)
class NoteSuggestions:
    """Suggestions for one note."""

    path: str
    title: str
    tags: list[str]
    """The tags it has now."""
    suggestions: list[Suggestion]
    withheld: list[Suggestion] = field(default_factory=list)
    """Tags that scored well but would change the note's kind (``--allow-kind-change``)."""
    shortfall: str | None = None
    """Why fewer than ``--top`` tags are suggested."""


@dataclass(frozen=True)
class SuggestReport:
    """The result of ``vaultkit tags suggest``."""

    notes: list[NoteSuggestions]
    vocabulary: int
    """Distinct tags in the vault (near-duplicates merged)."""
    tagged: int
    """Notes carrying a tag (what the model learns from)."""
    usable: int = 0
    """Tags carried by at least ``min_support`` notes: what can be suggested."""
    min_support: int = MIN_SUPPORT
    notice: str | None = None
    """Said instead of suggesting when the vault has too few tagged notes to learn from."""
    merged: dict[str, str] = field(default_factory=dict)
    """Minority spellings never suggested -> the spelling suggested instead."""
    calibration: Calibration | None = None
    """The weights and confidence labels learned from this vault's tagged notes."""


class Model:
    """Scores any note of the vault against its tags, from :class:`Stats`."""

    def __init__(
        self,
        docs: list[Doc],
        stats: Stats,
        min_support: int = MIN_SUPPORT,
        weights: dict[str, float] | None = None,
        peers: Peers | None = None,
    ) -> None:
        self.docs = docs
        self.stats = stats
        self.min_support = min_support
        self.weights = weights or WEIGHTS
        self._peers = peers
        """The notes that may be neighbours (None: ``docs`` are the whole vault)."""
        self._vectors: dict[int, dict[str, float]] = {}
        self._peer_norms: dict[str, float] = {}
        self._cache: dict[tuple[str, int], Any] = {}

    def vector(self, i: int) -> dict[str, float]:
        """Note ``i``'s TF-IDF vector (computed once)."""
        if i not in self._vectors:
            self._vectors[i] = vector(self.docs[i], self.stats.idf)
        return self._vectors[i]

    def own(self, i: int) -> set[str]:
        """Note ``i``'s tags, near-duplicates merged."""
        return {self.stats.canonical(t) for t in self.docs[i].tags}

    def support(self, tag: str, own: set[str]) -> int:
        """Other notes carrying ``tag``."""
        return self.stats.popularity.get(tag, 0) - (tag in own)

    def _usable(self, tag: str, own: set[str]) -> bool:
        return self.support(tag, own) >= self.min_support

    # -- the three signals ---------------------------------------------------------------

    def words(self, i: int) -> dict[str, float]:
        """Per tag: the cosine with the centroid of the other notes carrying it."""
        found: dict[str, float] = self._once("words", i, self._words)
        return found

    def _words(self, i: int) -> dict[str, float]:
        doc, vec, own, stats = self.docs[i], self.vector(i), self.own(i), self.stats
        # the note's own part of the centroids of its tags, IDF applied, taken out
        scale = 1 / length(doc)
        mine = {w: stats.idf[w] * tf(doc.words[w]) * scale for w in vec}
        mine_dot = sum(x * mine[w] for w, x in vec.items())
        mine_norm2 = sum(u * u for u in mine.values())
        dots: dict[str, float] = defaultdict(float)
        cross: dict[str, float] = defaultdict(float)
        for w, x in vec.items():
            g = stats.idf[w]
            for t, s in stats.by_word.get(w, {}).items():
                dots[t] += x * g * s
                if t in own:
                    cross[t] += g * s * mine[w]
        found: dict[str, float] = {}
        for t, dot in dots.items():
            norm2 = stats.norm2(t)
            if t in own:
                norm2, dot = norm2 - 2 * cross[t] + mine_norm2, dot - mine_dot
            if norm2 > 1e-12 and dot > 1e-12 and self._usable(t, own):
                found[t] = dot / math.sqrt(norm2)
        return found

    def shared_words(self, i: int, tag: str) -> list[str]:
        """The words of note ``i`` that weigh most in the centroid of ``tag``'s other notes."""
        doc, vec, own = self.docs[i], self.vector(i), tag in self.own(i)
        scale = 1 / length(doc)
        weight = {}
        for w, x in vec.items():
            s = self.stats.by_word.get(w, {}).get(tag, 0.0)
            s -= tf(doc.words[w]) * scale if own else 0.0
            if s > 1e-9:
                weight[w] = x * s * self.stats.idf[w]
        return sorted(weight, key=lambda w: (-weight[w], w))[:REASON_WORDS]

    def _once(self, name: str, i: int, compute: Callable[[int], Any]) -> Any:
        key = (name, i)
        if key not in self._cache:
            self._cache[key] = compute(i)
        return self._cache[key]

    def links(self, i: int) -> dict[str, tuple[float, str, int, int]]:
        """Per tag: the link evidence, and its best target with how many of the other notes
        linking it carry the tag."""
        found: dict[str, tuple[float, str, int, int]] = self._once("links", i, self._links)
        return found

    def _links(self, i: int) -> dict[str, tuple[float, str, int, int]]:
        doc, own, n = self.docs[i], self.own(i), self.stats.n
        total = 0.0
        score: dict[str, float] = defaultdict(float)
        best: dict[str, tuple[float, str, int, int]] = {}
        for key, shown in doc.links.items():
            linking = self.stats.link_docs.get(key, 1)
            others = linking - 1
            if others <= 0:
                continue
            weight = math.log(n / linking) + 0.1
            total += weight
            for t, c in self.stats.link_tags.get(key, {}).items():
                count = c - (t in own)
                if count <= 0 or not self._usable(t, own):
                    continue
                part = weight * count / (others + PRIOR)
                score[t] += part
                if part > best.get(t, (0.0, "", 0, 0))[0]:
                    best[t] = (part, shown, count, others)
        return {t: (s / total, *best[t][1:]) for t, s in score.items()} if total else {}

    def place(self, i: int) -> dict[str, tuple[float, str, int, int]]:
        """Per tag: the largest share of the other notes in the note's folder, or of its
        kind (as it would be without its tags), that carry the tag."""
        found: dict[str, tuple[float, str, int, int]] = self._once("place", i, self._place)
        return found

    def _place(self, i: int) -> dict[str, tuple[float, str, int, int]]:
        doc, own = self.docs[i], self.own(i)
        indexed = set(places(doc, doc.kinds))
        found: dict[str, tuple[float, str, int, int]] = {}
        for where in places(doc, doc.blind_kinds):
            others = self.stats.place_docs.get(where, 0) - (where in indexed)
            if others <= 0:
                continue
            for t, c in self.stats.place_tags.get(where, {}).items():
                count = c - (t in own and where in indexed)
                share = count / (others + PRIOR)
                if count > 0 and share > found.get(t, (0.0, "", 0, 0))[0] and self._usable(t, own):
                    found[t] = (share, where, count, others)
        return found

    def linked(self, i: int) -> dict[str, tuple[float, int, int]]:
        """Per tag: the share of the notes linked with note ``i`` (those it links and those
        linking it) that carry the tag, with the count and the number of such notes."""
        found: dict[str, tuple[float, int, int]] = self._once("linked", i, self._linked)
        return found

    def _linked(self, i: int) -> dict[str, tuple[float, int, int]]:
        doc, own, stats = self.docs[i], self.own(i), self.stats
        counts: dict[str, int] = dict(stats.link_tags.get(doc.path, {}))
        total = stats.link_docs.get(doc.path, 0)
        for key in doc.links:
            tags = stats.note_tags.get(key)
            if tags is not None:  # a note of the vault (not a file, not unresolved)
                total += 1
                for t in tags:
                    counts[t] = counts.get(t, 0) + 1
        return {
            t: (c / (total + PRIOR), c, total)
            for t, c in counts.items()
            if c > 0 and self._usable(t, own)
        }

    @property
    def peers(self) -> Peers:
        """The candidate neighbours (every note when the model holds the whole vault)."""
        if self._peers is None:
            self._peers = peers_of(self.docs, self.stats.df)
        return self._peers

    def _peer_norm(self, doc: Doc) -> float:
        """The norm of a candidate neighbour's TF-IDF vector (computed once)."""
        if doc.path not in self._peer_norms:
            idf = self.stats.idf
            norm2 = sum((tf(c) * idf[w]) ** 2 for w, c in doc.words.items() if w in idf)
            self._peer_norms[doc.path] = math.sqrt(norm2) or 1.0
        return self._peer_norms[doc.path]

    def nearest(self, i: int) -> list[tuple[str, float]]:
        """Note ``i``'s nearest other notes, ``(path, similarity)``, best first."""
        found: list[tuple[str, float]] = self._once("nearest", i, self._nearest)
        return found

    def _nearest(self, i: int) -> list[tuple[str, float]]:
        stats = self.stats
        return nearest(
            self.docs[i], self.vector(i), self.peers, stats.df, stats.idf, self._peer_norm
        )

    def neighbours(self, i: int) -> dict[str, tuple[float, list[str]]]:
        """Per tag: the neighbour vote for it, and the neighbours carrying it (closest
        first); the note's own tags are never counted, it is never its own neighbour."""
        found: dict[str, tuple[float, list[str]]] = self._once("neighbours", i, self._neighbours)
        return found

    def _neighbours(self, i: int) -> dict[str, tuple[float, list[str]]]:
        own, peers = self.own(i), self.peers
        close = self.nearest(i)
        merged = self.stats.merged
        votes = vote(close, lambda p: {merged.get(t, t) for t in peers.docs[p].tags})
        return {t: v for t, v in votes.items() if self._usable(t, own)}

    # -- scoring -------------------------------------------------------------------------

    def parts(self, i: int, weights: dict[str, float] | None = None) -> dict[str, dict[str, float]]:
        """Per tag: each signal's part of the score (weights applied)."""
        w = weights or self.weights
        own = self.own(i)
        out: dict[str, dict[str, float]] = defaultdict(dict)
        for t, cos in self.words(i).items():
            s = self.support(t, own)
            out[t]["words"] = w.get("words", 0.0) * math.tanh(cos / COSINE_SCALE) * s / (s + PRIOR)
        for t, (share, *_) in self.links(i).items():
            out[t]["links"] = w.get("links", 0.0) * share
        for t, (share, *_) in self.place(i).items():
            out[t]["place"] = w.get("place", 0.0) * share
        for t, (share, *_) in self.linked(i).items():
            out[t]["linked"] = w.get("linked", 0.0) * share
        if w.get("neighbours", 0.0) > 0:
            for t, (share, _) in self.neighbours(i).items():
                out[t]["neighbours"] = w["neighbours"] * share
        return out

    def scores(self, i: int, weights: dict[str, float] | None = None) -> dict[str, float]:
        """Every tag's score for note ``i`` (its own tags hidden from the statistics)."""
        return {t: sum(p.values()) for t, p in self.parts(i, weights).items()}

    def ranked(self, i: int) -> list[tuple[str, float]]:
        """Tags by score, best first, those under ``MIN_SCORE`` left out."""
        scores = {t: sum(p.values()) for t, p in self._once("parts", i, self.parts).items()}
        return sorted(
            ((t, s) for t, s in scores.items() if s >= MIN_SCORE), key=lambda kv: (-kv[1], kv[0])
        )

    def reasons(self, i: int, tag: str) -> list[Reason]:
        """The checkable reasons behind ``tag`` for note ``i``."""
        parts = self._once("parts", i, self.parts).get(tag, {})
        shown = "#" + self.stats.spellings.get(tag, tag)
        reasons: list[Reason] = []
        if "links" in parts:
            _, target, count, others = self.links(i)[tag]
            text = f"links [[{target}]]: so {_do(others)} {others} other {_notes(others)},"
            text += f" {count} of them tagged {shown}"
            reasons.append(Reason("links", round(parts["links"], 3), text, [target]))
        if "linked" in parts:
            _, count, total = self.linked(i)[tag]
            text = f"linked with {total} {_notes(total)} (linking it or linked from it),"
            text += f" {count} of them tagged {shown}"
            reasons.append(Reason("linked", round(parts["linked"], 3), text))
        if parts.get("neighbours", 0.0) > 0:
            voters = self.neighbours(i)[tag][1]
            near = len(self.nearest(i))
            text = f"{len(voters)} of its {near} nearest {_notes(near)} (shared rare words,"
            text += f" links, folder) {_be(len(voters))} tagged {shown}"
            reasons.append(
                Reason("neighbours", round(parts["neighbours"], 3), text, voters[:REASON_NOTES])
            )
        if "words" in parts and (shared := self.shared_words(i, tag)):
            text = f"shares rare words with notes tagged {shown}: {', '.join(shared)}"
            reasons.append(Reason("words", round(parts["words"], 3), text, shared))
        if "place" in parts:
            _, where, count, others = self.place(i)[tag]
            kind, _, name = where.partition(":")
            if kind == "folder":
                text = f"in {name}/: {count} of the {others} other {_notes(others)} there"
            else:
                text = f"a {name} note: {count} of the {others} other {name} {_notes(others)}"
            text += f" {_be(count)} tagged {shown}"
            reasons.append(Reason(kind, round(parts["place"], 3), text, [name]))
        reasons.sort(key=lambda r: -r.score)
        return reasons


def _notes(count: int) -> str:
    return "note" if count == 1 else "notes"


def _do(count: int) -> str:
    return "does" if count == 1 else "do"


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def kind_changes(tag: str, doc: Doc, kind_tags: dict[str, tuple[str, ...]]) -> list[str]:
    """Kinds ``tag`` would give a note that lacks them (a kind rule's tag, nested included)."""
    return [
        kind
        for kind, tags in kind_tags.items()
        if kind not in doc.kinds and any(tag == t or tag.startswith(t + "/") for t in tags)
    ]


def suggest_for(
    model: Model,
    i: int,
    top: int,
    kind_tags: dict[str, tuple[str, ...]],
    allow_kind_change: bool = False,
    labels: Calibration | None = None,
) -> NoteSuggestions:
    """The ``top`` best tags for note ``i``, with what was held back and why fewer;
    confidence from ``labels`` (uncalibrated without)."""
    doc, own = model.docs[i], model.own(i)
    label = (labels or uncalibrated(0, model.weights)).label
    made: list[Suggestion] = []
    withheld: list[Suggestion] = []
    held = 0
    candidates = [(t, s) for t, s in model.ranked(i) if t not in own]
    for tag, score in candidates:
        if len(made) >= top:
            break
        changes = kind_changes(tag, doc, kind_tags)
        suggestion = Suggestion(
            model.stats.spellings.get(tag, tag),
            round(score, 3),
            model.reasons(i, tag),
            label(score),
            changes,
        )
        if not changes or allow_kind_change:
            made.append(suggestion)
        else:
            held += 1
            if len(withheld) < top:
                withheld.append(suggestion)
    shortfall = None if len(made) >= top else _shortfall(len(made), held, model.min_support)
    written = sorted(model.stats.spellings.get(t, t) for t in doc.written)
    return NoteSuggestions(doc.path, doc.title, written, made, withheld, shortfall)


def _shortfall(made: int, held: int, min_support: int) -> str:
    """Why fewer than ``--top`` tags were suggested: how many had evidence, and how many more
    were held back because they would change the note's kind."""
    others = "other note" if min_support == 1 else "other notes"
    evidence = f"evidence for this note (score {MIN_SCORE} or more, carried by at least"
    evidence += f" {min_support} {others})"
    has = "no tag of the vault has" if made == 0 else f"only {made} of the vault's tags"
    text = f"{has}{' has' if made == 1 else ' have' if made else ''} {evidence}"
    if held:
        it = "it" if held == 1 else "them"
        text += f" without changing its kind; {held} {'more ' if made else ''}held back because"
        text += f" {'it' if held == 1 else 'they'} would change the note's kind"
        text += f" (--allow-kind-change suggests {it})"
    return text


def min_support_of(index: Index) -> int:
    """``[suggest] min_support`` from ``.vaultkit.toml``, else ``MIN_SUPPORT``."""
    from vaultkit.errors import ConfigError

    value = index.config.sections.get("suggest", {}).get("min_support", MIN_SUPPORT)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError("[suggest] min_support must be a whole number of notes, 1 or more")
    return value


def suggest_tags(
    index: Index,
    paths: list[str],
    top: int = 3,
    min_support: int | None = None,
    allow_kind_change: bool = False,
) -> SuggestReport:
    """The ``top`` best tags for each note in ``paths``, from the vault's own tags."""
    from vaultkit.kinds import rules_from_config
    from vaultkit.tags.model_store import load_model, stored_calibration

    support = min_support if min_support is not None else min_support_of(index)
    docs, stats, tagged, peers = load_model(index, paths)
    usable = sum(1 for c in stats.popularity.values() if c >= support)
    report = SuggestReport([], len(stats.popularity), tagged, usable, support, None, stats.merged)
    if tagged < MIN_TAGGED or usable < 2:
        notice = (
            f"too few tagged notes to learn from: {tagged} tagged "
            f"{_notes(tagged)}, {usable} {'tag' if usable == 1 else 'tags'} carried by at "
            f"least {support} {_notes(support)} (at least {MIN_TAGGED} tagged notes and 2 such"
            " tags are "
            "needed). Tag some notes by hand, or lower [suggest] min_support / --min-support."
        )
        return SuggestReport([], report.vocabulary, tagged, usable, support, notice, stats.merged)
    labels = stored_calibration(index, support)
    model = Model(docs, stats, support, labels.weights, peers)
    rules = rules_from_config(index.config.sections)
    kind_tags = {kind: rule.tags for kind, rule in rules.items() if rule.tags}
    notes = [
        suggest_for(model, i, top, kind_tags, allow_kind_change, labels) for i in range(len(docs))
    ]
    return SuggestReport(
        notes, report.vocabulary, tagged, usable, support, None, stats.merged, labels
    )
