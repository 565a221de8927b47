"""Parsing DQL: the query structure, sources, names of columns, and syntax errors that point
at the place and say what was expected.

Sources: blacksmithgu/obsidian-dataview docs/docs/queries/structure.md, query-types.md,
data-commands.md, reference/sources.md, reference/expressions.md.
"""

from __future__ import annotations

import pytest

from vaultkit.errors import QuerySyntaxError
from vaultkit.query import ast, dataview_blocks, parse_expression, parse_query


def test_query_type_from_and_commands_in_order() -> None:
    """structure.md: one query type, an optional FROM, then data commands in order."""
    query = parse_query(
        'TABLE author, rating AS "Stars" FROM "Readings"\nWHERE rating > 3\n'
        "SORT rating DESC, file.name\nLIMIT 5\nGROUP BY genre\nFLATTEN rows AS r"
    )
    assert query.header.type == "table"
    assert [f.name for f in query.header.fields] == ["author", "Stars"]
    assert query.source == ast.FolderSource("Readings")
    kinds = [type(c).__name__ for c in query.commands]
    assert kinds == ["Where", "Sort", "Limit", "GroupBy", "Flatten"]
    sort = query.commands[1]
    assert isinstance(sort, ast.Sort)
    assert [(k.name, desc) for k, desc in sort.keys] == [("rating", True), ("file.name", False)]


@pytest.mark.parametrize(
    ("text", "kind", "show_id", "names"),
    [
        ("LIST", "list", True, []),
        ("list file.folder", "list", True, ["file.folder"]),
        ("LIST WITHOUT ID type", "list", False, ["type"]),
        ("TABLE", "table", True, []),
        (
            'TABLE WITHOUT ID steamid, file.etags AS "File Tags"',
            "table",
            False,
            ["steamid", "File Tags"],
        ),
        ("TABLE started, file.folder AS Path", "table", True, ["started", "Path"]),
        ("task", "task", True, []),
        (
            'TABLE\ndefault(finished, date(today)) - started AS "Played for"',
            "table",
            True,
            ["Played for"],
        ),
        ("TABLE rating +\n  1", "table", True, ["rating +1"]),
    ],
)
def test_query_types(text: str, kind: str, show_id: bool, names: list[str]) -> None:
    """query-types.md: LIST [WITHOUT ID] [expr], TABLE [WITHOUT ID] cols, TASK; a column is
    named by AS or by its text with line breaks removed."""
    header = parse_query(text).header
    assert (header.type, header.show_id, [f.name for f in header.fields]) == (kind, show_id, names)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("LIST FROM #games/mobas", ast.TagSource("#games/mobas")),
        ('LIST FROM "Books"', ast.FolderSource("Books")),
        ("LIST FROM [[Study MOC]]", ast.LinkSource("Study MOC", incoming=True)),
        ("LIST FROM outgoing([[note]])", ast.LinkSource("note", incoming=False)),
        ("LIST FROM -#tag", ast.NegatedSource(ast.TagSource("#tag"))),
        ("LIST FROM !#fastfood", ast.NegatedSource(ast.TagSource("#fastfood"))),
        (
            "LIST FROM #status/open OR #status/wip",
            ast.BinarySource("|", ast.TagSource("#status/open"), ast.TagSource("#status/wip")),
        ),
        (
            'LIST FROM #tag and ("folder" or #other-tag)',
            ast.BinarySource(
                "&",
                ast.TagSource("#tag"),
                ast.BinarySource("|", ast.FolderSource("folder"), ast.TagSource("#other-tag")),
            ),
        ),
    ],
)
def test_sources(text: str, source: ast.Source) -> None:
    """sources.md and data-commands.md: tags, folders, links, outgoing(), and/or/negation,
    parentheses."""
    assert parse_query(text).source == source


def test_and_and_or_share_one_level_left_to_right() -> None:
    """Dataview's expression grammar puts and/or on one precedence level."""
    expr = parse_expression("a or b and c")
    assert expr == ast.BinaryOp(
        "&", ast.BinaryOp("|", ast.Variable("a"), ast.Variable("b")), ast.Variable("c")
    )


def test_dashes_belong_to_names_and_spaces_make_subtraction() -> None:
    """expressions.md: ``simple-field`` is a field name; ``a - b`` subtracts."""
    assert parse_expression("reading-status") == ast.Variable("reading-status")
    assert parse_expression("end - start") == ast.BinaryOp(
        "-", ast.Variable("end"), ast.Variable("start")
    )


def test_literal_dates_and_function_calls_share_a_name() -> None:
    """literals.md: ``date(2021-07-14)`` is a literal; ``date(file.name)`` a call."""
    assert isinstance(parse_expression("date(2021-07-14)"), ast.Literal)
    call = parse_expression("date(file.name)")
    assert isinstance(call, ast.Call) and call.func == ast.Variable("date")


