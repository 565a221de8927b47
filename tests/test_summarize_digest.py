"""Summaries that follow the document (issue 16, "Summaries"): segments with one gist each,
key sentences under a budget, reporting clauses compressed, figures as facts with a role,
the title Obsidian shows, and lengths. On our own notes in tests/fixtures/summaries, written
in the shapes of the user's (a reading note on a resolution with numbered sections citing
paragraphs, a clipped numbered proposal, a plain two-part article, a bulleted goals list)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import FIXTURES
from vaultkit.kinds import DEFAULT_RULES, note_facts
from vaultkit.parse.note import parse_note
from vaultkit.reports.figures import figures_in
from vaultkit.reports.gists import compress
from vaultkit.reports.summarize import Summary, summarize_note

OWN = FIXTURES / "summaries"
RESOLUTION = "Tenants Federation Strategy (2024).md"
POINTS = "Proposal for a Food Co-op Network.md"
TWO_PARTS = "Two Winters on the Allotments.md"
GOALS = "Youth Orchestra Goals.md"


def summarize_text(text: str, path: str = "n.md", count: int = 5) -> Summary:
    note = parse_note(text, path)
    facts = note_facts(note, DEFAULT_RULES)
    note = replace(note, kinds=facts.kinds, date=facts.date, org=facts.org)
    return summarize_note(note, text, count)


def own(name: str, count: int = 5) -> Summary:
    return summarize_text((OWN / name).read_text(encoding="utf-8"), name, count)


def words(text: str) -> int:
    return len(text.split())


# -- segments and gists ----------------------------------------------------------------------


def test_every_numbered_section_gets_a_gist_with_its_source_paragraphs() -> None:
    """The complaint: key sentences from 3 sections, 54% of the text with nothing."""
    got = own(RESOLUTION)
    assert got.segmentation == "headings"
    sections = [s for s in got.segments if s.number is not None]
    assert [s.number for s in sections] == [1, 9, 17, 26, 34, 41, 50, 58]
    assert all(s.gist is not None for s in sections)
    assert [s.paragraphs for s in sections][:3] == [[1, 8], [9, 16], [17, 25]]
    assert {s.numbering for s in sections} == {"source"}
    # each gist comes from its own section's lines
    for section in sections:
        assert section.gist is not None
        assert section.lines[0] < section.gist.line <= section.lines[1]


def test_the_resolution_summary_fits_in_about_a_quarter() -> None:
    got = own(RESOLUTION)
    share = got.length.summary / got.length.note
    assert 0.1 <= share <= 0.3, share
    assert got.length.budget == max(30, round(0.08 * got.length.note))
    assert sum(words(k.text) for k in got.key) <= got.length.budget


@pytest.mark.parametrize("name", [RESOLUTION, POINTS, TWO_PARTS, GOALS])
def test_a_summary_is_never_longer_than_half_its_note(name: str) -> None:
    got = own(name, count=50)
    shown = {g.sentence: g.text for s in got.segments if (g := s.gist)}
    shown |= {k.sentence: k.text for k in got.key}
    assert got.length.summary == sum(words(t) for t in shown.values())
    assert got.length.summary <= got.length.note / 2


def test_a_one_sentence_note_gets_no_summary_longer_than_half() -> None:
    # under 40 words (SHORT_NOTE) the sentence is shown whole; from 40 words, never past half
    short = "The tenants met on Thursday and agreed to hold a rent strike."
    got = summarize_text(f"{short}\n")
    assert [s.gist.sentence for s in got.segments if s.gist] == [short]
    assert got.length.summary == got.length.note == 12
    words = " ".join(f"w{i}" for i in range(40))
    got = summarize_text(f"The tenants met on Thursday and agreed to {words}.\n")
    assert got.key == [] and all(s.gist is None for s in got.segments)
    assert got.length.summary == 0


def test_points_mode_shows_the_best_sentence_of_each_point_not_the_paragraph() -> None:
    got = own(POINTS)
    assert got.mode == "points" and got.segmentation == "points"
    points = [s for s in got.segments if s.kind == "point"]
    assert [p.title for p in points] == [*(f"{n}." for n in range(1, 10)), "10,", "11."]
    text = (OWN / POINTS).read_text(encoding="utf-8")
    for point in points:
        if point.gist:
            assert point.gist.sentence in text
            # one sentence of a point, never the whole of a two-sentence point
            assert point.gist.sentence.count(". ") == 0
    assert got.key and all(k.marker for k in got.key)


def test_bulleted_points_are_named_by_their_place_not_by_the_bullet() -> None:
    """A clipping of `-` bullets was labelled "point - — note ¶1", "point - — note ¶2"."""
    bullets = "\n".join(
        f"- Point {n}: the branch should recruit {n * 10} new members by the spring "
        "and hold its meetings in a larger hall."
        for n in range(1, 6)
    )
    got = summarize_text(f"# Goals\n\n{bullets}\n")
    points = [s for s in got.segments if s.kind == "point"]
    assert [p.title for p in points] == ["1", "2", "3", "4", "5"]
    assert all(p.gist is None or p.gist.marker == "-" for p in points)


def test_plain_text_is_tiled_where_its_topic_changes() -> None:
    """TextTiling: the article moves from green manure to the society's committee at its
    fourth paragraph (line 9); the cut falls there, and the table is one block."""
    got = own(TWO_PARTS)
    assert got.segmentation == "headings" or got.segmentation == "tiling"
    tiles = [s for s in got.segments if s.kind in ("tile", "intro")]
    assert [t.lines[0] for t in tiles] == [3, 9]
    assert tiles[1].gist is not None and "society" in tiles[1].gist.text


def test_key_sentences_do_not_repeat_each_other() -> None:
    """MMR: a near-copy of a chosen sentence is not chosen again."""
    base = "The branch voted to build a tenants union in every tower on the east side."
    text = "\n\n".join(
        [
            base,
            base.replace("voted to build", "decided to build"),
            "Dues were set at ten dollars a month for workers and five for students.",
            "The paper will be sold at the market every Saturday morning by two members.",
            "A study group on housing law will meet on the first Monday of each month.",
        ]
        * 1
    )
    got = summarize_text(text, count=3)
    chosen = [k.sentence for k in got.key]
    assert not (base in chosen and base.replace("voted to build", "decided to build") in chosen)


# -- reporting clauses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "who"),
    [
        (
            "The CC explains that the crisis will deepen (4-5).",
            "The crisis will deepen (4-5).",
            "the CC",
        ),
        ("They say we have the best epoch ahead (3).", "We have the best epoch ahead (3).", None),
        (
            "However, the CC says we shouldn't lose sight of proportion.",
            "However, we shouldn't lose sight of proportion.",
            "the CC",
        ),
        (
            "According to the Council, rents rose by a third.",
            "Rents rose by a third.",
            "the Council",
        ),
        # "explains" needs "that": an object is not a clause
        (
            "The CC explains the factors of a revolution.",
            "The CC explains the factors of a revolution.",
            None,
        ),
        ("The branch says hello.", "The branch says hello.", None),
    ],
)
def test_reporting_clauses_are_compressed_and_attributed(
    sentence: str, text: str, who: str | None
) -> None:
    assert compress(sentence) == (text, who)


def test_a_pronoun_takes_the_last_name_a_clause_gave() -> None:
    assert compress("They argue that rents must fall.", "the Council") == (
        "Rents must fall.",
        "the Council",
    )


def test_gists_keep_the_paragraph_citation_and_who_said_it() -> None:
    got = own(RESOLUTION)
    first = got.segments[1].gist
    assert first is not None and first.attribution == "the Council"
    cited = [s.gist for s in got.segments if s.gist and s.gist.paragraphs]
    assert cited and all(f"({g.paragraphs[0]}" in g.sentence for g in cited if g.paragraphs)


# -- title -------------------------------------------------------------------------------------


def test_title_is_what_obsidian_shows_and_the_first_heading_is_kept_apart() -> None:
    got = own(RESOLUTION)
    assert got.header.title == "Tenants Federation Strategy (2024)"  # the file name
    assert got.header.heading == "Riverside Tenants Federation Strategy Resolution (2024)"
    titled = summarize_text("---\ntitle: My own title\n---\n# Banner of a website\n\nText.\n")
    assert (titled.header.title, titled.header.heading) == ("My own title", "Banner of a website")


# -- figures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "From 2019 to 2020, recruitment rose from 6 to 16 comrades per month.",
            [("6 comrades per month", "change"), ("16 comrades per month", "change")],
        ),
        (
            "We grew from 200 to 300 comrades in 11 months - when the goal was 18 months.",
            [
                ("200 comrades", "change"),
                ("300 comrades", "change"),
                ("11 months", "fact"),
                ("18 months", "fact"),  # a goal in the past tense is history
            ],
        ),
        (
            "All branches should have a goal of at least 2 paper sales per month.",
            [("2 paper sales per month", "target")],
        ),
        (
            "If 2,000 members paid $10 per month, that would be $20,000 a month.",
            [
                ("2,000 members", "hypothetical"),
                ("$10 per month", "hypothetical"),
                ("$20,000 a month", "hypothetical"),
            ],
        ),
        # a modal after the figure does not make it a target
        (
            "26 million believe that private property should be abolished.",
            [("26 million", "fact")],
        ),
        (
            "We now have three dozen functioning branches and ten other cities.",
            [("three dozen functioning branches", "fact"), ("ten other cities", "fact")],
        ),
        ("For seven weeks, one tenant and two others held out.", [("seven weeks", "fact")]),
        (
            "The target: to grow from 400 to 500 members over the next year.",
            [("400 members", "fact"), ("500 members", "target")],
        ),
        (
            "Branches now exist in 31 cities, up from 22 (14-15).",
            [("31 cities", "change"), ("22 cities", "change")],
        ),
        # a goal word names the figure just before it, not one further back
        (
            "Dues are $11 a month, below the $15 per month set as a goal.",
            [("$11 a month", "fact"), ("$15 per month", "target")],
        ),
    ],
)
def test_figures_have_units_number_words_and_roles(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.role) for f in figures_in(sentence, 1, None)] == expected


def test_a_target_is_paired_with_the_current_value_before_it() -> None:
    found = figures_in("The target: to grow from 400 to 500 members over the next year.", 1, None)
    assert found[1].current == "400 members"
    got = summarize_text(
        "We have 1,150 members today.\n\nThe goal is 2,000 members by the end of 2025.\n"
    )
    target = next(f for f in got.figures if f.role == "target")
    assert (target.text, target.current) == ("2,000 members", "1,150 members")


def test_a_target_is_paired_within_its_section_with_the_same_unit() -> None:
    got = summarize_text(
        "# 1. Money\n\nDues are $11 a month today.\n\nWe aim for 12 months of reserves.\n\n"
        "The goal is $15 per month.\n\n# 2. People\n\nThe goal is 500 members.\n"
    )
    targets = {f.text: f.current for f in got.figures if f.role == "target"}
    # $15 per month pairs with $11 a month (money per month), not with "12 months"; the
    # members target has no current value in its own section
    assert targets == {"12 months": None, "$15 per month": "$11 a month", "500 members": None}


def test_a_section_title_alone_does_not_make_targets() -> None:
    text = "# Targets\n\nWe have 400 members and 12 branches today.\n"
    got = summarize_text(text)
    assert [f.role for f in got.figures] == ["fact", "fact"]


def test_one_row_per_sentence_with_figures_marked_and_repeats_counted() -> None:
    sentence = "If we had 2,000 members paying $10 per month, that would be $20,000 a month."
    got = summarize_text(f"{sentence}\n\nSomething else entirely here today.\n\n{sentence}\n")
    assert len(got.facts) == 1 and len(got.figures) == 3
    row = got.facts[0]
    assert row.count == 2 and row.role == "hypothetical"
    assert row.marked == (
        "If we had **2,000 members** paying **$10 per month**, that would be **$20,000 a month**."
    )


def test_a_figure_of_a_long_sentence_carries_an_excerpt() -> None:
    """A line of 2,000 links holds 2,000 numbers: each figure carries a window of the line,
    not the line (output linear in the note); the row has the whole sentence, once."""
    line = " ".join(f"[[Branch {n}]] has {n} members," for n in range(10, 2010)) + " in all."
    got = summarize_text(f"{line}\n")
    assert len(got.figures) >= 2000 and len(got.facts) == 1
    assert max(len(f.sentence) for f in got.figures) <= 2 * 120 + 40
    some = got.figures[1001]
    assert some.sentence[some.start : some.end] in some.text
    assert got.facts[0].sentence == line.replace("[[", "").replace("]]", "")


def test_tables_are_summarised_by_size_and_never_mined() -> None:
    rows = "\n".join(f"| {n} | {n * 100} members | ${n * 7} |" for n in range(1, 41))
    text = f"# Data\n\nThe branch has 120 members.\n\n| a | b | c |\n|---|:-:|---|\n{rows}\n"
    got = summarize_text(text)
    assert [(t.rows, t.line) for t in got.tables] == [(40, 5)]
    assert [f.text for f in got.figures] == ["120 members"]
    assert all("|" not in k.sentence for k in got.key)


def test_readme_documents_every_field_of_the_summary_json() -> None:
    """The `summarize --json` shape in README's "JSON shapes" names every field printed."""
    from dataclasses import fields

    from vaultkit.reports.digest import Length
    from vaultkit.reports.figures import FactRow, Figure
    from vaultkit.reports.gists import Gist, SegmentGist
    from vaultkit.reports.summarize import Header, TableItem

    readme = (FIXTURES.parent.parent / "README.md").read_text(encoding="utf-8")
    shape = readme.split("**`vaultkit summarize --json`**", 1)[1].split("- `title`", 1)[0]
    for record in (Summary, Header, SegmentGist, Gist, Length, Figure, FactRow, TableItem):
        for field in fields(record):
            assert f'"{field.name}"' in shape, f"README lacks {record.__name__}.{field.name}"


