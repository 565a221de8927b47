"""``vaultkit summarize`` and ``vaultkit report meetings|readings|resolutions``."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from vaultkit.cli.common import (
    CsvOption,
    FolderOption,
    IndexOption,
    JsonOption,
    KindOption,
    TagOption,
    VaultOption,
    WhereOption,
    note_filter,
    open_index,
)


class Format(StrEnum):
    """How a summary or report is printed."""

    TEXT = "text"
    MD = "md"
    JSON = "json"
    CSV = "csv"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        case_sensitive=False,
        help="text (tables and trees), md (Markdown to paste into the vault), json or csv.",
    ),
]
_BOUND = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _chosen(format_: Format, json_: bool, csv_: bool = False) -> Format:
    if json_ and csv_:
        raise typer.BadParameter("give --json or --csv, not both")
    return Format.JSON if json_ else Format.CSV if csv_ else format_


def _bound(value: str | None, option: str) -> str | None:
    if value is not None and not _BOUND.match(value):
        raise typer.BadParameter(f"{value!r}: write YYYY, YYYY-MM or YYYY-MM-DD", param_hint=option)
    return value


def _write(text: str) -> None:
    sys.stdout.write(text.rstrip("\n") + "\n")


def summarize_command(
    note: Annotated[
        str | None, typer.Argument(help="Note name, path, alias or title to summarize.")
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
    format_: FormatOption = Format.TEXT,
    json_: Annotated[
        bool, typer.Option("--json", help="Print JSON Lines, one summary a line.")
    ] = False,
    vault: VaultOption = None,
    index: IndexOption = None,
) -> None:
    """Summarize a note before a discussion: header, outline with paragraph ranges, one
    gist per section, point or topic, key sentences, concepts, quotes and figures as facts
    (offline, within half the note)."""
    from vaultkit.reports.summarize import summarize

    chosen = _chosen(format_, json_)
    if chosen == Format.CSV:
        raise typer.BadParameter(
            "summaries are not tabular: use text, md or json", param_hint="--format"
        )
    if note is not None and (kind or all_):
        raise typer.BadParameter("give a NOTE, or --kind/--all, not both")
    if note is None and not (kind or all_ or folder or tag or where):
        raise typer.BadParameter(
            "give a NOTE, --kind KIND, a filter (--folder, --tag, --where) or --all"
        )
    opened = open_index(vault, index)
    _check_kind(opened, kind)
    flt = note_filter(folder, tag, kind, where=where)
    summaries = summarize(opened, note, flt, sentences)
    if chosen == Format.JSON:
        from vaultkit.render import emit_jsonl

        emit_jsonl(summaries)
    elif chosen == Format.MD:
        from vaultkit.render.reports_md import summary_markdown

        _write("\n".join(summary_markdown(s) for s in summaries))
    else:
        from vaultkit.render import console
        from vaultkit.render.reports import render_summary

        out = console()
        for position, summary in enumerate(summaries):
            if position:
                out.rule()
            render_summary(summary, out)
    if not summaries:
        from vaultkit.render import console

        console(stderr=True).print("no notes match", style="yellow")


def _check_kind(opened: Any, kind: str | None) -> None:
    if kind is None:
        return
    from vaultkit.kinds import rules_from_config

    known = list(rules_from_config(opened.config.sections))
    if kind.lower() not in known:
        raise typer.BadParameter(
            f"{kind!r}: known kinds are {', '.join(known)}", param_hint="--kind"
        )


report_app = typer.Typer(
    name="report",
    help="Reports on meetings, readings and resolutions.",
    no_args_is_help=True,
    add_completion=False,
)


class GroupBy(StrEnum):
    """What the meetings' cadence is counted per."""

    ORG = "org"
    FOLDER = "folder"


@report_app.command("meetings")
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
    format_: FormatOption = Format.TEXT,
    json_: JsonOption = False,
    csv_: CsvOption = False,
    vault: VaultOption = None,
    index: IndexOption = None,
) -> None:
    """One row per meeting (date, organization, sections, readings discussed, my
    interventions, open tasks), the cadence per organization and meetings per month."""
    from vaultkit.reports.meetings import meetings_report

    chosen = _chosen(format_, json_, csv_)
    since, until = _bound(since, "--since"), _bound(until, "--until")
    opened = open_index(vault, index)
    report = meetings_report(
        opened, note_filter(folder, tag, where=where), since, until, org, interventions, by.value
    )
    from vaultkit.render import reports as views

    _emit(
        report,
        chosen,
        views.render_meetings,
        "meetings_markdown",
        views.MEETING_CSV_HEADERS,
        views.meeting_csv_rows,
    )


@report_app.command("readings")
def readings_command(
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    format_: FormatOption = Format.TEXT,
    json_: JsonOption = False,
    csv_: CsvOption = False,
    vault: VaultOption = None,
    index: IndexOption = None,
) -> None:
    """The reading list by rating or status, with the meetings that discussed each reading,
    readings discussed without a note, and readings missing metadata."""
    from vaultkit.reports.readings import readings_report

    chosen = _chosen(format_, json_, csv_)
    report = readings_report(open_index(vault, index), note_filter(folder, tag, where=where))
    from vaultkit.render import reports as views

    _emit(
        report,
        chosen,
        views.render_readings,
        "readings_markdown",
        views.READING_CSV_HEADERS,
        views.reading_csv_rows,
    )


@report_app.command("resolutions")
def resolutions_command(
    folder: FolderOption = None,
    tag: TagOption = None,
    where: WhereOption = None,
    format_: FormatOption = Format.TEXT,
    json_: JsonOption = False,
    csv_: CsvOption = False,
    vault: VaultOption = None,
    index: IndexOption = None,
) -> None:
    """Each resolution: status, numbered sections with paragraph ranges, targets and figures,
    quotes, and the meetings and readings that link it."""
    from vaultkit.reports.resolutions import resolutions_report

    chosen = _chosen(format_, json_, csv_)
    report = resolutions_report(open_index(vault, index), note_filter(folder, tag, where=where))
    from vaultkit.render import reports as views

    _emit(
        report,
        chosen,
        views.render_resolutions,
        "resolutions_markdown",
        views.RESOLUTION_CSV_HEADERS,
        views.resolution_csv_rows,
    )


def _emit(report: Any, chosen: Format, render: Any, markdown: str, headers: Any, rows: Any) -> None:
    """Print ``report`` in the chosen format."""
    from vaultkit.render import console, emit_csv, emit_json

    if chosen == Format.JSON:
        emit_json(report)
    elif chosen == Format.CSV:
        emit_csv(headers, rows(report))
    elif chosen == Format.MD:
        from vaultkit.render import reports_md

        _write(getattr(reports_md, markdown)(report))
    else:
        render(report, console())


def register(app: typer.Typer) -> None:
    """Add ``summarize`` and the ``report`` group to ``app``."""
    app.command("summarize")(summarize_command)
    app.add_typer(report_app)
