"""Queries over a vault of meetings, readings, concepts and people, each with the rows
Dataview's documented semantics give.

The vault is tests/fixtures/query/vault (our own notes, in the shapes of the user's). Rows
come back sorted by path unless the query sorts. Each group cites its page of
blacksmithgu/obsidian-dataview docs/docs.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vaultkit.errors import QueryEvaluationError
from vaultkit.index import Index
from vaultkit.query import run_query
from vaultkit.query.result import QueryResult, to_json
from vaultkit.query.values import Link, ListPair

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "query" / "vault"
NOW = dt.datetime(2021, 3, 1, 9, 0)

TACOMA_1 = "Meetings/Tacoma/2021-01-16 Tacoma branch.md"
TACOMA_3 = "Meetings/Tacoma/2021-03-14 Tacoma branch.md"
OLYMPIA = "Meetings/Olympia/Olympia 2-6-21.md"
SPOKANE = "Meetings/Spokane/Spokane Jan 30, 2021.md"
MEETINGS = [OLYMPIA, SPOKANE, TACOMA_1, TACOMA_3]
HARBOR = "Readings/The Harbor League (2009).md"
WAGE = "Readings/Wage Labour and Capital (1849).md"
WITBD = "Readings/What Is To Be Done (1902).md"
THEORY = "Readings/Why Read Theory (2016).md"
READINGS = [HARBOR, WAGE, WITBD, THEORY]
RESOLUTION = "Resolutions/WFU Organizational Resolution (2021).md"
MARXISM = "Concepts/Marxism.md"
WFU = "Concepts/WFU.md"
INES = "People/Ines.md"
MARCUS = "People/Marcus.md"
DASHBOARD = "Dashboard.md"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    root = tmp_path_factory.mktemp("query") / "vault"
    shutil.copytree(FIXTURE, root)
    (root / ".obsidian").mkdir()
    with Index.open(root, root.parent / "index.sqlite") as opened:
        opened.refresh(jobs=1)
        yield opened


def simple(value: Any) -> Any:
    """Links as their path (``#subpath`` added), pairs as tuples, other values as JSON."""
    if isinstance(value, Link):
        return value.path + (f"#{value.subpath}" if value.subpath else "")
    if isinstance(value, ListPair):
        return (simple(value.key), simple(value.value))
    if isinstance(value, list):
        return [simple(v) for v in value]
    return to_json(value)


def rows(result: QueryResult) -> list[Any]:
    """What a result holds, in a form a test can write down."""
    if result.type == "table":
        return [tuple(simple(v) for v in row) for row in result.values]
    if result.type == "task":
        out = []
        for value in result.values:
            if "task" in value:
                out.append((value["path"], value["text"]))
            else:
                out.append((simple(value["key"]), [(t["path"], t["text"]) for t in value["rows"]]))
        return out
    return [simple(v) for v in result.values]


def run(index: Index, query: str, origin: str | None = None) -> QueryResult:
    return run_query(index, query, origin=origin, now=NOW)


# -- query types: docs/docs/queries/query-types.md --------------------------------------------

QUERY_TYPES = [
    ('LIST FROM "Readings"', READINGS),
    (
        "LIST file.folder FROM #meeting",
        [
            (OLYMPIA, "Meetings/Olympia"),
            (SPOKANE, "Meetings/Spokane"),
            (TACOMA_1, "Meetings/Tacoma"),
            (TACOMA_3, "Meetings/Tacoma"),
        ],
    ),
    ('LIST WITHOUT ID author FROM "Readings"', ["Ruth Calloway", "Karl Marx", "V. I. Lenin", None]),
    ('LIST WITHOUT ID FROM "People"', [INES, MARCUS]),
    ('TABLE FROM "People"', [(INES,), (MARCUS,)]),
    (
        'TABLE author, rating FROM "Readings"',
        [
            (HARBOR, "Ruth Calloway", 4),
            (WAGE, "Karl Marx", "WIP"),
            (WITBD, "V. I. Lenin", 5),
            (THEORY, None, 3),
        ],
    ),
    (
        'TABLE WITHOUT ID file.link AS "Reading", rating FROM "Readings" WHERE rating > 3',
        [(HARBOR, 4), (WAGE, "WIP"), (WITBD, 5)],
    ),
    (
        'LIST rows.file.name FROM "Readings" GROUP BY genre',
        [
            ("economics", ["Wage Labour and Capital (1849)"]),
            ("history", ["The Harbor League (2009)"]),
            ("theory", ["What Is To Be Done (1902)", "Why Read Theory (2016)"]),
        ],
    ),
    (
        'LIST WITHOUT ID length(rows) + " readings of genre " + key FROM "Readings" GROUP BY genre',
        [
            "1 readings of genre economics",
            "1 readings of genre history",
            "2 readings of genre theory",
        ],
    ),
    ('LIST FROM "Readings" GROUP BY format', ["article", "book", "pamphlet"]),
]

# -- sources: docs/docs/reference/sources.md, queries/data-commands.md (FROM) ---------------

SOURCES = [
    ("LIST FROM #meeting", MEETINGS),
    ("LIST FROM #meeting/political", [OLYMPIA, TACOMA_1]),
    ('LIST FROM "Meetings/Tacoma"', [TACOMA_1, TACOMA_3]),
    ('LIST FROM "Readings/Why Read Theory (2016)"', [THEORY]),
    ('LIST FROM "Readings/Why Read Theory (2016).md"', [THEORY]),
    ('LIST FROM "No Such Folder"', []),
    ("LIST FROM [[Marxism]]", [WFU, TACOMA_3, WAGE, WITBD, RESOLUTION]),
    ("LIST FROM outgoing([[WFU]])", [MARXISM, INES]),
    ("LIST FROM [[Spring Conference 2021]]", [TACOMA_3]),
    ('LIST FROM #reading and "Resolutions"', [RESOLUTION]),
    ('LIST FROM #reading and -"Resolutions"', READINGS),
    ("LIST FROM #person or #concept", [MARXISM, WFU, INES, MARCUS]),
    (
        'LIST FROM (#meeting and "Meetings/Olympia") or "Clippings"',
        ["Clippings/Study Circles.md", OLYMPIA],
    ),
    ("LIST FROM [[Ines]] or [[Marcus]]", [WFU, TACOMA_1, TACOMA_3, HARBOR]),
    (
        'LIST FROM -#reading and -#meeting and -"Concepts"',
        ["Clippings/Study Circles.md", DASHBOARD, INES, MARCUS],
    ),
]

# -- WHERE and expressions: queries/data-commands.md, reference/expressions.md --------------

WHERE = [
    ('LIST FROM "Readings" WHERE rating >= 4 AND genre = "theory"', [WITBD]),
    ('LIST FROM "Readings" WHERE !author', [THEORY]),
    ('LIST FROM "Readings" WHERE author', [HARBOR, WAGE, WITBD]),
    ("LIST WHERE rating > 3", [HARBOR, WAGE, WITBD, RESOLUTION]),
    ('LIST WHERE typeof(rating) = "string"', [WAGE]),
    ("LIST WHERE missingfield > 3", []),
    ('LIST WHERE reading-status = "finished"', [WITBD]),
    ('LIST WHERE row["Reading Status"] = "reading"', [WAGE]),
    ("LIST WHERE reading_status OR readingstatus", []),
    ("LIST WHERE pages * 2 > 300", [WITBD]),
    ("LIST WHERE finished > date(2021-01-01)", [WITBD]),
    ("LIST WHERE time-spent > dur(5 hours)", [WITBD]),
    ("LIST WHERE chair = [[Ines]]", [TACOMA_1]),
    ('LIST WHERE chair.role = "treasurer"', [TACOMA_3]),
    ("LIST WHERE review.score = 8 AND !review.reviewable", [HARBOR]),
    ('LIST WHERE contains(translators, "Frederick Engels")', [WAGE]),
    ('LIST WHERE file.name = "Marxism"', [MARXISM]),
    ("LIST WHERE file.link = [[Marxism]]", [MARXISM]),
    ("LIST WHERE contains(file.outlinks, [[Ines]])", [WFU, TACOMA_1, HARBOR]),
    ('LIST WHERE contains(file.tags, "#theory")', [WITBD]),
    ('LIST WHERE contains(file.tags, "theory")', [WITBD, THEORY]),
    ('LIST FROM "Readings" WHERE econtains(file.etags, "#reading")', [HARBOR, WAGE, WITBD]),
    ('LIST WHERE kind = "meeting" AND org = "WFU"', MEETINGS),
    ('LIST WHERE contains(kind, "resolution")', [RESOLUTION]),
    ("LIST WHERE date AND date < date(2021-02-01)", [SPOKANE, TACOMA_1]),
    ('LIST FROM "People" WHERE date < date(2021-02-01)', [INES, MARCUS]),
    ("LIST WHERE joined = date(2019-09-01)", [INES]),
    ("LIST FROM #meeting WHERE attendance WHERE attendance < 8", [OLYMPIA, TACOMA_1]),
]

# -- fields on list items: annotation/add-metadata.md, annotation/metadata-tasks.md ----------

ITEM_FIELDS = [
    ('LIST WHERE decision = "revisit in February"', [TACOMA_1]),
    ("LIST WHERE due", []),
    ("LIST WHERE priority", []),
    ('TABLE quote, tip FROM "Readings" WHERE quote', [(THEORY, "a guide to action", "read aloud")]),
    ("LIST WHERE any(file.tasks, (t) => !t.fullyCompleted)", [OLYMPIA, TACOMA_1, THEORY]),
    ("LIST WHERE all(file.tasks, (t) => t.completed) AND length(file.tasks) > 0", [TACOMA_3]),
]

# -- SORT, LIMIT, GROUP BY, FLATTEN: queries/data-commands.md -------------------------------

COMMANDS = [
    ('LIST FROM "Readings" SORT rating DESC', [WAGE, WITBD, HARBOR, THEORY]),
    ('LIST FROM "Readings" SORT rating', [THEORY, HARBOR, WITBD, WAGE]),
    ('LIST FROM "Readings" SORT genre ASC, rating DESC', [WAGE, HARBOR, WITBD, THEORY]),
    ("LIST FROM #meeting SORT attendance", [SPOKANE, OLYMPIA, TACOMA_1, TACOMA_3]),
    ("LIST FROM #meeting SORT file.name DESC LIMIT 2", [SPOKANE, OLYMPIA]),
    ("LIST FROM #meeting LIMIT 2 SORT file.name DESC", [SPOKANE, OLYMPIA]),
    ('LIST FROM "Readings" LIMIT 2 SORT rating', [HARBOR, WAGE]),
    ("LIST FROM #meeting SORT file.day DESC LIMIT 1", [TACOMA_3]),
    (
        'TABLE length(rows) AS n FROM "Readings" GROUP BY rating > 3 AS good',
        [(False, 1), (True, 3)],
    ),
    (
        "TABLE rows.file.name AS names FROM #meeting GROUP BY org SORT key DESC",
        [
            (
                "WFU",
                [
                    "Olympia 2-6-21",
                    "Spokane Jan 30, 2021",
                    "2021-01-16 Tacoma branch",
                    "2021-03-14 Tacoma branch",
                ],
            )
        ],
    ),
    (
        'LIST translators FROM "Readings" FLATTEN translators WHERE translators',
        [(WAGE, "Harriet Lothrop"), (WAGE, "Frederick Engels")],
    ),
    (
        "TABLE tag FROM #meeting/political FLATTEN file.etags AS tag",
        [
            (OLYMPIA, "#meeting/political"),
            (OLYMPIA, "#study"),
            (TACOMA_1, "#meeting/political"),
            (TACOMA_1, "#labor"),
        ],
    ),
    (
        'TABLE T.text FROM "Meetings" FLATTEN file.tasks AS T WHERE !T.completed',
        [
            (OLYMPIA, "prepare a ten-minute intro on dialectics #study"),
            (OLYMPIA, "book the library room (cancelled)"),
            (TACOMA_1, "follow up with the two nurses from the vaccine site [due:: 2021-01-23]"),
            (TACOMA_1, "ask Marcus for their numbers"),
            (TACOMA_1, "register the community college club ⏳ 2021-02-01"),
        ],
    ),
    (
        "TABLE length(rows) AS n GROUP BY file.folder WHERE length(rows) > 1",
        [("Concepts", 3), ("Meetings/Tacoma", 2), ("People", 2), ("Readings", 4)],
    ),
    ("TABLE sum(nonnull(rows.attendance)) AS total FROM #meeting GROUP BY org", [("WFU", 20)]),
]

# -- implicit file fields: annotation/metadata-pages.md ------------------------------------

FILE_FIELDS = [
    (
        'TABLE file.name, file.folder, file.path, file.ext FROM "Concepts/Marxism"',
        [(MARXISM, "Marxism", "Concepts", MARXISM, "md")],
    ),
    (
        "TABLE file.tags, file.etags FROM #meeting/political",
        [
            (
                OLYMPIA,
                ["#meeting/political", "#meeting", "#study"],
                ["#meeting/political", "#study"],
            ),
            (
                TACOMA_1,
                ["#meeting/political", "#meeting", "#labor"],
                ["#meeting/political", "#labor"],
            ),
        ],
    ),
    ('TABLE file.aliases FROM "Readings" WHERE file.aliases', [(HARBOR, ["HWL"])]),
    (
        'TABLE file.inlinks FROM [[WFU]] WHERE file.name = "Marxism"',
        [(MARXISM, [WFU, TACOMA_3, WAGE, WITBD, RESOLUTION])],
    ),
    ('TABLE file.outlinks WHERE file.name = "WFU"', [(WFU, ["Tacoma", MARXISM, INES])]),
    (
        "TABLE file.day FROM #meeting",
        [
            (OLYMPIA, "2021-02-06"),
            (SPOKANE, None),
            (TACOMA_1, "2021-01-16"),
            (TACOMA_3, "2021-03-14"),
        ],
    ),
    ('LIST FROM "Concepts" WHERE contains(file, "day")', []),
    ('LIST FROM #meeting WHERE contains(file, "day")', [OLYMPIA, TACOMA_1, TACOMA_3]),
    (
        'TABLE length(file.tasks), length(file.lists) FROM "Meetings/Tacoma"',
        [(TACOMA_1, 4, 14), (TACOMA_3, 2, 8)],
    ),
    (
        'LIST FROM "People" WHERE file.size > 0 AND typeof(file.mtime) = "date"'
        ' AND typeof(file.ctime) = "date" AND file.mday = striptime(file.mtime)',
        [INES, MARCUS],
    ),
    (
        'TABLE file.frontmatter.rating FROM "Readings" WHERE file.frontmatter.rating = "WIP"',
        [(WAGE, "WIP")],
    ),
    ('LIST FROM "People" WHERE contains(file, "ctime")', [INES, MARCUS]),
    (
        'TABLE file.lists.text FROM "Readings/Why Read Theory (2016)"',
        [
            (
                THEORY,
                [
                    'Theory is a map, not a dogma [quote:: "a guide to action"]',
                    "Study in groups [tip:: read aloud]",
                    "find the original speech [priority:: high]",
                ],
            )
        ],
    ),
]

# -- TASK queries: queries/query-types.md (TASK), annotation/metadata-tasks.md --------------

TASKS = [
    (
        "TASK WHERE !completed",
        [
            (OLYMPIA, "prepare a ten-minute intro on dialectics #study"),
            (OLYMPIA, "book the library room (cancelled)"),
            (TACOMA_1, "follow up with the two nurses from the vaccine site [due:: 2021-01-23]"),
            (TACOMA_1, "ask Marcus for their numbers"),
            (TACOMA_1, "register the community college club ⏳ 2021-02-01"),
            (THEORY, "find the original speech [priority:: high]"),
        ],
    ),
    (
        'TASK FROM "Meetings/Tacoma" WHERE completed',
        [
            (TACOMA_1, "send next week's reading to the contact list"),
            (TACOMA_3, "Ines: first draft of the branch report"),
            (TACOMA_3, "Marcus: membership numbers"),
        ],
    ),
    (
        "TASK WHERE due = date(2021-01-23)",
        [(TACOMA_1, "follow up with the two nurses from the vaccine site [due:: 2021-01-23]")],
    ),
    (
        "TASK WHERE scheduled = date(2021-02-01)",
        [(TACOMA_1, "register the community college club ⏳ 2021-02-01")],
    ),
    ('TASK WHERE status = "-"', [(OLYMPIA, "book the library room (cancelled)")]),
    ("TASK WHERE checked AND !completed", [(OLYMPIA, "book the library room (cancelled)")]),
    (
        'TASK WHERE contains(tags, "#study")',
        [(OLYMPIA, "prepare a ten-minute intro on dialectics #study")],
    ),
    (
        "TASK WHERE attendance > 5 AND !completed",
        [
            (TACOMA_1, "follow up with the two nurses from the vaccine site [due:: 2021-01-23]"),
            (TACOMA_1, "ask Marcus for their numbers"),
            (TACOMA_1, "register the community college club ⏳ 2021-02-01"),
        ],
    ),
    ('TASK WHERE priority = "high"', [(THEORY, "find the original speech [priority:: high]")]),
    ("TASK WHERE parent", [(TACOMA_1, "ask Marcus for their numbers")]),
    (
        'TASK FROM "Meetings" WHERE !completed GROUP BY file.link',
        [
            (
                OLYMPIA,
                [
                    (OLYMPIA, "prepare a ten-minute intro on dialectics #study"),
                    (OLYMPIA, "book the library room (cancelled)"),
                ],
            ),
            (
                TACOMA_1,
                [
                    (
                        TACOMA_1,
                        "follow up with the two nurses from the vaccine site [due:: 2021-01-23]",
                    ),
                    (TACOMA_1, "ask Marcus for their numbers"),
                    (TACOMA_1, "register the community college club ⏳ 2021-02-01"),
                ],
            ),
        ],
    ),
    (
        'TASK WHERE meta(section).subpath = "Key points"',
        [(THEORY, "find the original speech [priority:: high]")],
    ),
]

CASES = [
    pytest.param(q, e, id=f"{group}: {q}")
    for group, cases in (
        ("query-types.md", QUERY_TYPES),
        ("sources.md", SOURCES),
        ("data-commands.md WHERE", WHERE),
        ("add-metadata.md", ITEM_FIELDS),
        ("data-commands.md", COMMANDS),
        ("metadata-pages.md", FILE_FIELDS),
        ("metadata-tasks.md", TASKS),
    )
    for q, e in cases
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_query(index: Index, query: str, expected: list[Any]) -> None:
    """Each query gives the rows its documentation page says it does."""
    assert rows(run(index, query)) == expected


def test_at_least_sixty_queries() -> None:
    assert len(CASES) >= 60


def test_tag_sources_ignore_case(index: Index) -> None:
    """Obsidian tags are case-insensitive (help: Tags.md; rule T3 of vaultkit), so FROM
    #MEETING/Political selects what #meeting/political does."""
    assert rows(run(index, "LIST FROM #MEETING/Political")) == [OLYMPIA, TACOMA_1]


def test_table_headers_name_the_id_column_and_each_field(index: Index) -> None:
    """query-types.md: the first column is ``File`` (the group's name after GROUP BY); AS
    renames a column; WITHOUT ID drops the first column."""
    assert run(
        index, 'TABLE file.folder AS Path, file.etags AS "File Tags" FROM #meeting'
    ).headers == ["File", "Path", "File Tags"]
    assert run(index, 'TABLE length(rows) FROM "Readings" GROUP BY genre').headers == [
        "genre",
        "length(rows)",
    ]
    assert run(
        index, 'TABLE WITHOUT ID steamid, file.etags AS "File Tags" FROM #meeting'
    ).headers == ["steamid", "File Tags"]


def test_this_is_the_note_a_query_is_written_in(index: Index) -> None:
    """sources.md: ``[[]]`` is the current file; ``this`` its page (dql-js-inline.md)."""
    linking = run(index, "LIST FROM [[]]", origin=DASHBOARD)
    assert rows(linking) == ["Concepts/Dashboard links.md"]
    status = run(index, "LIST WITHOUT ID this.status LIMIT 1", origin=DASHBOARD)
    assert rows(status) == ["active"]
    assert rows(run(index, "LIST WHERE this.status LIMIT 1")) == []


def test_a_failing_row_is_dropped_and_named(index: Index) -> None:
    """An evaluation error drops that row and names the row and the expression; the other
    rows still come back (data-commands.md: commands run row by row)."""
    result = run(index, 'TABLE pages + 1 FROM "Readings"')
    assert rows(result) == [(WITBD, 184)]
    assert [(w.row, w.command, w.expression) for w in result.warnings] == [
        (HARBOR, "column", "pages + 1"),
        (WAGE, "column", "pages + 1"),
        (THEORY, "column", "pages + 1"),
    ]
    assert "No implementation found for 'null + number'" in result.warnings[0].message


def test_a_query_fails_when_every_row_fails(index: Index) -> None:
    with pytest.raises(QueryEvaluationError, match="every row failed during WHERE") as caught:
        run(index, 'LIST FROM "People" WHERE role - 1')
    assert "People/Ines.md: WHERE role - 1:" in str(caught.value)


def test_limit_must_be_a_number(index: Index) -> None:
    with pytest.raises(QueryEvaluationError, match="limit should be a number"):
        run(index, 'LIST LIMIT "five"')


def test_task_results_carry_dataviews_task_fields(index: Index) -> None:
    """metadata-tasks.md: status, checked, completed, fullyCompleted, text, line (0-based),
    path, section, tags, outlinks, children, parent; fields written on the task."""
    result = run(index, "TASK WHERE due").to_json()
    assert result["type"] == "task"
    (task,) = result["values"]
    assert task["status"] == " " and task["checked"] is False and task["completed"] is False
    assert task["fullyCompleted"] is False
    assert task["line"] == 26 and task["path"] == TACOMA_1
    assert task["section"]["subpath"] == "Tasks" and task["section"]["type"] == "header"
    assert task["due"] == "2021-01-23"
    assert [c["text"] for c in task["children"]] == ["ask Marcus for their numbers"]
    assert "attendance" not in task
