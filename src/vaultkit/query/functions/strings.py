"""String operations (docs/reference/functions.md, "String Operations"): ``regextest``,
``regexmatch``, ``regexreplace``, ``replace``, ``lower``, ``upper``, ``split``,
``startswith``, ``endswith``, ``padleft``, ``padright``, ``substring``, ``truncate``.

Patterns are JavaScript regular expressions in Dataview; they run here on Python's ``re``,
with named groups ``(?<n>…)`` and ``$1`` replacements translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from vaultkit.query.functions.registry import Impl, NoImpl, function, is_number, is_text
from vaultkit.query.operators import EvalError
from vaultkit.query.values import Value

_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")
_DOLLAR = re.compile(r"\$(\$|&|\d{1,2}|<\w+>)")


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(_NAMED_GROUP.sub("(?P<", pattern))
    except re.error as error:
        raise EvalError(f"Invalid regexp '{pattern}': {error}") from None


def _replacement(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        token = match.group(1)
        if token == "$":
            return "$"
        if token == "&":
            return r"\g<0>"
        if token.startswith("<"):
            return rf"\g{token}"
        return rf"\g<{int(token)}>"

    return _DOLLAR.sub(one, text.replace("\\", "\\\\"))


def _pair(*names: str) -> Callable[[Impl], Impl]:
    return function(*names, vectorize={2: (0, 1)})


@_pair("regextest")
def regextest(ctx: Any, pattern: Value, text: Value) -> Value:
    """Whether ``pattern`` is found somewhere in ``text``."""
    if pattern is None or text is None:
        return False
    if not (is_text(pattern) and is_text(text)):
        raise NoImpl
    return _compile(pattern).search(text) is not None


@_pair("regexmatch")
def regexmatch(ctx: Any, pattern: Value, text: Value) -> Value:
    """Whether ``pattern`` matches the whole of ``text``."""
    if pattern is None or text is None:
        return False
    if not (is_text(pattern) and is_text(text)):
        raise NoImpl
    if not pattern.startswith("^") and not pattern.endswith("$"):
        pattern = "^" + pattern + "$"
    return _compile(pattern).search(text) is not None


@function("regexreplace", vectorize={3: (0, 1, 2)})
def regexreplace(ctx: Any, text: Value, pattern: Value, replacement: Value) -> Value:
    """Every match of ``pattern`` replaced (``$1`` names a group)."""
    if text is None or pattern is None or replacement is None:
        return None
    if not (is_text(text) and is_text(pattern) and is_text(replacement)):
        raise NoImpl
    return _compile(pattern).sub(_replacement(replacement), text)


@function("replace", vectorize={3: (0, 1, 2)})
def replace(ctx: Any, text: Value, old: Value, new: Value) -> Value:
    """Every occurrence of ``old`` replaced by ``new``."""
    if text is None or old is None or new is None:
        return None
    if not (is_text(text) and is_text(old) and is_text(new)):
        raise NoImpl
    return new.join(list(text)) if old == "" else text.replace(old, new)


def _case(name: str, convert: Any) -> None:
    @function(name, vectorize={1: (0,)})
    def impl(ctx: Any, text: Value) -> Value:
        if text is None:
            return None
        if not is_text(text):
            raise NoImpl
        return convert(text)

    impl.__doc__ = f"The text in {name} case."


_case("lower", str.lower)
_case("upper", str.upper)


@function("split")
def split(ctx: Any, text: Value, delimiter: Value, limit: Value = ...) -> Value:
    """``text`` cut at each match of the ``delimiter`` pattern; captured groups are kept;
    ``limit`` caps the number of pieces."""
    if text is None or delimiter is None or limit is None:
        return None
    if not (is_text(text) and is_text(delimiter)) or not (limit is ... or is_number(limit)):
        raise NoImpl
    pieces = [p or "" for p in _compile(delimiter).split(text)]
    if delimiter and _compile(delimiter).fullmatch(""):
        pieces = [p for p in pieces if p != ""] or [""]
    return pieces if limit is ... else pieces[: max(0, int(limit))]


@_pair("startswith")
def startswith(ctx: Any, text: Value, prefix: Value) -> Value:
    """Whether ``text`` starts with ``prefix``."""
    if text is None or prefix is None:
        return None
    if not (is_text(text) and is_text(prefix)):
        raise NoImpl
    return text.startswith(prefix)


@_pair("endswith")
def endswith(ctx: Any, text: Value, suffix: Value) -> Value:
    """Whether ``text`` ends with ``suffix``."""
    if text is None or suffix is None:
        return None
    if not (is_text(text) and is_text(suffix)):
        raise NoImpl
    return text.endswith(suffix)


def _pad(text: str, size: Value, padding: str) -> str:
    missing = int(size) - len(text)
    if missing <= 0 or not padding:
        return ""
    return (padding * (missing // len(padding) + 1))[:missing]


def _padder(name: str, left: bool) -> None:
    @function(name, vectorize={2: (0, 1), 3: (0, 1, 2)})
    def impl(ctx: Any, text: Value, size: Value, padding: Value = " ") -> Value:
        if text is None or size is None or padding is None:
            return None
        if not (is_text(text) and is_number(size) and is_text(padding)):
            raise NoImpl
        pad = _pad(text, size, padding)
        return pad + text if left else text + pad

    impl.__doc__ = f"The text padded on the {'left' if left else 'right'} to a length."


_padder("padleft", True)
_padder("padright", False)


@function("substring", vectorize={2: (0, 1), 3: (0, 1, 2)})
def substring(ctx: Any, text: Value, start: Value, end: Value = ...) -> Value:
    """The characters from ``start`` to before ``end`` (JavaScript ``substring``)."""
    if text is None or start is None or end is None:
        return None
    if not (is_text(text) and is_number(start) and (end is ... or is_number(end))):
        raise NoImpl
    a = min(max(int(start), 0), len(text))
    b = len(text) if end is ... else min(max(int(end), 0), len(text))
    return text[min(a, b) : max(a, b)]


@function("truncate", vectorize={2: (0, 1), 3: (0, 1, 2)})
def truncate(ctx: Any, text: Value, size: Value, suffix: Value = "...") -> Value:
    """The text cut to at most ``size`` characters, ``suffix`` included."""
    if text is None or size is None or suffix is None:
        return None
    if not (is_text(text) and is_number(size) and is_text(suffix)):
        raise NoImpl
    if len(text) > size - len(suffix):
        return text[: max(0, int(size) - len(suffix))] + suffix
    return text
