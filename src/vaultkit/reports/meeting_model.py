"""What a meeting note says, read from its parsed structure: branch, organization, type,
attendance, agenda items with a gist, decisions, actions (owner, due date), speakers and the
resolution sections discussed. Pure functions over a ``Note``; every pattern is anchored or
bounded and runs over one list item's first line, so the whole pass is linear in the note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.model import LinkKind, ListItem, Note

if TYPE_CHECKING:
    from vaultkit.kinds import KindRule

DONE = frozenset("xX-")
GIST_CHARS = 120
_BRANCH = re.compile(r"\bbranch\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
_NEWS = re.compile(r"\bnews\b", re.IGNORECASE)
_INTERVENTION = re.compile(r"^my interventions?\b", re.IGNORECASE)
_DECISION = re.compile(
    r"\b(voted|vote|decided|agreed|adopted|approved|resolved|unanimous(?:ly)?)\b", re.IGNORECASE
)
_PROPOSAL = re.compile(r"^(?:a\s+)?proposals?\b(?:\s+from\s+[^:]{1,40})?\s*:", re.IGNORECASE)
_TALLY = re.compile(r"(?<![\d,])(\d{1,4})\s*(?:-|–|—|to)\s*(\d{1,4})(?![\d,])")
_OWNER = re.compile(r"^([A-Z][\w'’.-]*(?:\s+(?:and|&)\s+[A-Z][\w'’.-]*)?)\s*:\s+\S")
_SPEAKER = re.compile(
    r"^([A-Z][\w'’-]*)(?:\s*:\s|\s+(?:introduced|raised|noted|pointed|disagreed|supported|"
    r"proposed|presented|made|wants|agreed|found|led|connected|said|says|argued|asked|"
    r"explained|thinks|suggested|reported|objected|opened|summed)\b)"
)
_PROPOSER = re.compile(r"^proposals?\s+from\s+([A-Z][\w'’-]*)", re.IGNORECASE)
_NAMES_TEXT = """a an the we our my i it this that these those they he she you one two three next
    everyone everybody nobody someone all some most many proposal proposals agreed decided
    tasks task news note notes update updates discussion question answer report first
    last then also but and so if when what why how who where monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december today tomorrow tonight"""
_NOT_NAMES = frozenset(_NAMES_TEXT.split())
_FUTURE = re.compile(r"(?:\bto\s+be|\bwill(?:\s+be)?|\bbe)\s*$", re.IGNORECASE)
_MENTION = re.compile(
    r"(?:\b(sections?|paragraphs?|paras?\.?)|(§§?|¶¶?))\s*(\d{1,4}(?:\s*(?:,|and|&|or)\s*\d{1,4})*)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d{1,4}")
_NUMBERED_HEADING = re.compile(r"^(\d{1,4})[.)]\s")
ATTENDANCE_KEYS = ("attendance", "attendees", "present", "attended")


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item (a heading below the title) and its first point as a gist."""

    title: str
    line: int
    gist: str | None


@dataclass(frozen=True)
class Decision:
    """A point recording a decision: its verb (``voted``, ``agreed``, ``proposal`` …) and
    the vote tally when one is written (``7-3``)."""

    path: str
    date: str | None
    branch: str | None
    text: str
    line: int
    section: str | None
    verb: str
    tally: list[int] | None


@dataclass(frozen=True)
class Action:
    """A task of a meeting: its owner (``Rosa: …``; None when unnamed) and due date."""

    path: str
    date: str | None
    branch: str | None
    text: str
    owner: str | None
    due: str | None
    """The ISO due date, where one is written or resolved; None otherwise."""
    done: bool
    line: int
    section: str | None
    due_text: str | None = None
    """The words the due date was read from (``before the June deadline``)."""
    due_kind: str | None = None
    """``date`` (written as a date), ``resolved`` (a phrase resolved against the meeting's
    date), ``scheduled`` (the day it is planned for: ``on Friday``) or ``text`` (kept as
    written: ``by next meeting``, ``before the convention``)."""


@dataclass(frozen=True)
class SectionMention:
    """A resolution section discussed: by a link subpath (``#29. What makes a cadre``) or
    by the text (``sections 13 and 29``, ``paragraph 16``)."""

    resolution: str | None
    """The resolution's path; None when the note links no resolution near the mention."""
    section: int | None
    """The section number (a paragraph is placed in the section that holds it)."""
    paragraph: int | None
    line: int
    via: str
    """``link`` or ``text``."""


@dataclass(frozen=True)
class Attendance:
    """Attendance as written: a count, names, or both."""

    count: int | None
    names: list[str]


# -- who and what ------------------------------------------------------------------------------


def title_line(note: Note) -> int | None:
    """The line of the note's first level-1 heading."""
    return next((h.line for h in note.headings if h.level == 1), None)


