"""Okapi BM25, the relevance order of search results: one set of constants and arithmetic
for the general path (:mod:`vaultkit.search.engine`) and the fused one
(:mod:`vaultkit.search.fused`), so both give the same scores to the last digit."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from vaultkit.search.statecache import kept

if TYPE_CHECKING:
    from vaultkit.index import Index

K1 = 1.2
B = 0.75


def notes_and_mean(index: Index) -> tuple[int, float]:
    """How many notes the index holds and their mean size (kept per index state)."""
    [row] = kept(
        index,
        "notes and mean size",
        lambda: index.query("SELECT count(*), avg(size) FROM files WHERE is_note = 1"),
    )
    return int(row[0] or 0), float(row[1] or 1.0) or 1.0


def bm25_weights(total: int, frequency: dict[int, int]) -> dict[int, float]:
    """The idf of each term number, from its document frequency among ``total`` notes."""
    return {n: math.log(1 + (total - df + 0.5) / (df + 0.5)) for n, df in frequency.items()}


def bm25_score(size: int, freq: dict[int, int], weights: dict[int, float], average: float) -> float:
    """BM25 of a note of ``size`` characters with ``freq`` hits per term number, rounded
    to 4 places (an int 0 when no term counts, as JSON printed it: 0, not 0.0)."""
    norm = K1 * (1 - B + B * max(size, 1) / average)
    score: float = 0
    for n, weight in weights.items():
        tf = freq.get(n, 0)
        if tf:
            score += weight * tf * (K1 + 1) / (tf + norm)
    return round(score, 4)
