"""Rules over tags, shared by ``vaultkit check`` and ``vaultkit tags audit``:

- ``untagged``: notes with no tag anywhere (frontmatter, body, fields);
- ``empty-tags``: an empty frontmatter ``tags:`` property, or an empty tags field
  (`` `TAGS:` `` with nothing after it, ``tags::``);
- ``single-use``: tags only one note carries;
- ``near-duplicate``: spellings of what is probably one tag: case variants (one tag for
  Obsidian, help-tags, but shown inconsistently), singular/plural, ``-`` against ``_``,
  and names one edit apart (``organising``/``organizing``; not when a digit differs);
- ``leaf-used-flat``: the last part of a nested tag also used as a tag of its own
  (``#reading/theory`` and ``#theory``).

Usage is counted over the whole vault; only findings with an occurrence in the notes in
scope are reported, with those occurrences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.check.model import Edit, Finding, Place
from vaultkit.tags.spelling import spelling_rank

if TYPE_CHECKING:
    from vaultkit.check.context import CheckContext
    from vaultkit.model import Note

MIN_EDIT_LENGTH = 5
"""Names shorter than this are never called "one edit apart" (``tax``/``tag`` are words)."""
REASONS = ["case variants", "singular and plural", "- and _", "one edit apart"]


@dataclass
class _Tag:
    """All occurrences of one spelling in the vault."""

    spelling: str
    places: list[Place] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)


def _empty(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, list) and all(v is None or str(v).strip() == "" for v in value)


def untagged(ctx: CheckContext) -> Iterator[Finding]:
    """Notes with no tag anywhere."""
    for note in ctx.notes:
        if not note.tags:
            yield Finding(
                "untagged",
                "info",
                "no tag anywhere",
                [Place(note.path)],
                "add a tag (vaultkit tags suggest proposes some)",
            )


def empty_tags(ctx: CheckContext) -> Iterator[Finding]:
    """An empty ``tags:`` property or tags field."""
    for note in ctx.notes:
        if "tags" in note.frontmatter and _empty(note.frontmatter["tags"]):
            place = Place(note.path, tags_key_line(ctx.root, note), 1, None, "frontmatter")
            yield Finding(
                "empty-tags",
                "warning",
                "empty tags property",
                [place],
                "fill the tags property or delete it",
            )
        tags = " ".join(f"#{name}" for name in note.tag_names())
        for fld in note.fields:
            if fld.key.strip().lower() == "tags" and not fld.value.strip():
                shown = f"`{fld.key}:`" if fld.style == "code" else f"{fld.key}::"
                place = Place(note.path, fld.line, fld.value_span.col, None, "field")
                # The template's field, left empty: --fix writes the note's own tags there
                # (only when it has some; with none, what to write is the user's choice).
                edits = [Edit(note.path, "fill-field", fld.key, tags, fld.value_span.start)]
                yield Finding(
                    "empty-tags",
                    "warning",
                    f"empty {shown} field",
                    [place],
                    f"put the note's tags after {shown}" + (f" ({tags})" if tags else ""),
                    edits=edits if tags else [],
                )


def tags_key_line(root: Path | None, note: Note) -> int | None:
    """The line of an empty ``tags:`` property, read back from the file (the index records
    tags, not a property without any); else the frontmatter's first line."""
    from vaultkit.tags.yaml_tags import Unsupported, locate
    from vaultkit.vault import read_text

    fallback = note.frontmatter_lines[0] if note.frontmatter_lines else None
    if root is None:
        return fallback
    text, problems = read_text(root / note.path, 64 * 1024 * 1024)
    try:
        found = locate(text) if text is not None and not problems else None
    except Unsupported:
        found = None
    return found.tags.key_line + 1 if found is not None and found.tags is not None else fallback


def _spellings(ctx: CheckContext) -> dict[str, _Tag]:
    key = "spellings"
    if key not in ctx.cache:
        found: dict[str, _Tag] = {}
        wanted = None if ctx.whole_vault_in_memory() else _wanted_names(ctx)
        for path, name, source, line, col in ctx.tag_rows(wanted):
            entry = found.setdefault(name, _Tag(name))
            entry.places.append(Place(path, line, col, name, source))
            entry.notes.add(path)
        ctx.cache[key] = found
    return ctx.cache[key]  # type: ignore[return-value]


def _wanted_names(ctx: CheckContext) -> set[str]:
    """The tags (lower case) whose occurrences the tag rules need when only some notes are
    checked: theirs, the spellings grouped with them, and nested or flat tags sharing a
    last part with them."""
    local = {t.name.lower() for n in ctx.notes for t in n.tags}
    names = ctx.tag_names()
    groups, _ = _groups(names)
    wanted = set(local)
    for members in groups.values():
        lowered = {m.lower() for m in members}
        if len(members) > 1 and lowered & local:
            wanted |= lowered
    leaves = {n.rpartition("/")[2] for n in local}
    for name in names:
        low = name.lower()
        if ("/" in low and low.rpartition("/")[2] in local) or low in leaves:
            wanted.add(low)
    return wanted


def _places(ctx: CheckContext, tags: list[_Tag]) -> list[Place]:
    return [p for t in tags for p in t.places if ctx.in_scope(p.path)]


