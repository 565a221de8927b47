"""Bases functions that need a vault: File and Link types, file() and link(), link equality
and `this` (obsidian-help en/Bases/Functions.md, "File type", "Link type", "Global"; Bases
syntax.md, "Files and links", "Access properties with this", "Date arithmetic")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.bases import evaluate_expression
from vaultkit.bases.values import FileValue, Link, to_json
from vaultkit.errors import VaultkitError
from vaultkit.index import Index

NOW = dt.datetime(2025, 5, 27, 12, 0, 0)

FILES: dict[str, str | bytes] = {
    "notes/filename.md": "---\nauthor: '[[Ann]]'\nauthors: ['[[Ann]]', '[[Bo]]']\n---\n"
    "Links [[otherFile]] and [[Missing Note]]. #tag1/a\n",
    "notes/otherFile.md": "# Other\n\nBack to [[filename]].\n",
    "people/Ann.md": "---\nrole: writer\nimage-property: img/pic.png\n---\n#tag2\n",
    "people/Bo.md": "# Bo\n",
    "path to file.md": "---\nisModified: true\n---\n",
    "img/pic.png": b"\x89PNG",
}


@pytest.fixture
def index(make_vault: VaultBuilder, tmp_path: Path) -> Iterator[Index]:
    root = make_vault(FILES)
    with Index.open(root, tmp_path / "ix.sqlite") as opened:
        opened.refresh()
        yield opened


def ev(index: Index, expression: str, note: str | None = "notes/filename.md") -> Any:
    return evaluate_expression(index, expression, note, NOW)


@pytest.mark.parametrize(
    ("section", "expression", "expected"),
    [
        ("Global file()", 'file(link("[[filename]]"))', FileValue("notes/filename.md")),
        ("Global file()", 'file("path to file")', FileValue("path to file.md")),
        ("Global file()", 'file("img/pic.png")', FileValue("img/pic.png")),
        ("Global file()", 'file("nowhere")', None),
        ("Link asFile()", 'link("[[filename]]").asFile()', FileValue("notes/filename.md")),
        ("Link asFile()", 'link("Missing Note").asFile()', None),
        ("File asLink()", "file.asLink()", Link("notes/filename.md")),
        ("File asLink()", 'file.asLink("shown")', Link("notes/filename.md", "shown")),
        ("File hasLink()", 'file.hasLink(file("notes/otherFile.md"))', True),
        ("File hasLink()", 'file.hasLink("otherFile")', True),
        ("File hasLink()", 'file.hasLink("Missing Note")', True),
        ("File hasLink()", 'file.hasLink(link("people/Ann"))', True),  # frontmatter link
        ("File hasLink()", 'file.hasLink("Bo")', True),
        ("File hasLink()", 'file.hasLink("path to file")', False),
        ("File hasProperty()", 'file.hasProperty("author")', True),
        ("File hasProperty()", 'file.hasProperty("rating")', False),
        ("File hasTag()", 'file.hasTag("tag1", "tag2")', True),  # nested #tag1/a counts
        ("File hasTag()", 'file.hasTag("tag1/a")', True),
        ("File hasTag()", 'file.hasTag("tag")', False),
        ("File inFolder()", 'file.inFolder("notes")', True),
        ("File inFolder()", 'file.inFolder("note")', False),
        ("Link linksTo()", 'link("otherFile").linksTo(file("notes/filename.md"))', True),
        ("Link linksTo()", 'link("Ann").linksTo(file)', False),
        ("File fields", "file.basename + '.' + file.ext", "filename.md"),
        ("File fields", "file.size > 0 && file.mtime > now() - '100y'", True),
        ("File fields", 'file.properties.author == link("Ann")', True),
        ("Files and links", "author == file('people/Ann.md')", True),
        ("Files and links", 'author == link("Ann")', True),
        ("Files and links", 'authors.contains(link("Bo"))', True),
        ("Files and links", 'link("Missing Note") == link("Missing Note")', True),
        ("Files and links", 'link("Missing Note") == link("Missing")', False),
        ("Files and links", 'link("people/Ann") == link("Ann")', True),  # the same file
        ("Global link()", "link(file.ctime.date().toString()).isType('link')", True),
    ],
)
def test_file_and_link_functions(
    index: Index, section: str, expression: str, expected: Any
) -> None:
    del section  # the Functions.md / Bases syntax.md section, for the test id
    assert ev(index, expression) == expected


def test_modified_within_the_last_week(index: Index) -> None:
    # Bases syntax.md, "Date arithmetic": file.mtime > now() - "1 week" (the files were just
    # written); and Functions.md, "relative()".
    assert evaluate_expression(index, 'file.mtime > now() - "1 week"', "people/Bo.md") is True
    assert evaluate_expression(index, "file.mtime.relative()", "people/Bo.md").endswith("ago")


def test_this_is_the_note_and_links_equal_it(index: Index) -> None:
    # Bases syntax.md, "Access properties with this": author == this, authors.contains(this).
    assert ev(index, 'file("notes/filename.md").properties.author == this', "people/Ann.md")
    assert ev(index, 'file("notes/filename.md").properties.authors.contains(this)', "people/Bo.md")
    assert ev(index, "this.file.folder", "people/Ann.md") == "people"
    assert ev(index, "this.role", "people/Ann.md") == "writer"
    assert ev(index, "role", "people/Ann.md") == "writer"
    assert ev(index, "note.role", "people/Ann.md") == "writer"
    assert ev(index, 'note["role"]', "people/Ann.md") == "writer"


def test_image_example_with_a_hyphenated_property(index: Index) -> None:
    # Functions.md, "image()": image(image-property). Bare, a hyphenated name is a
    # subtraction in the expression language; the property is read as note["…"].
    image = ev(index, 'image(note["image-property"])', "people/Ann.md")
    assert to_json(image) == {"type": "image", "value": "img/pic.png"}


def test_if_example_reads_a_property(index: Index) -> None:
    # Functions.md, "if()": if(isModified, "Modified", "Unmodified").
    assert ev(index, 'if(isModified, "Modified", "Unmodified")', "path to file.md") == "Modified"


def test_attachments_are_files_without_properties(index: Index) -> None:
    assert ev(index, "file.ext", "img/pic.png") == "png"
    assert ev(index, "file.properties", "img/pic.png") == {}
    assert ev(index, "file.tags", "img/pic.png") == []


def test_a_failing_expression_is_an_error_naming_why(index: Index) -> None:
    with pytest.raises(VaultkitError, match="unknown function nope"):
        ev(index, "nope()")
    assert to_json(ev(index, "file")) == {"type": "file", "path": "notes/filename.md"}


def test_property_types_of_the_vault_decide(make_vault: VaultBuilder, tmp_path: Path) -> None:
    # Obsidian types properties vault-wide (.obsidian/types.json); without a type, by value.
    root = make_vault(
        {
            ".obsidian/types.json": '{"types": {"code": "text", "score": "number", '
            '"done": "checkbox", "when": "date", "people": "multitext"}}',
            "n.md": "---\ncode: '2024-01-01'\nscore: '4.5'\ndone: 'true'\nwhen: '2024-02-03'\n"
            "people: '[[Ann]]'\nguess: '2024-01-01'\n---\n",
            "Ann.md": "",
        }
    )
    with Index.open(root, tmp_path / "types.sqlite") as opened:
        opened.refresh()
        found = evaluate_expression(opened, "[code, score, done, when, people, guess]", "n.md")
    assert found == [
        "2024-01-01",
        4.5,
        True,
        dt.datetime(2024, 2, 3),
        [Link("Ann.md")],
        dt.datetime(2024, 1, 1),
    ]
