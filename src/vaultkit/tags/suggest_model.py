"""The statistics tag suggestions are scored from (:class:`Stats`), and the near-duplicate
groups of the vault's tags (``#organising`` and ``#organizing`` are one tag: the spelling fewer
notes use is never suggested, its notes count for the other).

Every statistic is a sum over notes, so a changed note is taken out and put back
(:func:`apply_delta`) instead of rebuilding from every note: the words signal keeps, per word,
its document frequency and per tag the sum of the tag's notes' term frequencies (each note
normalised by its own length, which no other note changes); the IDF weights, which change
with every note added, are applied when a note is scored, and each tag centroid's squared
norm is kept as three sums from which any vault size gives it (:meth:`Stats.norm2`)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from vaultkit.tags.corpus import Doc
from vaultkit.tags.spelling import preferred_spelling

EPSILON = 1e-9
"""A word's weight in a tag's sums below this is a rounding residue of notes taken out."""


@dataclass
class Stats:
    """Vault-wide statistics; a stored model loads only the entries one call needs."""

    n: int = 0
    """Notes in the vault."""
    df: dict[str, int] = field(default_factory=dict)
    """Word -> notes using it."""
    by_word: dict[str, dict[str, float]] = field(default_factory=dict)
    """Word -> tag -> sum over the tag's notes of the word's length-normalised frequency."""
    abc: dict[str, list[float]] = field(default_factory=dict)
    """Tag -> sums over words used by 2 notes or more of ``S²``, ``ln(df)·S²``, ``ln(df)²·S²``."""
    popularity: dict[str, int] = field(default_factory=dict)
    """Tag -> notes carrying it (near-duplicates merged)."""
    link_docs: dict[str, int] = field(default_factory=dict)
    link_tags: dict[str, dict[str, int]] = field(default_factory=dict)
    place_docs: dict[str, int] = field(default_factory=dict)
    place_tags: dict[str, dict[str, int]] = field(default_factory=dict)
    raw: dict[str, int] = field(default_factory=dict)
    """Lower-cased tag as written -> notes carrying it (near-duplicates apart)."""
    written: dict[str, dict[str, int]] = field(default_factory=dict)
    """Lower-cased tag -> spelling -> notes writing it so."""
    merged: dict[str, str] = field(default_factory=dict)
    """Minority spelling -> the tag of its near-duplicate group that is suggested."""
    tagged: int = 0
    """Notes carrying a tag."""
    note_tags: dict[str, frozenset[str]] = field(default_factory=dict)
    """Path -> the note's tags, near-duplicates merged (the linked notes a call needs)."""
    idf: dict[str, float] = field(default_factory=dict)
    """Derived (:meth:`derive`): ``ln(n / df)`` of the words used by 2 notes or more."""
    spellings: dict[str, str] = field(default_factory=dict)
    """Derived: tag -> the spelling shown (the one most notes use)."""

    def canonical(self, tag: str) -> str:
        """The tag suggested for ``tag`` (itself unless it is a minority spelling)."""
        return self.merged.get(tag, tag)

    def norm2(self, tag: str) -> float:
        """The squared norm of the centroid of ``tag``'s notes, IDF applied:
        ``sum((ln n - ln df)² S²) = ln²n·A - 2·ln n·B + C``."""
        a, b, c = self.abc.get(tag, (0.0, 0.0, 0.0))
        log_n = math.log(self.n) if self.n > 0 else 0.0
        return log_n * log_n * a - 2 * log_n * b + c

    def derive(self) -> None:
        """Compute ``idf`` and ``spellings`` from the counts."""
        n = self.n
        self.idf = {w: math.log(n / c) for w, c in self.df.items() if 2 <= c < n}
        self.spellings = {}
        for tag in self.popularity:
            counts = self.written.get(tag)
            self.spellings[tag] = preferred_spelling(counts) if counts else tag


_TF = [0.0] + [1 + math.log(c) for c in range(1, 256)]
"""Sublinear term frequency ``1 + log(count)`` for the common small counts."""


def tf(count: int) -> float:
    """Sublinear term frequency."""
    return _TF[count] if count < 256 else 1 + math.log(count)


def length(doc: Doc) -> float:
    """The note's own normaliser: the norm of its term frequencies (every word)."""
    return math.sqrt(sum(tf(c) ** 2 for c in doc.words.values())) or 1.0


def vector(doc: Doc, idf: dict[str, float]) -> dict[str, float]:
    """The note's unit TF-IDF vector (sublinear term frequency)."""
    vec = {w: tf(c) * idf[w] for w, c in doc.words.items() if w in idf}
    norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
    return {w: x / norm for w, x in vec.items()}


def places(doc: Doc, kinds: Iterable[str]) -> list[str]:
    """The note's folder (not the vault root: it says nothing about a note) and kinds."""
    return (["folder:" + doc.folder] if doc.folder else []) + ["kind:" + k for k in kinds]


