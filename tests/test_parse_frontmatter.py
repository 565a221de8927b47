"""Frontmatter as Obsidian reads it (help-properties, help-tags, help-aliases, tasks-data)."""

from __future__ import annotations

import pytest

from vaultkit.model import LinkKind, TagSource
from vaultkit.parse.note import parse_note

FM_TAG_CASES = [
    # (rule and source, text, expected frontmatter tags)
    (
        "F1 block list (help-properties)",
        "---\ntags:\n  - reading\n  - theory/marx\n---\n",
        ["reading", "theory/marx"],
    ),
    ("F1 flow list (help-tags)", "---\ntags: [reading, theory]\n---\n", ["reading", "theory"]),
    ("F1 values with # (tasks-data)", "---\ntags: ['#quoted', '#x/y']\n---\n", ["quoted", "x/y"]),
    ("F2 one plain string (tasks-data)", "---\ntags: journal\n---\n", ["journal"]),
    ("F4 '- #x' is a YAML comment (yaml spec)", "---\ntags:\n  - #x\n---\n", []),
    (
        "F5 JSON frontmatter (help-properties)",
        '---\n{"tags": ["json-tag"], "rating": 4}\n---\n',
        ["json-tag"],
    ),
    ("U1 comma string is ignored since 1.9.2 (tasks-data)", "---\ntags: a, b\n---\n", []),
    ("U3 singular tag: is not read by Obsidian 1.9 (help-properties)", "---\ntag: old\n---\n", []),
    ("U3 upper-case TAGS: is not read (tasks-data)", "---\nTAGS: [upper]\n---\n", []),
    ("T2 numbers are no tags (help-tags)", "---\ntags: [2021, y2021]\n---\n", ["y2021"]),
    (
        "F3 hashtags in text properties are no tags (help-properties)",
        "---\nsummary: about #politics\n---\n",
        [],
    ),
]


@pytest.mark.parametrize(
    ("rule", "text", "expected"), FM_TAG_CASES, ids=[c[0] for c in FM_TAG_CASES]
)
def test_frontmatter_tags(rule: str, text: str, expected: list[str]) -> None:
    note = parse_note(text, "n.md")
    assert [t.name for t in note.tags if t.source == TagSource.FRONTMATTER] == expected
    assert [t.name for t in note.tags] == expected  # nothing leaks into the body


def test_frontmatter_tag_spans_point_at_the_item() -> None:
    text = "---\ntitle: x\ntags:\n  - alpha\n  - beta\n---\nbody\n"
    note = parse_note(text, "n.md")
    assert [(t.span.line, text[t.span.start : t.span.end]) for t in note.tags] == [
        (4, "alpha"),
        (5, "beta"),
    ]


def test_comma_string_and_legacy_keys_are_reported() -> None:
    note = parse_note("---\ntags: a, b\ntag: old\n---\n", "n.md")
    codes = sorted(p.code for p in note.problems)
    assert codes == ["legacy-property", "tags-comma-string"]


def test_legacy_keys_option_reads_singular_properties() -> None:
    note = parse_note("---\ntag: old\nalias: Former\n---\n", "n.md", legacy_keys=True)
    assert [t.name for t in note.tags] == ["old"]
    assert note.aliases == ("Former",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\naliases:\n  - AI\n  - Artificial intelligence\n---\n",
            ("AI", "Artificial intelligence"),
        ),
        ("---\naliases: [Sects, sectarian]\n---\n", ("Sects", "sectarian")),
        ("---\naliases: One Alias\n---\n", ("One Alias",)),  # U2: a plain string, taken whole
    ],
)
def test_aliases(text: str, expected: tuple[str, ...]) -> None:
    """F1/U2: aliases as a list, or a single string (help-aliases)."""
    assert parse_note(text, "n.md").aliases == expected


def test_invalid_yaml_keeps_the_body_and_names_the_line() -> None:
    """F6: invalid YAML does not stop the body's tags and links (help-properties)."""
    text = '---\ntitle: "unclosed\nrating: 3\n---\n# Body\nSee [[Other]] #still-counts\n'
    note = parse_note(text, "n.md")
    assert note.frontmatter == {}
    assert [t.name for t in note.tags] == ["still-counts"]
    assert [link.target for link in note.links] == ["Other"]
    (problem,) = note.problems
    assert problem.code == "invalid-frontmatter"
    assert problem.line is not None and 2 <= problem.line <= 4


def test_frontmatter_that_is_not_a_mapping() -> None:
    note = parse_note("---\n- a\n- b\n---\ntext #t\n", "n.md")
    assert note.frontmatter == {}
    assert [p.code for p in note.problems] == ["frontmatter-not-mapping"]
    assert [t.name for t in note.tags] == ["t"]


def test_unclosed_frontmatter_is_body_text() -> None:
    note = parse_note("---\ntags: [x]\n\nno closing fence #body\n", "n.md")
    assert note.frontmatter == {}
    assert [t.name for t in note.tags] == ["body"]
    assert [p.code for p in note.problems] == ["frontmatter-unclosed"]


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        refs = ",".join([f"*{prev}"] * 9)
        lines.append(f"{cur}: &{cur} [{refs}]")
    lines += ["tags: [x]", "---", "body #ok"]
    note = parse_note("\n".join(lines) + "\n", "n.md")
    assert [p.code for p in note.problems] == ["frontmatter-too-complex"]
    assert [t.name for t in note.tags] == ["ok"]


def test_bom_and_crlf() -> None:
    """U5/F7: a BOM before the frontmatter and CRLF endings are read like plain LF."""
    text = "\ufeff---\r\ntags: [crlf]\r\n---\r\n# Title #h\r\nLink [[Target]] here\r\n"
    note = parse_note(text, "n.md")
    assert note.frontmatter == {"tags": ["crlf"]}
    assert [t.name for t in note.tags] == ["crlf", "h"]
    assert note.headings[0].plain == "Title #h"
    assert note.links[0].target == "Target"
    body = text[1:]
    link = note.links[0]
    assert body[link.span.start : link.span.end] == "[[Target]]"
    assert link.span.line == 5


def test_links_in_frontmatter_are_links_of_the_note() -> None:
    """F8: quoted [[links]] in properties are links (api-dts FrontmatterLinkCache, tasks-data)."""
    text = '---\nrelated: "[[Ann]]"\nsee:\n  - "[[Bob|Robert]]"\n  - "[[#Local]]"\n---\n'
    note = parse_note(text, "n.md")
    got = [(x.kind, x.key, x.target, x.alias, x.heading, x.span.line) for x in note.links]
    assert got == [
        (LinkKind.FRONTMATTER, "related", "Ann", None, None, 2),
        (LinkKind.FRONTMATTER, "see", "Bob", "Robert", None, 4),
        (LinkKind.FRONTMATTER, "see", "", None, "Local", 5),
    ]
    for link in note.links:
        assert text[link.span.start : link.span.end] == link.raw


def test_dates_become_iso_strings() -> None:
    note = parse_note("---\ndate: 2021-01-30\nrating: 4\n---\n", "n.md")
    assert note.frontmatter == {"date": "2021-01-30", "rating": 4}
