"""Large but honest frontmatter is read; an alias bomb is refused and named as one
(issue 14, item 9)."""

from __future__ import annotations

from vaultkit.parse.note import parse_note


def _bomb() -> str:
    lines = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join([f'*{prev}'] * 9)}]")
    return "\n".join([*lines, "---", "body #kept"]) + "\n"


def test_six_thousand_keys_are_read() -> None:
    keys = "".join(f"key{i}: value {i}\n" for i in range(6000))
    note = parse_note(f"---\n{keys}tags: [big]\n---\nbody\n", "big.md")
    assert [p.code for p in note.problems] == []
    assert len(note.frontmatter) == 6001 and note.frontmatter["key5999"] == "value 5999"
    assert [t.name for t in note.tags] == ["big"]


def test_a_100000_item_tag_list_is_read() -> None:
    items = "".join(f"  - t{i}\n" for i in range(100_000))
    note = parse_note(f"---\ntags:\n{items}---\nbody\n", "tags.md")
    assert [p.code for p in note.problems] == []
    assert len(note.tags) == 100_000 and note.tags[-1].name == "t99999"


def test_an_alias_bomb_is_refused_and_named() -> None:
    note = parse_note(_bomb(), "bomb.md")
    problems = [p for p in note.problems if p.code == "frontmatter-too-complex"]
    assert len(problems) == 1 and "alias bomb" in problems[0].message
    assert note.frontmatter == {}
    assert [t.name for t in note.tags] == ["kept"]


def test_honest_aliases_are_read() -> None:
    text = "---\nbase: &base {owner: me, status: open}\n"
    text += "".join(f"item{i}: *base\n" for i in range(300))
    note = parse_note(text + "---\n", "aliases.md")
    assert [p.code for p in note.problems] == []
    assert note.frontmatter["item299"] == {"owner": "me", "status": "open"}
