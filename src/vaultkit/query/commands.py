"""Whole queries: the query type, ``FROM``, then data commands; and lone expressions.

Grammar from Dataview docs/queries/structure.md, query-types.md and data-commands.md:
``LIST [WITHOUT ID] [expr]``, ``TABLE [WITHOUT ID] expr [AS name], ...``, ``TASK``; an
optional ``FROM source`` right after; then ``WHERE``, ``SORT``, ``GROUP BY``, ``FLATTEN`` and
``LIMIT`` in any order and number. Keywords are case-insensitive.
"""

from __future__ import annotations

import datetime as dt

from vaultkit.errors import QuerySyntaxError
from vaultkit.query import ast
from vaultkit.query.parser import _DIRECTION, Parser

_COMMANDS = "WHERE, SORT, GROUP BY, FLATTEN, LIMIT or the end of the query"


def without_comments(text: str) -> str:
    """``text`` with each ``// comment`` (on its own line or after a clause) blanked to the
    end of its line; ``//`` inside a string or a ``[[link]]`` stays. Positions are kept, so
    errors still point at the right column. One pass, no backtracking."""
    out = list(text)
    i, size = 0, len(text)
    quote = False
    while i < size:
        char = text[i]
        if quote:
            if char == "\\":
                i += 2
                continue
            quote = char != '"'
        elif char == '"':
            quote = True
        elif char == "[" and text.startswith("[[", i):
            newline = text.find("\n", i + 2)
            end = text.find("]]", i + 2, size if newline < 0 else newline)
            if end >= 0:
                i = end + 2
                continue
        elif char == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            end = size if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
            continue
        i += 1
    return "".join(out)


def parse_query(text: str, now: dt.datetime | None = None) -> ast.Query:
    """The AST of a DQL query; raises :class:`QuerySyntaxError` pointing at the problem.
    ``//`` comments are ignored (Dataview's query grammar)."""
    original = text
    text = without_comments(text) if "//" in text else text
    p = Parser(text, now)
    s = p.s
    header = _header(p)
    source: ast.Source = ast.FolderSource("")
    if s.keyword("FROM"):
        found = p.source()
        if found is None:
            raise s.error()
        source = found
    commands: list[ast.Command] = []
    while not s.at_end():
        command = _command(p)
        if command is None:
            if s.fail_pos <= s.pos:
                s.expected = []
                s.fail_pos = s.pos
                s.skip_ws()
                s.expect(_COMMANDS)
            raise s.error()
        commands.append(command)
    return ast.Query(header, source, tuple(commands), original)


def parse_expression(text: str, now: dt.datetime | None = None) -> ast.Expr:
    """The AST of one expression (a ``--where`` filter)."""
    p = Parser(text, now)
    expr = p.expression()
    if expr is None or not p.s.at_end():
        if expr is not None:
            p.s.skip_ws()
            p.s.expect("an operator or the end of the expression")
        raise p.s.error()
    return expr


def _header(p: Parser) -> ast.Header:
    s = p.s
    s.skip_ws()
    start = s.pos
    for kind in ("TABLE", "LIST", "TASK"):
        if s.keyword(kind):
            break
    else:
        if s.keyword("CALENDAR"):
            raise s.error("CALENDAR queries are not supported by vaultkit", at=start)
        s.expected = ["TABLE, LIST or TASK"]
        raise s.error(at=start)
    if kind == "TASK":
        return ast.Header("task")
    show_id = not s.keyword("WITHOUT", "ID")
    fields: list[ast.Named] = []
    if kind == "TABLE":
        while True:
            field = _field(p)
            if field is None:
                break
            fields.append(field)
            if not s.take(","):
                break
        if fields and s.text[s.pos - 1 : s.pos] == ",":
            raise s.error()
        return ast.Header("table", tuple(fields), show_id)
    field = _field(p)
    return ast.Header("list", (field,) if field else (), show_id)


def _field(p: Parser) -> ast.Named | None:
    """A named column, or None when no expression starts here (the position is kept)."""
    start = p.s.pos
    field = p.named()
    if field is None:
        p.s.pos = start
    return field


def _command(p: Parser) -> ast.Command | None:
    s = p.s
    if s.keyword("WHERE"):
        return ast.Where(_required(p))
    if s.keyword("SORT"):
        keys: list[tuple[ast.Named, bool]] = []
        while True:
            field = _required(p)
            direction = s.regex(_DIRECTION, "ASC or DESC")
            keys.append((field, bool(direction and direction.lower().startswith("desc"))))
            if not s.take(","):
                return ast.Sort(tuple(keys))
    if s.keyword("LIMIT"):
        return ast.Limit(_required(p))
    if s.keyword("GROUP", "BY"):
        return ast.GroupBy(_required(p))
    if s.keyword("FLATTEN"):
        return ast.Flatten(_required(p))
    if s.keyword("FROM"):
        raise s.error("FROM must come once, right after the query type", at=s.pos - 4)
    return None


def _required(p: Parser) -> ast.Named:
    field = p.named()
    if field is None:
        raise p.s.error()
    return field


__all__ = ["QuerySyntaxError", "parse_expression", "parse_query"]
