"""A reporting clause over two coordinated that-clauses: ``The CC explains that A, but that
B`` compresses to ``A, but B``; the second ``that`` dangled once the first was removed
(issue 16 audit). A ``that`` that is the subject of its clause (``and that is why``) stays."""

from __future__ import annotations

import pytest

from vaultkit.reports.gists import compress


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "The CC explains that the branches grew, but that the paper sales fell.",
            "The branches grew, but the paper sales fell.",
        ),
        (
            "The CC stresses that we must recruit and that every member must sell the paper.",
            "We must recruit and every member must sell the paper.",
        ),
        (
            "The authors argue that rents will rise; and that tenants must organize.",
            "Rents will rise; and tenants must organize.",
        ),
        (
            "The CC notes that the fund is empty, yet that Rosa still pays her dues.",
            "The fund is empty, yet Rosa still pays her dues.",
        ),
        # a "that" after the conjunction that is its clause's subject is no second that-clause
        (
            "The CC explains that rents rose, and that is why the tenants struck.",
            "Rents rose, and that is why the tenants struck.",
        ),
        (
            "The CC explains that rents rose, but that was before the strike.",
            "Rents rose, but that was before the strike.",
        ),
        # no reporting clause removed: the sentence is as written
        (
            "We know the rent rose, but that the tenants struck is new.",
            "We know the rent rose, but that the tenants struck is new.",
        ),
    ],
)
def test_a_second_that_clause_loses_its_that(sentence: str, text: str) -> None:
    got, who = compress(sentence)
    assert got == text
    assert (who is None) == (sentence == text)


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "The CC explains that the plan failed, but that approach was never tested.",
            "The plan failed, but that approach was never tested.",
        ),
        (
            "The CC explains that we lost, and that decision cost us the branch.",
            "We lost, and that decision cost us the branch.",
        ),
        (
            "The CC notes that dues rose, while that class stayed the same.",
            "Dues rose, while that class stayed the same.",
        ),
    ],
)
def test_a_demonstrative_that_stays(sentence: str, text: str) -> None:
    """``but that approach was …`` is ``that`` pointing at a noun, not a second that-clause:
    dropping it would leave ``but approach was never tested``."""
    assert compress(sentence)[0] == text
