"""The one output option set and the one function that prints a result in the chosen form.

A command builds a :class:`Listing` (its rows, its human rendering, and optionally its
documented JSON document) and hands it to :func:`emit` with the :class:`OutputOptions` the
CLI parsed. Every format reads the same rows, so ``--csv``, ``--tsv``, ``--jsonl``,
``--paths`` and ``--count`` agree with each other on every command.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "paths", "md")
"""Every output format; a command offers ``table`` and the ones it can print."""
TABULAR = ("csv", "tsv")
LIST_SEPARATOR = "; "
"""How a list is written in one CSV or TSV cell, on every command."""


@dataclass(frozen=True)
class OutputOptions:
    """What the user asked to see: a format, and how to print it."""

    format: str = "table"
    """One of FORMATS."""
    null: bool = False
    """``--paths -0``: end each path with NUL instead of a newline (for ``xargs -0``)."""
    headers: bool = True
    """CSV and TSV start with a header row."""
    count: bool = False
    """Print only the number of rows."""

    @property
    def machine(self) -> bool:
        """Whether the output is for a program (complete, no human limits)."""
        return self.count or self.format != "table"


@dataclass
class Listing:
    """A result as rows, with its human rendering and its documented JSON."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    render: Callable[[Console], None]
    """Draws the human table or tree."""
    document: Any = None
    """What ``--json`` prints; None: the rows as a list of objects."""
    items: Iterable[Any] | None = None
    """What ``--jsonl`` prints, one per line; None: the rows as objects."""
    path_column: str = "path"
    """The column ``--paths`` prints."""
    paths: Sequence[str] | None = None
    """What ``--paths`` prints when it is not every value of the path column."""
    markdown: Callable[[], str] | None = None
    """The Markdown text, for commands that offer ``--format md``."""

    def objects(self) -> list[dict[str, Any]]:
        """The rows as objects keyed by header."""
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


def cell(value: Any, tsv: bool = False) -> str:
    """One CSV or TSV cell: lists joined with LIST_SEPARATOR, None empty; TSV has no way to
    quote a tab or a line break, so each becomes a space."""
    if value is None:
        text = ""
    elif isinstance(value, list | tuple | set | frozenset):
        text = LIST_SEPARATOR.join(cell(v) for v in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    if tsv:
        text = text.replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return text


def paths_of(listing: Listing) -> list[str]:
    """The distinct values of the path column, in row order (or ``listing.paths``)."""
    if listing.paths is not None:
        return list(dict.fromkeys(listing.paths))
    column = list(listing.headers).index(listing.path_column)
    seen: dict[str, None] = {}
    for row in listing.rows:
        value = row[column]
        if value:
            seen.setdefault(str(value), None)
    return list(seen)


def emit(listing: Listing, options: OutputOptions, stream: IO[str] | None = None) -> None:
    """Print ``listing`` as ``options`` ask."""
    from vaultkit.render import emit_json, emit_jsonl

    out = stream or sys.stdout
    if options.count:
        out.write(f"{len(listing.rows)}\n")
    elif options.format == "json":
        emit_json(listing.objects() if listing.document is None else listing.document, out)
    elif options.format == "jsonl":
        emit_jsonl(listing.objects() if listing.items is None else listing.items, out)
    elif options.format in TABULAR:
        _table(listing, options, out)
    elif options.format == "paths":
        end = "\0" if options.null else "\n"
        for path in paths_of(listing):
            out.write(path + end)
    elif options.format == "md" and listing.markdown is not None:
        out.write(listing.markdown().rstrip("\n") + "\n")
    else:
        from vaultkit.render import console

        listing.render(console())


def _table(listing: Listing, options: OutputOptions, out: IO[str]) -> None:
    tsv = options.format == "tsv"
    if tsv:
        if options.headers:
            out.write("\t".join(listing.headers) + "\n")
        for values in listing.rows:
            out.write("\t".join(cell(v, tsv=True) for v in values) + "\n")
        return
    import csv

    writer = csv.writer(out, lineterminator="\n")
    if options.headers:
        writer.writerow(listing.headers)
    for row in listing.rows:
        writer.writerow([cell(v) for v in row])
