"""Parsing a search query (Obsidian's ``en/Plugins/Search.md``) into a tree.

Grammar, loosest first::

    query    := and ("OR" and)*
    and      := unary+                      juxtaposition is AND
    unary    := "-" unary | primary
    primary  := "(" query ")" | NAME ":" operand | "[" property "]" | term
    operand  := "(" query ")" | term
    term     := WORD | '"' phrase '"' | "/" regex "/"

One pass over the query, no backtracking: each token is read once.
"""

from __future__ import annotations

from vaultkit.errors import VaultkitError
from vaultkit.search.ast import OPERATORS, And, Node, Not, Operator, Or, Property, Term

_STOP = frozenset(" \t\r\n()")


class SearchSyntaxError(VaultkitError):
    """A query that does not parse; the message shows the query with a caret under ``pos``."""

    def __init__(self, message: str, query: str, pos: int) -> None:
        pos = max(0, min(pos, len(query)))
        flat = query.replace("\n", " ").replace("\t", " ")
        super().__init__(f"{message} at column {pos + 1}\n  {flat}\n  {' ' * pos}^")
        self.reason = message
        self.query = query
        self.pos = pos


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.pos = 0
        self.depth = 0
        self.brackets = 0

    def error(self, message: str, pos: int | None = None) -> SearchSyntaxError:
        return SearchSyntaxError(message, self.query, self.pos if pos is None else pos)

    def skip_space(self) -> None:
        while self.pos < len(self.query) and self.query[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        return self.query[self.pos] if self.pos < len(self.query) else ""

    def at_end_of_group(self) -> bool:
        char = self.peek()
        return char == "" or (char == ")" and self.depth > 0) or (char == "]" and self.brackets > 0)

    def at_or(self) -> bool:
        q, p = self.query, self.pos
        return q.startswith("OR", p) and (p + 2 == len(q) or q[p + 2] in _STOP or q[p + 2] == "]")

    def parse(self) -> Node:
        self.skip_space()
        if self.pos >= len(self.query):
            raise self.error("empty query")
        node = self.parse_or()
        self.skip_space()
        if self.pos < len(self.query):
            if self.peek() == ")":
                raise self.error("unmatched ')'")
            raise self.error("unexpected text")
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while True:
            self.skip_space()
            if not self.at_or():
                break
            or_pos = self.pos
            self.pos += 2
            self.skip_space()
            if self.at_end_of_group() or self.at_or():
                raise self.error("OR needs a term on each side", or_pos)
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items: list[Node] = []
        while True:
            self.skip_space()
            if self.at_end_of_group() or self.at_or():
                break
            items.append(self.parse_unary())
        if not items:
            raise self.error("OR needs a term on each side" if self.at_or() else "expected a term")
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        if self.peek() == "-":
            start = self.pos
            self.pos += 1
            if self.at_end_of_group() or self.peek().isspace():
                raise self.error("'-' must be followed by what it excludes", start)
            return Not(self.parse_unary())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        char = self.peek()
        if char == "(":
            return self.parse_group()
        if char == "[":
            return self.parse_property()
        if char in {'"', "/"}:
            return self.parse_term()
        start = self.pos
        end = start
        while end < len(self.query) and self.query[end] not in _STOP and self.query[end] != ":":
            end += 1
        colon = end if self.query[end : end + 1] == ":" else -1
        if colon > start:
            name = self.query[start:colon]
            if name.lower() in OPERATORS:
                self.pos = colon + 1
                if self.at_end_of_group() or self.peek().isspace():
                    raise self.error(f"{name}: needs a term", self.pos)
                operand = self.parse_group() if self.peek() == "(" else self.parse_term()
                return Operator(name.lower(), operand, start)
        return self.parse_term()

    def parse_group(self) -> Node:
        start = self.pos
        self.pos += 1
        self.depth += 1
        self.skip_space()
        if self.peek() == ")":
            raise self.error("empty parentheses", start)
        if not self.peek():
            raise self.error("'(' is never closed", start)
        node = self.parse_or()
        self.skip_space()
        if self.peek() != ")":
            raise self.error("'(' is never closed", start)
        self.pos += 1
        self.depth -= 1
        return node

    def parse_term(self) -> Term:
        start = self.pos
        char = self.peek()
        if char == '"':
            return Term("phrase", self.read_phrase(), start)
        if char == "/":
            return Term("regex", self.read_regex(), start)
        end = start
        query = self.query
        while end < len(query) and query[end] not in _STOP:
            if query[end] == "]" and self.brackets > 0:
                break
            end += 1
        if end == start:
            raise self.error("unmatched ')'" if self.peek() == ")" else "expected a term")
        self.pos = end
        return Term("word", query[start:end], start)

    def read_phrase(self) -> str:
        """A quoted phrase; ``\\"`` stands for a quote inside it."""
        start = self.pos
        query = self.query
        out: list[str] = []
        i = start + 1
        while i < len(query):
            char = query[i]
            if char == "\\" and i + 1 < len(query) and query[i + 1] in '"\\':
                out.append(query[i + 1])
                i += 2
                continue
            if char == '"':
                self.pos = i + 1
                if not out:
                    raise self.error("empty phrase", start)
                return "".join(out)
            out.append(char)
            i += 1
        raise self.error("unclosed quote", start)

    def read_regex(self) -> str:
        """A ``/regex/``: ends at the first ``/`` not escaped nor inside ``[...]``."""
        from vaultkit.search.jsregex import closing_slash

        start = self.pos
        end = closing_slash(self.query, start)
        if end < 0:
            raise self.error("unclosed regular expression (no closing '/')", start)
        if end == start + 1:
            raise self.error("empty regular expression", start)
        self.pos = end + 1
        return self.query[start + 1 : end]

    def parse_property(self) -> Property:
        start = self.pos
        query = self.query
        i = start + 1
        while i < len(query) and query[i] not in ":]":
            i += 1
        if i >= len(query):
            raise self.error("'[' is never closed", start)
        name = query[start + 1 : i].strip()
        if name.startswith('"') and name.endswith('"') and len(name) >= 2:
            name = name[1:-1]
        if not name:
            raise self.error("a property needs a name", start + 1)
        if query[i] == "]":
            self.pos = i + 1
            return Property(name, pos=start)
        self.pos = i + 1
        self.skip_space()
        rest = query[self.pos :]
        close = rest.find("]")
        if close < 0:
            raise self.error("'[' is never closed", start)
        raw = rest[:close].strip()
        if raw.lower() == "null":
            self.pos += close + 1
            return Property(name, null=True, pos=start)
        if raw[:1] in {"<", ">"}:
            try:
                number = float(raw[1:].strip())
            except ValueError:
                raise self.error(f"'{raw[0]}' needs a number", self.pos) from None
            self.pos += close + 1
            return Property(name, compare=(raw[0], number), pos=start)
        if close == 0:
            raise self.error(f"[{name}:] needs a value", self.pos)
        self.brackets += 1
        value = self.parse_or()
        self.brackets -= 1
        self.skip_space()
        if self.peek() != "]":
            raise self.error("'[' is never closed", start)
        self.pos += 1
        return Property(name, value=value, pos=start)


def parse_query(query: str) -> Node:
    """The tree of ``query``; raises ``SearchSyntaxError`` (with a caret) when it is invalid."""
    return _Parser(query).parse()
