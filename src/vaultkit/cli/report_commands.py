"""``vaultkit summarize`` and ``vaultkit report meetings|readings|resolutions``."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

import typer

from vaultkit.cli.common import (
    DEFAULT_OUTPUT,
    FolderOption,
    IndexOption,
    KindOption,
    OutputOptions,
    TagOption,
    VaultOption,
    WhereOption,
    explain_empty,
    note_filter,
    open_index,
    output_options,
    typed_note,
)
from vaultkit.cli.completion import complete_note

_BOUND = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _bound(value: str | None, option: str) -> str | None:
    """A --since/--until bound: YYYY, YYYY-MM or YYYY-MM-DD naming a real month or day."""
    if value is None:
        return None
    import datetime

    if _BOUND.match(value):
        parts = [int(p) for p in value.split("-")]
        try:
            datetime.date(parts[0], *[*parts[1:], 1, 1][:2])
            return value
        except ValueError:
            raise typer.BadParameter(
                f"{value!r} is not a date of the calendar", param_hint=option
            ) from None
    raise typer.BadParameter(f"{value!r}: write YYYY, YYYY-MM or YYYY-MM-DD", param_hint=option)


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r}: write YYYY-MM-DD", param_hint="--today") from None


@output_options("json", "jsonl", "paths", "md")
def summarize_command(
    note: Annotated[
        str | None,
        typer.Argument(
            help="Note name, path, alias or title to summarize.", autocompletion=complete_note
        ),
    ] = None,
    kind: KindOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Summarize every note.")] = False,
    sentences: Annotated[
        int,
        typer.Option(
            "--sentences",
            "-n",
            min=0,
            help="At most this many key sentences (or points), within 8% of the note's words.",
        ),
    ] = 5,
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Summarize a note before a discussion: header, outline with paragraph ranges, one
    gist per section, point or topic, key sentences, concepts, quotes and figures as facts
    (offline, within half the note)."""
    from vaultkit.reports.summarize import summarize

    if note is not None and (kind or all_):
        raise typer.BadParameter("give a NOTE, or --kind/--all, not both")
    filters = {"--folder": folder, "--tag": tag, "--where": where}
    if note is not None and (typed := [name for name, value in filters.items() if value]):
        raise typer.BadParameter(f"give a NOTE, or {'/'.join(typed)}, not both")
    if note is None and not (kind or all_ or folder or tag or where):
        raise typer.BadParameter(
            "give a NOTE, --kind KIND, a filter (--folder, --tag, --where) or --all"
        )
    opened = open_index(vault, index)
    flt = note_filter(folder, tag, kind, where=where, index=opened)
    if note is not None:
        note = typed_note(opened.root, note)
    summaries = summarize(opened, note, flt, sentences)
    from vaultkit.render.output import Listing, emit

    def render(out: Any) -> None:
        from rich.rule import Rule
        from rich.text import Text

        from vaultkit.render import console
        from vaultkit.render.reports import grouped_notices, render_summary

        err = console(stderr=True)
        single = len(summaries) == 1
        for position, summary in enumerate(summaries):
            if position:
                out.print(Rule(style="dim"), width=min(out.width, 80))
            render_summary(summary, out, err=err, notices=single)
        for line in [] if single else grouped_notices(summaries):
            err.print(Text(line, style="yellow"))

    def markdown() -> str:
        from vaultkit.render.reports_md import summary_markdown

        return "\n".join(summary_markdown(s) for s in summaries)

    emit(
        Listing(
            ("path",),
            [(s.path,) for s in summaries],
            render,
            document=summaries,
            items=summaries,
            markdown=markdown,
        ),
        output,
    )
    if not summaries:
        explain_empty(opened, flt)


report_app = typer.Typer(
    name="report",
    help="Reports on meetings, readings and resolutions.",
    no_args_is_help=True,
    add_completion=False,
)


@report_app.callback()
def report_group(vault: VaultOption = None, index: IndexOption = None) -> None:
    """Reports on meetings, readings and resolutions."""


class GroupBy(StrEnum):
    """What the meetings' cadence is counted per."""

    BRANCH = "branch"
    ORG = "org"
    FOLDER = "folder"


class View(StrEnum):
    """Which part of the meetings report to print (JSON always holds every part)."""

    ALL = "all"
    MEETINGS = "meetings"
    CADENCE = "cadence"
    DECISIONS = "decisions"
    ACTIONS = "actions"
    READINGS = "readings"
    SECTIONS = "sections"


