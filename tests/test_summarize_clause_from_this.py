"""A reporting clause whose verb is followed by ``from this`` (``The CC concludes from this
that …``, seed 001's §1 gist) is compressed like the plain one (issue 16, "Reporting clauses
compressed"); sentences written for this test."""

from __future__ import annotations

import pytest

from vaultkit.reports.gists import compress


@pytest.mark.parametrize(
    ("sentence", "text", "who"),
    [
        (
            "The Board concludes from this that every ward needs an organizer (6-9).",
            "Every ward needs an organizer (6-9).",
            "the Board",
        ),
        (
            "The authors argue from these figures that dues must rise.",
            "Dues must rise.",
            "the authors",
        ),
        (
            "They conclude from that that the archive was lost.",
            "The archive was lost.",
            "the Board",
        ),
    ],
)
def test_a_phrase_from_this_before_that_is_compressed(sentence: str, text: str, who: str) -> None:
    assert compress(sentence, "the Board") == (text, who)


@pytest.mark.parametrize(
    "sentence",
    [
        "The Board concludes from this meeting.",  # no that-clause: nothing to compress
        "The Board notes from experience the value of patience.",
    ],
)
def test_without_a_that_clause_the_sentence_is_kept(sentence: str) -> None:
    assert compress(sentence) == (sentence, None)
