"""What every tag edit is made of: splices of a note's text, the changes they make, and the
check that re-parses the result and compares it with the note before.

A splice is ``(start, end, replacement)`` in the decoded text (BOM excluded, line endings as
in the file). :func:`verify` is the last word on every edit: if anything but the intended
tags would change, the edit raises :class:`CannotEdit` and nothing is written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vaultkit.model import Note
from vaultkit.parse.note import parse_note
from vaultkit.parse.positions import split_lines
from vaultkit.tags.yaml_tags import Frontmatter, Unsupported, locate

Splice = tuple[int, int, str]


class CannotEdit(Exception):
    """This note cannot be edited safely; ``str(error)`` says why."""


@dataclass(frozen=True, slots=True)
class Change:
    """One tag change in a note, for the plan a person reads."""

    action: str
    """``add``, ``remove``, ``rename``, or ``merge`` (a renamed tag dropped because the new
    name is already in the same frontmatter list or field)."""
    where: str
    """``frontmatter``, ``field``, ``inline``, ``new-property`` or ``new-frontmatter``."""
    line: int
    """1-based line: of the tag before a remove or rename, of the property (or the new
    line) an added tag goes into."""
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class TextEdit:
    """A note's new text and the changes that make it."""

    text: str
    changes: tuple[Change, ...]


class NoteText:
    """A note's text with its lines, offsets and line endings."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines, self.starts = split_lines(text)

    def ending(self, i: int) -> str:
        """The line ending of line ``i`` ('' for the last line)."""
        if i + 1 >= len(self.starts):
            return ""
        return self.text[self.starts[i] + len(self.lines[i]) : self.starts[i + 1]]

    def newline(self) -> str:
        """The file's first line ending, or ``\\n`` for a one-line file."""
        return next((e for i in range(len(self.lines)) if (e := self.ending(i))), "\n")

    def line_of(self, offset: int) -> int:
        """The 0-based line holding ``offset``."""
        import bisect

        return bisect.bisect_right(self.starts, offset) - 1


def apply(text: str, splices: list[Splice]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied; they must not overlap."""
    out: list[str] = []
    at = 0
    for start, end, new in sorted(splices, key=lambda s: (s[0], s[1])):
        if start < at or end < start:
            raise CannotEdit("two changes overlap in this note")
        out.append(text[at:start])
        out.append(new)
        at = end
    out.append(text[at:])
    return "".join(out)


def clean_tag(tag: str) -> str:
    """A tag as given by a user: without ``#`` and surrounding space."""
    return tag.strip().removeprefix("#")


def yaml_value(tag: str, quote: str = "") -> str:
    """``tag`` as a YAML scalar: quoted like its neighbours, else plain when YAML reads the
    plain form back as the same string, else double-quoted."""
    import yaml

    if quote == "'":
        return "'" + tag.replace("'", "''") + "'"
    if quote == "" and not tag.startswith(("'", '"')):
        try:
            if yaml.safe_load(tag) == tag:
                return tag
        except yaml.YAMLError:
            pass
    return json.dumps(tag, ensure_ascii=False)


def locate_frontmatter(text: str) -> Frontmatter | None:
    try:
        return locate(text)
    except Unsupported as error:
        raise CannotEdit(str(error)) from error


def tag_counts(note: Note) -> Counter[str]:
    return Counter(tag.name.lower() for tag in note.tags)


# -- verification ---------------------------------------------------------------------------


def _link_keys(note: Note) -> list[tuple[Any, ...]]:
    return [(x.target, x.kind, x.heading, x.block, x.alias, x.embed, x.key) for x in note.links]


def _errors(note: Note) -> set[str]:
    return {p.code for p in note.problems if p.severity == "error"}


def verify(
    before: Note, text: str, expected: set[str], stable: Callable[[str], bool], legacy: bool
) -> Note:
    """Parse ``text`` again and check that only the intended tags changed: its tag names
    are ``expected`` (lower-cased), names for which ``stable`` is true keep their counts,
    and properties other than ``tags``, links and headings are unchanged, with no new error."""
    after = parse_note(text, before.path, legacy_keys=legacy)
    old_props = {k: v for k, v in before.frontmatter.items() if k != "tags"}
    new_props = {k: v for k, v in after.frontmatter.items() if k != "tags"}
    if old_props != new_props:
        raise CannotEdit("the edit would change other properties; not edited")
    if _link_keys(before) != _link_keys(after):
        raise CannotEdit("the edit would change the note's links; not edited")
    if [h.level for h in before.headings] != [h.level for h in after.headings]:
        raise CannotEdit("the edit would change the note's headings; not edited")
    if _errors(after) - _errors(before):
        raise CannotEdit("the edit would make the note invalid; not edited")
    old, new = tag_counts(before), tag_counts(after)
    if set(new) != expected:
        raise CannotEdit("the edit would not give the expected tags; not edited")
    if any(old[n] != new[n] for n in set(old) | set(new) if stable(n)):
        raise CannotEdit("the edit would change other tags; not edited")
    return after


def check_span(text: str, start: int, end: int, name: str) -> None:
    if text[start:end] != "#" + name:
        raise CannotEdit("the note's text is not what was parsed; not edited")
