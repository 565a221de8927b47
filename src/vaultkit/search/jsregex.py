"""JavaScript regular expressions (Obsidian's flavour) translated to Python's ``re``.

What differs and is translated: ``\\d``/``\\w``/``\\b`` (ASCII in JavaScript),
``\\s`` (with U+FEFF), ``.``, ``^`` and ``$`` (line terminators are ``\\n``, ``\\r``,
U+2028, U+2029), ``[^]`` and ``[]``, ``(?<name>`` and ``\\k<name>``, ``\\/``, a ``[``
inside a class, and escapes of letters JavaScript reads as the letter itself (``\\A``).
What cannot be translated is refused with a message: ``\\p{…}`` classes, ``\\c``
controls, Python-only syntax JavaScript rejects (``(?P<``, ``(?>``, possessive ``*+``), and
any pattern the engine rejects. ``^`` and ``$`` match at every line start and end
(JavaScript's ``m`` flag), as in a note's lines.

Patterns run on the ``regex`` module (``re``'s syntax, plus JavaScript's variable-width
look-behind): it backtracks, as JavaScript does (backreferences and lookaround need it;
RE2 has neither), but takes a ``timeout`` on every call, so the time one note may take is
bounded in any thread (the MCP server searches from worker threads) and on any system,
where a timer signal works only in the main thread of a POSIX process. ``Budget`` gives
each note its time; a pattern used outside one gets ``NOTE_BUDGET`` per call.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

from vaultkit.errors import VaultkitError

NOTE_BUDGET = 1.0
"""Seconds one regular expression may spend on one note before the search is stopped."""

_DOT = r"[^\n\r\u2028\u2029]"
_W = "[A-Za-z0-9_]"
_TERMINATORS = r"\n\r\u2028\u2029"
_CLASS_ESCAPES = {"d": "0-9", "D": r"\x00-/:-\U0010ffff", "w": "A-Za-z0-9_", "s": r"\s\ufeff"}
_ESCAPES = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": _W,
    "W": "[^A-Za-z0-9_]",
    "s": r"[\s\ufeff]",
    "S": r"[^\s\ufeff]",
    "b": f"(?:(?<={_W})(?!{_W})|(?<!{_W})(?={_W}))",
    "B": f"(?:(?<={_W})(?={_W})|(?<!{_W})(?!{_W}))",
}
_ANCHORS = {"^": f"(?<![^{_TERMINATORS}])", "$": f"(?=[{_TERMINATORS}]|\\Z)"}
_KEEP = set("sSbBtnrvf0123456789xu^$\\.*+?()[]{}|/-")


class RegexUnsupported(VaultkitError):
    """A regular expression vaultkit cannot run as JavaScript would."""

    def __init__(self, pattern: str, reason: str) -> None:
        super().__init__(f"cannot use the regular expression /{pattern}/: {reason}")
        self.pattern = pattern


class RegexTimeout(VaultkitError):
    """A regular expression that took too long on one note (catastrophic backtracking)."""

    def __init__(self, pattern: str, path: str) -> None:
        super().__init__(
            f"the regular expression /{pattern}/ took more than {NOTE_BUDGET:g} s on {path};"
            " simplify it (nested repetition such as (a+)+ backtracks exponentially)"
        )


def closing_slash(text: str, start: int) -> int:
    """Where the JavaScript ``/regex/`` literal opened by the ``/`` at ``start`` closes: the
    first ``/`` neither escaped nor inside ``[...]``; -1 when it never does. Shared by the
    search language and the Bases expression lexer."""
    end = start + 1
    in_class = False
    while end < len(text):
        char = text[end]
        if char == "\\":
            end += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "/" and not in_class:
            return end
        end += 1
    return -1


def translate(pattern: str) -> str:
    """The Python equivalent of the JavaScript ``pattern`` (no flags)."""
    out: list[str] = []
    i = 0
    n = len(pattern)
    in_class = False
    class_start = -1
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 >= n:
                raise RegexUnsupported(pattern, "it ends with a lone backslash")
            nxt = pattern[i + 1]
            i += 2
            if nxt in "pP" and i < n and pattern[i] == "{":
                raise RegexUnsupported(
                    pattern, "Unicode property classes (\\p{…}) are not supported"
                )
            if nxt == "c":
                raise RegexUnsupported(pattern, "control escapes (\\c) are not supported")
            if nxt == "k" and i < n and pattern[i] == "<":
                close = pattern.find(">", i)
                if close < 0:
                    raise RegexUnsupported(pattern, "\\k< is never closed")
                out.append(f"(?P={pattern[i + 1 : close]})")
                i = close + 1
                continue
            if in_class and nxt in _CLASS_ESCAPES:
                out.append(_CLASS_ESCAPES[nxt])
            elif in_class and nxt == "W":
                out.append(r"\x00-/:-@\[-^`{-\U0010ffff")
            elif not in_class and nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
            elif nxt in _KEEP:
                out.append("\\" + nxt)
            else:  # JavaScript reads an unknown escape as the character itself
                out.append(re.escape(nxt))
            continue
        if in_class:
            if char == "]":
                in_class = False
            elif char == "[" or (char in "&~|" and pattern[i + 1 : i + 2] == char):
                out.append("\\")  # literal in JavaScript; a warning or a set operation in Python
            out.append(char)
            i += 1
            continue
        if char == "[":
            if pattern.startswith("[^]", i):
                out.append(r"[\s\S]")
                i += 3
                continue
            if pattern.startswith("[]", i):
                out.append("(?!)")
                i += 2
                continue
            in_class = True
            class_start = i
            out.append(char)
            if pattern.startswith("[^", i):
                out.append("^")
                i += 1
            i += 1
            if i < n and pattern[i] == "]":  # "[^]" handled above; "[]]" cannot start here
                out.append("\\]")
                i += 1
            continue
        if char == ".":
            out.append(_DOT)
        elif char in _ANCHORS:
            out.append(_ANCHORS[char])
        elif char == "(" and pattern.startswith("(?", i):
            if pattern.startswith("(?<", i) and pattern[i + 3 : i + 4] not in {"=", "!"}:
                out.append("(?P<")
                i += 3
                continue
            if pattern[i + 2 : i + 3] not in {":", "=", "!", "<"}:
                raise RegexUnsupported(pattern, f"'{pattern[i : i + 3]}' is not JavaScript syntax")
            out.append(char)
        elif char in "*+?}" and pattern[i + 1 : i + 2] == "+":
            raise RegexUnsupported(pattern, "possessive quantifiers are not JavaScript syntax")
        else:
            out.append(char)
        i += 1
    if in_class:
        raise RegexUnsupported(pattern, f"the class opened at {class_start + 1} is never closed")
    return "".join(out)


def compile_js(pattern: str, ignore_case: bool) -> JsPattern:
    """Compile the JavaScript ``pattern``; raises ``RegexUnsupported`` with the reason."""
    import regex  # type: ignore[import-untyped,import-not-found,unused-ignore]

    flags = regex.MULTILINE | (regex.IGNORECASE if ignore_case else 0)
    try:
        return JsPattern(pattern, regex.compile(translate(pattern), flags))
    except regex.error as error:
        raise RegexUnsupported(pattern, str(error)) from None


_current = threading.local()
"""The running note's deadline (``time.monotonic()``) and path, per thread."""


