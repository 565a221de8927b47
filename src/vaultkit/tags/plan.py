"""Plan tag edits across notes, then carry the plan out through :mod:`vaultkit.edit`.

A plan reads each selected note's file once (a :class:`~vaultkit.edit.Snapshot`), computes
its new text with :mod:`vaultkit.tags.edits` and keeps both; nothing is written until
:func:`apply_plan`, which writes each note only if it is still exactly as read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.edit import EditRefused, Snapshot, read_snapshot, unified_diff, write_text
from vaultkit.errors import AmbiguousNote, NoteNotFound, TagUsageError
from vaultkit.parse.syntax import is_valid_tag
from vaultkit.tags.edits import add_tag, remove_tag, rename_tag, renamed
from vaultkit.tags.splice import CannotEdit, Change, TextEdit, clean_tag
from vaultkit.vault import is_note_path

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index


@dataclass(frozen=True)
class PlannedEdit:
    """One note's planned change: the file as read, its new text, the changes."""

    path: str
    snapshot: Snapshot
    text: str
    changes: tuple[Change, ...]

    def diff(self) -> str:
        """The unified diff of this change."""
        return unified_diff(self.path, self.snapshot.text, self.text)


@dataclass(frozen=True)
class Skipped:
    """A note left as it is, and why."""

    path: str
    reason: str


@dataclass
class EditPlan:
    """What ``tag add/remove/rename`` would do."""

    action: str
    tag: str
    new_tag: str | None = None
    edits: list[PlannedEdit] = field(default_factory=list)
    unchanged: list[Skipped] = field(default_factory=list)
    """Selected notes with nothing to do (already tagged, or without the tag)."""
    refused: list[Skipped] = field(default_factory=list)
    """Notes vaultkit will not edit (unreadable, unsafe to edit); the reason says why."""


@dataclass
class EditResult:
    """What applying a plan did."""

    plan: EditPlan
    written: list[PlannedEdit] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    """Planned edits not written: the file changed since it was read, or cannot be written."""


def valid_tag(tag: str) -> str:
    """``tag`` without ``#``; raises TagUsageError when Obsidian would not read it as a tag."""
    name = clean_tag(tag)
    if not is_valid_tag(name) or name.startswith("/") or name.endswith("/") or "//" in name:
        raise TagUsageError(
            f"{tag!r} is not a valid tag: use letters, digits, _, - and / (nested tags),"
            " with at least one non-digit and no spaces"
        )
    return name


def resolve_notes(index: Index, queries: list[str]) -> list[str]:
    """The vault path each query (name, path, alias or title) names, in order, once each."""
    import difflib

    paths: list[str] = []
    for query in queries:
        found = index.lookup_notes(query)
        if len(found) > 1:
            raise AmbiguousNote(query, found)
        if not found:
            names = index.names()
            raise NoteNotFound(query, difflib.get_close_matches(query, names, n=5, cutoff=0.6))
        if not is_note_path(found[0]):
            raise TagUsageError(f"{found[0]} is not a note (only .md files are tagged)")
        if found[0] not in paths:
            paths.append(found[0])
    return paths


def filtered_paths(index: Index, flt: NoteFilter) -> list[str]:
    """Paths of the notes ``flt`` selects; ``--where`` needs the query language."""
    from vaultkit.filters import select_notes, select_paths

    if not flt.where:
        return select_paths(index, flt)
    import importlib

    try:
        module = importlib.import_module("vaultkit.query")
    except ModuleNotFoundError:
        module = None
    if module is None or not hasattr(module, "compile_where"):
        raise TagUsageError(
            "--where needs the query language of `vaultkit query`, which this version does"
            " not have yet; select notes with --folder, --tag, --kind or --untagged"
        )
    return [note.path for note in select_notes(index, flt)]


def _tag_holders(index: Index, match: Callable[[str], bool]) -> list[str]:
    """Paths of visible notes with a tag for which ``match`` is true."""
    return [note.path for note in index.notes() if any(match(t.name) for t in note.tags)]


