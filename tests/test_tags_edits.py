"""Surgical tag edits (vaultkit.tags.edits): where a tag goes, what removing and renaming
touch, what is refused. Frontmatter forms follow Obsidian's help "Properties.md" and
"Tags.md" (tags as a block list, a flow list or one plain value; values without #)."""

from __future__ import annotations

import pytest

from vaultkit.parse.note import parse_note
from vaultkit.tags.edits import add_tag, remove_tag, rename_tag
from vaultkit.tags.splice import CannotEdit

# (title, note text, tag, expected text, where)
ADD_CASES = [
    (
        "block list keeps its indentation and comments (help-properties)",
        "---\ntitle: A  # keep\ntags:\n  - alpha  # first\n  - beta\nrating: 4\n---\nBody\n",
        "gamma",
        "---\ntitle: A  # keep\ntags:\n  - alpha  # first\n  - beta\n  - gamma\nrating: 4\n"
        "---\nBody\n",
        "frontmatter",
    ),
    (
        "block list at column 0",
        "---\ntags:\n- alpha\n---\n",
        "gamma",
        "---\ntags:\n- alpha\n- gamma\n---\n",
        "frontmatter",
    ),
    (
        "quoted items: the new one is quoted alike",
        "---\ntags:\n  - 'alpha'\n---\n",
        "gamma",
        "---\ntags:\n  - 'alpha'\n  - 'gamma'\n---\n",
        "frontmatter",
    ),
    (
        "flow list keeps its separator",
        "---\ntags: [alpha,beta]\n---\n",
        "gamma",
        "---\ntags: [alpha,beta,gamma]\n---\n",
        "frontmatter",
    ),
    (
        "empty flow list",
        "---\ntags: []\n---\n",
        "gamma",
        "---\ntags: [gamma]\n---\n",
        "frontmatter",
    ),
    (
        "one plain value becomes a flow list on the same line (help-tags: one value counts)",
        "---\ntags: alpha # note\n---\n",
        "gamma",
        "---\ntags: [alpha, gamma] # note\n---\n",
        "frontmatter",
    ),
    (
        "empty tags: gets a block list",
        "---\ntags:\nauthor: Jo\n---\n",
        "gamma",
        "---\ntags:\n  - gamma\nauthor: Jo\n---\n",
        "frontmatter",
    ),
    (
        "a YAML keyword is quoted so that it stays a string",
        "---\ntags: [alpha]\n---\n",
        "on",
        '---\ntags: [alpha, "on"]\n---\n',
        "frontmatter",
    ),
    (
        "a filled `TAGS:` field of a reading note",
        "---\nauthor: Jo\n---\n# R\n`TAGS:` #reading/theory  \n",
        "gamma",
        "---\nauthor: Jo\n---\n# R\n`TAGS:` #reading/theory #gamma  \n",
        "field",
    ),
    (
        "an empty `TAGS:` field is not filled: the frontmatter gets the property",
        "---\nauthor: Jo\nrating: WIP \n---\n# R\n`TAGS:` \n",
        "gamma",
        "---\nauthor: Jo\nrating: WIP \ntags:\n  - gamma\n---\n# R\n`TAGS:` \n",
        "new-property",
    ),
    (
        "no frontmatter: a new block at the top",
        "# Clipped\nText.\n",
        "gamma",
        "---\ntags:\n  - gamma\n---\n# Clipped\nText.\n",
        "new-frontmatter",
    ),
    (
        "CRLF file: new lines use CRLF",
        "Text\r\nmore\r\n",
        "gamma",
        "---\r\ntags:\r\n  - gamma\r\n---\r\nText\r\nmore\r\n",
        "new-frontmatter",
    ),
    (
        "BOM stays first",
        "\ufeff---\r\ntags:\r\n  - alpha\r\n---\r\n",
        "gamma",
        "\ufeff---\r\ntags:\r\n  - alpha\r\n  - gamma\r\n---\r\n",
        "frontmatter",
    ),
    (
        "invalid frontmatter is left alone when a filled field can take the tag",
        '---\nauthor: "Jo\ntags: [a]\n---\n`TAGS:` #b\n',
        "gamma",
        '---\nauthor: "Jo\ntags: [a]\n---\n`TAGS:` #b #gamma\n',
        "field",
    ),
]


