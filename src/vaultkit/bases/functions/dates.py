"""Date functions and fields (Functions.md, "Date type"), and the fields of a duration
(``(now() - file.ctime).days``: the whole span in that unit, fractions kept)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from vaultkit.bases.dates import format_date, relative
from vaultkit.bases.functions.registry import arity, method, value_field
from vaultkit.bases.values import Value, text

if TYPE_CHECKING:
    from vaultkit.bases.evaluate import Evaluator

for _name, _get in {
    "year": lambda d: d.year,
    "month": lambda d: d.month,
    "day": lambda d: d.day,
    "hour": lambda d: d.hour,
    "minute": lambda d: d.minute,
    "second": lambda d: d.second,
    "millisecond": lambda d: d.microsecond // 1000,
}.items():
    value_field("date", _name)(_get)


_MS = {
    "milliseconds": 1,
    "seconds": 1000,
    "minutes": 60_000,
    "hours": 3_600_000,
    "days": 86_400_000,
    "weeks": 7 * 86_400_000,
}
for _unit, _size in _MS.items():
    value_field("duration", _unit)(
        lambda d, size=_size: _whole(d.millis() / size)  # type: ignore[misc]
    )


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


@method("date", "date")
def date_only(ev: Evaluator, target: dt.datetime, args: list[Value]) -> Value:
    arity("date", args, 0)
    return target.replace(hour=0, minute=0, second=0, microsecond=0)


@method("date", "format")
def format_(ev: Evaluator, target: dt.datetime, args: list[Value]) -> Value:
    arity("format", args, 1)
    return format_date(target, text(args[0]))


@method("date", "time")
def time(ev: Evaluator, target: dt.datetime, args: list[Value]) -> Value:
    arity("time", args, 0)
    return target.strftime("%H:%M:%S")


@method("date", "relative")
def relative_(ev: Evaluator, target: dt.datetime, args: list[Value]) -> Value:
    arity("relative", args, 0)
    return relative(target, ev.now)


@method("date", "isEmpty")
def is_empty(ev: Evaluator, target: dt.datetime, args: list[Value]) -> Value:
    arity("isEmpty", args, 0)
    return False
