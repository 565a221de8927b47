"""Literal forms shared by the query parser and by field values: numbers, strings, tags,
links, booleans, dates and durations, each read at a position of a text.

Each reader returns ``(value, end)`` or None and never raises. Sources: Dataview
docs/reference/literals.md (dates, durations), annotation/types-of-metadata.md (how field
values are typed) and reference/expressions.md (strings, links).
"""

from __future__ import annotations

import re
from typing import Any

from vaultkit.query.dates import parse_date_at
from vaultkit.query.durations import UNIT_WORDS, Duration
from vaultkit.query.values import Link

Found = tuple[Any, int] | None

NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_SPACE = re.compile(r"\s*")
_BOOL = re.compile(r"true|false|True|False")
_EMOJI = "\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001faff\ufe0f\u200d"
_TAG = re.compile(rf"#[\w/\-{_EMOJI}]*")
_LINK = re.compile(r"\[\[([^\[\]]*?)\]\]")
_UNITS = sorted(UNIT_WORDS, key=len, reverse=True)
_DURATION_SEP = re.compile(r"\s*,\s*|\s*")


def read_number(text: str, pos: int) -> Found:
    """``-12`` or ``3.5``."""
    match = NUMBER.match(text, pos)
    if not match:
        return None
    raw = match.group(0)
    return (float(raw) if "." in raw else int(raw)), match.end()


def read_string(text: str, pos: int) -> Found:
    """A double-quoted string; ``\\"`` and ``\\\\`` are escapes, other backslashes stay."""
    if not text.startswith('"', pos):
        return None
    out: list[str] = []
    i = pos + 1
    while i < len(text):
        char = text[i]
        if char == '"':
            return "".join(out), i + 1
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append(nxt if nxt in '"\\' else "\\" + nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return None


def read_tag(text: str, pos: int) -> Found:
    """``#tag/nested`` (letters, digits, ``_ - /`` and emoji)."""
    match = _TAG.match(text, pos)
    return (match.group(0), match.end()) if match else None


def read_link(text: str, pos: int, embed_allowed: bool = False) -> Found:
    """``[[path#sub|display]]``, or ``![[...]]`` when ``embed_allowed``."""
    embed = embed_allowed and text.startswith("!", pos)
    match = _LINK.match(text, pos + 1 if embed else pos)
    if not match:
        return None
    inner = match.group(1)
    display = None
    pipe = _unescaped_pipe(inner)
    if pipe >= 0:
        inner, display = inner[:pipe], inner[pipe + 1 :]
    inner = inner.replace("\\|", "|")
    return Link.infer(inner, embed, display, split=False), match.end()


def _unescaped_pipe(inner: str) -> int:
    i = inner.find("|")
    while i > 0 and inner[i - 1] == "\\":
        i = inner.find("|", i + 1)
    return i


def read_bool(text: str, pos: int) -> Found:
    """``true`` or ``false`` (also capitalized)."""
    match = _BOOL.match(text, pos)
    return (match.group(0).lower() == "true", match.end()) if match else None


def read_null(text: str, pos: int) -> Found:
    """``null``."""
    return (None, pos + 4) if text.startswith("null", pos) else None


def read_date(text: str, pos: int) -> Found:
    """A date in Dataview's ISO-like grammar."""
    return parse_date_at(text, pos)


def read_duration(text: str, pos: int) -> Found:
    """``7 days``, ``6hr4min``, ``9 years, 8 months``: number and unit pairs."""
    total: Duration | None = None
    end = pos
    while True:
        start = end
        if total is not None:
            sep = _DURATION_SEP.match(text, end)
            start = sep.end() if sep else end
        number = read_number(text, start)
        if number is None:
            break
        at = _SPACE.match(text, number[1])
        unit_at = at.end() if at else number[1]
        unit = next((u for u in _UNITS if text.startswith(u, unit_at)), None)
        if unit is None:
            break
        part = Duration.of(**{UNIT_WORDS[unit]: number[0]})
        total = part if total is None else total.plus(part)
        end = unit_at + len(unit)
    return (total, end) if total is not None else None


def read_field_atom(text: str, pos: int) -> Found:
    """One field value in Dataview's order of attempts: date, duration, string, tag, link,
    boolean, number, null. The first that matches at all decides, as in Dataview."""
    date = read_date(text, pos)
    if date:
        return date
    duration = read_duration(text, pos)
    if duration:
        return duration[0].normalized(), duration[1]
    for reader in (read_string, read_tag):
        found = reader(text, pos)
        if found:
            return found
    link = read_link(text, pos, embed_allowed=True)
    if link:
        return link
    for reader in (read_bool, read_number, read_null):
        found = reader(text, pos)
        if found:
            return found
    return None
