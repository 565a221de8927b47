"""The ```query blocks of a note run as Obsidian embeds search results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.index import fulltext
from vaultkit.search.engine import SearchResult, search

if TYPE_CHECKING:
    from vaultkit.index import Index


def note_lines(index: Index, path: str) -> list[str]:
    """The lines of the note at ``path`` as indexed (for context around matches)."""
    fid = index.file_id(path)
    if fid is None:
        return []
    texts = list(fulltext.texts_of(index.conn, [fid]))
    return texts[0][1].splitlines() if texts else []


@dataclass(frozen=True)
class BlockResults:
    """One ```query block of a note: where it opens, its query, its results or its error."""

    line: int
    query: str
    results: list[SearchResult]
    error: str | None = None


def run_note_queries(
    index: Index, name: str, *, only: set[str] | None = None, sort: str = "relevance"
) -> tuple[str, list[BlockResults]]:
    """Run every ```query block of the note ``name`` (a name, path or alias), as Obsidian
    embeds search results; returns the note's path and each block's results."""
    from vaultkit.errors import VaultkitError
    from vaultkit.links import find_subject
    from vaultkit.query.blocks import dataview_blocks

    path, _ = find_subject(index, name)
    if path is None:
        raise VaultkitError(f"{name!r} has no note yet; nothing to run")
    lines = note_lines(index, path)
    blocks = []
    for block in dataview_blocks("\n".join(lines), info="query"):
        text = " ".join(block.text.split())
        try:
            blocks.append(BlockResults(block.line, text, search(index, text, only=only, sort=sort)))
        except VaultkitError as error:
            blocks.append(BlockResults(block.line, text, [], str(error)))
    return path, blocks