def test_a_tile_first_sentence_has_no_opening_bonus(monkeypatch: pytest.MonkeyPatch) -> None:
    """A section's or point's first sentence is its author's opening; a TextTiling cut is
    ours, so the sentence after it is weighed like any other of its tile: the tile's gist
    is the sentence about what it tells (the agreement), not the transition that opens it."""
    import vaultkit.reports.digest as digest_module
    from vaultkit.reports.segments import Part
    from vaultkit.reports.text import Block

    text = (
        "The bus drivers of the Northern depot have won a paid meal break on every long"
        " shift. Until this spring a driver on a long shift ate at the wheel between stops.\n\n"
        "The union branch surveyed the depot and found that two in three drivers had missed"
        " a meal in the last week.\n\n"
        "The company at first offered a paid break on shifts of eight hours.\n\n"
        "The drivers rejected the offer and set a date for a strike. A week before the strike"
        " the company agreed to a paid break from six hours and to hire twelve relief drivers.\n"
    )

    def two_tiles(content: list[Block]) -> list[Part]:
        return [Part("tile", None, list(content[:2])), Part("tile", None, list(content[2:]))]

    monkeypatch.setattr(digest_module, "by_tiling", two_tiles)
    got = summarize_text(text)
    assert got.segmentation == "tiling"
    second = got.segments[1].gist
    assert second is not None and second.sentence.startswith("A week before the strike")
