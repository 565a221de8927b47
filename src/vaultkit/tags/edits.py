"""Add, remove and rename a tag in one note's text: pure functions, text in, text out.

Every edit is a list of splices at offsets the parser recorded (body tags) or that
:mod:`vaultkit.tags.yaml_tags` located (the frontmatter ``tags`` property); the bytes at
each span are checked first, and the new text is parsed again and compared with the old
one (other properties, links, headings and every other tag unchanged, no new error) before
it is returned. Anything unexpected raises :class:`CannotEdit`; nothing is guessed.

Where an added tag goes: the frontmatter ``tags`` property in its own style (block list,
flow list, or a single value that becomes a flow list); else a filled `` `TAGS:` `` field
when the note has one; else a new ``tags`` property (in the existing frontmatter, or in a
new frontmatter block at the top). Frontmatter that is not valid YAML is never touched.
``inline`` appends ``#tag`` on a new last line instead.

Removing a note's last frontmatter tag deletes the property, and the frontmatter block too
when nothing else is left in it, so that adding then removing gives the original bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from vaultkit.model import Note, TagSource
from vaultkit.parse.frontmatter import find_frontmatter
from vaultkit.parse.note import parse_note
from vaultkit.tags.splice import (
    CannotEdit,
    Change,
    NoteText,
    Splice,
    TextEdit,
    apply,
    check_span,
    clean_tag,
    locate_frontmatter,
    tag_counts,
    verify,
    yaml_value,
)
from vaultkit.tags.yaml_tags import Frontmatter, Item, TagsProperty

# -- removing pieces --------------------------------------------------------------------------


def _delete_property(doc: NoteText, fm: Frontmatter, prop: TagsProperty) -> list[Splice]:
    """Delete the whole property; the whole frontmatter block when nothing else is in it
    (unless what follows would then be read as frontmatter). Comment lines between a block
    list's items stay where they are."""
    starts = doc.starts
    span = range(prop.key_line, prop.last_line + 1)
    kept = {i for i in span if doc.lines[i].lstrip().startswith("#")}
    if prop.key_line == 1 and prop.last_line == fm.close_line - 1 and not kept:
        end = starts[fm.close_line + 1] if fm.close_line + 1 < len(starts) else len(doc.text)
        if find_frontmatter(doc.lines[fm.close_line + 1 :]) is None:
            return [(0, end, "")]
    if not kept:
        return [(starts[prop.key_line], starts[prop.last_line + 1], "")]
    return [(starts[i], starts[i + 1], "") for i in span if i not in kept]


def _remove_items(doc: NoteText, prop: TagsProperty, gone: set[int]) -> list[Splice]:
    """Splices removing the items at indexes ``gone`` (some item stays)."""
    items = prop.items
    if prop.style == "block":
        lines = sorted({items[k].line for k in gone})
        return [(doc.starts[i], doc.starts[i + 1], "") for i in lines]
    splices: list[Splice] = []
    k = 0
    while k < len(items):
        if k not in gone:
            k += 1
            continue
        j = k
        while j + 1 < len(items) and j + 1 in gone:
            j += 1
        if k > 0:
            splices.append((items[k - 1].end, items[j].end, ""))
        else:
            splices.append((items[k].start, items[j + 1].start, ""))
        k = j + 1
    return splices


def _body_removals(doc: NoteText, spans: list[tuple[int, int, bool]]) -> list[Splice]:
    """Splices removing body tags ``(start, end, inline)`` with one space beside each; a
    line holding nothing but removed inline tags goes whole, with its line ending."""
    by_line: dict[int, list[tuple[int, int, bool]]] = {}
    for span in spans:
        by_line.setdefault(doc.line_of(span[0]), []).append(span)
    splices: list[Splice] = []
    text = doc.text
    for i, found in sorted(by_line.items()):
        found.sort()
        begin = doc.starts[i]
        stop = begin + len(doc.lines[i])
        rest = list(text[begin:stop])
        for start, end, _ in found:
            rest[start - begin : end - begin] = " " * (end - start)
        if not "".join(rest).strip() and all(inline for _, _, inline in found):
            if i + 1 < len(doc.starts):
                splices.append((begin, doc.starts[i + 1], ""))
            else:
                previous = len(doc.ending(i - 1)) if i > 0 else 0
                splices.append((begin - previous, stop, ""))
            continue
        consumed = begin
        for start, end, _ in found:
            start, end = _with_separator(text, begin, stop, start, end, consumed)
            splices.append((start, end, ""))
            consumed = end
    return splices


