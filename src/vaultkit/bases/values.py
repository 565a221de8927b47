"""Bases values: Dataview's model (null, booleans, numbers, strings, dates with zones,
durations, links, lists, objects; :mod:`vaultkit.query.values`) plus what Bases adds: files,
regular expressions and the render-only values ``html``, ``icon`` and ``image``.

Where the two languages differ, this module follows Bases (Bases syntax.md, Functions.md):
type names (``list``, ``file``), JavaScript truthiness (but an empty list or object is
false, see docs/obsidian-compat.md), equality of a link and a file, and text rendering.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from vaultkit.query.durations import Duration
from vaultkit.query.values import Link, compare_text, number_text

Value = Any
"""Any Bases value (see the module docstring)."""

__all__ = ["Duration", "FileValue", "Link", "Regex", "Span", "Value", "Widget"]


@dataclass(frozen=True, slots=True)
class FileValue:
    """A file of the vault, by path (``file``, ``this``, ``file("path")``, ``asFile()``)."""

    path: str


@dataclass(frozen=True, slots=True)
class Span(Duration):
    """The difference of two dates: a duration (``(now() - file.ctime).days``) that acts as
    its number of milliseconds in arithmetic with numbers (``(a - b) / 86400000``), the two
    usages the app's own Bases notes show."""


REGEX_SECONDS = 1.0
"""The most one call of a ``/pattern/`` may take: JavaScript's patterns backtrack, and a
catastrophic one (``/(a|aa)+$/``) must not hang a base."""


@dataclass(frozen=True, slots=True)
class Regex:
    """A regular expression ``/pattern/flags``, compiled for Python (the ``regex`` package,
    whose calls take a timeout) and run within ``REGEX_SECONDS`` a call."""

    pattern: str
    flags: str = ""
    compiled: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        import regex  # type: ignore[import-untyped,import-not-found,unused-ignore]

        flags = 0
        if "i" in self.flags:
            flags |= regex.IGNORECASE
        if "m" in self.flags:
            flags |= regex.MULTILINE
        if "s" in self.flags:
            flags |= regex.DOTALL
        source = re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", self.pattern)
        object.__setattr__(self, "compiled", regex.compile(source, flags))

    @property
    def is_global(self) -> bool:
        """Whether the ``g`` flag is set (``replace`` replaces every match)."""
        return "g" in self.flags

    @property
    def groups(self) -> int:
        """How many capturing groups the pattern has."""
        return int(self.compiled.groups)

    def search(self, text: str) -> Any:
        """The first match in ``text``, or None."""
        return self._bounded(self.compiled.search, text)

    def sub(self, replacement: Any, text: str, count: int) -> str:
        """``text`` with ``count`` matches (0: every one) replaced."""
        return str(self._bounded(self.compiled.sub, replacement, text, count))

    def split(self, text: str) -> list[str | None]:
        """``text`` cut at every match (with the groups' text, as JavaScript)."""
        return list(self._bounded(self.compiled.split, text))

    def _bounded(self, call: Any, *args: Any) -> Any:
        from vaultkit.bases.errors import EvalError

        try:
            return call(*args, timeout=REGEX_SECONDS)
        except TimeoutError:
            raise EvalError(
                f"/{self.pattern}/ took too long (over {REGEX_SECONDS:g} s); rewrite it"
                " without nested repetition"
            ) from None


@dataclass(frozen=True, slots=True)
class Widget:
    """A value only a view can render: ``html``, ``icon`` or ``image`` of some text."""

    kind: str
    value: str


def type_of(value: Value) -> str:
    """The Bases type name of ``value`` (what ``isType`` compares with)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dt.datetime):
        return "date"
    if isinstance(value, Duration):
        return "duration"
    if isinstance(value, Link):
        return "link"
    if isinstance(value, FileValue):
        return "file"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Regex):
        return "regexp"
    if isinstance(value, Widget):
        return value.kind
    return "unknown"


def truthy(value: Value) -> bool:
    """Whether ``value`` counts as true: JavaScript's rule, with empty lists and objects
    false as the filter editor's "is empty" treats them."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str | list | tuple | Mapping):
        return len(value) > 0
    return True


