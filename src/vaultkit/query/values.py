"""Dataview's value types and the rules every operator shares: type names, truthiness, the
total order used by comparisons and sorting, and the text a value prints as.

Values are plain Python: ``None`` (null), ``bool``, ``int``/``float`` (number), ``str``,
``datetime`` (date), :class:`Duration`, :class:`Link`, ``list`` (array), any ``Mapping``
(object), :class:`Function` (lambda) and :class:`ExternalLink` (a widget). Sources:
Dataview docs/annotation/types-of-metadata.md, reference/expressions.md, and the behaviour of
its value module (comparison order, truthiness) that those pages describe.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from vaultkit.query import dates
from vaultkit.query.durations import Duration

Value = Any
"""Any query value; see the module docstring."""

NULL_TEXT = "-"
"""What null prints as (Dataview's default 'render null as')."""


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a file, a heading or a block, as Dataview holds it."""

    path: str
    display: str | None = None
    subpath: str | None = None
    embed: bool = False
    type: str = "file"
    """``file``, ``header`` or ``block``."""

    @classmethod
    def infer(
        cls, inner: str, embed: bool = False, display: str | None = None, split: bool = True
    ) -> Link:
        """A link from the text between ``[[`` and ``]]`` (``path#heading|display``); with
        ``split`` false the display text was already taken off and a ``|`` left in ``inner``
        is part of the target (written ``\\|``)."""
        if split and display is None and "|" in inner:
            inner, _, display = inner.partition("|")
        if "#^" in inner:
            path, _, block = inner.partition("#^")
            return cls(path, display, block, embed, "block")
        if "#" in inner:
            path, _, heading = inner.partition("#")
            return cls(path, display, heading, embed, "header")
        return cls(inner, display, None, embed, "file")

    def with_display(self, display: str | None) -> Link:
        """The same link shown as ``display``."""
        return replace(self, display=display)

    def with_embed(self, embed: bool) -> Link:
        """The same link, embedded or not."""
        return replace(self, embed=embed)

    def file_name(self) -> str:
        """The linked file's name without folder and ``.md``."""
        name = self.path.rpartition("/")[2]
        return name[:-3] if name.endswith(".md") else name

    def markdown(self) -> str:
        """``[[path|display]]``, as Dataview writes a link in text."""
        inner = self.path.replace("|", "\\|")
        if self.type == "header":
            inner += "#" + (self.subpath or "")
        elif self.type == "block":
            inner += "#^" + (self.subpath or "")
        shown = self.display
        if not shown:
            shown = self.file_name()
            if self.type in ("header", "block"):
                shown += " > " + (self.subpath or "")
        return ("!" if self.embed else "") + f"[[{inner}|{shown}]]"

    def text(self) -> str:
        """What a reader sees: the display text, else the file name (and subpath)."""
        if self.display:
            return self.display
        shown = self.file_name()
        return shown + (f" > {self.subpath}" if self.subpath else "")


@dataclass(frozen=True, slots=True)
class ExternalLink:
    """A link to a URL made by ``elink`` (a widget in Dataview)."""

    url: str
    display: str

    def markdown(self) -> str:
        """``[display](url)``."""
        return f"[{self.display}]({self.url})"


@dataclass(frozen=True, slots=True)
class ListPair:
    """One row of a LIST with an expression: the row's key and the value shown after it."""

    key: Value
    value: Value


class Function:
    """A callable value: a lambda, or a function looked up by name."""

    def __init__(self, call: Callable[..., Value], name: str = "<lambda>") -> None:
        self.call = call
        self.name = name

    def __call__(self, *args: Value) -> Value:
        return self.call(*args)


_TYPE_NAMES: dict[type, str] = {
    type(None): "null",
    bool: "boolean",
    int: "number",
    float: "number",
    str: "string",
    dt.datetime: "date",
    Duration: "duration",
    Link: "link",
    list: "array",
    tuple: "array",
    dict: "object",
}


def type_of(value: Value) -> str:
    """Dataview's type name of ``value``."""
    known = _TYPE_NAMES.get(type(value))
    if known is not None:
        return known
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
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Function):
        return "function"
    return "widget"


def truthy(value: Value) -> bool:
    """Dataview's truthiness: null, 0, "", empty lists and objects, empty links are false."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str | list | tuple | Mapping):
        return len(value) > 0
    if isinstance(value, Link):
        return bool(value.path)
    if isinstance(value, Duration):
        return value.millis() != 0
    if isinstance(value, dt.datetime):
        return value.timestamp() != 0
    return True


def number(value: float) -> int | float:
    """A JavaScript number as Python holds it best: whole values as ``int``."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _text_key(text: str) -> tuple[str, str]:
    """An approximation of Unicode collation: letters compare without case or accents first,
    punctuation before digits before letters, then lower case before upper case."""
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    primary = "".join(c.casefold() if c.isalnum() else "\x01" + c for c in base)
    return primary, text.swapcase()


def compare_text(a: str, b: str) -> int:
    """Order of two strings (Dataview uses the locale's collation)."""
    if a == b:
        return 0
    ka, kb = _text_key(a), _text_key(b)
    if ka != kb:
        return -1 if ka < kb else 1
    return -1 if a < b else 1


def compare(a: Value, b: Value, normalize: Callable[[str], str] | None = None) -> int:
    """Dataview's total order over any two values: null first, different types by type name,
    links by their (resolved) path, arrays and objects element by element."""
    if a is None or b is None:
        return 0 if a is b else -1 if a is None else 1
    ta, tb = type_of(a), type_of(b)
    if ta != tb:
        return -1 if ta < tb else 1
    if ta == "string":
        return compare_text(a, b)
    if ta == "date":
        a, b = dates.local(a), dates.local(b)
    if ta in ("number", "boolean", "date"):
        return int(a > b) - int(a < b)
    if ta == "duration":
        ma, mb = a.millis(), b.millis()
        return int(ma > mb) - int(ma < mb)
    if ta == "link":
        return _compare_links(a, b, normalize)
    if ta == "array":
        for x, y in zip(a, b, strict=False):
            found = compare(x, y, normalize)
            if found:
                return found
        return int(len(a) > len(b)) - int(len(a) < len(b))
    if ta == "object":
        keys_a, keys_b = sorted(a), sorted(b)
        found = compare(keys_a, keys_b, normalize)
        if found:
            return found
        for key in keys_a:
            found = compare(a[key], b[key], normalize)
            if found:
                return found
    return 0


def sort_key(value: Value, normalize: Callable[[str], str] | None = None) -> tuple[Any, ...]:
    """A key that orders values as :func:`compare` does (for fast sorting)."""
    kind = type_of(value)
    if kind == "null":
        return ("",)
    if kind == "string":
        return (kind, *_text_key(value), value)
    if kind == "date":
        return (kind, dates.local(value))
    if kind in ("number", "boolean"):
        return (kind, value)
    if kind == "duration":
        return (kind, value.millis())
    if kind == "link":
        path = normalize(value.path) if normalize else value.path
        sub = value.subpath or ""
        return (kind, _text_key(path), path, _text_key(value.type), bool(sub), _text_key(sub))
    if kind == "array":
        return (kind, tuple(sort_key(v, normalize) for v in value))
    if kind == "object":
        keys = sorted(value)
        return (kind, tuple(sort_key(k) for k in keys), tuple(sort_key(value[k]) for k in keys))
    return (kind,)


def _compare_links(a: Link, b: Link, normalize: Callable[[str], str] | None) -> int:
    pa, pb = (normalize(a.path), normalize(b.path)) if normalize else (a.path, b.path)
    found = compare_text(pa, pb)
    if found:
        return found
    found = compare_text(a.type, b.type)
    if found:
        return found
    if bool(a.subpath) != bool(b.subpath):
        return 1 if a.subpath else -1
    return compare_text(a.subpath or "", b.subpath or "")


def number_text(value: float) -> str:
    """A number as JavaScript prints it (``3``, ``2.5``, ``1e+21``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        sign = "-" if exponent.startswith("-") else "+"
        text = f"{mantissa.removesuffix('.0')}e{sign}{exponent.lstrip('+-').lstrip('0')}"
    return text


def to_string(value: Value, nested: bool = False) -> str:
    """The text Dataview makes of a value (``string()``, ``+`` with a string, ``join``)."""
    kind = type_of(value)
    if kind == "null":
        return NULL_TEXT
    if kind == "string":
        return str(value)
    if kind in ("number", "boolean"):
        return number_text(value)
    if kind == "link":
        return str(value.markdown())
    if kind == "date":
        return dates.display(value)
    if kind == "duration":
        return str(value.to_human())
    if kind == "array":
        inner = ", ".join(to_string(v, True) for v in value)
        return f"[{inner}]" if nested else inner
    if kind == "object":
        inner = ", ".join(f"{k}: {to_string(v, True)}" for k, v in value.items())
        return "{ " + inner + " }"
    if kind == "function":
        return "<function>"
    if isinstance(value, ExternalLink):
        return value.markdown()
    if isinstance(value, ListPair):
        return f"{to_string(value.key)}: {to_string(value.value)}"
    return str(value)
