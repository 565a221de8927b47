"""Property tests of the tag editor on generated notes (every frontmatter style, CRLF and
mixed line endings, BOM, random body text):

- adding only inserts (one block; two for a single value that becomes a flow list) and
  the inserted text holds the tag; the rest of the file is byte-identical;
- adding then removing gives the original bytes (except three documented forms: a single
  value, an empty ``tags:``, an empty frontmatter block; they come back with the same tags
  and properties);
- removing only deletes, and only that tag goes;
- renaming changes only the tag names, and renaming back gives the original bytes.

Run with HYPOTHESIS_PROFILE=deep for thousands of examples (profiles in conftest.py).
"""

from __future__ import annotations

from collections import Counter

from hypothesis import event, given
from hypothesis import strategies as st

from vaultkit.parse.note import parse_note
from vaultkit.tags.edits import add_tag, remove_tag, rename_tag
from vaultkit.tags.splice import CannotEdit

EXISTING = ["alpha", "beta/gamma", "Delta", "épsilon", "zeta_eta", "theta-iota", "k9"]
NEW = ["new", "New/Sub", "café", "x-y_z", "on", "1990s", "alpha/child", "a"]
STYLES = ["none", "block", "block0", "quoted", "gapped", "flow", "scalar", "empty", "nokey"]
PROPS = [
    "author: Jo Smith",
    "rating: WIP ",
    "title: 'A: B'  # a comment",
    "# only a comment",
    "date: 2021-01-30",
    "aliases:\n  - Other name",
    'link: "[[Some Note]]"',
]
BODY = [
    "# [[IMT]] Branch, 1-30-21",
    "#meeting/political ",
    "Some text #alpha and more",
    "`TAGS:` #alpha #beta/gamma",
    "`TAGS:` ",
    "`AUTHOR:` Someone",
    "- [ ] task #Delta",
    "\t- nested item",
    "> [!info] callout #épsilon",
    "%% comment #zeta_eta %%",
    "[[Link]] and [x](y.md)",
    "Our #1 priority",
    "",
    "---",
    "    indented code #k9",
    "$x #notmath$",
    "#alpha#Delta",
    "text\t#k9\t",
    "- #beta/gamma",
    "| a | #alpha |",
]


@st.composite
def notes(draw: st.DrawFn) -> tuple[str, str]:
    """A note's text and its frontmatter style."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    tags = draw(st.lists(st.sampled_from(EXISTING), max_size=3, unique_by=str.lower))
    style = draw(st.sampled_from(STYLES))
    if style == "scalar":
        tags = tags[:1] or ["alpha"]
    if style in ("block", "block0", "quoted", "gapped") and not tags:
        style = "empty"  # `tags:` with no item is the empty property
    lines: list[str] = []
    if style != "none":
        lines.append("---")
        lines += draw(st.lists(st.sampled_from(PROPS), max_size=2))
        if style == "block":
            lines += ["tags:"] + [f"  - {t}" for t in tags]
        elif style == "block0":
            lines += ["tags:"] + [f"- {t}  # c" for t in tags]
        elif style == "gapped":
            lines += ["tags: # the topics"] + [f"  - {t}\n\n  # x" for t in tags]
        elif style == "quoted":
            lines += ["tags:"] + [f'  - "{t}"' for t in tags]
        elif style == "flow":
            lines.append(f"tags: [{', '.join(tags)}]")
        elif style == "scalar":
            lines.append(f"tags: {tags[0]}")
        elif style == "empty":
            lines.append("tags:")
        lines += draw(st.lists(st.sampled_from(PROPS), max_size=2))
        lines.append("---")
    head = nl.join(lines).replace("\n", nl) if nl != "\n" else "\n".join(lines)
    body = draw(st.lists(st.one_of(st.sampled_from(BODY), st.text(max_size=30)), max_size=8))
    end = draw(st.sampled_from(["", nl]))
    text = nl.join([head, *body]) + end if head else nl.join(body) + end
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text, style


def _names(text: str) -> Counter[str]:
    return Counter(t.name.lower() for t in parse_note(text, "n.md").tags)


def _props(text: str) -> dict[str, object]:
    return {k: v for k, v in parse_note(text, "n.md").frontmatter.items() if k != "tags"}


def _single_insertion(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with one block of text inserted somewhere."""
    prefix = _common(old, new)
    suffix = _common(old[::-1], new[::-1])
    return len(new) > len(old) and prefix + suffix >= len(old)


