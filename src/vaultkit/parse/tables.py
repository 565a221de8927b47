"""Where a note's table cells are: a link written into one escapes its ``|`` as ``\\|``
(a bare ``|`` would end the cell), as Obsidian writes links in tables."""

from __future__ import annotations

from bisect import bisect_right


def table_cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of each table cell of the note ``text``, sorted."""
    from vaultkit.parse.frontmatter import find_frontmatter
    from vaultkit.parse.markdown import Run, blocks
    from vaultkit.parse.positions import split_lines

    if "|" not in text:
        return []
    lines, starts = split_lines(text)
    raw = find_frontmatter(lines)
    body_from = raw.last_line if raw is not None else 0
    body_start = starts[body_from] if body_from < len(starts) else len(text)
    return sorted(
        (span[0], span[1])
        for block in blocks(text, body_start, lambda at: bisect_right(starts, at) - 1)
        if isinstance(block, Run) and block.kind == "cell"
        for span in block.lines
    )


def in_cell(cells: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the span ``start``-``end`` lies in one of ``cells``."""
    at = bisect_right(cells, (start, end)) - 1
    return at >= 0 and cells[at][0] <= start and end <= cells[at][1]


def cell_link(link: str) -> str:
    """``link`` as written in a table cell: each bare ``|`` escaped."""
    out = []
    for i, char in enumerate(link):
        out.append("\\|" if char == "|" and (i == 0 or link[i - 1] != "\\") else char)
    return "".join(out)
