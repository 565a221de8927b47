"""Dataview page objects built from vaultkit notes: frontmatter and inline fields, by the
key as written and by its canonical form, the implicit ``file`` object, and vaultkit's
``kind``, ``date`` and ``org``.

Sources: Dataview docs/annotation/metadata-pages.md (the ``file`` fields),
add-metadata.md (frontmatter, inline fields, sanitized keys), types-of-metadata.md (value
types), metadata-tasks.md (fields on list items). As in Dataview, fields on plain list items
belong to the page, fields on tasks only to the task, and a key written several times holds
the list of its values. `` `KEY:` value `` lines are vaultkit's, not Dataview's: not fields.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from vaultkit.model import Note, TagSource
from vaultkit.query import dates
from vaultkit.query.fieldvalues import canonical, parse_frontmatter_value, parse_inline_value
from vaultkit.query.tasks import build_items, link_value
from vaultkit.query.values import Link, Value

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.resolve import MemoryLookup


class Pages:
    """Builds page objects for one query run, sharing vault-wide facts between pages."""

    def __init__(self, index: Index, origin: str | None = None) -> None:
        self.index = index
        self.origin = origin or ""
        self._inlinks: dict[str, list[str]] | None = None
        self._stats: dict[str, tuple[int, int]] | None = None
        self._lookup: MemoryLookup | None = None
        self._by_path: dict[str, Mapping[str, Value] | None] = {}

    # -- links ------------------------------------------------------------------------------

    def lookup(self) -> MemoryLookup:
        """Every note path, for resolving links written in queries and field values."""
        if self._lookup is None:
            from vaultkit.resolve import MemoryLookup

            self._lookup = MemoryLookup(self.index.note_paths(include_excluded=True))
        return self._lookup

    def resolve_path(self, target: str, source: str | None = None) -> str | None:
        """The note a link target names, resolved as Obsidian does from ``source``."""
        from vaultkit.resolve import resolve_target

        return resolve_target(target, self.origin if source is None else source, self.lookup())

    def normalize(self, target: str) -> str:
        """A link path made comparable: the note it resolves to, else as written."""
        return self.resolve_path(target) or target

    def resolve(self, target: str) -> Mapping[str, Value] | None:
        """The page a link (from the query) points to, or None."""
        path = self.resolve_path(target)
        if path is None:
            return None
        if path not in self._by_path:
            note = self.index.note(path)
            self._by_path[path] = self.page(note) if note is not None else None
        return self._by_path[path]

    # -- pages ------------------------------------------------------------------------------

    def page(self, note: Note) -> Page:
        """The page object of ``note``."""
        return Page(note, self)

    def inlinks(self) -> dict[str, list[str]]:
        """For each note, the notes linking to it (loaded once per run)."""
        if self._inlinks is None:
            self._inlinks = self.index.inlink_sources()
        return self._inlinks

    def stats(self, path: str) -> tuple[int, int]:
        """Size and modification time (ns) of a note (all loaded once per run)."""
        if self._stats is None:
            self._stats = self.index.file_stats()
        return self._stats.get(path, (0, 0))

    def ctime(self, path: str) -> dt.datetime:
        """When the file was created (its birth time where the system records one)."""
        try:
            info = os.stat(self.index.root / path)
        except OSError:
            return _from_ns(self.stats(path)[1])
        born = getattr(info, "st_birthtime", None)
        seconds = born if born else min(info.st_ctime, info.st_mtime)
        return dt.datetime.fromtimestamp(seconds)

    def lines(self, path: str) -> list[str] | None:
        """The lines of the note at ``path`` as on disk (for the raw text of list items),
        or None when it cannot be read."""
        from vaultkit.vault import read_text

        text, _ = read_text(self.index.root / path, self.index.config.max_file_bytes)
        return text.splitlines() if text is not None else None

    def resolve_links(self, value: Value, source: str) -> Value:
        """Links in a field value pointed at the notes they resolve to from ``source``."""
        if isinstance(value, Link):
            path = self.resolve_path(value.path, source) if value.path else source
            return Link(path or value.path, value.display, value.subpath, value.embed, value.type)
        if isinstance(value, list):
            return [self.resolve_links(v, source) for v in value]
        if isinstance(value, dict):
            return {k: self.resolve_links(v, source) for k, v in value.items()}
        return value


Raw = list[tuple[bool, Any]]
"""A field's values as written: (from frontmatter, value) pairs."""


def raw_fields(note: Note) -> dict[str, Raw]:
    """A page's fields before typing: frontmatter, then fields of plain list items, then the
    rest; each key with every value written for it; canonical keys added."""
    raw: dict[str, Raw] = {}
    for key, value in note.frontmatter.items():
        if key != "position":
            raw.setdefault(key, []).append((True, value))
    on_items = []
    elsewhere = []
    for field in note.fields:
        if field.style == "code":
            continue
        if field.list_item is None:
            elsewhere.append(field)
        elif note.list_items[field.list_item].task is None:
            on_items.append(field)
    for field in on_items + elsewhere:
        raw.setdefault(field.key, []).append((False, field.value))
    combined = dict(raw)
    for key, values in raw.items():
        canon = canonical(key)
        if canon and canon not in raw:
            combined[canon] = combined.get(canon, []) + values
    return combined


def typed(values: Raw) -> Value:
    """The value of a field: one typed value, or the list of them when written several times."""
    out = [parse_frontmatter_value(v) if front else parse_inline_value(v) for front, v in values]
    return out[0] if len(out) == 1 else out


