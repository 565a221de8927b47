"""What a query may cost, whoever wrote it (a note's own dataview block included): how deep
an expression may nest, how large a string or list a function may build, and how regular
expressions run without hanging.

Patterns run on RE2 (``google-re2``), which matches in time linear in the text and cannot
backtrack. Patterns RE2 does not accept (lookaround, backreferences) run on the ``regex``
package, whose every call takes a timeout, under a time budget shared by the whole process
(any thread, any OS): a pattern that backtracks for too long fails its row with a clear
error, and once the budget is spent every further such pattern fails at once. Like
JavaScript (Dataview's engine) and unlike Python, RE2's ``\\w``, ``\\d`` and ``\\b`` are
ASCII, and ``$`` matches only at the very end.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from vaultkit.query.operators import EvalError

MAX_NESTING = 64
"""Parentheses, lists, objects and negations nested deeper than this are a syntax error."""
MAX_BUILD = 10_000_000
"""The most characters (or items) a string or list operation may build."""
REGEX_BUDGET = 2.0
"""Seconds the process may spend matching patterns RE2 does not accept."""

_spent = 0.0
_spent_lock = threading.Lock()


def ensure_size(size: float, what: str) -> None:
    """Raise ``EvalError`` when an operation would build more than ``MAX_BUILD``."""
    if size > MAX_BUILD:
        raise EvalError(
            f"{what} would build {size:,.0f} characters or items; the limit is {MAX_BUILD:,}"
        )


def reset_budget() -> None:
    """Give the regular-expression time budget back (a new process has all of it)."""
    global _spent
    _spent = 0.0


class Pattern:
    """A compiled pattern: RE2 where it accepts the syntax, else the ``regex`` package on a
    time budget. Offers what the string functions use."""

    def __init__(self, source: str, translated: str) -> None:
        self.source = source
        self._re2: Any = None
        self._re: Any = None
        try:
            import re2  # type: ignore[import-untyped,import-not-found,unused-ignore]

            options = re2.Options()
            options.log_errors = False
            self._re2 = re2.compile(translated, options)
        except ImportError:  # pragma: no cover - google-re2 is a dependency
            pass
        except Exception:  # re2.error: syntax RE2 does not have (lookaround...)
            self._re2 = None
        if self._re2 is None:
            import regex  # type: ignore[import-untyped,import-not-found,unused-ignore]

            try:
                self._re = regex.compile(translated)  # VERSION0: the syntax of Python's re
            except regex.error as error:
                raise EvalError(f"Invalid regexp '{source}': {error}") from None

    @property
    def groups(self) -> int:
        return int((self._re2 or self._re).groups)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict((self._re2 or self._re).groupindex)

    def search(self, text: str) -> Any:
        return self._run("search", text)

    def fullmatch(self, text: str) -> Any:
        return self._run("fullmatch", text)

    def split(self, text: str) -> list[str | None]:
        return list(self._run("split", text))

    def sub(self, replace: Any, text: str) -> str:
        return str(self._run("sub", replace, text))

    def _run(self, method: str, *args: Any) -> Any:
        if self._re2 is not None:
            return getattr(self._re2, method)(*args)
        global _spent
        message = (
            f"regexp '{self.source}' uses lookaround or backreferences and took too long (over"
            f" {REGEX_BUDGET:g} s in all); rewrite it without them or without nested repetition"
        )
        left = REGEX_BUDGET - _spent
        if left <= 0:
            raise EvalError(message)
        began = time.monotonic()
        try:
            return getattr(self._re, method)(*args, timeout=left)
        except TimeoutError:
            raise EvalError(message) from None
        finally:
            with _spent_lock:
                _spent += time.monotonic() - began
