"""The MCP tools over search, check, Bases, unlinked mentions and a note's neighbourhood:
each calls the core function its CLI command calls and returns that command's ``--json``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from vaultkit.live.registry import Arg, Page, Tool, ToolUsageError, cursor_args

if TYPE_CHECKING:
    from vaultkit.index import Index

_NOTE = Arg("note", "string", "Note name, path, alias or title.", True)
_FILTERS = (
    Arg("folder", "string", "Only notes below this vault folder."),
    Arg("tag", "string", "Only notes with this tag (nested tags included), without '#'."),
    Arg("kind", "string", "Only notes of this kind: meeting, reading, resolution, clipping."),
    Arg("where", "string", "Only notes where this Dataview expression is true."),
)


def _search(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.filters import select_notes, select_paths
    from vaultkit.live.tools import note_filter
    from vaultkit.render.search import search_json
    from vaultkit.search.engine import search_page
    from vaultkit.search.parser import parse_query

    tree = parse_query(args["query"])
    flt = note_filter(args)
    only: set[str] | None = None
    if flt.where:
        only = {note.path for note in select_notes(index, flt)}
    elif not flt.empty:
        only = set(select_paths(index, flt))
    results, total = search_page(
        index,
        tree,
        page.offset,
        page.limit,
        only=only,
        sort=args["sort"],
        match_case=args["match_case"],
    )
    page.total, page.count = total, len(results)
    return search_json(results)


def _check(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.check.engine import check_paths, check_vault
    from vaultkit.check.selection import select_rules
    from vaultkit.reading import find_note
    from vaultkit.render.check import check_json

    selection = select_rules(
        index.config.sections.get("check"),
        args["select"] or None,
        args["ignore"] or None,
        args["severity"],
    )
    if args["notes"]:
        paths = [find_note(index, name) for name in args["notes"]]
        report = check_paths(index, selection, paths)
    else:
        report = check_vault(index, selection)
    data = check_json(report)
    data["findings"] = page.take(data["findings"])
    return data


def _base(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.bases import open_base, run_base
    from vaultkit.bases.run import find_base

    name = args["base"]
    if name.startswith("/") or ".." in name.replace("\\", "/").split("/"):
        raise ToolUsageError(f"{name!r}: name a .base file inside the vault")
    _, vault_path = find_base(index, name)
    if vault_path is None:
        raise ToolUsageError(f"{name!r} is not a file of the vault")
    base, _ = open_base(index, vault_path)
    data: dict[str, Any] = run_base(index, base, args["view"], vault_path).to_json()
    data["rows"] = page.take(data["rows"])
    return data


def _unlinked(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.reading import find_note
    from vaultkit.render.mentions import mentions_json
    from vaultkit.search.mentions import unlinked_mentions

    report = unlinked_mentions(index, find_note(index, args["note"]))
    return mentions_json(replace(report, sources=page.take(report.sources)))


def _neighbors(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.graph import build_graph
    from vaultkit.graph_analysis import neighbors
    from vaultkit.reading import find_note

    found = neighbors(build_graph(index), find_note(index, args["note"]), args["depth"])
    return replace(found, neighbors=page.take(found.neighbors))


def search_tools() -> list[Tool]:
    """The tools of this module, in the order they are listed."""
    from vaultkit.search.engine import SORTS

    return [
        Tool(
            "search",
            "Search the vault with Obsidian's own search language: words (substrings, any"
            ' case), "phrases", /regex/, OR, -negation, ( ), operators file: path: content:'
            " tag: line: block: section: task: task-todo: task-done: match-case:, and"
            " [property:value]. Each note with its matches (line, column, text, offsets),"
            " ranked. Same JSON as `vaultkit search --json`. Example:"
            ' {"query": "tag:#meeting line:(dues OR finances)"}.',
            (
                Arg("query", "string", "A query in Obsidian's search language.", True),
                Arg("sort", "string", "Result order.", False, "relevance", SORTS),
                Arg("match_case", "boolean", "Match words case-sensitively.", default=False),
                *_FILTERS,
                *cursor_args(20, 200, "notes"),
            ),
            _search,
        ),
        Tool(
            "check",
            "Lint the vault as Obsidian resolves links: broken, alias-only and ambiguous links,"
            " missing headings, block ids and attachments, frontmatter Obsidian cannot read or"
            " ignores, duplicate aliases, tag problems; each finding with file, line, column"
            " and a fix. Same JSON as `vaultkit check --json`. Example: {} or"
            ' {"notes": ["Dashboard"], "select": ["broken-link"]}.',
            (
                Arg("notes", "array", "Check only these notes (and the links pointing at them)."),
                Arg("select", "array", "Rule ids to run instead of the defaults."),
                Arg("ignore", "array", "Rule ids to leave out."),
                Arg(
                    "severity",
                    "string",
                    "Only findings at least this severe.",
                    False,
                    None,
                    ("info", "warning", "error"),
                ),
                *cursor_args(100, 1000, "findings"),
            ),
            _check,
        ),
        Tool(
            "base",
            "Evaluate an Obsidian Base (.base file) headless: the rows of one of its views"
            " after its filters, formulas, sort and limit, with groups and summaries. Same"
            ' JSON as `vaultkit base FILE.base --json`. Example: {"base": "Readings.base",'
            ' "view": "By rating"}.',
            (
                Arg("base", "string", "The .base file: its vault path or name.", True),
                Arg("view", "string", "The view's name (default: the first view)."),
                *cursor_args(100, 1000, "rows"),
            ),
            _base,
        ),
        Tool(
            "unlinked_mentions",
            "Where other notes name a note (its file name or an alias, any case, whole words)"
            " without linking to it, as Obsidian's Backlinks pane lists them; never in code,"
            " links, URLs or frontmatter. Same JSON as `vaultkit links NOTE --unlinked --json`."
            ' Example: {"note": "cadre"}.',
            (_NOTE, *cursor_args(50, 500, "mentioning notes")),
            _unlinked,
        ),
        Tool(
            "graph_neighbors",
            "The notes within `depth` links of a note, in either direction, nearest first."
            ' Same JSON as `vaultkit graph neighbors --json`. Example: {"note": "WFU",'
            ' "depth": 2}.',
            (
                _NOTE,
                Arg("depth", "integer", "Links away, at most.", False, 1, None, 1, 6),
                *cursor_args(100, 1000, "notes"),
            ),
            _neighbors,
        ),
    ]
