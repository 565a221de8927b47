"""Running a search over an index: candidates, exact verification, BM25 ranking, sorting."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.ast import Node, Not, Operator, Property, Term, walk
from vaultkit.search.bm25 import bm25_score, bm25_weights, notes_and_mean
from vaultkit.search.document import Document
from vaultkit.search.evaluate import Compiled, Hit
from vaultkit.search.jsregex import Budget
from vaultkit.search.notetexts import kept_texts
from vaultkit.search.parser import parse_query
from vaultkit.search.plan import candidates
from vaultkit.search.universe import Universe
from vaultkit.store import read_outline

if TYPE_CHECKING:
    from vaultkit.index import Index

SORTS = ("relevance", "name", "name-desc", "modified", "modified-old", "created", "created-old")
"""``--sort`` orders: BM25, then Obsidian's (file name A-Z / Z-A, modified and created time
new to old / old to new)."""

CHUNK = 400


@dataclass(frozen=True)
class Match:
    """One match: 1-based line and column, the line's text, file offsets of the match."""

    line: int
    col: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SearchResult:
    """A file that matched, with its BM25 score and its matches in the text."""

    path: str
    title: str
    score: float
    matches: tuple[Match, ...]


def search(
    index: Index,
    query: str | Node,
    *,
    only: set[str] | None = None,
    sort: str = "relevance",
    match_case: bool = False,
    positions: bool = True,
    shown: int | None = None,
) -> list[SearchResult]:
    """The files of ``index`` matching ``query`` (Obsidian's search language), sorted.

    ``only``: paths the filters selected (None: every file). ``match_case``: Search's
    "Match case" toggle (``ignore-case:`` still ignores it). ``positions``: False leaves
    each result's ``matches`` empty (for a list of paths); ``shown``: only the first
    ``shown`` results get them (for a terminal that shows those). Attachments take part
    only when the query uses ``file:`` or ``path:``. Raises ``SearchSyntaxError``,
    ``RegexUnsupported`` or ``RegexTimeout``."""
    results, with_matches, _ = _ranked(index, query, only, sort, match_case, titled=True)
    if not positions:
        return results
    if shown is None:
        return [with_matches(r) for r in results]
    return [with_matches(r) for r in results[:shown]] + results[shown:]


def search_page(
    index: Index,
    query: str | Node,
    offset: int,
    limit: int,
    *,
    only: set[str] | None = None,
    sort: str = "relevance",
    match_case: bool = False,
) -> tuple[list[SearchResult], int]:
    """``limit`` results from ``offset`` of what ``search`` returns, and how many it
    returns in all: the same notes, scores and order, the matches' lines cut for the page
    only (a common word matches thousands of notes; a page shows a few). In a long-lived
    process a plain query takes ``vaultkit.search.fused`` (the same page and total)."""
    tree = parse_query(query) if isinstance(query, str) else query
    if only is None and sort == "relevance" and not match_case:
        from vaultkit.search.fused import search_page as fused_page

        fused = fused_page(index, tree, offset, limit)
        if fused is not None:
            return fused
    results, with_matches, titled = _ranked(index, tree, only, sort, match_case, titled=False)
    page = titled(results[offset : offset + limit])
    return [with_matches(r) for r in page], len(results)


Found = dict[str, tuple[Document, list[Hit] | None]]
"""Path -> the document and its hits (None: not made yet), of every file that matched."""


Finish = Callable[[list[SearchResult]], list[SearchResult]]


def _ranked(
    index: Index,
    query: str | Node,
    only: set[str] | None,
    sort: str,
    match_case: bool,
    titled: bool,
) -> tuple[list[SearchResult], Callable[[SearchResult], SearchResult], Finish]:
    """Every result sorted, without its matches, how to add a result's matches, and how
    to add their titles to some results (``titled``: every result has its title already;
    else each has an empty one, and a page asks the index for its own only)."""
    tree = parse_query(query) if isinstance(query, str) else query
    compiled = Compiled(tree, match_case)
    compiled.check()
    found, frequencies, counts = verified(index, compiled, only)
    docs = [doc for doc, _ in found]
    scores = _bm25(index, compiled, docs, frequencies, counts, _positive_terms(tree))
    titles = _titles(index, [doc.fid for doc in docs]) if titled else {}
    results = [
        SearchResult(doc.path, titles.get(doc.fid, doc.name) if titled else "", scores[i], ())
        for i, doc in enumerate(docs)
    ]
    by_path: Found = {doc.path: (doc, hits) for doc, hits in found}

    def with_matches(result: SearchResult) -> SearchResult:
        doc, hits = by_path[result.path]
        if hits is None:
            hits = compiled.matches(doc)[1]
        return replace(result, matches=_matches(doc, hits))

    def with_titles(some: list[SearchResult]) -> list[SearchResult]:
        if titled:
            return some
        docs = [by_path[r.path][0] for r in some]
        names = _titles(index, [doc.fid for doc in docs])
        return [
            replace(r, title=names.get(doc.fid, doc.name))
            for r, doc in zip(some, docs, strict=True)
        ]

    return sort_results(index, results, sort), with_matches, with_titles


