"""`summarize` pieces on our own notes in the shapes of the user's samples
(tests/fixtures/seedlike): text blocks, sentences, citations and paragraph ranges, figures,
concepts, quotes and TextRank key sentences (issue 6, "vaultkit summarize")."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from vaultkit.kinds import DEFAULT_RULES, note_facts
from vaultkit.model import Note
from vaultkit.parse.note import parse_note
from vaultkit.reports.figures import figures_in
from vaultkit.reports.summarize import Summary, summarize_note
from vaultkit.reports.text import blocks, citations, plain, sentences
from vaultkit.reports.textrank import pagerank, sentence_graph, top

SEEDLIKE = FIXTURES / "seedlike"


def load(name: str, path: str | None = None) -> tuple[Note, str]:
    """A seedlike note parsed and classified as the index would."""
    from dataclasses import replace

    text = (SEEDLIKE / name).read_text(encoding="utf-8")
    note = parse_note(text, path or name)
    facts = note_facts(note, DEFAULT_RULES)
    return replace(note, kinds=facts.kinds, date=facts.date, org=facts.org), text


def summary(name: str, count: int = 5) -> Summary:
    note, text = load(name)
    return summarize_note(note, text, count)


# -- the reading note on a resolution -----------------------------------------------------------


def test_outline_lists_numbered_sections_with_their_paragraph_ranges() -> None:
    """A section runs from its own number to the highest paragraph it cites: `# 13.` citing
    (14-15), (16) and (27-28) covers ¶13–28."""
    got = [(s.number, s.first, s.last, s.inferred) for s in summary("reading.md").outline]
    assert got == [(1, 1, 12, False), (13, 13, 28, False), (29, 29, 31, False), (43, 43, 46, False)]
    assert summary("reading.md").outline[1].title == "Where we stand today"


def test_a_section_without_citations_runs_to_the_next_section() -> None:
    text = "# T\n\n# 1. A\nText (2-3).\n\n# 10. B\nNo citation here.\n\n# 20. C\nLast.\n"
    note = parse_note(text, "r.md")
    got = [(s.number, s.first, s.last, s.inferred) for s in summarize_note(note, text).outline]
    assert got == [(1, 1, 3, False), (10, 10, 19, True), (20, 20, 20, True)]


def test_sections_numbered_one_two_three_have_no_paragraph_ranges() -> None:
    text = "# T\n\n# 1. A\nx\n\n# 2. B\ny\n\n# 3. C\nz\n"
    outline = summarize_note(parse_note(text, "r.md"), text).outline
    assert [(s.number, s.first) for s in outline] == [(1, None), (2, None), (3, None)]


def test_header_of_the_reading_note() -> None:
    head = summary("reading.md").header
    assert head.kinds == ["reading", "resolution"]
    assert head.author == "Executive Board of the Workers Forum"
    assert head.rating == "WIP"  # the trailing space of `rating: WIP ` is gone
    assert (head.genre, head.format) == ("political", "article")
    assert head.source == "https://example.org/files/2022-resolution"
    assert head.word_count > 150 and head.reading_minutes == 1


def test_figures_include_the_targets_and_skip_citations() -> None:
    found = summary("reading.md").figures
    texts = [f.text for f in found]
    assert "500" in texts and "1,000" in texts
    assert {"12 cities", "400 members"} <= set(texts)
    assert not {"14", "15", "16", "27", "28", "2009", "13", "29"} & set(texts)
    forward = [f for f in found if f.text == "1,000"]
    assert forward[0].target and "Forward to 500 on the road to 1,000" in forward[0].sentence


def test_quotes_hold_the_callout_and_the_block_quote() -> None:
    quotes = summary("reading.md").quotes
    assert [(q.kind, q.callout) for q in quotes] == [("callout", "info"), ("quote", None)]
    assert quotes[0].text.endswith("spring congress of the WFU.")  # the link, as plain text
    assert quotes[1].text.startswith("link up, maintain the closest contact")
    assert quotes[1].section == "29. How cadres are formed"


def test_concepts_rank_title_links_first_and_count_repeats() -> None:
    """A link in the title weighs 3, in a heading 2, in the text 1 (seedlike meeting)."""
    concepts = summary("meeting.md").concepts
    assert concepts[0].name == "WFU" and concepts[0].places == ["title"]
    seattle = next(c for c in concepts if c.name == "Seattle")
    assert seattle.count == 2
    heading = next(c for c in concepts if c.name == "The Long Road of the Dockers (1998)")
    assert heading.places == ["heading"] and heading.path is None


def test_a_meeting_note_is_summarized_with_what_it_has_and_says_so() -> None:
    got = summary("meeting.md")
    assert got.notices and "meeting note" in got.notices[0]
    # three headings over bulleted points: cut by its headings, as a reader counts it
    assert got.mode == "sentences" and got.segmentation == "headings"
    assert [s.title for s in got.segments][:2] == [
        "News Updates",
        "Organizational Point: Study Circles",
    ]
    assert got.key and sum(len(k.text.split()) for k in got.key) <= got.length.budget


# -- clippings -----------------------------------------------------------------------------


def test_numbered_clipping_gets_its_key_points_with_their_numbers() -> None:
    """Points numbered `1.` … `12.`, one written `10,`: each is a point of the list."""
    note, text = load("clipping-points.md")
    markers = [b.marker for b in blocks(text, note) if b.kind == "point"]
    assert markers == [f"{n}{',' if n == 10 else '.'}" for n in range(1, 13)]
    got = summarize_note(note, text, 4)
    assert got.mode == "points" and 1 <= len(got.key) <= 4
    assert [k.line for k in got.key] == sorted(k.line for k in got.key)
    lines = {b.line: b.text for b in blocks(text, note) if b.kind == "point"}
    # points mode: the best sentence of a point, never more than the point
    assert all(k.sentence in lines[k.line] for k in got.key)
    assert [s.title for s in got.segments if s.kind == "point"] == markers


def test_bulleted_clipping_gets_its_key_points_and_figures() -> None:
    got = summary("clipping-bullets.md", 3)
    assert got.header.title == "clipping-bullets"  # what Obsidian shows: the file name
    assert got.header.heading is None  # a short first line is not a heading
    assert got.mode == "points" and {k.marker for k in got.key} == {"•"}
    texts = [f.text for f in got.figures]
    assert "2,000 members" in texts and "$10 per month" in texts
    assert "$240,000 per year" in texts and "12 months" in texts


def test_repeated_paragraph_is_counted_once() -> None:
    got = summary("clipping-repeated.md", 10)
    assert got.repeated == 1 and got.notices == ["1 repeated paragraph counted once"]
    repeated = [k for k in got.key if k.text.startswith("Going to the meetings")]
    assert len(repeated) == 1


def test_a_line_indented_under_a_bullet_is_part_of_its_point() -> None:
    """CommonMark (spec, "List items"): a paragraph line indented under an item, and a
    second paragraph indented in it, belong to the item; a line back at the margin after a
    blank line ends the list."""
    text = (
        "# Points\n\n"
        "- The branch holds a forum on rents.\n"
        "  Continuation: a lawyer will speak on evictions.\n"
        "- Dues are late.\n"
        "\n"
        "  A second paragraph of the dues point.\n"
        "\n"
        "Back at the margin: a paragraph of its own.\n"
    )
    got = [(b.kind, b.line, b.text) for b in blocks(text, parse_note(text, "p.md"))]
    assert got == [
        ("heading", 1, "Points"),
        (
            "point",
            3,
            "The branch holds a forum on rents. Continuation: a lawyer will speak on evictions.",
        ),
        ("point", 5, "Dues are late. A second paragraph of the dues point."),
        ("paragraph", 9, "Back at the margin: a paragraph of its own."),
    ]


# -- text pieces -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("V. I. Lenin wrote it. Then he left.", ["V. I. Lenin wrote it.", "Then he left."]),
        ("In the U.S. there are many. Yes!", ["In the U.S. there are many.", "Yes!"]),
        ("Forward to 500! On to 1,000.", ["Forward to 500!", "On to 1,000."]),
        ('Really? "Yes," she said.', ["Really?", '"Yes," she said.']),
        ("It costs $1.50 each. Fine.", ["It costs $1.50 each.", "Fine."]),
        ("See St. Louis and e.g. Boston.", ["See St. Louis and e.g. Boston."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("take hold (3).", [(3, 3)]),
        ("a flame (4-5). Next (27–28).", [(4, 5), (27, 28)]),
        ("targets (8):", [(8, 8)]),
        ("to ensure that (1) the membership", []),  # an enumerator, not a citation
        ("Disorder (1920).", []),  # a year
    ],
)
def test_citations(text: str, expected: list[tuple[int, int]]) -> None:
    assert citations(text) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[[sectarianism|sects]] and [[USA]]", "sects and USA"),
        ("[[Note#Heading]] and [[#Local]]", "Note and Local"),
        ("**bold** and *it* and `code`", "bold and it and code"),
        ("[source](https://x.org/a(b)) ok", "source ok"),
        ("text ^block-1", "text"),
        ("![[map.png]] a <b>tag</b>", "a tag"),
    ],
)
def test_plain(markdown: str, expected: str) -> None:
    assert plain(markdown) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Forward to 500 on the road to 1,000!", ["500", "1,000"]),
        ("A minimum of 5000 members.", ["5000 members"]),
        ("An average of say $20 per month each.", ["$20 per month"]),
        ("At least 2 paper sales per month.", ["2 paper sales per month"]),
        ("We grew 70% in a year, with 20% of comrades at large.", ["70%", "20% of comrades"]),
        (
            "Branches of 7-13 comrades and 200-300 more comrades.",
            ["7-13 comrades", "200-300 more comrades"],
        ),
        ("70 million youth agree.", ["70 million youth"]),
        ("The capacity is (4-5).", []),  # a citation
        ("In 2019 and in the 1970s and the 70's.", []),  # years and decades
        ("By 3-31, on Jan 30, 2021, and July 17-18.", []),  # dates
        ("Chapter 4, paragraph 11 and the 12th ward.", []),  # references, ordinals
        ("The branch voted 7-3 for September.", []),  # a vote, not a range of things
        ("Our #1 priority, with 3 people.", ["3 people"]),
        ("Nearly 50,000 members, 2000 members too.", ["50,000 members", "2000 members"]),
    ],
)
def test_figures(sentence: str, expected: list[str]) -> None:
    assert [f.text for f in figures_in(sentence, 1, None)] == expected


# -- TextRank ------------------------------------------------------------------------------


def test_pagerank_matches_the_networkx_reference() -> None:
    """Our power iteration gives networkx's PageRank (its pure-Python reference algorithm)."""
    reference = pytest.importorskip("networkx.algorithms.link_analysis.pagerank_alg")
    texts = [
        "Branches grow when members read together.",
        "Members who read together stay in the branch.",
        "The branch sells papers at the market.",
        "Dues pay for the papers.",
        "Weather was fine on Saturday.",
    ]
    import networkx as nx

    adjacency = sentence_graph(texts)
    graph = nx.Graph()
    graph.add_nodes_from(adjacency)
    graph.add_weighted_edges_from(
        (a, b, w) for a, near in adjacency.items() for b, w in near.items()
    )
    ours = pagerank(adjacency, tol=1e-12, max_iter=1000)
    theirs = reference._pagerank_python(graph, tol=1e-12, max_iter=1000)
    assert ours == pytest.approx(theirs, abs=1e-9)


def test_textrank_prefers_the_central_sentence_and_is_deterministic() -> None:
    """The sentence sharing words with every other one ranks first; the one sharing nothing
    ranks last; the same input gives the same answer."""
    texts = [
        "Rent went up again.",
        "Repairs are never done.",
        "Tenants meet on Thursday.",
        "Tenants meet on Thursday about rent and repairs.",
        "The weather was cold.",
    ]
    assert top(texts, 1)[0][0] == 3
    assert [i for i, _ in top(texts, 4)] == [0, 1, 2, 3]
    assert top(texts, 3) == top(list(texts), 3)


def test_possessives_and_contractions_fold_into_their_word() -> None:
    from vaultkit.reports.textrank import content_words

    assert content_words("The county's figures and the trust’s board") == [
        "county",
        "figure",
        "trust",
        "board",
    ]
    assert content_words("It's what that's for; workers' pay") == ["worker", "pay"]
