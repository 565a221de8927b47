"""Dataview's durations: Luxon-style unit bags with casual conversions (a month is 30 days,
a year 365), shifted and normalized the way Luxon does it so results print the same.

Source: Dataview docs/reference/literals.md (units and spellings) and Luxon's Duration
(``shiftTo``, ``normalize``, ``toHuman``, ``toISO``, ``toFormat``), which Dataview uses.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

ORDER = ("years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds", "ms")
ALL = ("years", "months", "weeks", "days", "hours", "minutes", "seconds", "ms")
_DAY_MS = 86_400_000.0
_MS = {
    "years": 365 * _DAY_MS,
    "quarters": 91 * _DAY_MS,
    "months": 30 * _DAY_MS,
    "weeks": 7 * _DAY_MS,
    "days": _DAY_MS,
    "hours": 3_600_000.0,
    "minutes": 60_000.0,
    "seconds": 1000.0,
    "ms": 1.0,
}
# Luxon's casual matrix where it is not the ratio of the millisecond values above.
_DIRECT = {
    ("years", "quarters"): 4.0,
    ("years", "months"): 12.0,
    ("years", "weeks"): 52.0,
    ("quarters", "months"): 3.0,
    ("quarters", "weeks"): 13.0,
    ("months", "weeks"): 4.0,
}
_NAMES = {
    "years": "year",
    "quarters": "quarter",
    "months": "month",
    "weeks": "week",
    "days": "day",
    "hours": "hour",
    "minutes": "minute",
    "seconds": "second",
    "ms": "millisecond",
}
UNIT_WORDS = {
    **dict.fromkeys(("year", "years", "yr", "yrs"), "years"),
    **dict.fromkeys(("month", "months", "mo", "mos"), "months"),
    **dict.fromkeys(("week", "weeks", "wk", "wks", "w"), "weeks"),
    **dict.fromkeys(("day", "days", "d"), "days"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), "hours"),
    **dict.fromkeys(("minute", "minutes", "min", "mins", "m"), "minutes"),
    **dict.fromkeys(("second", "seconds", "sec", "secs", "s"), "seconds"),
}
"""Unit spellings of ``dur(...)`` and of duration field values (Dataview's DURATION_TYPES)."""


def conversion(big: str, small: str) -> float:
    """How many ``small`` units one ``big`` unit holds (Luxon's casual matrix)."""
    return _DIRECT.get((big, small), _MS[big] / _MS[small])


@dataclass(frozen=True, slots=True)
class Duration:
    """A span of time as Luxon holds it: a value per unit, units kept apart."""

    values: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(cls, **units: float) -> Duration:
        """A duration from unit values (``years=1, days=2``); ``ms`` for milliseconds."""
        return cls(tuple((u, float(units[u])) for u in ORDER if u in units))

    def get(self, unit: str) -> float:
        """The value held for ``unit`` (0 when absent)."""
        return dict(self.values).get(unit, 0.0)

    def as_dict(self) -> dict[str, float]:
        """The units as a dict in Luxon's order."""
        return dict(self.values)

    def millis(self) -> float:
        """Total milliseconds, with casual months and years: how durations compare."""
        return sum(v * _MS[u] for u, v in self.values)

    def plus(self, other: Duration) -> Duration:
        """Unit-wise sum."""
        out = self.as_dict()
        for unit, value in other.values:
            out[unit] = out.get(unit, 0.0) + value
        return Duration.of(**out)

    def negate(self) -> Duration:
        """Every unit negated."""
        return self.map(lambda v: -v)

    def map(self, func: Callable[[float], float]) -> Duration:
        """``func`` applied to every unit's value."""
        return Duration(tuple((u, func(v)) for u, v in self.values))

    def shift_to(self, *units: str) -> Duration:
        """Luxon's ``shiftTo``: the same span in ``units``, fractions carried to smaller ones."""
        wanted = [u for u in ORDER if u in units]
        if not wanted:
            return self
        vals = self.as_dict()
        built: dict[str, float] = {}
        accumulated: dict[str, float] = {}
        last = wanted[-1]
        for unit in ORDER:
            if unit in wanted:
                own = 0.0
                for acc_unit, acc_value in accumulated.items():
                    own += conversion(acc_unit, unit) * acc_value
                    accumulated[acc_unit] = 0.0
                own += vals.get(unit, 0.0)
                whole = float(math.trunc(own))
                built[unit] = whole
                accumulated[unit] = (own * 1000 - whole * 1000) / 1000
            elif unit in vals:
                accumulated[unit] = vals[unit]
        for unit, value in accumulated.items():
            if value != 0:
                built[last] += value if unit == last else value / conversion(last, unit)
        _normalize_values(built)
        return Duration.of(**built)

    def normalized(self) -> Duration:
        """Dataview's ``normalizeDuration``: shift to every unit, then normalize."""
        return self.shift_to(*ALL)

    def to_human(self) -> str:
        """``8 minutes, 4 seconds``: the non-zero units, as Dataview renders a duration."""
        parts = []
        for unit, value in self.normalized().values:
            if value > 0:
                word = _NAMES[unit] + ("" if value == 1 else "s")
                parts.append(f"{_grouped(value)} {word}")
        return ", ".join(parts)

    def to_iso(self) -> str:
        """ISO 8601, as Luxon writes it (``P1Y2M``, ``PT8M4S``)."""
        vals = self.as_dict()
        date = "".join(
            f"{_plain(vals[u])}{tag}"
            for u, tag in (("years", "Y"), ("months", "M"), ("weeks", "W"), ("days", "D"))
            if vals.get(u)
        )
        if vals.get("quarters"):
            date = f"{_plain(vals['quarters'] * 3 + vals.get('months', 0))}M" + date
        seconds = vals.get("seconds", 0.0) + vals.get("ms", 0.0) / 1000
        time = "".join(
            f"{_plain(v)}{tag}"
            for v, tag in ((vals.get("hours", 0.0), "H"), (vals.get("minutes", 0.0), "M"))
            if v
        )
        if seconds:
            time += f"{_plain(round(seconds, 3))}S"
        if not date and not time:
            return "PT0S"
        return "P" + date + ("T" + time if time else "")

    def format(self, fmt: str) -> str:
        """Luxon's ``toFormat``: tokens S s m h d w M y, padded to their length; quoted text."""
        from vaultkit.query.dates import tokenize

        fields = {"S": "ms", "s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
        fields |= {"w": "weeks", "M": "months", "y": "years"}
        tokens = tokenize(fmt)
        units = [fields[t[0]] for lit, t in tokens if not lit and t[0] in fields]
        shifted = self.shift_to(*units)
        out = []
        for literal, token in tokens:
            if literal or token[0] not in fields:
                out.append(token)
            else:
                value = math.trunc(shifted.get(fields[token[0]]))
                sign = "-" if value < 0 else ""
                out.append(sign + str(abs(value)).zfill(len(token)))
        return "".join(out)


def _normalize_values(vals: dict[str, float]) -> None:
    """Luxon's ``normalizeValues``: roll small units up into large, then push fractions down."""
    total = sum(v * _MS[u] for u, v in vals.items())
    factor = -1.0 if total < 0 else 1.0
    present = [u for u in ORDER if u in vals]
    for big, small in zip(reversed(present[:-1]), reversed(present[1:]), strict=True):
        conv = conversion(big, small)
        roll = math.floor(vals[small] * factor / conv)
        vals[big] += roll * factor
        vals[small] -= roll * conv * factor
    for big, small in itertools.pairwise(present):
        fraction = math.fmod(vals[big], 1)
        vals[big] -= fraction
        vals[small] += fraction * conversion(big, small)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


def _grouped(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")