def verified(
    index: Index, compiled: Compiled, only: set[str] | None
) -> tuple[list[tuple[Document, list[Hit] | None]], list[dict[int, int]], dict[int, int]]:
    """Each file of ``index`` (among the paths ``only``) that matches ``compiled``, in id
    order, with its hits (None when the query is ``countable``: its terms were counted in
    C instead, and ``Compiled.matches`` makes the hits of the files that need them); the
    hits per term number of each; the document frequency of each term the trigram index
    knows (by ``id()`` of the term)."""
    tree = compiled.tree
    nodes = walk(tree)
    operators = {n.name for n in nodes if isinstance(n, Operator)}
    universe = Universe(index, only, attachments=bool(operators & {"file", "path"}))
    counts: dict[int, int] = {}
    bound = candidates(tree, index, universe, counts=counts)
    files = universe.of(bound)
    ids = sorted(files)
    wants = _Wants(
        outline=bool(operators & {"block", "section", "task", "task-todo", "task-done"}),
        tags="tag" in operators,
        frontmatter=any(isinstance(n, Property) for n in nodes),
        fm_lines="block" in operators,
    )
    found: list[tuple[Document, list[Hit] | None]] = []
    frequencies: list[dict[int, int]] = []
    countable = compiled.countable
    regexes = [t.text for t in compiled.terms if t.kind == "regex"]
    with Budget(" / ".join(regexes)) as budget:
        for doc in _documents(index, ids, files, wants):
            if countable:
                ok, freq = compiled.frequencies(doc)
                if ok:
                    found.append((doc, None))
                    frequencies.append(freq)
                continue
            if regexes:
                budget.start(doc.path)
            ok, hits = compiled.matches(doc)
            if ok:
                found.append((doc, hits))
                frequencies.append(Counter(number for _, _, number in hits))
    return found, frequencies, counts


@dataclass(frozen=True)
class _Wants:
    """What the query's operators read beyond the text."""

    outline: bool
    tags: bool
    frontmatter: bool
    fm_lines: bool


def _positive_terms(tree: Node) -> set[int]:
    """``id()`` of the terms that count for ranking: content terms outside negations."""
    out: set[int] = set()
    stack: list[tuple[Node, bool]] = [(tree, True)]
    while stack:
        node, counted = stack.pop()
        if isinstance(node, Term):
            if counted:
                out.add(id(node))
        elif isinstance(node, Not):
            stack.append((node.item, False))
        elif isinstance(node, Operator):
            keep = counted and node.name not in {"file", "path"}
            stack.append((node.operand, keep))
        elif isinstance(node, Property):
            continue
        else:
            stack.extend((item, counted) for item in node.items)
    return out


def _documents(
    index: Index,
    ids: list[int],
    universe: dict[int, tuple[str, bool]],
    wants: _Wants,
) -> Iterator[Document]:
    """The documents of ``ids``, read from the index in chunks."""
    conn = index.conn
    kept = kept_texts(index)
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        marks = ",".join("?" * len(chunk))
        docs = {
            fid: Document(fid, universe[fid][0], is_note=universe[fid][1], frontmatter={})
            for fid in chunk
        }
        if kept is None:
            for fid, text in fulltext.texts_of(conn, [f for f in chunk if docs[f].is_note]):
                docs[fid].text = text
        else:
            texts = kept.texts
            for fid in chunk:
                pair = texts.get(fid)
                if pair is not None and docs[fid].is_note:
                    docs[fid].text, docs[fid]._folded = pair
        if wants.frontmatter or wants.fm_lines:
            for fid, frontmatter, first, last in index.query(
                "SELECT file_id, frontmatter, fm_first, fm_last FROM notes"
                f" WHERE file_id IN ({marks})",
                tuple(chunk),
            ):
                doc = docs[fid]
                if wants.frontmatter and frontmatter and frontmatter != "{}":
                    value = json.loads(frontmatter)
                    doc.frontmatter = value if isinstance(value, dict) else {}
                doc.fm_lines = (first, last) if first is not None and last is not None else None
        if wants.tags:
            for fid, name, start, end in index.query(
                "SELECT src, name_lower, start, end FROM tags"
                f" WHERE in_comment = 0 AND src IN ({marks}) ORDER BY src, seq",
                tuple(chunk),
            ):
                docs[fid].tags.append((name, start, end))
        if wants.outline:
            for fid, headings, items in index.query(
                f"SELECT src, headings, list_items FROM outlines WHERE src IN ({marks})",
                tuple(chunk),
            ):
                parts = read_outline((headings, items), ("headings", "list_items"))
                docs[fid].headings = [h[3] for h in parts["headings"]]
                docs[fid].items = [(i[0], i[1], i[5]) for i in parts["list_items"]]
        yield from (docs[fid] for fid in chunk)


