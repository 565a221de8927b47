"""Meetings: one row per meeting (date, organization, sections, readings discussed, the
user's own interventions, open tasks), each organization's cadence, meetings per month,
and the intervention points themselves — the result behind ``vaultkit report meetings``."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import mean
from typing import TYPE_CHECKING

from vaultkit.model import ListItem, Note

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index

INTERVENTION = re.compile(r"^my interventions?\b\s*[:.\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE)
"""A list item that opens a group of the user's own points: ``- My intervention``."""
DISCUSSION = re.compile(r"^(?:discussion|discussed|reading)\b", re.IGNORECASE)
"""A heading that names what the meeting discussed: ``## Discussion: [[Reading]]``."""
DONE = frozenset("xX-")


@dataclass(frozen=True)
class NoteRef:
    """A note as a report names it."""

    path: str
    title: str
    date: str | None = None
    org: str | None = None


@dataclass(frozen=True)
class Discussed:
    """A reading a meeting discussed: a link to a reading note, or the note a
    ``Discussion:`` heading links even when it is not written yet."""

    name: str
    """The reading note's name, or the link target when there is no note."""
    target: str
    path: str | None
    exists: bool
    line: int
    section: str | None


@dataclass(frozen=True)
class Point:
    """One point under a "My intervention" item; depth 1 is a direct child."""

    text: str
    line: int
    depth: int


@dataclass(frozen=True)
class Intervention:
    """One "My intervention" group of a meeting, with every point below it."""

    path: str
    title: str
    date: str | None
    org: str | None
    section: str | None
    line: int
    points: list[Point]


@dataclass(frozen=True)
class Meeting:
    """One meeting note."""

    path: str
    title: str
    date: str | None
    org: str | None
    sections: list[str]
    readings: list[Discussed]
    intervention_groups: int
    intervention_points: int
    open_tasks: int
    done_tasks: int


@dataclass(frozen=True)
class Cadence:
    """How often one organization (or folder) meets."""

    name: str | None
    count: int
    first: str | None
    last: str | None
    mean_gap_days: float | None


@dataclass(frozen=True)
class MonthCount:
    """Meetings in one month (``2021-01``)."""

    month: str
    count: int


@dataclass(frozen=True)
class MeetingsReport:
    """The ``vaultkit report meetings`` result."""

    meetings: list[Meeting]
    cadence: list[Cadence]
    months: list[MonthCount]
    interventions: list[Intervention] = field(default_factory=list)
    group_by: str = "org"


def _title_line(note: Note) -> int | None:
    return next((h.line for h in note.headings if h.level == 1), None)


def sections_of(note: Note) -> list[str]:
    """The meeting's headings below its title."""
    title = _title_line(note)
    return [h.plain for h in note.headings if h.line != title]


def discussed_in(note: Note, readings: set[str]) -> list[Discussed]:
    """Links of ``note`` to reading notes (paths in ``readings``), and links written in a
    ``Discussion`` heading that resolve to nothing; each once, first occurrence."""
    discussion_lines = {h.line for h in note.headings if DISCUSSION.match(h.plain)}
    sections = sorted((h.line, h.plain) for h in note.headings)
    found: dict[str, Discussed] = {}
    for link in note.links:
        if link.external or link.embed or not link.target:
            continue
        line = link.span.line
        if link.resolved in readings:
            key = link.resolved.lower()
        elif link.resolved is None and line in discussion_lines:
            key = link.target.lower()
        else:
            continue
        if key not in found:
            section = next((text for at, text in reversed(sections) if at <= line), None)
            name = link.resolved.rpartition("/")[2][:-3] if link.resolved else link.target
            found[key] = Discussed(
                name, link.target, link.resolved, link.resolved is not None, line, section
            )
    return list(found.values())


