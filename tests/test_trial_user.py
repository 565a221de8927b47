"""What a new user trying vaultkit on a handful of notes ran into (trial of the CLI)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()

MEETING = (
    "# [[IMT]] Branch, 1-30-21\n#meeting/political\n\n## News Updates\n- camp cleared\n"
    "## My intervention\n- follow up with contacts\n"
)


@pytest.mark.parametrize(
    ("view", "said"),
    [
        ("decisions", "no decisions recorded in the 1 meeting selected."),
        ("actions", "no open actions in the 1 meeting selected."),
        ("sections", "no resolution sections discussed in the 1 meeting selected."),
        ("readings", "no linked readings discussed in the 1 meeting selected."),
    ],
)
def test_an_empty_report_view_says_so(make_vault: VaultBuilder, view: str, said: str) -> None:
    """`report meetings --view V` on meetings with nothing for V printed nothing at all."""
    vault = make_vault({"IMT Branch 1-30-21.md": MEETING})
    result = runner.invoke(app, ["report", "meetings", "--view", view, "--vault", str(vault)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert said in " ".join(result.stderr.split())


def test_a_view_with_rows_adds_no_notice(make_vault: VaultBuilder) -> None:
    vault = make_vault({"IMT Branch 1-30-21.md": MEETING})
    result = runner.invoke(app, ["report", "meetings", "--view", "cadence", "--vault", str(vault)])
    assert result.exit_code == 0 and "IMT" in result.stdout
    assert "selected" not in result.stderr


@pytest.mark.parametrize("link", ["", "[[]]", "![[]]", "[[#]]"])
def test_resolve_refuses_a_link_naming_no_note(make_vault: VaultBuilder, link: str) -> None:
    """`resolve ''` said "→ no file (a new note)" and `resolve '[[]]' --from N` opened N;
    Obsidian makes no link of ``[[]]`` at all (decision recorded in docs/obsidian-compat.md)."""
    vault = make_vault({"Note.md": "# Note\n## Part\n"})
    for extra in ([], ["--from", "Note"]):
        result = runner.invoke(app, ["resolve", link, *extra, "--vault", str(vault)])
        assert result.exit_code == 2, (extra, result.stdout)
        assert "names no note" in result.stderr and result.stdout == ""


def test_resolve_a_heading_link_needs_the_note_it_is_in(make_vault: VaultBuilder) -> None:
    vault = make_vault({"Note.md": "# Note\n## Part\n"})
    alone = runner.invoke(app, ["resolve", "[[#Part]]", "--vault", str(vault)])
    assert alone.exit_code == 2 and "--from" in alone.stderr
    within = runner.invoke(app, ["resolve", "[[#Part]]", "--from", "Note", "--vault", str(vault)])
    assert within.exit_code == 0 and "→ Note.md" in within.stdout


def test_resolve_reads_a_pipe_first_link_as_the_index_does(make_vault: VaultBuilder) -> None:
    """`[[|alias]]` links to `|alias` (docs/obsidian-compat.md, Links), not to nothing."""
    vault = make_vault({"Note.md": "See [[|alias]].\n"})
    result = runner.invoke(app, ["resolve", "[[|alias]]", "--json", "--vault", str(vault)])
    assert result.exit_code == 1 and '"target": "|alias"' in result.stdout
    links = runner.invoke(app, ["links", "Note", "--json", "--vault", str(vault)])
    assert '"target": "|alias"' in links.stdout


def test_read_past_the_end_says_how_long_the_note_is(make_vault: VaultBuilder) -> None:
    """`read NOTE --start 9999` printed the title alone, as if the note were empty."""
    vault = make_vault({"Note.md": "one\ntwo\nthree\n"})
    result = runner.invoke(app, ["read", "Note", "--start", "9", "--vault", str(vault)])
    assert result.exit_code == 0
    assert "nothing from line 9: the note has 3 lines" in result.stdout
    inside = runner.invoke(app, ["read", "Note", "--start", "3", "--vault", str(vault)])
    assert "3│ three" in inside.stdout and "nothing from" not in inside.stdout


def test_graph_summary_counts_one_in_the_singular(make_vault: VaultBuilder) -> None:
    """A lone note was '1 notes, … 1 connected groups (largest 1 notes), 1 orphans'."""
    vault = make_vault({"Alone.md": "No links here.\n"})
    result = runner.invoke(app, ["graph", "--vault", str(vault)])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first == "1 note, 0 linked pairs, 1 connected group (largest 1 note), 1 orphan"


def test_links_header_names_one_linking_note_in_the_singular(make_vault: VaultBuilder) -> None:
    """`links Appearance` on Obsidian's help vault said 'Backlinks: 2 links from 1 notes'."""
    vault = make_vault({"Target.md": "t\n", "Source.md": "[[Target]] and [[Target#x]]\n"})
    result = runner.invoke(app, ["links", "Target", "--vault", str(vault)])
    assert result.exit_code == 0
    assert "Backlinks: 2 links from 1 note\n" in result.stdout


def test_notes_title_counts_one_note_in_the_singular(make_vault: VaultBuilder) -> None:
    """`notes --where 'rating = "WIP"'` on the seed notes titled its table '1 notes'."""
    vault = make_vault({"A.md": "---\nrating: WIP\n---\n", "B.md": "b\n"})
    one = runner.invoke(app, ["notes", "--where", 'rating = "WIP"', "--vault", str(vault)])
    assert one.exit_code == 0 and one.stdout.splitlines()[0] == "1 note"
    both = runner.invoke(app, ["notes", "--vault", str(vault)])
    assert both.stdout.splitlines()[0] == "2 notes"


def test_tags_suggest_counts_one_note_in_the_singular(make_vault: VaultBuilder) -> None:
    """Found by a new user: "carried by at least 1 notes"."""
    root = make_vault({f"n{i}.md": f"# N{i}\nwords about unions {i} #labor\n" for i in range(6)})
    (root / "new.md").write_text("# New\nwords about unions\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["tags", "suggest", "new", "--min-support", "1", "--vault", str(root)]
    )
    assert "at least 1 notes" not in result.stdout + result.stderr
    assert "at least 1 other notes" not in result.stdout + result.stderr
