"""The MCP tool registry without the SDK: argument checks, paging, the size bound; and the
two core functions only MCP serves today, `read_note` and `resolve_link`, including every
way out of the vault they refuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.errors import AmbiguousNote, NoteNotFound
from vaultkit.index import Index
from vaultkit.live import registry
from vaultkit.live.mcp_server import read_resource_text, vault_outline
from vaultkit.live.registry import Arg, Page, Tool, ToolUsageError, call, checked, cursor_args
from vaultkit.live.tools import tools
from vaultkit.reading import OutsideVault, read_note, resolve_link, split_link


def echo(index: Any, args: dict[str, Any], page: Page) -> Any:
    return {"args": args, "items": page.take(list(range(7)))}


ECHO = Tool(
    "echo",
    "Echo.",
    (
        Arg("name", "string", "A name.", True),
        Arg("mode", "string", "A mode.", False, "a", ("a", "b")),
        Arg("count", "integer", "A count.", False, 1, None, 1, 5),
        Arg("names", "array", "Names."),
        *cursor_args(3, 10),
    ),
    echo,
)


def test_arguments_are_checked_and_defaults_filled() -> None:
    assert checked(ECHO, {"name": "x"}) == {
        "name": "x",
        "mode": "a",
        "count": 1,
        "names": None,
        "cursor": None,
        "limit": 3,
    }
    for given, message in (
        ({}, "needs the argument 'name'"),
        ({"name": "x", "colour": 1}, "takes no argument colour"),
        ({"name": 3}, "name must be a string"),
        ({"name": "x", "count": True}, "count must be a integer"),
        ({"name": "x", "count": 9}, "count must be at most 5"),
        ({"name": "x", "count": 0}, "count must be at least 1"),
        ({"name": "x", "mode": "c"}, "mode must be one of a, b"),
        ({"name": "x", "names": ["a", 2]}, "names must be a list of strings"),
    ):
        with pytest.raises(ToolUsageError, match=message):
            checked(ECHO, given)


def test_paging_adds_next_cursor_and_total() -> None:
    first, _ = call(ECHO, None, {"name": "x"})  # type: ignore[arg-type]
    assert first["items"] == [0, 1, 2] and first["next_cursor"] == "3" and first["total"] == 7
    last, text = call(ECHO, None, {"name": "x", "cursor": "6"})  # type: ignore[arg-type]
    assert last["items"] == [6] and last["next_cursor"] is None
    assert '"next_cursor":null' in text
    with pytest.raises(ToolUsageError, match="invalid cursor"):
        call(ECHO, None, {"name": "x", "cursor": "-1"})  # type: ignore[arg-type]


def test_answers_are_size_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MAX_CHARS", 50)
    with pytest.raises(ToolUsageError, match="more than 50; narrow it"):
        call(ECHO, None, {"name": "x" * 60})  # type: ignore[arg-type]


def test_every_tool_has_a_schema_a_description_and_an_example() -> None:
    listed = tools()
    assert len({t.name for t in listed}) == len(listed)
    for tool in listed:
        schema = tool.input_schema()
        assert schema["type"] == "object" and schema["additionalProperties"] is False
        assert "Example: {" in tool.description, tool.name
        assert tool.writes == tool.name.startswith("tag_")
        assert not tool.writes or "dry_run" in schema["properties"]


@pytest.fixture
def index(make_vault: VaultBuilder, tmp_path: Path) -> Any:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("password\n", encoding="utf-8")
    root = make_vault(
        {
            "A/Note.md": "---\naliases: [Nick]\ntags: [x]\n---\n# Top\none\ntwo\n## Sub\nthree\n",
            "B/Note.md": "other\n",
            "B/Other.md": "[[Note]]\n",
            "pic.png": b"\x89PNG",
        }
    )
    (root / "Leak.md").symlink_to(outside / "secret.md")
    (root / "Hole").symlink_to(outside, target_is_directory=True)
    with Index.open(root, tmp_path / "idx.sqlite") as opened:
        opened.refresh(jobs=1)
        yield opened


def test_read_note_pages_lines_with_outline(index: Any) -> None:
    page = read_note(index, "A/Note.md", start=6, limit=2)
    assert [(n.line, n.text) for n in page.lines] == [(6, "one"), (7, "two")]
    assert page.line_count == 9 and page.next_start == 8
    assert page.aliases == ["Nick"] and page.tags == ["x"]
    assert page.outline == [
        {"level": 1, "text": "Top", "line": 5},
        {"level": 2, "text": "Sub", "line": 8},
    ]
    assert read_note(index, "Nick").path == "A/Note.md"  # by alias
    assert read_note(index, "A/Note.md", start=9, limit=5).next_start is None


def test_read_note_never_leaves_the_vault(index: Any) -> None:
    for query in ("../outside/secret.md", "/etc/passwd", "A/../../outside/secret.md"):
        with pytest.raises(OutsideVault):
            read_note(index, query)
    with pytest.raises(Exception) as raised:  # a symlink out is not a note of the vault
        read_note(index, "Leak")
    assert "password" not in str(raised.value)
    with pytest.raises(AmbiguousNote):
        read_note(index, "Note")


def test_resources_never_leave_the_vault(index: Any) -> None:
    text, mime = read_resource_text(index, "vault://B/Other.md")
    assert text == "[[Note]]\n" and mime == "text/markdown"
    for uri in ("vault://Leak.md", "vault://Hole/secret.md", "vault://..%2Foutside/secret.md"):
        with pytest.raises(Exception) as raised:
            read_resource_text(index, uri)
        assert "password" not in str(raised.value)
    with pytest.raises(Exception, match="no note at"):
        read_resource_text(index, "vault://pic.png")
    with pytest.raises(Exception, match="unknown resource"):
        read_resource_text(index, "file:///etc/passwd")
    outline = vault_outline(index)
    assert outline["folders"] == [
        {"folder": "", "notes": 3},
        {"folder": "A", "notes": 1},
        {"folder": "B", "notes": 2},
    ]


def test_resolve_link_as_obsidian_with_candidates(index: Any) -> None:
    # resolve.py: a name two files share resolves below the linking note's folder first,
    # else to the shortest path; both are candidates.
    from_b = resolve_link(index, "[[Note#Sub|shown]]", "B/Other.md")
    assert from_b.resolved == "B/Note.md" and from_b.heading == "Sub"
    assert from_b.candidates == ["A/Note.md", "B/Note.md"] and from_b.ambiguous
    assert resolve_link(index, "Note").resolved == "A/Note.md"
    assert resolve_link(index, "A/Note").resolved == "A/Note.md"
    nick = resolve_link(index, "[[Nick]]")
    assert nick.resolved is None and nick.alias_of == ["A/Note.md"] and not nick.candidates
    assert resolve_link(index, "![[pic.png]]").resolved == "pic.png"
    assert resolve_link(index, "[[../x]]", "B/Other.md").resolved is None
    with pytest.raises(NoteNotFound):
        resolve_link(index, "x", "Nowhere Yet")
    assert split_link("![[T#^blk|alias]]") == ("T", None, "blk")