def interventions_of(note: Note) -> list[Intervention]:
    """The note's "My intervention" groups with all their descendant points."""
    items = note.list_items
    groups: list[Intervention] = []
    for index, item in enumerate(items):
        match = INTERVENTION.match(item.text)
        if not match:
            continue
        points: list[Point] = []
        if match.group("rest"):
            points.append(Point(match.group("rest"), item.line, 0))
        for later in range(index + 1, len(items)):
            depth = _depth_below(items, later, index)
            if depth is None:
                break
            points.append(Point(items[later].text, items[later].line, depth))
        groups.append(
            Intervention(
                note.path, note.title, note.date, note.org, item.section, item.line, points
            )
        )
    return groups


def _depth_below(items: tuple[ListItem, ...], index: int, ancestor: int) -> int | None:
    """How many levels item ``index`` sits below ``ancestor``, or None if not below it."""
    depth = 0
    current: int | None = index
    while current is not None and current != ancestor:
        current = items[current].parent
        depth += 1
    return depth if current == ancestor else None


def meeting_row(note: Note, readings: set[str]) -> Meeting:
    """One meeting's row."""
    groups = interventions_of(note)
    tasks = [i.task for i in note.list_items if i.task is not None]
    return Meeting(
        path=note.path,
        title=note.title,
        date=note.date,
        org=note.org,
        sections=sections_of(note),
        readings=discussed_in(note, readings),
        intervention_groups=len(groups),
        intervention_points=sum(len(g.points) for g in groups),
        open_tasks=sum(1 for t in tasks if t not in DONE),
        done_tasks=sum(1 for t in tasks if t in DONE),
    )


def in_period(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether an ISO date falls in [since, until]; both may be ``YYYY`` or ``YYYY-MM``."""
    if since is None and until is None:
        return True
    if date is None:
        return False
    if since is not None and date < since:
        return False
    return until is None or date[: len(until)] <= until


def cadence(meetings: Iterable[Meeting], key: str = "org") -> list[Cadence]:
    """Per organization (or folder): count, first and last date, mean days between."""
    groups: dict[str | None, list[Meeting]] = {}
    for meeting in meetings:
        name = meeting.org if key == "org" else meeting.path.rpartition("/")[0] or None
        groups.setdefault(name, []).append(meeting)
    out = []
    for name, rows in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or "")):
        dates = sorted(dt.date.fromisoformat(m.date) for m in rows if m.date)
        gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
        out.append(
            Cadence(
                name,
                len(rows),
                dates[0].isoformat() if dates else None,
                dates[-1].isoformat() if dates else None,
                round(mean(gaps), 1) if gaps else None,
            )
        )
    return out


def months(meetings: Iterable[Meeting]) -> list[MonthCount]:
    """Meetings per month from the first month to the last, empty months included."""
    counts: dict[str, int] = {}
    for meeting in meetings:
        if meeting.date:
            counts[meeting.date[:7]] = counts.get(meeting.date[:7], 0) + 1
    if not counts:
        return []
    year, month = map(int, min(counts).split("-"))
    last = max(counts)
    out = []
    while (label := f"{year:04d}-{month:02d}") <= last:
        out.append(MonthCount(label, counts.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def meetings_report(
    index: Index,
    flt: NoteFilter | None = None,
    since: str | None = None,
    until: str | None = None,
    org: str | None = None,
    with_interventions: bool = False,
    group_by: str = "org",
) -> MeetingsReport:
    """Every meeting the filters select, sorted by date (undated last), then path."""
    from vaultkit.reports import notes_of_kind

    readings = set(index.filter_paths(kind="reading"))
    notes = [
        note
        for note in notes_of_kind(index, "meeting", flt)
        if in_period(note.date, since, until)
        and (org is None or (note.org or "").lower() == org.lower())
    ]
    notes.sort(key=lambda n: (n.date is None, n.date or "", n.path))
    rows = [meeting_row(note, readings) for note in notes]
    found = [g for note in notes for g in interventions_of(note)] if with_interventions else []
    return MeetingsReport(rows, cadence(rows, group_by), months(rows), found, group_by)
