"""String operations (docs/reference/functions.md, "String Operations"): ``regextest``,
``regexmatch``, ``regexreplace``, ``replace``, ``lower``, ``upper``, ``split``,
``startswith``, ``endswith``, ``padleft``, ``padright``, ``substring``, ``truncate``.

Patterns are JavaScript regular expressions in Dataview; they run here on RE2 (Python's
``re`` on a time budget for lookaround and backreferences; see ``vaultkit.query.limits``),
with named groups ``(?<n>…)`` and ``$1`` replacements translated. No function builds more
than ``limits.MAX_BUILD`` characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from vaultkit.query.functions.registry import Impl, NoImpl, function, is_number, is_text
from vaultkit.query.limits import Pattern, ensure_size
from vaultkit.query.values import Value

_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")
_DOLLAR = re.compile(r"\$(\$|&|\d{1,2}|<\w+>)")


def _compile(pattern: str) -> Pattern:
    return Pattern(pattern, _NAMED_GROUP.sub("(?P<", pattern))


def _replacer(regex: Pattern, text: str) -> Callable[[Any], str]:
    """The function building each match's replacement from ``text`` (``$1``, ``$<name>``,
    ``$&``, ``$$`` as in JavaScript; a group the pattern lacks stays as written), which
    stops once the output would pass ``MAX_BUILD``."""
    parts: list[str | int] = []
    last = 0
    for found in _DOLLAR.finditer(text):
        token = found.group(1)
        parts.append(text[last : found.start()])
        last = found.end()
        if token == "$":
            parts.append("$")
        elif token == "&":
            parts.append(0)
        elif token.startswith("<") and token[1:-1] in regex.groupindex:
            parts.append(regex.groupindex[token[1:-1]])
        elif token.isdigit() and int(token) <= regex.groups:
            parts.append(int(token))
        else:
            parts.append(found.group(0))
    parts.append(text[last:])
    built = 0

    def replace(match: Any) -> str:
        nonlocal built
        out = "".join(p if isinstance(p, str) else match.group(p) or "" for p in parts)
        built += len(out)
        ensure_size(built, "regexreplace")
        return out

    return replace


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
    regex = _compile(pattern)
    return regex.sub(_replacer(regex, replacement), text)


@function("replace", vectorize={3: (0, 1, 2)})
def replace(ctx: Any, text: Value, old: Value, new: Value) -> Value:
    """Every occurrence of ``old`` replaced by ``new``."""
    if text is None or old is None or new is None:
        return None
    if not (is_text(text) and is_text(old) and is_text(new)):
        raise NoImpl
    if old == "":
        ensure_size(len(text) + (len(text) + 1) * len(new), "replace")
        return new.join(list(text))
    ensure_size(len(text) + text.count(old) * max(0, len(new) - len(old)), "replace")
    return text.replace(old, new)


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
    ensure_size(size, "padleft/padright")
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
