"""Finding the ```dataview blocks of a note, so a dashboard can be checked from the terminal.

A block is a fenced code block (``` or ~~~, three or more) whose info string is exactly
``dataview``, also inside block quotes and callouts (``> ```dataview``); blocks nested in
another fence are code, not queries (CommonMark fenced code blocks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<prefix>[ \t]*(?:>[ \t]?)*[ \t]{0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """A query written in a note: its text and the line its fence opens on (1-based)."""

    line: int
    text: str


def dataview_blocks(text: str, info: str = "dataview") -> list[Block]:
    """Every ```dataview block (or ```INFO block) of a note's text, in order."""
    return fenced_blocks(text, info)


def fenced_blocks(text: str, info: str) -> list[Block]:
    """Every fenced block of a note's text whose info string is ``info`` (any case)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match or (match.group("fence")[0] == "`" and "`" in match.group("info")):
            i += 1
            continue
        fence, prefix = match.group("fence"), match.group("prefix")
        quote = prefix.count(">")
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            closing = _FENCE.match(lines[j])
            if (
                closing
                and closing.group("fence")[0] == fence[0]
                and len(closing.group("fence")) >= len(fence)
                and not closing.group("info").strip()
            ):
                break
            body.append(_unquote(lines[j], quote))
            j += 1
        if match.group("info").strip().lower() == info:
            blocks.append(Block(i + 1, "\n".join(body)))
        i = j + 1
    return blocks


def _unquote(line: str, depth: int) -> str:
    for _ in range(depth):
        line = re.sub(r"^[ \t]*>[ \t]?", "", line, count=1)
    return line
