"""Every tag of a vault with the number of notes carrying it, by where it was written, and
the tree view that rolls nested tags up into their parents.

Tags are compared case-insensitively (help-tags); a tag is shown in the spelling most
notes use (``spelling.preferred_spelling``). A nested tag counts for itself only; the tree adds
the notes of every nested tag to its parents, each note once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Protocol

from vaultkit.model import TagSource
from vaultkit.tags.spelling import preferred_spelling, spelling_rank


class TagLike(Protocol):
    """What counting needs of a tag: its name as written and where it was written."""

    @property
    def name(self) -> str: ...

    @property
    def source(self) -> TagSource: ...


class Tagged(Protocol):
    """What counting needs of a note: its tags (a ``Note`` is one)."""

    @property
    def tags(self) -> Sequence[TagLike]: ...


@dataclass(frozen=True)
class _Tag:
    name: str
    source: TagSource


@dataclass(frozen=True)
class _Tagged:
    tags: tuple[_Tag, ...]


def from_rows(paths: Iterable[str], rows: Iterable[tuple[str, str, str]]) -> Iterator[_Tagged]:
    """Notes for :func:`list_tags` from index rows ``(path, tag, source)`` sorted by path:
    one per path of ``paths`` (those without a row are untagged)."""
    grouped = {
        path: tuple(_Tag(name, TagSource(source)) for _, name, source in group)
        for path, group in groupby(rows, key=lambda row: row[0])
    }
    for path in paths:
        yield _Tagged(grouped.get(path, ()))


@dataclass(frozen=True)
class TagCount:
    """One tag: the notes carrying it, and in how many it was written in each place."""

    name: str
    notes: int
    frontmatter: int
    inline: int
    field: int
    spellings: list[str]
    """Every spelling in use, most used first (more than one is worth fixing)."""


@dataclass(frozen=True)
class TagNode:
    """A tag in the tree: its own notes, and with every nested tag's notes (``total``)."""

    name: str
    """The full tag (``meeting/political``); implied parents too (``meeting``)."""
    label: str
    """The last part (``political``)."""
    notes: int
    """Notes carrying exactly this tag (0 for a parent nobody writes)."""
    total: int
    children: list[TagNode] = field(default_factory=list)


@dataclass(frozen=True)
class TagListing:
    """The result of ``vaultkit tags``."""

    notes: int
    """Notes looked at."""
    tagged: int
    """Of those, notes carrying at least one tag."""
    tags: list[TagCount]
    tree: list[TagNode] | None = None


class _Usage:
    """Per lower-cased tag: note indexes by source and spellings."""

    def __init__(self) -> None:
        self.notes: set[int] = set()
        self.by_source: dict[TagSource, set[int]] = {s: set() for s in TagSource}
        self.spellings: Counter[str] = Counter()


def list_tags(notes: Iterable[Tagged], sort: str = "count", tree: bool = False) -> TagListing:
    """Count every tag in ``notes``; ``sort`` is ``count`` (most used first) or ``name``."""
    usage: dict[str, _Usage] = {}
    total = tagged = 0
    for number, note in enumerate(notes):
        total += 1
        if note.tags:
            tagged += 1
        spelled: set[str] = set()
        for tag in note.tags:
            key = tag.name.lower()
            use = usage.setdefault(key, _Usage())
            use.notes.add(number)
            use.by_source[tag.source].add(number)
            if tag.name not in spelled:
                spelled.add(tag.name)
                use.spellings[tag.name] += 1
    counts = [
        TagCount(
            name=_spelling(use),
            notes=len(use.notes),
            frontmatter=len(use.by_source[TagSource.FRONTMATTER]),
            inline=len(use.by_source[TagSource.INLINE]),
            field=len(use.by_source[TagSource.FIELD]),
            spellings=sorted(use.spellings, key=lambda s: spelling_rank(s, use.spellings[s])),
        )
        for use in usage.values()
    ]
    counts.sort(key=_sort_key(sort))
    nodes = _tree(usage, sort) if tree else None
    return TagListing(total, tagged, counts, nodes)


def _spelling(use: _Usage) -> str:
    return preferred_spelling(use.spellings)


def _sort_key(sort: str) -> Callable[[TagCount], tuple[Any, ...]]:
    if sort == "name":
        return lambda c: (c.name.lower(), c.name)
    return lambda c: (-c.notes, c.name.lower(), c.name)


def _tree(usage: dict[str, _Usage], sort: str) -> list[TagNode]:
    """Roll nested tags up: each node's total is the notes carrying it or a descendant."""
    members: dict[str, set[int]] = {}
    labels: dict[str, str] = {}
    for key, use in usage.items():
        spelled = _spelling(use)
        parts = key.split("/")
        shown = spelled.split("/") if len(spelled.split("/")) == len(parts) else parts
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            members.setdefault(prefix, set()).update(use.notes)
            if prefix == key or prefix not in labels:
                labels[prefix] = "/".join(shown[:depth])
    children: dict[str, list[str]] = {}
    roots: list[str] = []
    for prefix in members:
        parent, slash, _ = prefix.rpartition("/")
        (children.setdefault(parent, []) if slash else roots).append(prefix)

    def build(prefix: str) -> TagNode:
        name = labels[prefix]
        own = usage.get(prefix)
        kids = sorted((build(c) for c in children.get(prefix, [])), key=_node_key(sort))
        return TagNode(
            name=name,
            label=name.rpartition("/")[2],
            notes=len(own.notes) if own else 0,
            total=len(members[prefix]),
            children=kids,
        )

    return sorted((build(r) for r in roots), key=_node_key(sort))


def _node_key(sort: str) -> Callable[[TagNode], tuple[Any, ...]]:
    if sort == "name":
        return lambda n: (n.name.lower(), n.name)
    return lambda n: (-n.total, n.name.lower(), n.name)
