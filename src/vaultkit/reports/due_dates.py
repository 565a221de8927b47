"""The due date of a meeting's action, as written: a date (``📅 2021-03-31``, ``by 3-28``),
a phrase resolved against the meeting's date (``by Friday``, ``by the 15th``, ``by the end
of the month``, ``before the June deadline``, ``within two weeks``), or a phrase kept as
text because no date can be read from it (``before the convention``). ``by next meeting``
takes the date of the branch's next meeting in the vault, or, when there is none yet, the
date its cadence expects (``with_next_meeting_dues``).

Every pattern starts at a keyword (``by``, ``before``, ``until``, ``end of``, …) and reads
a bounded number of words after it, so a task's text is read in one pass.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaultkit.reports.meetings import Meeting

DATE, RESOLVED, SCHEDULED, EXPECTED, TEXT = "date", "resolved", "scheduled", "expected", "text"
"""How a due date was read: written as a date; a phrase resolved against the meeting's
date; a day the action is planned for (``on Friday``: not a deadline, but when it is
expected done), resolved likewise; ``by next meeting`` estimated from the branch's cadence
(no later meeting in the vault: its last meeting plus the median gap between its meetings);
a phrase kept as text (a named event, or a relative phrase with no meeting date)."""

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ABBREVIATIONS = {m[:3]: n for n, m in enumerate(_MONTHS, 1)} | {"sept": 9}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_BY = r"\b(?:by|before|until|till|due(?:\s+on)?|no\s+later\s+than|ahead\s+of|in\s+time\s+for)"

_ISO = re.compile(r"(?:📅|\bdue(?:::|:)?|\bby|\bbefore)\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_NUMERIC = re.compile(
    r"\b(?:by|before|due(?:\s+on)?|until)\s+(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2,4}))?(?![\d/-])",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(by|before|on|until)\s+(?:next\s+)?([a-z]{6,9})\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:()\u2013\u2014]|\b(?:and|but|who|which|where|when|after)\b", re.I)
_PAST_WORDS = (
    "was were had did said says told met went came held spoke lost won gave took made sent"
    " saw heard found left got began ran wrote rang"
)
_PAST = frozenset(_PAST_WORDS.split())
"""Words of a past event (``the hall we saw on Friday``): its day is no due date."""
_FUTURE_WORDS = "will shall to be get gets must should can could going need needs"
_FUTURE = frozenset(_FUTURE_WORDS.split())
"""Words that keep a clause in the future (``to be signed on Friday``)."""
_NOT_PAST_WORDS = "need feed seed speed proceed succeed exceed bed red shed bred"
_NOT_PAST = frozenset(_NOT_PAST_WORDS.split())
_DETERMINER_WORDS = "the a an our their your my his her its this these those"
_DETERMINERS = frozenset(_DETERMINER_WORDS.split())
"""Words after which a past form describes a thing (``the revised leaflet``, ``the lost
keys``): no past event."""
BEFORE = 6
"""Words before ``on Friday`` read for its tense (bounded: the task is read once)."""
_ORDINAL = re.compile(
    rf"{_BY}\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)\b(?:\s+of\s+([a-z]{{3,9}})\b)?",
    re.IGNORECASE,
)
_END_OF = re.compile(
    r"\bend\s+of\s+(?:(this|the|next)\s+)?([a-z]{3,9})\b|\b(month|week|year)[-\s]end\b",
    re.IGNORECASE,
)
_MONTH = re.compile(
    rf"(?P<lead>(?i:{_BY}))\s+(?:the\s+)?(?:(?P<part>start|beginning|middle)\s+of\s+)?"
    r"(?P<month>[A-Z][a-z]{2,8})\b\.?(?P<deadline>\s+deadline)?",
)
_WITHIN = re.compile(
    r"\b(?:within|in)\s+(?:the\s+next\s+)?(\d{1,2}|a|one|two|three|four|five|six)\s+"
    r"(day|week|month)s?\b",
    re.IGNORECASE,
)
_NEXT = re.compile(r"\b(?:by|before|until|for)\s+(tomorrow|next\s+week|next\s+month)\b", re.I)
_EVENTS = (
    "meeting meetings convention conference congress rally agm election elections deadline"
    " strike march demo demonstration picket protest launch summit hearing session festival"
    " picnic retreat weekend holidays holiday break term semester fair"
)
"""What ``by the …`` must name to be a due date: events in time (``by the council``,
``by the party``, ``by the school`` name who or where, not when)."""
_EVENT_WORDS = frozenset(_EVENTS.split())
_EVENT = re.compile(
    r"(?i:\b(?P<lead>before|until|till|ahead\s+of|in\s+time\s+for|by))\s+"
    r"(?P<det>(?i:the\s+next|next|the|our|this))\s+"
    r"(?P<words>[A-Za-z][\w'’-]*(?:\s+(?!(?i:and|or|to|for|with|so|if|when|that|but|of)\b)"
    r"[A-Za-z][\w'’-]*){0,2})"
)


@dataclass(frozen=True)
class Due:
    """A due date: ``date`` (ISO) when one is written or can be resolved, else None;
    ``text`` the words it was read from; ``kind`` ``date``, ``resolved``, ``scheduled`` or
    ``text``."""

    date: str | None
    text: str
    kind: str


def due_in(text: str, meeting: dt.date | None) -> Due | None:
    """The due date a task's ``text`` gives, read against its ``meeting``'s date. A date
    the calendar has not (Feb 29 a year on, a year past 9999) is no date."""
    if found := _calendar(_written, text, meeting):
        return found
    if meeting is None:
        return _relative_without_date(text) or _kept(text)
    for read in (_weekday, _ordinal, _end_of, _month, _within, _next):
        if found := _calendar(read, text, meeting):
            return found
    return _kept(text)


def _calendar(
    read: Callable[[str, Any], Due | None], text: str, meeting: dt.date | None
) -> Due | None:
    """``read(text, meeting)``, None where the date it works out is not in the calendar."""
    try:
        return read(text, meeting)
    except (ValueError, OverflowError):
        return None


def _written(text: str, meeting: dt.date | None) -> Due | None:
    """``📅 2021-03-31`` or ``by 3-28`` (the meeting's year, the next when that has passed)."""
    if match := _ISO.search(text):
        try:
            return Due(dt.date.fromisoformat(match.group(1)).isoformat(), match.group(0), DATE)
        except ValueError:
            return None
    if match := _NUMERIC.search(text):
        month, day, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if year is None and meeting is None:
            return Due(None, match.group(0), TEXT)
        if year is not None:
            full = int(year) + (2000 if len(year) == 2 else 0)
        else:
            assert meeting is not None
            full = meeting.year
        try:
            due = dt.date(full, month, day)
        except ValueError:
            return None
        if year is None and meeting is not None and due < meeting:
            due = due.replace(year=due.year + 1)
        return Due(due.isoformat(), match.group(0), DATE)
    return None


def _weekday(text: str, meeting: dt.date) -> Due | None:
    """``by Friday``: the next Friday after the meeting. ``on Friday`` is the day the action
    is planned for (``scheduled``), unless its clause tells of the past (``the hall we saw
    on Friday``): then it is no date at all."""
    for match in _WEEKDAY.finditer(text):
        name = match.group(2).lower()
        if name not in _WEEKDAYS:
            continue
        kind = RESOLVED
        if match.group(1).lower() == "on":
            if _past(text[max(0, match.start() - 12 * BEFORE) : match.start()]):
                continue
            kind = SCHEDULED
        ahead = (_WEEKDAYS.index(name) - meeting.weekday() - 1) % 7 + 1
        return Due((meeting + dt.timedelta(days=ahead)).isoformat(), match.group(0), kind)
    return None


def _past(before: str) -> bool:
    """Whether the words ``before`` a day (the last ``BEFORE`` of its clause) tell of a
    past event: a past form (``met``, ``was``, a word in ``-ed``) and nothing that keeps
    the clause in the future (``will``, ``to``, ``be``, ``'ll``). A past form right after a
    determiner describes a thing (``publish the revised leaflet on Friday``): not counted."""
    clause = _CLAUSE.split(before)[-1]
    words = [w.strip(".!?\"'’") for w in clause.lower().split()[-BEFORE - 1 :]]
    pairs = list(zip(["", *words], words, strict=False))[-BEFORE:]
    if any(w in _FUTURE or w.endswith(("'ll", "’ll")) for _, w in pairs):
        return False
    return any(
        (w in _PAST or (w.endswith("ed") and w not in _NOT_PAST)) and prev not in _DETERMINERS
        for prev, w in pairs
    )


def _month_number(word: str | None) -> int | None:
    if not word:
        return None
    word = word.lower().rstrip(".")
    if word in _MONTHS:
        return _MONTHS.index(word) + 1
    return _MONTH_ABBREVIATIONS.get(word) if len(word) <= 4 else None


def _next_month_day(meeting: dt.date, month: int, day: int | None) -> dt.date:
    """The ``day`` (the last when None) of ``month`` on or after the meeting."""
    for year in (meeting.year, meeting.year + 1):
        last = calendar.monthrange(year, month)[1]
        due = dt.date(year, month, min(day or last, last))
        if due >= meeting:
            return due
    return due


def _ordinal(text: str, meeting: dt.date) -> Due | None:
    """``by the 15th`` (the next 15th on or after the meeting), ``by the 3rd of May``."""
    for match in _ORDINAL.finditer(text):
        day = int(match.group(1))
        month = _month_number(match.group(2))
        if not 1 <= day <= 31 or (match.group(2) and month is None):
            continue
        if month is not None:
            due = _next_month_day(meeting, month, day)
        else:
            year, month = meeting.year, meeting.month
            if day < meeting.day:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            due = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
        return Due(due.isoformat(), match.group(0), RESOLVED)
    return None


def _end_of(text: str, meeting: dt.date) -> Due | None:
    """``end of the month`` (the meeting's), ``end of next month``, ``end of the week``
    (the Sunday after the meeting), ``end of the year``, ``end of June``, ``month-end``."""
    for match in _END_OF.finditer(text):
        which = (match.group(1) or "").lower()
        unit = (match.group(2) or match.group(3)).lower()
        nxt = which == "next"
        if unit == "month":
            year, month = meeting.year, meeting.month
            if nxt:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            due = dt.date(year, month, calendar.monthrange(year, month)[1])
        elif unit == "week":  # the Sunday after the meeting (a week on from a Sunday's)
            due = meeting + dt.timedelta(days=(6 - meeting.weekday() or 7) + (7 if nxt else 0))
        elif unit == "year":
            due = dt.date(meeting.year + nxt, 12, 31)
        elif (number := _month_number(unit)) is not None and not which:
            due = _next_month_day(meeting, number, None)
        else:
            continue
        return Due(due.isoformat(), match.group(0), RESOLVED)
    return None


def _month(text: str, meeting: dt.date) -> Due | None:
    """``before the June deadline``, ``by June``: the last day of June (the next June on or
    after the meeting); ``before June`` alone the day before it begins; ``by the start of
    June`` its first day, ``the middle of June`` its 15th. A month is capitalised; ``in
    June`` is not read (``a room in June`` says when, not by when)."""
    for match in _MONTH.finditer(text):
        number = _month_number(match.group("month"))
        if number is None:
            continue
        part = (match.group("part") or "").lower()
        lead = match.group("lead").lower()
        if part == "middle":
            due = _next_month_day(meeting, number, 15)
        elif part:
            due = _next_month_day(meeting, number, 1)
        elif lead == "before" and not match.group("deadline"):
            due = _next_month_day(meeting, number, 1) - dt.timedelta(days=1)
        else:
            due = _next_month_day(meeting, number, None)
        return Due(due.isoformat(), match.group(0), RESOLVED)
    return None


def _within(text: str, meeting: dt.date) -> Due | None:
    """``within two weeks``, ``in 10 days``, ``in a month``: counted from the meeting."""
    for match in _WITHIN.finditer(text):
        word = match.group(1).lower()
        count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        unit = match.group(2).lower()
        if unit == "month":
            due = _add_months(meeting, count)
        else:
            due = meeting + dt.timedelta(days=count * (7 if unit == "week" else 1))
        return Due(due.isoformat(), match.group(0), RESOLVED)
    return None


def _add_months(day: dt.date, count: int) -> dt.date:
    month = day.month - 1 + count
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _next(text: str, meeting: dt.date) -> Due | None:
    """``by tomorrow``, ``by next week`` (the meeting's date a week on), ``by next month``
    (the last day of the month after the meeting's)."""
    if not (match := _NEXT.search(text)):
        return None
    what = " ".join(match.group(1).lower().split())
    if what == "tomorrow":
        due = meeting + dt.timedelta(days=1)
    elif what == "next week":
        due = meeting + dt.timedelta(days=7)
    else:
        after = _add_months(meeting.replace(day=1), 1)
        due = after.replace(day=calendar.monthrange(after.year, after.month)[1])
    return Due(due.isoformat(), match.group(0), RESOLVED)


def _kept(text: str) -> Due | None:
    """A phrase no date can be read from, kept as written: ``by next meeting``, ``before
    the convention``. After ``by`` the words must name an event (``by the door`` is not a
    due date); after ``before``, ``until``, ``ahead of`` or ``in time for`` any do (``for
    the strike fund`` alone is a purpose, not a date)."""
    for match in _EVENT.finditer(text):
        words = match.group("words").split()
        loose = match.group("lead").lower() == "by"
        named = any(w.lower().strip("'’") in _EVENT_WORDS for w in words)
        if loose and "next" not in match.group("det").lower() and not named:
            continue
        return Due(None, match.group(0).rstrip(".,;:!?"), TEXT)
    return None


def _relative_without_date(text: str) -> Due | None:
    """A relative phrase in a meeting with no date: kept as text."""
    anchor = dt.date(2001, 1, 1)
    for read in (_weekday, _ordinal, _end_of, _month, _within, _next):
        if found := read(text, anchor):
            return Due(None, found.text, TEXT)
    return None


_NEXT_MEETING = re.compile(r"\bnext\s+(?:branch\s+|club\s+|general\s+)?meeting\b", re.I)


def with_next_meeting_dues(meetings: list[Meeting]) -> list[Meeting]:
    """``meetings`` with each action due ``by next meeting`` resolved to the date of the
    next meeting of its branch (of its organization when it has no branch) found in the
    list; with no later meeting, estimated as the branch's expected next meeting (its last
    meeting plus the median gap between its meetings, as the cadence view has it); kept as
    text when the branch has fewer than two dated meetings. A sort per group, a bisection
    per action."""
    dates: dict[tuple[str, str], list[str]] = {}
    for meeting in meetings:
        if meeting.date:
            dates.setdefault(_group(meeting), []).append(meeting.date)
    for found in dates.values():
        found.sort()
    expected = {group: _expected(found) for group, found in dates.items()}
    out = []
    for meeting in meetings:
        group = dates.get(_group(meeting), [])
        at = bisect.bisect_right(group, meeting.date) if meeting.date else len(group)
        following, kind = (group[at], RESOLVED) if at < len(group) else (None, EXPECTED)
        if following is None and meeting.date:
            following = expected.get(_group(meeting))
        waiting = [
            a.due_kind == TEXT and bool(a.due_text and _NEXT_MEETING.search(a.due_text))
            for a in meeting.actions
        ]
        if following is None or not any(waiting):
            out.append(meeting)
            continue
        actions = [
            replace(a, due=following, due_kind=kind) if wait else a
            for a, wait in zip(meeting.actions, waiting, strict=True)
        ]
        out.append(replace(meeting, actions=actions))
    return out


def _expected(dates: list[str]) -> str | None:
    """The date after the last of the sorted ISO ``dates`` by their median gap (rounded to
    a day); None with fewer than two distinct dates."""
    from statistics import median

    days = [dt.date.fromisoformat(d) for d in dates]
    gaps = [(b - a).days for a, b in itertools.pairwise(days)]
    if not gaps or not any(gaps):
        return None
    return (days[-1] + dt.timedelta(days=round(median(gaps)))).isoformat()


def _group(meeting: Meeting) -> tuple[str, str]:
    return ((meeting.org or "").lower(), (meeting.branch or "").lower())
