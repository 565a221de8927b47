"""Which files could match a query: a superset, found without reading any text.

A word or phrase of three characters or more is looked up in the trigram index (and, for a
bare term, in the paths); ``tag:`` in the tags table; ``file:`` and ``path:`` in the paths.
AND intersects, OR unites; a negation, a regular expression, a short term or a property
gives no bound (None: every file), so the verification scans what its siblings allow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.ast import SCOPES, And, Node, Not, Operator, Or, Property, Term
from vaultkit.search.document import fold

if TYPE_CHECKING:
    from vaultkit.index import Index

Candidates = set[int] | None


def candidates(
    node: Node,
    index: Index,
    paths: dict[int, str],
    field: str = "any",
    counts: dict[int, int] | None = None,
) -> Candidates:
    """Ids among ``paths`` (id -> path) that could match ``node``; None: any of them.

    ``counts`` receives, for each term looked up in the trigram index, how many notes hold
    it (by ``id()`` of the term): the document frequency BM25 needs."""
    if isinstance(node, Term):
        return _term(node, index, paths, field, counts)
    if isinstance(node, And):
        found: Candidates = None
        for item in node.items:
            bound = candidates(item, index, paths, field, counts)
            if bound is not None:
                found = bound if found is None else found & bound
        return found
    if isinstance(node, Or):
        bounds = [candidates(item, index, paths, field, counts) for item in node.items]
        if any(b is None for b in bounds):
            return None
        return set().union(*[b for b in bounds if b is not None])
    if isinstance(node, Not | Property):
        return None
    assert isinstance(node, Operator)
    if node.name in {"file", "path", "content", "tag"}:
        return candidates(node.operand, index, paths, node.name, counts)
    if node.name in SCOPES:
        return candidates(
            node.operand, index, paths, "content" if field == "any" else field, counts
        )
    return candidates(node.operand, index, paths, field, counts)  # match-case, ignore-case


def _term(
    term: Term,
    index: Index,
    paths: dict[int, str],
    field: str,
    counts: dict[int, int] | None,
) -> Candidates:
    if term.kind == "regex" or field == "value":
        return None
    needle = fold(term.text)
    if field in {"path", "file"}:
        if field == "path":
            return {fid for fid, path in paths.items() if needle in fold(path)}
        return {fid for fid, path in paths.items() if needle in fold(path.rpartition("/")[2])}
    if field == "tag":
        name = term.text.strip().lstrip("#").lower()
        rows = index.query(
            "SELECT DISTINCT src FROM tags WHERE in_comment = 0 AND"
            " (name_lower = ? OR substr(name_lower, 1, ?) = ?)",
            (name, len(name) + 1, name + "/"),
        )
        return {fid for (fid,) in rows}
    if not fulltext.indexable(term.text):
        return None
    found = fulltext.notes_containing(index.conn, term.text)
    if found is None:
        return None
    if counts is not None:
        counts[id(term)] = len(found)
    if field == "any":
        found |= {fid for fid, path in paths.items() if needle in fold(path)}
    return found
