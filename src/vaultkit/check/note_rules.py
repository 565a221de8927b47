"""Rules over a note's properties: frontmatter Obsidian cannot read, properties it ignores,
aliases several notes claim."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vaultkit.check.model import Finding, Place

if TYPE_CHECKING:
    from vaultkit.check.context import CheckContext

INVALID = {
    "invalid-frontmatter": "fix the YAML between the --- lines (quote values holding ': ')",
    "frontmatter-not-mapping": "write properties as `key: value` lines",
    "frontmatter-too-complex": "write the properties without YAML anchors",
    "tags-not-list": "write tags as a list: tags: [a, b]",
    "invalid-tag": "use letters, digits, _, - and / in tags, with one non-digit",
}
"""Parser problems that mean Obsidian reads none (or part) of the frontmatter, and the fix."""
IGNORED = {
    "tags-comma-string": "write the tags as a list: tags: [a, b]",
    "legacy-property": "rename the property (tag: to tags:, alias: to aliases:)",
}
"""Parser problems about properties Obsidian reads no more, and the fix."""


def _problems(ctx: CheckContext, rule: str, codes: dict[str, str]) -> Iterator[Finding]:
    for note in ctx.notes:
        for problem in note.problems:
            if problem.code in codes:
                line = problem.line or (note.frontmatter_lines or (1, 1))[0]
                yield Finding(
                    rule,
                    "warning" if rule == "ignored-property" else "error",
                    problem.message,
                    [Place(note.path, line, 1)],
                    codes[problem.code],
                )


def invalid_frontmatter(ctx: CheckContext) -> Iterator[Finding]:
    """Frontmatter that is not valid YAML, not a set of properties, or holds invalid tags."""
    return _problems(ctx, "invalid-frontmatter", INVALID)


def ignored_properties(ctx: CheckContext) -> Iterator[Finding]:
    """``tag:``/``alias:`` (dropped in Obsidian 1.9) and ``tags: a, b`` as one string."""
    return _problems(ctx, "ignored-property", IGNORED)


def duplicate_aliases(ctx: CheckContext) -> Iterator[Finding]:
    """One alias on several notes: typing it in Obsidian's switcher offers both."""
    owners: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, alias in ctx.alias_rows():
        owners[alias.casefold()].append((path, alias))
    firsts = {n.path: (n.frontmatter_lines or (1, 1))[0] for n in ctx.notes}
    for key in sorted(owners):
        group = owners[key]
        paths = sorted({p for p, _ in group})
        places = [Place(p, firsts.get(p, 1), 1) for p in paths if ctx.in_scope(p)]
        if len(paths) < 2 or not places:
            continue
        alias = group[0][1]
        yield Finding(
            "duplicate-alias",
            "warning",
            f"alias {alias!r} is on {len(paths)} notes: {', '.join(paths)}",
            places,
            "keep the alias on one note",
            related=paths,
        )
