"""Which cut a summary makes first (issue 16, "Segment first (numbered sections or headings;
numbered points; for plain clippings TextTiling)"): a note whose sections hold numbered
steps is cut by its headings; a note that is one list of points, bare or under one heading,
is cut by its points."""

from __future__ import annotations

from dataclasses import replace

from vaultkit.kinds import DEFAULT_RULES, note_facts
from vaultkit.parse.note import parse_note
from vaultkit.reports.summarize import Summary, summarize_note

STEPS = """# Set up the phone tree

## Before the meeting

1. Collect every member's phone number from the sign-in sheets at the door.
2. Split the list into groups of eight, each with one caller who knows them.
3. Send each caller their group a week before the first call goes out.

## During a call-out

1. The chair texts the callers the message and the date of the action.
2. Each caller rings every member of their group within a single evening.
3. Callers note who answered, who will come, and who needs a lift there.

## After the action

1. Callers report back to the secretary by the end of the next day.
2. The secretary updates the list with new numbers and people who moved.
"""

POINTS = """# Demands for the housing office

1. Repairs reported in writing are done within fourteen days of the report.
2. No tenant is moved out for works without a written offer of a flat nearby.
3. The damp survey of the north block is published in full before winter.
4. Service charges are itemised every year and checked by the tenants' committee.
5. Every block has a named caretaker on site on weekdays from eight to four.
"""


def _summary(text: str, path: str) -> Summary:
    note = parse_note(text, path)
    facts = note_facts(note, DEFAULT_RULES)
    return summarize_note(replace(note, kinds=facts.kinds), text, 3)


def test_a_note_whose_sections_hold_numbered_steps_is_cut_by_its_headings() -> None:
    got = _summary(STEPS, "Phone tree.md")
    assert got.segmentation == "headings" and got.mode == "sentences"
    assert [(s.kind, s.title) for s in got.segments] == [
        ("section", "Before the meeting"),
        ("section", "During a call-out"),
        ("section", "After the action"),
    ]
    # each section holds its steps: the first runs from its heading to its third step
    assert got.segments[0].lines == [3, 7]
    assert all(s.gist is not None for s in got.segments)


def test_a_note_that_is_one_list_of_points_keeps_one_segment_per_point() -> None:
    got = _summary(POINTS, "Demands.md")
    assert got.segmentation == "points" and got.mode == "points"
    assert [s.title for s in got.segments] == ["1.", "2.", "3.", "4.", "5."]


def test_one_heading_over_a_list_of_points_is_still_cut_by_its_points() -> None:
    """The seed clippings' shape: one section heading, then the numbered points."""
    text = POINTS.replace("# Demands for the housing office\n", "# Demands\n\n## The list\n")
    got = _summary(text, "Demands.md")
    assert got.segmentation == "points"
    assert len(got.segments) == 5
