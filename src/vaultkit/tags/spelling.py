"""The spelling a tag is shown and fixed in, when notes write it in several cases (tags
compare case-insensitively, help-tags): the one rule ``tags``, ``tags audit``, ``check``
and the suggester share. The spelling most notes use; on a tie, the first in code-point
order (``TAG`` before ``Tag`` before ``tag``), whatever order the notes were read in."""

from __future__ import annotations

from collections.abc import Mapping


def spelling_rank(spelling: str, notes: int) -> tuple[int, str]:
    """Sort key of a spelling used in ``notes`` notes: the preferred one sorts first."""
    return (-notes, spelling)


def preferred_spelling(notes: Mapping[str, int]) -> str:
    """The spelling to show and write, from ``{spelling: notes using it}``."""
    return min(notes, key=lambda s: spelling_rank(s, notes[s]))