def _matches(doc: Document, hits: list[Hit]) -> tuple[Match, ...]:
    """The matches of ``hits`` (sorted by start): one pass over them and over the text up to
    the last (lines counted by ``str.count``), each line's text cut once however many
    matches it holds."""
    if not hits:
        return ()
    out = []
    text = doc.text
    line = 1
    counted = 0  # the offset up to which line breaks are counted in ``line``
    line_start = line_end = -1
    line_text = ""
    for start, end, _ in hits:
        if start > line_end:
            line += text.count("\n", counted, start)
            counted = start
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            if line_end < 0:
                line_end = len(text)
            if line_end > line_start and text[line_end - 1] == "\r":
                line_end -= 1
            line_text = text[line_start:line_end]
        out.append(Match(line, start - line_start + 1, line_text, start, end))
    return tuple(out)


def _bm25(
    index: Index,
    compiled: Compiled,
    docs: list[Document],
    frequencies: list[dict[int, int]],
    counts: dict[int, int],
    positive: set[int],
) -> list[float]:
    """Okapi BM25 of each found note over the query's positive terms: term frequency = its
    exact matches, document frequency from the trigram index (else among the found notes)."""
    if not docs:
        return []
    total, average = notes_and_mean(index)
    numbered = [t for t in compiled.terms if id(t) in positive]
    frequency: dict[int, int] = {}
    for term in numbered:
        number = compiled.numbers[id(term)]
        df = counts.get(id(term))
        if df is None:
            df = sum(1 for freq in frequencies if freq.get(number))
        frequency[number] = df
    weights = bm25_weights(total, frequency)
    return [
        bm25_score(len(doc.text), freq, weights, average)
        for doc, freq in zip(docs, frequencies, strict=True)
    ]


def _titles(index: Index, ids: list[int]) -> dict[int, str]:
    titles: dict[int, str] = {}
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        marks = ",".join("?" * len(chunk))
        titles.update(
            index.query(
                f"SELECT file_id, title FROM notes WHERE file_id IN ({marks})", tuple(chunk)
            )
        )
    return titles


def sort_results(index: Index, results: list[SearchResult], sort: str) -> list[SearchResult]:
    """``results`` in the ``sort`` order (one of ``SORTS``); ties by path."""
    by_path = sorted(results, key=lambda r: r.path)
    if sort == "relevance":
        return sorted(by_path, key=lambda r: -r.score)
    if sort in {"name", "name-desc"}:
        return sorted(
            by_path, key=lambda r: r.path.rpartition("/")[2].lower(), reverse=sort == "name-desc"
        )
    times = _times(index, [r.path for r in results], sort.startswith("created"))
    return sorted(by_path, key=lambda r: times.get(r.path, 0), reverse=not sort.endswith("-old"))


def _times(index: Index, paths: list[str], created: bool) -> dict[str, float]:
    """Modified (from the index) or created (birth time where the system keeps one, else
    the inode change time) time of each of ``paths``."""
    if not created:
        wanted = set(paths)
        return {
            p: float(m) for p, m in index.query("SELECT path, mtime_ns FROM files") if p in wanted
        }
    out: dict[str, float] = {}
    for path in paths:
        try:
            info = os.stat(index.root / path)
        except OSError:
            continue
        out[path] = float(getattr(info, "st_birthtime", info.st_ctime))
    return out


def first_search_notice(index: Index) -> str | None:
    """What to tell a person whose search will build the trigram index first (None: it is
    built already)."""
    if fulltext.has_trigrams(index.conn):
        return None
    [(notes,)] = index.query("SELECT count(*) FROM note_text")
    return f"Building the search index of {notes:,} notes (once; later searches reuse it)…"
