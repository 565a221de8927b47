"""One file as the search sees it: its path, text and the units operators look inside.

Units are (start, end) offsets into the text, computed once per file when an operator asks
for them, each in one pass over the lines:

- lines: each line without its line ending;
- blocks (``block:``): the frontmatter, each heading, each list item, each fenced code block
  and each run of other non-blank lines (a paragraph, a table, a quote);
- sections (``section:``): from a heading to the next heading (of any level), the text
  before the first heading being a section too;
- tasks (``task:``): a list item with a checkbox, its own lines without its sub-items;
  done when the character between the brackets is not a space.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

Unit = tuple[int, int]


def fold(text: str) -> str:
    """``text`` lower-cased with every offset kept (a character whose lower case is longer,
    such as ``İ``, stays as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


@dataclass
class Document:
    """A file to verify a query on; ``text`` is empty for attachments."""

    fid: int
    path: str
    text: str = ""
    is_note: bool = True
    frontmatter: dict[str, Any] = field(default_factory=dict)
    fm_lines: tuple[int, int] | None = None
    tags: list[tuple[str, int, int]] = field(default_factory=list)
    """(name lower-cased without ``#``, start, end) of each tag vaultkit indexes."""
    headings: list[int] = field(default_factory=list)
    """1-based line of each heading."""
    items: list[tuple[int, int, str | None]] = field(default_factory=list)
    """(line, end_line, task character or None) of each list item, 1-based lines."""
    _folded: str | None = None
    _starts: list[int] | None = None
    _units: dict[str, list[Unit]] = field(default_factory=dict)

    @property
    def folded(self) -> str:
        """The text lower-cased, offsets unchanged."""
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    @property
    def name(self) -> str:
        """The file name, extension included."""
        return self.path.rpartition("/")[2]

    @property
    def line_starts(self) -> list[int]:
        """Offset of the first character of each line."""
        if self._starts is None:
            text = self.text
            starts = [0]
            find = text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def line_of(self, offset: int) -> int:
        """The 1-based line holding ``offset``."""
        return bisect_right(self.line_starts, offset)

    def line_span(self, line: int) -> Unit:
        """(start, end) of 1-based ``line`` without its line ending."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def units(self, kind: str) -> list[Unit]:
        """The ``kind`` units (``line``, ``block``, ``section``, ``task``, ``task-todo``,
        ``task-done``) of the text."""
        found = self._units.get(kind)
        if found is None:
            found = self._units[kind] = self._compute(kind)
        return found

    def _lines_span(self, first: int, last: int) -> Unit:
        return self.line_starts[first - 1], self.line_span(last)[1]

    def _compute(self, kind: str) -> list[Unit]:
        count = len(self.line_starts)
        if kind == "line":
            return [self.line_span(n) for n in range(1, count + 1)]
        if kind == "section":
            bounds = [h for h in sorted(set(self.headings)) if 1 <= h <= count]
            if not bounds or bounds[0] != 1:
                bounds.insert(0, 1)
            ends = [b - 1 for b in bounds[1:]] + [count]
            return [self._lines_span(b, e) for b, e in zip(bounds, ends, strict=True)]
        if kind == "block":
            return self._blocks(count)
        wanted = {"task": None, "task-todo": False, "task-done": True}[kind]
        return self._tasks(wanted, count)

    def _own_lines(self, count: int) -> list[tuple[int, int, str | None]]:
        """Each list item with the last line before its first sub-item (or its end)."""
        items = sorted(self.items)
        out = []
        for i, (line, end, task) in enumerate(items):
            stop = min(max(end, line), count)
            if i + 1 < len(items) and items[i + 1][0] <= stop:
                stop = items[i + 1][0] - 1
            out.append((line, max(stop, line), task))
        return out

    def _tasks(self, done: bool | None, count: int) -> list[Unit]:
        units = []
        for line, stop, task in self._own_lines(count):
            if task is None or line > count:
                continue
            if done is None or (task.strip() != "") == done:
                units.append(self._lines_span(line, stop))
        return units

    def _blocks(self, count: int) -> list[Unit]:
        starts = {line: stop for line, stop, _ in self._own_lines(count)}
        headings = set(self.headings)
        blocks: list[Unit] = []
        first = 0  # first line of the open run (0: none)
        fence = ""
        line = 1
        if self.fm_lines is not None:
            blocks.append(self._lines_span(self.fm_lines[0], self.fm_lines[1]))
            line = self.fm_lines[1] + 1
        text = self.text
        while line <= count:
            start, end = self.line_span(line)
            stripped = text[start:end].strip()
            if fence:
                if stripped.startswith(fence):
                    blocks.append(self._lines_span(first, line))
                    first, fence = 0, ""
                line += 1
                continue
            opener = stripped[:3]
            if opener in {"```", "~~~"}:
                if first:
                    blocks.append(self._lines_span(first, line - 1))
                first, fence = line, opener
            elif line in headings or line in starts:
                if first:
                    blocks.append(self._lines_span(first, line - 1))
                first = 0
                stop = starts.get(line, line)
                blocks.append(self._lines_span(line, stop))
                line = stop
            elif not stripped:
                if first:
                    blocks.append(self._lines_span(first, line - 1))
                first = 0
            elif not first:
                first = line
            line += 1
        if first:
            blocks.append(self._lines_span(first, count))
        return blocks
