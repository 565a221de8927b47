"""``check --fix``: the findings with an unambiguous fix, planned on snapshots of the notes
and written through :mod:`vaultkit.edit` (never anywhere else)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.edit import EditRefused, Snapshot, read_snapshot, unified_diff, write_text

if TYPE_CHECKING:
    from vaultkit.check.model import Edit, Finding
    from vaultkit.index import Index


@dataclass(frozen=True)
class PlannedFix:
    """One note's new text and what changes in it."""

    path: str
    snapshot: Snapshot
    text: str
    changes: list[str]

    def diff(self) -> str:
        """The unified diff of this fix."""
        return unified_diff(self.path, self.snapshot.text, self.text)


@dataclass
class FixPlan:
    """What ``check --fix`` would write, what it refuses, and what it wrote."""

    fixes: list[PlannedFix] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def _apply(text: str, path: str, edits: list[Edit], legacy: bool) -> tuple[str, list[str]]:
    """``text`` with ``edits`` made: splices from the last to the first (each checked
    against the text first), then tag renames; raises EditRefused when one does not fit."""
    from vaultkit.parse.tables import cell_link, in_cell, table_cells
    from vaultkit.tags.edits import rename_tag
    from vaultkit.tags.splice import CannotEdit

    changes: list[str] = []
    cells = table_cells(text)
    placed = (e for e in edits if e.kind in ("splice", "fill-field"))
    previous = len(text) + 1
    for edit in sorted(placed, key=lambda e: -e.start):
        if edit.kind == "fill-field":
            text = _fill_field(text, path, edit, previous)
            changes.append(f"{edit.old}: {edit.new}")
        else:
            if edit.end > previous or text[edit.start : edit.end] != edit.old:
                raise EditRefused(path, f"{edit.old} is no longer where the index saw it; re-run")
            new = cell_link(edit.new) if in_cell(cells, edit.start, edit.end) else edit.new
            text = text[: edit.start] + new + text[edit.end :]
            changes.append(f"{edit.old} -> {new}")
        previous = edit.start
    for edit in (e for e in edits if e.kind == "rename-tag"):
        try:
            result = rename_tag(text, edit.old, edit.new, path=path, legacy=legacy)
        except CannotEdit as error:
            raise EditRefused(path, str(error)) from error
        if result is not None and result.text != text:
            text = result.text
            changes.append(f"#{edit.old} -> #{edit.new}")
    return text, changes


def _fill_field(text: str, path: str, edit: Edit, previous: int) -> str:
    """``text`` with ``edit.new`` written as the value of the empty field ``edit.old`` whose
    value starts at ``edit.start``; refused unless that line still holds the key and nothing
    after it."""
    start = edit.start
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    prefix, rest = text[line_start:start], text[start:line_end]
    if start > previous or edit.old not in prefix or rest.strip():
        raise EditRefused(path, f"the empty {edit.old} field is no longer where the index saw it")
    gap = "" if prefix[-1:].isspace() else " "
    return text[:start] + gap + edit.new + text[start:]


def plan_fixes(index: Index, findings: list[Finding]) -> FixPlan:
    """Read each note with something to fix once and plan its new text."""
    by_path: dict[str, list[Edit]] = defaultdict(list)
    for finding in findings:
        for edit in finding.edits:
            if edit not in by_path[edit.path]:
                by_path[edit.path].append(edit)
    plan = FixPlan()
    for path in sorted(by_path):
        try:
            snapshot = read_snapshot(index.root, path, index.config.max_file_bytes)
            text, changes = _apply(snapshot.text, path, by_path[path], index.config.legacy_keys)
        except EditRefused as error:
            plan.refused.append((path, error.reason))
            continue
        if text != snapshot.text:
            plan.fixes.append(PlannedFix(path, snapshot, text, changes))
    return plan


def apply_fixes(index: Index, plan: FixPlan) -> FixPlan:
    """Write every planned fix whose note is still as read; refresh the index."""
    for fix in plan.fixes:
        outcome = write_text(index.root, fix.snapshot, fix.text)
        if outcome.written:
            plan.written.append(fix.path)
        else:
            plan.failed.append((fix.path, outcome.message))
    if plan.written:
        index.refresh()
    return plan
