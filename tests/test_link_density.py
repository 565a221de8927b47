"""One link-dense line (issue 14, item 7): each link's stored context costs O(1)
characters however long its line, so indexing stays linear in the note's size."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.parse.note import parse_note
from vaultkit.store import CONTEXT_CHARS, link_context, note_to_rows


class _CountingText(str):
    """A note's text that counts the characters every slice of it copies."""

    copied = 0

    def __getitem__(self, key: object) -> str:  # type: ignore[override]
        piece = str.__getitem__(self, key)  # type: ignore[index]
        _CountingText.copied += len(piece)
        return piece


def _reference(text: str, at: int) -> str:
    """The context as defined: the whole line, stripped, or a window when it is long."""
    begin = text.rfind("\n", 0, at) + 1
    stop = text.find("\n", at)
    line = text[begin : stop if stop >= 0 else len(text)]
    if len(line.strip()) <= CONTEXT_CHARS:
        return line.strip()
    first = max(0, at - begin - CONTEXT_CHARS // 3)
    window = line[first : first + CONTEXT_CHARS].strip()
    cut_after = first + CONTEXT_CHARS < len(line)
    return ("…" if first > 0 else "") + window + ("…" if cut_after else "")


def test_a_line_of_20000_links_copies_a_bounded_amount_per_link() -> None:
    links = 20_000
    text = " ".join(f"[[n{i}]]" for i in range(links)) + "\n"
    note = parse_note(text, "dense.md")
    assert len(note.links) == links
    _CountingText.copied = 0
    rows = note_to_rows(note, _CountingText(text))
    contexts = [row[-1] for row in rows.children["links"]]
    # Before, each link copied its whole 200,000-character line: 4e9 characters.
    assert _CountingText.copied <= links * 3 * CONTEXT_CHARS
    assert all(len(c) <= CONTEXT_CHARS + 2 for c in contexts)
    assert contexts[0].startswith("[[n0]] [[n1]]") and contexts[0].endswith("…")
    middle = contexts[links // 2]
    assert middle.startswith("…") and middle.endswith("…") and f"[[n{links // 2}]]" in middle


@given(
    st.text(alphabet="ab[]\n", max_size=2500),
    st.integers(min_value=0, max_value=2500),
)
def test_the_bounded_context_is_the_defined_one(text: str, at: int) -> None:
    at = min(at, len(text))
    assert link_context(text, at) == _reference(text, at)


def test_a_short_line_is_kept_whole_and_stripped() -> None:
    text = "first\n   see [[x]] here   \nlast"
    assert link_context(text, text.index("[[")) == "see [[x]] here"
