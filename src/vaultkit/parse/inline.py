"""Obsidian's inline syntax in one block's text: wikilinks, embeds, tags, ``%%`` comments.

The scanner runs over a block's inline content in which CommonMark constructs that hide
Obsidian syntax (code spans, math, inline HTML, link destinations, images) are already
masked with ``MASK``. It reads left to right as a markdown-it inline rule chain would: a
backslash escape consumes the character after it, ``[[`` is tried before anything else
at its position, ``#`` opens a tag only after whitespace, ``[``, ``_`` or the start of
the text. It never raises, and stays linear on pathological input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vaultkit.model import record
from vaultkit.parse.syntax import can_open_tag, tag_body_length

MASK = "\x01"
"""Stands in for masked characters: neither a tag character nor a tag opener."""

_SPECIAL = re.compile(r"[\\!\[#%]")  # where syntax can start: a character class is fast
_ESCAPABLE = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation


@record
class Found:
    """One piece of Obsidian syntax: its kind, content offsets and text.

    ``text`` is a wikilink's inner text (between the brackets), a tag's name, or ``%%``.
    """

    kind: str  # "wikilink", "tag" or "comment"
    start: int
    end: int
    text: str
    embed: bool = False


class _Finder:
    """``str.find`` remembered per needle: each search resumes where the last one ended."""

    __slots__ = ("found", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, tuple[int, int]] = {}

    def __call__(self, needle: str, start: int) -> int:
        known = self.found.get(needle)
        if known is not None:
            searched_from, at = known
            if searched_from <= start and (at == -1 or at >= start):
                return at
        at = self.text.find(needle, start)
        self.found[needle] = (start, at)
        return at


def scan(masked: str, content: str) -> list[Found]:
    """Wikilinks, tags and comment delimiters of ``content``, in order.

    ``masked`` is ``content`` with masked characters replaced: syntax only starts in
    unmasked text, but a wikilink runs to its ``]]`` whatever lies between, as markdown-it
    would read it (Obsidian reads ``[[a `b` c]]`` as one link).
    """
    out: list[Found] = []
    if "[[" not in masked and "#" not in masked and "%%" not in masked:
        return out
    find = _Finder(content)
    size = len(masked)
    pos = 0
    while True:
        match = _SPECIAL.search(masked, pos)
        if match is None:
            return out
        at = match.start()
        char = masked[at]
        if char == "#":
            pos = _tags(masked, at, size, out)
        elif char == "\\":  # an escape consumes the punctuation after it
            pos = at + 2 if _ESCAPABLE.match(masked, at + 1) else at + 1
        elif char == "%":
            if masked.startswith("%", at + 1):
                out.append(Found("comment", at, at + 2, "%%"))
                pos = at + 2
            else:
                pos = at + 1
        elif masked.startswith("[[", at + (char == "!")):
            pos = _wikilink(content, at, char == "!", find, out)
        else:
            pos = at + 1
    return out


def wikilink_close(content: str, inner: int, find: Callable[[str, int], int] | None = None) -> int:
    """Where the ``]]`` closing a wikilink whose text starts at ``inner`` is, or -1.

    The link must close on its line, hold some text and no other ``[[``.
    """
    search = find or content.find
    close = search("]]", inner)
    if close <= inner:
        return -1
    newline = search("\n", inner)
    nested = search("[[", inner)
    if 0 <= newline < close or 0 <= nested < close:
        return -1
    return close


def _wikilink(content: str, at: int, embed: bool, find: _Finder, out: list[Found]) -> int:
    """``[[target#heading|alias]]`` on one line; returns where scanning goes on."""
    inner = at + (3 if embed else 2)
    close = wikilink_close(content, inner, find)
    if close < 0:
        return at + 1
    out.append(Found("wikilink", at, close + 2, content[inner:close], embed))
    return close + 2


def _tags(content: str, at: int, size: int, out: list[Found]) -> int:
    """``#tag`` and a run of them (``#a#b``); ``#2021`` is no tag."""
    if not can_open_tag(content[at - 1] if at > 0 else ""):
        return at + 1
    start = at
    while start < size and content[start] == "#":
        length = tag_body_length(content, start + 1, size)
        body = content[start + 1 : start + 1 + length]
        if not length or body.isdigit():
            break
        out.append(Found("tag", start, start + 1 + length, body))
        start += 1 + length
    return start if start > at else at + 1
