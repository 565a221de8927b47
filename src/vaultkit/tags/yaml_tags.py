"""The frontmatter ``tags`` property as written: where its key, items and quotes sit.

Edits never re-dump YAML; they splice the text at the offsets found here. The forms
handled are the ones Obsidian and people write: a block list (``- a`` lines, at any
indentation), a one-line flow list (``[a, "b"]``), one scalar (``tags: a``), or nothing
(``tags:``). Anything else (multi-line scalars or flow lists, anchors, nested lists,
JSON frontmatter) raises :class:`Unsupported`, and so does any disagreement between what
is found here and what the YAML parser reads: an edit only happens on text understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vaultkit.parse.frontmatter import RawFrontmatter, find_frontmatter, parse_yaml, read_tags
from vaultkit.parse.positions import split_lines
from vaultkit.parse.syntax import is_valid_tag

DEFAULT_ITEM_PREFIX = "  - "
"""How Obsidian writes list items: two spaces, a dash, a space."""

_KEY = re.compile(r"""^(?:tags|"tags"|'tags')[ \t]*:(?=[ \t]|$)""")
_ITEM = re.compile(r"^([ \t]*)-(?:[ \t]+|$)")
_NOT_PLAIN_START = tuple("&*!|>{%@`")


class Unsupported(Exception):
    """The tags property is written in a form vaultkit does not edit."""


@dataclass(frozen=True, slots=True)
class Item:
    """One value of the property: its scalar as written and the tag Obsidian reads in it."""

    name: str
    """The tag without ``#`` ('' when the value is empty or not a valid tag)."""
    start: int
    end: int
    """Offsets of the scalar in the note's text, quotes included."""
    line: int
    """0-based line index."""
    quote: str
    """``"``, ``'`` or '' (plain)."""


@dataclass(frozen=True, slots=True)
class TagsProperty:
    """The ``tags`` key and its value."""

    style: str
    """``block``, ``flow``, ``scalar`` or ``empty`` (nothing after ``tags:``)."""
    key_line: int
    last_line: int
    """0-based index of the last line that belongs to the property."""
    items: tuple[Item, ...]
    value_start: int
    value_end: int
    """Offsets of the value on the key line: the ``[...]`` of a flow list, the scalar, or
    (block and empty) the end of the key line's content."""


@dataclass(frozen=True, slots=True)
class Frontmatter:
    """A note's frontmatter block: its fences, its ``tags`` property, how lists are written."""

    close_line: int
    """0-based index of the closing ``---``."""
    tags: TagsProperty | None
    item_prefix: str
    valid: bool
    """Whether the YAML parses to a mapping (never edit it otherwise)."""


def _split_comment(text: str) -> str:
    """``text`` without a trailing YAML comment (a ``#`` at the start or after whitespace,
    outside quotes), right-stripped."""
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or text[i - 1] in " \t[,"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
        i += 1
    return text.rstrip()


def _scalar(raw: str, start: int, line: int) -> Item:
    """An item from a scalar written at ``start``; raises Unsupported for other nodes."""
    import yaml

    if raw.startswith(_NOT_PLAIN_START):
        raise Unsupported(f"the tags value {raw!r} uses YAML features vaultkit does not edit")
    quote = raw[0] if raw[:1] in ("'", '"') else ""
    if quote and (len(raw) < 2 or raw[-1] != quote):
        raise Unsupported("a quoted tag spans several lines")
    try:
        value: Any = yaml.safe_load(raw) if raw else None
    except yaml.YAMLError as error:
        raise Unsupported(f"cannot read the tag {raw!r}") from error
    if isinstance(value, list | dict):
        raise Unsupported(f"the tags value {raw!r} is not a plain value")
    name = "" if value is None else str(value).strip().lstrip("#")
    if not is_valid_tag(name):
        name = ""
    return Item(name, start, start + len(raw), line, quote)


