"""Dataview's dates: its literal grammar, shorthands, Luxon-style formats and calendar maths.

Dates are naive local ``datetime`` values; a date written without a time is midnight, and
that is also how it prints (Dataview renders midnight as a plain date). Sources: Dataview
docs/reference/literals.md (forms and shorthands), reference/functions.md (``dateformat``,
``date(text, format)``), annotation/metadata-pages.md (``file.day``), and Luxon's DateTime,
whose ``plus``, ``diff`` and format tokens Dataview uses.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from vaultkit.query.durations import Duration

_ROOT = re.compile(r"(\d{4})-(\d{2})")
_PARTS = (
    re.compile(r"-(\d{2})"),
    re.compile(r"T(\d{2})"),
    re.compile(r":(\d{2})"),
    re.compile(r":(\d{2})"),
    re.compile(r"\.(\d{3})"),
)
_ZONE = re.compile(r"([+-])(\d{1,2})(?::(\d{2}))?|(Z)|\[([0-9A-Za-z+\-/_]+)\]")
SHORTHANDS = (
    "start-of-month",
    "start-of-year",
    "start-of-week",
    "end-of-month",
    "end-of-year",
    "end-of-week",
    "yesterday",
    "tomorrow",
    "today",
    "now",
    "sow",
    "eow",
    "som",
    "eom",
    "soy",
    "eoy",
)
"""Longest first, so that a prefix never hides a longer name."""


def shorthand(name: str, now: dt.datetime) -> dt.datetime:
    """The date a shorthand (``today``, ``sow``, ``end-of-month`` …) names, relative to ``now``."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    short = {"start-of-week": "sow", "end-of-week": "eow", "start-of-month": "som"}
    short |= {"end-of-month": "eom", "start-of-year": "soy", "end-of-year": "eoy"}
    name = short.get(name, name)
    last = dt.timedelta(days=1) - dt.timedelta(milliseconds=1)
    if name == "now":
        return now
    if name in ("today", "yesterday", "tomorrow"):
        return day + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[name])
    if name in ("sow", "eow"):
        start = day - dt.timedelta(days=day.weekday())
        return start if name == "sow" else start + dt.timedelta(days=6) + last
    if name in ("som", "eom"):
        start = day.replace(day=1)
        if name == "som":
            return start
        return start.replace(day=calendar.monthrange(start.year, start.month)[1]) + last
    start = day.replace(month=1, day=1)
    return start if name == "soy" else start.replace(month=12, day=31) + last


def parse_date_at(text: str, pos: int) -> tuple[dt.datetime, int] | None:
    """Dataview's date grammar at ``pos``: ``YYYY-MM[-DD[THH[:mm[:ss[.SSS]]]]]`` and a zone
    (``+06:30``, ``Z``, ``[Europe/Paris]``); the date and where it ends, or None."""
    match = _ROOT.match(text, pos)
    if not match:
        return None
    fields = [int(match.group(1)), int(match.group(2)), 1, 0, 0, 0, 0]
    end = match.end()
    for index, part in enumerate(_PARTS):
        step = part.match(text, end)
        if not step:
            break
        fields[index + 2] = int(step.group(1))
        end = step.end()
    try:
        year, month, day, hour, minute, second, millis = fields
        value = dt.datetime(year, month, day, hour, minute, second, millis * 1000)
    except ValueError:
        return None
    zone = _ZONE.match(text, end)
    if zone:
        value = _in_zone(value, zone)
        end = zone.end()
    return value, end


def _in_zone(value: dt.datetime, zone: re.Match[str]) -> dt.datetime:
    """The wall time ``value`` written in ``zone``, keeping that zone (Luxon's
    ``setZone: true``): ``12:40-07:00`` stays 12:40 at -07:00."""
    if zone.group(4):
        tz: dt.tzinfo = dt.UTC
    elif zone.group(5):
        try:
            from zoneinfo import ZoneInfo

            tz = ZoneInfo(zone.group(5))
        except (KeyError, ValueError):
            return value
    else:
        minutes = int(zone.group(2)) * 60 + int(zone.group(3) or 0)
        tz = dt.timezone(dt.timedelta(minutes=minutes if zone.group(1) == "+" else -minutes))
    return value.replace(tzinfo=tz)


def local(value: dt.datetime) -> dt.datetime:
    """The same instant as a naive local time (dates without a zone are local): how dates
    of different zones compare, sort and subtract."""
    return value.astimezone().replace(tzinfo=None) if value.tzinfo is not None else value


def parse_date(text: str) -> dt.datetime | None:
    """A whole string in Dataview's date grammar, or None."""
    found = parse_date_at(text, 0)
    return found[0] if found and found[1] == len(text) else None


