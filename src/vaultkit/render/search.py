"""Search results as a result pane (per note, each matching line with the match
highlighted), JSON, CSV and paths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.search import Match, SearchResult

SEARCH_CSV_HEADERS = ("path", "title", "score", "line", "col", "start", "end", "text")

LineSource = Callable[[str], list[str]]
"""The lines of a note's text, by path (for ``--context``)."""


def search_json(results: Sequence[SearchResult]) -> list[dict[str, Any]]:
    """The README's search shape: path, title, score, matches (line, col, text, start, end)."""
    return [
        {
            "path": r.path,
            "title": r.title,
            "score": r.score,
            "matches": [
                {"line": m.line, "col": m.col, "text": m.text, "start": m.start, "end": m.end}
                for m in r.matches
            ],
        }
        for r in results
    ]


def write_search_json(results: Sequence[SearchResult], out: IO[str]) -> None:
    """Write ``search_json(results)`` exactly as ``emit_json`` would (``indent=2``, UTF-8
    text), each string and number encoded by ``json`` but the layout written here: with
    an indent, ``json`` encodes in Python, 5 s for a common word's 100 MB at 100k notes."""
    import json

    text = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) uses
    number = json.dumps
    if not results:
        out.write("[]\n")
        return
    out.write("[")
    first = True
    for r in results:
        out.write("\n  {" if first else ",\n  {")
        first = False
        out.write(
            f'\n    "path": {text(r.path)},\n    "title": {text(r.title)},'
            f'\n    "score": {number(r.score)},\n    "matches": '
        )
        if not r.matches:
            out.write("[]\n  }")
            continue
        out.write(
            "["
            + ",".join(
                f'\n      {{\n        "line": {m.line},\n        "col": {m.col},'
                f'\n        "text": {text(m.text)},\n        "start": {m.start},'
                f'\n        "end": {m.end}\n      }}'
                for m in r.matches
            )
            + "\n    ]\n  }"
        )
    out.write("\n]\n")


def search_csv_rows(results: Sequence[SearchResult]) -> list[tuple[Any, ...]]:
    """One row per match; a file matched without a match in its text (by its path or a
    property) gets one row with the match columns empty."""
    rows: list[tuple[Any, ...]] = []
    for result in results:
        if not result.matches:
            rows.append((result.path, result.title, result.score, "", "", "", "", ""))
        for m in result.matches:
            rows.append(
                (result.path, result.title, result.score, m.line, m.col, m.start, m.end, m.text)
            )
    return rows


def render_search(
    results: Sequence[SearchResult],
    out: Console,
    *,
    limit: int | None = None,
    context: int = 0,
    lines_of: LineSource | None = None,
) -> None:
    """Each note: its path and title, then each matching line (number, text, the matches
    highlighted), with ``context`` lines around when ``lines_of`` supplies them."""
    from rich.text import Text

    shown = results if limit is None else results[:limit]
    for result in shown:
        header = Text()
        header.append(result.path, style="bold cyan")
        if result.title and result.title != result.path.rpartition("/")[2].removesuffix(".md"):
            header.append(f"  {result.title}", style="bold")
        count = len(result.matches)
        header.append(f"  ({count} match{'es' if count != 1 else ''}, score {result.score:g})")
        out.print(header)
        by_line: dict[int, list[Match]] = {}
        for match in result.matches:
            by_line.setdefault(match.line, []).append(match)
        lines = lines_of(result.path) if context and lines_of else None
        wanted = sorted(by_line)
        if lines is not None:
            near = {
                n
                for line in wanted
                for n in range(max(1, line - context), min(len(lines), line + context) + 1)
            }
            wanted = sorted(near)
        previous = 0
        for number in wanted:
            if previous and number > previous + 1:
                out.print(Text("      …", style="dim"))
            previous = number
            matches = by_line.get(number)
            if matches is None:
                assert lines is not None
                out.print(
                    Text(f"{number:>5}  ", style="dim") + Text(lines[number - 1], style="dim")
                )
                continue
            text = _highlighted(matches)
            out.print(Text(f"{number:>5}: ", style="green") + text)
        out.print()
    hidden = len(results) - len(shown)
    total = f"{len(results)} file{'s' if len(results) != 1 else ''} matched"
    if hidden > 0:
        total += f"; {hidden} more not shown (--limit {len(shown)}; --json lists all)"
    out.print(Text(total, style="dim"))


WIDTH = 160
"""Characters of a matching line shown; a longer line is cut around its first match."""


def _highlighted(matches: list[Match]) -> Any:
    """The line of ``matches`` (all on one line) with each match highlighted, cut to
    ``WIDTH`` characters around the first match."""
    from rich.text import Text

    line = matches[0].text
    begin = 0
    if len(line) > WIDTH:
        begin = max(0, min(matches[0].col - 1 - WIDTH // 4, len(line) - WIDTH))
    shown = line[begin : begin + WIDTH]
    text = Text(("…" if begin else "") + shown + ("…" if begin + WIDTH < len(line) else ""))
    shift = 1 if begin else 0
    for m in matches:
        first = m.col - 1 - begin
        last = min(len(shown), first + m.end - m.start)
        if first >= 0 and last > first:
            text.stylize("bold black on yellow", first + shift, last + shift)
    return text
