"""Renderers of ``vaultkit summarize`` and ``vaultkit report``: rich panels, trees and tables
for a terminal, CSV rows; the Markdown forms live in ``render.reports_md``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from vaultkit.render.summary_view import (
    clip_marked,
    clip_quote,
    cut,
    marked_pieces,
    outline_shown,
    starred_lines,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from vaultkit.reports.figures import FactRow
    from vaultkit.reports.gists import Gist, SegmentGist
    from vaultkit.reports.meetings import NoteRef
    from vaultkit.reports.note_parts import Section
    from vaultkit.reports.readings import ReadingsReport
    from vaultkit.reports.resolutions import ResolutionsReport
    from vaultkit.reports.summarize import Summary

BAR = "█"


def paragraph_range(section: Section) -> str:
    """``¶13–28`` (``~`` marks a range inferred from the numbering, without citations)."""
    if section.first is None or section.last is None:
        return ""
    span = (
        f"¶{section.first}" if section.first == section.last else f"¶{section.first}–{section.last}"
    )
    return ("~" if section.inferred else "") + span


def section_label(section: Section) -> str:
    """``§13 A balance sheet of our present forces — ¶13–28``."""
    head = f"§{section.number} {section.title}" if section.number is not None else section.title
    span = paragraph_range(section)
    return f"{head} — {span}" if span else head


def display_title(summary: Summary) -> str:
    """The note's title as Obsidian shows it (file name, or frontmatter ``title``)."""
    return summary.header.title


def segment_label(segment: SegmentGist) -> str:
    """``§13 A balance sheet — ¶13–28``, ``point 3.``, ``¶4–9`` (the note's paragraphs)."""
    if segment.kind == "point":
        head = f"point {segment.title}" if segment.title else "point"
    elif segment.number is not None:
        head = f"§{segment.number} {segment.title or ''}".rstrip()
    else:
        head = segment.title or ("before the first heading" if segment.kind == "intro" else "")
    span = ""
    if segment.paragraphs:
        first, last = segment.paragraphs
        mark = "¶" if segment.numbering == "source" else "note ¶"
        span = f"{mark}{first}" if first == last else f"{mark}{first}–{last}"
    return (
        " — ".join(p for p in (head, span) if p) or f"lines {segment.lines[0]}–{segment.lines[1]}"
    )


def gist_text(gist: Gist) -> str:
    """The gist with who said it: ``X (4-5) — the CC``."""
    return f"{gist.text} — {gist.attribution}" if gist.attribution else gist.text


def length_line(summary: Summary) -> str:
    """``summary 512 of 2,617 words (20%); key sentences within 200 words``, then how many
    lines were set aside as page chrome, where any were (``; 9 lines set aside as page
    chrome``)."""
    size = summary.length
    share = round(100 * size.summary / size.note) if size.note else 0
    chrome = len(summary.chrome)
    aside = f"; {chrome} line{'s' if chrome > 1 else ''} set aside as page chrome" if chrome else ""
    return (
        f"summary {size.summary:,} of {size.note:,} words ({share}%);"
        f" key sentences within {size.budget} words{aside}"
    )


def ref_label(ref: NoteRef) -> str:
    """``2021-01-30 WFU Tacoma`` (date, organization, branch), or the title when undated."""
    parts = [p for p in (ref.date, ref.org, ref.branch) if p]
    return " ".join(parts) if parts else ref.title


def _nothing(message: str) -> None:
    """Say on stderr that a report is empty (stdout stays empty)."""
    from vaultkit.render import console

    console(stderr=True).print(message, style="yellow")


# -- summarize -------------------------------------------------------------------------------


def grouped_notices(summaries: list[Summary], shown: int = 3) -> list[str]:
    """The notices of many summaries, each different notice once with how many notes have
    it and the first ``shown`` of them (``--all`` over a vault without kinds prints one
    line, not one a note)."""
    paths: dict[str, list[str]] = {}
    for summary in summaries:
        for notice in summary.notices:
            paths.setdefault(notice, []).append(summary.path)
    lines = []
    for notice, where in paths.items():
        if len(where) == 1:
            lines.append(f"note: {where[0]}: {notice}")
            continue
        more = f" and {len(where) - shown} more" if len(where) > shown else ""
        lines.append(f"note: {len(where)} notes ({', '.join(where[:shown])}{more}): {notice}")
    return lines


