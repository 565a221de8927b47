"""DQL text to the AST: a recursive-descent parser with Dataview's grammar and precedence.

Precedence from loosest: ``and``/``or`` (one level, left to right, as in Dataview), then
comparisons, then ``+ -``, then ``* / %``, then postfix ``.name``, ``[index]``, ``(args)``
written directly after an atom. Sources: Dataview docs/reference/expressions.md,
reference/literals.md, reference/sources.md, queries/structure.md, query-types.md and
data-commands.md. A failed alternative backtracks; the error reports the furthest point
reached and what would have been accepted there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from vaultkit.query import ast
from vaultkit.query.dates import SHORTHANDS, shorthand
from vaultkit.query.lexer import Scanner
from vaultkit.query.limits import MAX_NESTING
from vaultkit.query.literals import (
    read_date,
    read_duration,
    read_link,
    read_number,
    read_string,
    read_tag,
)

KEYWORDS = {"FROM", "WHERE", "LIMIT", "GROUP", "FLATTEN"}
"""Words that cannot name a field (use ``row["where"]``), as in Dataview."""
_COMPARE = re.compile(r">=|<=|!=|>|<|=")
_BOOL_WORD = re.compile(r"(?i:and|or)(?![\w\-])|&|\|")
_DIRECTION = re.compile(r"(?i:ascending|descending|asc|desc)(?![\w\-])")
_PLUS_MINUS = re.compile(r"[+\-]")
_TIMES = re.compile(r"[*/%]")
_T = TypeVar("_T")
_CONSTANT = re.compile(r"(true|false|True|False|null)(?![\w\-])")


class Parser:
    """Parses one query or expression text."""

    def __init__(self, text: str, now: dt.datetime | None = None) -> None:
        self.s = Scanner(text)
        self.now = now or dt.datetime.now()
        self.depth = 0

    def _nested(self, parse: Callable[[], _T]) -> _T:
        """Run ``parse`` one nesting level deeper; past ``MAX_NESTING`` a syntax error
        (never a RecursionError)."""
        if self.depth >= MAX_NESTING:
            raise self.s.error(f"nested more than {MAX_NESTING} levels deep", at=self.s.pos)
        self.depth += 1
        try:
            return parse()
        finally:
            self.depth -= 1

    # -- expressions ------------------------------------------------------------------------

    def expression(self) -> ast.Expr | None:
        """A full expression, or None (with the failure recorded)."""
        expr = self._binary(0)
        if expr is not None:
            s = self.s
            end = s.pos
            s.skip_ws()
            s.expect("an operator")
            s.pos = end
        return expr

    _LEVELS: tuple[Callable[[Scanner], str | None], ...] = (
        lambda s: _bool_op(s),
        lambda s: s.regex(_COMPARE, None),
        lambda s: s.regex(_PLUS_MINUS, None),
        lambda s: s.regex(_TIMES, None),
    )

    def _binary(self, level: int) -> ast.Expr | None:
        if level == len(self._LEVELS):
            return self._postfix()
        left = self._binary(level + 1)
        if left is None:
            return None
        while True:
            save = self.s.pos
            op = self._LEVELS[level](self.s)
            right = self._binary(level + 1) if op is not None else None
            if op is None or right is None:
                self.s.pos = save
                return left
            left = ast.BinaryOp(op, left, right)

    def _postfix(self) -> ast.Expr | None:
        node = self._atom()
        if node is None:
            return None
        s = self.s
        while s.pos < len(s.text):
            char = s.text[s.pos]
            save = s.pos
            if char == ".":
                s.pos += 1
                name = s.identifier() if not s.text[s.pos : s.pos + 1].isspace() else None
                if name is None:
                    s.pos = save
                    return node
                node = ast.Index(node, ast.Literal(name))
            elif char == "[":
                s.pos += 1
                index = self.expression()
                if index is None or not s.take("]"):
                    s.pos = save
                    return node
                node = ast.Index(node, index)
            elif char == "(":
                s.pos += 1
                args = self._separated(self.expression, ")")
                if args is None:
                    s.pos = save
                    return node
                node = ast.Call(node, tuple(args))
            else:
                return node
        return node

    def _separated(
        self, item: Callable[[], Any], close: str, allow_empty: bool = True
    ) -> list[Any] | None:
        """Items separated by commas up to ``close`` (consumed); None on failure."""
        s = self.s
        items: list[Any] = []
        if s.peek(close) and allow_empty:
            s.take(close)
            return items
        while True:
            found = item()
            if found is None:
                return None
            items.append(found)
            if s.take(","):
                continue
            return items if s.take(close) else None

    def _atom(self) -> ast.Expr | None:
        return self._nested(self._atom_here)

    def _atom_here(self) -> ast.Expr | None:
        s = self.s
        s.skip_ws()
        start = s.pos
        text, pos = s.text, s.pos
        if text.startswith("![[", pos):
            return self._literal(read_link(text, pos, embed_allowed=True))
        if text.startswith("!", pos):
            s.pos += 1
            child = self._postfix()
            if child is None:
                s.pos = start
                return None
            return ast.Negated(child)
        if text.startswith("[[", pos):
            found = self._literal(read_link(text, pos))
            if found is not None:
                return found
        if text.startswith("[", pos):
            s.pos += 1
            items = self._separated(self.expression, "]")
            if items is not None:
                return ast.ListExpr(tuple(items))
            s.pos = start
        if text.startswith("{", pos):
            return self._object(start)
        if text.startswith("(", pos):
            return self._parens_or_lambda(start)
        for reader in (self._constant, self._number, self._string, self._date, self._duration):
            found = reader()
            if found is not None:
                return found
            s.pos = start
        return self._variable()

    def _literal(self, found: tuple[Any, int] | None) -> ast.Expr | None:
        if found is None:
            return None
        self.s.pos = found[1]
        return ast.Literal(found[0])

    def _constant(self) -> ast.Expr | None:
        match = _CONSTANT.match(self.s.text, self.s.pos)
        if match is None:
            return None
        self.s.pos = match.end()
        word = match.group(0)
        return ast.Literal(None if word == "null" else word.lower() == "true")

    def _number(self) -> ast.Expr | None:
        return self._literal(read_number(self.s.text, self.s.pos))

    def _string(self) -> ast.Expr | None:
        return self._literal(read_string(self.s.text, self.s.pos))

    def _date(self) -> ast.Expr | None:
        s = self.s
        if not s.text.startswith("date(", s.pos):
            return None
        s.pos += 5
        s.skip_ws()
        name = next((n for n in SHORTHANDS if s.text.startswith(n, s.pos)), None)
        if name is not None:
            s.pos += len(name)
            value: Any = shorthand(name, self.now)
        else:
            found = read_date(s.text, s.pos)
            if found is None:
                return None
            value, s.pos = found
        if not s.take(")"):
            return None
        return ast.Literal(value)

    def _duration(self) -> ast.Expr | None:
        s = self.s
        if not s.text.startswith("dur(", s.pos):
            return None
        s.pos += 4
        s.skip_ws()
        found = read_duration(s.text, s.pos)
        if found is None:
            s.expect("a duration like 7 days")
            return None
        value, s.pos = found
        return ast.Literal(value) if s.take(")") else None

    def _variable(self) -> ast.Expr | None:
        s = self.s
        start = s.pos
        name = s.identifier("an expression")
        if name is None:
            return None
        if name.upper() in KEYWORDS:
            s.pos = start
            s.expect("an expression")
            return None
        return ast.Variable(name)

    def _object(self, start: int) -> ast.Expr | None:
        s = self.s
        s.pos += 1

        def entry() -> tuple[str, ast.Expr] | None:
            s.skip_ws()
            found = read_string(s.text, s.pos)
            if found is not None:
                key, s.pos = found
            else:
                name = s.identifier()
                if name is None:
                    return None
                key = name
            if not s.take(":"):
                return None
            value = self.expression()
            return None if value is None else (key, value)

        entries = self._separated(entry, "}")
        if entries is None:
            s.pos = start
            return None
        return ast.ObjectExpr(tuple(entries))

    def _parens_or_lambda(self, start: int) -> ast.Expr | None:
        s = self.s
        s.pos += 1
        params = self._separated(s.identifier, ")")
        if params is not None and s.take("=>", "'=>'"):
            body = self.expression()
            if body is not None:
                return ast.Lambda(tuple(params), body)
        s.pos = start + 1
        inner = self.expression()
        if inner is not None and s.take(")"):
            return inner
        s.pos = start
        return None

    # -- sources ----------------------------------------------------------------------------

    def source(self) -> ast.Source | None:
        """A FROM source: tags, folders, links and ``outgoing(...)`` with and/or/negation."""
        left = self._source_atom()
        if left is None:
            return None
        while True:
            save = self.s.pos
            op = _bool_op(self.s)
            right = self._source_atom() if op is not None else None
            if op is None or right is None:
                self.s.pos = save
                return left
            left = ast.BinarySource(op, left, right)

    def _source_atom(self) -> ast.Source | None:
        return self._nested(self._source_atom_here)

    def _source_atom_here(self) -> ast.Source | None:
        s = self.s
        s.skip_ws()
        text, pos = s.text, s.pos
        if text.startswith("(", pos):
            s.pos += 1
            inner = self.source()
            if inner is not None and s.take(")"):
                return inner
            s.pos = pos
            return None
        if text[pos : pos + 1] in ("-", "!"):
            s.pos += 1
            child = self._source_atom()
            if child is None:
                s.pos = pos
                return None
            return ast.NegatedSource(child)
        if text.startswith("outgoing(", pos):
            s.pos += len("outgoing(")
            s.skip_ws()
            link = read_link(text, s.pos)
            if link is not None:
                s.pos = link[1]
                if s.take(")"):
                    return ast.LinkSource(link[0].path, incoming=False)
            s.pos = pos
            s.expect("a link")
            return None
        link = read_link(text, pos)
        if link is not None:
            s.pos = link[1]
            return ast.LinkSource(link[0].path, incoming=True)
        folder = read_string(text, pos)
        if folder is not None:
            s.pos = folder[1]
            return ast.FolderSource(folder[0])
        tag = read_tag(text, pos)
        if tag is not None and len(tag[0]) > 1:
            s.pos = tag[1]
            return ast.TagSource(tag[0])
        s.expect('a source (#tag, "folder", [[note]] or outgoing([[note]]))')
        return None

    # -- queries ----------------------------------------------------------------------------

    def named(self) -> ast.Named | None:
        """An expression with an optional ``AS name`` (the name defaults to its text)."""
        s = self.s
        s.skip_ws()
        start = s.pos
        expr = self.expression()
        if expr is None:
            return None
        raw = s.text[start : s.pos]
        name = "".join(part.strip() for part in re.split(r"[\r\n]+", raw))
        save = s.pos
        if s.text[s.pos : s.pos + 1].isspace() and s.keyword("AS"):
            s.skip_ws()
            found = read_string(s.text, s.pos)
            if found is not None:
                name, s.pos = found
            else:
                ident = s.identifier()
                if ident is None:
                    s.pos = save
                else:
                    name = ident
        return ast.Named(name, expr, raw.strip())


def _bool_op(s: Scanner) -> str | None:
    word = s.regex(_BOOL_WORD, None)
    if word is None:
        return None
    return "&" if word in ("&",) or word.lower() == "and" else "|"
