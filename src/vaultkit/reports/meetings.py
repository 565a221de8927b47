"""Meetings: one row per meeting (date, organization, sections, readings discussed, the
user's own interventions, open tasks), each organization's cadence, meetings per month,
and the intervention points themselves — the result behind ``vaultkit report meetings``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.errors import VaultkitError
from vaultkit.model import ListItem, Note
from vaultkit.reports.meeting_model import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    SectionMention,
    actions_of,
    agenda_of,
    attendance_of,
    branch_of,
    decisions_of,
    mentions_of,
    org_of,
    section_numbers,
    speakers_of,
    type_of,
)
from vaultkit.reports.meeting_views import (
    Cadence,
    Matrix,
    OpenAction,
    cadence,
    open_actions,
    readings_matrix,
    sections_matrix,
)

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index
    from vaultkit.kinds import KindRule

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
    branch: str | None = None
    """A meeting's branch (see ``meeting_model.branch_of``)."""


def meeting_ref(note: Note) -> NoteRef:
    """A meeting as a report names it: date, organization and branch."""
    org = org_of(note) or note.org
    return NoteRef(note.path, note.title, note.date, org, branch_of(note, org))


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
    branch: str | None = None
    type: str | None = None
    attendance: Attendance | None = None
    agenda: list[AgendaItem] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    speakers: dict[str, int] = field(default_factory=dict)
    resolution_sections: list[SectionMention] = field(default_factory=list)


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
    group_by: str = "branch"
    decisions: list[Decision] = field(default_factory=list)
    open_actions: list[OpenAction] = field(default_factory=list)
    readings_by_branch: Matrix = field(default_factory=lambda: Matrix([], []))
    sections_by_branch: Matrix = field(default_factory=lambda: Matrix([], []))
    today: str = ""
    """The date ages and "days since" are counted to."""
    rule: str = ""
    """What makes a note a meeting in this vault (the ``[kinds.meeting]`` rule, in words)."""
    all_meetings: int = 0
    """Meetings in the vault before --since/--until/--org/--branch and the note filter."""
    orgs: list[str] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)
    """Organizations and branches of all meetings (what --org and --branch accept)."""
    lookalikes: list[str] = field(default_factory=list)
    """Paths of notes titled like a meeting (``… Branch``, ``… meeting``, ``… minutes``,
    with a date) that the meeting rule does not select: so that none vanishes silently."""


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


def meeting_row(
    note: Note,
    readings: set[str],
    rule: KindRule | None = None,
    resolutions: dict[str, list[int]] | None = None,
) -> Meeting:
    """One meeting's row and what it says (decisions, actions, speakers, sections)."""
    from vaultkit.kinds import DEFAULT_RULES

    groups = interventions_of(note)
    tasks = [i.task for i in note.list_items if i.task is not None]
    org = org_of(note)
    branch = branch_of(note, org)
    return Meeting(
        path=note.path,
        title=note.title,
        date=note.date,
        org=org,
        sections=sections_of(note),
        readings=discussed_in(note, readings),
        intervention_groups=len(groups),
        intervention_points=sum(len(g.points) for g in groups),
        open_tasks=sum(1 for t in tasks if t not in DONE),
        done_tasks=sum(1 for t in tasks if t in DONE),
        branch=branch,
        type=type_of(note, rule or DEFAULT_RULES["meeting"]),
        attendance=attendance_of(note),
        agenda=agenda_of(note),
        decisions=decisions_of(note, branch),
        actions=actions_of(note, branch),
        speakers=speakers_of(note),
        resolution_sections=mentions_of(note, resolutions or {}),
    )


class ReversedPeriod(VaultkitError):
    """``since`` names a later date than ``until``: no date can fall between them."""


def check_period(since: str | None, until: str | None) -> None:
    """Raise :class:`ReversedPeriod` when no date can be on or after ``since`` and on or
    before ``until`` (each ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), the one check of every
    command and tool taking both bounds."""
    if since is not None and until is not None and since[: len(until)] > until:
        raise ReversedPeriod(
            f"reversed period: since {since} is after until {until}; give the earlier date first"
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
    group_by: str = "branch",
    branch: str | None = None,
    today: dt.date | None = None,
) -> MeetingsReport:
    """Every meeting the filters select, sorted by date (undated last), then path, with
    the cadence per branch, the decisions log, open actions and the two matrices."""
    from vaultkit.kinds import describe_rule, rules_from_config
    from vaultkit.reports import notes_of_kind
    from vaultkit.reports.due_dates import with_next_meeting_dues

    check_period(since, until)
    today = today or dt.date.today()
    rule = rules_from_config(index.config.sections)["meeting"]
    readings = set(index.filter_paths(kind="reading"))
    resolutions: dict[str, list[int]] = {}
    titles: dict[str, str] = {}
    for note in notes_of_kind(index, "resolution"):
        resolutions[note.path] = section_numbers(note)
        titles[note.path] = note.title
    pairs = [
        (note, meeting_row(note, readings, rule, resolutions))
        for note in notes_of_kind(index, "meeting")
    ]
    everything = with_next_meeting_dues([m for _, m in pairs])
    pairs = [(note, m) for (note, _), m in zip(pairs, everything, strict=True)]
    chosen = None
    if flt is not None and not flt.empty:
        chosen = {n.path for n in notes_of_kind(index, "meeting", flt)}
    kept = [
        (note, m)
        for note, m in pairs
        if (chosen is None or m.path in chosen)
        and in_period(m.date, since, until)
        and (org is None or org.lower() in ((m.org or "").lower(), (m.branch or "").lower()))
        and (branch is None or (m.branch or "").lower() == branch.lower())
    ]
    kept.sort(key=lambda pair: (pair[1].date is None, pair[1].date or "", pair[1].path))
    rows = [m for _, m in kept]
    found = [
        Intervention(g.path, g.title, g.date, m.org, g.section, g.line, g.points)
        for note, m in (kept if with_interventions else [])
        for g in interventions_of(note)
    ]
    return MeetingsReport(
        meetings=rows,
        cadence=cadence(rows, today, group_by),
        months=months(rows),
        interventions=found,
        group_by=group_by,
        decisions=[d for m in rows for d in m.decisions],
        open_actions=open_actions((a for m in rows for a in m.actions), today),
        readings_by_branch=readings_matrix(rows),
        sections_by_branch=sections_matrix(rows, titles),
        today=today.isoformat(),
        rule=describe_rule(rule),
        all_meetings=len(everything),
        orgs=sorted({m.org for m in everything if m.org}, key=str.lower),
        branches=sorted({m.branch for m in everything if m.branch}, key=str.lower),
        lookalikes=lookalikes(index, {m.path for m in everything}),
    )


_LOOKS_LIKE = re.compile(r"\b(?:branch|meeting|minutes)\b", re.IGNORECASE)


def lookalikes(index: Index, meetings: set[str]) -> list[str]:
    """Dated notes that are not meetings but are titled like one, sorted by path."""
    rows = index.query(
        "SELECT f.path, n.title, n.h1 FROM notes n JOIN files f ON f.id = n.file_id"
        " WHERE f.excluded = 0 AND n.date IS NOT NULL ORDER BY f.path"
    )
    return [
        path
        for path, title, h1 in rows
        if path not in meetings and _LOOKS_LIKE.search(f"{h1 or ''} {title}")
    ]
