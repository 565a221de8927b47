"""TextRank (Mihalcea and Tarau, 2004): the sentences most central to a text, ranked by
PageRank over a graph whose edges join sentences that share words; the graph is sparse
(each sentence keeps its nearest neighbours, found through an inverted index), so the cost
grows with the text, not with its square.

Deterministic and offline: no model, no randomness; ties go to the earlier sentence.
PageRank is the power iteration networkx documents for ``nx.pagerank`` (damping 0.85,
dangling weight spread evenly), written out over adjacency maps so that the summary needs
neither networkx's graph objects nor numpy or scipy.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

_STOPWORDS_TEXT = (
    "a about above after again against all also am an and any are as at be because been"
    " before being below between both but by can could did do does doing down during each"
    " even few for from further had has have having he her here hers herself him himself"
    " his how i if in into is it its itself just like may me might more most much must my"
    " myself no nor not now of off on once only or other our ours ourselves out over own"
    " really said same say says she should so some still such than that the their theirs"
    " them themselves then there these they this those through thus to too under until up"
    " upon us very was we were what when where which while who whom why will with would"
    " yet you your yours yourself"
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def content_words(text: str) -> list[str]:
    """Lower-cased words without stop words, plurals and possessives folded (``members`` →
    ``member``, ``county's`` → ``county``, ``it's`` → ``it``, a stop word)."""
    words = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word in STOPWORDS or len(word) < 2 or word.isdigit():
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append(word)
    return words


def similarity(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Words in common over the log of the lengths (TextRank's sentence similarity)."""
    if len(a) > len(b):
        a, b = b, a
    common = sum(min(n, b[w]) for w, n in a.items() if w in b)
    if not common:
        return 0.0
    return common / (math.log(1 + sum(a.values())) + math.log(1 + sum(b.values())))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two weighted bags of words."""
    if len(a) > len(b):
        a, b = b, a
    dot = 0.0
    for term, weight in a.items():
        other = b.get(term)
        if other:
            dot += weight * other
    if not dot:
        return 0.0
    return dot / math.sqrt(_square(a) * _square(b))


def _square(bag: Mapping[str, float]) -> float:
    total = 0.0
    for weight in bag.values():
        total += weight * weight
    return total


COMMON_SHARE = 0.5
"""Words in more than this share of the texts (``the CC says …`` in every sentence of a
reading note) join everything to everything: they are left out once there are 6 texts."""
NEIGHBOURS = 8
"""Edges kept per sentence: its ``NEIGHBOURS`` most similar ones (the union both ways)."""
POSTINGS_WINDOW = 32
"""A word held by more sentences proposes only the ``POSTINGS_WINDOW`` nearest in the text."""
CANDIDATE_WORDS = 8
"""Candidates come from a sentence's ``CANDIDATE_WORDS`` heaviest words."""

Graph = dict[int, dict[int, float]]
"""A weighted undirected graph as adjacency maps: ``graph[a][b] == graph[b][a]``."""


def bags_of(texts: Sequence[str]) -> list[Counter[str]]:
    """Content-word counts of each text, the words of over half of them dropped (6 or more)."""
    bags = [Counter(content_words(t)) for t in texts]
    if len(bags) >= 6:
        spread = Counter(word for bag in bags for word in bag)
        common = {w for w, n in spread.items() if n > COMMON_SHARE * len(bags)}
        if common:
            bags = [Counter({w: n for w, n in bag.items() if w not in common}) for bag in bags]
    return bags