def org_of(note: Note) -> str | None:
    """The title's first wikilink (``# [[WFU]] Olympia Branch``), else an ``org`` property."""
    line = title_line(note)
    for link in note.links:
        if (
            line is not None
            and link.span.line == line
            and link.kind == LinkKind.WIKI
            and not link.embed
            and link.target
        ):
            return link.alias or link.target.rpartition("/")[2]
    value = note.frontmatter.get("org") or note.frontmatter.get("organization")
    if isinstance(value, str) and value.strip():
        return value.strip().strip("[]").split("|")[0].rpartition("/")[2].strip() or None
    return None


def _branch_in(text: str, org: str | None) -> str | None:
    """The words just before "Branch" in ``text`` (up to three, the org's name left out)."""
    match = _BRANCH.search(text)
    if not match:
        return None
    before = re.split(r"[,;:(\[\]|]", text[: match.start()])[-1]
    words = _NAME_WORD.findall(before)
    if org:
        skip = {w.lower() for w in _NAME_WORD.findall(org)}
        while words and words[0].lower() in skip:
            words.pop(0)
    words = [w for w in words[-3:] if w[:1].isupper()]
    return " ".join(words) or None


def branch_of(note: Note, org: str | None = None) -> str | None:
    """The branch: ``X Branch`` in the title (heading, then file name), else the folder
    (not the vault root, nor a folder named "Meetings"), else a ``branch`` property."""
    h1 = next((h.plain for h in note.headings if h.level == 1), None)
    for text in (h1, note.title):
        if text and (found := _branch_in(text, org)):
            return found
    folder = note.folder.rpartition("/")[2]
    if folder and folder.lower() not in ("meeting", "meetings"):
        return folder
    value = note.frontmatter.get("branch")
    if isinstance(value, str) and value.strip():
        return value.strip().strip("[]").split("|")[0].rpartition("/")[2].strip() or None
    return None


def type_of(note: Note, rule: KindRule) -> str | None:
    """The meeting type from a nested meeting tag: ``#meeting/political`` -> political."""
    for tag in note.tags:
        name = tag.name.lower()
        for wanted in rule.tags:
            if name.startswith(wanted + "/"):
                return name[len(wanted) + 1 :]
    value = note.frontmatter.get("type")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def attendance_of(note: Note) -> Attendance | None:
    """``attendance:: 7`` (an inline field or a property), or a list of names."""
    values: list[object] = [note.frontmatter.get(key) for key in ATTENDANCE_KEYS]
    values += [f.value for f in note.fields if f.key.lower() in ATTENDANCE_KEYS]
    for value in values:
        if isinstance(value, bool) or value in (None, "", []):
            continue
        if isinstance(value, int):
            return Attendance(value, [])
        if isinstance(value, list):
            names = [str(v).strip().strip("[]") for v in value if str(v).strip()]
            return Attendance(len(names), names)
        text = str(value).strip()
        if text.isdigit():
            return Attendance(int(text), [])
        names = [n.strip().strip("[]") for n in re.split(r"[,;]", text) if n.strip()]
        return Attendance(len(names), names)
    return None


# -- items by role ------------------------------------------------------------------------------


def _in_intervention(items: tuple[ListItem, ...]) -> list[bool]:
    """Per item: whether it sits in a "My intervention" group (the header included)."""
    inside = [False] * len(items)
    for position, item in enumerate(items):
        parent = item.parent
        inside[position] = bool(_INTERVENTION.match(item.text)) or (
            parent is not None and 0 <= parent < position and inside[parent]
        )
    return inside


def agenda_of(note: Note) -> list[AgendaItem]:
    """Headings below the title, each with the first sentence of its first plain point."""
    first_point: dict[str, str] = {}
    inside = _in_intervention(note.list_items)
    for position, item in enumerate(note.list_items):
        if item.section is None or item.section in first_point or inside[position]:
            continue
        if item.task is None and item.depth == 0 and item.text.strip():
            first_point[item.section] = gist(item.text)
    top = title_line(note)
    return [
        AgendaItem(h.plain, h.line, first_point.get(h.plain))
        for h in note.headings
        if h.line != top
    ]


def gist(text: str, limit: int = GIST_CHARS) -> str:
    """The first sentence of ``text``, cut to ``limit`` characters."""
    text = " ".join(text.split())
    end = text.find(". ")
    if 0 < end < limit:
        return text[: end + 1]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def decisions_of(note: Note, branch: str | None) -> list[Decision]:
    """Points (not tasks, not the user's own interventions, not news) that record a vote,
    a decision, an agreement or a proposal."""
    out = []
    inside = _in_intervention(note.list_items)
    for position, item in enumerate(note.list_items):
        if inside[position] or item.task is not None:
            continue
        if item.section and _NEWS.search(item.section):
            continue
        verb: str | None = None
        if _PROPOSAL.match(item.text):
            verb = "proposal"
        elif (match := _DECISION.search(item.text)) and not _FUTURE.search(
            item.text[max(0, match.start() - 12) : match.start()]
        ):
            verb = match.group(1).lower()
            verb = "voted" if verb == "vote" else "unanimous" if verb.startswith("unan") else verb
        if verb is None:
            continue
        tally = None
        if verb == "voted" and (found := _TALLY.search(item.text)):
            tally = [int(found.group(1)), int(found.group(2))]
        out.append(
            Decision(
                note.path,
                note.date,
                branch,
                item.text.strip(),
                item.line,
                item.section,
                verb,
                tally,
            )
        )
    return out


