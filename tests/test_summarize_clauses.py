"""Reporting clauses found on the user's reading notes that the first rules missed: a clause
set off by commas after an opening phrase, and the verbs ``elaborates``, ``underlines``,
``adds`` (sentences written for these tests)."""

from __future__ import annotations

import pytest

from vaultkit.reports.gists import compress


@pytest.mark.parametrize(
    ("sentence", "text", "who"),
    [
        (
            "Given the last two years, the Committee argues, we should open a second office.",
            "Given the last two years, we should open a second office.",
            "the Committee",
        ),
        (
            "On dues, the authors say, the branches must decide for themselves.",
            "On dues, the branches must decide for themselves.",
            "the authors",
        ),
        (
            "The Board elaborates that each ward will need its own organizer.",
            "Each ward will need its own organizer.",
            "the Board",
        ),
        (
            "Finally, the Board underlines that no tenant should negotiate alone.",
            "Finally, no tenant should negotiate alone.",
            "the Board",
        ),
        (
            "The author adds that the archive was never catalogued.",
            "The archive was never catalogued.",
            "the author",
        ),
        # commas that set off no reporting clause are left alone
        (
            "Rents, the heating and the repairs were on the agenda.",
            "Rents, the heating and the repairs were on the agenda.",
            None,
        ),
        (
            "When we met, Rosa spoke first, and Teo agreed.",
            "When we met, Rosa spoke first, and Teo agreed.",
            None,
        ),
    ],
)
def test_more_reporting_clauses_are_compressed(sentence: str, text: str, who: str | None) -> None:
    assert compress(sentence) == (text, who)


def test_an_inserted_pronoun_takes_the_last_name() -> None:
    assert compress("In short, they say, rents must fall.", "the Council") == (
        "In short, rents must fall.",
        "the Council",
    )
