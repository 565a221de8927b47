"""Word counts: the fast ASCII path counts exactly what the word pattern matches."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.parse.note import parse_note
from vaultkit.parse.words import WORD, count_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one", 1),
        ("don't stop", 2),
        ("well-known -- fact", 2),
        ("- item\n- [[link]] #tag", 3),
        ("-a-b 'quoted' _x_ 42", 4),
        ("--- ''' - '", 0),
        ("tab\tsep\nnew\r\nline", 4),
    ],
)
def test_counts(text: str, words: int) -> None:
    assert count_words(text) == words
    assert len(WORD.findall(text)) == words  # the pattern agrees with the expectation


@given(st.text(alphabet=st.sampled_from(list("ab_1-' \n\t#[]*.’é")), max_size=200))
def test_equals_the_pattern(text: str) -> None:
    """The byte-class path (ASCII) and the regex path (anything else) count the same."""
    assert count_words(text) == len(WORD.findall(text))


@given(st.text(max_size=200), st.integers(min_value=0, max_value=50))
def test_equals_the_pattern_from_an_offset(text: str, start: int) -> None:
    assert count_words(text, start) == len(WORD.findall(text, start))


def test_note_counts_only_the_body() -> None:
    note = parse_note("---\ntags: [a, b]\n---\nTwo words\n", "n.md")
    assert note.word_count == 2
