"""`vaultkit query` through Typer's CliRunner: the query from an argument, a file or standard
input; --json shaped like DataviewJS's dv.query() value; --csv; --from-note; errors.

Shapes: blacksmithgu/obsidian-dataview docs/docs/api/code-reference.md (links, tasks) and
the issue's dv.query() shape; vaults are the query fixture vault and examples/vault.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLE_VAULT
from vaultkit.cli import app
from vaultkit.filters import NoteFilter, select_notes
from vaultkit.index import Index

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "query" / "vault"
runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    (root / ".obsidian").mkdir()
    return root


def test_table_json_has_headers_values_and_link_objects(vault: Path) -> None:
    code, out, _ = run(
        "query",
        'TABLE author, rating FROM "Readings" SORT rating DESC',
        "--vault",
        str(vault),
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["type"] == "table"
    assert data["headers"] == ["File", "author", "rating"]
    first = data["values"][0]
    assert first[0] == {
        "path": "Readings/Wage Labour and Capital (1849).md",
        "display": None,
        "subpath": None,
        "embed": False,
        "type": "file",
    }
    assert first[1:] == ["Karl Marx", "WIP"]


def test_list_json_pairs_key_and_value(vault: Path) -> None:
    """A LIST with an expression gives {"key", "value"} per row; without one, the links."""
    code, out, _ = run(
        "query", "LIST file.day FROM #meeting/political", "--vault", str(vault), "--json"
    )
    assert code == 0
    values = json.loads(out)["values"]
    assert [(v["key"]["path"], v["value"]) for v in values] == [
        ("Meetings/Olympia/Olympia 2-6-21.md", "2021-02-06"),
        ("Meetings/Tacoma/2021-01-16 Tacoma branch.md", "2021-01-16"),
    ]
    code, out, _ = run("query", 'LIST FROM "People"', "--vault", str(vault), "--json")
    assert [v["path"] for v in json.loads(out)["values"]] == ["People/Ines.md", "People/Marcus.md"]


def test_dates_and_durations_are_iso_8601(vault: Path) -> None:
    code, out, _ = run(
        "query",
        'TABLE WITHOUT ID finished, time-spent, date(2021-01-30T18:15) FROM "Readings" WHERE pages',
        "--vault",
        str(vault),
        "--json",
    )
    assert code == 0
    assert json.loads(out)["values"] == [["2021-03-20", "PT6H", "2021-01-30T18:15:00"]]


def test_task_json_lists_tasks_with_their_fields(vault: Path) -> None:
    code, out, _ = run(
        "query", 'TASK FROM "Meetings/Tacoma" WHERE !completed', "--vault", str(vault), "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["type"] == "task"
    texts = [t["text"] for t in data["values"]]
    assert texts[0].startswith("follow up with the two nurses")
    assert data["values"][0]["children"][0]["text"] == "ask Marcus for their numbers"
    assert {"status", "completed", "line", "path", "section", "link"} <= set(data["values"][0])


def test_csv_of_a_table(vault: Path) -> None:
    code, out, _ = run(
        "query", 'TABLE rating, file.etags FROM "Readings"', "--vault", str(vault), "--csv"
    )
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["File", "rating", "file.etags"]
    assert table[1] == ["Readings/The Harbor League (2009).md", "4", "#reading/history; #reading"]


def test_human_table_counts_rows_in_the_first_header(vault: Path) -> None:
    code, out, _ = run("query", 'TABLE rating FROM "Readings"', "--vault", str(vault))
    assert code == 0
    assert "File (4)" in out
    assert "The Harbor League (2009)" in out


def test_query_from_a_file_and_from_standard_input(vault: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.dql"
    query.write_text('LIST\nFROM "People"\n', encoding="utf-8")
    code, out, _ = run("query", "--file", str(query), "--vault", str(vault), "--json")
    assert code == 0 and len(json.loads(out)["values"]) == 2
    code, out, _ = run("query", "--vault", str(vault), "--json", stdin='LIST FROM "People"')
    assert code == 0 and len(json.loads(out)["values"]) == 2


def test_no_query_on_a_terminal_is_a_usage_error(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing waits for input: with no query and a terminal on stdin, exit 2 at once."""
    monkeypatch.setattr("vaultkit.cli.query_commands.stdin_is_terminal", lambda: True)
    code, out, err = run("query", "--vault", str(vault))
    assert code == 2 and out == ""
    assert "no query" in err


