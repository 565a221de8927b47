"""The reading list: readings grouped by rating or status, with author, genre and format,
the meetings that discussed each one, readings discussed at meetings that have no note yet,
and readings missing metadata — the result behind ``vaultkit report readings``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.model import Note
from vaultkit.reports.meetings import NoteRef, discussed_in, meeting_ref
from vaultkit.reports.summarize import prop

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index

METADATA = ("author", "genre", "format", "rating")
UNRATED = "unrated"


@dataclass(frozen=True)
class Reading:
    """One reading note."""

    path: str
    title: str
    author: str | None
    genre: str | None
    format: str | None
    rating: str | None
    status: str | None
    kinds: list[str]
    discussed: list[NoteRef]
    """Meetings that link the reading, by date."""
    missing: list[str]
    """Metadata it lacks among author, genre, format and rating."""
    problems: list[str]


@dataclass(frozen=True)
class ReadingGroup:
    """Readings sharing one rating or status (``5``, ``WIP``, ``unrated``)."""

    label: str
    readings: list[Reading]


@dataclass(frozen=True)
class Unwritten:
    """A reading discussed at meetings that has no note in the vault."""

    target: str
    discussed: list[NoteRef]


@dataclass(frozen=True)
class ReadingsReport:
    """The ``vaultkit report readings`` result."""

    groups: list[ReadingGroup]
    unwritten: list[Unwritten]
    incomplete: list[Reading]
    """Readings missing metadata (also listed in their group)."""


def meeting_refs(index: Index) -> tuple[dict[str, list[NoteRef]], dict[str, list[NoteRef]]]:
    """Meetings discussing each reading path, and each unresolved discussed target (by its
    lower-cased name), each list sorted by date."""
    from vaultkit.reports import notes_of_kind

    readings = set(index.filter_paths(kind="reading"))
    by_path: dict[str, list[NoteRef]] = {}
    by_target: dict[str, tuple[str, list[NoteRef]]] = {}
    for meeting in notes_of_kind(index, "meeting"):
        ref = meeting_ref(meeting)
        for item in discussed_in(meeting, readings):
            if item.path is not None:
                by_path.setdefault(item.path, []).append(ref)
            else:
                by_target.setdefault(item.target.lower(), (item.target, []))[1].append(ref)
    order = _by_date
    return (
        {k: order(v) for k, v in by_path.items()},
        {name: order(refs) for name, refs in by_target.values()},
    )


def _by_date(refs: Iterable[NoteRef]) -> list[NoteRef]:
    return sorted(refs, key=lambda r: (r.date is None, r.date or "", r.path))


def reading_of(note: Note, discussed: list[NoteRef]) -> Reading:
    """One reading's row."""
    values = {key: prop(note, key) for key in (*METADATA, "status")}
    return Reading(
        path=note.path,
        title=note.title,
        author=values["author"],
        genre=values["genre"],
        format=values["format"],
        rating=values["rating"],
        status=values["status"],
        kinds=list(note.kinds),
        discussed=discussed,
        missing=[key for key in METADATA if not values[key]],
        problems=[p.message for p in note.problems if p.severity == "error"],
    )


def _group_order(label: str) -> tuple[int, float, str]:
    if label == UNRATED:
        return (2, 0.0, label)
    try:
        return (0, -float(label), label)
    except ValueError:
        return (1, 0.0, label.lower())


def readings_report(index: Index, flt: NoteFilter | None = None) -> ReadingsReport:
    """Readings the filter selects, grouped by rating (else status), best first."""
    from vaultkit.reports import notes_of_kind

    by_path, by_target = meeting_refs(index)
    groups: dict[str, list[Reading]] = {}
    incomplete: list[Reading] = []
    for note in notes_of_kind(index, "reading", flt):
        reading = reading_of(note, by_path.get(note.path, []))
        groups.setdefault(reading.rating or reading.status or UNRATED, []).append(reading)
        if reading.missing:
            incomplete.append(reading)
    ordered = [
        ReadingGroup(label, sorted(rows, key=lambda r: r.title.lower()))
        for label, rows in sorted(groups.items(), key=lambda item: _group_order(item[0]))
    ]
    unwritten = [Unwritten(target, refs) for target, refs in sorted(by_target.items())]
    return ReadingsReport(ordered, unwritten, incomplete)