def _flow_items(content: str, base: int, line: int) -> list[Item]:
    """Items of a one-line flow list ``content`` (``[...]``) starting at offset ``base``."""
    items: list[Item] = []
    quote = ""
    part_start = 1
    i = 1
    inner_end = len(content) - 1
    while i <= inner_end:
        ch = content[i] if i < inner_end else ","
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'" and not content[part_start:i].strip():
            quote = ch
        elif ch in "[]{}":
            raise Unsupported("nested lists in the tags property")
        elif ch == ",":
            part = content[part_start:i]
            raw = part.strip()
            if raw:
                offset = part_start + len(part) - len(part.lstrip())
                items.append(_scalar(raw, base + offset, line))
            part_start = i + 1
        i += 1
    if quote:
        raise Unsupported("an unclosed quote in the tags list")
    return items


def locate(text: str) -> Frontmatter | None:
    """The frontmatter of ``text`` (decoded, BOM removed) and its ``tags`` property."""
    lines, starts = split_lines(text)
    raw = find_frontmatter(lines)
    if raw is None:
        return None
    close = raw.last_line - 1
    parsed = parse_yaml(raw)
    # Invalid YAML, a list or a scalar: each is reported as a problem. An empty mapping
    # (only comments, or `{}`) is valid and can take tags.
    valid = not any(p.code.startswith(("invalid-", "frontmatter-")) for p in parsed.problems)
    prefix = next(
        (m.group(0) for i in range(1, close) if (m := re.match(r"[ \t]*-[ \t]+", lines[i]))),
        DEFAULT_ITEM_PREFIX,
    )
    keys = [i for i in range(1, close) if _KEY.match(lines[i])]
    if not keys:
        return Frontmatter(close, None, prefix, valid)
    if len(keys) > 1:
        raise Unsupported("the frontmatter has the tags property twice")
    prop = _property(lines, starts, keys[0], close)
    if valid:
        _check(prop, raw, parsed.data)
    return Frontmatter(close, prop, prefix, valid)


def _property(lines: list[str], starts: list[int], key: int, close: int) -> TagsProperty:
    line = lines[key]
    colon = _KEY.match(line)
    assert colon is not None
    after = colon.end()
    rest = line[after:]
    value = _split_comment(rest)
    lead = len(value) - len(value.lstrip())
    value = value.strip()
    value_start = starts[key] + after + lead
    nxt = _next_content(lines, key + 1, close)
    if value:
        if nxt is not None and _indent(lines[nxt]) > 0 and not _ITEM.match(lines[nxt]):
            raise Unsupported("the tags value continues on the next line")
        if value.startswith("["):
            if not value.endswith("]"):
                raise Unsupported("the tags list spans several lines")
            items = _flow_items(value, value_start, key)
            return TagsProperty(
                "flow", key, key, tuple(items), value_start, value_start + len(value)
            )
        item = _scalar(value, value_start, key)
        return TagsProperty("scalar", key, key, (item,), item.start, item.end)
    end_of_key = starts[key] + len(_split_comment(line))
    items = []
    indent: int | None = None
    last = key
    j = key + 1
    while j < close:
        text = lines[j]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            j += 1
            continue
        match = _ITEM.match(text)
        here = _indent(text)
        if match and (indent is None or here == indent):
            indent = here
            body = _split_comment(text[match.end() :])
            if body.startswith(("- ", "[", "{")) or body == "-":
                raise Unsupported("nested lists in the tags property")
            if body:
                items.append(_scalar(body, starts[j] + match.end(), j))
            else:
                items.append(Item("", starts[j] + match.end(), starts[j] + match.end(), j, ""))
            last = j
            j += 1
            continue
        if here > (indent if indent is not None else 0):
            raise Unsupported("a tag value continues on the next line")
        break
    style = "block" if items else "empty"
    return TagsProperty(style, key, last, tuple(items), end_of_key, end_of_key)


def _next_content(lines: list[str], start: int, close: int) -> int | None:
    for j in range(start, close):
        stripped = lines[j].strip()
        if stripped and not stripped.startswith("#"):
            return j
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _check(prop: TagsProperty, raw: RawFrontmatter, data: dict[str, Any]) -> None:
    """Refuse when the items found here are not the tags the YAML parser reads."""
    expected, _ = read_tags(data, raw.first_line)
    found = [item.name for item in prop.items if item.name]
    if [n.lower() for n in found] != [n.lower() for n in expected]:
        raise Unsupported("the tags property is written in a form vaultkit cannot edit safely")
