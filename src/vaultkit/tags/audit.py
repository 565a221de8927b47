"""``vaultkit tags audit``: a view of the tag rules of ``vaultkit check`` (the rules
themselves, and what each finds, are in :mod:`vaultkit.check.tag_rules`).

Checks, in the order reported: ``untagged``, ``empty-tags``, ``single-use``,
``near-duplicate``, ``leaf-used-flat``. Every one runs here, whatever ``check`` runs by
default. Usage is counted over the whole vault; with a folder or kind filter only findings
with an occurrence in the selected notes are reported, with those occurrences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.check.rules import AUDIT_ORDER
from vaultkit.check.tag_rules import MIN_EDIT_LENGTH
from vaultkit.check.tag_rules import one_edit as _one_edit
from vaultkit.check.tag_rules import plural_key as _plural_key

if TYPE_CHECKING:
    from vaultkit.model import Note

CHECKS = AUDIT_ORDER
__all__ = [
    "CHECKS",
    "MIN_EDIT_LENGTH",
    "AuditReport",
    "Finding",
    "Occurrence",
    "_one_edit",
    "_plural_key",
    "audit",
]


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


def audit(notes: list[Note], selected: set[str] | None, root: Path | None) -> AuditReport:
    """Audit the tags of ``notes`` (the whole vault); report on the paths in ``selected``
    (None: every note). ``root`` lets the line of an empty ``tags:`` be read from the file."""
    from vaultkit.check.context import CheckContext
    from vaultkit.check.engine import run_rules

    chosen = [n for n in notes if selected is None or n.path in selected]
    ctx = CheckContext(chosen, selected, root, None, vault_notes=notes)
    findings = [
        Finding(
            f.rule,
            f.message,
            f.tags,
            [
                Occurrence(p.path, None if f.rule == "untagged" else p.line, p.tag, p.source)
                for p in f.places
            ],
        )
        for f in run_rules(ctx, AUDIT_ORDER)
    ]
    return AuditReport(len(chosen), findings)
