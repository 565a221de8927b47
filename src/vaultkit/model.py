"""The records every part of vaultkit shares: a parsed note and what it holds.

All records are slotted dataclasses of plain values, frozen for the type checker (see
``record``), compared and hashed by value. Lines and columns are 1-based;
``start``/``end`` are 0-based character offsets into the file's text as decoded
(BOM excluded, line endings as in the file), so an editor can splice them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar, dataclass_transform

_R = TypeVar("_R")


@dataclass_transform(frozen_default=True)
def record(cls: type[_R]) -> type[_R]:
    """Make ``cls`` a record: a slotted dataclass, frozen for the type checker.

    At run time it is not frozen: a frozen dataclass sets each field through
    ``object.__setattr__``, and building a note's records (hundreds per note) that way
    took a tenth of the parser's time. ``mypy --strict`` rejects any assignment to a
    field, so no code of ours can mutate one; ``unsafe_hash`` keeps hashing by value.
    """
    return dataclass(slots=True, unsafe_hash=True)(cls)


class LinkKind(StrEnum):
    """Where a link was written."""

    WIKI = "wiki"
    MARKDOWN = "markdown"
    FRONTMATTER = "frontmatter"


class TagSource(StrEnum):
    """Where a tag was written."""

    FRONTMATTER = "frontmatter"
    INLINE = "inline"
    FIELD = "field"


@record
class Span:
    """A place in a file: 1-based line and column, 0-based character offsets."""

    line: int
    col: int
    start: int
    end: int


@record
class Link:
    """One occurrence of a link: ``target`` as written, without heading, block or alias."""

    target: str
    kind: LinkKind
    span: Span
    raw: str
    embed: bool = False
    heading: str | None = None
    block: str | None = None
    alias: str | None = None
    external: bool = False
    in_comment: bool = False
    key: str | None = None
    """The frontmatter property holding a frontmatter link."""
    resolved: str | None = None
    """The vault path the link resolves to; set by the index, None when unresolved."""


@record
class Tag:
    """One occurrence of a tag, ``name`` as written without ``#``."""

    name: str
    source: TagSource
    span: Span
    in_comment: bool = False


@record
class Heading:
    """A heading: its level, its raw Markdown text and its plain text."""

    level: int
    text: str
    plain: str
    line: int


@record
class Field:
    """An inline field: Dataview ``key:: value`` forms or the `` `KEY:` value `` style."""

    key: str
    value: str
    style: str
    """``line`` (key:: value), ``bracket`` ([k:: v]), ``paren`` ((k:: v)) or ``code``."""
    line: int
    value_span: Span
    list_item: int | None = None
    """Index into ``Note.list_items`` when the field sits on a list item."""


@record
class ListItem:
    """A list item: nesting depth, parent index, task status and first-line text."""

    line: int
    end_line: int
    depth: int
    parent: int | None
    text: str
    task: str | None = None
    """The character between the task brackets (``" "`` open, ``"x"`` done), else None."""
    section: str | None = None
    """Plain text of the nearest heading above the item."""


@record
class Callout:
    """A callout block ``> [!type]+ title``."""

    type: str
    fold: str
    title: str
    text: str
    line: int
    end_line: int


@record
class Quote:
    """A plain block quote (not a callout)."""

    text: str
    line: int
    end_line: int


@record
class BlockId:
    """A block identifier ``^id`` ending a paragraph or list item."""

    id: str
    line: int


@record
class Problem:
    """Something wrong with a file, recorded instead of raised."""

    code: str
    message: str
    line: int | None = None
    severity: str = "error"


@record
class Note:
    """Everything vaultkit reads from one Markdown file."""

    path: str
    """Vault-relative path with ``/`` separators, extension included."""
    name: str
    title: str
    h1: str | None = None
    frontmatter: dict[str, Any] = field(default_factory=dict)
    frontmatter_lines: tuple[int, int] | None = None
    """First and last line (the ``---`` fences) of the frontmatter block."""
    aliases: tuple[str, ...] = ()
    tags: tuple[Tag, ...] = ()
    links: tuple[Link, ...] = ()
    headings: tuple[Heading, ...] = ()
    fields: tuple[Field, ...] = ()
    list_items: tuple[ListItem, ...] = ()
    callouts: tuple[Callout, ...] = ()
    quotes: tuple[Quote, ...] = ()
    block_ids: tuple[BlockId, ...] = ()
    problems: tuple[Problem, ...] = ()
    word_count: int = 0
    line_count: int = 0
    kinds: tuple[str, ...] = ()
    """meeting, reading, resolution, clipping: set by the index from the vault's rules."""
    date: str | None = None
    """ISO date from frontmatter ``date``, the file name or the title; set by the index."""
    org: str | None = None
    """A meeting's organization; set by the index."""

    @property
    def folder(self) -> str:
        """The vault-relative folder ('' for the root)."""
        return self.path.rpartition("/")[0]

    def tag_names(self) -> list[str]:
        """Distinct tags as first written, compared case-insensitively."""
        seen: dict[str, str] = {}
        for tag in self.tags:
            seen.setdefault(tag.name.lower(), tag.name)
        return list(seen.values())
