"""``vaultkit summarize`` and ``vaultkit report meetings|readings|resolutions``."""

from __future__ import annotations

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
        typer.Option("--sentences", "-n", min=0, help="Key sentences (or points) to pick."),
    ] = 5,
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """Summarize a note before a discussion: header, outline with paragraph ranges,
    concepts, quotes, figures and key sentences (TextRank, offline)."""
    from vaultkit.reports.summarize import summarize

    if note is not None and (kind or all_):
        raise typer.BadParameter("give a NOTE, or --kind/--all, not both")
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

        from vaultkit.render import console
        from vaultkit.render.reports import render_summary

        err = console(stderr=True)
        for position, summary in enumerate(summaries):
            if position:
                out.print(Rule(style="dim"), width=min(out.width, 80))
            render_summary(summary, out, err=err)

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

    ORG = "org"
    FOLDER = "folder"


@report_app.command("meetings")
@output_options("json", "jsonl", "csv", "tsv", "paths", "md")
def meetings_command(
    since: Annotated[
        str | None, typer.Option("--since", help="Meetings on or after (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Meetings on or before (YYYY[-MM[-DD]]).")
    ] = None,
    org: Annotated[str | None, typer.Option("--org", help="Only this organization.")] = None,
    interventions: Annotated[
        bool,
        typer.Option("--interventions", help="List every 'My intervention' point too."),
    ] = False,
    by: Annotated[
        GroupBy, typer.Option("--by", help="Count the cadence per organization or folder.")
    ] = GroupBy.ORG,
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    vault: VaultOption = None,
    index: IndexOption = None,
    output: OutputOptions = DEFAULT_OUTPUT,
) -> None:
    """One row per meeting (date, organization, sections, readings discussed, my
    interventions, open tasks), the cadence per organization and meetings per month."""
    from vaultkit.reports.meetings import meetings_report

    since, until = _bound(since, "--since"), _bound(until, "--until")
    opened = open_index(vault, index)
    flt = note_filter(folder, tag, where=where)
    report = meetings_report(opened, flt, since, until, org, interventions, by.value)
    if not report.meetings:
        explain_empty(opened, flt)
    from vaultkit.render import reports as views

    _emit(
        report,
        output,
        views.render_meetings,
        "meetings_markdown",
        views.MEETING_CSV_HEADERS,
        views.meeting_csv_rows,
    )


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
