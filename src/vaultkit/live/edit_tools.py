"""The MCP tools that change notes (served only with ``vaultkit mcp --allow-edits``): tag
add, remove and rename, planned and applied by the same functions as ``vaultkit tag``,
``dry_run`` by default."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vaultkit.live.registry import Arg, Page, Tool
from vaultkit.live.tools import FOLDER, KIND, UNTAGGED, WHERE, note_filter

if TYPE_CHECKING:
    from vaultkit.index import Index

DRY_RUN = Arg(
    "dry_run",
    "boolean",
    "True (the default): change nothing, return each note's unified diff. False: write.",
    default=True,
)


def _carry_out(index: Index, plan: Any, dry_run: bool) -> Any:
    """The plan's diffs (dry run), or the plan written through the one writer."""
    from vaultkit.render.tags import edit_json
    from vaultkit.tags.plan import apply_plan

    if dry_run or not plan.edits:
        return edit_json(plan, None, dry_run=dry_run)
    return edit_json(plan, apply_plan(index, plan), dry_run=False)


def _tag_add(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.tags.plan import plan_add

    flt = note_filter({**args, "tag": args["has_tag"]})
    plan = plan_add(index, args["tag"], args["notes"] or [], flt, inline=args["inline"])
    return _carry_out(index, plan, args["dry_run"])


def _tag_remove(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.tags.plan import plan_remove

    plan = plan_remove(index, args["tag"], args["notes"] or [], note_filter(args))
    return _carry_out(index, plan, args["dry_run"])


def _tag_rename(index: Index, args: dict[str, Any], page: Page) -> Any:
    from vaultkit.tags.plan import plan_rename

    plan = plan_rename(index, args["old"], args["new"], note_filter(args))
    return _carry_out(index, plan, args["dry_run"])


def edit_tools() -> list[Tool]:
    """tag_add, tag_remove, tag_rename."""
    return [
        Tool(
            "tag_add",
            "Add a tag to the named notes and the notes the filters select: into the"
            " frontmatter tags in their style, else a filled TAGS: field, else new frontmatter."
            " dry_run (default true) returns each note's diff and writes nothing. Same JSON as"
            ' `vaultkit tag add --json`. Example: {"tag": "project/cascade", "notes":'
            ' ["Cascade"]}.',
            (
                Arg("tag", "string", "The tag, with or without #.", True),
                Arg("notes", "array", "Notes by name, path, alias or title."),
                FOLDER,
                Arg("has_tag", "string", "Only notes already carrying this tag."),
                KIND,
                UNTAGGED,
                WHERE,
                Arg("inline", "boolean", "Append #tag on a new last line instead.", default=False),
                DRY_RUN,
            ),
            _tag_add,
            writes=True,
        ),
        Tool(
            "tag_remove",
            "Remove a tag (any case; nested tags are other tags) from the named notes, from"
            " those the filters select, or from every note carrying it. dry_run (default true)"
            ' returns the diffs. Same JSON as `vaultkit tag remove --json`. Example: {"tag":'
            ' "todo", "folder": "Archive"}.',
            (
                Arg("tag", "string", "The tag, with or without #.", True),
                Arg("notes", "array", "Notes by name, path, alias or title."),
                FOLDER,
                KIND,
                WHERE,
                DRY_RUN,
            ),
            _tag_remove,
            writes=True,
        ),
        Tool(
            "tag_rename",
            "Rename a tag in every note (nested tags follow: old/x becomes new/x; where the new"
            " tag is already there the old one is dropped). dry_run (default true) returns the"
            ' diffs. Same JSON as `vaultkit tag rename --json`. Example: {"old": "mtg",'
            ' "new": "meeting"}.',
            (
                Arg("old", "string", "The tag to rename (any case).", True),
                Arg("new", "string", "The new name.", True),
                FOLDER,
                KIND,
                WHERE,
                DRY_RUN,
            ),
            _tag_rename,
            writes=True,
        ),
    ]
