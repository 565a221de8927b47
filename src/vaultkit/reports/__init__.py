"""Reports over the index: note summaries and the meetings, readings and resolutions
reports. Each module returns dataclasses; nothing here prints, and reading never writes.

Shared here: reading a note's text again (the reports work on sentences and paragraph
citations the index does not keep) and the notes of one kind that a filter selects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index
    from vaultkit.model import Note


def note_text(index: Index, path: str) -> str:
    """The text of the note at ``path`` as the parser read it ('' when it cannot be read)."""
    from vaultkit.vault import read_text

    text, _ = read_text(index.root / path, index.config.max_file_bytes)
    return text or ""


def notes_of_kind(index: Index, kind: str, flt: NoteFilter | None = None) -> Iterator[Note]:
    """Notes of ``kind`` that ``flt`` (folder, tag, …) also selects, sorted by path."""
    from dataclasses import replace

    from vaultkit.filters import NoteFilter, select_notes

    yield from select_notes(index, replace(flt or NoteFilter(), kind=kind))