def render_summary(
    summary: Summary,
    out: Console,
    figures_limit: int = 20,
    err: Console | None = None,
    notices: bool = True,
) -> None:
    """A panel with the header, then trees for outline, concepts, quotes, figures, key points;
    its notices too unless ``notices`` is false (the caller groups those of many)."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    head = summary.header
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column(overflow="fold")
    facts.add_row("note", summary.path)
    facts.add_row("kind", ", ".join(head.kinds) or "none")
    for label, value in head.facts():
        facts.add_row(label, value)
    if head.heading and head.heading != head.title:
        facts.add_row("heading", head.heading)
    if head.source:
        facts.add_row("source", head.source)
    facts.add_row("length", f"{head.word_count} words, {head.reading_minutes} min read")
    out.print(
        Panel(
            facts,
            title=Text(display_title(summary), style="bold"),
            title_align="left",
            expand=False,
        )
    )
    for notice in summary.notices if notices else []:
        (err or out).print(Text(f"note: {summary.path}: {notice}", style="yellow"))
    if outline_shown(summary):
        tree = Tree("Outline", guide_style="dim")
        stack: list[tuple[int, Tree]] = []
        for section in summary.outline:
            while stack and stack[-1][0] >= section.level:
                stack.pop()
            parent = stack[-1][1] if stack else tree
            stack.append((section.level, parent.add(section_label(section))))
        out.print(tree)
    if summary.concepts:
        shown = ", ".join(f"{c.name} ×{c.count}" for c in summary.concepts[:15])
        more = len(summary.concepts) - 15
        out.print(
            Text.assemble(("Concepts: ", "bold"), shown, f" … and {more} more" if more > 0 else "")
        )
    if summary.quotes:
        tree = Tree("Quotes", guide_style="dim")
        for quote in summary.quotes:
            label = f"[!{quote.callout}] " if quote.callout else "> "
            tree.add(
                Text.assemble((f"{quote.line}: ", "dim"), (label, "cyan"), clip_quote(quote.text))
            )
        out.print(tree)
    if summary.segments:
        how = {"tiling": "by topic (TextTiling)", "points": "one per point"}.get(
            summary.segmentation, "one per section"
        )
        tree = Tree(f"Gists, {how}", guide_style="dim")
        starred = starred_lines(summary)
        for segment in summary.segments:
            star = "★ " if segment.gist and segment.gist.line in starred else ""
            branch = tree.add(Text(star + segment_label(segment), style="bold"))
            if segment.gist:
                branch.add(
                    Text.assemble((f"{segment.gist.line}: ", "dim"), gist_text(segment.gist))
                )
        out.print(tree)
    else:
        starred = set()
    if summary.key:
        rest = [item for item in summary.key if item.line not in starred]
        if len(rest) < len(summary.key):  # key points already shown as gists: named, not repeated
            lines = ", ".join(str(item.line) for item in summary.key if item.line in starred)
            out.print(
                Text.assemble(("Key points", "bold"), f", best first (★ above): lines {lines}")
            )
        noun = "Key points" if summary.mode == "points" else "Key sentences"
        tree = Tree(noun if len(rest) == len(summary.key) else "More key points", guide_style="dim")
        for item in rest:  # its line, never its list marker, says where it is
            tree.add(Text.assemble((f"{item.line}: ", "dim"), gist_text(item)))
        if rest:
            out.print(tree)
    out.print(Text(length_line(summary), style="dim"))
    if summary.facts:
        tree = Tree(
            f"Figures ({len(summary.figures)} in {len(summary.facts)} sentences)",
            guide_style="dim",
        )
        for row in summary.facts[:figures_limit]:
            tree.add(_fact_text(row))
        if len(summary.facts) > figures_limit:
            tree.add(
                Text(
                    f"… and {len(summary.facts) - figures_limit} more (--json lists all)", "yellow"
                )
            )
        out.print(tree)
    for table in summary.tables:
        where = f" in {table.section}" if table.section else ""
        out.print(Text(f"table, {table.rows} rows (line {table.line}{where})", style="dim"))


def _fact_text(row: FactRow) -> Text:
    """A fact row: its role, its sentence cut to the words around its figures (in bold), how
    often repeated."""
    from rich.text import Text

    text = Text.assemble((f"{row.role} ", _ROLE_STYLE.get(row.role, "")))
    for number, piece in enumerate(marked_pieces(clip_marked(row.marked))):
        text.append(piece.replace("\\*", "*"), style="bold" if number % 2 else "")
    if row.count > 1:
        text.append(f"  ×{row.count}", style="yellow")
    if row.current:
        text.append(f"  (now {row.current})", style="dim")
    return text


_ROLE_STYLE = {"target": "green", "change": "cyan", "hypothetical": "magenta", "fact": "dim"}


# -- readings --------------------------------------------------------------------------------

READING_CSV_HEADERS = (
    "group",
    "path",
    "title",
    "author",
    "genre",
    "format",
    "rating",
    "status",
    "discussed",
    "missing",
)


def reading_csv_rows(report: ReadingsReport) -> Iterable[tuple[Any, ...]]:
    """One CSV row per reading (lists are joined by the output options)."""
    for group in report.groups:
        for r in group.readings:
            yield (
                group.label,
                r.path,
                r.title,
                r.author,
                r.genre,
                r.format,
                r.rating,
                r.status,
                [ref_label(m) for m in r.discussed],
                list(r.missing),
            )


def render_readings(report: ReadingsReport, out: Console) -> None:
    """One table per rating or status; then readings without a note, and missing metadata."""
    from rich.table import Table
    from rich.text import Text

    if not (report.groups or report.unwritten):
        _nothing("no readings match")
    for group in report.groups:
        table = Table(title=f"{group.label} ({len(group.readings)})", title_justify="left")
        table.add_column("reading", overflow="fold")
        table.add_column("author", overflow="fold")
        table.add_column("genre")
        table.add_column("format")
        table.add_column("discussed at", overflow="fold")
        for r in group.readings:
            table.add_row(
                r.title,
                r.author or "–",
                r.genre or "–",
                r.format or "–",
                "\n".join(ref_label(m) for m in r.discussed) or "–",
            )
        out.print(table)
    if report.unwritten:
        out.print(Text("Discussed at meetings, no note yet", style="bold"))
        for item in report.unwritten:
            where = ", ".join(ref_label(m) for m in item.discussed)
            out.print(Text.assemble("  ", (item.target, "yellow"), f"  ({where})"))
    if report.incomplete:
        out.print(Text("Missing metadata", style="bold"))
        for r in report.incomplete:
            problem = f"; {r.problems[0]}" if r.problems else ""
            out.print(Text.assemble("  ", r.path, (f"  no {', '.join(r.missing)}{problem}", "red")))


# -- resolutions -----------------------------------------------------------------------------

RESOLUTION_CSV_HEADERS = (
    "path",
    "title",
    "status",
    "status_from",
    "sections",
    "figures",
    "targets",
    "quotes",
    "meetings",
    "readings",
)


def resolution_csv_rows(report: ResolutionsReport) -> Iterable[tuple[Any, ...]]:
    """One CSV row per resolution with counts and linking notes."""
    for r in report.resolutions:
        yield (
            r.path,
            r.title,
            r.status,
            r.status_from,
            len(r.sections),
            len(r.figures),
            sum(1 for f in r.figures if f.target),
            len(r.quotes),
            [m.path for m in r.meetings],
            [m.path for m in r.readings],
        )


def render_resolutions(report: ResolutionsReport, out: Console) -> None:
    """A tree per resolution: status, sections with ranges, targets and figures, quotes, links."""
    from rich.text import Text
    from rich.tree import Tree

    if not report.resolutions:
        _nothing("no resolutions match")
    for r in report.resolutions:
        status = f"{r.status} (from {r.status_from})" if r.status else "status unknown"
        tree = Tree(
            Text.assemble((r.title, "bold"), f"  {status}", (f"  {r.path}", "dim")),
            guide_style="dim",
        )
        sections = tree.add(f"Sections ({len(r.sections)})")
        for section in r.sections:
            sections.add(section_label(section))
        targets = [f for f in r.figures if f.target]
        facts = [f for f in r.figures if not f.target]
        for label, items in (("Targets", targets), ("Figures", facts)):
            if items:
                branch = tree.add(f"{label} ({len(items)})")
                for figure in items:
                    branch.add(
                        Text.assemble(
                            (figure.text, "bold"), "  ", (cut(figure.sentence, 140), "dim")
                        )
                    )
        if r.quotes:
            quotes = tree.add(f"Quotes ({len(r.quotes)})")
            for quote in r.quotes:
                quotes.add(cut(quote.text, 200))
        linked = tree.add(f"Linked from {len(r.meetings)} meetings, {len(r.readings)} readings")
        for ref in r.meetings:
            linked.add(
                Text.assemble(("meeting ", "cyan"), ref_label(ref), (f"  {ref.path}", "dim"))
            )
        for ref in r.readings:
            linked.add(Text.assemble(("reading ", "cyan"), ref.title))
        out.print(tree)