@pytest.mark.parametrize(("title", "text", "tag", "expected", "where"), ADD_CASES)
def test_add_goes_where_the_note_keeps_its_tags(
    title: str, text: str, tag: str, expected: str, where: str
) -> None:
    edit = add_tag(text, tag)
    assert edit is not None, title
    assert edit.text == expected, title
    assert [c.where for c in edit.changes] == [where]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Text\n", "Text\n#gamma\n"),
        ("Text", "Text\n#gamma"),
        ("", "#gamma"),
        ("---\ntags: [a]\n---\nText\r\n", "---\ntags: [a]\n---\nText\r\n#gamma\r\n"),
    ],
)
def test_add_inline_appends_a_last_line(text: str, expected: str) -> None:
    edit = add_tag(text, "#gamma", inline=True)
    assert edit is not None and edit.text == expected
    back = remove_tag(edit.text, "gamma")
    assert back is not None and back.text == text


def test_add_is_a_no_op_when_any_spelling_is_there() -> None:
    """Tags are case-insensitive (help-tags): #Gamma in the body already tags the note."""
    assert add_tag("---\ntags: [a]\n---\nSee #Gamma\n", "gamma") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntags: a, b\n---\n", "not read as tags"),
        ("---\ntags: [a,\n  b]\n---\n", "continues"),
        ("---\ntags: &t [a]\n---\n", "YAML features"),
        ("---\ntags: [a]\ntags: [b]\n---\n", "twice"),
        ('---\nauthor: "Jo\n---\nText\n', "not valid YAML"),
        ("---\ntags:\n  - [a, b]\n---\n", "nested"),
    ],
)
def test_add_refuses_forms_it_does_not_understand(text: str, reason: str) -> None:
    with pytest.raises(CannotEdit, match=reason):
        add_tag(text, "gamma")


def test_inline_add_into_an_unclosed_code_fence_is_refused() -> None:
    """A tag in fenced code is no tag (help-search): the re-parse catches it."""
    with pytest.raises(CannotEdit):
        add_tag("```\ncode", "gamma", inline=True)


# (title, text, tag, expected)
REMOVE_CASES = [
    (
        "block item line goes, comments of others stay",
        "---\ntags:\n  - alpha  # a\n  - beta # b\n---\n",
        "ALPHA",
        "---\ntags:\n  - beta # b\n---\n",
    ),
    (
        "last tag: the property goes, other properties stay",
        "---\nauthor: Jo\ntags:\n  - alpha\n---\nText\n",
        "alpha",
        "---\nauthor: Jo\n---\nText\n",
    ),
    (
        "last tag of a frontmatter holding nothing else: the block goes",
        "---\ntags: [alpha]\n---\nText\n",
        "alpha",
        "Text\n",
    ),
    (
        "flow list, first item",
        "---\ntags: [alpha, beta, g]\n---\n",
        "alpha",
        "---\ntags: [beta, g]\n---\n",
    ),
    (
        "flow list, middle item",
        "---\ntags: [alpha, beta, g]\n---\n",
        "beta",
        "---\ntags: [alpha, g]\n---\n",
    ),
    ("flow list, last items", "---\ntags: [a1, b1, g1]\n---\n", "g1", "---\ntags: [a1, b1]\n---\n"),
    (
        "a tag alone on its line: the line goes",
        "# [[IMT]] Branch, 1-30-21\n#meeting/political \n\n---\n",
        "meeting/political",
        "# [[IMT]] Branch, 1-30-21\n\n---\n",
    ),
    ("with the space before it", "Text #alpha more\n", "alpha", "Text more\n"),
    ("at line start, with the space after", "#alpha #beta\n", "alpha", "#beta\n"),
    ("a repeated tag", "#a1 #a1 x\nx #a1 #a1\n", "a1", "x\nx\n"),
    ("#first#second (omcp-140)", "x #first#second\n", "second", "x #first\n"),
    ("field tag", "`TAGS:` #reading/theory #alpha\n", "alpha", "`TAGS:` #reading/theory\n"),
    (
        "nested tags are other tags (help-tags)",
        "#alpha #alpha/child\n",
        "alpha",
        "#alpha/child\n",
    ),
    ("CRLF last line", "Text\r\n#alpha", "alpha", "Text"),
    (
        "everywhere at once",
        "---\ntags: [alpha, b2]\n---\n# Title #alpha\n`TAGS:` #alpha\n%% #alpha %%\n",
        "alpha",
        "---\ntags: [b2]\n---\n# Title\n`TAGS:`\n%% %%\n",
    ),
]