def _plan(
    index: Index,
    paths: list[str],
    plan: EditPlan,
    edit: Callable[[str, str], TextEdit | None],
    nothing: str,
) -> EditPlan:
    seen: dict[object, str] = {}
    for path in paths:
        try:
            snapshot = read_snapshot(index.root, path, index.config.max_file_bytes)
            if snapshot.target in seen:  # a symlink inside the vault to a note already planned
                plan.unchanged.append(Skipped(path, f"same file as {seen[snapshot.target]}"))
                continue
            seen[snapshot.target] = path
            result = edit(snapshot.text, path)
        except EditRefused as error:
            plan.refused.append(Skipped(path, error.reason))
            continue
        except CannotEdit as error:
            plan.refused.append(Skipped(path, str(error)))
            continue
        if result is None:
            plan.unchanged.append(Skipped(path, nothing))
        else:
            plan.edits.append(PlannedEdit(path, snapshot, result.text, result.changes))
    return plan


def _selection(index: Index, notes: list[str], flt: NoteFilter) -> list[str] | None:
    """Named notes plus filtered ones (sorted, once each); None when nothing narrows it."""
    if not notes and flt.empty:
        return None
    chosen = resolve_notes(index, notes)
    if not flt.empty:
        chosen += [p for p in filtered_paths(index, flt) if p not in chosen]
    return chosen


def plan_add(
    index: Index, tag: str, notes: list[str], flt: NoteFilter, *, inline: bool = False
) -> EditPlan:
    """Plan adding ``tag`` to the named notes and those ``flt`` selects."""
    name = valid_tag(tag)
    paths = _selection(index, notes, flt)
    if paths is None:
        raise TagUsageError(
            "name the notes to tag, or select them with --folder, --tag, --kind, --untagged"
            " or --where"
        )
    legacy = index.config.legacy_keys

    def edit(text: str, path: str) -> TextEdit | None:
        return add_tag(text, name, path=path, inline=inline, legacy=legacy)

    return _plan(index, paths, EditPlan("add", name), edit, f"already tagged #{name}")


def plan_remove(index: Index, tag: str, notes: list[str], flt: NoteFilter) -> EditPlan:
    """Plan removing ``tag`` from the named or selected notes, else from every note."""
    name = clean_tag(tag)
    lowered = name.lower()
    holders = _tag_holders(index, lambda t: t.lower() == lowered)
    paths = resolve_notes(index, notes)
    if not flt.empty:
        wanted = set(filtered_paths(index, flt))
        paths += [p for p in holders if p in wanted and p not in paths]
    elif not notes:
        paths = holders
    legacy = index.config.legacy_keys

    def edit(text: str, path: str) -> TextEdit | None:
        return remove_tag(text, name, path=path, legacy=legacy)

    return _plan(index, paths, EditPlan("remove", name), edit, f"has no tag #{name}")


def plan_rename(index: Index, old: str, new: str, flt: NoteFilter) -> EditPlan:
    """Plan renaming ``old`` (and its nested tags) to ``new`` in every note, or in the
    notes ``flt`` selects."""
    old_name, new_name = clean_tag(old), valid_tag(new)
    if old_name == new_name:
        raise TagUsageError(f"#{old_name} is already spelled that way; nothing to rename")
    holders = _tag_holders(index, lambda t: renamed(t, old_name, new_name) is not None)
    if not flt.empty:
        wanted = set(filtered_paths(index, flt))
        holders = [p for p in holders if p in wanted]
    legacy = index.config.legacy_keys

    def edit(text: str, path: str) -> TextEdit | None:
        return rename_tag(text, old_name, new_name, path=path, legacy=legacy)

    plan = EditPlan("rename", old_name, new_name)
    return _plan(index, holders, plan, edit, f"#{old_name} is already #{new_name}")


def apply_plan(index: Index, plan: EditPlan) -> EditResult:
    """Write every planned edit whose file is still as read, then refresh the index."""
    result = EditResult(plan)
    swept: set[tuple[int, int]] = set()
    for planned in plan.edits:
        outcome = write_text(index.root, planned.snapshot, planned.text, swept)
        if outcome.written:
            result.written.append(planned)
        else:
            result.failed.append(Skipped(planned.path, outcome.message))
    if result.written:
        index.refresh()
    return result