def _with_separator(
    text: str, begin: int, stop: int, start: int, end: int, consumed: int
) -> tuple[int, int]:
    """Widen a tag's removal to one separator: in a list like ``#a, #b`` the comma goes
    with the tag (``#a, `` before a next tag, ``, #b`` after a previous one); elsewhere one
    space beside it."""
    after = end
    while after < stop and text[after] in " \t":
        after += 1
    if after < stop and text[after] == ",":
        nxt = after + 1
        while nxt < stop and text[nxt] in " \t":
            nxt += 1
        if nxt < stop and text[nxt] == "#":
            return start, nxt
    before = start
    while before > begin and text[before - 1] in " \t":
        before -= 1
    if before > begin and text[before - 1] == "," and before - 1 >= consumed:
        word = text.rfind(" ", begin, before - 1) + 1 or begin
        if text[max(word, begin)] == "#":
            return before - 1, end
    if start > begin and text[start - 1] in " \t" and start - 1 >= consumed:
        return start - 1, end
    if end < stop and text[end] in " \t":
        return start, end + 1
    return start, end


# -- add --------------------------------------------------------------------------------------


def _filled_field(note: Note) -> tuple[int, int] | None:
    """(line, offset after the value) of the first `` `TAGS:` `` field holding a tag."""
    for field in note.fields:
        if field.key.lower() != "tags" or field.style not in ("code", "line"):
            continue
        span = field.value_span
        if any(
            t.source is TagSource.FIELD and span.start <= t.span.start < span.end for t in note.tags
        ):
            return field.line, span.end
    return None


def _add_to_property(doc: NoteText, fm: Frontmatter, prop: TagsProperty, tag: str) -> list[Splice]:
    items = prop.items
    if prop.style == "block":
        last = items[-1]
        prefix = doc.text[doc.starts[last.line] : last.start]
        if not prefix.endswith((" ", "\t")):
            prefix += " "
        insert = prefix + yaml_value(tag, last.quote) + doc.ending(last.line)
        return [(doc.starts[last.line + 1], doc.starts[last.line + 1], insert)]
    if prop.style == "flow":
        if not items:
            return [(prop.value_start, prop.value_end, "[" + yaml_value(tag) + "]")]
        sep = doc.text[items[-2].end : items[-1].start] if len(items) > 1 else ", "
        return [(items[-1].end, items[-1].end, sep + yaml_value(tag, items[-1].quote))]
    if prop.style == "scalar":
        item = items[0]
        raw = doc.text[item.start : item.end]
        if raw in ('""', "''"):
            return [(item.start, item.end, "[" + yaml_value(tag) + "]")]
        if not item.name:
            raise CannotEdit(
                f"the tags property {raw!r} is not read as tags by Obsidian; write it as a list"
            )
        value = yaml_value(tag, item.quote)
        return [(item.start, item.start, "["), (item.end, item.end, ", " + value + "]")]
    insert = fm.item_prefix + yaml_value(tag) + doc.ending(prop.key_line)
    return [(doc.starts[prop.key_line + 1], doc.starts[prop.key_line + 1], insert)]


