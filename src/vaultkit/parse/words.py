"""Word counts: a word starts with a letter, digit or underscore and runs on through them,
apostrophes and hyphens (``don't`` and ``well-known`` are one word each)."""

from __future__ import annotations

import re
import string

WORD = re.compile(r"\w[\w'’-]*+")
"""One word; ``count_words`` counts its matches."""

_CLASSES = bytes(
    ord("w")
    if chr(b) in string.ascii_letters + string.digits + "_"
    else ord("c")
    if chr(b) in "'-"
    else ord(" ")
    for b in range(256)
)
"""ASCII bytes by class: ``w`` starts or continues a word, ``c`` only continues one."""


def count_words(text: str, start: int = 0) -> int:
    """How many matches of ``WORD`` ``text`` holds from ``start``.

    On ASCII text (most notes) without building a string per word: every run of ``w`` and
    ``c`` bytes holding a ``w`` is exactly one word, since a word, once started, runs to
    the end of such a run. Runs that start with ``w`` or ``cw`` are counted in C; the rare
    runs that start with two ``c`` (``--x``, ``''x''``) are looked at one by one.
    """
    if not text.isascii():
        return len(WORD.findall(text, start))
    marks = b" " + text[start:].encode("ascii").translate(_CLASSES)
    count = marks.count(b" w") + marks.count(b" cw")
    at = marks.find(b" cc")
    while at >= 0:
        end = marks.find(b" ", at + 1)
        if end < 0:
            end = len(marks)
        if marks.find(b"w", at, end) >= 0:
            count += 1
        at = marks.find(b" cc", end)
    return count
