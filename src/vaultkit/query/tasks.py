"""List items and tasks as Dataview presents them (``file.lists``, ``file.tasks``, the rows
of a TASK query), built from a note's list items, fields, tags, links and block ids.

Source: Dataview docs/annotation/metadata-tasks.md (implicit fields of tasks and list items,
the emoji shorthands for dates) and queries/query-types.md (child tasks, fullyCompleted).
``line`` is 0-based as in Dataview; ``text`` is the raw Markdown of the item's first line
after its list marker and checkbox (links, tags, inline fields and emoji kept), as Dataview
keeps it; vaultkit's plain text is used when the note's text cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from vaultkit.model import Field, ListItem, Note
from vaultkit.model import Link as NoteLink
from vaultkit.query.fieldvalues import canonical, parse_inline_value
from vaultkit.query.values import Link, Value

_SHORTHANDS = (
    ("created", re.compile(r"\u2795\s*(\d{4}-\d{2}-\d{2})")),
    ("start", re.compile(r"\U0001f6eb\s*(\d{4}-\d{2}-\d{2})")),
    ("scheduled", re.compile(r"[\u23f3\u231b]\s*(\d{4}-\d{2}-\d{2})")),
    ("due", re.compile(r"[\U0001f4c5\U0001f4c6\U0001f5d3\ufe0f]\s*(\d{4}-\d{2}-\d{2})")),
    ("completion", re.compile(r"\u2705\s*(\d{4}-\d{2}-\d{2})")),
)
_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_CHECKBOX = re.compile(r"^\[.\](?:[ \t]+|$)")
_TASK_DATES = (
    ("created", ("created", "ctime", "cday")),
    ("due", ("due", "duetime", "dueday")),
    ("completion", ("completed", "completion", "comptime", "compday")),
    ("start", ("start",)),
    ("scheduled", ("scheduled",)),
)


def link_value(link: NoteLink) -> Link:
    """A note's link as a Dataview link: its resolved path (else the target as written)."""
    subpath, kind = (link.block, "block") if link.block else (link.heading, "header")
    path = link.resolved or link.target
    return Link(path, link.alias, subpath, link.embed, kind if subpath else "file")


def item_fields(fields: list[Field], item: ListItem) -> dict[str, list[Value]]:
    """An item's inline fields (and emoji date shorthands), each key with its values."""
    out: dict[str, list[Value]] = {}
    for field in fields:
        if field.style != "code":
            out.setdefault(field.key, []).append(parse_inline_value(field.value))
    if not item.text.isascii():
        for key, pattern in _SHORTHANDS:
            match = pattern.search(item.text)
            if match:
                out.setdefault(key, []).append(parse_inline_value(match.group(1)))
    return out


class _ByLine:
    """A note's tags, links, block ids and item fields, grouped for quick lookup."""

    def __init__(self, note: Note) -> None:
        self.tags: dict[int, list[str]] = {}
        for tag in note.tags:
            self.tags.setdefault(tag.span.line, []).append("#" + tag.name)
        self.links: dict[int, list[Link]] = {}
        for link in note.links:
            if not link.external:
                self.links.setdefault(link.span.line, []).append(link_value(link))
        self.blocks = {b.line: b.id for b in note.block_ids}
        self.fields: dict[int, list[Field]] = {}
        for field in note.fields:
            if field.list_item is not None:
                self.fields.setdefault(field.list_item, []).append(field)
        self.sections: dict[str | None, Link] = {}

    def section(self, path: str, heading: str | None) -> Link:
        """The link to the section an item sits in (the file when there is no heading)."""
        if heading not in self.sections:
            kind = "header" if heading else "file"
            self.sections[heading] = Link(path, None, heading or None, False, kind)
        return self.sections[heading]


def raw_text(line: str, task: bool) -> str | None:
    """The Markdown of a list item's line after its marker (and checkbox); None when the
    line is not a list item's."""
    marker = _MARKER.match(line)
    if marker is None:
        return None
    rest = line[marker.end() :]
    if task:
        box = _CHECKBOX.match(rest)
        rest = rest[box.end() :] if box else rest
    return rest.strip()


def build_items(
    note: Note, convert: Callable[[Value], Value], lines: list[str] | None = None
) -> list[dict[str, Value]]:
    """Every list item of ``note`` as a Dataview list item (tasks carry task fields);
    ``convert`` resolves links found in field values; ``lines``, the note's text, gives
    each item its raw text."""
    items = note.list_items
    kids: dict[int, list[int]] = {}
    for k, item in enumerate(items):
        if item.parent is not None:
            kids.setdefault(item.parent, []).append(k)
    by_line = _ByLine(note)
    built: list[dict[str, Value]] = [{}] * len(items)
    for k in reversed(range(len(items))):
        built[k] = _item(note, k, kids.get(k, []), built, by_line, convert)
        if lines is not None and 0 < items[k].line <= len(lines):
            raw = raw_text(lines[items[k].line - 1], items[k].task is not None)
            if raw is not None:
                built[k]["text"] = raw
    return built


def _item(
    note: Note,
    k: int,
    children: list[int],
    built: list[dict[str, Value]],
    by_line: _ByLine,
    convert: Callable[[Value], Value],
) -> dict[str, Value]:
    item = note.list_items[k]
    end = note.list_items[children[0]].line - 1 if children else max(item.line, item.end_line)
    lines = range(item.line, end + 1)
    section = by_line.section(note.path, item.section)
    block = None
    tags: list[str] = []
    for n in lines:
        block = block or by_line.blocks.get(n)
        for tag in by_line.tags.get(n, ()):
            if tag not in tags:
                tags.append(tag)
    out: dict[str, Value] = {
        "text": item.text,
        "line": item.line - 1,
        "lineCount": end - item.line + 1,
        "path": note.path,
        "section": section,
        "link": Link(note.path, None, block, False, "block") if block else section,
        "tags": tags,
        "outlinks": [x for n in lines for x in by_line.links.get(n, ())],
        "children": [built[c] for c in children],
        "task": item.task is not None,
        "position": {"start": {"line": item.line - 1}, "end": {"line": end - 1}},
    }
    if item.parent is not None:
        out["parent"] = note.list_items[item.parent].line - 1
    if block:
        out["blockId"] = block
    fields = item_fields(by_line.fields.get(k, []), item)
    out["annotated"] = bool(fields)
    for key, values in fields.items():
        value = convert(values[0] if len(values) == 1 else values)
        out.setdefault(key, value)
        out.setdefault(canonical(key), value)
    if item.task is not None:
        _task_fields(out, item.task, fields, convert)
    return out


def _descendants_done(children: list[dict[str, Value]]) -> bool:
    """Whether every task below (through plain list items too) is completed."""
    for child in children:
        if child.get("task") and not child.get("completed"):
            return False
        if not _descendants_done(child["children"]):
            return False
    return True


def _task_fields(
    out: dict[str, Value], status: str, fields: dict[str, list[Value]], convert: Callable[..., Any]
) -> None:
    completed = status in ("x", "X")
    out["status"] = status
    out["checked"] = status not in ("", " ")
    out["completed"] = completed
    out["fullyCompleted"] = completed and _descendants_done(out["children"])
    if not fields:
        return
    for name, keys in _TASK_DATES:
        for key in keys:
            if key in fields:
                if fields[key][0]:
                    out[name] = convert(fields[key][0])
                break
