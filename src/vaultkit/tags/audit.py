"""``vaultkit tags audit``: what is wrong with a vault's tags, each finding with file and line.

Checks, in the order reported:

- ``untagged``: notes with no tag anywhere (frontmatter, body, fields);
- ``empty-tags``: an empty frontmatter ``tags:`` property, or an empty tags field
  (`` `TAGS:` `` with nothing after it, ``tags::``);
- ``single-use``: tags only one note carries;
- ``near-duplicate``: spellings of what is probably one tag: case variants (one tag for
  Obsidian, help-tags, but shown inconsistently), singular/plural, ``-`` against ``_``,
  and names one edit apart (``organising``/``organizing``; not when a digit differs);
- ``leaf-used-flat``: the last part of a nested tag also used as a tag of its own
  (``#reading/theory`` and ``#theory``).

Usage is counted over the whole vault; with a folder or kind filter only findings with an
occurrence in the selected notes are reported, with those occurrences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.model import Note

CHECKS = ("untagged", "empty-tags", "single-use", "near-duplicate", "leaf-used-flat")
MIN_EDIT_LENGTH = 5
"""Names shorter than this are never called "one edit apart" (``tax``/``tag`` are words)."""


@dataclass(frozen=True)
class Occurrence:
    """Where a finding shows: a note, a line (None for the whole note), the tag as written."""

    path: str
    line: int | None = None
    tag: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem: which check found it, what it is, the tags involved, where it shows."""

    check: str
    message: str
    tags: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)


@dataclass(frozen=True)
class AuditReport:
    """The result of ``vaultkit tags audit``: findings in check order."""

    notes: int
    findings: list[Finding]

    def counts(self) -> dict[str, int]:
        """Findings per check (every check listed, zero included)."""
        counts = dict.fromkeys(CHECKS, 0)
        for finding in self.findings:
            counts[finding.check] += 1
        return counts


@dataclass
class _Tag:
    """All occurrences of one spelling in the vault."""

    spelling: str
    places: list[Occurrence] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)


def _empty(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, list) and all(v is None or str(v).strip() == "" for v in value)


def audit(notes: list[Note], selected: set[str] | None, root: Path | None) -> AuditReport:
    """Audit the tags of ``notes`` (the whole vault); report on the paths in ``selected``
    (None: every note). ``root`` lets the line of an empty ``tags:`` be read from the file."""
    chosen = [n for n in notes if selected is None or n.path in selected]
    findings: list[Finding] = []
    for note in chosen:
        if not note.tags:
            findings.append(
                Finding("untagged", "no tag anywhere", occurrences=[Occurrence(note.path)])
            )
    for note in chosen:
        if "tags" in note.frontmatter and _empty(note.frontmatter["tags"]):
            place = Occurrence(note.path, _tags_key_line(root, note), None, "frontmatter")
            findings.append(Finding("empty-tags", "empty tags property", [], [place]))
        for fld in note.fields:
            if fld.key.strip().lower() == "tags" and not fld.value.strip():
                shown = f"`{fld.key}:`" if fld.style == "code" else f"{fld.key}::"
                place = Occurrence(note.path, fld.line, None, "field")
                findings.append(Finding("empty-tags", f"empty {shown} field", [], [place]))
    spellings = _spellings(notes)
    keep = None if selected is None else selected
    findings += _single_use(spellings, keep) + _near_duplicates(spellings, keep)
    findings += _leaf_used_flat(spellings, keep)
    return AuditReport(len(chosen), findings)


def _tags_key_line(root: Path | None, note: Note) -> int | None:
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


def _spellings(notes: list[Note]) -> dict[str, _Tag]:
    found: dict[str, _Tag] = {}
    for note in notes:
        for tag in note.tags:
            entry = found.setdefault(tag.name, _Tag(tag.name))
            place = Occurrence(note.path, tag.span.line, tag.name, str(tag.source))
            entry.places.append(place)
            entry.notes.add(note.path)
    return found


def _places(tags: list[_Tag], keep: set[str] | None) -> list[Occurrence]:
    return [p for t in tags for p in t.places if keep is None or p.path in keep]


def _single_use(spellings: dict[str, _Tag], keep: set[str] | None) -> list[Finding]:
    by_name: dict[str, list[_Tag]] = defaultdict(list)
    for entry in spellings.values():
        by_name[entry.spelling.lower()].append(entry)
    findings = []
    for name in sorted(by_name):
        group = by_name[name]
        notes = set().union(*(t.notes for t in group))
        places = _places(group, keep)
        if len(notes) == 1 and places:
            shown = group[0].spelling
            findings.append(Finding("single-use", f"#{shown} is used in one note", [shown], places))
    return findings


def _plural_key(name: str) -> str:
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


def _one_edit(a: str, b: str) -> bool:
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


def _near_duplicates(spellings: dict[str, _Tag], keep: set[str] | None) -> list[Finding]:
    names = sorted(spellings)
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
        buckets[("plural", _plural_key(low))].append(name)
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
                if find(a) != find(b) and _one_edit(a.lower(), b.lower()):
                    join(a, b, "one edit apart")
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[find(name)].append(name)
    findings = []
    for members in groups.values():
        if len(members) < 2:
            continue
        tags = sorted((spellings[m] for m in members), key=lambda t: (-len(t.notes), t.spelling))
        places = _places(tags[::-1], keep)  # the rarer spellings, likely to fix, first
        if not places:
            continue
        why = sorted(
            {r for pair, r in reasons.items() if pair <= set(members)},
            key=["case variants", "singular and plural", "- and _", "one edit apart"].index,
        )
        listed = ", ".join(f"#{t.spelling} ({len(t.notes)})" for t in tags)
        findings.append(
            Finding(
                "near-duplicate", f"{listed}: {'; '.join(why)}", [t.spelling for t in tags], places
            )
        )
    findings.sort(key=lambda f: f.tags[0].lower())
    return findings


def _leaf_used_flat(spellings: dict[str, _Tag], keep: set[str] | None) -> list[Finding]:
    flat: dict[str, list[_Tag]] = defaultdict(list)
    nested: dict[str, list[_Tag]] = defaultdict(list)
    for entry in spellings.values():
        low = entry.spelling.lower()
        if "/" in low:
            nested[low].append(entry)
        else:
            flat[low].append(entry)
    findings = []
    for name in sorted(nested):
        leaf = name.rpartition("/")[2]
        if not leaf or leaf not in flat or name.split("/")[0] == leaf:
            continue
        owners = nested[name]
        plain = flat[leaf]
        places = _places(plain, keep) + _places(owners, keep)
        if not places:
            continue
        shown, flat_shown = owners[0].spelling, plain[0].spelling
        count = len(set().union(*(t.notes for t in plain)))
        findings.append(
            Finding(
                "leaf-used-flat",
                f"#{shown} ends in {leaf!r}, also used on its own as #{flat_shown} ({count})",
                [shown, flat_shown],
                places,
            )
        )
    return findings
