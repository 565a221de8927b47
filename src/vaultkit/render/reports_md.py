"""Markdown forms of the summaries and reports (``--format md``): ready to paste into the
vault, notes written as ``[[wikilinks]]``, tables in GitHub-flavoured Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.render.reports import (
    display_title,
    gist_text,
    length_line,
    ref_label,
    section_label,
    segment_label,
)
from vaultkit.render.summary_view import clip_marked, clip_quote, outline_shown

if TYPE_CHECKING:
    from vaultkit.reports.meetings import NoteRef
    from vaultkit.reports.readings import ReadingsReport
    from vaultkit.reports.resolutions import ResolutionsReport
    from vaultkit.reports.summarize import Summary


def wikilink(path: str | None, label: str | None = None) -> str:
    """``[[name]]`` for a vault path (``[[name|label]]`` when a label differs)."""
    if path is None:
        return label or ""
    name = path.rpartition("/")[2].removesuffix(".md")
    return f"[[{name}|{label}]]" if label and label != name else f"[[{name}]]"


def cell(text: str) -> str:
    """Text safe inside a table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _ref(ref: NoteRef) -> str:
    return wikilink(ref.path, ref_label(ref))


# -- summarize -------------------------------------------------------------------------------


def summary_markdown(summary: Summary) -> str:
    """One summary as a Markdown section."""
    head = summary.header
    lines = [f"## {display_title(summary)}", ""]
    facts = [f"summary of {wikilink(summary.path)}"]
    facts += [f"*{', '.join(head.kinds)}*"] if head.kinds else []
    facts += [f"{label}: {value}" for label, value in head.facts()]
    if head.source:
        facts.append(f"[source]({head.source})")
    if head.heading and head.heading != head.title:
        facts.append(f"heading: {head.heading}")
    facts.append(f"{head.word_count} words, {head.reading_minutes} min read")
    lines += [" · ".join(facts), ""]
    for notice in summary.notices:
        lines += [f"> [!note] {notice}", ""]
    if outline_shown(summary):
        lines += ["### Outline", ""]
        base = min(s.level for s in summary.outline)
        lines += ["  " * (s.level - base) + f"- {section_label(s)}" for s in summary.outline]
        lines.append("")
    if summary.concepts:
        shown = ", ".join(
            f"{wikilink(c.path, c.name) if c.path else f'[[{c.target}]]'} ({c.count})"
            for c in summary.concepts
        )
        lines += ["### Concepts", "", shown, ""]
    if summary.quotes:
        lines += ["### Quotes", ""]
        for quote in summary.quotes:
            if quote.callout:
                lines.append(f"> [!{quote.callout}] {quote.title or ''}".rstrip())
            lines += [f"> {line}" if line else ">" for line in clip_quote(quote.text).split("\n")]
            lines.append("")
    if summary.segments:
        lines += ["### Gists", ""]
        for segment in summary.segments:
            gist = f": {gist_text(segment.gist)}" if segment.gist else ""
            lines.append(f"- **{segment_label(segment)}**{gist}")
        lines.append("")
    if summary.key:
        noun = "Key points" if summary.mode == "points" else "Key sentences"
        lines += [f"### {noun}", ""]
        lines += [f"{n}. {gist_text(item)}" for n, item in enumerate(summary.key, start=1)]
        lines += ["", f"*{length_line(summary)}*", ""]
    if summary.facts:
        lines += ["### Figures", ""]
        rows = [
            [
                row.role,
                clip_marked(row.marked)
                + (f" (×{row.count})" if row.count > 1 else "")
                + (f" (now {row.current})" if row.current else ""),
            ]
            for row in summary.facts
        ]
        lines += [*_table(["role", "sentence"], rows), ""]
    if summary.tables:
        lines += [f"- table, {t.rows} rows (line {t.line})" for t in summary.tables]
        lines.append("")
    return "\n".join(lines)


# -- reports ---------------------------------------------------------------------------------


def readings_markdown(report: ReadingsReport) -> str:
    """The reading list as one Markdown table per rating or status."""
    lines = ["## Readings", ""]
    for group in report.groups:
        rows = [
            [
                wikilink(r.path),
                r.author or "–",
                r.genre or "–",
                r.format or "–",
                ", ".join(_ref(m) for m in r.discussed) or "–",
            ]
            for r in group.readings
        ]
        lines += [f"### {group.label}", ""]
        lines += [*_table(["reading", "author", "genre", "format", "discussed at"], rows), ""]
    if report.unwritten:
        lines += ["### Discussed at meetings, no note yet", ""]
        lines += [
            f"- [[{u.target}]] — {', '.join(_ref(m) for m in u.discussed)}"
            for u in report.unwritten
        ]
        lines.append("")
    if report.incomplete:
        lines += ["### Missing metadata", ""]
        lines += [f"- {wikilink(r.path)}: no {', '.join(r.missing)}" for r in report.incomplete]
        lines.append("")
    return "\n".join(lines)


def resolutions_markdown(report: ResolutionsReport) -> str:
    """Each resolution as a Markdown section."""
    lines = ["## Resolutions", ""]
    for r in report.resolutions:
        status = f"{r.status} (from {r.status_from})" if r.status else "status unknown"
        lines += [f"### {wikilink(r.path)}", "", f"Status: {status}", ""]
        lines += [f"- {section_label(s)}" for s in r.sections]
        lines.append("")
        if r.figures:
            rows = [[("★ " if f.target else "") + f.text, f.sentence] for f in r.figures]
            lines += [*_table(["figure", "sentence"], rows), ""]
        for quote in r.quotes:
            lines += [f"> {line}" if line else ">" for line in quote.text.split("\n")]
            lines.append("")
        if r.meetings or r.readings:
            linked = [_ref(m) for m in r.meetings] + [wikilink(m.path) for m in r.readings]
            lines += [f"Linked from: {', '.join(linked)}", ""]
    return "\n".join(lines)
