"""Resolutions: each one's numbered sections with their paragraph ranges, figures and
targets, quotes, status (draft or adopted), and the meetings and readings that link it —
the result behind ``vaultkit report resolutions``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.model import Note
from vaultkit.reports.figures import Figure
from vaultkit.reports.meetings import NoteRef, meeting_ref
from vaultkit.reports.note_parts import QuoteItem, Section
from vaultkit.reports.summarize import prop, summarize_note

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index

_STATUS_WORDS = re.compile(r"\b(draft|adopted)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Resolution:
    """One resolution note."""

    path: str
    title: str
    author: str | None
    status: str | None
    status_from: str | None
    """``property`` (frontmatter ``status``) or ``text`` (the first "draft" or "adopted")."""
    kinds: list[str]
    sections: list[Section]
    figures: list[Figure]
    quotes: list[QuoteItem]
    meetings: list[NoteRef]
    readings: list[NoteRef]


@dataclass(frozen=True)
class ResolutionsReport:
    """The ``vaultkit report resolutions`` result."""

    resolutions: list[Resolution]


def status_of(note: Note, texts: list[str]) -> tuple[str | None, str | None]:
    """The status property, else the first "draft" or "adopted" in the text."""
    value = prop(note, "status")
    if value:
        return value, "property"
    for text in texts:
        if match := _STATUS_WORDS.search(text):
            return match.group(1).lower(), "text"
    return None, None


def linking(index: Index) -> dict[str, tuple[list[NoteRef], list[NoteRef]]]:
    """Per linked note path: the meetings and the readings that link it."""
    from vaultkit.reports import notes_of_kind

    found: dict[str, tuple[list[NoteRef], list[NoteRef]]] = {}
    for position, kind in enumerate(("meeting", "reading")):
        for note in notes_of_kind(index, kind):
            ref = (
                meeting_ref(note)
                if kind == "meeting"
                else NoteRef(note.path, note.title, note.date)
            )
            for path in dict.fromkeys(link.resolved for link in note.links if link.resolved):
                if path == note.path:
                    continue
                found.setdefault(path, ([], []))[position].append(ref)
    return found


def resolutions_report(index: Index, flt: NoteFilter | None = None) -> ResolutionsReport:
    """Every resolution the filter selects, sorted by path."""
    from vaultkit.reports import note_text, notes_of_kind

    links = linking(index)
    out = []
    for note in notes_of_kind(index, "resolution", flt):
        text = note_text(index, note.path)
        summary = summarize_note(note, text, count=0)
        body = "\n".join(
            text.splitlines()[note.frontmatter_lines[1] if note.frontmatter_lines else 0 :]
        )
        status, source = status_of(note, [note.title, body])
        meetings, readings = links.get(note.path, ([], []))
        numbered = [s for s in summary.outline if s.number is not None]
        out.append(
            Resolution(
                path=note.path,
                title=note.title,
                author=summary.header.author,
                status=status,
                status_from=source,
                kinds=list(note.kinds),
                sections=numbered or summary.outline,
                figures=summary.figures,
                quotes=summary.quotes,
                meetings=sorted(meetings, key=lambda r: (r.date is None, r.date or "", r.path)),
                readings=[r for r in readings if r.path != note.path],
            )
        )
    return ResolutionsReport(out)
