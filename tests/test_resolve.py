"""Obsidian's link resolution, case by case (R1-R11 in docs/obsidian-compat.md).

Sources: mvm-ref (markdown-vault-mcp reference, observed on Obsidian 1.13.7), trip2g,
tasks-data, help-links, and Obsidian's getLinkpathDest in app.js.
"""

from __future__ import annotations

import pytest

from vaultkit.resolve import MemoryLookup, resolve_target, target_key

FILES = [
    "Budget.md",
    "finance/Budget.md",
    "finance/2021/Budget.md",
    "projects/Ann.md",
    "people/Ann Smith.md",
    "dot.png",
    "attachments/map.png",
    "deep/a/b/Report.md",
    "other/Report.md",
    "notes/Sub/Plan.md",
    "notes/Idea.md",
    "zz/Plan.md",
    "Shared.md",
    "x/Shared.md",
]

CASES = [
    ("R1 case-insensitive names (tasks-data)", "ann", "index.md", "projects/Ann.md"),
    ("R2 a missing file is unresolved (tasks-data)", "Nobody", "index.md", None),
    ("R3 non-Markdown targets need their extension (help-links)", "dot", "index.md", None),
    ("R3 with the extension it resolves (help-links)", "dot.png", "index.md", "dot.png"),
    ("R5 an exact root path wins (mvm-ref)", "Budget", "finance/Notes.md", "Budget.md"),
    ("R5 an exact path with folder (mvm-ref)", "finance/Budget", "index.md", "finance/Budget.md"),
    ("R5 .md is optional (help-links)", "finance/Budget.md", "index.md", "finance/Budget.md"),
    (
        "R6 below the linking note's folder first (app.js)",
        "Plan",
        "notes/Idea.md",
        "notes/Sub/Plan.md",
    ),
    (
        "R7 a partial path matches the end (mvm-ref)",
        "2021/Budget",
        "index.md",
        "finance/2021/Budget.md",
    ),
    (
        "R8 ../ is relative to the linking note (help-settings)",
        "../Budget",
        "finance/2021/Budget.md",
        "finance/Budget.md",
    ),
    (
        "R8 ./ is relative to the linking note (mvm-ref)",
        "./Budget",
        "finance/x.md",
        "finance/Budget.md",
    ),
    ("R8 ../ out of the vault is unresolved", "../../Budget", "finance/x.md", None),
    ("R9 else the shortest path wins (mvm-ref)", "Report", "index.md", "other/Report.md"),
    ("R9 shortest path, not the unique-name shortcut", "Plan", "index.md", "zz/Plan.md"),
    ("R2 an empty target is the note itself (help-links)", "", "notes/Idea.md", "notes/Idea.md"),
    ("a unique name resolves anywhere", "Ann Smith", "x/y.md", "people/Ann Smith.md"),
    ("an attachment by path", "attachments/map.png", "index.md", "attachments/map.png"),
    ("a leading / means from the root", "/Shared", "x/a.md", "Shared.md"),
    ("a leading / that does not exist is unresolved", "/Ann", "index.md", None),
    (
        "the source folder wins over the shorter root file? no: exact root wins",
        "Shared",
        "x/a.md",
        "Shared.md",
    ),
]


@pytest.mark.parametrize(("rule", "target", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_resolution(rule: str, target: str, source: str, expected: str | None) -> None:
    assert resolve_target(target, source, MemoryLookup(FILES)) == expected


def test_aliases_never_resolve() -> None:
    """R4: [[AI]] stays unresolved even when a note has alias AI (help-aliases)."""
    assert resolve_target("AI", "index.md", MemoryLookup(["Artificial Intelligence.md"])) is None


@pytest.mark.parametrize(
    ("target", "key"),
    [
        ("Note", "note"),
        ("folder/Note.md", "note"),
        ("img.PNG", "img.png"),
        ("../a/B", "b"),
        ("", ""),
    ],
)
def test_target_key(target: str, key: str) -> None:
    assert target_key(target) == key
