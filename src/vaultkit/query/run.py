"""Running DQL over vaultkit's index: ``run_query`` for whole queries, ``compile_where`` for
the ``--where`` filter other commands share.

The FROM source is answered in SQL and only the selected notes are read, with only the
index tables the query's expressions can reach (see :mod:`vaultkit.query.plan`).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import ChainMap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.errors import AmbiguousNote, NoteNotFound, VaultkitError
from vaultkit.query import ast
from vaultkit.query.commands import parse_expression, parse_query
from vaultkit.query.engine import Row, execute, extract, list_values
from vaultkit.query.evaluate import Context
from vaultkit.query.functions import FUNCTIONS
from vaultkit.query.operators import EvalError
from vaultkit.query.pages import Pages
from vaultkit.query.plan import needs, source_paths
from vaultkit.query.result import QueryResult
from vaultkit.query.values import Link, truthy

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.model import Note

TABLE_ID = "File"
"""The first column of a TABLE (Dataview's default 'primary column name')."""


def run_query(
    index: Index,
    query: str | ast.Query,
    *,
    origin: str | None = None,
    now: dt.datetime | None = None,
) -> QueryResult:
    """Run a DQL query; ``origin`` is the note it is written in (``this``, ``[[]]``)."""
    # A query allocates many small objects and few cycles: the cyclic collector only slows
    # it down (by about a third at 10k notes), so it waits until the query is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(index, query, origin, now or dt.datetime.now())
    finally:
        if enabled:
            gc.enable()


def _run(index: Index, query: str | ast.Query, origin: str | None, now: dt.datetime) -> QueryResult:
    parsed = parse_query(query, now) if isinstance(query, str) else query
    pages = Pages(index, origin)
    ctx = _context(pages, origin, now)
    paths = source_paths(parsed.source, index, pages)
    if parsed.header.type == "task":
        with_tasks = set(index.task_note_paths())
        paths = with_tasks if paths is None else paths & with_tasks
    wanted = needs(parsed)
    notes = index.query_notes(
        None if paths is None else sorted(paths),
        set(wanted.tables),
        lists_where_fields=wanted.lists_where_fields,
    )
    header = parsed.header
    if header.type == "task":
        rows = [
            Row(f"{note.path}#{task['line']}", ChainMap(task, page))  # type: ignore[arg-type]
            for note in notes
            for page in [pages.page(note)]
            for task in page["file"]["tasks"]
        ]
    else:
        rows = [Row(Link(note.path), pages.page(note)) for note in notes]
    run = execute(rows, parsed.commands, ctx)
    if header.type == "task":
        values = [row.data for row in run.rows]
        return QueryResult("task", values, grouped=bool(run.groups), warnings=run.errors)
    pairs = extract(run, header.fields, ctx)
    if header.type == "list":
        return QueryResult("list", list_values(pairs, header), warnings=run.errors)
    names = [f.name for f in header.fields]
    if header.show_id:
        first = run.groups[-1] if run.groups else TABLE_ID
        return QueryResult(
            "table",
            [[row.id, *values] for row, values in pairs],
            [first, *names],
            warnings=run.errors,
        )
    return QueryResult("table", [values for _, values in pairs], names, warnings=run.errors)


def _context(pages: Pages, origin: str | None, now: dt.datetime) -> Context:
    this = None
    if origin:
        note = pages.index.note(origin)
        this = pages.page(note) if note is not None else None
    return Context(FUNCTIONS, this, pages.resolve, pages.normalize, now)


def compile_where(expr: str, index: Index) -> Callable[[Note], bool]:
    """A note filter from a Dataview expression (``rating > 3 and contains(file.tags,
    "#reading")``): the ``--where`` of every command that selects notes. A note for which
    the expression fails does not match, as in a query's WHERE."""
    now = dt.datetime.now()
    parsed = parse_expression(expr, now)
    pages = Pages(index)
    ctx = Context(FUNCTIONS, None, pages.resolve, pages.normalize, now)

    def matches(note: Note) -> bool:
        try:
            return truthy(ctx.evaluate(parsed, pages.page(note)))
        except (EvalError, RecursionError):
            return False

    return matches


@dataclass(frozen=True)
class BlockResult:
    """One ```dataview block of a note: where it is, its query, its result or error."""

    line: int
    query: str
    result: QueryResult | None = None
    error: str | None = None


@dataclass(frozen=True)
class NoteQueries:
    """Every ```dataview block of one note, each run with the note as ``this``."""

    path: str
    blocks: list[BlockResult] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether any block failed to parse or run."""
        return any(b.error is not None for b in self.blocks)


def run_note_blocks(index: Index, name: str, now: dt.datetime | None = None) -> NoteQueries:
    """Run the ```dataview blocks of the note ``name`` (a name, path or alias)."""
    from vaultkit.query.blocks import dataview_blocks
    from vaultkit.vault import read_text

    path = _one_note(index, name)
    text, problems = read_text(index.root / path, index.config.max_file_bytes)
    if text is None:
        raise VaultkitError(f"{path}: {problems[0].message if problems else 'cannot read'}")
    report = NoteQueries(path)
    for block in dataview_blocks(text):
        try:
            result = run_query(index, block.text, origin=path, now=now)
        except VaultkitError as error:
            report.blocks.append(BlockResult(block.line, block.text, error=str(error)))
        else:
            report.blocks.append(BlockResult(block.line, block.text, result))
    return report


def _one_note(index: Index, name: str) -> str:
    import difflib

    paths = index.lookup_notes(name)
    if len(paths) > 1:
        raise AmbiguousNote(name, paths)
    if paths:
        return paths[0]
    names = index.names()
    raise NoteNotFound(name, difflib.get_close_matches(name, names, n=5, cutoff=0.6))
