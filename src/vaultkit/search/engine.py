"""Running a search over an index: candidates, exact verification, BM25 ranking, sorting."""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.ast import Node, Not, Operator, Property, Term, walk
from vaultkit.search.document import Document
from vaultkit.search.evaluate import Compiled, Hit
from vaultkit.search.jsregex import Budget
from vaultkit.search.parser import parse_query
from vaultkit.search.plan import candidates
from vaultkit.store import read_outline

if TYPE_CHECKING:
    from vaultkit.index import Index

SORTS = ("relevance", "name", "name-desc", "modified", "modified-old", "created", "created-old")
"""``--sort`` orders: BM25, then Obsidian's (file name A-Z / Z-A, modified and created time
new to old / old to new)."""

K1 = 1.2
B = 0.75
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
) -> list[SearchResult]:
    """The files of ``index`` matching ``query`` (Obsidian's search language), sorted.

    ``only``: paths the filters selected (None: every file). ``match_case``: Search's
    "Match case" toggle (``ignore-case:`` still ignores it). Attachments take part only
    when the query uses ``file:`` or ``path:``. Raises ``SearchSyntaxError``,
    ``RegexUnsupported`` or ``RegexTimeout``."""
    tree = parse_query(query) if isinstance(query, str) else query
    compiled = Compiled(tree, match_case)
    compiled.check()
    nodes = walk(tree)
    operators = {n.name for n in nodes if isinstance(n, Operator)}
    attachments = bool(operators & {"file", "path"})
    where = "excluded = 0" + ("" if attachments else " AND is_note = 1")
    universe = {
        fid: (path, bool(is_note))
        for fid, path, is_note in index.query(f"SELECT id, path, is_note FROM files WHERE {where}")
        if only is None or path in only
    }
    counts: dict[int, int] = {}
    paths = {fid: path for fid, (path, _) in universe.items()}
    bound = candidates(tree, index, paths, counts=counts)
    ids = sorted(universe if bound is None else bound & universe.keys())
    needs_outline = bool(operators & {"block", "section", "task", "task-todo", "task-done"})
    needs_tags = "tag" in operators
    found: list[tuple[Document, list[Hit]]] = []
    regexes = [t.text for t in compiled.terms if t.kind == "regex"]
    with Budget(" / ".join(regexes)) as budget:
        for doc in _documents(index, ids, universe, needs_outline, needs_tags):
            if regexes:
                budget.start(doc.path)
            ok, hits = compiled.matches(doc)
            if ok:
                found.append((doc, hits))
    scores = _bm25(index, compiled, found, counts, _positive_terms(tree))
    titles = _titles(index, [doc.fid for doc, _ in found])
    results = [
        SearchResult(
            doc.path,
            titles.get(doc.fid, doc.name),
            scores[i],
            _matches(doc, hits),
        )
        for i, (doc, hits) in enumerate(found)
    ]
    return sort_results(index, results, sort)


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
    outline: bool,
    tags: bool,
) -> Iterator[Document]:
    """The documents of ``ids``, read from the index in chunks."""
    conn = index.conn
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        marks = ",".join("?" * len(chunk))
        docs = {
            fid: Document(fid, universe[fid][0], is_note=universe[fid][1], frontmatter={})
            for fid in chunk
        }
        for fid, text in fulltext.texts_of(conn, [f for f in chunk if docs[f].is_note]):
            docs[fid].text = text
        for fid, frontmatter, first, last in index.query(
            f"SELECT file_id, frontmatter, fm_first, fm_last FROM notes WHERE file_id IN ({marks})",
            tuple(chunk),
        ):
            doc = docs[fid]
            if frontmatter and frontmatter != "{}":
                value = json.loads(frontmatter)
                doc.frontmatter = value if isinstance(value, dict) else {}
            doc.fm_lines = (first, last) if first is not None and last is not None else None
        if tags:
            for fid, name, start, end in index.query(
                "SELECT src, name_lower, start, end FROM tags"
                f" WHERE in_comment = 0 AND src IN ({marks}) ORDER BY src, seq",
                tuple(chunk),
            ):
                docs[fid].tags.append((name, start, end))
        if outline:
            for fid, headings, items in index.query(
                f"SELECT src, headings, list_items FROM outlines WHERE src IN ({marks})",
                tuple(chunk),
            ):
                parts = read_outline((headings, items), ("headings", "list_items"))
                docs[fid].headings = [h[3] for h in parts["headings"]]
                docs[fid].items = [(i[0], i[1], i[5]) for i in parts["list_items"]]
        yield from (docs[fid] for fid in chunk)


