"""A page of a plain query in a long-lived process: each word counted once, documents
made for the page only.

The general path (:mod:`vaultkit.search.engine`) finds each word's notes (the trigram
index's candidates whose folded text holds it), then makes a ``Document`` of every
candidate and counts every word in it again, then ranks. For the usual query (a word or a
``"phrase"``, or an AND of them, perhaps with ``-word``), with the notes' texts kept in
memory (:mod:`vaultkit.search.notetexts`), relevance order, no filter and no case, this
module gives the same page and total with one pass over each word's candidates: the pass
that decides which notes hold the word also counts it (``str.count`` on the folded text,
the verifier's own rule), kept per index state like the notes holding a word; BM25 then
runs on those counts, and only the page's results get a ``Document``, a title and matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.ast import And, Node, Not, Term
from vaultkit.search.document import Document, fold
from vaultkit.search.engine import (
    SearchResult,
    _matches,
    _titles,
    bm25_score,
    bm25_weights,
    notes_and_mean,
)
from vaultkit.search.evaluate import Compiled
from vaultkit.search.notetexts import NoteTexts, kept_texts
from vaultkit.search.statecache import kept
from vaultkit.search.universe import Universe

if TYPE_CHECKING:
    from vaultkit.index import Index

Row = tuple[int, str, int, dict[int, int]]
"""(text length, path, id, count of each positive term by number) of a found note."""


class Counts(dict[int, int]):
    """A word's count in the notes of the trigram index's candidates that hold it (and in
    those of ``NoteTexts.odd``, perhaps 0), with ``members``: the notes holding it as
    ``fulltext.notes_containing`` answers (its document frequency)."""

    members: frozenset[int] = frozenset()


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
    if terms is None or texts is None:
        return None
    positive, negated = terms
    compiled = Compiled(tree)
    universe = Universe(index, None, attachments=False)
    needles = {id(t): fold(t.text) for t in (*positive, *negated)}
    known: dict[int, Counts] = {}
    bound: set[int] | None = None
    for term in positive:
        if not fulltext.indexable(term.text):
            continue
        counted = _counts(index, texts, term.text)
        if counted is None:
            return None
        known[id(term)] = counted
        found = set(counted.members)
        found |= universe.containing(needles[id(term)], "path")
        bound = found if bound is None else bound & found
    files = universe.of(bound)
    pairs = texts.texts
    numbered = [(compiled.numbers[id(t)], needles[id(t)], known.get(id(t))) for t in positive]
    unwanted = [needles[id(t)] for t in negated]
    rows: list[Row] = []
    for fid, (path, _) in files.items():
        pair = pairs.get(fid)
        folded = pair[1] if pair is not None else ""
        folded_path: str | None = None
        freq: dict[int, int] = {}
        for number, needle, counted in numbered:
            found_count = counted.get(fid) if counted is not None else None
            if found_count is None:
                found_count = folded.count(needle)
            if found_count:
                freq[number] = found_count
                continue
            if folded_path is None:
                folded_path = fold(path)
            if needle not in folded_path:
                break
        else:
            for needle in unwanted:
                if needle in folded:
                    break
                if folded_path is None:
                    folded_path = fold(path)
                if needle in folded_path:
                    break
            else:
                rows.append((len(pair[0]) if pair is not None else 0, path, fid, freq))
    scores = _scores(index, positive, compiled, known, rows)
    order = sorted(range(len(rows)), key=lambda i: (-scores[i], rows[i][1]))
    page = order[offset : offset + limit]
    titles = _titles(index, [rows[i][2] for i in page])
    results = []
    for i in page:
        _, path, fid, _ = rows[i]
        doc = Document(fid, path, frontmatter={})
        pair = pairs.get(fid)
        if pair is not None:
            doc.text, doc._folded = pair
        hits = compiled.matches(doc)[1]
        results.append(
            SearchResult(path, titles.get(fid, doc.name), scores[i], _matches(doc, hits))
        )
    return results, len(rows)


def _scores(
    index: Index,
    positive: list[Term],
    compiled: Compiled,
    known: dict[int, Counts],
    rows: list[Row],
) -> list[float]:
    """BM25 of each row as ``engine`` scores it: the document frequency of a word the
    trigram index knows is its notes' count, else the count of found notes holding it."""
    if not rows:
        return []
    total, average = notes_and_mean(index)
    idf: dict[int, int] = {}
    for term in sorted(positive, key=lambda t: compiled.numbers[id(t)]):
        number = compiled.numbers[id(term)]
        counted = known.get(id(term))
        idf[number] = (
            len(counted.members)
            if counted is not None
            else sum(1 for row in rows if row[3].get(number))
        )
    weights = bm25_weights(total, idf)
    return [bm25_score(size, freq, weights, average) for size, _, _, freq in rows]


def _counts(index: Index, texts: NoteTexts, term: str) -> Counts | None:
    """The counts of the indexable ``term`` (kept per index state), or None without a
    trigram index."""
    if not fulltext.ensure_trigrams(index.conn):  # before ``kept``: building it writes
        return None
    return kept(index, ("word counts", term), lambda: _count(index, texts, term))


def _count(index: Index, texts: NoteTexts, term: str) -> Counts:
    """One pass over the trigram index's candidates for ``term``: what
    ``NoteTexts.notes_containing`` decides, each note's count found on the way."""
    conn = index.conn
    needle = fold(term)
    rows = conn.execute(
        "SELECT rowid FROM note_trigrams WHERE note_trigrams MATCH ?",
        (fulltext.trigram_query(term),),
    )
    pairs, odd = texts.texts, texts.odd
    counts = Counts()
    unsure = []
    for (fid,) in rows:
        if fid in odd:
            unsure.append(fid)
            continue
        pair = pairs.get(fid)
        if pair is not None:
            found = pair[1].count(needle)
            if found:
                counts[fid] = found
    members = set(counts)
    if unsure:
        marks = ",".join("?" * len(unsure))
        for (fid,) in conn.execute(
            f"SELECT id FROM note_text WHERE id IN ({marks}) AND body LIKE ?",
            (*unsure, f"%{term}%"),
        ):
            members.add(fid)
    for fid in unsure:  # a note of ``odd`` holding it is counted whether LIKE finds it or not
        pair = pairs.get(fid)
        found = pair[1].count(needle) if pair is not None else 0
        counts[fid] = found
    counts.members = frozenset(members)
    return counts