def knn_graph(
    bags: Sequence[Mapping[str, float]],
    measure: Callable[[Mapping[str, float], Mapping[str, float]], float] = similarity,
    neighbours: int = NEIGHBOURS,
) -> Graph:
    """A sparse sentence graph: each bag joined to its ``neighbours`` most similar bags.
    Candidates come from an inverted index over each bag's ``CANDIDATE_WORDS`` heaviest
    words that another bag holds too (a word of one sentence only, the heaviest by IDF,
    proposes no one: taking it would leave a sentence of many rare words without
    neighbours), where a word held by many bags proposes only the ``POSTINGS_WINDOW`` nearest;
    their overlap (the sum of products of shared words'
    weights) is accumulated along the postings, and ``measure`` is computed for the
    ``2 × neighbours`` best only. Work per bag: its words × the window, then a constant
    number of measures — linear in the text, where TextRank's full graph is quadratic."""
    holders: dict[str, list[int]] = {}
    for index, bag in enumerate(bags):
        for word in bag:
            holders.setdefault(word, []).append(index)
    graph: Graph = {i: {} for i in range(len(bags))}
    half = POSTINGS_WINDOW // 2
    for index, bag in enumerate(bags):
        overlap: dict[int, float] = {}
        shared = ((w, x) for w, x in bag.items() if len(holders[w]) > 1)
        heaviest = heapq.nlargest(CANDIDATE_WORDS, shared, key=lambda item: (item[1], item[0]))
        for word, weight in heaviest:
            posting = holders[word]
            if len(posting) > POSTINGS_WINDOW:
                at = bisect.bisect_left(posting, index)
                posting = posting[max(0, at - half) : at + half + 1]
            for other in posting:
                if other != index:
                    overlap[other] = overlap.get(other, 0.0) + weight * bags[other][word]
        shortlist = heapq.nlargest(2 * neighbours, overlap, key=lambda o: (overlap[o], -o))
        scored = [(measure(bag, bags[o]), -o) for o in shortlist]
        for weight, negative in heapq.nlargest(neighbours, (s for s in scored if s[0] > 0)):
            graph[index][-negative] = weight
            graph[-negative][index] = weight
    return graph


def sentence_graph(texts: Sequence[str]) -> Graph:
    """TextRank's graph of ``texts`` (shared content words), kept sparse by ``knn_graph``."""
    return knn_graph(bags_of(texts))


ITERATIONS = 30
"""Power iterations of PageRank when no tolerance is asked for: enough for a ranking, and a
constant, so that the cost is proportional to the edges whatever the graph's shape (a graph
of cliques converges at once, a chain slowly; a tolerance would make the time depend on it)."""


def pagerank(
    graph: Graph, alpha: float = 0.85, max_iter: int = ITERATIONS, tol: float | None = None
) -> dict[int, float]:
    """Weighted PageRank of an undirected graph by power iteration (networkx's algorithm);
    each iteration costs the number of edges. ``max_iter`` iterations, or fewer once the
    change falls below ``tol`` per node when a tolerance is given."""
    nodes = sorted(graph)
    count = len(nodes)
    if count == 0:
        return {}
    strength = {n: sum(graph[n].values()) for n in nodes}
    rank = dict.fromkeys(nodes, 1.0 / count)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[n] for n in nodes if strength[n] == 0) / count
        new = dict.fromkeys(nodes, (1.0 - alpha) / count + dangling)
        for node in nodes:
            if strength[node] == 0:
                continue
            share = alpha * rank[node] / strength[node]
            for neighbour, weight in graph[node].items():
                new[neighbour] += share * weight
        if tol is not None and sum(abs(new[n] - rank[n]) for n in nodes) < count * tol:
            rank = new
            break
        rank = new
    return rank


def rank_texts(texts: Sequence[str]) -> list[float]:
    """TextRank score of each text, in input order."""
    scores = pagerank(sentence_graph(texts))
    return [scores.get(i, 0.0) for i in range(len(texts))]


def top(texts: Sequence[str], count: int) -> list[tuple[int, float]]:
    """The ``count`` best texts as (index, score), in document order."""
    scores = rank_texts(texts)
    best = heapq.nsmallest(count, range(len(texts)), key=lambda i: (-round(scores[i], 12), i))
    return [(i, scores[i]) for i in sorted(best)]