@pytest.mark.parametrize(("title", "text", "tag", "expected"), REMOVE_CASES)
def test_remove_touches_only_the_tag(title: str, text: str, tag: str, expected: str) -> None:
    edit = remove_tag(text, tag)
    assert edit is not None, title
    assert edit.text == expected, title


def test_remove_of_an_absent_tag_is_none() -> None:
    assert remove_tag("#alpha/child\n", "alpha") is None


# (title, text, old, new, expected)
RENAME_CASES = [
    (
        "nested children follow, case-insensitively",
        "---\ntags: [Meeting, meeting/political]\n---\n#MEETING/x\n",
        "meeting",
        "mtg",
        "---\ntags: [mtg, mtg/political]\n---\n#mtg/x\n",
    ),
    (
        "merge: the new name already in the list",
        "---\ntags:\n  - old\n  - new\n---\n",
        "old",
        "new",
        "---\ntags:\n  - new\n---\n",
    ),
    (
        "merge in a flow list and in a field",
        "---\ntags: [new, old, x1]\n---\n`TAGS:` #old #new\n#old\n",
        "old",
        "new",
        "---\ntags: [new, x1]\n---\n`TAGS:` #new\n#new\n",
    ),
    (
        "a quoted item keeps its quotes and #",
        '---\ntags: ["#old/y"]\n---\n',
        "old",
        "new",
        '---\ntags: ["#new/y"]\n---\n',
    ),
    (
        "a case-only rename",
        "#Organizing and #organizing\n",
        "organizing",
        "Organizing",
        "#Organizing and #Organizing\n",
    ),
    (
        "a prefix that is not a parent is not renamed",
        "#oldest #old\n",
        "old",
        "new",
        "#oldest #new\n",
    ),
]


@pytest.mark.parametrize(("title", "text", "old", "new", "expected"), RENAME_CASES)
def test_rename(title: str, text: str, old: str, new: str, expected: str) -> None:
    edit = rename_tag(text, old, new)
    assert edit is not None, title
    assert edit.text == expected, title


def test_rename_records_merges() -> None:
    edit = rename_tag("---\ntags: [old, new]\n---\n", "old", "new")
    assert edit is not None
    assert [(c.action, c.before, c.after) for c in edit.changes] == [("merge", "old", "new")]


def test_the_reading_seed_shape_gets_a_tags_property_with_its_line() -> None:
    """The user's reading notes: frontmatter without tags, an empty `TAGS:` field."""
    text = (
        "---\nauthor: Central Board\nrating: WIP \ngenre: political\nformat: article\n---\n"
        "# A Resolution (2021)\n`SOURCE:` [source](https://example.org)\n`TAGS:` \n"
        "`AUTHOR:` The Board\n"
    )
    edit = add_tag(text, "reading")
    assert edit is not None
    assert edit.changes[0].where == "new-property" and edit.changes[0].line == 6
    note = parse_note(edit.text, "r.md")
    assert [t.name for t in note.tags] == ["reading"]
    assert note.frontmatter["rating"] == "WIP"