class Page(Mapping[str, Value]):
    """A Dataview page: ``file``, then the fields (typed on first use), then vaultkit's
    ``kind``, ``date`` and ``org`` unless the note has fields of those names."""

    __slots__ = ("_done", "_file", "_items", "_raw", "note", "pages")

    def __init__(self, note: Note, pages: Pages) -> None:
        self.note = note
        self.pages = pages
        self._raw: dict[str, Raw] | None = None
        self._done: dict[str, Value] = {}
        self._file: FileObject | None = None
        self._items: list[dict[str, Value]] | None = None

    @property
    def file(self) -> FileObject:
        """The implicit ``file`` object."""
        if self._file is None:
            self._file = FileObject(self)
        return self._file

    def raw(self) -> dict[str, Raw]:
        """The fields as written."""
        if self._raw is None:
            self._raw = raw_fields(self.note)
        return self._raw

    def convert(self, value: Value) -> Value:
        """Links of a field value resolved from this note."""
        return self.pages.resolve_links(value, self.note.path)

    def list_items(self) -> list[dict[str, Value]]:
        """The note's list items as Dataview list items."""
        if self._items is None:
            self._items = build_items(self.note, self.convert, self.pages.lines(self.note.path))
        return self._items

    def __getitem__(self, key: str) -> Value:
        if key == "file":
            return self.file
        if key in self._done:
            return self._done[key]
        raw = self.raw()
        if key in raw:
            value = self._done[key] = self.convert(typed(raw[key]))
            return value
        if key == "kind":
            return _kind(self.note.kinds)
        if key == "org":
            return self.note.org
        if key == "date":
            return dt.datetime.fromisoformat(self.note.date) if self.note.date else None
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return key in ("file", "kind", "org", "date") or key in self.raw()

    def __iter__(self) -> Iterator[str]:
        yield "file"
        raw = self.raw()
        yield from (k for k in raw if k != "file")
        yield from (k for k in ("kind", "date", "org") if k not in raw)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _stat_time(page: Page) -> dt.datetime:
    return _from_ns(page.pages.stats(page.note.path)[1])


_FILE: dict[str, Callable[[Page], Value]] = {
    "name": lambda p: p.note.name,
    "path": lambda p: p.note.path,
    "folder": lambda p: p.note.folder,
    "ext": lambda p: "md",
    "link": lambda p: Link(p.note.path),
    "size": lambda p: p.pages.stats(p.note.path)[0],
    "ctime": lambda p: p.pages.ctime(p.note.path),
    "cday": lambda p: _day(p.pages.ctime(p.note.path)),
    "mtime": _stat_time,
    "mday": lambda p: _day(_stat_time(p)),
    "tags": lambda p: expand_tags(etags(p.note)),
    "etags": lambda p: etags(p.note),
    "inlinks": lambda p: [Link(s) for s in p.pages.inlinks().get(p.note.path, [])],
    "outlinks": lambda p: [link_value(x) for x in p.note.links if not x.external],
    "aliases": lambda p: list(p.note.aliases),
    "tasks": lambda p: [i for i in p.list_items() if i["task"]],
    "lists": lambda p: p.list_items(),
    "frontmatter": lambda p: dict(p.note.frontmatter),
    "day": lambda p: file_day(p.note, p),
    "starred": lambda p: False,
}


class FileObject(Mapping[str, Value]):
    """The implicit ``file`` object of a page (docs/annotation/metadata-pages.md), each
    value computed on first use; ``day`` is there only when the note has a date."""

    __slots__ = ("_cache", "page")

    def __init__(self, page: Page) -> None:
        self.page = page
        self._cache: dict[str, Value] = {}

    def __getitem__(self, key: str) -> Value:
        if key in self._cache:
            return self._cache[key]
        getter = _FILE[key]
        value = self._cache[key] = getter(self.page)
        if key == "day" and value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        if key == "day":
            return self.get("day") is not None
        return key in _FILE

    def __iter__(self) -> Iterator[str]:
        return (k for k in _FILE if k != "day" or "day" in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def etags(note: Note) -> list[str]:
    """The note's tags as written, with ``#``: body tags, then frontmatter tags."""
    out: list[str] = []
    body = [t for t in note.tags if t.source != TagSource.FRONTMATTER]
    front = [t for t in note.tags if t.source == TagSource.FRONTMATTER]
    for tag in body + front:
        name = "#" + tag.name
        if name not in out:
            out.append(name)
    return out


def expand_tags(tags: list[str]) -> list[str]:
    """Each tag followed by its parents: ``#a/b/c`` gives ``#a/b/c``, ``#a/b``, ``#a``."""
    out: list[str] = []
    for tag in tags:
        while True:
            if tag not in out:
                out.append(tag)
            if "/" not in tag:
                break
            tag = tag.rpartition("/")[0]
    return out


def file_day(note: Note, page: Page) -> dt.datetime | None:
    """``file.day``: a ``date`` or ``day`` field holding a date, else a date in the name."""
    for key in page.raw():
        if key.lower() not in ("date", "day"):
            continue
        value = page[key]
        if isinstance(value, list) and value and isinstance(value[0], dt.datetime):
            return value[0]
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, Link):
            for text in (value.path, value.subpath or "", value.display or ""):
                found = dates.extract_date(text)
                if found:
                    return found
    return dates.extract_date(note.name)


def _kind(kinds: tuple[str, ...]) -> Value:
    if not kinds:
        return None
    return kinds[0] if len(kinds) == 1 else list(kinds)


def _from_ns(ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ns / 1e9) if ns > 0 else dt.datetime.fromtimestamp(0)


def _day(value: dt.datetime) -> dt.datetime:
    return value.replace(hour=0, minute=0, second=0, microsecond=0)
