"""The MCP tools: one entry each, calling the core function its CLI command calls and
returning the JSON that command prints with ``--json``.

To add a tool: write a ``run`` function ``(index, args, page) -> result`` and append one
:class:`Tool` to :func:`tools`. Search, check, Bases, unlinked mentions and neighbours live
in :mod:`vaultkit.live.search_tools`; tools that change notes in
:mod:`vaultkit.live.edit_tools`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from vaultkit.live.registry import Arg, Page, Tool, ToolUsageError, cursor_args

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index

NOTE = Arg(
    "note",
    "string",
    "Note name, path, alias or title (e.g. 'Cascade' or 'Concepts/Cascade.md').",
    True,
)
FOLDER = Arg("folder", "string", "Only notes below this vault folder, e.g. 'Meetings'.")
TAG = Arg("tag", "string", "Only notes with this tag (nested tags included), without '#'.")
KIND = Arg("kind", "string", "Only notes of this kind: meeting, reading, resolution, clipping.")
WHERE = Arg(
    "where", "string", "Only notes where this Dataview expression is true, e.g. 'rating >= 4'."
)
UNTAGGED = Arg("untagged", "boolean", "Only notes with no tag at all.", default=False)
_BOUND = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def note_filter(args: dict[str, Any]) -> NoteFilter:
    from vaultkit.filters import NoteFilter

    return NoteFilter(
        folder=args.get("folder"),
        tag=args.get("tag"),
        kind=args.get("kind"),
        untagged=bool(args.get("untagged")),
        where=args.get("where"),
    )


# -- reading -----------------------------------------------------------------------------------


def _links(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.links import links_report
    from vaultkit.render.core import links_json

    report = links_report(index, args["note"], page.limit, page.offset)
    page.total, page.count = report.source_count, len(report.backlinks)
    return links_json(report)


def _read_note(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.reading import read_note

    result = read_note(index, args["note"], page.offset + 1, page.limit)
    page.total, page.count = result.line_count, len(result.lines)
    return result


def _notes(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.filters import select_notes, select_paths
    from vaultkit.render.core import note_json

    flt = note_filter(args)
    if flt.where:
        chosen = page.take(list(select_notes(index, flt)))
    else:
        chosen = [n for p in page.take(select_paths(index, flt)) if (n := index.note(p))]
    return [note_json(note) for note in chosen]


def _query(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.query import parse_query, run_query

    result = run_query(index, parse_query(args["dql"]))
    data = result.to_json()
    data["values"] = page.take(data["values"])
    if result.warnings:
        data["warnings"] = list(result.warnings)
    return data


def _tags(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.filters import select_paths
    from vaultkit.render.tags import listing_json
    from vaultkit.tags.listing import from_rows, list_tags

    paths = select_paths(index, note_filter({"folder": args["folder"], "kind": args["kind"]}))
    listing = list_tags(from_rows(paths, index.tag_occurrences()), args["sort"], args["tree"])
    data = listing_json(listing)
    key = "tree" if args["tree"] else "tags"
    data[key] = page.take(data[key])
    return data


def _tags_audit(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.filters import select_paths
    from vaultkit.render.tags import audit_json
    from vaultkit.tags.audit import audit

    flt = note_filter({"folder": args["folder"], "kind": args["kind"]})
    selected = None if flt.empty else set(select_paths(index, flt))
    data = audit_json(audit(list(index.notes()), selected, index.root))
    data["findings"] = page.take(data["findings"])
    return data


def _check_kind(index: Index, kind: str | None) -> None:
    from vaultkit.kinds import rules_from_config

    known = list(rules_from_config(index.config.sections))
    if kind is not None and kind.lower() not in known:
        raise ToolUsageError(f"{kind!r}: known kinds are {', '.join(known)}")


def _summarize(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.filters import select_notes
    from vaultkit.reports.summarize import summarize, summarize_notes

    count = args["sentences"]
    flt = note_filter(args)
    if args["note"]:
        if not flt.empty or args["all"]:
            raise ToolUsageError("give a note, or a kind, a filter or all: true, not both")
        return page.take(summarize(index, args["note"], None, count))
    if flt.empty and not args["all"]:
        raise ToolUsageError("give a note, a kind, a filter (folder, tag, where) or all: true")
    _check_kind(index, flt.kind)
    chosen = page.take(list(select_notes(index, flt)))
    return summarize_notes(index, chosen, count)  # as the CLI: the vault's word weights


def _report(index: Index, args: dict[str, Any], page: Page) -> Any:
    flt = note_filter(args)
    if args["report"] != "meetings":
        given = [name for name in ("since", "until", "org", "branch") if args[name] is not None]
        given += ["interventions"] if args["interventions"] else []
        given += ["by"] if args["by"] != "branch" else []
        if given:
            raise ToolUsageError(
                f"{', '.join(given)}: meetings only, not for the {args['report']} report"
            )
    if args["report"] == "readings":
        from vaultkit.reports.readings import readings_report

        return readings_report(index, flt)
    if args["report"] == "resolutions":
        from vaultkit.reports.resolutions import resolutions_report

        return resolutions_report(index, flt)
    from vaultkit.reports.meetings import meetings_report

    for bound in ("since", "until"):
        if args[bound] is not None and not _BOUND.match(args[bound]):
            raise ToolUsageError(f"{bound} {args[bound]!r}: write YYYY, YYYY-MM or YYYY-MM-DD")
    return meetings_report(
        index,
        flt,
        args["since"],
        args["until"],
        args["org"],
        args["interventions"],
        args["by"],
        branch=args["branch"],
    )


def _graph(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.graph import build_graph, summarize_graph

    summary = summarize_graph(build_graph(index), args["top"])
    return replace(summary, orphans=page.take(summary.orphans))


def _graph_path(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.graph import build_graph, shortest_link_path
    from vaultkit.reading import find_note

    ends = [find_note(index, args["source"]), find_note(index, args["target"])]
    return shortest_link_path(build_graph(index), ends[0], ends[1], args["undirected"])


def _resolve(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.reading import resolve_link

    return resolve_link(index, args["link"], args["from"])


def tools() -> list[Tool]:
    """Every tool, read-only first; ``writes`` ones are served only with --allow-edits."""
    from vaultkit.live.edit_tools import edit_tools
    from vaultkit.live.search_tools import search_tools

    return [
        Tool(
            "links",
            "Backlinks of a note (each linking note with the line number and the line's text),"
            " then its outgoing links, its unresolved links (with a hint when the target is an"
            " alias, which Obsidian does not resolve) and external links. Works for a name no"
            " note has yet: the links waiting for it. Same JSON as `vaultkit links --json`;"
            ' backlinks are paged. Example: {"note": "Cascade"}.',
            (NOTE, *cursor_args(50, 500, "linking notes")),
            _links,
        ),
        Tool(
            "read_note",
            "The text of one note with line numbers, its frontmatter, tags, aliases and outline"
            " (headings with lines). Long notes come a page of lines at a time: pass next_cursor"
            ' to go on. Example: {"note": "Concepts/Cascade.md", "limit": 100}.',
            (NOTE, *cursor_args(200, 2000, "lines")),
            _read_note,
        ),
        Tool(
            "notes",
            "Notes with their path, title, aliases, tags, frontmatter, links, headings,"
            " inline fields, kind and date; all of them or those the filters select. Same"
            ' objects as `vaultkit notes --json`, in results. Example: {"tag": "meeting",'
            ' "folder": "Meetings"}.',
            (FOLDER, TAG, KIND, UNTAGGED, WHERE, *cursor_args(50, 500, "notes")),
            _notes,
        ),
        Tool(
            "query",
            "Run a Dataview query (DQL: LIST, TABLE or TASK, with FROM, WHERE, SORT, GROUP BY,"
            " FLATTEN, LIMIT) exactly as Dataview would in Obsidian. Same JSON as `vaultkit"
            ' query --json` (dv.query() shaped); values are paged. Example: {"dql": "TABLE'
            ' author, rating FROM \\"Readings\\" SORT rating DESC"}.',
            (
                Arg("dql", "string", "The Dataview query.", True),
                *cursor_args(100, 1000, "rows"),
            ),
            _query,
        ),
        Tool(
            "tags",
            "Every tag with the number of notes carrying it, split by where it is written"
            " (frontmatter, inline, field); nested tags as a tree with tree: true. Same JSON as"
            ' `vaultkit tags --json`. Example: {"sort": "name"}.',
            (
                Arg(
                    "sort",
                    "string",
                    "count (most used first) or name.",
                    False,
                    "count",
                    ("count", "name"),
                ),
                Arg("tree", "boolean", "Nested tags under their parents.", default=False),
                FOLDER,
                KIND,
                *cursor_args(200, 2000, "tags"),
            ),
            _tags,
        ),
        Tool(
            "tags_audit",
            "Tag problems: untagged notes, empty tag fields, tags used once, near-duplicates"
            " (case, plural, spelling), nested tags whose last part is also used alone; each"
            " with the notes and lines. Same JSON as `vaultkit tags audit --json`. Example: {}.",
            (FOLDER, KIND, *cursor_args(100, 1000, "findings")),
            _tags_audit,
        ),
        Tool(
            "summarize",
            "Summaries of notes: header (date, organization, source), outline with paragraph"
            " ranges, concepts, quotes, figures and key sentences. One note by name, or every"
            " note a kind or filter selects (or all: true). Same objects as `vaultkit summarize"
            ' --json`, in results. Example: {"note": "Cascade Workers Network"}.',
            (
                Arg("note", "string", "Note name, path, alias or title."),
                KIND,
                FOLDER,
                TAG,
                WHERE,
                Arg("all", "boolean", "Every note.", default=False),
                Arg("sentences", "integer", "Key sentences per note.", False, 5, None, 0, 50),
                *cursor_args(10, 100, "summaries"),
            ),
            _summarize,
        ),
        Tool(
            "report",
            "A report over meetings (date, organization and branch, agenda, decisions, actions,"
            " readings discussed, my interventions, cadence per branch), readings (by rating,"
            " with the meetings that discussed each)"
            " or resolutions (sections, targets, figures, linking notes). Same JSON as `vaultkit"
            ' report <report> --json`. Example: {"report": "meetings", "since": "2024"}.',
            (
                Arg(
                    "report",
                    "string",
                    "Which report.",
                    True,
                    None,
                    ("meetings", "readings", "resolutions"),
                ),
                FOLDER,
                TAG,
                WHERE,
                Arg("since", "string", "Meetings only: on or after YYYY[-MM[-DD]]."),
                Arg("until", "string", "Meetings only: on or before YYYY[-MM[-DD]]."),
                Arg("org", "string", "Meetings only: this organization, or one branch of it."),
                Arg("branch", "string", "Meetings only: this branch."),
                Arg(
                    "interventions",
                    "boolean",
                    "Meetings only: list every intervention.",
                    default=False,
                ),
                Arg(
                    "by",
                    "string",
                    "Meetings only: cadence per branch, organization or folder.",
                    False,
                    "branch",
                    ("branch", "org", "folder"),
                ),
            ),
            _report,
        ),
        Tool(
            "graph",
            "The shape of the link graph: hubs (notes most linked to), orphans (no link in or"
            " out, paged) and connected groups. Same JSON as `vaultkit graph --json`."
            ' Example: {"top": 5}.',
            (
                Arg("top", "integer", "How many hubs.", False, 10, None, 1, 500),
                *cursor_args(200, 2000, "orphans"),
            ),
            _graph,
        ),
        Tool(
            "graph_path",
            "The shortest chain of links from one note to another (notes in order; empty when"
            ' there is none). Same JSON as `vaultkit graph path --json`. Example: {"source":'
            ' "Dashboard", "target": "Cascade", "undirected": true}.',
            (
                Arg("source", "string", "Note to start from (name, path or alias).", True),
                Arg("target", "string", "Note to reach (name, path or alias).", True),
                Arg("undirected", "boolean", "Follow links in either direction.", default=False),
            ),
            _graph_path,
        ),
        Tool(
            "resolve",
            "What a [[link]] opens in Obsidian when written in a given note: the file (or none:"
            " clicking would create a note), every file sharing the name (candidates, ambiguous"
            ' when several), and notes having it as an alias. Example: {"link":'
            ' "[[Cascade#Goals|the goals]]", "from": "Meetings/2024-03-01.md"}.',
            (
                Arg(
                    "link",
                    "string",
                    "The link as written: [[target#heading|text]] or a bare target.",
                    True,
                ),
                Arg("from", "string", "The note the link is written in (default: the vault root)."),
            ),
            _resolve,
        ),
        *search_tools(),
        *edit_tools(),
    ]
