"""Dates and durations as Bases writes them (Bases syntax.md, "Date arithmetic";
Functions.md, "Date type"): ``date()`` strings, Moment.js format tokens, duration strings
such as ``"1M"``, ``"7d"`` or ``"1 day"``, and ``relative()``.

A date without a zone is local time, as in the app; one written with an offset keeps it."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from vaultkit.bases.errors import EvalError
from vaultkit.query.durations import Duration

_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?"
)


def parse_date(text: str) -> dt.datetime | None:
    """A date from ``YYYY-MM-DD``, ``YYYY-MM-DD HH:mm(:ss)`` or ISO 8601 with a zone;
    None when ``text`` is not wholly one."""
    found = _DATE.fullmatch(text.strip())
    if not found:
        return None
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    try:
        value = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            int((fraction or "0").ljust(6, "0")),
        )
    except ValueError:
        return None
    if zone:
        value = value.replace(tzinfo=_zone(zone))
    return value


def _zone(text: str) -> dt.tzinfo:
    if text == "Z":
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(minutes=minutes))


# -- durations ------------------------------------------------------------------------------

_UNITS = {
    "y": "years",
    "M": "months",
    "w": "weeks",
    "d": "days",
    "h": "hours",
    "m": "minutes",
    "s": "seconds",
    "ms": "ms",
}
_WORDS = {
    "year": "years",
    "month": "months",
    "week": "weeks",
    "day": "days",
    "hour": "hours",
    "minute": "minutes",
    "second": "seconds",
    "millisecond": "ms",
}
_PART = re.compile(r"\s*([+-]?\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*,?")


def parse_duration(text: str) -> Duration | None:
    """A duration from ``"1M"``, ``"7d"``, ``"1 day"``, ``"2h 30m"``; None if not one.
    ``M`` is a month and ``m`` a minute; long names in any case, singular or plural."""
    units: dict[str, float] = {}
    pos = 0
    stripped = text.strip()
    if not stripped:
        return None
    while pos < len(stripped):
        found = _PART.match(stripped, pos)
        if not found:
            return None
        amount, word = float(found.group(1)), found.group(2)
        unit = _UNITS.get(word) or _WORDS.get(word.lower().removesuffix("s"))
        if unit is None:
            return None
        units[unit] = units.get(unit, 0.0) + amount
        pos = found.end()
    return Duration.of(**units)


def add(value: dt.datetime, duration: Duration, sign: int = 1) -> dt.datetime:
    """``value`` moved by ``duration``: years and months on the calendar (the day clipped to
    the month's end), the rest as elapsed time."""
    units = duration.as_dict()
    months = int(units.get("years", 0) * 12 + units.get("quarters", 0) * 3 + units.get("months", 0))
    moved = value
    if months:
        total = value.year * 12 + value.month - 1 + sign * months
        year, month = divmod(total, 12)
        if not 1 <= year <= 9999:
            raise EvalError("date out of range")
        day = min(value.day, calendar.monthrange(year, month + 1)[1])
        moved = value.replace(year=year, month=month + 1, day=day)
    rest_ms = Duration.of(
        **{u: v for u, v in units.items() if u not in ("years", "quarters", "months")}
    ).millis()
    try:
        return moved + sign * dt.timedelta(milliseconds=rest_ms)
    except OverflowError as error:
        raise EvalError("date out of range") from error


# -- Moment.js formatting -------------------------------------------------------------------

_TOKENS = sorted(
    (
        "YYYY", "YY", "Q", "MMMM", "MMM", "MM", "Mo", "M", "DDDD", "DDD", "Do", "DD", "D",
        "dddd", "ddd", "dd", "do", "d", "E", "e", "WW", "W", "ww", "w", "HH", "H", "hh", "h",
        "kk", "k", "mm", "m", "ss", "s", "SSS", "SS", "S", "A", "a", "ZZ", "Z", "X", "x",
    ),
    key=len,
    reverse=True,
)  # fmt: skip


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _offset(value: dt.datetime, colon: bool) -> str:
    offset = value.utcoffset()
    if offset is None:
        offset = value.astimezone().utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{mins:02d}"


def _token(value: dt.datetime, token: str) -> str:
    hour12 = value.hour % 12 or 12
    weekday = value.isoweekday() % 7  # Sunday is 0, as in Moment
    iso_week = value.isocalendar()[1]
    table = {
        "YYYY": f"{value.year:04d}",
        "YY": f"{value.year % 100:02d}",
        "Q": str((value.month - 1) // 3 + 1),
        "MMMM": calendar.month_name[value.month],
        "MMM": calendar.month_abbr[value.month],
        "MM": f"{value.month:02d}",
        "Mo": _ordinal(value.month),
        "M": str(value.month),
        "DDDD": f"{value.timetuple().tm_yday:03d}",
        "DDD": str(value.timetuple().tm_yday),
        "Do": _ordinal(value.day),
        "DD": f"{value.day:02d}",
        "D": str(value.day),
        "dddd": calendar.day_name[value.weekday()],
        "ddd": calendar.day_abbr[value.weekday()],
        "dd": calendar.day_abbr[value.weekday()][:2],
        "do": _ordinal(weekday),
        "d": str(weekday),
        "e": str(weekday),
        "E": str(value.isoweekday()),
        "WW": f"{iso_week:02d}",
        "W": str(iso_week),
        "ww": f"{iso_week:02d}",
        "w": str(iso_week),
        "HH": f"{value.hour:02d}",
        "H": str(value.hour),
        "hh": f"{hour12:02d}",
        "h": str(hour12),
        "kk": f"{value.hour or 24:02d}",
        "k": str(value.hour or 24),
        "mm": f"{value.minute:02d}",
        "m": str(value.minute),
        "ss": f"{value.second:02d}",
        "s": str(value.second),
        "SSS": f"{value.microsecond // 1000:03d}",
        "SS": f"{value.microsecond // 10000:02d}",
        "S": str(value.microsecond // 100000),
        "A": "AM" if value.hour < 12 else "PM",
        "a": "am" if value.hour < 12 else "pm",
        "ZZ": _offset(value, False),
        "Z": _offset(value, True),
        "X": str(int(value.timestamp())),
        "x": str(int(value.timestamp() * 1000)),
    }
    return table[token]


def format_date(value: dt.datetime, fmt: str) -> str:
    """``value`` written with Moment.js tokens; ``[text]`` is copied as written."""
    out: list[str] = []
    pos = 0
    while pos < len(fmt):
        if fmt[pos] == "[":
            end = fmt.find("]", pos + 1)
            if end > pos:
                out.append(fmt[pos + 1 : end])
                pos = end + 1
                continue
        for token in _TOKENS:
            if fmt.startswith(token, pos):
                out.append(_token(value, token))
                pos += len(token)
                break
        else:
            out.append(fmt[pos])
            pos += 1
    return "".join(out)


def relative(value: dt.datetime, now: dt.datetime) -> str:
    """Moment's ``fromNow``: ``a few seconds ago``, ``3 days ago``, ``in a month``."""
    seconds = now.timestamp() - value.timestamp()
    future = seconds < 0
    seconds = abs(seconds)
    minutes, hours, days = seconds / 60, seconds / 3600, seconds / 86400
    if seconds < 45:
        phrase = "a few seconds"
    elif seconds < 90:
        phrase = "a minute"
    elif minutes < 45:
        phrase = f"{round(minutes)} minutes"
    elif minutes < 90:
        phrase = "an hour"
    elif hours < 22:
        phrase = f"{round(hours)} hours"
    elif hours < 36:
        phrase = "a day"
    elif days < 26:
        phrase = f"{round(days)} days"
    elif days < 45:
        phrase = "a month"
    elif days < 320:
        phrase = f"{round(days / 30.4)} months"
    elif days < 548:
        phrase = "a year"
    else:
        phrase = f"{round(days / 365)} years"
    return f"in {phrase}" if future else f"{phrase} ago"
