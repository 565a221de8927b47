"""Lines of a file and where each starts, for turning offsets into lines and columns."""

from __future__ import annotations

import re
from itertools import accumulate

NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """Lines without their endings (``\\r\\n``, ``\\r`` or ``\\n``) and each line's start offset."""
    if "\r" not in text:
        lines = text.split("\n")
        starts = [0, *accumulate(len(line) + 1 for line in lines[:-1])]
        return lines, starts
    lines = []
    starts = []
    position = 0
    for match in NEWLINE.finditer(text):
        starts.append(position)
        lines.append(text[position : match.start()])
        position = match.end()
    starts.append(position)
    lines.append(text[position:])
    return lines, starts
