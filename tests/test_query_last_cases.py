"""The last differences from Dataview (issue 18): date literals keep their zone, ``\\|`` in a
link literal belongs to the target, ``//`` comments, a task's raw text and the Tasks plugin's
emoji fields, and tasks seeing their page's fields.

Sources: Dataview docs/reference/literals.md (dates with a zone, links), docs/annotation/
metadata-tasks.md (task text, the emoji shorthands 🗓️/📅 due, ✅ completion, ➕ created,
⏳ scheduled, 🛫 start), docs/queries/query-types.md (TASK rows), and Dataview's parser
(comments and the escaped pipe), as issue 18 lists them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.errors import QuerySyntaxError
from vaultkit.index import Index
from vaultkit.query import parse_expression, parse_query, run_query
from vaultkit.query.evaluate import Context
from vaultkit.query.functions import FUNCTIONS
from vaultkit.query.result import to_json
from vaultkit.query.values import Link

NOW = dt.datetime(2022, 1, 5, 12, 18, 4)


def ev(text: str) -> Any:
    return Context(FUNCTIONS, now=NOW).evaluate(parse_expression(text, NOW), {})


# -- dates keep their zone ----------------------------------------------------------------------


def test_a_date_with_an_offset_keeps_it() -> None:
    value = ev("date(1984-08-15T12:40:50-07:00)")
    assert to_json(value) == "1984-08-15T12:40:50-07:00"
    assert ev("date(1984-08-15T12:40:50-07:00).hour") == 12
    assert ev('dateformat(date(1984-08-15T12:40:50-07:00), "HH:mm ZZ")') == "12:40 -07:00"


def test_a_named_zone_gives_its_offset_on_that_date() -> None:
    assert to_json(ev("date(2021-07-01T12:00[Europe/Paris])")) == "2021-07-01T12:00:00+02:00"
    assert to_json(ev("date(2021-01-01T12:00[Europe/Paris])")) == "2021-01-01T12:00:00+01:00"
    assert to_json(ev("date(2021-07-01T12:00Z)")) == "2021-07-01T12:00:00+00:00"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("date(2021-07-01T12:00[Europe/Paris]) = date(2021-07-01T10:00Z)", True),
        ("date(2021-07-01T12:00+02:00) < date(2021-07-01T11:00Z)", True),
        ("date(2021-07-01T12:00[Europe/Paris]) - date(2021-07-01T09:00Z) = dur(1 hour)", True),
        ("date(2021-07-01T12:00Z) > date(2021-06-30)", True),
    ],
)
def test_zoned_dates_compare_and_subtract_as_instants(expression: str, expected: bool) -> None:
    assert ev(expression) is expected


def test_zoned_and_local_dates_sort_together() -> None:
    value = ev("sort(list(date(2021-07-01T12:00Z), date(2020-01-01), date(2021-07-01T11:00Z)))")
    assert [to_json(v) for v in value] == [
        "2020-01-01",
        "2021-07-01T11:00:00+00:00",
        "2021-07-01T12:00:00+00:00",
    ]


# -- links ---------------------------------------------------------------------------------------


def test_an_escaped_pipe_is_part_of_the_link_target() -> None:
    assert ev(r"[[Hello \| There]]") == Link("Hello | There")
    assert ev(r"[[Hello \| There|shown]]") == Link("Hello | There", "shown")
    assert ev("[[Hello|There]]") == Link("Hello", "There")


# -- comments ------------------------------------------------------------------------------------


def test_comments_on_their_own_line_and_after_a_clause() -> None:
    query = parse_query(
        "TABLE author // who wrote it\n"
        "// readings only\n"
        'FROM "Readings" // the folder\n'
        'WHERE contains(url, "https://example.org") // a URL keeps its //\n'
        "SORT rating DESC // best first"
    )
    assert [f.name for f in query.header.fields] == ["author"]
    assert [type(c).__name__ for c in query.commands] == ["Where", "Sort"]
    where = query.commands[0]
    assert where.clause.expr.args[1].value == "https://example.org"  # type: ignore[attr-defined]


def test_a_comment_does_not_move_error_columns() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("LIST // all\nWHERE rating >")
    assert caught.value.line == 2 and caught.value.col == 15


def test_slashes_inside_a_link_literal_are_no_comment() -> None:
    query = parse_query("LIST WHERE contains(file.outlinks, [[a//b]])")
    assert len(query.commands) == 1


# -- tasks ---------------------------------------------------------------------------------------

TASKS_NOTE = """---
project: Harbor
---
# Plan

- [ ] call [[Cara]] about the **flyers** #outreach 📅 2024-05-01
- [x] book the hall ✅ 2024-04-20 ➕ 2024-04-01
- [ ] print ⏳ 2024-04-25 🛫 2024-04-22 🗓️ 2024-04-30
- plain item with [[Dev]]
"""


@pytest.fixture
def task_index(make_vault: VaultBuilder, tmp_path: Any) -> Any:
    root = make_vault({"Plan.md": TASKS_NOTE, "Cara.md": "# Cara\n", "Dev.md": "# Dev\n"})
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh()
        yield index


def test_task_text_is_the_raw_markdown_of_its_line(task_index: Index) -> None:
    result = run_query(task_index, "TASK")
    texts = [task["text"] for task in result.values]
    assert texts == [
        "call [[Cara]] about the **flyers** #outreach 📅 2024-05-01",
        "book the hall ✅ 2024-04-20 ➕ 2024-04-01",
        "print ⏳ 2024-04-25 🛫 2024-04-22 🗓️ 2024-04-30",
    ]
    lists = run_query(task_index, 'TABLE WITHOUT ID L.text FROM "Plan" FLATTEN file.lists AS L')
    assert lists.values[-1] == ["plain item with [[Dev]]"]


def test_tasks_emoji_shorthands_are_task_fields(task_index: Index) -> None:
    tasks = run_query(task_index, "TASK").values
    assert tasks[0]["due"] == dt.datetime(2024, 5, 1)
    assert (tasks[1]["completion"], tasks[1]["created"]) == (
        dt.datetime(2024, 4, 20),
        dt.datetime(2024, 4, 1),
    )
    assert (tasks[2]["scheduled"], tasks[2]["start"], tasks[2]["due"]) == (
        dt.datetime(2024, 4, 25),
        dt.datetime(2024, 4, 22),
        dt.datetime(2024, 4, 30),
    )
    due_soon = run_query(task_index, "TASK WHERE due AND due <= date(2024-04-30)").values
    assert [t["text"].split()[0] for t in due_soon] == ["print"]


def test_tasks_see_the_fields_of_their_page(task_index: Index) -> None:
    found = run_query(task_index, 'TASK WHERE project = "Harbor" AND !completed').values
    assert [t["text"].split()[0] for t in found] == ["call", "print"]
    assert run_query(task_index, 'TASK WHERE project = "Other"').values == []
