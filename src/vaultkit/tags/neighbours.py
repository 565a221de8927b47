"""The neighbour vote, the fifth signal of tag suggestions: a note's nearest other notes vote
for their tags.

Two notes are as similar as the cosine of their TF-IDF vectors, + ``LINKED`` when one links
the other, + ``SAME_FOLDER`` when they share a folder (not the vault root). The
``NEIGHBOURS`` most similar other notes vote for their tags, each with its similarity to the
power ``POWER``; a tag's vote is its voters' weight over all the neighbours' weight (untagged
neighbours count in the total). The note itself is never its own neighbour.

The neighbours are looked for among the candidates only: the notes sharing one of the note's
``RARE_WORDS`` rarest words (words used by 2 to ``MAX_DF`` notes) and the notes linked with it
(it links them or they link it); on four vaults this gives the same held-out figures as every
note (``benchmarks/README.md``, "Ranking, session 8"). The store keeps the postings of the
words used by at most ``MAX_DF`` notes (:mod:`vaultkit.tags.model_store`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vaultkit.tags.corpus import Doc
from vaultkit.tags.suggest_model import tf

NEIGHBOURS = 30
LINKED = 0.1
SAME_FOLDER = 0.15
POWER = 3
RARE_WORDS = 8
MAX_DF = 200
"""Words used by more notes than this are never looked up (nor their postings kept)."""


@dataclass
class Peers:
    """The notes that may be the scored notes' neighbours, and how to find them."""

    docs: dict[str, Doc] = field(default_factory=dict)
    """Path -> the candidate notes (and the scored ones)."""
    postings: dict[str, list[str]] = field(default_factory=dict)
    """Word (used by at most ``MAX_DF`` notes) -> the paths of the notes using it."""
    linking: dict[str, set[str]] = field(default_factory=dict)
    """Path -> the notes linking it."""

    def candidates(self, doc: Doc, df: dict[str, int]) -> set[str]:
        """The paths of the notes that may be ``doc``'s neighbours (never ``doc`` itself)."""
        found: set[str] = set()
        for w in rarest(doc, df):
            found.update(self.postings.get(w, ()))
        found.update(k for k in doc.links if k in self.docs)
        found.update(self.linking.get(doc.path, ()))
        found.discard(doc.path)
        return found & self.docs.keys()


def rarest(doc: Doc, df: dict[str, int]) -> list[str]:
    """The note's ``RARE_WORDS`` rarest words among those used by 2 to ``MAX_DF`` notes."""
    usable = [w for w in doc.words if 2 <= df.get(w, 0) <= MAX_DF]
    return sorted(usable, key=lambda w: (df[w], w))[:RARE_WORDS]


def postings_of(docs: Iterable[Doc], df: dict[str, int]) -> dict[str, list[str]]:
    """Word -> paths, for the words used by at most ``MAX_DF`` notes (what the store keeps)."""
    found: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        for w in doc.words:
            if df.get(w, 0) <= MAX_DF:
                found[w].append(doc.path)
    return dict(found)


def linking_of(docs: Iterable[Doc]) -> dict[str, set[str]]:
    """Path -> the paths of the notes among ``docs`` linking it."""
    found: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for key in doc.links:
            if not key.startswith("?"):
                found[key].add(doc.path)
    return dict(found)


def peers_of(docs: list[Doc], df: dict[str, int]) -> Peers:
    """Every note of the vault as a candidate (the model scoring a whole vault in memory)."""
    return Peers({d.path: d for d in docs}, postings_of(docs, df), linking_of(docs))


def nearest(
    doc: Doc,
    vec: dict[str, float],
    peers: Peers,
    df: dict[str, int],
    idf: dict[str, float],
    norm_of: Callable[[Doc], float],
) -> list[tuple[str, float]]:
    """The ``NEIGHBOURS`` most similar other notes, ``(path, similarity)``, best first;
    ``vec`` is the note's unit TF-IDF vector, ``norm_of`` a candidate's TF-IDF norm."""
    sims: list[tuple[str, float]] = []
    for path in peers.candidates(doc, df):
        other = peers.docs[path]
        words = other.words
        dot = sum(x * tf(words[w]) * idf[w] for w, x in vec.items() if w in words)
        sim = dot / norm_of(other) if dot else 0.0
        if path in doc.links or doc.path in other.links:
            sim += LINKED
        if doc.folder and other.folder == doc.folder:
            sim += SAME_FOLDER
        if sim > 0:
            sims.append((path, sim))
    sims.sort(key=lambda ps: (-ps[1], ps[0]))
    return sims[:NEIGHBOURS]


def vote(
    neighbours: list[tuple[str, float]], tags_of: Callable[[str], Iterable[str]]
) -> dict[str, tuple[float, list[str]]]:
    """Per tag: its voters' weight over all the neighbours' weight, and the voters' paths
    (best first)."""
    total = 0.0
    weight: dict[str, float] = defaultdict(float)
    voters: dict[str, list[str]] = defaultdict(list)
    for path, sim in neighbours:
        w = sim**POWER
        total += w
        for t in tags_of(path):
            weight[t] += w
            voters[t].append(path)
    if total <= 0:
        return {}
    return {t: (v / total, voters[t]) for t, v in weight.items()}
