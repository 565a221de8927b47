"""Verifying a query on one file, exactly, and collecting what matched where.

A node is evaluated against a ``Scope``: which text its terms look at (``field``), the part
of the note they may match in (``region``), and whether case matters. A result is whether
the node holds and the spans (start, end, term number) its positive content terms matched:
those are the highlighted matches, and the term numbers count term frequencies for BM25.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from vaultkit.search.ast import SCOPES, And, Node, Not, Operator, Or, Property, Term
from vaultkit.search.document import Document, fold
from vaultkit.search.jsregex import JsPattern, compile_js

Hit = tuple[int, int, int]
"""(start, end, term number) of one match in a note's text."""


@dataclass(frozen=True)
class Scope:
    """Where and how terms match."""

    field: str = "any"
    """``any`` (content or path), ``content``, ``path``, ``file``, ``tag`` or ``value``."""
    region: tuple[int, int] | None = None
    """Offsets of the part of the text terms may match in; None: all of it."""
    case: bool = False
    """Whether case matters (``match-case:``)."""
    value: str = ""
    """The property value a ``value`` term looks at."""


class Compiled:
    """A parsed query with its terms numbered and its regular expressions compiled once."""

    def __init__(self, tree: Node, match_case: bool = False) -> None:
        self.tree = tree
        self.match_case = match_case
        self.numbers: dict[int, int] = {}
        self.terms: list[Term] = []
        self._regexes: dict[tuple[int, bool], JsPattern] = {}
        self._folded: dict[int, str] = {}
        self._plain_terms: list[tuple[int, str, Term]] | None = None
        self._plain_done = False
        self._number(tree)

    def _number(self, node: Node) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, Term):
                self.numbers[id(current)] = len(self.terms)
                self.terms.append(current)
            elif isinstance(current, And | Or):
                stack.extend(reversed(current.items))
            elif isinstance(current, Not):
                stack.append(current.item)
            elif isinstance(current, Operator):
                stack.append(current.operand)
            elif isinstance(current, Property) and current.value is not None:
                stack.append(current.value)

    def regex(self, term: Term, case: bool) -> JsPattern:
        """The compiled ``/regex/`` of ``term`` (case-insensitive unless ``case``)."""
        key = (id(term), case)
        found = self._regexes.get(key)
        if found is None:
            found = self._regexes[key] = compile_js(term.text, not case)
        return found

    def _folded_text(self, term: Term) -> str:
        """``fold(term.text)``, once per term."""
        found = self._folded.get(id(term))
        if found is None:
            found = self._folded[id(term)] = fold(term.text)
        return found

    def check(self) -> None:
        """Compile every regular expression now, so a bad one fails before any note."""
        for term in self.terms:
            if term.kind == "regex":
                self.regex(term, self.match_case)

    @property
    def countable(self) -> bool:
        """Whether ``frequencies`` can stand for ``matches``: words and phrases joined by
        AND, OR and negation, no operator, property or regular expression."""
        stack: list[Node] = [self.tree]
        while stack:
            node = stack.pop()
            if isinstance(node, Term):
                if node.kind == "regex":
                    return False
            elif isinstance(node, And | Or):
                stack.extend(node.items)
            elif isinstance(node, Not):
                stack.append(node.item)
            else:
                return False
        return True

    def frequencies(self, doc: Document) -> tuple[bool, dict[int, int]]:
        """For a ``countable`` query: whether ``doc`` matches, and how many hits each term
        number has among what ``matches`` returns, counted by ``str.count`` (the same
        non-overlapping matches as its ``find`` loop) without making a hit of each."""
        plain = self._plain()
        if plain is None:
            return self._count(self.tree, doc)
        case = self.match_case
        text = doc.text if case else doc.folded
        out: dict[int, int] = {}
        for number, needle, term in plain:  # as ``_count`` on an AND of terms, unrolled
            found = text.count(needle)
            if found:
                out[number] = out.get(number, 0) + found
            elif not self.in_string(term, doc.path, Scope(case=case)):
                return False, {}
        return True, out

    def _plain(self) -> list[tuple[int, str, Term]] | None:
        """(number, needle, term) of each term when the query is one word or phrase or an
        AND of them (the usual query), else None; computed once."""
        if not self._plain_done:
            self._plain_done = True
            tree = self.tree
            items: tuple[Node, ...] = (
                (tree,) if isinstance(tree, Term) else tree.items if isinstance(tree, And) else ()
            )
            terms = [t for t in items if isinstance(t, Term) and t.kind != "regex"]
            if items and len(terms) == len(items):
                case = self.match_case
                self._plain_terms = [
                    (self.numbers[id(t)], t.text if case else self._folded_text(t), t)
                    for t in terms
                ]
        return self._plain_terms

    def _count(self, node: Node, doc: Document) -> tuple[bool, dict[int, int]]:
        if isinstance(node, Term):
            case = self.match_case
            needle = node.text if case else self._folded_text(node)
            found = (doc.text if case else doc.folded).count(needle)
            if found:
                return True, {self.numbers[id(node)]: found}
            return self.in_string(node, doc.path, Scope(case=case)), {}
        if isinstance(node, Not):
            return not self._count(node.item, doc)[0], {}
        assert isinstance(node, And | Or)
        every = isinstance(node, And)
        out: dict[int, int] = {}
        any_ok = False
        for item in node.items:
            ok, found_counts = self._count(item, doc)
            if ok:
                any_ok = True
                for number, count in found_counts.items():
                    out[number] = out.get(number, 0) + count
            elif every:
                return False, {}
        return (every or any_ok), out

    def matches(self, doc: Document) -> tuple[bool, list[Hit]]:
        """Whether ``doc`` matches, and the content spans that matched (sorted, distinct)."""
        ok, hits = self.eval(self.tree, doc, Scope(case=self.match_case))
        return ok, sorted(set(hits)) if ok else []

    def eval(self, node: Node, doc: Document, scope: Scope) -> tuple[bool, list[Hit]]:
        """Evaluate ``node`` on ``doc`` within ``scope``."""
        if isinstance(node, Term):
            return self.term(node, doc, scope)
        if isinstance(node, And):
            hits: list[Hit] = []
            for item in node.items:
                ok, found = self.eval(item, doc, scope)
                if not ok:
                    return False, []
                hits.extend(found)
            return True, hits
        if isinstance(node, Or):
            any_ok = False
            hits = []
            for item in node.items:
                ok, found = self.eval(item, doc, scope)
                if ok:
                    any_ok = True
                    hits.extend(found)
            return any_ok, hits
        if isinstance(node, Not):
            ok, _ = self.eval(node.item, doc, scope)
            return not ok, []
        if isinstance(node, Operator):
            return self.operator(node, doc, scope)
        return self.property(node, doc, scope), []

    def operator(self, node: Operator, doc: Document, scope: Scope) -> tuple[bool, list[Hit]]:
        name = node.name
        if name in {"file", "path", "content", "tag"}:
            return self.eval(node.operand, doc, replace(scope, field=name))
        if name in {"match-case", "ignore-case"}:
            return self.eval(node.operand, doc, replace(scope, case=name == "match-case"))
        assert name in SCOPES
        inner = replace(scope, field="content" if scope.field == "any" else scope.field)
        low, high = scope.region or (0, len(doc.text))
        any_ok = False
        hits: list[Hit] = []
        for start, end in doc.units(name):
            if end < low or start > high:
                continue
            ok, found = self.eval(
                node.operand, doc, replace(inner, region=(max(start, low), min(end, high)))
            )
            if ok:
                any_ok = True
                hits.extend(found)
        return any_ok, hits

    def term(self, term: Term, doc: Document, scope: Scope) -> tuple[bool, list[Hit]]:
        field = scope.field
        if field == "value":
            return self.value_term(term, scope), []
        if field == "tag":
            return self.tag_term(term, doc, scope)
        if field in {"path", "file"}:
            return self.in_string(term, doc.path if field == "path" else doc.name, scope), []
        number = self.numbers[id(term)]
        hits = self.in_text(term, doc, scope, number)
        if hits or field == "content":
            return bool(hits), hits
        return self.in_string(term, doc.path, scope), []  # "any": the path as well

    def in_text(self, term: Term, doc: Document, scope: Scope, number: int) -> list[Hit]:
        """Every match of ``term`` in the note's text within the scope's region."""
        text = doc.text if scope.case else doc.folded
        low, high = scope.region or (0, len(text))
        if term.kind == "regex":
            pattern = self.regex(term, scope.case)
            return [
                (m.start(), m.end(), number)
                for m in pattern.finditer(doc.text, low, high)
                if m.end() > m.start() or high > low
            ]
        needle = term.text if scope.case else self._folded_text(term)
        hits = []
        find = text.find
        size = len(needle)
        pos = find(needle, low, high)
        while pos >= 0:
            hits.append((pos, pos + size, number))
            pos = find(needle, pos + size, high)
        return hits

    def in_string(self, term: Term, value: str, scope: Scope) -> bool:
        if term.kind == "regex":
            return self.regex(term, scope.case).search(value) is not None
        if scope.case:
            return term.text in value
        return self._folded_text(term) in fold(value)

    def tag_term(self, term: Term, doc: Document, scope: Scope) -> tuple[bool, list[Hit]]:
        """``tag:``: a tag equal to the term or nested below it (``#a`` finds ``#a/b``)."""
        low, high = scope.region or (0, len(doc.text))
        number = self.numbers[id(term)]
        hits = []
        if term.kind == "regex":
            pattern = self.regex(term, scope.case)
            for name, start, end in doc.tags:
                if low <= start <= high and pattern.search("#" + name):
                    hits.append((start, end, number))
            return bool(hits), hits
        wanted = term.text.strip().lstrip("#").lower()
        for name, start, end in doc.tags:
            if low <= start <= high and (name == wanted or name.startswith(wanted + "/")):
                hits.append((start, end, number))
        return bool(hits), hits

    def value_term(self, term: Term, scope: Scope) -> bool:
        """A term inside ``[prop:…]``: words are substrings, a phrase is the whole value."""
        if term.kind == "phrase":
            if scope.case:
                return scope.value == term.text
            return fold(scope.value) == fold(term.text)
        return self.in_string(term, scope.value, scope)

    def property(self, node: Property, doc: Document, scope: Scope) -> bool:
        wanted = node.name.lower()
        present = [v for k, v in doc.frontmatter.items() if str(k).lower() == wanted]
        if not present:
            return False
        value = present[0]
        if node.null:
            return value is None
        if node.compare is not None:
            return _compare(value, *node.compare)
        if node.value is None:
            return True
        for text in _value_texts(value):
            if self.eval(node.value, doc, replace(scope, field="value", value=text))[0]:
                return True
        return False


def _value_texts(value: Any) -> list[str]:
    """The strings a property value offers to ``[prop:…]``: each item of a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return [t for item in value for t in _value_texts(item)]
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _value_texts(item)]
    if isinstance(value, float) and value.is_integer():
        return [str(int(value)), str(value)]
    return [str(value)]


def _compare(value: Any, op: str, number: float) -> bool:
    """``[prop:<n]`` / ``[prop:>n]``: a number (or numeric text) compared with ``number``."""
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, bool) or item is None:
            continue
        try:
            found = float(item)
        except (TypeError, ValueError):
            continue
        if math.isnan(found):
            continue
        if (found < number) if op == "<" else (found > number):
            return True
    return False
