"""Every file of the vault as Bases sees it (Bases syntax.md, "File properties"), read from
the index with one query per table, each on first use: files (attachments too), note
properties, tags, links and embeds, backlinks. Nothing here writes."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import TYPE_CHECKING, Any

from vaultkit.bases.dates import parse_date
from vaultkit.bases.values import FileValue, Link, Value

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.resolve import MemoryLookup

FILE_FIELDS = (
    "name",
    "basename",
    "path",
    "folder",
    "ext",
    "size",
    "ctime",
    "mtime",
    "tags",
    "links",
    "embeds",
    "backlinks",
    "properties",
)
"""The ``file.*`` fields, in the order the docs list them."""


class VaultFiles:
    """The files of one vault for one run, with per-table caches."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.root = index.root
        self.stats: dict[str, tuple[int, int, bool]] = {
            path: (int(size), int(mtime), bool(is_note))
            for path, size, mtime, is_note in index.query(
                "SELECT path, size, mtime_ns, is_note FROM files WHERE excluded = 0 ORDER BY path"
            )
        }
        self._front: dict[str, str] | None = None
        self._props: dict[str, dict[str, Value]] = {}
        self._tags: dict[str, list[str]] | None = None
        self._links: dict[str, tuple[list[Link], list[Link]]] | None = None
        self._backlinks: dict[str, list[Link]] | None = None
        self._ctimes: dict[str, dt.datetime] = {}
        self._lookup: MemoryLookup | None = None
        self._types: dict[str, str] | None = None

    @property
    def paths(self) -> list[str]:
        """Every visible file, sorted by path."""
        return list(self.stats)

    # -- resolving --------------------------------------------------------------------------

    def resolve(self, target: str, source: str = "") -> str | None:
        """The file a link target names, resolved as Obsidian does from ``source``."""
        from vaultkit.resolve import MemoryLookup, resolve_target

        if self._lookup is None:
            self._lookup = MemoryLookup([p for (p,) in self.index.query("SELECT path FROM files")])
        return resolve_target(target, source, self._lookup)

    def link(self, inner: str, source: str = "", display: str | None = None) -> Link:
        """A link from ``[[inner]]`` text (or a bare path), resolved from ``source``."""
        text = inner.strip()
        if text.startswith("!"):
            text = text[1:]
        if text.startswith("[[") and text.endswith("]]"):
            text = text[2:-2]
        if display is None and "|" in text:
            text, _, display = text.partition("|")
        target, _, sub = text.partition("#")
        resolved = self.resolve(target, source) if target else source or None
        return Link(resolved or target, display, sub.lstrip("^") or None)

    # -- properties -------------------------------------------------------------------------

    def properties(self, path: str) -> dict[str, Value]:
        """The note's frontmatter properties, typed: wikilinks become links (resolved from
        the note), ISO dates become dates; empty for attachments."""
        found = self._props.get(path)
        if found is not None:
            return found
        if self._front is None:
            self._front = {
                p: text
                for p, text in self.index.query(
                    "SELECT f.path, n.frontmatter FROM notes n JOIN files f ON f.id = n.file_id"
                    " WHERE f.excluded = 0"
                )
            }
        raw = self._front.get(path)
        data = json.loads(raw) if raw and raw != "{}" else {}
        types = self.property_types()
        typed = {
            str(k): self.typed(v, path, types.get(str(k).lower()))
            for k, v in data.items()
            if k != "position"
        }
        self._props[path] = typed
        return typed

    def property_types(self) -> dict[str, str]:
        """The vault's property types (``.obsidian/types.json``: ``text``, ``number``,
        ``checkbox``, ``date``, ``datetime``, ``multitext``, ``tags``, ``aliases``), by lower
        case name; empty when the file is missing or unreadable."""
        if self._types is None:
            self._types = {}
            try:
                found = json.loads((self.root / ".obsidian" / "types.json").read_text("utf-8"))
            except (OSError, ValueError):
                found = None
            types = found.get("types") if isinstance(found, dict) else None
            if isinstance(types, dict):
                self._types = {str(k).lower(): str(v) for k, v in types.items()}
        return self._types

    def typed(self, value: Any, source: str, kind: str | None = None) -> Value:
        """A frontmatter value as Bases types it: by the property's type when the vault
        declares one, else by its value (wikilinks are links, ISO dates are dates)."""
        if kind is not None:
            return self._as_type(value, source, kind)
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.startswith("[[") and stripped.endswith("]]") and "]]" not in stripped[2:-2]:
                return self.link(stripped, source)
            if stripped[:1].isdigit() and "-" in stripped[:5]:
                date = parse_date(stripped)
                if date is not None:
                    return date
            return value
        if isinstance(value, list):
            return [self.typed(v, source) for v in value]
        if isinstance(value, dict):
            return {str(k): self.typed(v, source) for k, v in value.items()}
        return value

    def _as_type(self, value: Any, source: str, kind: str) -> Value:
        if kind in ("multitext", "tags", "aliases"):
            items = value if isinstance(value, list) else [] if value is None else [value]
            return [self._as_type(v, source, "text") for v in items]
        if isinstance(value, list | dict):
            return self.typed(value, source)
        if kind == "text":
            if isinstance(value, str):
                stripped = value.strip()
                if stripped.startswith("[[") and stripped.endswith("]]"):
                    return self.link(stripped, source)
            return value
        if kind == "number" and isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return value
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        if kind == "checkbox" and isinstance(value, str):
            lowered = value.strip().lower()
            return {"true": True, "false": False}.get(lowered, value)
        if kind in ("date", "datetime") and isinstance(value, str):
            return parse_date(value) or value
        return value

    # -- file fields ------------------------------------------------------------------------

    def field(self, path: str, name: str) -> Value:
        """``file.<name>`` of the file at ``path``; None for a name that is not a field."""
        if name == "file":
            return FileValue(path)
        base = path.rpartition("/")[2]
        if name == "name":
            return base
        if name == "basename":
            return base.rpartition(".")[0] if "." in base.lstrip(".") else base
        if name == "path":
            return path
        if name == "folder":
            return path.rpartition("/")[0] or "/"
        if name == "ext":
            return base.rpartition(".")[2].lower() if "." in base.lstrip(".") else ""
        if name == "size":
            return self.stats.get(path, (0, 0, False))[0]
        if name == "mtime":
            return _from_ns(self.stats.get(path, (0, 0, False))[1])
        if name == "ctime":
            return self.ctime(path)
        if name == "tags":
            return list(self.tags(path))
        if name == "links":
            return list(self._all_links().get(path, ([], []))[0])
        if name == "embeds":
            return list(self._all_links().get(path, ([], []))[1])
        if name == "backlinks":
            return list(self._all_backlinks().get(path, []))
        if name == "properties":
            return dict(self.properties(path))
        return None

    def ctime(self, path: str) -> dt.datetime:
        """When the file was created: its birth time where the system keeps one, else the
        earlier of its change and modification times."""
        if path not in self._ctimes:
            try:
                info = os.stat(self.root / path)
                born = getattr(info, "st_birthtime", None)
                seconds = born if born else min(info.st_ctime, info.st_mtime)
                self._ctimes[path] = dt.datetime.fromtimestamp(seconds)
            except OSError:
                self._ctimes[path] = _from_ns(self.stats.get(path, (0, 0, False))[1])
        return self._ctimes[path]

    def tags(self, path: str) -> list[str]:
        """The note's tags with ``#``, body and frontmatter, each once (as written first)."""
        if self._tags is None:
            found: dict[str, list[str]] = {}
            seen: dict[str, set[str]] = {}
            for src, name in self.index.query(
                "SELECT f.path, t.name FROM tags t JOIN files f ON f.id = t.src"
                " WHERE t.in_comment = 0 ORDER BY f.path, t.seq"
            ):
                lowered = name.lower()
                if lowered not in seen.setdefault(src, set()):
                    seen[src].add(lowered)
                    found.setdefault(src, []).append("#" + name)
            self._tags = found
        return self._tags.get(path, [])

    def _all_links(self) -> dict[str, tuple[list[Link], list[Link]]]:
        """Per note: its links (body and frontmatter) and its embeds, resolved."""
        if self._links is None:
            found: dict[str, tuple[list[Link], list[Link]]] = {}
            for src, target, embed, heading, block, alias, dst in self.index.query(
                "SELECT f.path, l.target, l.embed, l.heading, l.block, l.alias, d.path"
                " FROM links l JOIN files f ON f.id = l.src LEFT JOIN files d ON d.id = l.dst"
                " WHERE l.external = 0 AND l.in_comment = 0 ORDER BY f.path, l.seq"
            ):
                link = Link(dst or target or src, alias, block or heading)
                found.setdefault(src, ([], []))[1 if embed else 0].append(link)
            self._links = found
        return self._links

    def _all_backlinks(self) -> dict[str, list[Link]]:
        if self._backlinks is None:
            found: dict[str, list[Link]] = {}
            for dst, src in self.index.query(
                "SELECT DISTINCT d.path, s.path FROM links l JOIN files s ON s.id = l.src"
                " JOIN files d ON d.id = l.dst WHERE s.excluded = 0 AND l.in_comment = 0"
                " ORDER BY d.path, s.path"
            ):
                found.setdefault(dst, []).append(Link(src))
            self._backlinks = found
        return self._backlinks

    def links_of(self, path: str) -> list[Link]:
        """Links and embeds of the note at ``path`` (what ``hasLink`` looks through)."""
        links, embeds = self._all_links().get(path, ([], []))
        return links + embeds


def _from_ns(ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ns / 1e9) if ns > 0 else dt.datetime.fromtimestamp(0)
