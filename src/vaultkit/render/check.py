"""Renderers of ``vaultkit check``: counts and groups, ``file:line:col`` lines, JSON."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.check.fixes import FixPlan
    from vaultkit.check.model import CheckReport, Finding

SHOWN = 10
"""Findings shown per rule on a terminal without ``--all``."""
SHOWN_PLACES = 5


def check_json(report: CheckReport) -> dict[str, Any]:
    """The documented ``check --json`` document."""
    from vaultkit.check.rules import BY_ID

    return {
        "notes": report.notes,
        "total": len(report.findings),
        "counts": report.counts(),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "path": f.path,
                "line": f.places[0].line,
                "col": f.places[0].col,
                "message": f.message,
                "fix": f.fix,
                "fixable": bool(f.edits) and BY_ID[f.rule].fixable,
                "tags": f.tags,
                "related": f.related,
                "places": [
                    {"path": p.path, "line": p.line, "col": p.col, "tag": p.tag, "source": p.source}
                    for p in f.places
                ],
            }
            for f in report.findings
        ],
    }


def shown_path(root: Path, path: str, cwd: Path | None = None) -> str:
    """A note's path as editors open it: relative to the working folder."""
    full = root / path
    try:
        return os.path.relpath(full, cwd or Path.cwd()).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return str(full)


def text_lines(report: CheckReport, root: Path, cwd: Path | None = None) -> list[str]:
    """``file:line:col: rule message`` for every place of every finding (for a tag's
    spelling variants, the places of the spellings to change)."""
    lines = []
    for finding in report.findings:
        places = finding.places
        if finding.rule == "near-duplicate":
            places = [p for p in places if p.tag != finding.tags[0]] or places
        for place in places:
            where = shown_path(root, place.path, cwd)
            message = finding.message
            if place.tag is not None and len(finding.places) > 1:
                message = f"#{place.tag}: {message}"
            lines.append(f"{where}:{place.line or 1}:{place.col or 1}: {finding.rule} {message}")
    return lines


def _counts_line(report: CheckReport) -> str:
    counts = {rule: n for rule, n in report.counts().items() if n}
    total = len(report.findings)
    noun = "finding" if total == 1 else "findings"
    notes = f"{report.notes} note{'' if report.notes == 1 else 's'}"
    if not total:
        return f"no findings in {notes} ({len(report.rules)} rules)"
    listed = ", ".join(f"{n} {rule}" for rule, n in counts.items())
    return f"{total} {noun} in {notes}: {listed}"


def _finding_node(finding: Finding) -> Any:
    from rich.text import Text

    first = finding.places[0]
    at = f"{first.path}:{first.line}" if first.line else first.path
    if len(finding.places) == 1:
        return Text.assemble((at, "cyan"), f"  {finding.message}")
    return Text(finding.message)


def render_check(report: CheckReport, out: Console, capped: bool) -> None:
    """Counts first, then one tree per rule; ``capped`` shows the first findings of each."""
    from rich.text import Text
    from rich.tree import Tree

    from vaultkit.check.rules import BY_ID

    out.print(Text(_counts_line(report), "bold yellow" if report.findings else "bold green"))
    for rule in report.rules:
        found = [f for f in report.findings if f.rule == rule]
        if not found:
            continue
        meta = BY_ID[rule]
        tree = Tree(
            Text.assemble((f"{rule} ({len(found)})", "bold"), f"  {meta.severity}: {meta.summary}"),
            guide_style="dim",
        )
        for finding in found[:SHOWN] if capped else found:
            node = tree.add(_finding_node(finding))
            if len(finding.places) > 1:
                for place in finding.places[:SHOWN_PLACES]:
                    at = f"{place.path}:{place.line}" if place.line else place.path
                    tag = f"  #{place.tag} ({place.source})" if place.tag else ""
                    node.add(Text.assemble((at, "cyan"), tag))
                if len(finding.places) > SHOWN_PLACES:
                    more = len(finding.places) - SHOWN_PLACES
                    node.add(Text(f"… and {more} more (--format text lists all)", "dim"))
            if finding.fix:
                node.add(Text(f"fix: {finding.fix}", "dim"))
        if capped and len(found) > SHOWN:
            tree.add(Text(f"… and {len(found) - SHOWN} more (--all shows every one)", "dim"))
        out.print(tree)


def render_fix_plan(plan: FixPlan, out: Console, err: Console, dry_run: bool) -> None:
    """The diffs of a dry run, or what was written; refusals on stderr."""
    from rich.text import Text

    for path, reason in plan.refused:
        err.print(Text(f"not fixed: {path}: {reason}", "yellow"))
    if not plan.fixes and not plan.refused:
        err.print(Text("nothing to fix: no finding has an unambiguous fix; nothing written"))
        return
    if dry_run:
        for fix in plan.fixes:
            out.file.write(fix.diff())
        notes = f"{len(plan.fixes)} note{'' if len(plan.fixes) == 1 else 's'}"
        err.print(Text(f"dry run: would fix {notes}; nothing written"))
        return
    for path, reason in plan.failed:
        err.print(Text(f"not written: {path}: {reason}", "yellow"))
    if plan.written:
        noun = "note" if len(plan.written) == 1 else "notes"
        err.print(Text(f"fixed {len(plan.written)} {noun}: {', '.join(plan.written)}"))


def render_rules(out: Console) -> None:
    """Every rule: id, on by default or not, severity, what it finds, the fix."""
    from rich.table import Table
    from rich.text import Text

    from vaultkit.check.rules import RULES

    table = Table(title="vaultkit check rules", title_justify="left")
    for column in ("rule", "default", "severity", "finds", "fix"):
        table.add_column(column, overflow="fold")
    for rule in RULES:
        fix = rule.fix if "--fix" in rule.fix or not rule.fixable else rule.fix + " (--fix)"
        table.add_row(
            Text(rule.id), "on" if rule.default else "off", rule.severity, rule.summary, fix
        )
    out.print(table)
