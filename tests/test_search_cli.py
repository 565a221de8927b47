"""`vaultkit search` through Typer's CliRunner: exit codes, the JSON/CSV/paths shapes, the
result pane, --sort/--limit/--context, filters and ```query blocks. Reference: obsidian-help
``en/Plugins/Search.md`` ("Search terms", "Change result sort order", "Embed search results
in a note")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app

runner = CliRunner()

FILES: dict[str, str | bytes] = {
    "Work/Standup.md": (
        "---\ntags: [meeting]\n---\n# Standup\nThe weekly meeting.\n\nmeeting again\n"
    ),
    "Work/Review.md": "Review notes.\nA meeting here, a meeting there, meeting everywhere.\n",
    "Home/Garden.md": "Plant tomatoes.\nline two\nline three\nmeeting the neighbours\nline five\n",
    "Dashboard.md": "# Dash\n```query\nmeeting tag:#meeting\n```\n\n```query\nmeeting (\n```\n",
    "Empty.md": "```query\n[nosuchprop]\n```\n",
    "pic.png": b"\x89PNG",
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vault(make_vault: VaultBuilder) -> Path:
    return make_vault(FILES)


def test_json_shape_is_exactly_path_title_score_matches(vault: Path) -> None:
    code, out, _ = run("search", "weekly", "--vault", str(vault), "--json")
    assert code == 0
    [result] = json.loads(out)
    assert set(result) == {"path", "title", "score", "matches"}
    assert result["path"] == "Work/Standup.md" and result["title"] == "Standup"
    assert result["score"] > 0
    [match] = result["matches"]
    assert set(match) == {"line", "col", "text", "start", "end"}
    text = (vault / "Work/Standup.md").read_text(encoding="utf-8")
    assert text[match["start"] : match["end"]] == "weekly"
    assert (match["line"], match["col"], match["text"]) == (5, 5, "The weekly meeting.")


def test_exit_1_when_nothing_matched(vault: Path) -> None:
    code, out, _ = run("search", "zebra", "--vault", str(vault), "--json")
    assert (code, json.loads(out)) == (1, [])


def test_syntax_error_exits_2_with_a_caret(vault: Path) -> None:
    code, out, err = run("search", "meeting (work", "--vault", str(vault))
    assert code == 2 and out == ""
    assert "'(' is never closed at column 9" in err
    assert err.splitlines()[-1] == "          ^"


def test_bad_regex_exits_2(vault: Path) -> None:
    code, _, err = run("search", "/\\p{L}/", "--vault", str(vault))
    assert code == 2 and "Unicode property classes" in err


def test_relevance_ranks_by_bm25_and_sort_by_name(vault: Path) -> None:
    _, out, _ = run("search", "meeting", "--vault", str(vault), "--json")
    ranked = json.loads(out)
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)
    _, out, _ = run("search", "meeting", "--vault", str(vault), "--paths", "--sort", "name")
    assert out.splitlines() == [
        "Dashboard.md",
        "Home/Garden.md",
        "Work/Review.md",
        "Work/Standup.md",
    ]
    _, out, _ = run("search", "meeting", "--vault", str(vault), "--paths", "--sort", "name-desc")
    assert out.splitlines()[0] == "Work/Standup.md"


def test_unknown_sort_is_an_error(vault: Path) -> None:
    code, _, err = run("search", "meeting", "--vault", str(vault), "--sort", "size")
    assert code == 2 and "--sort must be one of" in err


def test_csv_has_one_row_per_match(vault: Path) -> None:
    code, out, _ = run("search", "meeting", "--vault", str(vault), "--csv", "--folder", "Work")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["path"] for r in rows].count("Work/Review.md") == 3
    assert {r["path"] for r in rows} == {"Work/Review.md", "Work/Standup.md"}
    assert all(r["text"] and int(r["end"]) - int(r["start"]) == 7 for r in rows)


def test_path_only_match_has_a_csv_row_without_match(vault: Path) -> None:
    _, out, _ = run("search", "file:.png", "--vault", str(vault), "--csv")
    assert list(csv.reader(io.StringIO(out)))[1] == ["pic.png", "pic.png", "0", "", "", "", "", ""]


def test_tag_filter(vault: Path) -> None:
    _, out, _ = run("search", "meeting", "--vault", str(vault), "--paths", "--tag", "meeting")
    assert out.splitlines() == ["Work/Standup.md"]


def test_human_output_highlights_and_limit_says_how_many_more(vault: Path) -> None:
    code, out, _ = run("search", "meeting", "--vault", str(vault), "--limit", "2", "--sort", "name")
    assert code == 0
    assert out.startswith("Dashboard.md  Dash  (3 matches")
    assert "    2: A meeting here, a meeting there, meeting everywhere." not in out
    assert "    4: meeting the neighbours" in out
    assert "4 files matched; 2 more not shown (--limit 2; --json lists all)" in out


def test_context_shows_lines_around(vault: Path) -> None:
    _, out, _ = run("search", "neighbours", "--vault", str(vault), "--context", "1")
    assert "    3  line three" in out
    assert "    4: meeting the neighbours" in out
    assert "    5  line five" in out
    assert "line two" not in out


def test_from_note_runs_each_query_block(vault: Path) -> None:
    """Search.md "Embed search results in a note": ```query blocks."""
    code, out, err = run("search", "--from-note", "Dashboard", "--vault", str(vault), "--json")
    assert code == 2  # the second block does not parse
    first, second = json.loads(out)
    assert (first["line"], first["query"], first["error"]) == (2, "meeting tag:#meeting", None)
    assert [r["path"] for r in first["results"]] == ["Work/Standup.md"]
    assert second["results"] == [] and "never closed" in second["error"]
    assert "Dashboard.md:6" in err


def test_from_note_exit_1_when_no_block_matched(vault: Path) -> None:
    code, out, _ = run("search", "--from-note", "Empty", "--vault", str(vault))
    assert code == 1
    assert "Empty.md:1: [nosuchprop]" in out


def test_query_and_from_note_are_exclusive(vault: Path) -> None:
    code, _, err = run("search", "x", "--from-note", "Dashboard", "--vault", str(vault))
    assert code == 2 and "one of them" in err


def test_excluded_files_never_appear(make_vault: VaultBuilder) -> None:
    """Search.md: "Files matching your Excluded files patterns will not appear"."""
    root = make_vault(
        {
            "a.md": "meeting\n",
            "private/b.md": "meeting\n",
            ".obsidian/app.json": '{"userIgnoreFilters": ["private/"]}',
        }
    )
    _, out, _ = run("search", "meeting", "--vault", str(root), "--paths")
    assert out.splitlines() == ["a.md"]
    _, out, _ = run("search", "path:private", "--vault", str(root), "--paths")
    assert out == ""


def test_matches_are_highlighted_on_a_terminal() -> None:
    from rich.console import Console

    from vaultkit.render.search import render_search
    from vaultkit.search import Match, SearchResult

    line = "x" * 300 + " the weekly meeting " + "y" * 300
    start = line.index("weekly")
    result = SearchResult("a.md", "a", 1.0, (Match(1, start + 1, line, start, start + 6),))
    out = Console(record=True, width=400, force_terminal=True, color_system="standard")
    render_search([result], out)
    text = out.export_text(styles=False, clear=False)
    assert "…" in text and len(text.splitlines()[1]) < 200  # a long line is cut around it
    styled = out.export_text(styles=True)
    assert "\x1b[1;30;43mweekly\x1b[0m" in styled


def test_the_shared_output_options_agree_with_the_csv(vault: Path) -> None:
    args = ("search", "meeting", "--vault", str(vault), "--folder", "Work")
    rows = list(csv.DictReader(io.StringIO(run(*args, "--csv")[1])))
    assert run(*args, "--count")[1] == f"{len(rows)}\n"  # one row per match
    tsv = run(*args, "--tsv", "--no-headers")[1].splitlines()
    assert [line.split("\t")[0] for line in tsv] == [r["path"] for r in rows]
    notes = [json.loads(line) for line in run(*args, "--jsonl")[1].splitlines()]
    assert notes == json.loads(run(*args, "--json")[1])
    assert run(*args, "--paths", "-0")[1].split("\0")[:-1] == [n["path"] for n in notes]
    assert run(*args, "--json", "--csv")[0] == 2
    code, _, err = run("search", "--from-note", "Dashboard", "--vault", str(vault), "--csv")
    assert code == 2 and "--from-note" in err


def test_human_output_shows_50_notes_unless_limit_says_otherwise(make_vault: VaultBuilder) -> None:
    """Search.md: results per note, like the result pane; the terminal shows the first 50
    and says how many more (machine output stays complete)."""
    root = make_vault({f"n{i:02}.md": f"a strike note {i}\n" for i in range(60)})
    runner = CliRunner()
    shown = runner.invoke(app, ["search", "strike", "--vault", str(root)])
    assert shown.exit_code == 0
    assert shown.stdout.count(".md") == 50
    assert "60 files matched; 10 more not shown" in shown.stdout + shown.stderr
    every = runner.invoke(app, ["search", "strike", "--vault", str(root), "--paths"])
    assert len(every.stdout.splitlines()) == 60
    more = runner.invoke(app, ["search", "strike", "--vault", str(root), "--limit", "55"])
    assert more.stdout.count(".md") == 55
