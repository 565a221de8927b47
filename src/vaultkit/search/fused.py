"""A page of a plain query in a long-lived process: each word counted once, documents
made for the page only.

The general path (:mod:`vaultkit.search.engine`) finds each word's notes, then makes a
``Document`` of every candidate and counts every word in it again, then ranks. For the
usual query (a word or a ``"phrase"``, or an AND of them, perhaps with ``-word``), with
the notes' texts kept in memory (:mod:`vaultkit.search.notetexts`), relevance order, no
filter and no case, this module gives the same page and total from each word's counts
per note (:mod:`vaultkit.search.wordcounts`): the notes holding every word are an
intersection of sets, BM25 runs on the counts, and only the page's results get a
``Document``, a title and matches. A note that holds a word in its path only, or whose
count is not known, is checked as ``Compiled.frequencies`` checks it.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.ast import And, Node, Not, Term
from vaultkit.search.bm25 import K1, B, notes_and_mean
from vaultkit.search.document import Document, fold
from vaultkit.search.engine import SearchResult, _matches, _titles
from vaultkit.search.evaluate import Compiled
from vaultkit.search.notetexts import kept_texts
from vaultkit.search.statecache import kept
from vaultkit.search.wordcounts import Counts, counts, runs
from vaultkit.search.wordindex import forget, word_index

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.search.notetexts import NoteTexts

Pair = tuple[str, str] | None


def plain_terms(tree: Node) -> tuple[list[Term], list[Term]] | None:
    """The positive and the negated terms of a word, a phrase or an AND of them and of
    ``-word`` (at least one positive), or None for any other query."""
    items: tuple[Node, ...] = (tree,) if isinstance(tree, Term) else ()
    if isinstance(tree, And):
        items = tree.items
    positive: list[Term] = []
    negated: list[Term] = []
    for item in items:
        if isinstance(item, Not):
            item, into = item.item, negated
        else:
            into = positive
        if not isinstance(item, Term) or item.kind == "regex" or not item.text:
            return None
        into.append(item)
    return (positive, negated) if positive else None


def search_page(
    index: Index, tree: Node, offset: int, limit: int
) -> tuple[list[SearchResult], int] | None:
    """What ``engine.search_page`` returns for ``tree`` in relevance order with no filter
    and no case, or None when this path does not take the query (the texts are not kept,
    another shape of query, no trigram index to ask)."""
    terms = plain_terms(tree)
    texts = kept_texts(index)
    if texts is None:
        forget(index)  # over the limit now: its memory goes with the texts'
    if terms is None or texts is None:
        return None
    word_index(index, texts, advance=True)
    positive, negated = terms
    notes = _notes(index, texts)
    wanted: list[_Wanted] = []
    bound: set[int] | None = None
    for term in positive:
        want = _Wanted(term, notes)
        if fulltext.indexable(term.text):
            found = counts(index, texts, term.text)
            if found is None or found.members is None:
                return None
            want.counts, want.df = found, len(found.members)
            holding = want.in_paths.union(found.members)
            bound = holding if bound is None else bound & holding
        else:
            want.counts = runs(index, texts, want.needle)
        wanted.append(want)
    unwanted = []
    for term in negated:
        want = _Wanted(term, notes)
        want.counts = runs(index, texts, want.needle)
        unwanted.append(want)
    ids, columns = _rows(notes, texts, bound, wanted, unwanted)
    scores = _scores(index, texts, wanted, ids, columns)
    paths = notes.paths
    keys = zip([-s for s in scores], [paths[f] for f in ids], range(len(ids)), strict=True)
    end = offset + limit
    order = heapq.nsmallest(end, keys) if end * 4 < len(ids) else sorted(keys)[:end]
    page = [i for _, _, i in order[offset:]]
    titles = _titles(index, [ids[i] for i in page])
    compiled = Compiled(tree)
    results = []
    for i in page:
        fid = ids[i]
        path = paths[fid]
        doc = Document(fid, path, frontmatter={})
        pair = texts.texts.get(fid)
        if pair is not None:
            doc.text, doc._folded = pair
        hits = compiled.matches(doc)[1]
        results.append(
            SearchResult(path, titles.get(fid, doc.name), scores[i], _matches(doc, hits))
        )
    return results, len(ids)


class _Notes:
    """The notes a search may return (not excluded): id -> path, and their folded paths
    in one string for finding those holding a needle."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.paths = dict(rows)
        self.ids = [fid for fid, _ in rows]
        self.starts = []
        at = 0
        for _, path in rows:
            self.starts.append(at)
            at += len(path) + 1
        self.joined = "\0".join(fold(path) for _, path in rows)  # fold keeps each length

    def holding(self, needle: str) -> set[int]:
        """Ids of the notes whose folded path contains ``needle``."""
        out = set()
        joined, starts = self.joined, self.starts
        pos = joined.find(needle)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            if pos + len(needle) <= starts[i] + len(self.paths[self.ids[i]]):
                out.add(self.ids[i])
            if i + 1 == len(starts):
                break
            pos = joined.find(needle, max(starts[i + 1], pos + 1))
        return out


