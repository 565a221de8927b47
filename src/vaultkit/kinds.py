"""What kind of note a note is (meeting, reading, resolution, clipping), its date and its
organization: rules from ``.vaultkit.toml`` ``[kinds.*]`` with defaults that fit the
user's vault.

A kind's rule matches when any of its tests does: a tag (nested tags included), a folder,
a title pattern, a property (present, or equal to a value). Notes may have several kinds:
a reading note about a resolution is both.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from vaultkit.errors import ConfigError
from vaultkit.model import LinkKind, Note

KINDS = ("meeting", "reading", "resolution", "clipping")


@dataclass(frozen=True)
class KindRule:
    """The tests that give a note one kind; any one test matching is enough."""

    tags: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()
    title_patterns: tuple[str, ...] = ()
    properties: dict[str, Any] = field(default_factory=dict)
    """Property name -> required value, or ``True`` for "present and not empty"."""
    numbered_sections: int = 0
    """Minimum count of paragraph-numbered headings (``# 13. …``) that makes this kind."""
    bare: bool = False
    """Matches notes with no frontmatter, no tags and no links (clipped documents)."""


DEFAULT_RULES: dict[str, KindRule] = {
    "meeting": KindRule(tags=("meeting",)),
    "reading": KindRule(tags=("reading",), properties={"author": True, "format": True}),
    "resolution": KindRule(
        title_patterns=(r"(?i)\bresolution\b",),
        properties={"type": "resolution"},
        numbered_sections=3,
    ),
    "clipping": KindRule(bare=True),
}


_RULE_KEYS = ("tags", "folders", "title_patterns", "properties", "numbered_sections", "bare")


def _strings(name: str, key: str, value: Any) -> list[str]:
    """A config list of strings (one string alone is a list of one)."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[kinds.{name}] {key} must be a list of strings")
    return list(value)


def rules_from_config(sections: dict[str, Any]) -> dict[str, KindRule]:
    """Default rules, each replaced by a ``[kinds.NAME]`` table when the config has one."""
    rules = dict(DEFAULT_RULES)
    table = sections.get("kinds", {})
    if not isinstance(table, dict):
        raise ConfigError("[kinds] must be a table")
    for name, spec in table.items():
        if not isinstance(spec, dict):
            raise ConfigError(f"[kinds.{name}] must be a table")
        unknown = sorted(set(spec) - set(_RULE_KEYS))
        if unknown:
            raise ConfigError(
                f"[kinds.{name}]: unknown key {', '.join(unknown)}; known: {', '.join(_RULE_KEYS)}"
            )
        properties = spec.get("properties", {})
        if not isinstance(properties, dict):
            raise ConfigError(f"[kinds.{name}] properties must be a table (name = value or true)")
        try:
            patterns = _strings(name, "title_patterns", spec.get("title_patterns", []))
            for pattern in patterns:
                re.compile(pattern)
            rules[name] = KindRule(
                tags=tuple(
                    t.lstrip("#").lower() for t in _strings(name, "tags", spec.get("tags", []))
                ),
                folders=tuple(
                    f.strip("/") for f in _strings(name, "folders", spec.get("folders", []))
                ),
                title_patterns=tuple(patterns),
                properties=dict(properties),
                numbered_sections=int(spec.get("numbered_sections", 0)),
                bare=bool(spec.get("bare", False)),
            )
        except (re.error, TypeError, ValueError) as error:
            raise ConfigError(f"[kinds.{name}]: {error}") from error
    return rules


_NUMBERED = re.compile(r"^(\d{1,4})[.)]\s+\S")


def _has_property(note: Note, key: str, wanted: Any) -> bool:
    value = note.frontmatter.get(key)
    if wanted is True:
        return value not in (None, "", [], {})
    if isinstance(value, str) and isinstance(wanted, str):
        return value.strip().lower() == wanted.lower()
    return bool(value == wanted)


def _matches(note: Note, rule: KindRule, tags: set[str], folder: str) -> bool:
    """Whether ``rule`` gives ``note`` its kind; ``tags`` (lower-cased) and ``folder``
    (lower-cased) are the note's, worked out once for all rules."""
    for wanted in rule.tags:
        if any(t == wanted or t.startswith(wanted + "/") for t in tags):
            return True
    if any(folder == f.lower() or folder.startswith(f.lower() + "/") for f in rule.folders):
        return True
    titles = (note.title, note.name)
    if any(re.search(p, t) for p in rule.title_patterns for t in titles):
        return True
    if any(_has_property(note, key, wanted) for key, wanted in rule.properties.items()):
        return True
    if rule.numbered_sections and _paragraph_numbered(note) >= rule.numbered_sections:
        return True
    return (
        rule.bare
        and note.word_count > 0
        and not note.frontmatter
        and not note.tags
        and not note.links
    )


def _paragraph_numbered(note: Note) -> int:
    """How many headings are numbered by paragraph (increasing, with gaps: 1, 13, 29 …)."""
    numbers = [int(m.group(1)) for h in note.headings if (m := _NUMBERED.match(h.plain))]
    if len(numbers) < 2 or numbers != sorted(numbers):
        return 0
    gaps = [b - a for a, b in itertools.pairwise(numbers)]
    return len(numbers) if max(gaps) > 1 else 0


def classify(note: Note, rules: dict[str, KindRule]) -> tuple[str, ...]:
    """Every kind whose rule matches ``note``, in the order of ``rules``."""
    tags = {t.name.lower() for t in note.tags}
    folder = note.folder.lower()
    return tuple(name for name, rule in rules.items() if _matches(note, rule, tags, folder))


# -- dates and organizations ---------------------------------------------------------------

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DIGIT = re.compile(r"\d")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d/-])(\d{1,4})[-/.](\d{1,2})[-/.](\d{2,4})(?![\d/-])")
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 70 else value + 1900 if value < 100 else value


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, order: str = "MDY") -> dt.date | None:
    """The first date written in ``text``: ISO, numeric (``1-30-21``, ``1/30/2021`` in
    ``order``), or with a month name (``Jan 30, 2021``, ``30 January 2021``)."""
    if not _DIGIT.search(text):  # every form has digits; most titles have none
        return None
    if match := _ISO.search(text):
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _NUMERIC.search(text):
        a, b, c = match.groups()
        if len(a) == 4:
            return _safe_date(int(a), int(b), int(c))
        if order == "DMY":
            return _safe_date(_year(c), int(b), int(a))
        if order == "YMD":
            return _safe_date(_year(a), int(b), int(c))
        return _safe_date(_year(c), int(a), int(b))
    for match in _MONTH_FIRST.finditer(text):
        month = _MONTHS.get(match.group(1).lower())
        if month:
            return _safe_date(int(match.group(3)), month, int(match.group(2)))
    for match in _DAY_FIRST.finditer(text):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            return _safe_date(int(match.group(3)), month, int(match.group(1)))
    return None


