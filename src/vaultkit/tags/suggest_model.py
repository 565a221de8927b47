"""The statistics tag suggestions are scored from, built once from every note of the vault
(:class:`Stats`), and the near-duplicate groups of the vault's tags (``#organising`` and
``#organizing`` are one tag: the spelling fewer notes use is never suggested, its notes
count for the other)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from vaultkit.tags.corpus import Doc, shown_spellings


@dataclass
class Stats:
    """Vault-wide statistics; a stored model loads only the entries one call needs."""

    n: int
    """Notes in the vault."""
    idf: dict[str, float]
    by_word: dict[str, list[tuple[str, float]]]
    """Word -> (tag, weight of the word in the centroid of the tag's notes)."""
    norm2: dict[str, float]
    """Tag -> squared norm of its centroid."""
    popularity: dict[str, int]
    """Tag -> notes carrying it (near-duplicates merged)."""
    link_docs: dict[str, int]
    link_tags: dict[str, dict[str, int]]
    place_docs: dict[str, int]
    place_tags: dict[str, dict[str, int]]
    spellings: dict[str, str] = field(default_factory=dict)
    """Tag -> the spelling shown."""
    merged: dict[str, str] = field(default_factory=dict)
    """Minority spelling -> the tag of its near-duplicate group that is suggested."""

    def canonical(self, tag: str) -> str:
        """The tag suggested for ``tag`` (itself unless it is a minority spelling)."""
        return self.merged.get(tag, tag)


_TF = [0.0] + [1 + math.log(c) for c in range(1, 256)]
"""Sublinear term frequency ``1 + log(count)`` for the common small counts."""


def vector(doc: Doc, idf: dict[str, float]) -> dict[str, float]:
    """The note's unit TF-IDF vector (sublinear term frequency)."""
    tf = _TF
    vec = {
        w: (tf[c] if c < 256 else 1 + math.log(c)) * idf[w]
        for w, c in doc.words.items()
        if w in idf
    }
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


def build_stats(docs: list[Doc]) -> Stats:
    """Every statistic, from every note (a note's own share is taken out when it is scored)."""
    raw: Counter[str] = Counter(t for d in docs for t in d.tags)
    merged = near_duplicates(dict(raw))
    n = len(docs)
    df = Counter(w for d in docs for w in d.words)
    idf = {w: math.log(n / c) for w, c in df.items() if 2 <= c < n}
    popularity: Counter[str] = Counter()
    centroids: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    link_docs: Counter[str] = Counter()
    link_tags: dict[str, Counter[str]] = defaultdict(Counter)
    place_docs: Counter[str] = Counter()
    place_tags: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        tags = {merged.get(t, t) for t in d.tags}
        popularity.update(tags)
        if tags:  # an untagged note adds to no centroid
            vec = vector(d, idf)
            for t in tags:
                centroid = centroids[t]
                for w, x in vec.items():
                    centroid[w] += x
        for key in d.links:
            link_docs[key] += 1
            counts = link_tags[key]
            for t in tags:
                counts[t] += 1
        for place in places(d, d.kinds):
            place_docs[place] += 1
            counts = place_tags[place]
            for t in tags:
                counts[t] += 1
    by_word: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for t in sorted(centroids):
        for w, x in centroids[t].items():
            by_word[w].append((t, x))
    shown = shown_spellings(docs)
    return Stats(
        n=n,
        idf=idf,
        by_word=dict(by_word),
        norm2={t: sum(x * x for x in c.values()) for t, c in centroids.items()},
        popularity=dict(popularity),
        link_docs=dict(link_docs),
        link_tags={k: dict(v) for k, v in link_tags.items()},
        place_docs=dict(place_docs),
        place_tags={k: dict(v) for k, v in place_tags.items()},
        spellings={t: shown.get(t, t) for t in popularity},
        merged=merged,
    )
