"""``vaultkit link``: turn unlinked mentions into links, through the one writer (``edit``).

Each mention becomes ``[[Name]]`` when its text is the name as written, else
``[[Name|text]]`` (the text kept as the link's display text), as Obsidian writes a link from
its Unlinked mentions pane; ``Name`` is the shortest form that resolves to the note (the
file name, or the path without ``.md`` when the name repeats). Mentions that could mean
another note too are listed and never linked. Only the mention spans change: every other
byte of the file is kept (line endings, BOM, the rest of the line).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.errors import AmbiguousNote, NoteNotFound, VaultkitError
from vaultkit.parse.tables import cell_link, in_cell, table_cells
from vaultkit.search.document import fold
from vaultkit.search.mentions import (
    Mention,
    find_mentions,
    line_starts,
    owners_of,
    subject_names,
)

if TYPE_CHECKING:
    from vaultkit.edit import Snapshot, WriteOutcome
    from vaultkit.index import Index

Replacement = tuple[int, int, str]
"""(start, end, new text) of one span of a note's text."""


@dataclass
class SourceEdit:
    """The links planned in one note."""

    path: str
    snapshot: Snapshot
    new_text: str
    linked: list[Mention] = field(default_factory=list)


@dataclass
class LinkPlan:
    """What ``link`` would do: the edits, the ambiguous mentions, the notes it could not read."""

    path: str
    target: str
    """The link target written (``Name`` or ``folder/Name``)."""
    edits: list[SourceEdit] = field(default_factory=list)
    ambiguous: list[tuple[str, Mention]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Mentions that would become links."""
        return sum(len(e.linked) for e in self.edits)


def link_target(index: Index, path: str) -> str:
    """The shortest link text that resolves to ``path``: its name, else its path."""
    stem = path[:-3] if path.lower().endswith(".md") else path
    name = stem.rpartition("/")[2]
    return name if index.lookup_notes(name) == [path] else stem


def replacement(target: str, matched: str, in_table: bool = False) -> str:
    """``[[target]]`` when the mention is the target as written, else ``[[target|text]]``
    (``[[target\\|text]]`` in a table cell, where a bare ``|`` would split the cell)."""
    if matched == target:
        return f"[[{target}]]"
    written = f"[[{target}|{matched}]]"
    return cell_link(written) if in_table else written


def splice(text: str, replacements: list[Replacement]) -> str:
    """``text`` with each (start, end) span replaced; spans sorted and disjoint."""
    parts = []
    pos = 0
    for start, end, new in replacements:
        parts.append(text[pos:start])
        parts.append(new)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _one_note(index: Index, query: str) -> str:
    paths = index.lookup_notes(query)
    if len(paths) > 1:
        raise AmbiguousNote(query, paths)
    if not paths:
        raise NoteNotFound(query, [])
    return paths[0]


def plan_links(index: Index, note: str, sources: list[str] | None = None) -> LinkPlan:
    """Plan linking the unlinked mentions of ``note`` in ``sources`` (names or paths; None:
    every note that mentions it)."""
    from vaultkit.edit import EditRefused, read_snapshot
    from vaultkit.search.mentions import unlinked_mentions

    path = _one_note(index, note)
    plan = LinkPlan(path, link_target(index, path))
    if sources:
        wanted = [_one_note(index, s) for s in sources]
        if path in wanted:
            raise VaultkitError(f"{path} is the note itself; its own name is not a mention")
    else:
        wanted = [s.path for s in unlinked_mentions(index, path).sources]
    names = subject_names(index, path)
    owners: dict[str, tuple[str, ...]] = {}
    for source in sorted(set(wanted)):
        try:
            snapshot = read_snapshot(index.root, source, index.config.max_file_bytes)
        except EditRefused as error:
            plan.refused.append((source, error.reason))
            continue
        text = snapshot.text
        starts = line_starts(text)
        cells = table_cells(text)
        replacements: list[Replacement] = []
        linked = []
        for start, end in find_mentions(text, names):
            matched = text[start:end]
            key = fold(matched)
            if key not in owners:
                owners[key] = tuple(p for p in owners_of(index, matched) if p != path)
            mention = _mention(text, starts, start, end, owners[key])
            if owners[key]:
                plan.ambiguous.append((source, mention))
                continue
            in_table = in_cell(cells, start, end)
            replacements.append((start, end, replacement(plan.target, matched, in_table)))
            linked.append(mention)
        if replacements:
            plan.edits.append(SourceEdit(source, snapshot, splice(text, replacements), linked))
    return plan


def _mention(
    text: str, starts: list[int], start: int, end: int, others: tuple[str, ...]
) -> Mention:
    line = bisect_right(starts, start)
    line_start = starts[line - 1]
    line_end = text.find("\n", start)
    line_text = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
    return Mention(line, start - line_start + 1, line_text, start, end, text[start:end], others)


def apply_links(index: Index, plan: LinkPlan) -> list[WriteOutcome]:
    """Write every planned edit (each skipped when its file changed since it was read)."""
    from vaultkit.edit import write_text

    return [write_text(index.root, e.snapshot, e.new_text) for e in plan.edits]
