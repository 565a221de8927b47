"""Typing field values as Dataview does: inline field text and frontmatter properties.

Inline values (docs/annotation/types-of-metadata.md): an empty value is null; a value that is
wholly a date, a duration, a quoted string, a tag, a link, a boolean, a number or ``null``
takes that type; a comma-separated run of such values is a list; anything else is text.
Frontmatter strings are read as a date, a duration or a link when they are wholly one
(docs/annotation/add-metadata.md: ``last-reviewed: 2021-08-17`` is a date).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from vaultkit.parse.fields import canonical_key
from vaultkit.query.dates import parse_date
from vaultkit.query.literals import read_duration, read_field_atom, read_link

_COMMA = re.compile(r"\s*,\s*")


@functools.lru_cache(maxsize=4096)
def canonical(key: str) -> str:
    """A field key's sanitized form (``Reading Status`` is ``reading-status``)."""
    return canonical_key(key)


@functools.lru_cache(maxsize=16384)
def parse_inline_value(raw: str) -> Any:
    """The typed value of an inline field written as ``raw``."""
    if not raw.strip():
        return None
    first = read_field_atom(raw, 0)
    if first is None:
        return raw
    value, end = first
    comma = _COMMA.match(raw, end)
    if comma and comma.end() > end and "," in raw[end : comma.end()]:
        items = [value]
        pos = comma.end()
        nxt = read_field_atom(raw, pos)
        while nxt is not None:
            items.append(nxt[0])
            pos = nxt[1]
            sep = _COMMA.match(raw, pos)
            if not sep or "," not in raw[pos : sep.end()]:
                break
            after = read_field_atom(raw, sep.end())
            if after is None:
                break
            pos = sep.end()
            nxt = after
        return items if pos == len(raw) else raw
    return value if end == len(raw) else raw


def parse_frontmatter_value(value: Any) -> Any:
    """A frontmatter property as Dataview types it; lists and objects recursively."""
    if isinstance(value, str):
        return _frontmatter_text(value)
    if isinstance(value, list):
        return [parse_frontmatter_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): parse_frontmatter_value(v) for k, v in value.items()}
    if isinstance(value, bool | int | float) or value is None:
        return value
    return None


@functools.lru_cache(maxsize=16384)
def _frontmatter_text(value: str) -> Any:
    """A frontmatter string as a date, a duration or a link when it is wholly one."""
    date = parse_date(value)
    if date is not None:
        return date
    duration = read_duration(value, 0)
    if duration and duration[1] == len(value):
        return duration[0]
    link = read_link(value, 0, embed_allowed=True)
    if link and link[1] == len(value):
        return link[0]
    return value
