"""Tag listing, tree and audit on notes parsed from text (vaultkit.tags.listing, .audit).

Rules: tags are case-insensitive and nested tags are listed as written (help-tags,
obsidian-help "Tags.md"); frontmatter tags as a list (help-properties)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.model import Note
from vaultkit.parse.note import parse_note
from vaultkit.tags.audit import _one_edit, audit
from vaultkit.tags.listing import list_tags


def _notes(files: dict[str, str]) -> list[Note]:
    return [parse_note(text, path) for path, text in sorted(files.items())]


def test_counts_by_source_and_spelling() -> None:
    notes = _notes(
        {
            "a.md": "---\ntags: [reading]\n---\n#Reading again\n",
            "b.md": "`TAGS:` #reading #meeting/political\n",
            "c.md": "#meeting/political and #meeting/education\n",
            "d.md": "no tags\n",
        }
    )
    listing = list_tags(notes)
    rows = {t.name: (t.notes, t.frontmatter, t.inline, t.field) for t in listing.tags}
    assert rows == {
        "reading": (2, 1, 1, 1),
        "meeting/political": (2, 0, 1, 1),
        "meeting/education": (1, 0, 1, 0),
    }
    assert listing.notes == 4 and listing.tagged == 3
    reading = next(t for t in listing.tags if t.name == "reading")
    assert reading.spellings == ["reading", "Reading"]
    assert [t.name for t in list_tags(notes, sort="name").tags] == [
        "meeting/education",
        "meeting/political",
        "reading",
    ]


def test_tree_rolls_nested_tags_into_parents_counting_each_note_once() -> None:
    """help-tags: only the written tag is a note's tag; the tree view adds children up."""
    notes = _notes(
        {
            "a.md": "#meeting/political #meeting/education\n",
            "b.md": "#meeting/political\n",
            "c.md": "#meeting\n",
            "d.md": "#reading/theory/marx\n",
        }
    )
    tree = {n.name: n for n in list_tags(notes, tree=True).tree or []}
    meeting = tree["meeting"]
    assert (meeting.notes, meeting.total) == (1, 3)
    assert [(c.name, c.notes, c.total) for c in meeting.children] == [
        ("meeting/political", 2, 2),
        ("meeting/education", 1, 1),
    ]
    reading = tree["reading"]
    assert (reading.notes, reading.total) == (0, 1)
    assert reading.children[0].children[0].label == "marx"


def _audit(make_vault: VaultBuilder, files: dict[str, str]) -> dict[str, list[object]]:
    root = make_vault(files)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        report = audit(list(index.notes()), None, root)
    found: dict[str, list[object]] = {}
    for f in report.findings:
        places = [(o.path, o.line) for o in f.occurrences]
        found.setdefault(f.check, []).append(f.tags or places)
    return found


def test_untagged_and_empty_tag_fields_with_their_lines(make_vault: VaultBuilder) -> None:
    """The user's reading notes: an empty `TAGS:` field; an empty frontmatter tags:."""
    found = _audit(
        make_vault,
        {
            "clip.md": "A clipped article\n\nwith no tags.\n",
            "reading.md": "---\nauthor: X\n---\n# R\n`SOURCE:` x\n`TAGS:` \n`AUTHOR:` X\n",
            "empty.md": "---\nauthor: Y\ntags:\n---\n#ok\n",
            "field.md": "tags:: \n#ok\n",
        },
    )
    assert found["untagged"] == [[("clip.md", None)], [("reading.md", None)]]
    assert found["empty-tags"] == [[("empty.md", 3)], [("field.md", 1)], [("reading.md", 6)]]


def test_single_use_with_the_frontmatter_line(make_vault: VaultBuilder) -> None:
    """A frontmatter tag is reported on its own line (3), not on the tags: key."""
    root = make_vault({"a.md": "---\ntags:\n  - a\n  - ok\n---\n", "b.md": "#ok\n"})
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        report = audit(list(index.notes()), None, root)
    single = [f for f in report.findings if f.check == "single-use"]
    assert [(f.tags, [(o.path, o.line) for o in f.occurrences]) for f in single] == [
        (["a"], [("a.md", 3)])
    ]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["organizing", "Organizing"], "case variants"),
        (["meeting", "meetings"], "singular and plural"),
        (["policy", "policies"], "singular and plural"),
        (["study-group", "study_group"], "- and _"),
        (["organising", "organizing"], "one edit apart"),
        (["labor", "labour"], "one edit apart"),
    ],
)
def test_near_duplicates(make_vault: VaultBuilder, tags: list[str], expected: str) -> None:
    files = {f"n{i}.md": f"#{tag}\n" for i, tag in enumerate(tags)}
    files["other.md"] = "#unrelated\n"
    root = make_vault(files)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        report = audit(list(index.notes()), None, root)
    near = [f for f in report.findings if f.check == "near-duplicate"]
    assert len(near) == 1
    assert sorted(near[0].tags) == sorted(tags)
    assert near[0].message.endswith(expected)


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("organizing", "organising", True),
        ("labor", "labour", True),
        ("y2020s", "y2021s", False),  # a digit differs: years, not typos
        ("tax", "tag", False),  # too short to call a typo
        ("reading", "readings", True),
        ("history", "mystery", False),
    ],
)
def test_one_edit_rule(a: str, b: str, near: bool) -> None:
    assert _one_edit(a, b) is near


def test_leaf_used_flat_and_folder_scope(make_vault: VaultBuilder) -> None:
    files = {
        "Readings/a.md": "`TAGS:` #reading/theory\n",
        "Concepts/b.md": "#theory\n",
        "Concepts/c.md": "#theory\n",
        "Meetings/d.md": "#x1\n",
    }
    root = make_vault(files)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        notes = list(index.notes())
        everything = audit(notes, None, root)
        meetings = audit(notes, {"Meetings/d.md"}, root)
    leaf = [f for f in everything.findings if f.check == "leaf-used-flat"]
    assert [f.tags for f in leaf] == [["reading/theory", "theory"]]
    assert {o.path for o in leaf[0].occurrences} == {
        "Readings/a.md",
        "Concepts/b.md",
        "Concepts/c.md",
    }
    assert meetings.notes == 1
    assert [f.check for f in meetings.findings] == ["single-use"]


def test_a_clean_vault_has_no_findings(tmp_path: Path, make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "#meeting\n", "b.md": "---\ntags: [meeting]\n---\n"})
    with Index.open(root, tmp_path / "idx.sqlite") as index:
        index.refresh(jobs=1)
        report = audit(list(index.notes()), None, root)
    assert report.findings == [] and report.counts()["untagged"] == 0
