"""What the human and Markdown views of a summary leave out, so the printed summary stays
within half its note (``--json`` keeps everything): a figure's sentence cut to the words
around its figures, the outline when the gists already list the same sections, and (in the
terminal) a key point's text when its point's gist already shows it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.reports.summarize import Summary

AROUND = 8
"""Words kept on each side of a figure in the figures list."""
WHOLE = 25
"""A figure's sentence of at most this many words is shown whole."""
QUOTE_CHARS = 160
"""Characters of a quote shown (the quote's line says where the rest is)."""
_MARKER = re.compile(r"(?<!\\)\*\*")
"""A figure's bold marker: ``**`` not after a backslash (the sentence's own stars are
escaped, ``\\*``)."""


def cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ``…`` marking the cut."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def clip_quote(text: str) -> str:
    """A quote cut to ``QUOTE_CHARS`` characters."""
    return cut(text, QUOTE_CHARS)


def marked_pieces(marked: str) -> list[str]:
    """``FactRow.marked`` split at its figures' markers: text, figure, text, …"""
    return _MARKER.split(marked)


def _words(piece: str, keep: str) -> str:
    """``piece`` (text between figures) cut to ``AROUND`` words at its ``keep`` end(s)."""
    words = piece.split()
    lead = " " if piece[:1].isspace() else ""
    tail = " " if piece[-1:].isspace() else ""
    if keep == "end" and len(words) > AROUND:
        return "… " + " ".join(words[-AROUND:]) + tail
    if keep == "start" and len(words) > AROUND:
        return lead + " ".join(words[:AROUND]) + " …"
    if keep == "both" and len(words) > 2 * AROUND + 1:
        return lead + " ".join(words[:AROUND]) + " … " + " ".join(words[-AROUND:]) + tail
    return piece


def clip_marked(marked: str) -> str:
    """A sentence with its figures in ``**bold**``, cut to ``AROUND`` words either side of
    each figure when it is longer than ``WHOLE`` words (``… the CC cites some statistics:
    **70 million** youth recognize that capitalism works …``); linear in the sentence."""
    pieces = marked_pieces(marked)
    if len(pieces) < 3 or len(pieces) % 2 == 0 or len(marked.split()) <= WHOLE:
        return marked
    last = len(pieces) - 1
    out = []
    for number, piece in enumerate(pieces):
        if number % 2:
            out.append(f"**{piece}**")
        else:
            keep = "end" if number == 0 else "start" if number == last else "both"
            out.append(_words(piece, keep))
    return "".join(out)


def outline_shown(summary: Summary) -> bool:
    """False when the gists list every section of the outline (their labels carry the same
    titles and paragraph ranges)."""
    if not summary.outline:
        return False
    listed = {(s.number, s.title) for s in summary.segments if s.kind != "point"}
    return any((s.number, s.title) not in listed for s in summary.outline)


def starred_lines(summary: Summary) -> set[int]:
    """In points mode, the lines of the key points that are their point's gist (the terminal
    stars those gists and names the lines instead of printing the sentences twice)."""
    if summary.mode != "points":
        return set()
    shown = {s.gist.line for s in summary.segments if s.gist}
    return {item.line for item in summary.key if item.line in shown}
