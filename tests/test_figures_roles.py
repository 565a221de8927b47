"""Roles of figures read from their own clause, on sentences in the style of the user's
reading notes, meeting notes and clipped proposals (written for these tests): change, target,
hypothetical, fact — and the statistics and past goals that are not targets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vaultkit.kinds import DEFAULT_RULES, note_facts
from vaultkit.parse.note import parse_note
from vaultkit.reports.figures import figures_in
from vaultkit.reports.summarize import Summary, summarize_note


def summarize_text(text: str) -> Summary:
    note = parse_note(text, "n.md")
    facts = note_facts(note, DEFAULT_RULES)
    return summarize_note(replace(note, kinds=facts.kinds, date=facts.date, org=facts.org), text, 5)


ROLES = [
    # change: from X to Y, with a few words (a unit, a year) between the two figures
    (
        "Over the year, sign-ups grew from roughly 20 a week in 2022 to 45 a week by spring.",
        [("20", "change"), ("45", "change")],
    ),
    (
        "The union went from 120 members to 310 members in under two years.",
        [("120 members", "change"), ("310 members", "change"), ("two years", "fact")],
    ),
    # a figure repeated in its sentence keeps its role in the change that repeats it
    (
        "It took ten years to reach the first 300, then three years to turn 300 into 900.",
        [
            ("ten years", "fact"),
            ("300", "fact"),
            ("three years", "fact"),
            ("300", "change"),
            ("900", "change"),
        ],
    ),
    # target: a modal, a goal, a minimum right before the figure
    (
        "Each local should hold at least 2 public forums per quarter.",
        [("2 public forums per quarter", "target")],
    ),
    ("Every member contributing at least $12 per month.", [("$12 per month", "target")]),
    ("A minimum of 3000 members in good standing.", [("3000 members", "target")]),
    (
        "The committee aims to open 15 new chapters before the convention.",
        [("15 new chapters", "target")],
    ),
    # a minimum in the past tense is a statistic, not a target
    (
        "The march required us to charter a bus with at least 45 riders.",
        [("45 riders", "fact")],
    ),
    ("At the vigil, at least 300 people came out in the rain.", [("300 people", "fact")]),
    # "at least" names the figure right after it, not one further on in the clause
    (
        "Study groups meeting at least once a week in every town where we have 15 or more members.",
        [("15 or more members", "fact")],
    ),
    # a goal in the past tense is history: the figure beside it is not a target
    (
        "We reached 250 members in 9 months - when the goal had been set at 250 in 14 months.",
        [("250 members", "fact"), ("9 months", "fact"), ("250", "fact"), ("14 months", "fact")],
    ),
    (
        "The chapters doubled in 8 weeks, when the target was 12 weeks.",
        [("8 weeks", "fact"), ("12 weeks", "fact")],
    ),
    # hypothetical: if … would, would … if, and a figure in the stretch of an if-clause
    (
        "Scaled to our population, this would be as if we had 40,000 members in the country.",
        [("40,000 members", "hypothetical")],
    ),
    (
        "Even if we grew to 20,000 or more, we could not drop the reading groups.",
        [("20,000", "hypothetical")],
    ),
    (
        "Today we are close to 600, with 800 within reach if we keep the pace.",
        [("600", "fact"), ("800", "hypothetical")],
    ),
    (
        "If 3000 members gave $15 per month, that would raise $45,000 a month.",
        [
            ("3000 members", "hypothetical"),
            ("$15 per month", "hypothetical"),
            ("$45,000 a month", "hypothetical"),
        ],
    ),
    # facts: statistics, even with a modal or a goal word after the figure
    (
        "Polls show 45 million adults think the wealthy should pay more.",
        [("45 million adults", "fact")],
    ),
    (
        "We had 300 members, even if only 120 came to meetings.",
        [("300 members", "fact"), ("120", "hypothetical")],
    ),
    ("The rally drew 12,000 people downtown.", [("12,000 people", "fact")]),
]


@pytest.mark.parametrize(("sentence", "expected"), ROLES)
def test_each_figure_gets_the_role_of_its_clause(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.role) for f in figures_in(sentence, 1, None)] == expected


def test_a_past_goal_is_not_paired_as_a_target_with_a_current_value() -> None:
    got = summarize_text(
        "We grew from 200 to 300 comrades in 11 months - when the goal was 18 months.\n"
    )
    assert [(f.text, f.role, f.current) for f in got.figures] == [
        ("200 comrades", "change", None),
        ("300 comrades", "change", None),
        ("11 months", "fact", None),
        ("18 months", "fact", None),
    ]
    assert got.facts[0].role == "change"


def test_a_statistic_with_a_minimum_makes_a_fact_row() -> None:
    got = summarize_text("Our first picket drew at least 60 tenants.\n")
    assert [(row.role, row.marked) for row in got.facts] == [
        ("fact", "Our first picket drew at least **60 tenants**.")
    ]
