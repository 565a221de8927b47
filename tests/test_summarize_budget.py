"""The summary's words spent well (issue 16, "Summaries"): under the half-note cap a gist
gives way to a shorter sentence scored close to it before any gist is dropped; the key
sentences' room is not filled with a sentence chosen only for being short."""

from __future__ import annotations

from vaultkit.parse.note import parse_note
from vaultkit.reports.digest import SHORTER_SHARE, shorten_gists
from vaultkit.reports.gists import Unit, choose_key
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


def test_the_key_sentences_room_is_not_filled_with_a_short_weak_sentence() -> None:
    """The best sentence does not fit what is left of the room: a much weaker one is not
    taken for being short (the room stays unused); one worth nearly as much is."""
    units = _units([(0, 10, 1.0), (0, 20, 0.9), (0, 5, 0.3), (0, 6, 0.85)])
    for i, unit in enumerate(units):
        unit.vector = {f"w{i}": 1.0}
        unit.key_score = unit.gist_score
    # 10 words chosen, 15 left: the 20-word sentence does not fit; the 6-word one is worth
    # over FILL_SHARE of it, the 5-word one is not
    assert choose_key(units, 5, 25, strict=True) == [0, 3]
    units[3].key_score = 0.3
    assert choose_key(units, 5, 25, strict=True) == [0]
    # without ``strict`` (the key sentences ranking the points) the room is filled as before
    assert choose_key(units, 5, 25) == [0, 2, 3]


def test_the_first_key_sentence_is_the_best_that_fits() -> None:
    """Nothing chosen yet: the best sentence too long for the room gives way to the next
    best that fits, however much weaker (the short-filler rule applies after a first)."""
    units = _units([(0, 40, 1.0), (0, 12, 0.4), (0, 6, 0.3)])
    for i, unit in enumerate(units):
        unit.vector = {f"w{i}": 1.0}
        unit.key_score = unit.gist_score
    assert choose_key(units, 5, 20, strict=True) == [1, 2]
