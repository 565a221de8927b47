"""One filter for every command that selects notes: folder, tag, kind, untagged, query.

``where`` takes a Dataview expression (the query language of ``vaultkit query``) once that
module exists; the simple fields are answered by the index in SQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.model import Note


@dataclass(frozen=True)
class NoteFilter:
    """Which notes a command works on; empty fields select everything."""

    folder: str | None = None
    """A vault folder; notes below it (at any depth) match."""
    tag: str | None = None
    """A tag without ``#``; its nested tags match too (``meeting`` matches ``meeting/x``)."""
    kind: str | None = None
    """meeting, reading, resolution or clipping."""
    untagged: bool = False
    """Only notes with no tag anywhere (frontmatter, body or fields)."""
    where: str | None = None
    """A Dataview expression evaluated on each note (``rating > 3``)."""

    @property
    def empty(self) -> bool:
        """Whether this filter selects every note."""
        return not (self.folder or self.tag or self.kind or self.untagged or self.where)


def select_paths(index: Index, flt: NoteFilter) -> list[str]:
    """Paths of the notes matching the SQL-answerable parts of ``flt``, sorted."""
    return index.filter_paths(folder=flt.folder, tag=flt.tag, kind=flt.kind, untagged=flt.untagged)


def select_notes(index: Index, flt: NoteFilter) -> Iterator[Note]:
    """The notes matching ``flt``, sorted by path."""
    wanted = None if flt.empty else set(select_paths(index, flt))
    matcher = None
    if flt.where:
        import importlib

        query = importlib.import_module("vaultkit.query")  # the language of `vaultkit query`
        matcher = query.compile_where(flt.where, index)
    for note in index.notes():
        if wanted is not None and note.path not in wanted:
            continue
        if matcher is not None and not matcher(note):
            continue
        yield note
