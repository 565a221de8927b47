"""A query cannot be hung or exhausted by its input, a note's own dataview block included
(issue 14, item 8): patterns run on RE2 (or on a time budget), built strings and lists are
capped, deep nesting is a syntax error."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.errors import QuerySyntaxError
from vaultkit.query import limits, parse_expression
from vaultkit.query.evaluate import Context
from vaultkit.query.functions import FUNCTIONS
from vaultkit.query.operators import EvalError

NOW = dt.datetime(2022, 1, 5, 12, 18, 4)
EVIL = "a" * 60 + "!"  # (a+)+$ backtracks 2**60 times on this in a backtracking engine


def ev(expression: str, **fields: Any) -> Any:
    return Context(FUNCTIONS, now=NOW).evaluate(parse_expression(expression, NOW), fields)


@pytest.fixture(autouse=True)
def _fresh_budget() -> Iterator[None]:
    limits.reset_budget()
    yield
    limits.reset_budget()


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('regexmatch("(a+)+$", text)', False),
        ('regextest("(a+)+$", text)', False),
        ('regexreplace(text, "(a+)+$", "x")', EVIL),
        ('length(split(text, "(a|aa)+$"))', 1),
        ('regexreplace("x1y22", "(?<d>[0-9]+)", "<$<d>$1$2$&$$>")', "x<11$21$>y<2222$222$>"),
    ],
)
def test_catastrophic_patterns_return(expression: str, expected: object) -> None:
    assert ev(expression, text=EVIL) == expected


def test_a_backtracking_pattern_re2_cannot_run_stops_on_the_budget() -> None:
    # A lookahead: RE2 refuses it, the regex package runs it, on the process's time budget.
    assert ev('regextest("(?=a)b|a(?!c)", "ab")') is True
    with pytest.raises(EvalError, match="took too long"):
        ev('regextest("(?=a)(a|aa)+$", text)', text=EVIL)
    began = time.monotonic()
    with pytest.raises(EvalError, match="took too long"):  # the budget is spent: at once
        ev('regextest("(?=a)(a|aa)+$", text)', text=EVIL)
    assert time.monotonic() - began < limits.REGEX_BUDGET


def test_the_budget_holds_in_a_worker_thread() -> None:
    """The MCP server runs queries in worker threads, where no SIGALRM timer can fire: a
    lookaround pattern was refused there; it now runs, and a catastrophic one still stops."""
    import threading

    outcome: list[object] = []

    def work() -> None:
        outcome.append(ev('regextest("a(?!c)", "ab")'))
        try:
            ev('regextest("(?=a)(a|aa)+$", text)', text=EVIL)
        except EvalError as error:
            outcome.append(str(error))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(limits.REGEX_BUDGET * 10)
    assert not worker.is_alive()
    assert outcome[0] is True
    assert "took too long" in str(outcome[1])


@pytest.mark.parametrize(
    "expression",
    [
        '"x" * 1000000000',
        '"x" * 10000000000',
        '"x" * (1/0)',
        'padleft("x", 1000000000)',
        'padright("x", 1000000000, "ab")',
        'replace(padleft("", 5000000, "ab"), "", "abc")',
        'replace(padleft("", 5000000, "ab"), "a", "abcdefgh")',
        'regexreplace(padleft("", 5000000, "ab"), "a", "abcdefgh")',
        '(padleft("", 6000000) + padleft("", 6000000))',
        "length(list(1) + list(1))",
    ],
)
def test_what_a_function_may_build_is_capped(expression: str) -> None:
    if expression.startswith("length"):
        assert ev(expression) == 2  # small lists are fine
        return
    with pytest.raises(EvalError, match="limit is 10,000,000"):
        ev(expression)


@pytest.mark.parametrize("text", ["(" * 150 + "1" + ")" * 150, "!" * 3000 + "x", "[" * 400])
def test_deep_nesting_is_a_syntax_error(text: str) -> None:
    with pytest.raises(QuerySyntaxError, match="nested more than 64 levels"):
        parse_expression(text)


def test_reasonable_nesting_still_parses_and_evaluates() -> None:
    assert ev("(" * 40 + "1 + 1" + ")" * 40) == 2


def test_a_notes_own_pattern_cannot_hang_query_from_note(make_vault: VaultBuilder) -> None:
    """The pattern comes from the note's frontmatter, the text from its inline field."""
    block = "```dataview\nTABLE regexmatch(pattern, probe) AS hit WHERE pattern\n```\n"
    root = make_vault(
        {"Evil.md": f"---\npattern: '(a+)+$'\n---\nprobe:: {EVIL}\n\n{block}"},
    )
    env = {**os.environ, "VAULTKIT_NO_PROGRESS": "1"}
    args = ["query", "--from-note", "Evil", "--vault", str(root), "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", *args, "--index", str(root.parent / "i.sqlite")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert '"hit"' in done.stdout and "false" in done.stdout


def test_deep_nesting_in_the_cli_is_exit_2_without_traceback(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from vaultkit.cli.app import app

    root = make_vault({"a.md": "x\n"})
    query = "LIST WHERE " + "(" * 150 + "true" + ")" * 150
    result = CliRunner().invoke(
        app, ["query", query, "--vault", str(root), "--index", str(tmp_path / "i.sqlite")]
    )
    assert result.exit_code == 2
    assert "nested more than 64 levels" in result.stderr and "Traceback" not in result.stderr
