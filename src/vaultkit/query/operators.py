"""Binary operators over Dataview values: comparisons of any two values, boolean ``and``/
``or``, and arithmetic on the type pairs Dataview defines (others are an error).

Source: Dataview docs/reference/expressions.md (arithmetic, comparison, dates and durations)
and literals.md (``end - start > dur(2 days)``). Comparing a missing field (null) is never an
error: null sorts before every other value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from vaultkit.query import dates
from vaultkit.query.values import Value, compare, number, to_string, truthy, type_of


class EvalError(Exception):
    """An expression that cannot be evaluated for one row."""


Normalizer = Callable[[str], str] | None


def binary(op: str, a: Value, b: Value, normalize: Normalizer = None) -> Value:
    """``a op b``."""
    if op in ("=", "!=", "<", "<=", ">", ">="):
        found = compare(a, b, normalize)
        return {
            "=": found == 0,
            "!=": found != 0,
            "<": found < 0,
            "<=": found <= 0,
            ">": found > 0,
            ">=": found >= 0,
        }[op]
    if op == "&":
        return truthy(a) and truthy(b)
    if op == "|":
        return truthy(a) or truthy(b)
    ta, tb = type_of(a), type_of(b)
    result = _arithmetic(op, a, b, ta, tb)
    if result is _MISSING:
        raise EvalError(f"No implementation found for '{ta} {op} {tb}'")
    return result


_MISSING = object()


def _arithmetic(op: str, a: Value, b: Value, ta: str, tb: str) -> Value:
    if ta == tb == "number":
        return _numbers(op, a, b)
    if op == "+" and ta == "string":
        right = to_string(b)
        _ensure_size(len(a) + len(right), "+")
        return a + right
    if op == "+" and tb == "string":
        left = to_string(a)
        _ensure_size(len(left) + len(b), "+")
        return left + b
    if op == "*" and {ta, tb} == {"string", "number"}:
        text, times = (a, b) if ta == "string" else (b, a)
        if not text or not times >= 0:  # negative or NaN: nothing
            return ""
        _ensure_size(len(text) * times, "*")
        return text * int(times)
    if ta == "null" and tb == "null":
        return None if op in "+-*/%" else _MISSING
    if "date" in (ta, tb) and "null" in (ta, tb) and op in "+-":
        return None
    return _temporal(op, a, b, ta, tb)


def _ensure_size(size: float, what: str) -> None:
    from vaultkit.query.limits import ensure_size  # limits needs EvalError from here

    ensure_size(size, what)


def _temporal(op: str, a: Value, b: Value, ta: str, tb: str) -> Value:
    try:
        if ta == tb == "date" and op == "-":
            return dates.diff(a, b)
        if ta == "date" and tb == "duration" and op in "+-":
            return dates.plus(a, b if op == "+" else b.negate())
        if ta == "duration" and tb == "date" and op == "+":
            return dates.plus(b, a)
    except (ValueError, OverflowError) as error:
        raise EvalError(f"date out of range in '{ta} {op} {tb}'") from error
    if ta == tb == "duration" and op in "+-":
        return a.plus(b if op == "+" else b.negate()).normalized()
    if ta == "duration" and tb == "number" and op in "*/":
        if op == "/" and b == 0:
            raise EvalError("division of a duration by zero")
        return a.map(lambda v: v * b if op == "*" else v / b).normalized()
    if ta == "number" and tb == "duration" and op == "*":
        return b.map(lambda v: v * a).normalized()
    if ta == tb == "array" and op == "+":
        _ensure_size(len(a) + len(b), "+")
        return list(a) + list(b)
    if ta == tb == "object" and op == "+":
        merged: dict[str, Value] = dict(a)
        merged.update(b if isinstance(b, Mapping) else {})
        return merged
    return _MISSING


def _numbers(op: str, a: float, b: float) -> Value:
    if op == "+":
        return number(a + b)
    if op == "-":
        return number(a - b)
    if op == "*":
        return number(a * b)
    if op == "/":
        if b == 0:
            return math.nan if a == 0 else math.copysign(math.inf, a) * math.copysign(1, b)
        return number(a / b)
    if op == "%":
        return math.nan if b == 0 else number(math.fmod(a, b))
    return _MISSING
