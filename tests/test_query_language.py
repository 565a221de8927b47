"""Literals, field value types, operators and the null/type rules of Dataview's language.

Sources: blacksmithgu/obsidian-dataview docs/docs/reference/literals.md,
reference/expressions.md, annotation/types-of-metadata.md, annotation/add-metadata.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vaultkit.query import parse_expression
from vaultkit.query.durations import Duration
from vaultkit.query.evaluate import Context
from vaultkit.query.fieldvalues import parse_frontmatter_value, parse_inline_value
from vaultkit.query.functions import FUNCTIONS
from vaultkit.query.operators import EvalError
from vaultkit.query.values import Link, compare, to_string, truthy

NOW = dt.datetime(2022, 1, 5, 12, 18, 4)


def ev(text: str, **fields: Any) -> Any:
    return Context(FUNCTIONS, now=NOW).evaluate(parse_expression(text, NOW), fields)


H = 3600.0


@pytest.mark.parametrize(
    ("literal", "seconds"),
    [
        ("dur(1 s)", 1),
        ("dur(3 secs)", 3),
        ("dur(3 seconds)", 3),
        ("dur(1 m)", 60),
        ("dur(3 mins)", 180),
        ("dur(1 minute)", 60),
        ("dur(1 h)", H),
        ("dur(3 hrs)", 3 * H),
        ("dur(1 hour)", H),
        ("dur(1 d)", 24 * H),
        ("dur(3 days)", 72 * H),
        ("dur(1 w)", 7 * 24 * H),
        ("dur(3 wks)", 21 * 24 * H),
        ("dur(1 mo)", 30 * 24 * H),
        ("dur(3 months)", 90 * 24 * H),
        ("dur(1 yr)", 365 * 24 * H),
        ("dur(3 years)", 3 * 365 * 24 * H),
        ("dur(1 s, 2 m, 3 h)", 3 * H + 121),
        ("dur(1 s 2 m 3 h)", 3 * H + 121),
        ("dur(1s 2m 3h)", 3 * H + 121),
        ("dur(1second 2min 3h)", 3 * H + 121),
        ("dur(2 days 4 hours)", 52 * H),
    ],
)
def test_duration_literals(literal: str, seconds: float) -> None:
    """literals.md, Durations: every unit spelling and the combinations."""
    value = ev(literal)
    assert isinstance(value, Duration)
    assert value.millis() == seconds * 1000


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("date(2021-11-11)", dt.datetime(2021, 11, 11)),
        ("date(2021-09-20T20:17)", dt.datetime(2021, 9, 20, 20, 17)),
        ("date(2021-04-18T04:19:35.000)", dt.datetime(2021, 4, 18, 4, 19, 35)),
        ("date(2021-04)", dt.datetime(2021, 4, 1)),
        ("date(today)", dt.datetime(2022, 1, 5)),
        ("date(eoy)", dt.datetime(2022, 12, 31, 23, 59, 59, 999000)),
        ("date(soy)", dt.datetime(2022, 1, 1)),
        ("date(eow)", dt.datetime(2022, 1, 9, 23, 59, 59, 999000)),
    ],
)
def test_date_literals(literal: str, expected: dt.datetime) -> None:
    """literals.md, Dates: ISO dates with optional time, and the shorthands."""
    assert ev(literal) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("This is some normal text.", "This is some normal text."),
        ("6", 6),
        ("2.4", 2.4),
        ("-80", -80),
        ("true", True),
        ("false", False),
        ("2021-04-18", dt.datetime(2021, 4, 18)),
        ("2021-04-18T04:19:35.000", dt.datetime(2021, 4, 18, 4, 19, 35)),
        ("7 hours", Duration.of(hours=7)),
        ("4min", Duration.of(minutes=4)),
        ("16 days", Duration.of(weeks=2, days=2)),
        ("9 yrs 8 min", Duration.of(years=9, minutes=8)),
        ("[[A Page]]", Link("A Page")),
        ("[[Some Other Page|Render Text]]", Link("Some Other Page", "Render Text")),
        ("1, 2, 3", [1, 2, 3]),
        ('"yes", "or", "no"', ["yes", "or", "no"]),
        ("", None),
        ("#tag", "#tag"),
        ("3 apples", "3 apples"),
        ("2021-04-18 meeting", "2021-04-18 meeting"),
        ("red, green", "red, green"),
    ],
)
def test_inline_field_values_are_typed(raw: str, expected: Any) -> None:
    """types-of-metadata.md: text, number, boolean, date, duration, link and list values;
    a value that is only partly one of them stays text; an empty value is null."""
    value = parse_inline_value(raw)
    if isinstance(expected, Duration):
        assert isinstance(value, Duration)
        assert value.millis() == expected.millis()
    else:
        assert value == expected


def test_durations_in_fields_are_normalized() -> None:
    """types-of-metadata.md: ``9 years, 8 months, 4 days, 16 hours, 2 minutes`` is one
    duration; field durations are normalized (16 days print as 2 weeks, 2 days)."""
    value = parse_inline_value("9 years, 8 months, 4 days, 16 hours, 2 minutes")
    assert value.as_dict() == {
        "years": 9,
        "months": 8,
        "weeks": 0,
        "days": 4,
        "hours": 16,
        "minutes": 2,
        "seconds": 0,
        "ms": 0,
    }
    assert to_string(parse_inline_value("16 days")) == "2 weeks, 2 days"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-08-17", dt.datetime(2021, 8, 17)),
        ("document", "document"),
        ("[[Link]]", Link("Link")),
        ({"rating": 8, "reviewable": False}, {"rating": 8, "reviewable": False}),
        (["a", "2021-01-01"], ["a", dt.datetime(2021, 1, 1)]),
        ("8 minutes", Duration.of(minutes=8)),
    ],
)
def test_frontmatter_values_are_typed(raw: Any, expected: Any) -> None:
    """add-metadata.md: ``last-reviewed: 2021-08-17`` is a date, ``alias: "document"`` text,
    ``thoughts:`` an object; types-of-metadata.md: a quoted ``"[[Link]]"`` is a link."""
    assert parse_frontmatter_value(raw) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 / 2", 3.5),
        ("7 % 3", 1),
        ("10 - 2 - 3", 5),
        ('"a" + "b"', "ab"),
        ('"count: " + 3', "count: 3"),
        ('"ab" * 3', "ababab"),
        ("1 < 2", True),
        ("2 <= 2", True),
        ("3 > 4", False),
        ("3 >= 4", False),
        ("1 = 1", True),
        ("1 != 1", False),
        ('"b" > "a"', True),
        ("true and false", False),
        ("true or false", True),
        ("true & true", True),
        ("false | true", True),
        ("!true", False),
        ("!missing", True),
        ("list(1, 2, 3)[0]", 1),
        ("list(1, 2, 3)[5]", None),
        ("[1, 2] + [3]", [1, 2, 3]),
        ("{ a: 1 } + { b: 2 }", {"a": 1, "b": 2}),
        ("[[1, 2],[3, 4]][1][0]", 3),
        ("((x) => 2 * x)(4)", 8),
        ("((x, y) => x + y)(1, 2)", 3),
        ("((value) => length(value) = 4)([1, 2, 3, 4])", True),
        ("date(2021-01-30) + dur(7 days)", dt.datetime(2021, 2, 6)),
        ("date(2021-01-31) + dur(1 month)", dt.datetime(2021, 2, 28)),
        ("date(2021-03-01) - dur(1 day)", dt.datetime(2021, 2, 28)),
        ("date(2021-01-30).year", 2021),
        ("date(2021-01-30).month", 1),
        ("date(2021-01-30).day", 30),
        ("date(2021-01-30T18:15).hour", 18),
        ("dur(2 days 4 hours).hours", 52),
        ("dur(2 days 4 hours).days", 52 / 24),
        ("dur(1 day) > dur(23 hours)", True),
        ("dur(1 hour) + dur(30 minutes) = dur(90 minutes)", True),
        ("date(2021-02-06) - date(2021-01-30) = dur(7 days)", True),
        ("date(2021-03-01) - date(2021-01-30) > dur(1 month)", True),
        ("date(2021-01-30) < date(2021-02-06)", True),
        ("[[Note]] = [[Note|shown differently]]", True),
        ("[[Note]] = [[Note#Heading]]", False),
        ("end - start > dur(2 days)", True),
    ],
)
def test_expressions(expression: str, expected: Any) -> None:
    """expressions.md: arithmetic, comparison, boolean operators, indexing, lambdas, date
    and duration maths; literals.md: ``end - start > dur(2 days)``."""
    fields = {"start": dt.datetime(2021, 1, 1), "end": dt.datetime(2021, 1, 5)}
    assert ev(expression, **fields) == expected


def test_episode_metadata_indexing() -> None:
    """expressions.md: ``episode_metadata["previous"]`` and ``episode_metadata.previous``."""
    meta = {"previous": "S01E02", "next": "S01E04"}
    assert ev('episode_metadata["previous"]', episode_metadata=meta) == "S01E02"
    assert ev("episode_metadata.previous", episode_metadata=meta) == "S01E02"
    assert ev("episode_metadata.missing", episode_metadata=meta) is None


def test_row_reaches_fields_that_are_keywords_or_have_spaces() -> None:
    """faq.md: ``row.where``, ``row["Field With Space In It"]``."""
    fields = {"where": "here", "Field With Space In It": 1}
    assert ev("row.where", **fields) == "here"
    assert ev('row["Field With Space In It"]', **fields) == 1


def test_indexing_a_list_with_text_maps_over_its_elements() -> None:
    """data-commands.md, GROUP BY: ``rows.test`` fetches ``test`` from every row."""
    rows = [{"test": 1}, {"test": 2}, {"other": 3}]
    assert ev("rows.test", rows=rows) == [1, 2, None]
    assert ev("sum(rows.test)", rows=rows[:2]) == 3


class TestNullAndTypeRules:
    """Comparing a missing field is never an error: null comes before every value, and
    values of different types compare by type name (number < string)."""

    def test_missing_fields_compare_without_error(self) -> None:
        assert ev("missing > 3") is False
        assert ev("missing < 3") is True
        assert ev("missing = null") is True
        assert ev("missing != 3") is True

    def test_different_types_compare_by_type_name(self) -> None:
        assert ev('"WIP" > 3') is True
        assert ev("date(2021-01-01) > 3") is False
        assert compare(None, False) < 0
        assert compare([1, 2], [1, 2, 0]) < 0

    def test_arithmetic_with_null_is_an_error_except_null_with_null(self) -> None:
        with pytest.raises(EvalError, match="No implementation found for 'null \\+ number'"):
            ev("missing + 1")
        assert ev("missing + missing") is None
        assert ev("date(2021-01-01) + missing") is None

    @pytest.mark.parametrize(
        ("value", "expected"),
        [(None, False), (0, False), (1, True), ("", False), ("x", True), ([], False)],
    )
    def test_truthiness(self, value: Any, expected: bool) -> None:
        assert truthy(value) is expected


def test_function_names_are_not_fields() -> None:
    """expressions.md: ``f(a, b)`` calls the function ``f`` even when a field is named so."""
    assert ev("lower(lower)", lower="ABC") == "abc"
