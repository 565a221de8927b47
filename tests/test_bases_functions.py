"""Every documented example of Obsidian's Bases functions, as written in the help vault
(obsidian-help en/Bases/Functions.md; the section is in each case's id), evaluated without
a vault; plus the operator examples of Bases syntax.md and Formulas.md."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vaultkit.bases.errors import BaseSyntaxError
from vaultkit.bases.evaluate import Evaluator, Row
from vaultkit.bases.values import to_json, type_of

NOW = dt.datetime(2025, 5, 27, 23, 59, 59)


def evaluate(expression: str, **props: Any) -> Any:
    ev = Evaluator(None, now=NOW)
    return ev.evaluate(expression, Row(None), props)


# (Functions.md section, expression, expected value as JSON)
DOCUMENTED: list[tuple[str, str, Any]] = [
    ("Global if", 'if(isModified, "Modified", "Unmodified")', "Unmodified"),
    ("Global list", 'list("value")', ["value"]),
    ("Global number", 'number("3.4")', 3.4),
    ("Global date", 'date("2025-01-01 12:00:00")', "2025-01-01T12:00:00"),
    ("Any isTruthy", "1.isTruthy()", True),
    ("Any isType", '"example".isType("string")', True),
    ("Any isType", 'true.isType("boolean")', True),
    ("Any toString", "123.toString()", "123"),
    ("Date date", 'now().date().format("YYYY-MM-DD HH:mm:ss")', "2025-05-27 00:00:00"),
    ("Date format", 'date("2025-05-27").format("YYYY-MM-DD")', "2025-05-27"),
    ("Date time", "now().time()", "23:59:59"),
    ("Date isEmpty", 'date("2025-05-27").isEmpty()', False),
    ("String contains", '"hello".contains("ell")', True),
    ("String containsAll", '"hello".containsAll("h", "e")', True),
    ("String containsAny", '"hello".containsAny("x", "y", "e")', True),
    ("String endsWith", '"hello".endsWith("lo")', True),
    ("String isEmpty", '"Hello world".isEmpty()', False),
    ("String isEmpty", '"".isEmpty()', True),
    ("String replace", '"a:b:c:d".replace(/:/, "-")', "a-b:c:d"),
    ("String replace", '"a:b:c:d".replace(/:/g, "-")', "a-b-c-d"),
    ("String replace", r'"John Smith".replace(/(\w+) (\w+)/, "$2, $1")', "Smith, John"),
    ("String repeat", '"123".repeat(2)', "123123"),
    ("String reverse", '"hello".reverse()', "olleh"),
    ("String slice", '"hello".slice(1, 4)', "ell"),
    ("String split", '"a,b,c,d".split(",", 3)', ["a", "b", "c"]),
    ("String split", '"a,b,c,d".split(/,/, 3)', ["a", "b", "c"]),
    ("String startsWith", '"hello".startsWith("he")', True),
    ("String title", '"hello world".title()', "Hello World"),
    ("String trim", '"  hi  ".trim()', "hi"),
    ("Number abs", "(-5).abs()", 5),
    ("Number ceil", "(2.1).ceil()", 3),
    ("Number floor", "(2.9).floor()", 2),
    ("Number isEmpty", "5.isEmpty()", False),
    ("Number round", "(2.5).round()", 3),
    ("Number round", "(2.3333).round(2)", 2.33),
    ("Number toFixed", "(3.14159).toFixed(2)", "3.14"),
    ("List contains", "[1,2,3].contains(2)", True),
    ("List containsAll", "[1,2,3].containsAll(2,3)", True),
    ("List containsAny", "[1,2,3].containsAny(3,4)", True),
    ("List filter", "[1,2,3,4].filter(value > 2)", [3, 4]),
    ("List flat", "[1,[2,3]].flat()", [1, 2, 3]),
    ("List isEmpty", "[1,2,3].isEmpty()", False),
    ("List join", '[1,2,3].join(",")', "1,2,3"),
    ("List map", "[1,2,3,4].map(value + 1)", [2, 3, 4, 5]),
    ("List reduce sum", "[1,2,3].reduce(acc + value, 0)", 6),
    ("List reverse", "[1,2,3].reverse()", [3, 2, 1]),
    ("List slice", "[1,2,3,4].slice(1,3)", [2, 3]),
    ("List sort", "[3, 1, 2].sort()", [1, 2, 3]),
    ("List sort", '["c", "a", "b"].sort()', ["a", "b", "c"]),
    ("List unique", "[1,2,2,3].unique()", [1, 2, 3]),
    ("Object isEmpty", "{}.isEmpty()", True),
    ("Regular expression matches", '/abc/.matches("abcde")', True),
]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [(e, x) for _, e, x in DOCUMENTED],
    ids=[f"Functions.md {s}: {e}" for s, e, _ in DOCUMENTED],
)
def test_documented_function_examples(expression: str, expected: Any) -> None:
    assert to_json(evaluate(expression)) == expected


def test_reduce_max_example_with_values() -> None:
    # Functions.md, "reduce()": the largest number, or null if none.
    expression = (
        'values.filter(value.isType("number"))'
        ".reduce(if(acc == null || value > acc, value, acc), null)"
    )
    assert evaluate(expression, values=[3, "x", 9, None, 4]) == 9
    assert evaluate(expression, values=["x"]) is None


def test_object_keys_and_values() -> None:
    # Functions.md, "Object type": keys() and values().
    assert evaluate('{"a": 1, "b": 2}.keys()') == ["a", "b"]
    assert evaluate('{"a": 1, "b": 2}.values()') == [1, 2]


def test_string_and_list_length_fields() -> None:
    # Functions.md, "String type" and "List type" fields.
    assert evaluate('"hello".length') == 5
    assert evaluate("[1, 2, 3].length") == 3


def test_date_fields() -> None:
    # Functions.md, "Date type", Fields.
    found = [evaluate(f'date("2025-01-02 03:04:05").{f}') for f in ("year", "month", "day")]
    found += [evaluate(f'date("2025-01-02 03:04:05").{f}') for f in ("hour", "minute", "second")]
    assert found == [2025, 1, 2, 3, 4, 5]
    assert evaluate('date("2025-01-02T03:04:05.250").millisecond') == 250


def test_relative_dates() -> None:
    # Functions.md, "relative()": "3 days ago".
    assert evaluate('(now() - "3d").relative()') == "3 days ago"
    assert evaluate('(now() + "2h").relative()') == "in 2 hours"


# -- Bases syntax.md, "Date arithmetic" and "Types" -------------------------------------------


def test_date_plus_duration_strings() -> None:
    value = evaluate('date("2024-12-01") + "1M" + "4h" + "3m"')
    assert value == dt.datetime(2025, 1, 1, 4, 3)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('(now() + "1d") - now()', 86_400_000),
        ('now() + "1 day" - now()', 86_400_000),
        ('(date("2025-03-31") - "1M").format("YYYY-MM-DD")', "2025-02-28"),
        ('(today() + "7d").format("YYYY-MM-DD")', "2025-06-03"),
        ('(date("2025-01-01") + "1w").format("YYYY-MM-DD")', "2025-01-08"),
        ('(date("2025-01-01") + "2 weeks").format("YYYY-MM-DD")', "2025-01-15"),
        ('(date("2025-01-01 10:00") - "2h").format("HH:mm")', "08:00"),
        ('date("2025-01-01") + "1y" > date("2025-12-31")', True),
        ("now() + (duration('1d') * 2) - now()", 172_800_000),
    ],
)
def test_date_arithmetic(expression: str, expected: Any) -> None:
    # Bases syntax.md, "Date arithmetic" (units y M d w h m s, long names, plurals); the
    # difference of two dates is a duration, in milliseconds as JSON.
    assert to_json(evaluate(expression)) == expected


def test_the_difference_of_two_dates_is_a_duration_with_fields() -> None:
    # Bases syntax.md: "Subtract two dates to get the millisecond difference"; the app
    # returns a duration whose fields give the span in a unit ((now() - file.ctime).days).
    span = 'date("2025-01-03 12:00") - date("2025-01-01")'
    assert type_of(evaluate(span)) == "duration"
    assert evaluate(f"({span}).days") == 2.5
    assert evaluate(f"({span}).hours") == 60
    assert evaluate(f"({span}).milliseconds") == 216_000_000
    assert evaluate(f"({span}).days.round()") == 3
    assert evaluate(f"{span} > 86400000") is True
    assert evaluate(f"{span} > duration('3d')") is False
    # ... and, as the app's Functions reference also shows, its milliseconds beside a number
    assert evaluate(f"({span}) / 86400000") == 2.5
    assert evaluate(f"(({span}) / 3600000).round(0)") == 60


def test_duration_function_scales_on_the_left() -> None:
    # Functions.md, "duration()": duration('5h') * 2.
    assert to_json(evaluate("duration('5h') * 2")) == 36_000_000


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("radius * (2 * 3.14)", 6.28),
        ("7 % 3", 1),
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 / 4", 2.5),
        ('"a" + 1', "a1"),
        ("!true", False),
        ("true && false", False),
        ("false || true", True),
        ("2 >= 2 && 1 < 2 && 3 > 2 && 2 <= 1", False),
        ('"x" == "x" && "x" != "y"', True),
        ("[1, 2][0]", 1),
        ('{"a": {"b": 4}}.a.b', 4),
        ('{"a": {"b": 4}}["a"]["b"]', 4),
    ],
)
def test_operators(expression: str, expected: Any) -> None:
    # Bases syntax.md, "Operators" and "Objects and lists".
    assert evaluate(expression, radius=1) == expected


def test_formula_examples_from_formulas_md() -> None:
    # Formulas.md, "Formula examples".
    assert evaluate('if(price, "$" + price.toFixed(2), "")', price=3) == "$3.00"
    assert evaluate('if(price, "$" + price.toFixed(2), "")', price=None) == ""
    assert evaluate("(impact * urgency) / effort", impact=3, urgency=4, effort=2) == 6
    assert evaluate('first_name + " " + last_name', first_name="Ada", last_name="L") == "Ada L"
    assert evaluate("tasks.length", tasks=["a", "b"]) == 2
    assert evaluate('tags.contains("urgent")', tags=["urgent", "x"]) is True
    due = dt.datetime(2025, 1, 1)
    assert evaluate('if(due_date < now() && status != "Done", "Overdue", "")', due_date=due) == (
        "Overdue"
    )
    start = dt.datetime(2025, 1, 1)
    assert evaluate('start_date + "2w"', start_date=start) == dt.datetime(2025, 1, 15)


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("null", "null"),
        ("1", "number"),
        ('"a"', "string"),
        ("[1]", "list"),
        ("{}", "object"),
        ("now()", "date"),
        ('duration("1d")', "duration"),
        ("/a/", "regexp"),
        ('link("x")', "link"),
        ('icon("plus")', "icon"),
        ('html("<b>")', "html"),
        ('image("a.png")', "image"),
    ],
)
def test_type_names(expression: str, kind: str) -> None:
    assert type_of(evaluate(expression)) == kind


def test_globals_without_examples() -> None:
    # Functions.md, "Global": escapeHTML, max, min, number of dates and booleans, random.
    assert (
        evaluate("escapeHTML(\"<a href='x'>&</a>\")")
        == "&lt;a href=&#x27;x&#x27;&gt;&amp;&lt;/a&gt;"
    )
    assert evaluate("max(1, 5, 3)") == 5 and evaluate("min(4, 2, 8)") == 2
    assert evaluate("number(true)") == 1 and evaluate("number(false)") == 0
    assert evaluate('number(date("1970-01-02T00:00:00Z"))') == 86_400_000
    assert 0 <= evaluate("random()") < 1
    assert to_json(evaluate('link("Notes/A", "display")')) == {
        "type": "link",
        "path": "Notes/A",
        "display": "display",
        "subpath": None,
    }


def test_render_only_values() -> None:
    # Functions.md, "icon()" and "image()" examples; Bases syntax.md, "Files and links":
    # link("filename", icon("plus")).
    assert to_json(evaluate('icon("arrow-right")')) == {"type": "icon", "value": "arrow-right"}
    url = "https://obsidian.md/images/obsidian-logo-gradient.svg"
    assert to_json(evaluate(f'image("{url}")')) == {"type": "image", "value": url}
    assert to_json(evaluate('html("<b>hi</b>")')) == {"type": "html", "value": "<b>hi</b>"}
    assert evaluate('link("filename", icon("plus"))').display == "plus"
    assert evaluate('link("https://obsidian.md")').path == "https://obsidian.md"


def test_methods_of_a_missing_property_are_empty() -> None:
    # docs/obsidian-compat.md: a method of a missing property gives null, isEmpty() true.
    assert evaluate("price.toFixed(2)") is None
    assert evaluate("price.isEmpty()") is True
    assert evaluate("price.isTruthy()") is False


@pytest.mark.parametrize(
    ("expression", "message", "column"),
    [
        ("1 +", "expected a value", 4),
        ('"open', "string without its closing quote", 1),
        ("price > ", "expected a value", 9),
        ("f(1, 2", "expected ')'", 7),
        ("a b", "expected an operator or the end", 3),
        ("1 # 2", "unexpected character '#'", 3),
    ],
)
def test_syntax_errors_point_at_the_place(expression: str, message: str, column: int) -> None:
    with pytest.raises(BaseSyntaxError) as caught:
        evaluate(expression)
    text = str(caught.value)
    assert message in text and f"(column {column})" in text
    assert text.splitlines()[-1] == "  " + " " * (column - 1) + "^"
