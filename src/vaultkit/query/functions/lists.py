"""Objects, arrays and lists (docs/reference/functions.md, "Objects, Arrays, and String
Operations"): ``contains`` and friends, ``extract``, ``sort``, ``reverse``, ``length``,
``nonnull``, ``firstvalue``, ``all``, ``any``, ``none``, ``join``, ``filter``, ``map``,
``flat``, ``slice``, ``unique``."""

from __future__ import annotations

import re
from typing import Any

from vaultkit.query.functions.registry import NoImpl, function, is_number, is_text
from vaultkit.query.operators import EvalError, binary
from vaultkit.query.values import Function, Value, compare, sort_key, to_string, truthy, type_of


def _contains(ctx: Any, haystack: Value, needle: Value, fold: bool) -> bool:
    kind = type_of(haystack)
    if kind == "array":
        return any(_contains(ctx, item, needle, fold) for item in haystack)
    if kind == "string" and is_text(needle):
        return needle.lower() in haystack.lower() if fold else needle in haystack
    if kind == "object" and is_text(needle):
        return needle in haystack
    return bool(binary("=", haystack, needle, ctx.normalize))


@function("contains", vectorize={2: (1,)})
def contains(ctx: Any, haystack: Value, needle: Value) -> Value:
    """Whether a list holds a value (strings inside it matched as substrings), a text holds a
    substring, or an object has a key. Case-sensitive."""
    return _contains(ctx, haystack, needle, fold=False)


@function("icontains", vectorize={2: (1,)})
def icontains(ctx: Any, haystack: Value, needle: Value) -> Value:
    """``contains`` ignoring case."""
    return _contains(ctx, haystack, needle, fold=True)


@function("econtains", vectorize={2: (1,)})
def econtains(ctx: Any, haystack: Value, needle: Value) -> Value:
    """Exact contains: a list must hold the value itself, not a text containing it."""
    kind = type_of(haystack)
    if kind == "array":
        return any(binary("=", needle, item, ctx.normalize) for item in haystack)
    if kind in ("string", "object") and is_text(needle):
        return needle in haystack
    return bool(binary("=", haystack, needle, ctx.normalize))


@function("containsword", vectorize={2: (0, 1)})
def containsword(ctx: Any, text: Value, word: Value) -> Value:
    """Whether ``word`` is a whole word of ``text``, ignoring case."""
    if text is None or word is None:
        return None
    if not (is_text(text) and is_text(word)):
        raise NoImpl
    pattern = r"\b" + re.escape(word) + r"\b"
    return re.search(pattern, text, re.IGNORECASE | re.ASCII) is not None


@function("extract")
def extract(ctx: Any, *args: Value) -> Value:
    """An object with only the given keys of an object (or page)."""
    if not args:
        return "extract(object, key1, ...) requires at least 1 argument"
    target = args[0]
    if type_of(target) == "array":
        return [extract(ctx, item, *args[1:]) for item in target]
    out: dict[str, Value] = {}
    for key in args[1:]:
        if not is_text(key):
            raise EvalError("extract(object, key1, ...) must be called with string keys")
        out[key] = ctx.index(target, key)
    return out


@function("reverse")
def reverse(ctx: Any, value: Value) -> Value:
    """A list (or text) in reverse order."""
    if type_of(value) == "array":
        return list(reversed(value))
    if is_text(value):
        return value[::-1]
    return value


@function("sort")
def sort(ctx: Any, value: Value, key: Value = None) -> Value:
    """A list in Dataview's value order, or by the value of a key function."""
    if type_of(value) != "array":
        if key is None:
            return value
        raise NoImpl
    if key is not None and not isinstance(key, Function):
        raise NoImpl
    keyed = [(item, key(item) if key else item) for item in value]
    keyed.sort(key=lambda pair: sort_key(pair[1], ctx.normalize))
    return [item for item, _ in keyed]


@function("length")
def length(ctx: Any, value: Value) -> Value:
    """The number of elements of a list, keys of an object, or characters of a text."""
    if value is None:
        return 0
    if type_of(value) in ("array", "object", "string"):
        return len(value)
    raise NoImpl


@function("nonnull")
def nonnull(ctx: Any, *args: Value) -> Value:
    """The list without its nulls."""
    items = args[0] if len(args) == 1 and type_of(args[0]) == "array" else args
    return [item for item in items if item is not None]


@function("firstvalue")
def firstvalue(ctx: Any, value: Value) -> Value:
    """The first non-null element of a list."""
    if value is None:
        return None
    if type_of(value) != "array":
        raise NoImpl
    return next((item for item in value if item is not None), None)


def _quantifier(name: str, test: Any) -> None:
    @function(name)
    def impl(ctx: Any, *args: Value) -> Value:
        if len(args) == 2 and type_of(args[0]) == "array" and isinstance(args[1], Function):
            return test(truthy(args[1](item)) for item in args[0])
        if len(args) == 1 and type_of(args[0]) == "array":
            return test(truthy(item) for item in args[0])
        return test(truthy(item) for item in args)

    impl.__doc__ = f"``{name}`` of a list, optionally through a predicate."


_quantifier("all", all)
_quantifier("any", any)
_quantifier("none", lambda found: not any(found))


@function("join", vectorize={2: (1,)})
def join(ctx: Any, value: Value, separator: Value = ", ") -> Value:
    """The elements' text joined with ``separator`` (``", "`` by default)."""
    if separator is None:
        separator = ", "
    if not is_text(separator):
        raise NoImpl
    if type_of(value) == "array":
        return separator.join(to_string(item) for item in value)
    return to_string(value)


@function("filter")
def filter_(ctx: Any, value: Value, predicate: Value) -> Value:
    """The elements for which ``predicate`` is truthy."""
    if value is None:
        return None
    if type_of(value) != "array" or not isinstance(predicate, Function):
        raise NoImpl
    return [item for item in value if truthy(predicate(item))]


@function("map")
def map_(ctx: Any, value: Value, func: Value) -> Value:
    """``func`` applied to every element."""
    if value is None:
        return None
    if type_of(value) != "array" or not isinstance(func, Function):
        raise NoImpl
    return [func(item) for item in value]


def _flatten(value: list[Value], depth: float) -> list[Value]:
    out: list[Value] = []
    for item in value:
        if type_of(item) == "array" and depth >= 1:
            out.extend(_flatten(list(item), depth - 1))
        else:
            out.append(item)
    return out


@function("flat")
def flat(ctx: Any, value: Value, depth: Value = 1) -> Value:
    """Sub-lists merged into the list, ``depth`` levels deep (1 by default)."""
    if value is None:
        return None
    if type_of(value) != "array" or not is_number(depth):
        raise NoImpl
    return _flatten(list(value), depth)


@function("slice")
def slice_(ctx: Any, value: Value, start: Value = None, end: Value = None) -> Value:
    """The elements from ``start`` to before ``end`` (negative counts from the end)."""
    if value is None:
        return None
    if type_of(value) != "array":
        raise NoImpl
    for bound in (start, end):
        if bound is not None and not is_number(bound):
            raise NoImpl
    first = None if start is None else int(start)
    last = None if end is None else int(end)
    return list(value)[first:last]


@function("unique")
def unique(ctx: Any, value: Value) -> Value:
    """The list with repeated values dropped (first kept)."""
    if value is None:
        return None
    if type_of(value) != "array":
        raise NoImpl
    out: list[Value] = []
    for item in value:
        if not any(compare(item, seen, ctx.normalize) == 0 for seen in out):
            out.append(item)
    return out