def test_syntax_error_exits_2_with_a_caret(vault: Path) -> None:
    code, out, err = run("query", "LIST WHERE rating >", "--vault", str(vault))
    assert code == 2 and out == ""
    assert "syntax error at line 1, column 20: expected an expression" in err
    lines = err.splitlines()
    caret = next(line for line in lines if "^" in line)
    shown = lines[lines.index(caret) - 1]
    assert shown.strip() == "LIST WHERE rating >"
    assert caret.index("^") == shown.index(">") + 1


def test_row_errors_are_warnings_naming_row_and_field(vault: Path) -> None:
    code, out, err = run(
        "query", 'TABLE pages + 1 FROM "Readings"', "--vault", str(vault), "--json"
    )
    assert code == 0
    assert len(json.loads(out)["values"]) == 1
    assert "warning: Readings/The Harbor League (2009).md: column pages + 1:" in err


def test_every_row_failing_is_an_error(vault: Path) -> None:
    code, _, err = run("query", 'LIST FROM "People" WHERE role - 1', "--vault", str(vault))
    assert code == 2
    assert "every row failed during WHERE" in err and "People/Ines.md" in err


def test_from_note_runs_each_dataview_block(vault: Path) -> None:
    """Dashboard.md has three blocks; the third has a syntax error: the others still run,
    the error names the note and line, and the exit code is 2."""
    code, out, err = run("query", "--from-note", "Dashboard", "--vault", str(vault), "--json")
    assert code == 2
    data = json.loads(out)
    assert data["path"] == "Dashboard.md"
    assert [b["line"] for b in data["blocks"]] == [8, 13, 18]
    assert data["blocks"][0]["result"]["type"] == "table"
    assert data["blocks"][1]["result"]["type"] == "task"
    assert "expected an expression" in data["blocks"][2]["error"]
    assert "error: Dashboard.md:18:" in err


def test_from_note_on_the_example_vault() -> None:
    """examples/vault/Dashboard.md's three queries all run (read-only: nothing is written)."""
    code, out, err = run("query", "--from-note", "Dashboard", "--vault", str(EXAMPLE_VAULT))
    assert code == 0, err
    assert "Dashboard.md: 3 dataview blocks" in out
    assert "File (8)" in out
    assert "[ ] follow up with the two nurses Ines met at the vaccine site" in out


def test_from_note_of_an_unknown_note(vault: Path) -> None:
    code, _, err = run("query", "--from-note", "Dashbord", "--vault", str(vault))
    assert code == 2
    assert "Did you mean:" in err and "Dashboard" in err


@pytest.mark.parametrize(
    "args",
    [
        ("query", "LIST", "--from-note", "Dashboard"),
        ("query", "LIST", "--json", "--csv"),
        ("query", "--from-note", "Dashboard", "--csv"),
    ],
)
def test_conflicting_options_are_usage_errors(vault: Path, args: tuple[str, ...]) -> None:
    code, out, _ = run(*args, "--vault", str(vault))
    assert code == 2 and out == ""


def test_where_filter_is_the_query_language(vault: Path) -> None:
    """--where of other commands (NoteFilter.where) uses the same expressions."""
    with Index.open(vault, vault.parent / "where.sqlite") as index:
        index.refresh(jobs=1)
        chosen = select_notes(
            index, NoteFilter(where='rating >= 4 and contains(file.tags, "#reading")')
        )
        assert [n.path for n in chosen] == [
            "Readings/The Harbor League (2009).md",
            "Readings/Wage Labour and Capital (1849).md",
            "Readings/What Is To Be Done (1902).md",
            "Resolutions/WFU Organizational Resolution (2021).md",
        ]
        folder = NoteFilter(folder="Meetings", where="attendance > 5")
        assert [n.name for n in select_notes(index, folder)] == [
            "2021-01-16 Tacoma branch",
            "2021-03-14 Tacoma branch",
        ]
