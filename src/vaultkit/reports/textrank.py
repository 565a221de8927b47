"""TextRank (Mihalcea and Tarau, 2004): the sentences most central to a text, ranked by
PageRank over a graph whose edges join sentences that share words.

Deterministic and offline: no model, no randomness; ties go to the earlier sentence. The
graph is a networkx graph; PageRank is the power iteration networkx documents for
``nx.pagerank`` (damping 0.85, dangling weight spread evenly), written out here so that the
summary needs neither numpy nor scipy (networkx's own ``pagerank`` imports scipy).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

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
    """Lower-cased words without stop words, plurals folded (``members`` → ``member``)."""
    words = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        if word in STOPWORDS or len(word) < 2 or word.isdigit():
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append(word)
    return words


def similarity(a: Counter[str], b: Counter[str]) -> float:
    """Words in common over the log of the lengths (TextRank's sentence similarity)."""
    common = sum(min(a[w], b[w]) for w in a.keys() & b.keys())
    if not common:
        return 0.0
    return common / (math.log(1 + sum(a.values())) + math.log(1 + sum(b.values())))


COMMON_SHARE = 0.5
"""Words in more than this share of the texts (``the CC says …`` in every sentence of a
reading note) join everything to everything: they are left out once there are 6 texts."""


def sentence_graph(texts: Sequence[str]) -> Any:
    """A networkx graph: one node per text, an edge weighted by similarity where it is > 0."""
    import networkx as nx

    bags = [Counter(content_words(t)) for t in texts]
    if len(bags) >= 6:
        spread = Counter(word for bag in bags for word in bag)
        common = {w for w, n in spread.items() if n > COMMON_SHARE * len(bags)}
        bags = [Counter({w: n for w, n in bag.items() if w not in common}) for bag in bags]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(texts)))
    holders: dict[str, list[int]] = {}
    for index, bag in enumerate(bags):
        for word in bag:
            holders.setdefault(word, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for indexes in holders.values():
        for i, first in enumerate(indexes):
            for second in indexes[i + 1 :]:
                pairs.add((first, second))
    for first, second in sorted(pairs):
        weight = similarity(bags[first], bags[second])
        if weight > 0:
            graph.add_edge(first, second, weight=weight)
    return graph


def pagerank(
    graph: Any, alpha: float = 0.85, max_iter: int = 200, tol: float = 1.0e-8
) -> dict[int, float]:
    """Weighted PageRank of an undirected graph by power iteration (networkx's algorithm)."""
    nodes = list(graph.nodes)
    count = len(nodes)
    if count == 0:
        return {}
    strength = {n: graph.degree(n, weight="weight") for n in nodes}
    rank = dict.fromkeys(nodes, 1.0 / count)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[n] for n in nodes if strength[n] == 0) / count
        new = dict.fromkeys(nodes, (1.0 - alpha) / count + dangling)
        for node in nodes:
            if strength[node] == 0:
                continue
            share = alpha * rank[node] / strength[node]
            for neighbour, data in graph[node].items():
                new[neighbour] += share * data["weight"]
        error = sum(abs(new[n] - rank[n]) for n in nodes)
        rank = new
        if error < count * tol:
            break
    return rank


def rank_texts(texts: Sequence[str]) -> list[float]:
    """TextRank score of each text, in input order."""
    scores = pagerank(sentence_graph(texts))
    return [scores.get(i, 0.0) for i in range(len(texts))]


def top(texts: Sequence[str], count: int) -> list[tuple[int, float]]:
    """The ``count`` best texts as (index, score), in document order."""
    scores = rank_texts(texts)
    best = sorted(range(len(texts)), key=lambda i: (-round(scores[i], 12), i))[:count]
    return [(i, scores[i]) for i in sorted(best)]
