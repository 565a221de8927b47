"""Operators of Bases expressions (Bases syntax.md, "Operators", "Date arithmetic"):
arithmetic on numbers, dates plus or minus durations (duration strings such as ``"1M"``
included), durations scaled by numbers, the difference of two dates a duration, comparisons of
numbers, strings, dates and durations (a duration and a number by milliseconds), and
``==``/``!=`` on any value. Null on either side of arithmetic gives null."""

from __future__ import annotations

import datetime as dt
import math

from vaultkit.bases.dates import add, parse_date, parse_duration
from vaultkit.bases.errors import EvalError
from vaultkit.bases.values import Duration, Span, Value, equal, instant, text, type_of
from vaultkit.query.values import compare_text


def as_duration(value: Value) -> Duration | None:
    """A duration, or a string that reads as one (``"7d"``), else None."""
    if isinstance(value, Duration):
        return value
    if isinstance(value, str):
        return parse_duration(value)
    return None


def _as_millis(a: Value, b: Value) -> tuple[Value, Value]:
    """A date difference beside a number is its milliseconds."""
    if isinstance(a, Span) and _number(b):
        return a.millis(), b
    if isinstance(b, Span) and _number(a):
        return a, b.millis()
    return a, b


def binary(op: str, a: Value, b: Value) -> Value:
    """``a op b`` for every operator but ``&&`` and ``||`` (those short-circuit)."""
    if op in ("+", "-", "*", "/", "%"):
        a, b = _as_millis(a, b)
    if op == "==":
        return equal(*_comparable(a, b))
    if op == "!=":
        return not equal(*_comparable(a, b))
    if op in ("<", "<=", ">", ">="):
        return _order(op, a, b)
    if op == "+":
        return _plus(a, b)
    if op == "-":
        return _minus(a, b)
    return _scale(op, a, b)


def _comparable(a: Value, b: Value) -> tuple[Value, Value]:
    """A date compared with a string reads the string as a date."""
    if isinstance(a, dt.datetime) and isinstance(b, str):
        return a, parse_date(b) or b
    if isinstance(b, dt.datetime) and isinstance(a, str):
        return parse_date(a) or a, b
    return a, b


def _order(op: str, a: Value, b: Value) -> bool:
    a, b = _comparable(a, b)
    ta, tb = type_of(a), type_of(b)
    if ta == "null" or tb == "null":
        return False
    if {ta, tb} == {"duration", "number"}:
        a, b = (a.millis() if ta == "duration" else a), (b.millis() if tb == "duration" else b)
        ta = tb = "number"
    if ta != tb and not {ta, tb} <= {"number", "boolean"}:
        return False
    if ta in ("number", "boolean"):
        x, y = float(a), float(b)
        found = (x > y) - (x < y)
    elif ta == "date":
        x, y = instant(a), instant(b)
        found = (x > y) - (x < y)
    elif ta == "duration":
        x, y = a.millis(), b.millis()
        found = (x > y) - (x < y)
    elif ta == "string":
        found = (a > b) - (a < b)
    else:
        found = compare_text(text(a), text(b))
    return {"<": found < 0, "<=": found <= 0, ">": found > 0, ">=": found >= 0}[op]


def _number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _plus(a: Value, b: Value) -> Value:
    if isinstance(a, str) or isinstance(b, str):
        if isinstance(a, dt.datetime):
            return _shift(a, b, 1)
        return text(a) + text(b)
    if a is None or b is None:
        return None
    if _number(a) and _number(b):
        return _whole(a + b)
    if isinstance(a, dt.datetime):
        return _shift(a, b, 1)
    if isinstance(a, Duration) and isinstance(b, Duration):
        return a.plus(b)
    if isinstance(a, Duration) and isinstance(b, dt.datetime):
        return _shift(b, a, 1)
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    raise EvalError(f"cannot add a {type_of(b)} to a {type_of(a)}")


def _minus(a: Value, b: Value) -> Value:
    if a is None or b is None:
        return None
    if _number(a) and _number(b):
        return _whole(a - b)
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return Span(Duration.of(ms=_whole(round((instant(a) - instant(b)) * 1000, 3))).values)
    if isinstance(a, dt.datetime):
        return _shift(a, b, -1)
    if isinstance(a, Duration) and isinstance(b, Duration):
        return a.plus(b.negate())
    raise EvalError(f"cannot subtract a {type_of(b)} from a {type_of(a)}")


def _shift(date: dt.datetime, amount: Value, sign: int) -> dt.datetime:
    duration = as_duration(amount)
    if duration is None:
        raise EvalError(f"{text(amount)!r} is not a duration")
    return add(date, duration, sign)


def _scale(op: str, a: Value, b: Value) -> Value:
    if a is None or b is None:
        return None
    if isinstance(a, Duration) and _number(b) and op in ("*", "/"):
        if op == "/" and b == 0:
            raise EvalError("division of a duration by zero")
        return a.map(lambda v: v * b if op == "*" else v / b)
    if not (_number(a) and _number(b)):
        raise EvalError(f"{op} needs numbers, not a {type_of(a)} and a {type_of(b)}")
    if op == "*":
        return _whole(a * b)
    if b == 0:
        if op == "%" or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1, b)
    if op == "/":
        return _whole(a / b)
    return _whole(math.fmod(a, b))


def _whole(value: float) -> int | float:
    """Whole results as ``int`` (JavaScript has one number type)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
