"""Obsidian's tag and link rules, one table-driven case per rule with its source.

Sources are the ids of OBSIDIAN-RULES (help-tags = obsidian-help "Tags.md", help-links =
"Internal links.md", tasks-data = metadata captured from the app by obsidian-tasks, ...),
listed in docs/obsidian-compat.md.
"""

from __future__ import annotations

import pytest

from tests.conftest import read_fixture
from vaultkit.parse.note import parse_note
from vaultkit.parse.syntax import TAG_BODY, is_tag_char

TAG_CASES = read_fixture("tags.md")
LINK_CASES = read_fixture("links.md")


@pytest.mark.parametrize(
    ("title", "text", "expected"), TAG_CASES, ids=[c[0][:60] for c in TAG_CASES]
)
def test_tags(title: str, text: str, expected: list[str]) -> None:
    note = parse_note(text, "note.md")
    assert [tag.name for tag in note.tags] == expected


@pytest.mark.parametrize(
    ("title", "text", "expected"), LINK_CASES, ids=[c[0][:60] for c in LINK_CASES]
)
def test_links(title: str, text: str, expected: list[dict[str, object]]) -> None:
    note = parse_note(text, "note.md")
    got = []
    for link, want in zip(note.links, expected, strict=False):
        got.append({key: getattr(link, key) for key in want})
    assert len(note.links) == len(expected), [link.raw for link in note.links]
    assert got == expected


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    TAG_CASES + LINK_CASES,
    ids=[c[0][:60] for c in TAG_CASES + LINK_CASES],
)
def test_every_span_points_at_its_source(title: str, text: str, expected: object) -> None:
    note = parse_note(text, "note.md")
    for link in note.links:
        assert text[link.span.start : link.span.end] == link.raw
        line = text.split("\n")[link.span.line - 1]
        assert line[link.span.col - 1 :].startswith(link.raw)
    for tag in note.tags:
        assert text[tag.span.start : tag.span.end] == "#" + tag.name


def test_tags_compare_case_insensitively_first_spelling_kept() -> None:
    """T3: #Coffee and #COFFEE are one tag (help-tags)."""
    note = parse_note("#Coffee and #COFFEE and #coffee/beans\n", "n.md")
    assert note.tag_names() == ["Coffee", "coffee/beans"]


def test_tag_body_pattern_agrees_with_is_tag_char() -> None:
    """The scanner's fast character class is the readable rule, code point for code point
    (all of the BMP, and every 7th astral code point)."""
    points = [*range(0x10000), *range(0x10000, 0x110000, 7)]
    differ = [
        hex(code)
        for code in points
        if (TAG_BODY.fullmatch(chr(code)) is not None) != is_tag_char(chr(code))
    ]
    assert differ == []
