"""The word index (``search.wordindex``) counts a needle of word characters in each note as
``str.count`` does on the folded text, and stays in step with the kept texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.search import wordindex
from vaultkit.search.document import fold
from vaultkit.search.notetexts import NoteTexts

CHARS = "aAbB_1 \n-.\u00e9\u00c9\u212a\u0130i\u0307\x00ß"
texts = st.dictionaries(st.integers(1, 8), st.text(CHARS, max_size=40), max_size=6)
needles = st.text("ab_1\u00e9ki\u0130ß", min_size=1, max_size=4)


def _expected(kept: NoteTexts, needle: str) -> dict[int, int]:
    out = {fid: folded.count(needle) for fid, (_, folded) in kept.texts.items()}
    return {fid: n for fid, n in out.items() if n}


def _kept(rows: dict[int, str], state: int) -> NoteTexts:
    kept = NoteTexts()
    kept.load(list(rows.items()))
    kept.state = (0, state, 0)
    return kept


@settings(max_examples=200, deadline=None)
@given(texts, texts, st.lists(needles, min_size=1, max_size=5), st.integers(1, 7))
def test_counts_equal_str_count(
    first: dict[int, str], second: dict[int, str], asked: list[str], budget: int
) -> None:
    """At every step of the build too (``budget`` notes indexed per sync)."""
    saved = wordindex.BUDGET
    wordindex.BUDGET = budget
    try:
        _counts_equal(first, second, asked)
    finally:
        wordindex.BUDGET = saved


def _counts_equal(first: dict[int, str], second: dict[int, str], asked: list[str]) -> None:
    index = wordindex.WordIndex()
    kept = _kept(first, 1)
    index.sync(kept)
    _check(index, kept, asked)
    index.advance()
    _check(index, kept, asked)
    # changed in place (this process's writes), then a new object (another's commit)
    kept.drop({fid for fid in first if fid not in second})
    kept.load(list(second.items()))
    kept.state = (0, 2, 0)
    index.sync(kept)
    index.advance()
    _check(index, kept, asked)
    again = _kept(second, 3)
    for _ in range(len(second) + 1):
        index.sync(again)
        _check(index, again, asked)
        index.advance()
    assert not index.pending
    assert set(index.postings) == {
        t for _, folded in again.texts.values() for t in wordindex._RUNS.findall(folded)
    }


def _check(index: wordindex.WordIndex, kept: NoteTexts, asked: list[str]) -> None:
    for needle in asked:
        needle = fold(needle)
        if wordindex.countable(needle):
            assert index.counts(needle) in (None, _expected(kept, needle)), needle


def test_a_needle_in_one_token_several_times_and_in_several_tokens() -> None:
    index = wordindex.WordIndex()
    index.sync(_kept({1: "aaaa aaa-a", 2: "Kaaa \u212aAA", 3: "b_aa_b"}, 1))
    index.advance()
    assert index.counts("aa") == {1: 3, 2: 2, 3: 1}
    assert index.counts("kaa") == {2: 2}  # the Kelvin sign folds to k
    assert index.tokens_holding("a_b") == ["b_aa_b"]
    assert not wordindex.countable("a b") and not wordindex.countable("a-b")


def test_a_needle_spread_over_most_postings_is_left_to_a_scan() -> None:
    index = wordindex.WordIndex()
    index.sync(_kept({1: "ab ac ad ae af ag ah ai aj", 2: "ak"}, 1))
    index.advance()
    assert index.counts("a") is None  # ten postings over two notes
    assert index.counts("ab") == {1: 1}


@given(st.text(st.characters(max_codepoint=300)) | st.text(st.characters(max_codepoint=127)))
def test_runs_of_an_ascii_text_are_the_patterns(text: str) -> None:
    assert wordindex.runs_of(text) == wordindex._RUNS.findall(text)