def _add(
    text: str, tag: str, *, path: str = "note.md", inline: bool = False, legacy: bool = False
) -> TextEdit | None:
    tag = clean_tag(tag)
    note = parse_note(text, path, legacy_keys=legacy)
    names = tag_counts(note)
    if tag.lower() in names:
        return None
    doc = NoteText(text)
    nl = doc.newline()
    splices: list[Splice]
    field = None if inline else _filled_field(note)
    fm = None if inline else locate_frontmatter(text)
    if inline:
        where = "inline"
        if not text:
            line, insert = 1, "#" + tag
        elif text.endswith(("\n", "\r")):
            line, insert = len(doc.lines), "#" + tag + doc.ending(len(doc.lines) - 2)
        else:
            line, insert = len(doc.lines) + 1, nl + "#" + tag
        splices = [(len(text), len(text), insert)]
    elif fm is not None and fm.tags is not None and fm.valid:
        where, line = "frontmatter", fm.tags.key_line + 1
        splices = _add_to_property(doc, fm, fm.tags, tag)
    elif field is not None:
        where, line = "field", field[0]
        written = text[doc.starts[line - 1] : field[1]]
        sep = ", " if re.search(r"#[^\s,]+[ \t]*,[ \t]*#", written) else " "
        splices = [(field[1], field[1], sep + "#" + tag)]
    elif fm is not None:
        if not fm.valid:
            raise CannotEdit("the frontmatter is not valid YAML; fix it first or use --inline")
        where, line = "new-property", fm.close_line + 1
        insert = "tags:" + nl + fm.item_prefix + yaml_value(tag) + nl
        splices = [(doc.starts[fm.close_line], doc.starts[fm.close_line], insert)]
    else:
        where, line = "new-frontmatter", 1
        insert = "---" + nl + "tags:" + nl + "  - " + yaml_value(tag) + nl + "---" + nl
        splices = [(0, 0, insert)]
    new = apply(text, splices)
    after = verify(note, new, set(names) | {tag.lower()}, lambda n: n != tag.lower(), legacy)
    wanted = {"inline": TagSource.INLINE, "field": TagSource.FIELD}.get(
        where, TagSource.FRONTMATTER
    )
    sources = {t.source for t in after.tags if t.name.lower() == tag.lower()}
    if sources != {wanted}:
        raise CannotEdit(f"the tag would not be read where it was written ({where}); not edited")
    return TextEdit(new, (Change("add", where, line, "", tag),))


# -- remove -----------------------------------------------------------------------------------


def _property_removal(
    doc: NoteText, fm: Frontmatter, prop: TagsProperty, gone: set[int]
) -> list[Splice]:
    if len(gone) == len(prop.items):
        return _delete_property(doc, fm, prop)
    return _remove_items(doc, prop, gone)


def _remove(text: str, tag: str, *, path: str = "note.md", legacy: bool = False) -> TextEdit | None:
    target = clean_tag(tag).lower()
    note = parse_note(text, path, legacy_keys=legacy)
    names = tag_counts(note)
    if target not in names:
        return None
    doc = NoteText(text)
    splices: list[Splice] = []
    changes: list[Change] = []
    if any(t.source is TagSource.FRONTMATTER and t.name.lower() == target for t in note.tags):
        fm = locate_frontmatter(text)
        if fm is None or fm.tags is None or not fm.valid:
            raise CannotEdit("the frontmatter tag could not be located; not edited")
        gone = {k for k, item in enumerate(fm.tags.items) if item.name.lower() == target}
        if not gone:
            raise CannotEdit("the frontmatter tag could not be located; not edited")
        splices += _property_removal(doc, fm, fm.tags, gone)
        items = fm.tags.items
        changes += [
            Change("remove", "frontmatter", items[k].line + 1, items[k].name, "")
            for k in sorted(gone)
        ]
    body = []
    for t in note.tags:
        if t.source is not TagSource.FRONTMATTER and t.name.lower() == target:
            check_span(text, t.span.start, t.span.end, t.name)
            body.append((t.span.start, t.span.end, t.source is TagSource.INLINE))
            changes.append(Change("remove", str(t.source), t.span.line, t.name, ""))
    splices += _body_removals(doc, body)
    new = apply(text, splices)
    verify(note, new, set(names) - {target}, lambda n: n != target, legacy)
    return TextEdit(new, tuple(changes))


# -- rename -----------------------------------------------------------------------------------


def renamed(name: str, old: str, new: str) -> str | None:
    """``name`` renamed from ``old`` to ``new`` (nested children follow), or None."""
    lowered, prefix = name.lower(), old.lower()
    if lowered == prefix or lowered.startswith(prefix + "/"):
        return new + name[len(old) :]
    return None


def _rename_item(doc: NoteText, item: Item, old: str, new: str) -> Splice:
    raw = doc.text[item.start : item.end]
    at = raw.lower().find(item.name.lower())
    if at < 0 or item.name.lower() != raw[at : at + len(item.name)].lower():
        raise CannotEdit(f"the frontmatter tag {raw!r} could not be located; not edited")
    value = raw[:at] + new + raw[at + len(old) :]
    if not item.quote and yaml_value(value) != value:
        value = json.dumps(value, ensure_ascii=False)
    return (item.start, item.end, value)