def _notes(index: Index, texts: NoteTexts) -> _Notes:
    """The ``_Notes`` of ``index``, kept per index state."""

    def make() -> _Notes:
        rows = index.query("SELECT id, path FROM files WHERE excluded = 0 AND is_note = 1")
        return _Notes([(int(fid), str(path)) for fid, path in rows])

    return kept(index, "fused notes", make, size=len(texts.texts) + 1)


class _Wanted:
    """A term of the query: its folded needle, its counts when known (``df``: its document
    frequency when the trigram index knows it), the notes whose path holds it."""

    def __init__(self, term: Term, notes: _Notes) -> None:
        self.needle = fold(term.text)
        self.counts: Counts | None = None
        self.df: int | None = None
        self.in_paths = notes.holding(self.needle)

    def count(self, fid: int, pair: Pair) -> int:
        """The count of the needle in the note's folded text."""
        known = self.counts
        if known is not None:
            found = known.get(fid)
            if found is not None:
                return found
            if known.complete:
                return 0
        return pair[1].count(self.needle) if pair is not None else 0

    def drop(self, ids: set[int], texts: NoteTexts) -> set[int]:
        """``ids`` without the notes whose text or path holds the needle."""
        if self.counts is not None and self.counts.complete:
            out = ids.difference(self.counts)
        else:
            pairs, needle = texts.texts, self.needle
            out = {f for f in ids if (p := pairs.get(f)) is None or needle not in p[1]}
        return out.difference(self.in_paths)


def _rows(
    notes: _Notes,
    texts: NoteTexts,
    bound: set[int] | None,
    wanted: list[_Wanted],
    unwanted: list[_Wanted],
) -> tuple[list[int], list[list[int]]]:
    """The found notes and each positive term's count in each: those whose text holds
    every positive term are known from the counts (set operations), the others are checked
    one by one."""
    paths, pairs = notes.paths, texts.texts
    files = set(paths) if bound is None else bound.intersection(paths)
    known = [w.counts for w in wanted if w.counts is not None]
    if len(known) < len(wanted):  # a count not known: every note checked one by one
        known, fast = [Counts() for _ in wanted], set()
    else:
        fast = files
        for found in known:
            fast = fast.intersection(found)
    slow = files.difference(fast)
    for want in unwanted:
        fast = want.drop(fast, texts)
    ids = list(fast)
    columns = [[found[f] for f in ids] for found in known]
    for fid in slow:
        tfs = _slow_counts(fid, pairs.get(fid), wanted, unwanted)
        if tfs is not None:
            ids.append(fid)
            for column, tf in zip(columns, tfs, strict=True):
                column.append(tf)
    return ids, columns


def _slow_counts(
    fid: int, pair: Pair, wanted: list[_Wanted], unwanted: list[_Wanted]
) -> list[int] | None:
    """Each positive term's count in a note, or None when the note does not match:
    ``Compiled.frequencies``'s rule, term by term (a term's count, else its path)."""
    tfs = []
    for want in wanted:
        found = want.count(fid, pair)
        if not found and fid not in want.in_paths:
            return None
        tfs.append(found)
    for want in unwanted:
        if want.count(fid, pair) or fid in want.in_paths:
            return None
    return tfs


def _scores(
    index: Index, texts: NoteTexts, wanted: list[_Wanted], ids: list[int], columns: list[list[int]]
) -> list[float]:
    """BM25 of each note exactly as ``engine`` scores it (the same operations in the same
    order, a term at a time): the document frequency of a word the trigram index knows is
    its notes' count, else the count of found notes holding it."""
    if not ids:
        return []
    total, average = notes_and_mean(index)
    norms = kept(index, "bm25 norms", lambda: _norms(texts, average), size=len(texts.texts) + 1)
    empty = K1 * (1 - B + B * 1 / average)  # a note without a kept text: size 0
    norm = [norms.get(f, empty) for f in ids]
    scores: list[float] = [0] * len(ids)  # an int 0 when no term counts, as engine's
    for want, column in zip(wanted, columns, strict=True):
        df = want.df if want.df is not None else sum(1 for tf in column if tf)
        weight = math.log(1 + (total - df + 0.5) / (df + 0.5))
        scores = [
            s + weight * tf * (K1 + 1) / (tf + n) if tf else s
            for s, tf, n in zip(scores, column, norm, strict=True)
        ]
    return [round(s, 4) for s in scores]


def _norms(texts: NoteTexts, average: float) -> dict[int, float]:
    """BM25's length norm of each kept note, as ``bm25.bm25_score`` computes it."""
    return {
        fid: K1 * (1 - B + B * max(len(pair[0]), 1) / average) for fid, pair in texts.texts.items()
    }
