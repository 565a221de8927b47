"""Renderers of ``vaultkit tags`` (listing, tree, audit, suggest) and ``vaultkit tag``
(add, remove, rename: plans, diffs and summaries)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from vaultkit.render import to_jsonable

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.suggest import SuggestReport
    from vaultkit.tags.audit import AuditReport
    from vaultkit.tags.calibrate import Calibration
    from vaultkit.tags.listing import TagListing, TagNode
    from vaultkit.tags.plan import EditPlan, EditResult, PlannedEdit

SHOWN_PLACES = 5
"""Occurrences listed per audit finding in the human report (JSON has them all)."""


# -- tags (listing) ---------------------------------------------------------------------------

TAG_CSV_HEADERS = ("tag", "notes", "frontmatter", "inline", "field")
TREE_CSV_HEADERS = ("tag", "notes", "total", "depth")


def listing_json(listing: TagListing) -> dict[str, Any]:
    """The documented ``tags --json`` document (``tree`` only with ``--tree``)."""
    data: dict[str, Any] = to_jsonable(listing)
    if listing.tree is None:
        data.pop("tree")
    return data


def walk_tree(nodes: list[TagNode], depth: int = 0) -> Iterator[tuple[TagNode, int]]:
    """Every node with its depth, parents before children."""
    for node in nodes:
        yield node, depth
        yield from walk_tree(node.children, depth + 1)


def render_listing(listing: TagListing, out: Console) -> None:
    """A table of tags, or the tree of nested tags with rolled-up counts."""
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    head = (
        f"{len(listing.tags)} tag{'' if len(listing.tags) == 1 else 's'} on {listing.tagged}"
        f" of {listing.notes} note{'' if listing.notes == 1 else 's'}"
        f" ({listing.notes - listing.tagged} untagged)"
    )
    if listing.tree is not None:
        tree = Tree(head, guide_style="dim")

        def add(branch: Tree, node: TagNode) -> None:
            label = Text.assemble(("#" + node.name, "bold" if node.notes else "dim"))
            label.append(f"  {node.total}")
            if node.children and node.notes:
                label.append(f"  ({node.notes} as #{node.name} itself)", "dim")
            child = branch.add(label)
            for kid in node.children:
                add(child, kid)

        for node in listing.tree:
            add(tree, node)
        out.print(tree)
        return
    table = Table(title=head, title_justify="left")
    table.add_column("tag", overflow="fold")
    for header in TAG_CSV_HEADERS[1:]:
        table.add_column(header, justify="right")
    for tag in listing.tags:
        name = "#" + tag.name
        if len(tag.spellings) > 1:
            name += "  (" + ", ".join(tag.spellings) + ")"
        table.add_row(name, str(tag.notes), str(tag.frontmatter), str(tag.inline), str(tag.field))
    out.print(table)


# -- tags audit -------------------------------------------------------------------------------

_TITLES = {
    "untagged": "Notes with no tag",
    "empty-tags": "Empty tag fields",
    "single-use": "Tags used in one note",
    "near-duplicate": "Near-duplicate tags",
    "leaf-used-flat": "Nested tags whose last part is also a tag of its own",
}


def audit_json(report: AuditReport) -> dict[str, Any]:
    """The documented ``tags audit --json`` document."""
    return {
        "notes": report.notes,
        "total": len(report.findings),
        "counts": report.counts(),
        "findings": [
            {
                "check": f.check,
                "message": f.message,
                "tags": f.tags,
                "occurrences": [
                    {"path": o.path, "line": o.line, "tag": o.tag, "source": o.source}
                    for o in f.occurrences
                ],
            }
            for f in report.findings
        ],
    }


def render_audit(report: AuditReport, out: Console) -> None:
    """Findings grouped by check, each with file and line."""
    from rich.text import Text
    from rich.tree import Tree

    counts = report.counts()
    for check, title in _TITLES.items():
        found = [f for f in report.findings if f.check == check]
        if not found:
            continue
        tree = Tree(Text(f"{title} ({counts[check]})", "bold"), guide_style="dim")
        for finding in found:
            places = finding.occurrences
            if check in ("untagged", "empty-tags"):
                where = places[0]
                at = f"{where.path}:{where.line}" if where.line else where.path
                suffix = "" if check == "untagged" else f"  {finding.message}"
                tree.add(Text.assemble((at, "cyan"), suffix))
                continue
            node = tree.add(Text(finding.message))
            for place in places[:SHOWN_PLACES]:
                at = f"{place.path}:{place.line}" if place.line else place.path
                node.add(Text.assemble((at, "cyan"), f"  #{place.tag} ({place.source})"))
            if len(places) > SHOWN_PLACES:
                node.add(Text(f"… and {len(places) - SHOWN_PLACES} more (--json lists all)", "dim"))
        out.print(tree)
    total = len(report.findings)
    noun = "finding" if total == 1 else "findings"
    summary = f"{total or 'no'} {noun} in {report.notes} note{'' if report.notes == 1 else 's'}"
    out.print(Text(summary, "bold yellow" if total else "bold green"))


# -- tags suggest -----------------------------------------------------------------------------


def suggest_json(report: SuggestReport) -> dict[str, Any]:
    """The documented ``tags suggest --json`` document."""
    data: dict[str, Any] = to_jsonable(report)
    if data.get("calibration"):
        weights = data["calibration"]["weights"]
        data["calibration"]["weights"] = {k: round(v, 4) for k, v in weights.items()}
    return data


def render_suggest(report: SuggestReport, out: Console) -> None:
    """Per note: each suggested tag with its score, confidence and reasons; what was held
    back and why fewer than asked."""
    from rich.text import Text
    from rich.tree import Tree

    if report.notice:
        return  # said on stderr by the command
    if not report.notes:
        out.print("no notes to suggest tags for")
        return
    styles = {"high": "bold green", "medium": "green", "low": "yellow"}
    for note in report.notes:
        head = Text.assemble((note.path, "cyan"), f"  {note.title}")
        if note.tags:
            head.append("  has " + " ".join("#" + t for t in note.tags), "dim")
        tree = Tree(head, guide_style="dim")
        for suggestion in note.suggestions:
            label = Text.assemble(
                ("#" + suggestion.tag, styles[suggestion.confidence]),
                f"  {suggestion.score:.2f} {suggestion.confidence}",
            )
            if suggestion.confidence == "low":
                label.append("  (a guess)", "yellow")
            if suggestion.changes_kind:
                label.append(f"  makes it a {', '.join(suggestion.changes_kind)} note", "red")
            branch = tree.add(label)
            for reason in suggestion.reasons:
                branch.add(Text(reason.text))
        if note.withheld:
            held = ", ".join(f"#{h.tag} ({'/'.join(h.changes_kind)})" for h in note.withheld)
            tree.add(Text(f"held back, they would change the note's kind: {held}", "dim"))
        if note.shortfall:
            tree.add(Text(note.shortfall, "dim"))
        out.print(tree)
    out.print(
        Text(
            f"suggested from {report.usable} tags carried by at least {report.min_support}"
            f" note{'s' if report.min_support != 1 else ''} ({report.vocabulary} in all) on"
            f" {report.tagged} tagged notes",
            "dim",
        )
    )
    if report.calibration:
        out.print(Text(describe_calibration(report.calibration), "dim"))


def describe_calibration(calibration: Calibration) -> str:
    """What the confidence labels mean in this vault, or why they were not calibrated."""
    from vaultkit.tags.calibrate import HIGH, MEDIUM

    if calibration.notice:
        return calibration.notice
    floors = []
    for label, share, floor in (
        ("high", HIGH, calibration.high),
        ("medium", MEDIUM, calibration.medium),
    ):
        start = f"from score {floor:.2f}" if floor is not None else "never (no score reached it)"
        floors.append(f"{label} {start} (right at least {share:.0%} of the time)")
    return (
        f"confidence learned from {calibration.sample} tagged notes of this vault, their tags"
        f" hidden, for tags carried by at least {calibration.min_support} other"
        f" note{'s' if calibration.min_support != 1 else ''}: {', '.join(floors)}"
    )


# -- tag add / remove / rename ----------------------------------------------------------------

_WHERE = {
    "frontmatter": "frontmatter tags",
    "field": "`TAGS:` field",
    "inline": "inline",
    "new-property": "new tags property",
    "new-frontmatter": "new frontmatter",
}


def describe_plan(plan: EditPlan) -> str:
    """One line saying what the plan does."""
    count = len(plan.edits)
    notes = "note" if count == 1 else "notes"
    if plan.action == "add":
        return f"add #{plan.tag} to {count} {notes}"
    if plan.action == "remove":
        return f"remove #{plan.tag} from {count} {notes}"
    return f"rename #{plan.tag} to #{plan.new_tag} in {count} {notes}"


def _change_line(edit: PlannedEdit) -> Iterator[str]:
    for change in edit.changes:
        where = _WHERE.get(change.where, change.where)
        if change.action == "add":
            what = f"+ #{change.after}"
        elif change.action == "remove":
            what = f"- #{change.before}"
        elif change.action == "merge":
            what = f"- #{change.before} (already has #{change.after})"
        else:
            what = f"#{change.before} -> #{change.after}"
        yield f"{change.line}: {what}  ({where})"


def render_plan(plan: EditPlan, out: Console) -> None:
    """The notes a plan changes, how, and the notes it leaves alone."""
    from rich.text import Text
    from rich.tree import Tree

    tree = Tree(Text(describe_plan(plan).capitalize(), "bold"), guide_style="dim")
    for edit in plan.edits:
        branch = tree.add(Text(edit.path, "cyan"))
        for line in _change_line(edit):
            branch.add(Text(line))
    out.print(tree)
    if plan.unchanged:
        reasons = sorted({s.reason for s in plan.unchanged})
        out.print(Text(f"unchanged: {len(plan.unchanged)} ({'; '.join(reasons)})", "dim"))


def render_refused(plan: EditPlan, err: Console) -> None:
    """Each note vaultkit will not edit, with the reason, on stderr."""
    for skipped in plan.refused:
        err.print(f"warning: {skipped.path}: {skipped.reason}", style="yellow", markup=False)


def render_diffs(plan: EditPlan, out: Console) -> None:
    """The unified diff of every planned change (coloured on a terminal)."""
    from rich.text import Text

    for edit in plan.edits:
        for line in edit.diff().rstrip("\n").split("\n"):
            style = ""
            if line.startswith(("+++", "---")):
                style = "bold"
            elif line.startswith("+"):
                style = "green"
            elif line.startswith("-"):
                style = "red"
            elif line.startswith("@@"):
                style = "cyan"
            out.print(Text(line, style), soft_wrap=True)


def edit_json(plan: EditPlan, result: EditResult | None, dry_run: bool) -> dict[str, Any]:
    """The documented ``tag add/remove/rename --json`` document."""
    written = {e.path for e in result.written} if result else set()
    failed = {s.path: s.reason for s in result.failed} if result else {}
    changed = []
    for edit in plan.edits:
        status = "planned" if result is None else "written" if edit.path in written else "failed"
        item: dict[str, Any] = {
            "path": edit.path,
            "status": status,
            "message": failed.get(edit.path),
            "changes": to_jsonable(list(edit.changes)),
        }
        if dry_run:
            item["diff"] = edit.diff()
        changed.append(item)
    return {
        "action": plan.action,
        "tag": plan.tag,
        "new_tag": plan.new_tag,
        "dry_run": dry_run,
        "changed": changed,
        "unchanged": to_jsonable(plan.unchanged),
        "refused": to_jsonable(plan.refused),
    }


def render_result(result: EditResult, out: Console, err: Console) -> None:
    """What was written, what was skipped at write time and why."""
    from rich.text import Text

    plan = result.plan
    for failed in result.failed:
        err.print(f"skipped: {failed.path}: {failed.reason}", style="yellow", markup=False)
    count = len(result.written)
    notes = "note" if count == 1 else "notes"
    where: dict[str, int] = {}
    for edit in result.written:
        for change in edit.changes:
            label = _WHERE.get(change.where, change.where)
            where[label] = where.get(label, 0) + 1
    detail = ", ".join(f"{n} {label}" for label, n in sorted(where.items()))
    if plan.action == "add":
        line = f"tagged {count} {notes} with #{plan.tag}"
    elif plan.action == "remove":
        line = f"removed #{plan.tag} from {count} {notes}"
    else:
        line = f"renamed #{plan.tag} to #{plan.new_tag} in {count} {notes}"
    if detail:
        line += f" ({detail})"
    if plan.unchanged:
        line += f"; {len(plan.unchanged)} unchanged"
    if result.failed:
        line += f"; {len(result.failed)} skipped"
    if plan.refused:
        line += f"; {len(plan.refused)} refused"
    out.print(Text(line, "bold"))
    for edit in result.written:
        out.print(Text(f"  {edit.path}", "cyan"))
