"""Linear time in the figure scan (issue 16, "Linear time": no rescans): the clause of every
``at least`` figure is checked for a past-tense verb, and that check reads the sentence once,
not the whole clause again for each figure. Counted, not timed: the characters the pattern
is given grow with the sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from vaultkit.reports import figures
from vaultkit.reports.figures import figures_in


class _Counted:
    """``figures._PAST`` with a count of the characters it is asked to read."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.read = 0

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        self.read += max(0, end - pos)
        return self.pattern.search(text, pos, end)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else min(endpos, len(text))
        self.read += max(0, end - pos)
        return self.pattern.finditer(text, pos, end)


def _sentence(n: int) -> str:
    return "We count " + " ".join(f"at least {i + 10} members" for i in range(n)) + "."


def test_minimums_in_one_long_clause_are_read_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(figures._PAST)
    monkeypatch.setattr(figures, "_PAST", counted)

    def work(n: int) -> int:
        counted.read = 0
        got = figures_in(_sentence(n), 1, None)
        assert len(got) == n and {f.role for f in got} == {"target"}
        return counted.read

    small, large = work(200), work(1600)
    assert large <= 10 * small  # 8× the sentence, at most ~8× the characters read
    assert large <= 2 * len(_sentence(1600))


def test_a_past_tense_clause_still_makes_each_minimum_a_fact() -> None:
    sentence = (
        "The rallies drew "
        + " and ".join(f"at least {i + 10} people" for i in range(50))
        + "; we want at least 40 people next time."
    )
    got = figures_in(sentence, 1, None)
    assert [f.role for f in got] == ["fact"] * 50 + ["target"]
