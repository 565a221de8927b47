"""One test per bug found in review, named after what broke (STYLE: keep every crash input)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.parse.note import parse_note
from vaultkit.render.core import note_json

runner = CliRunner()


def test_leading_nbsp_only_line_keeps_spans_exact() -> None:
    for text in (
        "Intro\n\n\u00a0\nSee [[X]] for #topic\n",
        "> \u00a0\n> [[X]] #topic\n",
        "\u3000\n[[X]] #topic\n",
    ):
        note = parse_note(text, "n.md")
        assert [text[x.span.start : x.span.end] for x in note.links] == ["[[X]]"]
        assert [text[t.span.start : t.span.end] for t in note.tags] == ["#topic"]


def test_brackets_in_titles_and_names_print_as_written(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "a.md": "# Notes on C[i] and a[/2]\n",
            "b.md": '---\ntitle: "[draft] budget [v2]"\n---\n',
            "[red]c.md": "x",
        }
    )
    result = runner.invoke(app, ["notes", "--vault", str(root)])
    assert result.exit_code == 0, result.output
    assert "C[i] and a[/2]" in result.stdout
    assert "[draft] budget [v2]" in result.stdout
    assert "[red]c.md" in result.stdout


def test_frontmatter_tag_spans_are_the_items_not_the_key() -> None:
    for text in (
        "---\ntags: [a]\n---\n",
        "---\ntags:\n  - tags\n  - a\n  - s\n---\n",
        "---\n# tag comment\ntags: ['#tag', \"x\"]\n---\n",
    ):
        note = parse_note(text, "n.md")
        assert note.tags
        for tag in note.tags:
            assert text[tag.span.start : tag.span.end] == tag.name
    note = parse_note("---\ntags:\n  - tags\n  - a\n---\n", "n.md")
    assert [t.span.line for t in note.tags] == [3, 4]


def test_frontmatter_links_with_quoting_point_at_their_source() -> None:
    text = '---\nup: \'[[It\'\'s]]\'\nq: "[[A \\"B\\"]]"\nplain: "[[C]]"\n---\n'
    note = parse_note(text, "n.md")
    assert [x.target for x in note.links] == ["It's", 'A "B"', "C"]
    for link in note.links:
        assert text[link.span.start : link.span.end] == link.raw
    assert note.links[2].raw == "[[C]]" and note.links[2].span.line == 4


def test_tag_problems_name_the_tags_line() -> None:
    note = parse_note("---\ntitle: x\nauthor: y\ntags: a, b\n---\n", "n.md")
    assert [(p.code, p.line) for p in note.problems] == [("tags-comma-string", 4)]


def test_case_only_duplicates_resolve_the_same_incrementally(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    files: dict[str, str | bytes] = {"Note.md": "upper", "note.md": "lower"}
    files.update({f"f{i}.md": "[[note]]" for i in range(60)})
    root = make_vault(files)
    if len(list(root.glob("*ote.md"))) < 2:
        return  # a case-insensitive file system holds one of them only
    live = Index.open(root, tmp_path / "live.sqlite")
    live.refresh()
    for i in range(60):
        path = root / f"f{i}.md"
        path.write_text("[[note]] ", encoding="utf-8")
        os.utime(path, ns=(1, 1_900_000_000_000_000_000))
    live.refresh()
    with Index.open(root, tmp_path / "fresh.sqlite") as fresh:
        fresh.refresh()
        assert [note_json(n) for n in live.notes()] == [note_json(n) for n in fresh.notes()]


def test_excluded_notes_do_not_count_as_links_in(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            ".obsidian/app.json": '{"userIgnoreFilters": ["Templates/"]}',
            "Templates/T.md": "[[n]]",
            "n.md": "x",
            "m.md": "[[n]]",
        }
    )
    result = runner.invoke(app, ["notes", "--vault", str(root), "--csv"])
    assert "n.md,n,,1,0" in result.stdout.splitlines()


def test_backlink_context_with_unicode_line_separators(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "first\u2028second\nthird [[X]]\n", "X.md": "x"})
    result = runner.invoke(app, ["links", "X", "--vault", str(root), "--json"])
    (link,) = json.loads(result.stdout)["backlinks"][0]["links"]
    assert (link["line"], link["text"]) == (2, "third [[X]]")


def test_crlf_link_across_lines_has_its_exact_raw_text() -> None:
    text = "[label\r\nwith break](Note.md) x\r\n"
    (link,) = parse_note(text, "n.md").links
    assert link.raw == text[link.span.start : link.span.end] == "[label\r\nwith break](Note.md)"


def test_tag_before_an_escaped_table_pipe() -> None:
    text = "| a | b |\n|---|---|\n| #tag\\| x | y |\n"
    (tag,) = parse_note(text, "n.md").tags
    assert text[tag.span.start : tag.span.end] == "#tag"


def tag_cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["tag", *args, "--vault", str(root), "--yes"])
    return result.exit_code, result.stdout, result.stderr


def test_a_long_note_name_is_edited_not_crashed(make_vault: VaultBuilder) -> None:
    name = "n" * 240 + ".md"
    root = make_vault({name: "plain text", "c.md": "more text"})
    code, _, err = tag_cli(root, "add", "zz", "--untagged")
    assert code == 0, err
    assert (root / name).read_text(encoding="utf-8").startswith("---\ntags:")


def test_read_only_notes_are_refused(make_vault: VaultBuilder) -> None:
    root = make_vault({"ro.md": "#old here", "rw.md": "#old there"})
    (root / "ro.md").chmod(0o444)
    code, _, err = tag_cli(root, "rename", "old", "new")
    assert code == 1 and "read-only" in err
    assert (root / "ro.md").read_text(encoding="utf-8") == "#old here"
    assert (root / "rw.md").read_text(encoding="utf-8") == "#new there"


def test_yaml_1_1_booleans_are_tags_as_obsidian_reads_them() -> None:
    note = parse_note("---\ntags: [yes, reading, on]\n---\n", "n.md")
    assert [t.name for t in note.tags] == ["yes", "reading", "on"]


def test_a_symlinked_note_is_edited_once(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "#old"})
    (root / "link_in.md").symlink_to(root / "a.md")
    code, _, err = tag_cli(root, "rename", "old", "new")
    assert code == 0, err
    assert (root / "a.md").read_text(encoding="utf-8") == "#new"


def test_tags_can_be_added_to_frontmatter_holding_only_a_comment(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "---\n# just a comment\n---\nbody"})
    code, _, err = tag_cli(root, "add", "x", "a")
    assert code == 0, err
    assert [
        t.name for t in parse_note((root / "a.md").read_text(encoding="utf-8"), "a.md").tags
    ] == ["x"]


def test_removing_the_last_tag_keeps_comments_in_the_frontmatter(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "---\ntags:\n  # topics\n  - a\ntitle: t\n---\nbody"})
    code, _, err = tag_cli(root, "remove", "a", "a")
    assert code == 0, err
    assert (root / "a.md").read_text(encoding="utf-8") == "---\n  # topics\ntitle: t\n---\nbody"


def test_tag_lists_in_fields_keep_their_commas() -> None:
    from vaultkit.tags.edits import add_tag, remove_tag

    cases = [
        ("Tags:: #a, #b\n", "a", "Tags:: #b\n"),
        ("Tags:: #a, #b\n", "b", "Tags:: #a\n"),
        ("`TAGS:` #a, #b, #c\n", "b", "`TAGS:` #a, #c\n"),
        ("x #a #b\n", "a", "x #b\n"),
    ]
    for text, tag, expected in cases:
        edited = remove_tag(text, tag)
        assert edited is not None and edited.text == expected
    added = add_tag("`TAGS:` #a, #b\nbody\n", "x")
    assert added is not None and added.text == "`TAGS:` #a, #b, #x\nbody\n"
    back = remove_tag(added.text, "x")
    assert back is not None and back.text == "`TAGS:` #a, #b\nbody\n"


# -- found reviewing the pyromark Markdown layer ----------------------------------------


def test_display_math_block_hides_lists_headings_tags_and_links() -> None:
    text = (
        "$$\n\\begin{aligned}\na &= b \\\\\n- c &= d \\\\\n> g\n# h\n\nx^2 #no [[no]]\n"
        "\\end{aligned}\n$$\nafter #yes\n\n```\n$$\n```\n#also\n"
    )
    note = parse_note(text, "n.md")
    assert [t.name for t in note.tags] == ["yes", "also"]
    assert note.links == () and note.list_items == () and note.quotes == ()
    assert note.headings == ()


def test_lone_carriage_returns_end_lines_in_code_and_html_blocks() -> None:
    for text in (
        "```py\rx = 1 #no\r```\r\rtext #yes [[x]]\r",
        "para\r\r    code #no\r\rtext #yes [[x]]\r",
        "<div>\rhi #no\r</div>\r\rtext #yes [[x]]\r",
    ):
        note = parse_note(text, "n.md")
        assert [t.name for t in note.tags] == ["yes"], text
        assert [link.target for link in note.links] == ["x"], text
        assert [text[t.span.start : t.span.end] for t in note.tags] == ["#yes"]


def test_mail_autolink_is_external_mailto() -> None:
    (link,) = parse_note("Write to <john@example.com>.", "n.md").links
    assert (link.target, link.external) == ("mailto:john@example.com", True)


def test_wikilink_inside_a_markdown_link_label_is_read_first() -> None:
    links = parse_note("[see [[a|b]] more](https://x.com) [**[[c]]**](d.md)", "n.md").links
    assert [(link.target, link.kind.value) for link in links] == [("a", "wiki"), ("c", "wiki")]


def test_callout_text_drops_quote_markers_inside_multiline_code_and_html() -> None:
    text = '> [!note] Tip\n> run `git\n> log` and <span\n> class="x"> done\n'
    (callout,) = parse_note(text, "n.md").callouts
    assert callout.text == 'run `git\nlog` and <span\nclass="x"> done'


def test_lone_surrogate_from_an_api_caller_does_not_crash() -> None:
    note = parse_note("\udcff #t [[x]]", "n.md")
    assert [t.name for t in note.tags] == ["t"] and [x.target for x in note.links] == ["x"]


def test_long_paragraph_with_code_links_and_wikilinks_parses_in_linear_time() -> None:
    """4,000 lines in one paragraph: every line with a code span, a Markdown link and a
    wikilink. A quadratic walk took seconds here; the count checks the work was done."""
    text = "\n".join(f"line `c{i}` [x](a{i}.md) [[w{i}]] #t{i}" for i in range(4000))
    note = parse_note(text, "n.md")
    assert len(note.links) == 8000 and len(note.tags) == 4000


# -- found reviewing the cold-build speed-ups ---------------------------------------------


def test_refresh_that_started_cold_still_relinks_what_another_process_changed(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B starts on an empty index; while it scans, A builds the index and the user adds
    new.md and deletes s1/x.md. B must not take its 'nothing to relink' shortcut."""
    import vaultkit.index.refresh as index_module

    root = make_vault({"a.md": "see [[new]] and [[x]]\n", "s1/x.md": "x1\n", "s2/x.md": "x2\n"})
    db = tmp_path / "ix.sqlite"
    first, second = Index.open(root, db), Index.open(root, db)
    real_scan = index_module.scan

    def scan_while_another_process_works(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(index_module, "scan", real_scan)
        first.refresh(jobs=1)
        (root / "new.md").write_text("hi\n")
        (root / "s1" / "x.md").unlink()
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(index_module, "scan", scan_while_another_process_works)
    second.refresh(jobs=1)
    first.close()
    second.close()
    with Index.open(root, db) as index:
        index.refresh(jobs=1)
        links = index.note("a.md").links  # type: ignore[union-attr]
        assert [(link.target, link.resolved) for link in links] == [
            ("new", "new.md"),
            ("x", "s2/x.md"),
        ]


def test_a_fifo_in_place_of_a_note_is_refused_without_blocking(tmp_path: Path) -> None:
    from vaultkit.vault import read_text

    fifo = tmp_path / "note.md"
    os.mkfifo(fifo)
    text, problems = read_text(fifo, 1 << 20)
    assert text is None and [p.code for p in problems] == ["unreadable"]


def test_rollback_after_an_interrupted_commit_does_not_hide_the_interrupt(tmp_path: Path) -> None:
    """Ctrl-C landing just after a batch's COMMIT used to raise 'cannot rollback - no
    transaction is active' in place of the interrupt (a traceback instead of exit 130)."""
    import sqlite3

    from vaultkit.index import rollback as _rollback

    conn = sqlite3.connect(tmp_path / "x.sqlite", isolation_level=None)
    conn.execute("CREATE TABLE t(x)")
    _rollback(conn)  # no transaction open: nothing to do, no error
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (1)")
    _rollback(conn)
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)


def test_short_reads_still_read_the_whole_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes are read with os.read, which may return less than asked (network file
    systems): the reader goes on to the end, and still refuses a file over the limit."""
    from vaultkit import vault

    real_read = os.read
    monkeypatch.setattr(vault.os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    note = tmp_path / "n.md"
    text = "# Title\n" + "word " * 300
    note.write_text(text, encoding="utf-8")
    assert vault.read_text(note, 1 << 20) == (text, [])
    found, problems = vault.read_text(note, 100)
    assert found is None and [p.code for p in problems] == ["too-large"]


def test_a_note_grown_since_its_size_was_read_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from vaultkit import vault

    real_fstat = os.fstat
    monkeypatch.setattr(
        vault.os,
        "fstat",
        lambda fd: SimpleNamespace(st_mode=real_fstat(fd).st_mode, st_size=10),
    )
    note = tmp_path / "n.md"
    text = "grown " * 250
    note.write_text(text, encoding="utf-8")
    assert vault.read_text(note, 1 << 20) == (text, [])
    assert [p.code for p in vault.read_text(note, 1000)[1]] == ["too-large"]