@report_app.command("meetings")
@output_options("json", "jsonl", "csv", "tsv", "paths", "md")
def meetings_command(
    since: Annotated[
        str | None, typer.Option("--since", help="Meetings on or after (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Meetings on or before (YYYY[-MM[-DD]]).")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Only this organization, or one branch of it.")
    ] = None,
    branch: Annotated[str | None, typer.Option("--branch", help="Only this branch.")] = None,
    view: Annotated[
        View,
        typer.Option(
            "--view",
            case_sensitive=False,
            help="all, or one part: meetings, cadence, decisions, actions, readings (the"
            " rotation of readings by branch) or sections (resolution sections by branch).",
        ),
    ] = View.ALL,
    interventions: Annotated[
        bool,
        typer.Option("--interventions", help="List every 'My intervention' point too."),
    ] = False,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Count ages and days since to this date (YYYY-MM-DD)."),
    ] = None,
    by: Annotated[
        GroupBy,
        typer.Option("--by", help="Count the cadence per branch, organization or folder."),
    ] = GroupBy.BRANCH,
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Meetings by branch: agenda with gists, decisions, open actions by owner and age,
    the cadence per branch (median gap, next expected), readings and resolution sections
    each branch discussed, and meetings per month."""
    from vaultkit.reports.meetings import check_period, meetings_report

    since, until = _bound(since, "--since"), _bound(until, "--until")
    check_period(since, until)  # before the index is opened and refreshed
    day = _day(today)
    opened = open_index(vault, index)
    flt = note_filter(folder, tag, where=where)
    report = meetings_report(
        opened,
        flt,
        since,
        until,
        org,
        interventions,
        by.value,
        branch=branch,
        today=day,
    )
    from vaultkit.render import console
    from vaultkit.render import meetings as views
    from vaultkit.render.output import Listing, emit

    part = "meetings" if view == View.ALL else view.value
    headers, rows = views.CSV_VIEWS[part]

    def render(out: Any) -> None:
        if report.meetings:
            views.render_meetings(report, out, view.value)

    emit(
        Listing(
            headers,
            list(rows(report)),
            render,
            document=report,
            path_column="path" if "path" in headers else headers[0],
            markdown=lambda: views.meetings_markdown(report, view.value),
        ),
        output,
    )
    if not report.meetings:
        explain_empty(opened, flt)
        err = console(stderr=True)
        for line in views.nothing_matched(report):
            err.print(line, style="yellow", markup=False, highlight=False)
    elif report.lookalikes:
        console(stderr=True).print(
            views.lookalikes_line(report), style="yellow", markup=False, highlight=False
        )
    if report.meetings and (empty := views.empty_view(report, view.value)):
        console(stderr=True).print(empty, style="yellow", markup=False, highlight=False)


@report_app.command("readings")
@output_options("json", "jsonl", "csv", "tsv", "paths", "md")
def readings_command(
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """The reading list by rating or status, with the meetings that discussed each reading,
    readings discussed without a note, and readings missing metadata."""
    from vaultkit.reports.readings import readings_report

    opened = open_index(vault, index)
    flt = note_filter(folder, tag, where=where)
    report = readings_report(opened, flt)
    if not any(g.readings for g in report.groups) and not report.incomplete:
        explain_empty(opened, flt)
    from vaultkit.render import reports as views

    _emit(
        report,
        output,
        views.render_readings,
        "readings_markdown",
        views.READING_CSV_HEADERS,
        views.reading_csv_rows,
    )


@report_app.command("resolutions")
@output_options("json", "jsonl", "csv", "tsv", "paths", "md")
def resolutions_command(
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Each resolution: status, numbered sections with paragraph ranges, targets and figures,
    quotes, and the meetings and readings that link it."""
    from vaultkit.reports.resolutions import resolutions_report

    opened = open_index(vault, index)
    flt = note_filter(folder, tag, where=where)
    report = resolutions_report(opened, flt)
    if not report.resolutions:
        explain_empty(opened, flt)
    from vaultkit.render import reports as views

    _emit(
        report,
        output,
        views.render_resolutions,
        "resolutions_markdown",
        views.RESOLUTION_CSV_HEADERS,
        views.resolution_csv_rows,
    )


def _emit(report: Any, output: Any, render: Any, markdown: str, headers: Any, rows: Any) -> None:
    """Print ``report`` as the output options ask."""
    from vaultkit.render import reports_md
    from vaultkit.render.output import Listing, emit

    emit(
        Listing(
            headers,
            list(rows(report)),
            lambda out: render(report, out),
            document=report,
            markdown=lambda: getattr(reports_md, markdown)(report),
        ),
        output,
    )


def register(app: typer.Typer) -> None:
    """Add ``summarize`` and the ``report`` group to ``app``."""
    app.command("summarize")(summarize_command)
    app.add_typer(report_app)