def _common(a: str, b: str) -> int:
    """Length of the common prefix of ``a`` and ``b``."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@given(notes(), st.sampled_from(NEW), st.booleans())
def test_add_only_inserts_and_remove_gives_the_original_back(
    note: tuple[str, str], tag: str, inline: bool
) -> None:
    text, style = note
    before = _names(text)
    try:
        edit = add_tag(text, tag, inline=inline)
    except CannotEdit:
        event("refused")
        return
    if edit is None:
        assert tag.lower() in before
        return
    event(edit.changes[0].where)
    assert _is_subsequence(text, edit.text)
    if edit.changes[0].where == "frontmatter" and style == "scalar":
        value = tag if tag != "on" else '"on"'
        scalar = text.split("tags: ", 1)[1].split("\n", 1)[0].rstrip("\r")
        assert edit.text == text.replace(f"tags: {scalar}", f"tags: [{scalar}, {value}]", 1)
    else:
        assert _single_insertion(text, edit.text)
    assert edit.text.count(tag) > text.count(tag)
    after = _names(edit.text)
    assert after - Counter({tag.lower(): 1}) == before
    assert _props(edit.text) == _props(text)
    back = remove_tag(edit.text, tag)
    assert back is not None
    where = edit.changes[0].where
    lossy = (where == "frontmatter" and (style in ("scalar", "empty") or "tags: []" in text)) or (
        where == "new-property" and text.lstrip("\ufeff").startswith(("---\n---", "---\r\n---"))
    )
    if not lossy:
        assert back.text == text
    else:
        # documented: `tags: a` comes back as `tags: [a]`; an empty `tags:` property and
        # an empty frontmatter block go away
        event("lossy round trip")
        assert _names(back.text) == before and _props(back.text) == _props(text)


@given(notes(), st.data())
def test_remove_only_deletes_that_tag(note: tuple[str, str], data: st.DataObject) -> None:
    text, _ = note
    before = _names(text)
    if not before:
        return
    tag = data.draw(st.sampled_from(sorted(before)))
    try:
        edit = remove_tag(text, tag)
    except CannotEdit:
        event("refused")
        return
    assert edit is not None
    assert _is_subsequence(edit.text, text)
    after = _names(edit.text)
    assert tag not in after
    assert after == Counter({n: c for n, c in before.items() if n != tag})
    assert _props(edit.text) == _props(text)


@given(notes(), st.sampled_from(["renamed", "Other/Name", "ü-tag"]))
def test_rename_changes_names_only_and_renames_back(note: tuple[str, str], new: str) -> None:
    text, _ = note
    before = _names(text)
    spelled = {t.name for t in parse_note(text, "n.md").tags}
    old = next((t for t in sorted(spelled) if "/" not in t), None)
    if old is None or len({s for s in spelled if s.lower() == old.lower()}) > 1:
        return
    try:
        edit = rename_tag(text, old, new)
    except CannotEdit:
        event("refused")
        return
    assert edit is not None
    moved = sum(c for n, c in before.items() if n == old.lower() or n.startswith(old.lower() + "/"))
    assert len(edit.text) - len(text) == moved * (len(new) - len(old))
    expected = Counter(
        {
            (new.lower() + n[len(old) :] if n.split("/")[0] == old.lower() else n): c
            for n, c in before.items()
        }
    )
    assert _names(edit.text) == expected
    back = rename_tag(edit.text, new, old)
    assert back is not None and back.text == text