class JsPattern:
    """A compiled pattern whose every call is bounded by the time left to the note."""

    def __init__(self, source: str, compiled: Any) -> None:
        self.source = source
        self._compiled = compiled

    def search(self, text: str) -> Any:
        """The first match in ``text``, or None."""
        try:
            return self._compiled.search(text, timeout=_time_left())
        except TimeoutError:
            raise RegexTimeout(self.source, getattr(_current, "path", "")) from None

    def finditer(self, text: str, low: int, high: int) -> Iterator[Any]:
        """Every match in ``text[low:high]`` (anchors see the whole text)."""
        try:
            yield from self._compiled.finditer(text, low, high, timeout=_time_left())
        except TimeoutError:
            raise RegexTimeout(self.source, getattr(_current, "path", "")) from None


def _time_left() -> float:
    deadline: float | None = getattr(_current, "deadline", None)
    if deadline is None:
        return NOTE_BUDGET
    return max(deadline - time.monotonic(), 0.001)


class Budget:
    """Bounds the time each note may take: ``with Budget(pattern) as budget:`` then
    ``budget.start(path)`` before each note; a note over ``NOTE_BUDGET`` seconds raises
    ``RegexTimeout`` naming it. Works in any thread: the deadline is the thread's own."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._previous: tuple[float | None, str] = (None, "")

    def __enter__(self) -> Budget:
        self._previous = (getattr(_current, "deadline", None), getattr(_current, "path", ""))
        return self

    def start(self, path: str) -> None:
        """A new note: its budget starts now."""
        _current.deadline = time.monotonic() + NOTE_BUDGET
        _current.path = path

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        _current.deadline, _current.path = self._previous
