"""Structure of a note: title, headings, callouts, quotes, tasks, block ids, inline fields.

Sources: help-callouts (callouts), Dataview add-metadata.md (inline fields), help-links
(block ids), and the sample notes' shapes (tests/fixtures/seedlike, our own text).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.model import TagSource
from vaultkit.parse.note import parse_note

SEEDLIKE = Path(__file__).parent / "fixtures" / "seedlike"


def seed(name: str) -> tuple[str, object]:
    text = (SEEDLIKE / name).read_text(encoding="utf-8")
    return text, parse_note(text, name)


def test_title_prefers_frontmatter_then_h1_then_stem() -> None:
    assert parse_note("---\ntitle: Given\n---\n# Heading\n", "a/b.md").title == "Given"
    assert parse_note("# [[IMT]] Branch, 1-30-21\n", "a/b.md").title == "IMT Branch, 1-30-21"
    assert parse_note("plain text\n", "a/b.md").title == "b"


def test_callouts_and_quotes() -> None:
    """help-callouts: > [!type]+ title, foldable with + or -, type case-insensitive."""
    text = "> [!INFO]- Folded title\n> body [[Link]]\n\n> plain quote\n> second line\n"
    note = parse_note(text, "n.md")
    (callout,) = note.callouts
    assert (callout.type, callout.fold, callout.title, callout.line) == (
        "info",
        "-",
        "Folded title",
        1,
    )
    assert callout.text == "body [[Link]]"
    (quote,) = note.quotes
    assert (quote.text, quote.line, quote.end_line) == ("plain quote\nsecond line", 4, 5)


def test_tasks_and_list_structure() -> None:
    text = "## Plan\n- [ ] open task\n- [x] done task\n\t- nested child\n- plain\n"
    note = parse_note(text, "n.md")
    items = [(i.text, i.task, i.depth, i.parent, i.section) for i in note.list_items]
    assert items == [
        ("open task", " ", 0, None, "Plan"),
        ("done task", "x", 0, None, "Plan"),
        ("nested child", None, 1, 1, "Plan"),
        ("plain", None, 0, None, "Plan"),
    ]


def test_block_ids() -> None:
    """help-links: ^id at the end of a block names it."""
    note = parse_note("A paragraph ^para-1\n\n- item ^item2\n", "n.md")
    assert [(b.id, b.line) for b in note.block_ids] == [("para-1", 1), ("item2", 3)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Rating:: 9", [("Rating", "9", "line")]),
        ("**Bold Field**:: Nice!", [("Bold Field", "Nice!", "line")]),
        (
            "I read it [rating:: 4] and (status:: done)",
            [("rating", "4", "bracket"), ("status", "done", "paren")],
        ),
        ("- item with [due:: 2021-02-01]", [("due", "2021-02-01", "bracket")]),
        ("`TAGS:` #reading/theory", [("TAGS", "#reading/theory", "code")]),
        ("`TAGS:` ", [("TAGS", "", "code")]),
        ("`a:: b` is code, not a field", []),
        ("no field: here", []),
    ],
)
def test_inline_fields(line: str, expected: list[tuple[str, str, str]]) -> None:
    """Dataview docs/annotation/add-metadata.md and the `KEY:` style of the reading notes."""
    note = parse_note(line + "\n", "n.md")
    assert [(f.key, f.value, f.style) for f in note.fields] == expected
    for field in note.fields:
        text = line + "\n"
        assert text[field.value_span.start : field.value_span.end] == field.value


def test_tags_in_field_values_are_field_tags() -> None:
    note = parse_note("`TAGS:` #reading #theory\nbody #inline\n", "n.md")
    assert [(t.name, t.source) for t in note.tags] == [
        ("reading", TagSource.FIELD),
        ("theory", TagSource.FIELD),
        ("inline", TagSource.INLINE),
    ]


def test_meeting_note_shape() -> None:
    """The sample meeting note's shape: linked H1 with a date, nested tag on line 2,
    "My intervention" groups, a heading indented inside a list, "#1 priority" as prose."""
    _text, note = seed("meeting.md")
    assert note.title == "WFU Harbor Branch, 3-14-22"
    assert [(t.name, t.span.line) for t in note.tags] == [("meeting/political", 2)]
    assert note.links[0].target == "WFU" and note.links[0].span.line == 1
    headings = [(h.level, h.plain, h.line) for h in note.headings]
    assert (2, "Discussion: The Long Road of the Dockers (1998)", 23) in headings
    assert sum(1 for i in note.list_items if i.text == "My intervention") == 2
    children = [
        i.text
        for i in note.list_items
        if i.parent is not None and note.list_items[i.parent].text == "My intervention"
    ]
    assert "Keep circles small enough that everyone speaks" in children
    assert "cadre" in [link.target for link in note.links]


def test_reading_note_shape() -> None:
    """The sample reading note's shape: frontmatter with a trailing-space WIP rating,
    code-span fields with an empty TAGS:, an info callout, paragraph-numbered H1 sections."""
    _text, note = seed("reading.md")
    assert note.frontmatter["rating"] == "WIP"
    assert note.frontmatter["author"] == "Executive Board of the Workers Forum"
    assert [(f.key, f.value) for f in note.fields][:2] == [
        ("SOURCE", "[source](https://example.org/files/2022-resolution)"),
        ("TAGS", ""),
    ]
    assert note.callouts[0].type == "info"
    numbered = [h.plain.split(".")[0] for h in note.headings if h.level == 1][1:]
    assert numbered == ["1", "13", "29", "43"]
    alias_link = next(link for link in note.links if link.alias == "sects")
    assert alias_link.target == "sectarianism"
    assert note.quotes and note.quotes[0].text.startswith("link up")
    assert note.tags == ()


@pytest.mark.parametrize(
    "name", ["clipping-points.md", "clipping-bullets.md", "clipping-repeated.md"]
)
def test_clippings_have_nothing_to_link_or_tag(name: str) -> None:
    _text, note = seed(name)
    assert note.tags == () and note.links == () and note.frontmatter == {}
    assert note.word_count > 50


def test_parser_never_raises_on_odd_input() -> None:
    for text in [
        "",
        "\x00\x01",
        "[[",
        "]]",
        "#",
        "%%",
        "---",
        "---\n---",
        "> [!",
        "`",
        "$$",
        "[[a|",
        "\t- [ ]",
    ]:
        parse_note(text, "odd.md")
