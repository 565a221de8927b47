"""Renderers of ``vaultkit report meetings``: rich tables for a terminal, Markdown to paste
into the vault, CSV rows per view. Views: meetings, cadence, decisions, actions, readings
(a rotation matrix of branches), sections (resolution sections × branches)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from vaultkit.render.reports import BAR

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.reports.meeting_views import Cadence, Matrix, OpenAction
    from vaultkit.reports.meetings import Meeting, MeetingsReport

VIEWS = ("all", "meetings", "cadence", "decisions", "actions", "readings", "sections")


def nothing_matched(report: MeetingsReport) -> list[str]:
    """Why nothing matched: what the vault holds, what makes a meeting, how to change it."""
    if report.all_meetings == 0:
        lines = ["no meetings in this vault."]
    else:
        lines = [f"no meetings match: the vault has {report.all_meetings}, none selected."]
        if report.orgs:
            lines.append("organizations (--org): " + ", ".join(report.orgs))
        if report.branches:
            lines.append("branches (--branch): " + ", ".join(report.branches))
    if report.lookalikes:
        lines.append(lookalikes_line(report))
    lines.append(f"A note is a meeting when it is {report.rule}.")
    lines.append(
        'Change that in .vaultkit.toml with a [kinds.meeting] table: tags = ["meeting"],'
        ' folders = ["Meetings"], title_patterns = ["(?i)\\bbranch\\b"] or'
        ' properties = {type = "meeting"}; any one test matching is enough.'
    )
    return lines


def empty_view(report: MeetingsReport, view: str) -> str | None:
    """Why a single view of matched meetings shows nothing, or None when it shows rows."""
    rows = {
        "cadence": report.cadence,
        "decisions": report.decisions,
        "actions": report.open_actions,
        "readings": report.readings_by_branch.rows,
        "sections": report.sections_by_branch.rows,
    }
    if view not in rows or rows[view]:
        return None
    what = {
        "cadence": "no dated meetings to measure a cadence from",
        "decisions": "no decisions recorded",
        "actions": "no open actions",
        "readings": "no linked readings discussed",
        "sections": "no resolution sections discussed",
    }[view]
    count = len(report.meetings)
    return f"{what} in the {count} meeting{'' if count == 1 else 's'} selected."


def lookalikes_line(report: MeetingsReport) -> str:
    """Notes titled like meetings that the meeting rule does not count."""
    shown = ", ".join(report.lookalikes[:3])
    more = f" and {len(report.lookalikes) - 3} more" if len(report.lookalikes) > 3 else ""
    line = f"not counted, though they look like meetings: {shown}{more}"
    return line + (f" (a meeting is {report.rule})" if report.meetings else "")


def _gap(row: Cadence) -> str:
    return f"{row.median_gap_days:g}" if row.median_gap_days is not None else "–"


def _orgs(names: Iterable[str | None]) -> list[str]:
    """The organizations named, sorted, once each."""
    return sorted({name for name in names if name})


def _of_org(orgs: list[str]) -> str:
    """`` of WFU`` for a heading when every row belongs to one organization, else ''."""
    return f" of {orgs[0]}" if len(orgs) == 1 else ""


def _group_label(report: MeetingsReport) -> str:
    return {"org": "organization", "folder": "folder"}.get(report.group_by, "branch")


def _matrix_cells(matrix: Matrix) -> list[list[str]]:
    return [
        [row.label, *(", ".join(row.by_branch.get(b, [])) or "–" for b in matrix.branches)]
        for row in matrix.rows
    ]


def _attendance(meeting: Meeting) -> str:
    a = meeting.attendance
    if a is None:
        return "–"
    return str(a.count) if a.count is not None else ", ".join(a.names)


# -- terminal ------------------------------------------------------------------------------------


def render_meetings(report: MeetingsReport, out: Console, view: str = "all") -> None:
    """The chosen view (all: every table, the month bars and the interventions)."""
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    if not report.meetings:
        return
    every = view == "all"
    if every or view == "meetings":
        count = len(report.meetings)
        orgs = _orgs(m.org for m in report.meetings)
        org_column = len(orgs) > 1  # one organization is named in the title instead
        title = f"{count} meeting{'' if count == 1 else 's'}{_of_org(orgs)}"
        table = Table(title=title, title_justify="left")
        columns = ["date", *(["org"] if org_column else []), "branch", "type"]
        for column in (*columns, "meeting: agenda (first point)", "readings discussed"):
            table.add_column(column, overflow="fold", ratio=3 if "agenda" in column else None)
        table.add_column("present", justify="right")
        table.add_column("my inter-\nventions", justify="right", no_wrap=True)
        table.add_column("open\ntasks", justify="right", no_wrap=True)
        for m in report.meetings:
            readings = "\n".join(r.name if r.exists else f"{r.name} (no note)" for r in m.readings)
            agenda = [f"\n· {a.title}" + (f" — {a.gist}" if a.gist else "") for a in m.agenda]
            table.add_row(
                m.date or "?",
                *([m.org or "–"] if org_column else []),
                m.branch or m.org or "–",  # "[[IMT]] Branch": the org's own, as cadence
                m.type or "–",
                Text.assemble((m.title, "bold"), *agenda),
                readings,
                _attendance(m),
                f"{m.intervention_groups} ({m.intervention_points})",
                str(m.open_tasks),
            )
        out.print(table)
    if every or view == "cadence":
        what = _group_label(report)
        orgs = _orgs(row.org for row in report.cadence) if what != "organization" else []
        org_column = len(orgs) > 1  # one organization is named in the title instead
        title = f"Cadence per {what}{_of_org(orgs)} (to {report.today})"
        table = Table(title=title, title_justify="left")
        heads = (*(["org"] if org_column else []), what)
        for column in (*heads, "meetings", "first", "last", "median gap (days)", "days since"):
            table.add_column(
                column, justify="left" if column in (*heads, "first", "last") else "right"
            )
        table.add_column("next expected")
        for row in report.cadence:
            late = Text(" overdue", "red") if row.overdue else ""
            since = str(row.days_since_last) if row.days_since_last is not None else "–"
            table.add_row(
                *([row.org or "–"] if org_column else []), row.name or "–",
                str(row.count), row.first or "–", row.last or "–", _gap(row), since,
                Text.assemble(row.next_expected or "–", late),
            )  # fmt: skip
        out.print(table)
    if (every or view == "decisions") and report.decisions:
        org_of = _org_by_path(report)
        orgs = _orgs(org_of.get(d.path) for d in report.decisions)
        org_column = len(orgs) > 1
        title = f"Decisions{_of_org(orgs)} ({len(report.decisions)})"
        table = Table(title=title, title_justify="left")
        for column in ("date", *(["org"] if org_column else []), "branch", "kind", "decision"):
            table.add_column(column, overflow="fold")
        for d in report.decisions:
            kind = d.verb + (f" {d.tally[0]}–{d.tally[1]}" if d.tally else "")
            org = [org_of.get(d.path) or "–"] if org_column else []
            table.add_row(d.date or "?", *org, d.branch or "–", kind, d.text)
        out.print(table)
    if (every or view == "actions") and report.open_actions:
        org_of = _org_by_path(report)
        orgs = _orgs(org_of.get(a.path) for a in report.open_actions)
        org_column = len(orgs) > 1
        title = f"Open actions{_of_org(orgs)} ({len(report.open_actions)})"
        table = Table(title=title, title_justify="left")
        where = ["org", "branch"] if org_column else ["branch"]
        for column in ("owner", "action", *where, "from", "age (days)", "due"):
            table.add_column(
                column, overflow="fold", justify="right" if "age" in column else "left"
            )
        for a in report.open_actions:
            due = Text.assemble(_due_cell(a), (" overdue", "red") if a.overdue else "")
            age = str(a.age_days) if a.age_days is not None else "–"
            org = [org_of.get(a.path) or "–"] if org_column else []
            table.add_row(
                a.owner or "(unnamed)", a.text, *org, a.branch or "–", a.date or "?", age, due
            )
        out.print(table)
    for name, title, matrix in (
        ("readings", "Readings by branch", report.readings_by_branch),
        ("sections", "Resolution sections by branch", report.sections_by_branch),
    ):
        if (every or view == name) and matrix.rows:
            table = Table(title=title, title_justify="left")
            table.add_column("reading" if name == "readings" else "section", overflow="fold")
            for branch in matrix.branches:
                table.add_column(branch, overflow="fold")
            for cells in _matrix_cells(matrix):
                table.add_row(*cells)
            out.print(table)
    if every and report.months:
        out.print(Text("Meetings per month", style="bold"))
        for month in report.months:
            out.print(
                Text.assemble(f"{month.month} ", (BAR * month.count, "cyan"), f" {month.count}")
            )
    if report.interventions:
        tree = Tree(f"My interventions ({len(report.interventions)} groups)", guide_style="dim")
        for group in report.interventions:
            node = tree.add(
                Text.assemble(
                    (f"{group.date or '?'} {group.org or ''} ", "bold"),
                    group.section or "",
                    (f"  {group.path}:{group.line}", "dim"),
                )
            )
            nodes: dict[int, Tree] = {0: node}
            for point in group.points:
                parent = nodes.get(point.depth - 1, node)
                nodes[point.depth] = parent.add(point.text)
        out.print(tree)


# -- Markdown ------------------------------------------------------------------------------------


def meetings_markdown(report: MeetingsReport, view: str = "all") -> str:
    """The chosen view as Markdown tables, a bar chart and nested interventions."""
    from vaultkit.render.reports_md import _table, wikilink

    if not report.meetings:
        return ""
    every = view == "all"
    lines: list[str] = []
    if every or view == "meetings":
        rows = []
        for m in report.meetings:
            readings = ", ".join(
                wikilink(r.path) if r.path else f"[[{r.name}]] (no note)" for r in m.readings
            )
            agenda = "; ".join(a.title + (f" — {a.gist}" if a.gist else "") for a in m.agenda)
            rows.append(
                [
                    m.date or "?",
                    m.org or "",
                    m.branch or "",
                    m.type or "",
                    wikilink(m.path, m.title),
                    agenda,
                    readings,
                    f"{m.intervention_groups} ({m.intervention_points} points)",
                    str(m.open_tasks),
                ]
            )
        headers = ["date", "org", "branch", "type", "meeting", "agenda", "readings"]
        headers += ["my interventions", "open tasks"]
        lines += ["## Meetings", "", *_table(headers, rows), ""]
    if every or view == "cadence":
        what = _group_label(report)
        cadence = [
            [
                c.name or "–",
                c.org or "–",
                str(c.count),
                c.first or "–",
                c.last or "–",
                _gap(c),
                str(c.days_since_last) if c.days_since_last is not None else "–",
                (c.next_expected or "–") + (" (overdue)" if c.overdue else ""),
            ]
            for c in report.cadence
        ]
        headers = [what, "org", "meetings", "first", "last", "median gap (days)", "days since"]
        lines += [f"### Cadence per {what} (to {report.today})", ""]
        lines += [*_table([*headers, "next expected"], cadence), ""]
    if (every or view == "decisions") and report.decisions:
        rows = [
            [
                d.date or "?",
                d.branch or "–",
                d.verb + (f" {d.tally[0]}–{d.tally[1]}" if d.tally else ""),
                d.text,
                wikilink(d.path),
            ]
            for d in report.decisions
        ]
        lines += [
            "### Decisions",
            "",
            *_table(["date", "branch", "kind", "decision", "note"], rows),
        ]
        lines.append("")
    if (every or view == "actions") and report.open_actions:
        rows = [
            [
                a.owner or "(unnamed)",
                a.text,
                a.branch or "–",
                a.date or "?",
                str(a.age_days) if a.age_days is not None else "–",
                _due_cell(a) + (" (overdue)" if a.overdue else ""),
            ]
            for a in report.open_actions
        ]
        headers = ["owner", "action", "branch", "from", "age (days)", "due"]
        lines += ["### Open actions", "", *_table(headers, rows), ""]
    for name, title, matrix in (
        ("readings", "Readings by branch", report.readings_by_branch),
        ("sections", "Resolution sections by branch", report.sections_by_branch),
    ):
        if (every or view == name) and matrix.rows:
            first = "reading" if name == "readings" else "section"
            lines += [f"### {title}", "", *_table([first, *matrix.branches], _matrix_cells(matrix))]
            lines.append("")
    if every and report.months:
        lines += ["### Meetings per month", "", "```"]
        lines += [f"{m.month} {BAR * m.count} {m.count}" for m in report.months]
        lines += ["```", ""]
    if report.interventions:
        lines += ["### My interventions", ""]
        for group in report.interventions:
            where = f"{group.date or '?'} {wikilink(group.path, group.title)}"
            lines.append(f"- {where} — {group.section or ''}".rstrip(" —"))
            lines += ["  " * point.depth + f"- {point.text}" for point in group.points]
        lines.append("")
    return "\n".join(lines)


# -- CSV -----------------------------------------------------------------------------------------


def _meeting_rows(report: MeetingsReport) -> Iterable[tuple[Any, ...]]:
    for m in report.meetings:
        yield (
            m.date, m.org, m.branch, m.type, m.path, m.title,
            list(m.sections),
            [r.name for r in m.readings],
            m.attendance.count if m.attendance else None,
            m.intervention_groups, m.intervention_points, m.open_tasks, len(m.decisions),
        )  # fmt: skip


def _cadence_rows(report: MeetingsReport) -> Iterable[tuple[Any, ...]]:
    for c in report.cadence:
        yield (
            c.name, c.org, c.count, c.first, c.last, c.median_gap_days, c.days_since_last,
            c.next_expected, c.overdue,
        )  # fmt: skip


def _org_by_path(report: MeetingsReport) -> dict[str, str | None]:
    """Each meeting's organization by its path (decisions and actions carry the path)."""
    return {m.path: m.org for m in report.meetings}