@pytest.mark.parametrize(
    ("text", "line", "col", "expected"),
    [
        ("LIST WHERE rating >", 1, 20, "expected an expression"),
        ("TABLE author rating", 1, 14, "expected WHERE, SORT, GROUP BY, FLATTEN, LIMIT"),
        ("LIST FROM", 1, 10, "expected a source"),
        ("SELECT * FROM notes", 1, 1, "expected TABLE, LIST or TASK"),
        ('LIST\nFROM "Readings"\nWHERE (rating > 3', 3, 18, "expected an operator or ')'"),
        ("LIST WHERE x = 1 FROM #a", 1, 18, "FROM must come once"),
        ("CALENDAR file.ctime", 1, 1, "CALENDAR queries are not supported"),
        ("LIST WHERE where = 1", 1, 12, "expected an expression"),
        ("TABLE length(rows", 1, 18, "expected an operator, ',' or ')'"),
    ],
)
def test_syntax_errors_point_at_the_place(text: str, line: int, col: int, expected: str) -> None:
    """A syntax error names line and column, says what was expected, and shows the line
    with a caret under the place."""
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    error = caught.value
    assert (error.line, error.col) == (line, col)
    message = str(error)
    assert expected in message
    shown, caret = message.splitlines()[1:3]
    assert shown.strip() == text.splitlines()[line - 1].strip()
    assert caret.index("^") - 2 == col - 1 - (len(text.splitlines()[line - 1]) - len(shown[2:]))


def test_long_lines_are_cut_around_the_caret() -> None:
    """A long query line is shown as a window so the caret stays under the place."""
    text = "TABLE " + ", ".join(f"field{i}" for i in range(30)) + " WHERE x >"
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    message = str(caught.value)
    shown, caret = message.splitlines()[1:3]
    assert len(shown) < 70 and shown.startswith("  …")
    assert caret.index("^") == len(shown)


def test_dataview_blocks_of_a_note() -> None:
    """Only ```dataview fences count (not dataviewjs, not code inside other fences), also
    inside callouts."""
    text = (
        "# Dash\n```dataview\nLIST FROM #a\n```\n````markdown\n```dataview\nLIST\n```\n````\n"
        "```dataviewjs\ndv.list([])\n```\n> [!note]\n> ```dataview\n> TABLE x\n> ```\n"
    )
    blocks = dataview_blocks(text)
    assert [(b.line, b.text) for b in blocks] == [(2, "LIST FROM #a"), (14, "TABLE x")]


@pytest.mark.parametrize(
    "text",
    [
        "LIST",
        "TASK",
        'TABLE due, file.tags AS "tags", average(working-hours)',
        'LIST\nFROM "Books"',
        "LIST\nFROM #status/open OR #status/wip",
        'LIST\nFROM (#assignment AND "30 School") OR ("30 School/32 Homeworks" AND '
        "outgoing([[School Dashboard Current To Dos]]))",
        "LIST\nWHERE due AND due < date(today)",
        "LIST\nFROM #status/open\nSORT file.ctime DESC\nLIMIT 10",
        "TASK\nWHERE !completed\nSORT created ASC\nLIMIT 10\nGROUP BY file.link\n"
        "SORT rows.file.ctime ASC",
        'TABLE recipe-type AS "type", portions, length\nFROM #recipes',
        'LIST\nFROM #assignments\nWHERE status = "open"',
        "TABLE file.ctime, appointment.type, appointment.time, follow-ups\n"
        'FROM "30 Protocols/32 Management"\nWHERE follow-ups\nSORT appointment.time',
        'TABLE L.text AS "My lists"\nFROM "dailys"\nFLATTEN file.lists AS L\n'
        'WHERE contains(L.author, "Surname")',
        'LIST rows.c\nWHERE typeof(contacts) = "array" AND contains(contacts, [[Mr. L]])\n'
        "SORT length(contacts)\nFLATTEN contacts as c\nSORT link(c).age ASC",
        "LIST WHERE file.mtime >= date(today) - dur(1 day)",
        "LIST FROM #projects\nWHERE !completed AND file.ctime <= date(today) - dur(1 month)",
        'table T.text as "Task Text"\nfrom "Scratchpad"\nflatten file.tasks as T\nwhere T.text',
        'table filter(file.tasks.text, (t) => t) as "Task Text"\nfrom "Scratchpad"\n'
        "where file.tasks.text",
        "LIST\nLIMIT 5\nSORT date ASCENDING",
        'TASK\nWHERE !completed AND contains(tags, "#shopping")',
        "LIST WHERE thoughts.rating = 8",
        'TASK\nWHERE completion = date("2021-08-22")',
        'LIST "File Path: " + file.folder + " _(created: " + file.cday + ")_"\nFROM "Games"',
    ],
)
def test_documented_queries_parse(text: str) -> None:
    """Every query written in structure.md, query-types.md, data-commands.md, literals.md,
    add-metadata.md and metadata-tasks.md parses."""
    parse_query(text)
