"""The records of ``vaultkit check``: a rule, a place, a finding, a report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.check.context import CheckContext

SEVERITIES = ("info", "warning", "error")
"""From least to most serious; ``--severity S`` keeps findings of S and above."""


@dataclass(frozen=True)
class Place:
    """Where a finding shows: a note, a 1-based line and column (None: the whole note), and
    for tag findings the tag as written and where it was written."""

    path: str
    line: int | None = None
    col: int | None = None
    tag: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Edit:
    """An unambiguous fix: replace ``old`` at character offsets ``start:end`` of the note's
    text by ``new`` (checked against the text before anything is written), rename the tag
    ``old`` to ``new`` in the note (``kind="rename-tag"``), or write ``new`` as the value of
    the empty field ``old`` whose value starts at ``start`` (``kind="fill-field"``)."""

    path: str
    kind: str
    old: str
    new: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule: the first place is where it is reported."""

    rule: str
    severity: str
    message: str
    places: list[Place]
    fix: str | None = None
    """What to do, in one line."""
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    """Other notes involved: the candidates of an ambiguous link, the owners of an alias."""
    edits: list[Edit] = field(default_factory=list)
    """The edits ``--fix`` makes; empty when the fix needs a person."""

    @property
    def path(self) -> str:
        """The note the finding is reported in."""
        return self.places[0].path


Runner = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: its id, whether it runs by default, how serious its findings are, what
    it finds and how to fix it, and the function that finds them."""

    id: str
    default: bool
    severity: str
    summary: str
    fix: str
    run: Runner
    fixable: bool = False
    """Whether ``--fix`` can fix its findings without asking anything."""
    tag_rule: bool = False
    """One of the rules ``tags audit`` shows."""


@dataclass(frozen=True)
class CheckReport:
    """What ``vaultkit check`` found: the rules that ran, how many notes were checked and
    the findings, by rule order then path and line."""

    rules: list[str]
    notes: int
    findings: list[Finding]

    def counts(self) -> dict[str, int]:
        """Findings per rule that ran (zero included)."""
        counts = dict.fromkeys(self.rules, 0)
        for finding in self.findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        return counts
