"""Any text either parses or is a syntax error with a caret; any expression either has a
value or fails with an evaluation error (never a Python exception): a base written by hand
must not crash `vaultkit base`."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.bases.errors import BaseSyntaxError, EvalError
from vaultkit.bases.evaluate import Evaluator, Row
from vaultkit.bases.parser import parse_expression

ATOMS = st.sampled_from(
    [
        "1", "2.5", "-3", '"a,b"', "'x'", "true", "null", "[1, [2, 'c']]", '{"k": 1}', "/a+/g",
        "now()", 'date("2025-01-31")', 'duration("1d")', "price", "values", 'link("A")',
    ]
)  # fmt: skip
METHODS = st.sampled_from(
    [
        ".length", ".toString()", ".isEmpty()", ".round(2)", ".toFixed(1)", ".split(',')",
        ".map(value)", ".filter(value)", ".reduce(acc + value, 0)", ".slice(1)", ".sort()",
        ".flat()", ".unique()", ".format('YYYY')", ".repeat(2)", ".keys()", ".year", "[0]",
        '.replace(/a/g, "$1")', ".contains(1)", ".date()", ".relative()", ".abs()",
    ]
)  # fmt: skip
OPERATORS = st.sampled_from([" + ", " - ", " * ", " / ", " % ", " == ", " < ", " && ", " || "])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    text = draw(ATOMS) + "".join(draw(st.lists(METHODS, max_size=2)))
    if depth < 2 and draw(st.booleans()):
        text = f"({text}){draw(OPERATORS)}{draw(expressions(depth + 1))}"
    if draw(st.booleans()):
        text = "!" + text
    return text


@given(st.text(max_size=40))
def test_any_text_parses_or_is_a_syntax_error(text: str) -> None:
    try:
        parse_expression(text)
    except BaseSyntaxError as error:
        assert str(error).rstrip().endswith("^")


@given(expressions())
def test_any_expression_has_a_value_or_an_evaluation_error(text: str) -> None:
    ev = Evaluator(None)
    with contextlib.suppress(EvalError):
        ev.evaluate(text, Row(None), {"price": 3, "values": [1, None, "a"]})


def test_huge_repeats_are_refused() -> None:
    ev = Evaluator(None)
    try:
        ev.evaluate('"ab".repeat(1e12)', Row(None))
    except EvalError as error:
        assert "repeat()" in str(error)
    else:
        raise AssertionError("expected an error")


@pytest.mark.parametrize(
    "expression",
    [
        "/(a|aa)+$/.matches(value)",
        'value.replace(/(a|aa)+$/g, "x")',
        "value.split(/(a|aa)+$/)",
    ],
)
def test_a_catastrophic_pattern_stops_with_an_error(expression: str) -> None:
    """JavaScript's patterns backtrack (Functions.md: `matches`, `replace`, `split` take
    one); Python's `re` ran `/(a|aa)+$/` on 60 a's and a `!` for ever, in any thread."""
    ev = Evaluator(None)
    try:
        ev.evaluate(expression, Row(None), {"value": "a" * 60 + "!"})
    except EvalError as error:
        assert "took too long" in str(error)
    else:
        raise AssertionError("expected an error")


def test_regular_patterns_still_match_as_javascript_does() -> None:
    ev = Evaluator(None)
    props = {"value": "Note 2024-05-01, note 2025"}
    assert ev.evaluate(r"/note \d{4}/i.matches(value)", Row(None), props) is True
    assert ev.evaluate(r'value.replace(/\d+/g, "#")', Row(None), props) == "Note #-#-#, note #"
    assert ev.evaluate(r"value.split(/, /)", Row(None), props) == ["Note 2024-05-01", "note 2025"]
