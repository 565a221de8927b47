"""Run the selected rules over the vault, or over some notes and the links into them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from vaultkit.check.context import CheckContext
from vaultkit.check.model import CheckReport, Finding
from vaultkit.check.rules import BY_ID
from vaultkit.check.selection import Selection, ignored_by_note
from vaultkit.resolve import file_key, target_key

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.model import Note, Problem


def run_rules(ctx: CheckContext, rules: Iterable[str]) -> list[Finding]:
    """The findings of ``rules`` (ids, in that order) over ``ctx``, less those the notes
    opt out of with ``vaultkit-ignore``."""
    ignored: dict[str, set[str]] = {}

    def opted_out(path: str, rule: str) -> bool:
        if path not in ignored:
            note = ctx.note(path)
            ignored[path] = ignored_by_note(note.frontmatter) if note is not None else set()
        return rule in ignored[path]

    findings: list[Finding] = []
    for rule in rules:
        for finding in BY_ID[rule].run(ctx):
            places = [p for p in finding.places if not opted_out(p.path, rule)]
            if not places:
                continue
            if len(places) != len(finding.places):
                kept = {p.path for p in places}
                edits = [e for e in finding.edits if e.path in kept]
                finding = dataclasses.replace(finding, places=places, edits=edits)
            findings.append(finding)
    return findings


def _sorted(findings: list[Finding], rules: tuple[str, ...]) -> list[Finding]:
    order = {rule: i for i, rule in enumerate(rules)}
    return sorted(
        findings, key=lambda f: (order[f.rule], f.path, f.places[0].line or 0, f.places[0].col or 0)
    )


def check_vault(index: Index, selection: Selection) -> CheckReport:
    """Every selected rule over every visible note."""
    notes = _vault_notes(index)
    ctx = CheckContext(notes, None, index.root, index, vault_notes=notes)
    findings = run_rules(ctx, selection.rules)
    return CheckReport(list(selection.rules), len(notes), _sorted(findings, selection.rules))


RULE_TABLES = {"links", "tags", "aliases", "fields", "headings", "block_ids"}
"""The parts of a note the rules read: the others (list items, callouts) are not decoded."""


def _vault_notes(index: Index) -> list[Note]:
    """Every visible note with the parts rules read, and its problems."""
    problems: dict[str, list[Problem]] = {}
    for path, problem in index.problems():
        problems.setdefault(path, []).append(problem)
    return [
        dataclasses.replace(note, problems=tuple(problems[note.path]))
        if note.path in problems
        else note
        for note in index.query_notes(None, RULE_TABLES)
    ]


def check_paths(index: Index, selection: Selection, paths: list[str]) -> CheckReport:
    """The selected rules over the notes at ``paths`` (vault paths; a deleted note's path
    too), and over the links of other notes that point at them or at their names."""
    given = sorted(set(paths))
    notes = [n for n in index.notes_at(given) if n.path.lower().endswith(".md")]
    scope = {n.path for n in notes}
    keys = sorted({file_key(p) for p in given})
    sources = [
        str(p)
        for (p,) in index.query(
            "SELECT DISTINCT f.path FROM links l JOIN files f ON f.id = l.src"
            " LEFT JOIN files d ON d.id = l.dst WHERE f.excluded = 0 AND l.external = 0 AND"
            " (d.path IN (SELECT value FROM json_each(?)) OR (l.dst IS NULL AND"
            " l.target_key IN (SELECT value FROM json_each(?)))) ORDER BY f.path",
            (_json(given), _json(keys)),
        )
        if p not in scope
    ]
    wanted, key_set = set(given), set(keys)
    linking = []
    for note in index.query_notes(sources, {"links"}) if sources else ():
        links = tuple(
            link
            for link in note.links
            if (link.resolved in wanted)
            or (link.resolved is None and not link.external and target_key(link.target) in key_set)
        )
        linking.append(dataclasses.replace(note, links=links))
    ctx = CheckContext(notes, scope, index.root, index, linking=linking)
    findings = run_rules(ctx, selection.rules)
    return CheckReport(list(selection.rules), len(notes), _sorted(findings, selection.rules))


def _json(values: list[str]) -> str:
    import json

    return json.dumps(values)