def _rename(
    text: str, old: str, new: str, *, path: str = "note.md", legacy: bool = False
) -> TextEdit | None:
    old, new = clean_tag(old), clean_tag(new)
    note = parse_note(text, path, legacy_keys=legacy)
    names = tag_counts(note)
    mapping = {n: (renamed(n, old, new) or n).lower() for n in names}
    if all(renamed(n, old, new) is None for n in names):
        return None
    if all(renamed(t.name, old, new) in (None, t.name) for t in note.tags):
        return None
    doc = NoteText(text)
    splices: list[Splice] = []
    changes: list[Change] = []
    if any(t.source is TagSource.FRONTMATTER and renamed(t.name, old, new) for t in note.tags):
        fm = locate_frontmatter(text)
        if fm is None or fm.tags is None or not fm.valid:
            raise CannotEdit("the frontmatter tag could not be located; not edited")
        items = fm.tags.items
        seen = {i.name.lower() for i in items if i.name and renamed(i.name, old, new) is None}
        gone: set[int] = set()
        for k, item in enumerate(items):
            target = renamed(item.name, old, new) if item.name else None
            if target is None:
                continue
            if target.lower() in seen:
                gone.add(k)
                changes.append(Change("merge", "frontmatter", item.line + 1, item.name, target))
                continue
            seen.add(target.lower())
            if target != item.name:
                splices.append(_rename_item(doc, item, old, new))
                changes.append(Change("rename", "frontmatter", item.line + 1, item.name, target))
        if gone:
            splices += _remove_items(doc, fm.tags, gone)
    removals: list[tuple[int, int, bool]] = []
    fields = [f.value_span for f in note.fields]
    in_field: dict[int, set[str]] = {}
    for t in note.tags:
        if t.source is TagSource.FIELD:
            k = next(i for i, s in enumerate(fields) if s.start <= t.span.start < s.end)
            if renamed(t.name, old, new) is None:
                in_field.setdefault(k, set()).add(t.name.lower())
    for t in note.tags:
        target = renamed(t.name, old, new)
        if t.source is TagSource.FRONTMATTER or target is None:
            continue
        check_span(text, t.span.start, t.span.end, t.name)
        if t.source is TagSource.FIELD:
            k = next(i for i, s in enumerate(fields) if s.start <= t.span.start < s.end)
            if target.lower() in in_field.setdefault(k, set()):
                removals.append((t.span.start, t.span.end, False))
                changes.append(Change("merge", "field", t.span.line, t.name, target))
                continue
            in_field[k].add(target.lower())
        if target != t.name:
            splices.append((t.span.start + 1, t.span.start + 1 + len(old), new))
            changes.append(Change("rename", str(t.source), t.span.line, t.name, target))
    splices += _body_removals(doc, removals)
    if not changes:
        return None
    result = apply(text, splices)
    expected = set(mapping.values())
    touched = set(mapping) | expected
    verify(note, result, expected, lambda n: n not in touched, legacy)
    return TextEdit(result, tuple(changes))


# -- public entry points ------------------------------------------------------------------------


def _with_bom(text: str, edit: Callable[[str], TextEdit | None]) -> TextEdit | None:
    """Run ``edit`` on ``text`` without a leading BOM and put the BOM back."""
    if not text.startswith("\ufeff"):
        return edit(text)
    result = edit(text[1:])
    return None if result is None else TextEdit("\ufeff" + result.text, result.changes)


def add_tag(
    text: str, tag: str, *, path: str = "note.md", inline: bool = False, legacy: bool = False
) -> TextEdit | None:
    """``text`` with ``tag`` added, or None when the note already has it (any spelling)."""
    return _with_bom(text, lambda t: _add(t, tag, path=path, inline=inline, legacy=legacy))


def remove_tag(
    text: str, tag: str, *, path: str = "note.md", legacy: bool = False
) -> TextEdit | None:
    """``text`` without any occurrence of ``tag`` (case-insensitive; nested tags are other
    tags and stay), or None when the note does not have it."""
    return _with_bom(text, lambda t: _remove(t, tag, path=path, legacy=legacy))


def rename_tag(
    text: str, old: str, new: str, *, path: str = "note.md", legacy: bool = False
) -> TextEdit | None:
    """``text`` with ``old`` and its nested tags renamed to ``new`` (``old/x`` -> ``new/x``),
    case-insensitively; a renamed tag already in the same frontmatter list or field is
    removed instead (a merge). None when nothing changes."""
    return _with_bom(text, lambda t: _rename(t, old, new, path=path, legacy=legacy))