def _decision_rows(report: MeetingsReport) -> Iterable[tuple[Any, ...]]:
    org = _org_by_path(report)
    for d in report.decisions:
        tally = f"{d.tally[0]}-{d.tally[1]}" if d.tally else None
        yield (d.date, org.get(d.path), d.branch, d.verb, tally, d.text, d.path, d.line)


def _due_cell(action: OpenAction) -> str:
    """A due date as shown: the date; the phrase it was resolved from beside it; the phrase
    alone when no date could be read from it (``before the convention``); an estimate or a
    planned day says so (``2021-06-19 (expected: by next meeting)``, ``2021-05-28
    (scheduled: on Friday)``)."""
    if action.due and action.due_kind == "resolved" and action.due_text:
        return f"{action.due} ({action.due_text})"
    if action.due and action.due_kind == "expected" and action.due_text:
        return f"{action.due} (expected: {action.due_text})"
    if action.due and action.due_kind == "scheduled" and action.due_text:
        return f"{action.due} (scheduled: {action.due_text})"
    return action.due or action.due_text or "–"


def _action_rows(report: MeetingsReport) -> Iterable[tuple[Any, ...]]:
    org = _org_by_path(report)
    for a in report.open_actions:
        yield (
            a.owner, a.text, org.get(a.path), a.branch, a.date, a.age_days, a.due, a.overdue,
            a.path, a.line, a.due_text, a.due_kind,
        )  # fmt: skip


