"""The summary's words spent well (issue 16, "Summaries"): under the half-note cap a gist
gives way to a shorter sentence scored close to it before any gist is dropped; the key
sentences' room is not filled with a sentence chosen only for being short, nor with one
whose words the gists already hold."""

from __future__ import annotations

from vaultkit.parse.note import parse_note
from vaultkit.reports.coverage import Coverage
from vaultkit.reports.digest import SHORTER_SHARE, shorten_gists
from vaultkit.reports.gists import Unit, choose_key, units_of, weigh
from vaultkit.reports.text import blocks
from vaultkit.reports.textrank import cosine


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


def test_a_sentence_whose_words_the_gists_hold_gives_way_to_one_that_adds() -> None:
    """Redundancy is the share of a candidate's weight whose words are already shown: a
    short set-up sentence made of the words the (long) gist goes on to use adds nothing,
    though its cosine to that gist is low because the gist is long; a sentence of new
    words scored a little lower is taken instead."""
    gist = (
        "Last April the company raised the target from 160 to 185 items an hour and"
        " removed the right to appeal, telling staff that the scanner data was objective."
    )
    setup = "Each picker carries a scanner that sets a target of items per hour."
    adds = "Within two months more than 90 warnings had been issued on the night shift."
    text = f"{gist} {setup} {adds}\n"
    units = units_of([blocks(text, parse_note(text, "n.md"))])
    weigh(units, None)
    assert [u.sentence for u in units] == [gist, setup, adds]
    units[1].key_score, units[2].key_score = 0.6, 0.4
    shown = Coverage({1: units[1].vector})
    shown.cover(units[0].vector)
    # over 40% of the set-up's weight is in the gist, where its cosine to the gist is 0.25:
    # MMR by cosine took the set-up
    assert shown.share(1) > 0.4 > 0.3 > cosine(units[0].vector, units[1].vector)
    assert choose_key(units, 5, 15, shown=[0], strict=True) == [2]


def test_coverage_counts_each_word_once_and_grows_with_the_choice() -> None:
    coverage = Coverage({1: {"a": 1.0, "b": 3.0}, 2: {"b": 1.0, "c": 1.0}})
    assert coverage.share(1) == 0.0
    coverage.cover({"b": 5.0})
    coverage.cover({"b": 1.0, "x": 1.0})  # b again: counted once
    assert (coverage.share(1), coverage.share(2)) == (0.75, 0.5)
    coverage.cover({"a": 1.0, "c": 1.0})
    assert (coverage.share(1), coverage.share(2)) == (1.0, 1.0)
