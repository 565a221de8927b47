"""What a query may cost, whoever wrote it (a note's own dataview block included): how deep
an expression may nest, how large a string or list a function may build, and how regular
expressions run without hanging.

Patterns run on RE2 (``google-re2``), which matches in time linear in the text and cannot
backtrack. Patterns RE2 does not accept (lookaround, backreferences) run on Python's
``re`` under a time budget shared by the whole process: a pattern that backtracks for
too long fails its row with a clear error, and once the budget is spent every further such
pattern fails at once. Like JavaScript (Dataview's engine) and unlike Python, RE2's ``\\w``,
``\\d`` and ``\\b`` are ASCII, and ``$`` matches only at the very end.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from vaultkit.query.operators import EvalError

MAX_NESTING = 64
"""Parentheses, lists, objects and negations nested deeper than this are a syntax error."""
MAX_BUILD = 10_000_000
"""The most characters (or items) a string or list operation may build."""
REGEX_BUDGET = 2.0
"""Seconds the process may spend matching patterns RE2 does not accept."""

_spent = 0.0


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
    """A compiled pattern: RE2 where it accepts the syntax, else Python's ``re`` on a
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
            try:
                self._re = re.compile(translated)
            except re.error as error:
                raise EvalError(f"Invalid regexp '{source}': {error}") from None

    @property
    def groups(self) -> int:
        return int((self._re2 or self._re).groups)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict((self._re2 or self._re).groupindex)

    def search(self, text: str) -> Any:
        return self._run(lambda engine: engine.search(text))

    def fullmatch(self, text: str) -> Any:
        return self._run(lambda engine: engine.fullmatch(text))

    def split(self, text: str) -> list[str | None]:
        return list(self._run(lambda engine: engine.split(text)))

    def sub(self, replace: Callable[[Any], str], text: str) -> str:
        return str(self._run(lambda engine: engine.sub(replace, text)))

    def _run(self, call: Callable[[Any], Any]) -> Any:
        if self._re2 is not None:
            return call(self._re2)
        with _budget(self.source):
            return call(self._re)


class _OutOfTime(Exception):
    pass


@contextmanager
def _budget(source: str) -> Iterator[None]:
    """Run the body with what is left of the process's regex budget (SIGALRM; Python's
    matcher checks for signals as it backtracks)."""
    global _spent
    import signal

    left = REGEX_BUDGET - _spent
    message = (
        f"regexp '{source}' uses lookaround or backreferences and took too long (over"
        f" {REGEX_BUDGET:g} s in all); rewrite it without them or without nested repetition"
    )
    if left <= 0:
        raise EvalError(message)
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        raise EvalError(
            f"regexp '{source}' uses lookaround or backreferences, which run only with a time"
            " limit, not available here; rewrite it without them"
        )

    def expire(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    began = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield
    except _OutOfTime:
        raise EvalError(message) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _spent += time.monotonic() - began
