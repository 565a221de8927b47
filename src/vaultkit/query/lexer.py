"""The scanner under the parser: a position in the query text, whitespace, keywords,
identifiers, and the furthest failure with what was expected there (for error messages).

DQL is context-sensitive (``a-b`` is one identifier, ``date(2021-01-30)`` a literal, ``#tag``
a source), so the parser reads characters at a position rather than a token stream.
"""

from __future__ import annotations

import re

from vaultkit.errors import QuerySyntaxError
from vaultkit.query.literals import _EMOJI

_WS = re.compile(r"\s*")
_IDENT = re.compile(rf"(?:[^\W\d_]|[{_EMOJI}])(?:[\w\-]|[{_EMOJI}])*")
_WORD_END = re.compile(r"(?![\w\-])")


class Scanner:
    """Reads a query text left to right and remembers the furthest point it failed at."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.fail_pos = -1
        self.expected: list[str] = []

    def at_end(self) -> bool:
        """Whether only whitespace is left."""
        return self.text[self.pos :].strip() == ""

    def skip_ws(self) -> None:
        """Move past whitespace (newlines included)."""
        match = _WS.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def peek(self, literal: str) -> bool:
        """Whether ``literal`` comes next (whitespace skipped first)."""
        self.skip_ws()
        return self.text.startswith(literal, self.pos)

    def take(self, literal: str, what: str | None = None) -> bool:
        """Consume ``literal`` if it comes next; otherwise note it as expected."""
        self.skip_ws()
        if self.text.startswith(literal, self.pos):
            self.pos += len(literal)
            return True
        self.expect(what or repr(literal))
        return False

    def keyword(self, *words: str) -> bool:
        """Consume a keyword (case-insensitive, whole words, ``GROUP BY`` spaced freely)."""
        self.skip_ws()
        start = self.pos
        for index, word in enumerate(words):
            if index:
                self.skip_ws()
            end = self.pos + len(word)
            if self.text[self.pos : end].upper() != word or not _WORD_END.match(self.text, end):
                self.pos = start
                self.expect(" ".join(words))
                return False
            self.pos = end
        return True

    def identifier(self, what: str = "a name") -> str | None:
        """A variable name: a letter or emoji, then letters, digits, ``_`` and ``-``."""
        self.skip_ws()
        match = _IDENT.match(self.text, self.pos)
        if not match:
            self.expect(what)
            return None
        self.pos = match.end()
        return match.group(0)

    def regex(self, pattern: re.Pattern[str], what: str | None) -> str | None:
        """Consume a match of ``pattern`` at the position (``what`` is noted as expected
        when it does not match, unless None)."""
        self.skip_ws()
        match = pattern.match(self.text, self.pos)
        if not match:
            if what is not None:
                self.expect(what)
            return None
        self.pos = match.end()
        return match.group(0)

    def expect(self, what: str) -> None:
        """Record that ``what`` would have been accepted here."""
        if self.pos > self.fail_pos:
            self.fail_pos, self.expected = self.pos, [what]
        elif self.pos == self.fail_pos and what not in self.expected:
            self.expected.append(what)

    def error(self, message: str | None = None, at: int | None = None) -> QuerySyntaxError:
        """A syntax error pointing at the furthest failure (or ``at``)."""
        pos = at if at is not None else max(self.fail_pos, self.pos)
        if message is None:
            wanted = self.expected if pos == self.fail_pos else []
            message = "expected " + _one_of(wanted) if wanted else "unexpected text"
        return syntax_error(self.text, pos, message)


def _one_of(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


def syntax_error(text: str, pos: int, message: str) -> QuerySyntaxError:
    """An error naming line and column, with the line and a caret under the position."""
    pos = min(max(pos, 0), len(text))
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end < 0 else line_end
    line_no = text.count("\n", 0, pos) + 1
    col = pos - line_start + 1
    found = text[pos:line_end].strip().split(" ")[0][:20]
    got = f"found {found!r}" if found else "found the end of the query"
    line = text[line_start:line_end].replace("\t", " ")
    at = col - 1
    if len(line) > _WINDOW:
        start = max(0, min(at - _WINDOW // 2, len(line) - _WINDOW))
        shown = line[start : start + _WINDOW]
        prefix = "…" if start else ""
        line = prefix + shown + ("…" if start + _WINDOW < len(line) else "")
        at = at - start + len(prefix)
    detail = (
        f"syntax error at line {line_no}, column {col}: {message}\n  {line}\n  {' ' * at}^ {got}"
    )
    return QuerySyntaxError(detail, line_no, col)


_WINDOW = 60
