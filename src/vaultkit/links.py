"""Backlinks and outgoing links of one note: the result behind ``vaultkit links``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from vaultkit.errors import AmbiguousNote, NoteNotFound
from vaultkit.index import Index


@dataclass(frozen=True)
class LinkRow:
    """One link occurrence as ``links`` reports it."""

    line: int
    col: int
    text: str
    """The source line, trimmed: what a person reads to see the link in context."""
    raw: str
    target: str
    alias: str | None
    heading: str | None
    block: str | None
    embed: bool
    kind: str
    resolved: str | None
    external: bool = False
    property: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class BacklinkSource:
    """A note linking to the subject, with each of its links."""

    path: str
    title: str
    links: list[LinkRow]


@dataclass(frozen=True)
class LinksReport:
    """Everything ``vaultkit links NOTE`` says about one note (or missing link target)."""

    query: str
    path: str | None
    title: str
    exists: bool
    backlink_count: int
    source_count: int
    backlinks: list[BacklinkSource]
    outgoing: list[LinkRow] = field(default_factory=list)
    unresolved: list[LinkRow] = field(default_factory=list)
    external: list[LinkRow] = field(default_factory=list)

    @property
    def hidden_sources(self) -> int:
        """Source notes left out by ``--limit``."""
        return self.source_count - len(self.backlinks)


def _row(values: tuple[Any, ...], hint: str | None = None) -> LinkRow:
    line, col, text, raw, target, alias, heading, block, embed, kind, external, prop, dst = values
    return LinkRow(
        line,
        col,
        text,
        raw,
        target,
        alias,
        heading,
        block,
        bool(embed),
        kind,
        dst,
        bool(external),
        prop,
        hint,
    )


def find_subject(index: Index, query: str) -> tuple[str | None, list[str]]:
    """The note ``query`` names, or None with the unresolved targets it names.

    Raises AmbiguousNote when several notes match, NoteNotFound when nothing does.
    """
    paths = index.lookup_notes(query)
    if len(paths) > 1:
        raise AmbiguousNote(query, paths)
    if paths:
        return paths[0], []
    targets = index.unresolved_targets(query)
    if targets:
        return None, targets
    suggestions = difflib.get_close_matches(query, index.names(), n=5, cutoff=0.6)
    if not suggestions:
        lowered = query.lower()
        suggestions = sorted(n for n in index.names() if lowered in n.lower())[:5]
    raise NoteNotFound(query, suggestions)


def links_report(index: Index, query: str, limit: int | None = 50, offset: int = 0) -> LinksReport:
    """Backlinks of the note ``query`` names (by path, name, alias or title), its outgoing
    links and its unresolved links; for a note not written yet, the links waiting for it.
    Backlinks: ``limit`` linking notes by path from the ``offset``-th."""
    path, _ = find_subject(index, query)
    if path is None:
        groups, total, sources = index.unresolved_backlinks(query, limit, offset)
        return LinksReport(
            query=query,
            path=None,
            title=query,
            exists=False,
            backlink_count=total,
            source_count=sources,
            backlinks=[BacklinkSource(p, t, [_row(r) for r in rows]) for p, t, rows in groups],
        )
    groups, total, sources = index.backlinks(path, limit, offset)
    outgoing: list[LinkRow] = []
    unresolved: list[LinkRow] = []
    external: list[LinkRow] = []
    for values in index.outgoing(path):
        row = _row(values)
        if row.external:
            external.append(row)
        elif row.resolved is None:
            owners = index.alias_owners(row.target)
            hint = None
            if owners:
                owner = owners[0]
                name = owner.rpartition("/")[2].removesuffix(".md")
                written = name if len(index.lookup_notes(name)) == 1 else owner.removesuffix(".md")
                hint = (
                    f"{row.target!r} is an alias of {owner}; Obsidian does not resolve"
                    f" aliases: write [[{written}|{row.target}]]"
                )
            unresolved.append(_row(values, hint))
        else:
            outgoing.append(row)
    return LinksReport(
        query=query,
        path=path,
        title=index.title_of(path) or path,
        exists=True,
        backlink_count=total,
        source_count=sources,
        backlinks=[BacklinkSource(p, t, [_row(r) for r in rows]) for p, t, rows in groups],
        outgoing=outgoing,
        unresolved=unresolved,
        external=external,
    )