def _matches(doc: Document, hits: list[Hit]) -> tuple[Match, ...]:
    """The matches of ``hits`` (sorted by start): one pass over them, each line's text cut
    once however many matches it holds."""
    out = []
    line = 0
    line_start = line_end = -1
    text = ""
    for start, end, _ in hits:
        if start > line_end or line == 0:
            line = doc.line_of(start)
            line_start, line_end = doc.line_span(line)
            text = doc.text[line_start:line_end]
        out.append(Match(line, start - line_start + 1, text, start, end))
    return tuple(out)


def _bm25(
    index: Index,
    compiled: Compiled,
    found: list[tuple[Document, list[Hit]]],
    counts: dict[int, int],
    positive: set[int],
) -> list[float]:
    """Okapi BM25 of each found note over the query's positive terms: term frequency = its
    exact matches, document frequency from the trigram index (else among the found notes)."""
    if not found:
        return []
    [row] = index.query("SELECT count(*), avg(size) FROM files WHERE is_note = 1")
    total, average = int(row[0] or 0), float(row[1] or 1.0) or 1.0
    numbered = [t for t in compiled.terms if id(t) in positive]
    frequencies = [Counter(number for _, _, number in hits) for _, hits in found]
    idf: dict[int, float] = {}
    for term in numbered:
        number = compiled.numbers[id(term)]
        df = counts.get(id(term))
        if df is None:
            df = sum(1 for freq in frequencies if freq[number])
        idf[number] = math.log(1 + (total - df + 0.5) / (df + 0.5))
    scores = []
    for (doc, _), freq in zip(found, frequencies, strict=True):
        norm = K1 * (1 - B + B * max(len(doc.text), 1) / average)
        score = sum(
            weight * freq[n] * (K1 + 1) / (freq[n] + norm) for n, weight in idf.items() if freq[n]
        )
        scores.append(round(score, 4))
    return scores


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


def note_lines(index: Index, path: str) -> list[str]:
    """The lines of the note at ``path`` as indexed (for context around matches)."""
    fid = index.file_id(path)
    if fid is None:
        return []
    texts = list(fulltext.texts_of(index.conn, [fid]))
    return texts[0][1].splitlines() if texts else []


@dataclass(frozen=True)
class BlockResults:
    """One ```query block of a note: where it opens, its query, its results or its error."""

    line: int
    query: str
    results: list[SearchResult]
    error: str | None = None


def run_note_queries(
    index: Index, name: str, *, only: set[str] | None = None, sort: str = "relevance"
) -> tuple[str, list[BlockResults]]:
    """Run every ```query block of the note ``name`` (a name, path or alias), as Obsidian
    embeds search results; returns the note's path and each block's results."""
    from vaultkit.errors import VaultkitError
    from vaultkit.links import find_subject
    from vaultkit.query.blocks import dataview_blocks

    path, _ = find_subject(index, name)
    if path is None:
        raise VaultkitError(f"{name!r} has no note yet; nothing to run")
    lines = note_lines(index, path)
    blocks = []
    for block in dataview_blocks("\n".join(lines), info="query"):
        text = " ".join(block.text.split())
        try:
            blocks.append(BlockResults(block.line, text, search(index, text, only=only, sort=sort)))
        except VaultkitError as error:
            blocks.append(BlockResults(block.line, text, [], str(error)))
    return path, blocks