def _matrix_rows(matrix: Matrix) -> Iterable[tuple[Any, ...]]:
    for row in matrix.rows:
        for branch in matrix.branches:
            for date in row.by_branch.get(branch, []):
                yield (row.label, row.path, row.section, branch, date)


CSV_VIEWS: dict[str, tuple[tuple[str, ...], Callable[[MeetingsReport], Iterable[tuple[Any, ...]]]]]
CSV_VIEWS = {
    "meetings": (
        ("date", "org", "branch", "type", "path", "title", "sections", "readings", "attendance",
         "intervention_groups", "intervention_points", "open_tasks", "decisions"),
        _meeting_rows,
    ),
    "cadence": (
        ("name", "org", "count", "first", "last", "median_gap_days", "days_since_last",
         "next_expected", "overdue"),
        _cadence_rows,
    ),
    "decisions": (
        ("date", "org", "branch", "kind", "tally", "text", "path", "line"), _decision_rows
    ),
    "actions": (
        ("owner", "text", "org", "branch", "date", "age_days", "due", "overdue", "path", "line",
         "due_text", "due_kind"),
        _action_rows,
    ),
    "readings": (
        ("reading", "path", "section", "branch", "date"),
        lambda r: _matrix_rows(r.readings_by_branch),
    ),
    "sections": (
        ("section", "path", "number", "branch", "date"),
        lambda r: _matrix_rows(r.sections_by_branch),
    ),
}  # fmt: skip
"""Per view: the CSV headers and the rows (``all`` prints the meetings view)."""