def owner_of(text: str) -> str | None:
    """``Rosa: set up the link`` -> Rosa; ``Teo and I: draft …`` -> Teo and I."""
    match = _OWNER.match(text)
    if not match or match.group(1).split()[0].lower() in _NOT_NAMES:
        return None
    return match.group(1)


def due_of(text: str, meeting: dt.date | None) -> str | None:
    """The ISO due date of a task, where one is written or can be resolved against its
    meeting's date (``due_dates.due_in``)."""
    from vaultkit.reports.due_dates import due_in

    found = due_in(text, meeting)
    return found.date if found else None


def actions_of(note: Note, branch: str | None) -> list[Action]:
    """Every task of the note with its owner and due date."""
    from vaultkit.reports.due_dates import due_in

    day = dt.date.fromisoformat(note.date) if note.date else None
    out = []
    for item in note.list_items:
        if item.task is None:
            continue
        due = due_in(item.text, day)
        out.append(
            Action(
                note.path,
                note.date,
                branch,
                item.text.strip(),
                owner_of(item.text),
                due.date if due else None,
                item.task in DONE,
                item.line,
                item.section,
                due.text if due else None,
                due.kind if due else None,
            )
        )
    return out


def speakers_of(note: Note) -> dict[str, int]:
    """Who spoke, by the points that open with their name (``Teo disagreed``, ``Rosa: …``,
    ``Proposal from Rosa``), each with how many points; tasks and the user's own points
    are not speech."""
    counts: dict[str, int] = {}
    inside = _in_intervention(note.list_items)
    for position, item in enumerate(note.list_items):
        if inside[position] or item.task is not None or item.depth > 0:
            continue
        if item.section and _NEWS.search(item.section):
            continue
        match = _SPEAKER.match(item.text) or _PROPOSER.match(item.text)
        if match and match.group(1).lower() not in _NOT_NAMES:
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return counts


# -- resolution sections -------------------------------------------------------------------------


def section_numbers(resolution: Note) -> list[int]:
    """The paragraph numbers that open the resolution's numbered headings, ascending."""
    found = sorted(
        {int(m.group(1)) for h in resolution.headings if (m := _NUMBERED_HEADING.match(h.plain))}
    )
    return found


def _section_holding(paragraph: int, numbers: list[int]) -> int | None:
    import bisect

    at = bisect.bisect_right(numbers, paragraph)
    return numbers[at - 1] if at else None


def mentions_of(note: Note, resolutions: dict[str, list[int]]) -> list[SectionMention]:
    """Resolution sections the meeting discussed. ``resolutions`` maps each resolution path
    to its section numbers. A written mention belongs to the resolution linked in the same
    section of the meeting, else to the only resolution the note links."""
    out: list[SectionMention] = []
    linked_in: dict[str | None, str] = {}
    sections = sorted((h.line, h.plain) for h in note.headings)
    linked: list[str] = []
    for link in note.links:
        path = link.resolved
        if link.external or path not in resolutions:
            continue
        assert path is not None
        linked.append(path)
        section = _heading_above(sections, link.span.line)
        linked_in.setdefault(section, path)
        if link.heading and (m := _NUMBERED_HEADING.match(link.heading)):
            number = int(m.group(1))
            out.append(SectionMention(path, number, None, link.span.line, "link"))
    only = linked[0] if len(set(linked)) == 1 else None
    texts = [(item.line, item.section, item.text) for item in note.list_items]
    texts += [(h.line, h.plain, h.plain) for h in note.headings]
    for line, section, text in texts:
        for match in _MENTION.finditer(text):
            word = (match.group(1) or match.group(2) or "").lower()
            paragraph = word.startswith(("p", "¶"))
            path = linked_in.get(section, only)
            numbers = resolutions.get(path, []) if path else []
            for raw in _NUMBER.findall(match.group(3)):
                value = int(raw)
                if paragraph:
                    held = _section_holding(value, numbers) if numbers else None
                    out.append(SectionMention(path, held, value, line, "text"))
                else:
                    out.append(SectionMention(path, value, None, line, "text"))
    return sorted(out, key=lambda m: (m.line, m.section or 0, m.paragraph or 0))


def _heading_above(sections: list[tuple[int, str]], line: int) -> str | None:
    import bisect

    at = bisect.bisect_right(sections, (line, "\uffff"))
    return sections[at - 1][1] if at else None