def single_use(ctx: CheckContext) -> Iterator[Finding]:
    """Tags only one note carries."""
    by_name: dict[str, list[_Tag]] = defaultdict(list)
    for entry in _spellings(ctx).values():
        by_name[entry.spelling.lower()].append(entry)
    for name in sorted(by_name):
        group = by_name[name]
        notes = set().union(*(t.notes for t in group))
        places = _places(ctx, group)
        if len(notes) == 1 and places:
            shown = group[0].spelling
            yield Finding(
                "single-use",
                "info",
                f"#{shown} is used in one note",
                places,
                f"use a tag other notes carry, or keep #{shown} on purpose",
                [shown],
            )


def plural_key(name: str) -> str:
    """``name`` with plural endings of each part dropped, ``_`` read as ``-``."""
    parts = []
    for part in name.replace("_", "-").split("/"):
        if len(part) > 4 and part.endswith("ies"):
            part = part[:-3] + "y"
        elif len(part) > 4 and part.endswith(("ses", "xes", "zes", "ches", "shes")):
            part = part[:-2]
        elif len(part) > 3 and part.endswith("s") and not part.endswith("ss"):
            part = part[:-1]
        parts.append(part)
    return "/".join(parts)


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one inserted, deleted or replaced non-digit."""
    if abs(len(a) - len(b)) > 1 or a == b or min(len(a), len(b)) < MIN_EDIT_LENGTH:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        same = a[i + 1 :] == b[i + 1 :]
        return same and not (a[i].isdigit() or b[i].isdigit())
    return a[i:] == b[i + 1 :] and not b[i].isdigit()


def _groups(names: list[str]) -> tuple[dict[str, list[str]], dict[frozenset[str], str]]:
    """Spellings joined into groups of probable variants, with why each pair was joined."""
    parent = {n: n for n in names}
    reasons: dict[frozenset[str], str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str, why: str) -> None:
        reasons.setdefault(frozenset((a, b)), why)
        parent[find(a)] = find(b)

    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    deletions: dict[str, list[str]] = defaultdict(list)
    for name in names:
        low = name.lower()
        buckets[("case", low)].append(name)
        buckets[("sep", low.replace("_", "-"))].append(name)
        buckets[("plural", plural_key(low))].append(name)
        if len(low) >= MIN_EDIT_LENGTH - 1:
            for i in range(len(low) + 1):
                deletions[low[:i] + low[i + 1 :] if i < len(low) else low].append(name)
    labels = {"case": "case variants", "sep": "- and _", "plural": "singular and plural"}
    for (kind, _), group in sorted(buckets.items()):
        for other in group[1:]:
            a, b = group[0], other
            if kind != "case" and a.lower() == b.lower():
                continue
            if kind == "plural" and a.lower().replace("_", "-") == b.lower().replace("_", "-"):
                continue
            join(a, b, labels[kind])
    for group in deletions.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if find(a) != find(b) and one_edit(a.lower(), b.lower()):
                    join(a, b, "one edit apart")
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[find(name)].append(name)
    return groups, reasons


def near_duplicates(ctx: CheckContext) -> Iterator[Finding]:
    """Spellings of probably one tag; case variants are fixed to the most used spelling."""
    spellings = _spellings(ctx)
    groups, reasons = _groups(sorted(spellings))
    findings = []
    for members in groups.values():
        if len(members) < 2:
            continue
        tags = sorted(
            (spellings[m] for m in members), key=lambda t: spelling_rank(t.spelling, len(t.notes))
        )
        places = _places(ctx, tags[::-1])  # the rarer spellings, likely to fix, first
        if not places:
            continue
        why = sorted({r for pair, r in reasons.items() if pair <= set(members)}, key=REASONS.index)
        listed = ", ".join(f"#{t.spelling} ({len(t.notes)})" for t in tags)
        top = tags[0].spelling
        edits = [
            Edit(path, "rename-tag", t.spelling, top)
            for t in tags[1:]
            if t.spelling.lower() == top.lower()
            for path in sorted(t.notes)
            if ctx.in_scope(path)
        ]
        others = ", ".join(f"#{t.spelling}" for t in tags[1:])
        findings.append(
            Finding(
                "near-duplicate",
                "warning",
                f"{listed}: {'; '.join(why)}",
                places,
                f"write #{top} for {others} (vaultkit tag rename)",
                [t.spelling for t in tags],
                edits=edits,
            )
        )
    findings.sort(key=lambda f: f.tags[0].lower())
    return iter(findings)


def leaf_used_flat(ctx: CheckContext) -> Iterator[Finding]:
    """A nested tag's last part also used as a tag of its own."""
    flat: dict[str, list[_Tag]] = defaultdict(list)
    nested: dict[str, list[_Tag]] = defaultdict(list)
    for entry in _spellings(ctx).values():
        low = entry.spelling.lower()
        (nested if "/" in low else flat)[low].append(entry)
    for name in sorted(nested):
        leaf = name.rpartition("/")[2]
        if not leaf or leaf not in flat or name.split("/")[0] == leaf:
            continue
        owners, plain = nested[name], flat[leaf]
        places = _places(ctx, plain) + _places(ctx, owners)
        if not places:
            continue
        shown, flat_shown = owners[0].spelling, plain[0].spelling
        count = len(set().union(*(t.notes for t in plain)))
        yield Finding(
            "leaf-used-flat",
            "info",
            f"#{shown} ends in {leaf!r}, also used on its own as #{flat_shown} ({count})",
            places,
            f"use one of #{shown} and #{flat_shown}",
            [shown, flat_shown],
        )
