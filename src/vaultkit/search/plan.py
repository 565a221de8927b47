"""Which files could match a query: a superset, found without reading any text.

A word or phrase of three characters or more is looked up in the trigram index (and, for a
bare term, in the paths); ``tag:`` in the tags table; ``file:`` and ``path:`` in the paths;
a regular expression by the longest run of plain characters every match must contain.
AND intersects, OR unites; a negation, a short term, a regular expression without such a
run or a property gives no bound (None: every file), so the verification scans what its
siblings allow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.ast import SCOPES, And, Node, Not, Operator, Or, Property, Term
from vaultkit.search.document import fold
from vaultkit.search.statecache import kept

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.search.universe import Universe

Candidates = set[int] | None


def candidates(
    node: Node,
    index: Index,
    paths: Universe,
    field: str = "any",
    counts: dict[int, int] | None = None,
) -> Candidates:
    """Ids of ``paths`` (the files searched) that could match ``node``; None: any of them.

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
    paths: Universe,
    field: str,
    counts: dict[int, int] | None,
) -> Candidates:
    if field == "value":
        return None
    if term.kind == "regex":
        literal = required_literal(term.text)
        if literal is None or field == "tag":
            return None
        term = Term("word", literal, term.pos)
    needle = fold(term.text)
    if field in {"path", "file"}:
        return paths.containing(needle, field)
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
    known = kept(index, ("notes containing", term.text), lambda: _frozen(index, term.text))
    if known is None:
        return None
    found = set(known)
    if counts is not None:
        counts[id(term)] = len(found)
    if field == "any":
        found |= paths.containing(needle, "path")
    return found


def _frozen(index: Index, term: str) -> frozenset[int] | None:
    from vaultkit.search.notetexts import kept_texts

    texts = kept_texts(index)
    if texts is not None:
        return texts.notes_containing(index, term)
    found = fulltext.notes_containing(index.conn, term)
    return None if found is None else frozenset(found)


_QUANTIFIERS = "*?{"
"""After a character these may make it optional: it leaves the run."""


def required_literal(pattern: str) -> str | None:
    """The longest run of plain characters that every match of the JavaScript ``pattern``
    contains, or None when there is none of three characters or more (or the pattern has
    a top-level ``|``). Linear in the pattern; anything unsure ends the run."""
    runs: list[str] = []
    run: list[str] = []
    depth = 0
    i, n = 0, len(pattern)

    def close() -> None:
        if depth == 0 and run:
            runs.append("".join(run))
        run.clear()

    while i < n:
        char = pattern[i]
        if char == "\\" and i + 1 < n:
            escaped = pattern[i + 1]
            i = _after_escape(pattern, i + 2, escaped)
            if depth == 0 and not escaped.isalnum() and (i >= n or pattern[i] not in _QUANTIFIERS):
                run.append(escaped)
            else:
                close()
            continue
        if char == "[":  # a class: skipped whole
            close()
            i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        if char == "(":
            close()
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
            close()
        elif char == "|":
            if depth == 0:
                return None
            close()
        elif char in _QUANTIFIERS:
            if run:
                run.pop()  # the character before may be absent
            close()
            if char == "{":
                end = pattern.find("}", i)
                i = n if end < 0 else end
        elif char in ".+^$":
            close()
        elif depth == 0:
            run.append(char)
        i += 1
    close()
    best = max(runs, key=len, default="")
    return best if fulltext.indexable(best) else None


def _after_escape(pattern: str, i: int, escaped: str) -> int:
    """Where the escape ``\\escaped`` that ends before ``i`` really ends: past the digits of
    ``\\u0041``, ``\\x41``, ``\\u{1F600}``, a backreference, ``\\cJ``, ``\\k<name>`` or
    ``\\p{L}``, which are no literal characters."""
    n = len(pattern)
    if escaped in "uxpPk" and i < n and pattern[i] in "{<":
        end = pattern.find("}" if pattern[i] == "{" else ">", i)
        return n if end < 0 else end + 1
    if escaped == "u":
        return min(n, i + 4)
    if escaped == "x":
        return min(n, i + 2)
    if escaped == "c":
        return min(n, i + 1)
    if escaped.isdigit():
        while i < n and pattern[i].isdigit():
            i += 1
    return i
