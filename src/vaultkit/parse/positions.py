"""Map offsets in markdown-it's inline content back to lines and columns of the file.

markdown-it hands inline rules a block's text with indentation, list markers and ``>``
prefixes stripped (and ``\\|`` unescaped in tables), and its inline tokens carry no
positions. Each content line is found again in its source line, so every span points at
the exact characters it came from.
"""

from __future__ import annotations

import re

NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """Lines without their endings (``\\r\\n``, ``\\r`` or ``\\n``) and each line's start offset."""
    lines: list[str] = []
    starts: list[int] = []
    position = 0
    for match in NEWLINE.finditer(text):
        starts.append(position)
        lines.append(text[position : match.start()])
        position = match.end()
    starts.append(position)
    lines.append(text[position:])
    return lines, starts


class LineMap:
    """Where each character of one content line sits in its source line."""

    __slots__ = ("base", "lead", "table")

    def __init__(self, content: str, source: str, cursor: int = 0) -> None:
        if "\x00" in source:
            source = source.replace("\x00", "\ufffd")  # as markdown-it does, same length
        core = content.strip()
        self.lead = len(content) - len(content.lstrip())
        self.table: list[int] | None = None
        self.base = cursor
        if not core:
            return
        suffix = len(source.rstrip()) - len(core)
        if suffix >= cursor and source.startswith(core, suffix):
            self.base = suffix
            return
        found = source.find(core, cursor)
        if found >= 0:
            self.base = found
            return
        table: list[int] = []
        j = cursor
        for ch in core:
            while j < len(source) and source[j] != ch:
                j += 1
            table.append(min(j, len(source)))
            j += 1
        self.table = table

    def col(self, offset: int) -> int:
        """The 0-based column in the source line of content offset ``offset``."""
        index = max(0, offset - self.lead)
        if self.table is None:
            return self.base + index
        if index < len(self.table):
            return self.table[index]
        return (self.table[-1] + 1 + index - len(self.table)) if self.table else self.base

    def end(self, length: int) -> int:
        """The column just past the content line's text."""
        return self.col(length) if self.table is None else self.col(length - 1) + 1


class ContentMap:
    """Offsets in an inline token's content to (line index, column) in the file.

    Lines are matched lazily, on the first ``locate``: most inline tokens hold no link,
    tag or field and never need it. ``eager`` maps at once, for inline tokens that share
    a source line (table cells), whose per-line cursor must advance in order.
    """

    def __init__(
        self,
        content: str,
        first_line: int,
        lines: list[str],
        cursors: dict[int, int],
        eager: bool = False,
    ):
        self.first_line = first_line
        self.content_lines = content.split("\n")
        self.line_offsets: list[int] = []
        self.maps: list[LineMap] = []
        self._lines = lines
        self._cursors = cursors
        if eager:
            self._build()

    def _build(self) -> None:
        offset = 0
        lines, cursors = self._lines, self._cursors
        # markdown-it trims a block's text with str.strip(), which also drops leading lines
        # holding only Unicode spaces (NBSP, U+3000): find where the content really starts.
        first = self.content_lines[0].strip() if self.content_lines else ""
        if first:
            for skip in range(8):
                index = self.first_line + skip
                if index >= len(lines) or first in lines[index].replace("\x00", "\ufffd"):
                    self.first_line = index if index < len(lines) else self.first_line
                    break
        for k, text in enumerate(self.content_lines):
            index = self.first_line + k
            source = lines[index] if index < len(lines) else ""
            line_map = LineMap(text, source, cursors.get(index, 0))
            stripped = text.strip()
            cursors[index] = line_map.end(len(stripped) + line_map.lead) if stripped else 0
            self.line_offsets.append(offset)
            self.maps.append(line_map)
            offset += len(text) + 1

    def locate(self, offset: int) -> tuple[int, int]:
        """The 0-based file line index and column of a content offset."""
        if not self.maps:
            self._build()
        k = 0
        for i, start in enumerate(self.line_offsets):
            if start <= offset:
                k = i
            else:
                break
        return self.first_line + k, self.maps[k].col(offset - self.line_offsets[k])
