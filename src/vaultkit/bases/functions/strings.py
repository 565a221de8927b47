"""String functions and fields (Functions.md, "String type")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vaultkit.bases.errors import EvalError
from vaultkit.bases.functions.registry import arity, method, value_field, want
from vaultkit.bases.values import Regex, Value, text

if TYPE_CHECKING:
    from vaultkit.bases.evaluate import Evaluator


_MAX_TEXT = 10_000_000
"""The longest text ``repeat()`` makes."""


@value_field("string", "length")
def length(target: str) -> Value:
    return len(target)


@method("string", "contains")
def contains(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("contains", args, 1)
    return text(args[0]) in target


@method("string", "containsAll")
def contains_all(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("containsAll", args, 1, 999)
    return all(text(a) in target for a in args)


@method("string", "containsAny")
def contains_any(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("containsAny", args, 1, 999)
    return any(text(a) in target for a in args)


@method("string", "endsWith")
def ends_with(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("endsWith", args, 1)
    return target.endswith(text(args[0]))


@method("string", "startsWith")
def starts_with(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("startsWith", args, 1)
    return target.startswith(text(args[0]))


@method("string", "lower")
def lower(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("lower", args, 0)
    return target.lower()


@method("string", "upper")
def upper(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("upper", args, 0)
    return target.upper()


def js_replacement(replacement: str) -> str:
    """A JavaScript replacement (``$1``, ``$&``, ``$$``) as a Python template."""
    out: list[str] = []
    pos = 0
    while pos < len(replacement):
        char = replacement[pos]
        nxt = replacement[pos + 1 : pos + 2]
        if char == "$" and nxt == "$":
            out.append("$")
            pos += 2
        elif char == "$" and nxt == "&":
            out.append(r"\g<0>")
            pos += 2
        elif char == "$" and nxt.isdigit():
            end = pos + 2
            if replacement[end : end + 1].isdigit():
                end += 1
            out.append(rf"\g<{replacement[pos + 1 : end]}>")
            pos = end
        elif char == "\\":
            out.append(r"\\")
            pos += 1
        else:
            out.append(char)
            pos += 1
    return "".join(out)


@method("string", "replace")
def replace(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("replace", args, 2)
    pattern, replacement = args[0], text(args[1])
    if isinstance(pattern, Regex):
        import regex  # type: ignore[import-untyped,import-not-found,unused-ignore]

        try:
            return pattern.sub(js_replacement(replacement), target, 0 if pattern.is_global else 1)
        except (re.error, regex.error, IndexError) as error:  # a bad group reference
            raise EvalError(f"replace(): {error}") from None
    return target.replace(text(pattern), replacement)


@method("string", "repeat")
def repeat(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("repeat", args, 1)
    count = want("repeat", args[0], "number")
    if count < 0 or len(target) * count > _MAX_TEXT:
        raise EvalError(f"repeat() needs a count from 0 to a text of {_MAX_TEXT} characters")
    return target * int(count)


@method("string", "reverse")
def reverse(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("reverse", args, 0)
    return target[::-1]


def slice_bounds(size: int, args: list[Value], name: str) -> tuple[int, int]:
    """JavaScript's ``slice`` bounds: negative counts from the end, clipped."""
    arity(name, args, 1, 2)
    start = int(want(name, args[0], "number"))
    end = int(want(name, args[1], "number")) if len(args) == 2 and args[1] is not None else size
    start = max(size + start, 0) if start < 0 else min(start, size)
    end = max(size + end, 0) if end < 0 else min(end, size)
    return start, end


@method("string", "slice")
def slice_(ev: Evaluator, target: str, args: list[Value]) -> Value:
    start, end = slice_bounds(len(target), args, "slice")
    return target[start:end]


@method("string", "split")
def split(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("split", args, 1, 2)
    separator = args[0]
    if isinstance(separator, Regex):
        parts = separator.split(target) if target else [""]
        if separator.groups:
            parts = [p for p in parts if p is not None]
    elif text(separator) == "":
        parts = list(target)
    else:
        parts = target.split(text(separator))
    if len(args) == 2 and args[1] is not None:
        parts = parts[: max(int(want("split", args[1], "number")), 0)]
    return parts


@method("string", "title")
def title(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("title", args, 0)
    return re.sub(r"(^|\s)(\S)", lambda m: m.group(1) + m.group(2).upper(), target)


@method("string", "trim")
def trim(ev: Evaluator, target: str, args: list[Value]) -> Value:
    arity("trim", args, 0)
    return target.strip()