def near_duplicates(counts: dict[str, int]) -> dict[str, str]:
    """Minority spelling -> majority spelling, for groups of tags that differ by ``-``/``_``,
    a plural ``s`` or one letter (as ``tags audit`` finds them); ties go to the first name."""
    from vaultkit.tags.audit import MIN_EDIT_LENGTH, _one_edit, _plural_key

    names = sorted(counts)
    parent = {n: n for n in names}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[str, list[str]] = defaultdict(list)
    deletions: dict[str, list[str]] = defaultdict(list)
    for name in names:
        buckets[_plural_key(name.replace("_", "-"))].append(name)
        if len(name) >= MIN_EDIT_LENGTH - 1:
            for i in range(len(name)):
                deletions[name[:i] + name[i + 1 :]].append(name)
            deletions[name].append(name)
    for group in buckets.values():
        for other in group[1:]:
            parent[find(other)] = find(group[0])
    for group in deletions.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if find(a) != find(b) and _one_edit(a, b):
                    parent[find(b)] = find(a)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[find(name)].append(name)
    merged = {}
    for members in groups.values():
        if len(members) > 1:
            best = min(members, key=lambda m: (-counts[m], m))
            merged.update({m: best for m in members if m != best})
    return merged


def tags_of(doc: Doc, merged: dict[str, str]) -> frozenset[str]:
    """The note's tags, near-duplicates merged."""
    return frozenset(merged.get(t, t) for t in doc.tags)


def _bump(counts: dict[str, int], key: str, sign: int) -> None:
    value = counts.get(key, 0) + sign
    if value:
        counts[key] = value
    else:
        counts.pop(key, None)


def _count(stats: Stats, doc: Doc, sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) one note's counts; ``abc`` is left to the caller."""
    tags = tags_of(doc, stats.merged)
    stats.n += sign
    stats.tagged += sign if tags else 0
    stats.note_tags.pop(doc.path, None)
    if sign > 0:
        stats.note_tags[doc.path] = tags
    for t in doc.tags:
        _bump(stats.raw, t, sign)
    for name in doc.written:
        counts = stats.written.setdefault(name.lower(), {})
        _bump(counts, name, sign)
        if not counts:
            del stats.written[name.lower()]
    for t in tags:
        _bump(stats.popularity, t, sign)
    scale = sign / length(doc)
    for w, c in doc.words.items():
        _bump(stats.df, w, sign)
        if not tags:
            continue
        sums = stats.by_word.setdefault(w, {})
        for t in tags:
            value = sums.get(t, 0.0) + tf(c) * scale
            if abs(value) > EPSILON:
                sums[t] = value
            else:
                sums.pop(t, None)
        if not sums:
            del stats.by_word[w]
    _count_keys(stats.link_docs, stats.link_tags, doc.links, tags, sign)
    _count_keys(stats.place_docs, stats.place_tags, places(doc, doc.kinds), tags, sign)


def _count_keys(
    docs: dict[str, int],
    tags_by_key: dict[str, dict[str, int]],
    keys: Iterable[str],
    tags: frozenset[str],
    sign: int,
) -> None:
    for key in keys:
        _bump(docs, key, sign)
        counts = tags_by_key.setdefault(key, {})
        for t in tags:
            _bump(counts, t, sign)
        if not counts:
            del tags_by_key[key]


def _norm_sums(stats: Stats, words: Iterable[str], sign: int) -> None:
    """Add (or take out) the words' parts of every tag's ``abc`` sums."""
    for w in words:
        df = stats.df.get(w, 0)
        if df < 2:
            continue
        g = math.log(df)
        for t, s in stats.by_word.get(w, {}).items():
            part = sign * s * s
            sums = stats.abc.setdefault(t, [0.0, 0.0, 0.0])
            sums[0] += part
            sums[1] += g * part
            sums[2] += g * g * part


def build_stats(docs: list[Doc]) -> Stats:
    """Every statistic, from every note (a note's own share is taken out when it is scored)."""
    raw: dict[str, int] = defaultdict(int)
    for d in docs:
        for t in d.tags:
            raw[t] += 1
    stats = Stats(merged=near_duplicates(dict(raw)))
    for d in docs:
        _count(stats, d, 1)
    _norm_sums(stats, list(stats.by_word), 1)
    stats.derive()
    return stats


def apply_delta(stats: Stats, removed: list[Doc], added: list[Doc]) -> bool:
    """Take the ``removed`` notes out of ``stats`` and put the ``added`` ones in (a changed
    note is in both lists, as it was and as it is). ``stats`` must hold every entry these
    notes touch. False (``stats`` then unusable) when the near-duplicate groups changed: the
    caller rebuilds."""
    words = {w for d in (*removed, *added) for w in d.words}
    _norm_sums(stats, words, -1)
    for d in removed:
        _count(stats, d, -1)
    for d in added:
        _count(stats, d, 1)
    if near_duplicates(stats.raw) != stats.merged:
        return False
    _norm_sums(stats, words, 1)
    for t in [t for t in stats.abc if t not in stats.popularity]:
        del stats.abc[t]
    stats.derive()
    return True
