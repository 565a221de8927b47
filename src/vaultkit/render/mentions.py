"""Unlinked mentions as a tree per note (like backlinks), and ``link``'s plan and diff."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.edit import WriteOutcome
    from vaultkit.search.linking import LinkPlan
    from vaultkit.search.mentions import MentionsReport


def mentions_json(report: MentionsReport) -> dict[str, Any]:
    """The documented ``links NOTE --unlinked --json`` document."""
    from vaultkit.render import to_jsonable

    data: dict[str, Any] = to_jsonable(report)
    return data


def render_mentions(report: MentionsReport, out: Console) -> None:
    """Each mentioning note with each mention's line, the mention highlighted."""
    from rich.text import Text
    from rich.tree import Tree

    out.print(Text.assemble((report.title, "bold"), f"  ({report.path})"))
    noun = "mention" if report.mention_count == 1 else "mentions"
    names = ", ".join(report.names)
    tree = Tree(
        f"Unlinked mentions of {names}: {report.mention_count} {noun}"
        f" in {report.source_count} notes",
        guide_style="dim",
    )
    for source in report.sources:
        branch = tree.add(Text.assemble((source.path, "cyan"), f"  {source.title}"))
        for m in source.mentions:
            line = Text(m.text.strip())
            offset = len(m.text) - len(m.text.lstrip())
            begin = m.col - 1 - offset
            line.stylize("bold black on yellow", begin, begin + m.end - m.start)
            node = branch.add(Text.assemble((f"{m.line}: ", "dim"), line))
            if m.ambiguous:
                node.add(Text(f"could also mean {', '.join(m.ambiguous)}", "yellow"))
    out.print(tree)


def render_link_diffs(plan: LinkPlan, out: Console) -> None:
    """The unified diff of every planned note."""
    from rich.text import Text

    from vaultkit.edit import unified_diff

    for edit in plan.edits:
        diff = unified_diff(edit.path, edit.snapshot.text, edit.new_text)
        for line in diff.rstrip("\n").split("\n"):
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


def render_link_notes(plan: LinkPlan, err: Console) -> None:
    """Ambiguous mentions (never linked) and notes that could not be read, on stderr."""
    for path, m in plan.ambiguous:
        err.print(
            f"not linked: {path}:{m.line}: {m.matched!r} could also mean {', '.join(m.ambiguous)}",
            style="yellow",
            markup=False,
            soft_wrap=True,
        )
    for path, reason in plan.refused:
        err.print(f"skipped: {path}: {reason}", style="yellow", markup=False, soft_wrap=True)


def link_json(plan: LinkPlan, outcomes: list[WriteOutcome] | None) -> dict[str, Any]:
    """The documented ``link --json`` document."""
    from vaultkit.render import to_jsonable

    done = {o.path: o for o in outcomes or []}
    return {
        "note": plan.path,
        "target": plan.target,
        "edits": [
            {
                "path": e.path,
                "status": "planned"
                if e.path not in done
                else "written"
                if done[e.path].written
                else "failed",
                "message": done[e.path].message if e.path in done else None,
                "linked": to_jsonable(e.linked),
            }
            for e in plan.edits
        ],
        "ambiguous": [{"path": p, **to_jsonable(m)} for p, m in plan.ambiguous],
        "skipped": [{"path": p, "reason": r} for p, r in plan.refused],
    }
