"""Summaries of a column over a view's rows (Bases syntax.md, "Default Summary Formulas";
Layouts/Table view.md, "Summaries"): the default ones by name, or a custom summary formula
of the base evaluated with ``values`` holding the column's values."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable
from typing import TYPE_CHECKING

from vaultkit.bases.errors import EvalError
from vaultkit.bases.values import Duration, Value, instant, to_json, type_of

if TYPE_CHECKING:
    from vaultkit.bases.evaluate import Evaluator


def _numbers(values: list[Value]) -> list[float]:
    return [v for v in values if type_of(v) == "number" and not math.isnan(v)]


def _dates(values: list[Value]) -> list[Value]:
    return sorted((v for v in values if type_of(v) == "date"), key=instant)


def _empty(value: Value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def _range(values: list[Value]) -> Value:
    dates = _dates(values)
    if dates and not _numbers(values):
        return Duration.of(ms=round((instant(dates[-1]) - instant(dates[0])) * 1000))
    found = _numbers(values)
    return max(found) - min(found) if found else None


def _unique(values: list[Value]) -> int:
    return len({json.dumps(to_json(v), sort_keys=True) for v in values if not _empty(v)})


DEFAULTS: dict[str, Callable[[list[Value]], Value]] = {
    "Average": lambda vs: statistics.fmean(_numbers(vs)) if _numbers(vs) else None,
    "Min": lambda vs: min(_numbers(vs)) if _numbers(vs) else None,
    "Max": lambda vs: max(_numbers(vs)) if _numbers(vs) else None,
    "Sum": lambda vs: sum(_numbers(vs)),
    "Range": _range,
    "Median": lambda vs: statistics.median(_numbers(vs)) if _numbers(vs) else None,
    "Stddev": lambda vs: statistics.pstdev(_numbers(vs)) if _numbers(vs) else None,
    "Earliest": lambda vs: _dates(vs)[0] if _dates(vs) else None,
    "Latest": lambda vs: _dates(vs)[-1] if _dates(vs) else None,
    "Checked": lambda vs: sum(1 for v in vs if v is True),
    "Unchecked": lambda vs: sum(1 for v in vs if v is False),
    "Empty": lambda vs: sum(1 for v in vs if _empty(v)),
    "Filled": lambda vs: sum(1 for v in vs if not _empty(v)),
    "Unique": _unique,
}
"""The default summaries by the name a view gives (any case)."""

_BY_LOWER = {name.lower(): func for name, func in DEFAULTS.items()}


def summarize(name: str, values: list[Value], ev: Evaluator, custom: dict[str, str]) -> Value:
    """The summary ``name`` of ``values``: a custom formula of the base first, then a
    default summary; raises EvalError for a name that is neither."""
    if name in custom:
        from vaultkit.bases.evaluate import Row

        return ev.evaluate(custom[name], Row(None), {"values": list(values)})
    func = _BY_LOWER.get(name.lower())
    if func is None:
        raise EvalError(f"no summary named {name!r}")
    return _whole(func(values))


def _whole(value: Value) -> Value:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