def note_date(note: Note, order: str = "MDY") -> dt.date | None:
    """Frontmatter ``date``, else a date in the file name, else one in the title."""
    value = note.frontmatter.get("date")
    if isinstance(value, str):
        found = parse_date(value, "YMD" if _ISO.search(value) else order)
        if found:
            return found
    return parse_date(note.name, order) or parse_date(note.h1 or note.title, order)


def note_org(note: Note) -> str | None:
    """The first wikilink of the title line, else an ``org`` property, else the folder."""
    title_line = next((h.line for h in note.headings if h.level == 1), None)
    if title_line is not None:
        for link in note.links:
            if (
                link.kind == LinkKind.WIKI
                and link.span.line == title_line
                and not link.embed
                and link.target
            ):
                return link.target.rpartition("/")[2]
    org = note.frontmatter.get("org")
    if isinstance(org, str) and org.strip():
        return org.strip().strip("[]").split("|")[0].rpartition("/")[2].strip() or None
    return note.folder.rpartition("/")[2] or None


@dataclass(frozen=True)
class NoteFacts:
    """What vaultkit derives about a note beyond its text."""

    kinds: tuple[str, ...]
    date: str | None
    org: str | None


def note_facts(note: Note, rules: dict[str, KindRule], order: str = "MDY") -> NoteFacts:
    """Kinds, date (ISO) and organization (meetings only) of ``note``."""
    kinds = classify(note, rules)
    day = note_date(note, order)
    return NoteFacts(
        kinds, day.isoformat() if day else None, note_org(note) if "meeting" in kinds else None
    )


def describe_rule(rule: KindRule) -> str:
    """A kind's rule in words: ``tagged #meeting (or #meeting/…), or in folder Meetings/``."""
    tests = [f"tagged #{t} (or #{t}/…)" for t in rule.tags]
    tests += [f"in folder {f}/" for f in rule.folders]
    tests += [f"a title matching /{p}/" for p in rule.title_patterns]
    tests += [
        f"a {key!r} property" if wanted is True else f"property {key} = {wanted!r}"
        for key, wanted in rule.properties.items()
    ]
    if rule.numbered_sections:
        tests.append(f"at least {rule.numbered_sections} paragraph-numbered headings")
    if rule.bare:
        tests.append("no frontmatter, tags or links")
    return ", or ".join(tests) or "nothing (the rule has no tests)"
