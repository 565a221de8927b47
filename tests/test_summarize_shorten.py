"""Under the half-note cap, a segment's gist gives way to a shorter sentence scored close
to it before any gist is dropped (issue 16, "Summaries": points keep their gist)."""

from __future__ import annotations

from vaultkit.parse.note import parse_note
from vaultkit.reports.digest import SHORTER_SHARE, shorten_gists
from vaultkit.reports.gists import Unit
from vaultkit.reports.text import blocks


def _units(scores: list[tuple[int, int, float]]) -> list[Unit]:
    text = "Some text here for a block.\n"
    block = blocks(text, parse_note(text, "n.md"))[0]
    return [
        Unit(f"s{i}", block, segment, False, False, words, {}, gist_score=score)
        for i, (segment, words, score) in enumerate(scores)
    ]


def test_the_longest_gist_gives_way_to_a_close_shorter_one() -> None:
    units = _units([(0, 30, 1.0), (0, 8, 0.9), (1, 10, 1.0), (1, 4, 0.5)])
    assert shorten_gists(units, [0, 2], cap=39) == [1, 2]
    assert shorten_gists(units, [0, 2], cap=100) == [0, 2]  # within the cap: unchanged


def test_a_much_weaker_sentence_is_not_taken() -> None:
    units = _units([(0, 30, 1.0), (0, 8, SHORTER_SHARE - 0.1), (1, 10, 1.0)])
    assert shorten_gists(units, [0, 2], cap=20) == [0, 2]