def extract_date(text: str) -> dt.datetime | None:
    """A ``yyyy-mm-dd`` (else ``yyyymmdd``) date anywhere in ``text``: Dataview's file.day."""
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text) or re.search(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return dt.datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def has_time(value: dt.datetime) -> bool:
    """Whether a date carries a time of day (Dataview prints midnight as a plain date)."""
    return bool(value.hour or value.minute or value.second or value.microsecond)


def iso(value: dt.datetime) -> str:
    """``2021-01-30``, or ``2021-01-30T18:15:00`` when there is a time."""
    if not has_time(value) and value.tzinfo is None:
        return value.date().isoformat()
    spec = "milliseconds" if value.microsecond else "seconds"
    return value.isoformat(timespec=spec)


def display(value: dt.datetime) -> str:
    """Dataview's default rendering: ``MMMM dd, yyyy``, with ``h:mm a - `` before a time."""
    return format_date(value, "h:mm a - MMMM dd, yyyy" if has_time(value) else "MMMM dd, yyyy")


# -- calendar arithmetic --------------------------------------------------------------------


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    total = value.year * 12 + value.month - 1 + months
    year, month = divmod(total, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


def plus(value: dt.datetime, duration: Duration) -> dt.datetime:
    """Luxon's ``plus``: whole years, months, weeks and days on the calendar, the rest as time."""
    units = duration.as_dict()
    whole = {u: int(units.get(u, 0)) for u in ("years", "quarters", "months", "weeks", "days")}
    months = whole["years"] * 12 + whole["quarters"] * 3 + whole["months"]
    moved = _add_months(value, months) if months else value
    moved += dt.timedelta(days=whole["days"] + whole["weeks"] * 7)
    rest = Duration.of(**{u: v - whole.get(u, 0) for u, v in units.items()}).millis()
    try:
        return moved + dt.timedelta(milliseconds=rest)
    except OverflowError as error:
        raise ValueError("date out of range") from error


def diff(later: dt.datetime, earlier: dt.datetime) -> Duration:
    """``later - earlier`` as Luxon's ``diff`` in years, months, days and time, normalized."""
    if later.tzinfo is not None and earlier.tzinfo is not None:
        earlier = earlier.astimezone(later.tzinfo)
    elif later.tzinfo is not None or earlier.tzinfo is not None:
        later, earlier = local(later), local(earlier)
    if later < earlier:
        return diff(earlier, later).negate()
    results: dict[str, float] = {}
    cursor = earlier
    for unit in ("years", "months", "days"):
        if unit == "years":
            count = later.year - cursor.year
        elif unit == "months":
            count = later.month - cursor.month + (later.year - cursor.year) * 12
        else:
            count = (later.date() - cursor.date()).days
        results[unit] = count
        high = plus(earlier, Duration.of(**results))
        if high > later:
            results[unit] -= 1
            cursor = plus(earlier, Duration.of(**results))
            if cursor > later:
                results[unit] -= 1
                cursor = plus(earlier, Duration.of(**results))
        else:
            cursor = high
    millis = (later - cursor) / dt.timedelta(milliseconds=1)
    low = Duration.of(ms=millis).shift_to("hours", "minutes", "seconds", "ms")
    return low.plus(Duration.of(**results)).normalized()


# -- Luxon format tokens ---------------------------------------------------------------------


def tokenize(fmt: str) -> list[tuple[bool, str]]:
    """Luxon's format tokens: runs of one letter, and ``'quoted'`` literal text."""
    tokens: list[tuple[bool, str]] = []
    i = 0
    while i < len(fmt):
        char = fmt[i]
        if char == "'":
            end = fmt.find("'", i + 1)
            end = len(fmt) if end < 0 else end
            tokens.append((True, fmt[i + 1 : end]))
            i = end + 1
        elif char.isalpha():
            j = i
            while j < len(fmt) and fmt[j] == char:
                j += 1
            tokens.append((False, fmt[i:j]))
            i = j
        else:
            tokens.append((True, char))
            i += 1
    return tokens


def _token(value: dt.datetime, token: str) -> str | None:
    hour12 = value.hour % 12 or 12
    millis = value.microsecond // 1000
    epoch = value.astimezone().timestamp()
    simple: dict[str, str] = {
        "y": str(value.year),
        "yy": f"{value.year % 100:02d}",
        "yyyy": f"{value.year:04d}",
        "M": str(value.month),
        "MM": f"{value.month:02d}",
        "MMM": value.strftime("%b"),
        "MMMM": calendar.month_name[value.month],
        "L": str(value.month),
        "LL": f"{value.month:02d}",
        "LLL": value.strftime("%b"),
        "LLLL": calendar.month_name[value.month],
        "d": str(value.day),
        "dd": f"{value.day:02d}",
        "o": str(value.timetuple().tm_yday),
        "ooo": f"{value.timetuple().tm_yday:03d}",
        "E": str(value.isoweekday()),
        "c": str(value.isoweekday()),
        "EEE": calendar.day_abbr[value.weekday()],
        "ccc": calendar.day_abbr[value.weekday()],
        "EEEE": calendar.day_name[value.weekday()],
        "cccc": calendar.day_name[value.weekday()],
        "H": str(value.hour),
        "HH": f"{value.hour:02d}",
        "h": str(hour12),
        "hh": f"{hour12:02d}",
        "m": str(value.minute),
        "mm": f"{value.minute:02d}",
        "s": str(value.second),
        "ss": f"{value.second:02d}",
        "S": str(millis),
        "SSS": f"{millis:03d}",
        "a": "AM" if value.hour < 12 else "PM",
        "W": str(value.isocalendar().week),
        "WW": f"{value.isocalendar().week:02d}",
        "kk": f"{value.isocalendar().year % 100:02d}",
        "kkkk": str(value.isocalendar().year),
        "q": str((value.month - 1) // 3 + 1),
        "x": str(round(epoch * 1000)),
        "X": str(int(epoch)),
        "D": f"{value.month}/{value.day}/{value.year}",
        "DD": f"{value.strftime('%b')} {value.day}, {value.year}",
        "DDD": f"{calendar.month_name[value.month]} {value.day}, {value.year}",
        "t": f"{hour12}:{value.minute:02d} {'AM' if value.hour < 12 else 'PM'}",
        "T": f"{value.hour:02d}:{value.minute:02d}",
        "TT": f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}",
        "Z": _offset(value, short=True),
        "ZZ": _offset(value, short=False),
    }
    simple["DDDD"] = f"{calendar.day_name[value.weekday()]}, {simple['DDD']}"
    simple["f"] = f"{simple['D']}, {simple['t']}"
    simple["ff"] = f"{simple['DD']}, {simple['t']}"
    simple["fff"] = f"{simple['DDD']} at {simple['t']}"
    simple["ffff"] = f"{simple['DDDD']} at {simple['t']}"
    return simple.get(token)


def _offset(value: dt.datetime, short: bool) -> str:
    zoned = value if value.tzinfo is not None else value.astimezone()
    delta = zoned.utcoffset() or dt.timedelta()
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    if short:
        return f"{sign}{hours}" + (f":{mins:02d}" if mins else "")
    return f"{sign}{hours:02d}:{mins:02d}"


def format_date(value: dt.datetime, fmt: str) -> str:
    """``value`` in a Luxon format (``yyyy-MM-dd``, ``MMMM dd, yyyy``, ``HH:mm:ss``, ``x``);
    unknown letters are kept as written."""
    out = []
    for literal, token in tokenize(fmt):
        text = None if literal else _token(value, token)
        out.append(token if text is None else text)
    return "".join(out)


_PARSE_TOKENS = {
    "yyyy": r"(?P<year>\d{4})",
    "yy": r"(?P<yy>\d{2})",
    "y": r"(?P<year>\d{1,6})",
    "MM": r"(?P<month>\d{2})",
    "M": r"(?P<month>\d{1,2})",
    "MMMM": r"(?P<monthname>[A-Za-z]+)",
    "MMM": r"(?P<monthabbr>[A-Za-z]{3})",
    "dd": r"(?P<day>\d{2})",
    "d": r"(?P<day>\d{1,2})",
    "HH": r"(?P<hour>\d{2})",
    "H": r"(?P<hour>\d{1,2})",
    "hh": r"(?P<hour12>\d{2})",
    "h": r"(?P<hour12>\d{1,2})",
    "mm": r"(?P<minute>\d{2})",
    "m": r"(?P<minute>\d{1,2})",
    "ss": r"(?P<second>\d{2})",
    "s": r"(?P<second>\d{1,2})",
    "SSS": r"(?P<ms>\d{3})",
    "a": r"(?P<ampm>AM|PM|am|pm)",
    "EEEE": r"[A-Za-z]+",
    "EEE": r"[A-Za-z]{3}",
}


def parse_with_format(text: str, fmt: str) -> dt.datetime | None:
    """``date(text, format)``: ``text`` read with Luxon tokens, or None when it does not fit."""
    pattern = []
    for literal, token in tokenize(fmt):
        if literal:
            pattern.append(re.escape(token))
        elif token in _PARSE_TOKENS:
            pattern.append(_PARSE_TOKENS[token])
        else:
            return None
    match = re.fullmatch("".join(pattern), text.strip())
    if not match:
        return None
    got = {k: v for k, v in match.groupdict().items() if v is not None}
    months = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    abbrs = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    try:
        year = int(got["year"]) if "year" in got else 2000 + int(got.get("yy", "0"))
        if "yy" not in got and "year" not in got:
            year = dt.date.today().year
        month = int(got.get("month", 1))
        if "monthname" in got:
            month = months[got["monthname"].lower()]
        if "monthabbr" in got:
            month = abbrs[got["monthabbr"].lower()]
        hour = int(got.get("hour", 0))
        if "hour12" in got:
            hour = int(got["hour12"]) % 12 + (12 if got.get("ampm", "").lower() == "pm" else 0)
        return dt.datetime(
            year,
            month,
            int(got.get("day", 1)),
            hour,
            int(got.get("minute", 0)),
            int(got.get("second", 0)),
            int(got.get("ms", 0)) * 1000,
        )
    except (KeyError, ValueError):
        return None
