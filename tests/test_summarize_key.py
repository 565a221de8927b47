"""Key sentences add to the gists shown beside them: a gist is never repeated among them,
and gists and key sentences stay within a quarter of the note; with no room left the key
sentences rank the gists; in points mode the key points rank the points."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import FIXTURES
from vaultkit.kinds import DEFAULT_RULES, note_facts
from vaultkit.parse.note import parse_note
from vaultkit.reports.digest import QUARTER
from vaultkit.reports.summarize import Summary, summarize_note

OWN = FIXTURES / "summaries"

ARTICLE = """\
The Harbour Street Food Bank Moves Indoors

For six years the food bank on Harbour Street handed out parcels from a folding table on \
the pavement, in rain and in snow. Volunteers carried the crates from a garage two streets \
away every Thursday morning.

In March the parish council offered the old scout hall for a peppercorn rent. The hall has \
a kitchen, a cold store and room for a queue out of the weather.

The move was paid for by a winter appeal that raised 8,400 pounds from 310 donors. Most of \
the money went on shelving, a second fridge and a ramp at the door.

Since the move, the number of households served each week has risen from 90 to 140. The \
volunteers say people who were ashamed to queue in the street now come in.

The food bank now wants to open on Saturdays as well. It needs twelve more volunteers to \
do so, and it asks anyone with a free morning to sign up at the hall.
"""


def summarize_text(text: str, path: str, count: int = 5) -> Summary:
    note = parse_note(text, path)
    facts = note_facts(note, DEFAULT_RULES)
    return summarize_note(
        replace(note, kinds=facts.kinds, date=facts.date, org=facts.org), text, count
    )


def _gists(summary: Summary) -> set[str]:
    return {s.gist.sentence for s in summary.segments if s.gist}


@pytest.mark.parametrize(
    "name",
    [
        "Tenants Federation Strategy (2024).md",
        "Two Winters on the Allotments.md",
    ],
)
def test_key_sentences_never_repeat_a_gist(name: str) -> None:
    got = summarize_text((OWN / name).read_text(encoding="utf-8"), name)
    assert got.mode == "sentences" and got.key
    gists = _gists(got)
    added = [k.sentence for k in got.key if k.sentence not in gists]
    # either every key sentence is new, or (no room left) every one is a gist
    assert len(added) in (0, len(got.key))
    assert got.length.summary <= QUARTER * got.length.note + max(
        len(k.text.split()) for k in got.key
    )


def test_a_plain_article_gets_key_sentences_beside_its_gists() -> None:
    got = summarize_text(ARTICLE, "Harbour Street.md")
    assert got.segmentation == "tiling"
    gists = _gists(got)
    assert gists and got.key
    assert not {k.sentence for k in got.key} & gists
    assert got.length.summary <= QUARTER * got.length.note


SECTIONS = """\
# Allotment Committee Notes

## Water

The new tap by the north gate was fitted in May after two years of asking. Plot holders \
at the far end no longer carry cans across the site. A second tap is planned.

## Paths

The main path was laid with bark chips by eight volunteers over one weekend. The side \
paths stay as grass until the autumn. Nobody objected.

## Rents

Rents stay at forty pounds a year for a full plot this season. The committee will review \
them at the spring meeting. Half plots pay half.
"""


def test_with_no_room_left_the_key_sentences_rank_the_gists() -> None:
    got = summarize_text(SECTIONS, "Allotment Committee Notes.md")
    gists = _gists(got)
    assert len(gists) == 3
    assert sum(len(g.split()) for g in gists) > QUARTER * got.length.note
    assert got.key and {k.sentence for k in got.key} <= gists


def test_points_mode_key_points_come_from_the_points() -> None:
    name = "Proposal for a Food Co-op Network.md"
    got = summarize_text((OWN / name).read_text(encoding="utf-8"), name)
    assert got.mode == "points" and got.key
    assert all(k.marker is not None for k in got.key)
