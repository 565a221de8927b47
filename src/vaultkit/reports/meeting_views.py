"""Views over a list of meetings: cadence per branch, open actions by owner and age, the
readings each branch discussed (a rotation matrix) and resolution sections × branches."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.reports.meeting_model import Action
    from vaultkit.reports.meetings import Meeting


@dataclass(frozen=True)
class Cadence:
    """How often one branch (or organization, or folder) meets."""

    name: str | None
    org: str | None
    count: int
    first: str | None
    last: str | None
    median_gap_days: float | None
    days_since_last: int | None
    next_expected: str | None
    """The last meeting plus the median gap."""
    overdue: bool
    """The expected date has passed with no later meeting."""


@dataclass(frozen=True)
class OpenAction:
    """An open task with its age in days (from its meeting) and whether it is overdue."""

    owner: str | None
    text: str
    path: str
    date: str | None
    branch: str | None
    due: str | None
    age_days: int | None
    overdue: bool
    line: int
    due_text: str | None = None
    """The words the due date was read from; alone when no date could be (``due`` null)."""
    due_kind: str | None = None
    """``date``, ``resolved``, ``scheduled`` or ``text`` (see ``Action.due_kind``)."""


@dataclass(frozen=True)
class MatrixRow:
    """One row of a matrix of branches: per branch, the dates it discussed the row's item."""

    label: str
    path: str | None
    section: int | None
    by_branch: dict[str, list[str]]


@dataclass(frozen=True)
class Matrix:
    """Rows × branches (column order: branches by name)."""

    branches: list[str]
    rows: list[MatrixRow]


def group_name(meeting: Meeting, key: str) -> tuple[str | None, str | None]:
    """(name, org) of the group a meeting is counted in."""
    if key == "org":
        return meeting.org, meeting.org
    if key == "folder":
        return meeting.path.rpartition("/")[0] or None, None
    return meeting.branch or meeting.org, meeting.org  # "[[IMT]] Branch": the org's own


def cadence(meetings: Iterable[Meeting], today: dt.date, key: str = "branch") -> list[Cadence]:
    """Per branch of an organization (or per org, or folder): count, first and last date,
    median days between meetings, days since the last, the next expected date."""
    groups: dict[tuple[str | None, str | None], list[Meeting]] = {}
    for meeting in meetings:
        groups.setdefault(group_name(meeting, key), []).append(meeting)
    out = []
    order = sorted(groups.items(), key=lambda kv: tuple((v is None, v or "") for v in kv[0]))
    for (name, org), rows in order:
        dates = sorted(dt.date.fromisoformat(m.date) for m in rows if m.date)
        gaps = [(b - a).days for a, b in itertools.pairwise(dates)]
        gap = float(median(gaps)) if gaps else None
        last = dates[-1] if dates else None
        expected = last + dt.timedelta(days=round(gap)) if last and gap is not None else None
        out.append(
            Cadence(
                name=name,
                org=org,
                count=len(rows),
                first=dates[0].isoformat() if dates else None,
                last=last.isoformat() if last else None,
                median_gap_days=gap,
                days_since_last=(today - last).days if last else None,
                next_expected=expected.isoformat() if expected else None,
                overdue=bool(expected and expected < today),
            )
        )
    return out


def open_actions(actions: Iterable[Action], today: dt.date) -> list[OpenAction]:
    """Open tasks by owner (unnamed last), the oldest first."""
    out = []
    for action in actions:
        if action.done:
            continue
        age = (today - dt.date.fromisoformat(action.date)).days if action.date else None
        out.append(
            OpenAction(
                action.owner,
                action.text,
                action.path,
                action.date,
                action.branch,
                action.due,
                age,
                bool(action.due and action.due < today.isoformat()),
                action.line,
                action.due_text,
                action.due_kind,
            )
        )
    out.sort(key=lambda a: (a.owner is None, (a.owner or "").lower(), a.date or "9", a.path))
    return out


def _column(meeting: Meeting) -> str:
    return meeting.branch or meeting.org or "?"


def readings_matrix(meetings: Iterable[Meeting]) -> Matrix:
    """Each reading discussed × the branches that discussed it, with the dates; readings in
    the order they were first discussed."""
    rows: dict[str, MatrixRow] = {}
    branches: set[str] = set()
    for meeting in meetings:
        column = _column(meeting)
        branches.add(column)
        for reading in meeting.readings:
            key = (reading.path or reading.target).lower()
            row = rows.setdefault(key, MatrixRow(reading.name, reading.path, None, {}))
            row.by_branch.setdefault(column, []).append(meeting.date or "?")
    return Matrix(sorted(branches), list(rows.values()))


def sections_matrix(meetings: Iterable[Meeting], titles: dict[str, str]) -> Matrix:
    """Each resolution section discussed × the branches that discussed it, with the dates;
    ``titles`` names each resolution path."""
    rows: dict[tuple[str, int], MatrixRow] = {}
    branches: set[str] = set()
    for meeting in meetings:
        column = _column(meeting)
        branches.add(column)
        seen: set[tuple[str, int]] = set()
        for mention in meeting.resolution_sections:
            if mention.resolution is None or mention.section is None:
                continue
            key = (mention.resolution, mention.section)
            if key in seen:
                continue
            seen.add(key)
            label = f"{titles.get(mention.resolution, mention.resolution)} §{mention.section}"
            row = rows.setdefault(key, MatrixRow(label, mention.resolution, mention.section, {}))
            row.by_branch.setdefault(column, []).append(meeting.date or "?")
    ordered = [rows[k] for k in sorted(rows)]
    return Matrix(sorted(branches), ordered)