def instant(value: dt.datetime) -> float:
    """Seconds since the epoch; a date without a zone is in local time."""
    return value.timestamp()


def equal(a: Value, b: Value) -> bool:
    """``==``: links equal when they point to the same file (by text when unresolved), a
    link equals the file it resolves to (Bases syntax.md, "Files and links")."""
    if isinstance(a, FileValue) and isinstance(b, Link):
        a, b = b, a
    if isinstance(a, Link):
        if isinstance(b, Link):
            return a.path == b.path
        if isinstance(b, FileValue):
            return a.path == b.path
        return False
    if isinstance(a, FileValue) and isinstance(b, FileValue):
        return a.path == b.path
    ta, tb = type_of(a), type_of(b)
    if ta != tb:
        return False
    if ta == "date":
        return instant(a) == instant(b)
    if ta == "duration":
        return bool(a.millis() == b.millis())
    if ta == "list":
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if ta == "object":
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    return bool(a == b)


_RANK = {
    t: i
    for i, t in enumerate(
        ("boolean", "number", "date", "duration", "string", "link", "file", "list", "object")
    )
}


def compare(a: Value, b: Value) -> int:
    """A total order for sorting non-null values: by type, then within the type (strings
    without case first, as the app's collation does)."""
    ta, tb = type_of(a), type_of(b)
    if ta != tb:
        ra, rb = _RANK.get(ta, 99), _RANK.get(tb, 99)
        return (ra > rb) - (ra < rb) or (ta > tb) - (ta < tb)
    if ta in ("number", "boolean"):
        return int(a > b) - int(a < b)
    if ta == "date":
        x, y = instant(a), instant(b)
        return (x > y) - (x < y)
    if ta == "duration":
        m, n = float(a.millis()), float(b.millis())
        return (m > n) - (m < n)
    if ta == "string":
        return compare_text(str(a), str(b))
    if ta in ("link", "file"):
        return compare_text(text(a), text(b)) or compare_text(a.path, b.path)
    if ta == "list":
        for x, y in zip(a, b, strict=False):
            found = compare(x, y) if x is not None and y is not None else 0
            if found:
                return found
        return (len(a) > len(b)) - (len(a) < len(b))
    return compare_text(text(a), text(b))


def date_text(value: dt.datetime) -> str:
    """``2025-01-01``, or ``2025-01-01 04:03:00`` when the date has a time of day."""
    if not (value.hour or value.minute or value.second or value.microsecond):
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M:%S")


def link_text(link: Link) -> str:
    """What a link shows: its display text, else the file's name without ``.md``."""
    if link.display:
        return str(link.display)
    name = link.path.rpartition("/")[2]
    return name[:-3] if name.endswith(".md") else name


def text(value: Value) -> str:
    """The text of a value: ``toString()``, ``+`` with a string, table and CSV cells."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return date_text(value)
    if isinstance(value, Duration):
        return str(value.to_human())
    if isinstance(value, Link):
        return link_text(value)
    if isinstance(value, FileValue):
        return value.path
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(to_json(value), ensure_ascii=False)
    if isinstance(value, Regex):
        return f"/{value.pattern}/{value.flags}"
    if isinstance(value, Widget):
        return value.value
    return str(value)


def iso(value: dt.datetime) -> str:
    """ISO 8601: ``2021-01-30`` for a date at midnight without a zone, else the date and
    time with the zone when it has one."""
    if value.tzinfo is None and not (
        value.hour or value.minute or value.second or value.microsecond
    ):
        return value.date().isoformat()
    return value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")


def to_json(value: Value) -> Any:
    """The JSON of a value in ``vaultkit base --json`` (README, "JSON shapes")."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, Duration):
        millis = value.millis()
        return int(millis) if float(millis).is_integer() else millis
    if isinstance(value, Link):
        return {
            "type": "link",
            "path": value.path,
            "display": value.display,
            "subpath": value.subpath,
        }
    if isinstance(value, FileValue):
        return {"type": "file", "path": value.path}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, Regex):
        return text(value)
    if isinstance(value, Widget):
        return {"type": value.kind, "value": value.value}
    return str(value)
