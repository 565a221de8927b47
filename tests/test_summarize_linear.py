"""Linear time (issue 16, "Linear time"): summarize on hostile notes — 10,000 links on a
line, a 2,400-item list, a multi-megabyte note, lines of unclosed brackets — gives the
right answer (a quadratic step would take minutes here, not a test's second), and the
sentence graph's work grows with the text, counted rather than timed (the timing ratios
are in benchmarks/summarize_bench.py)."""

from __future__ import annotations

from collections.abc import Mapping

from vaultkit.parse.note import parse_note
from vaultkit.reports.summarize import Summary, summarize_note
from vaultkit.reports.text import plain, sentences
from vaultkit.reports.textrank import NEIGHBOURS, cosine, knn_graph, pagerank

PARAGRAPH = (
    "The branch grew from 200 to 300 members in 11 months, and the goal is 1,000 members. "
    "Tenants in the east towers voted to withhold rent until repairs are made. "
)


def summarize(text: str, count: int = 5) -> Summary:
    return summarize_note(parse_note(text, "hostile.md"), text, count)


def test_ten_thousand_links_on_one_line() -> None:
    line = " ".join(f"[[Note {i}]] and [text {i}](https://example.org/{i})" for i in range(10_000))
    got = summarize(f"# Links\n\n{line}\n")
    assert len(got.concepts) == 10_000
    assert got.length.summary <= got.length.note / 2


def test_a_list_of_2400_items() -> None:
    items = "\n".join(
        f"{i}. Point {i} asks the branch to sell {i % 50 + 10} papers at gate {i % 7}."
        for i in range(1, 2401)
    )
    got = summarize(f"# List\n\n{items}\n")
    assert got.mode == "points" and len([s for s in got.segments if s.kind == "point"]) == 2400
    assert 1 <= len(got.key) <= 5
    assert got.length.summary <= got.length.note / 2


def test_a_multi_megabyte_note() -> None:
    body = "\n\n".join(PARAGRAPH * 4 + f"Part {i} ends here." for i in range(4000))
    text = f"# Big\n\n{body}\n"
    assert len(text) > 2_000_000
    got = summarize(text)
    assert got.segmentation == "tiling" and got.segments
    assert got.length.summary <= got.length.note / 2
    assert got.facts[0].count == 16_000  # one row for the sentence, its repeats counted


def test_unclosed_markup_is_read_in_one_pass() -> None:
    for hostile in ("[" * 200_000, "[[a" * 70_000, "<a" * 100_000, "`" * 200_000, "** a" * 50_000):
        assert len(plain(hostile)) <= len(hostile)
    assert sentences("." * 200_000 + " Next.")[-1] == "Next."
    assert summarize("<!--" * 50_000 + "\n\nAfter the comment.\n").key == []


def test_sentence_graph_work_grows_linearly() -> None:
    """Every sentence shares a word with every other and most share three (the worst case
    of the full TextRank graph, n² comparisons): the kNN graph compares each with a bounded
    number, the nearest holders of each of its words."""
    calls = {"n": 0}

    def counted(a: Mapping[str, float], b: Mapping[str, float]) -> float:
        calls["n"] += 1
        return cosine(a, b)

    def work(n: int) -> tuple[int, int]:
        calls["n"] = 0
        bags = [{"branch": 1.0, f"w{i % 5}": 1.0, f"v{i % 3}": 1.0} for i in range(n)]
        graph = knn_graph(bags, counted)
        edges = sum(len(near) for near in graph.values()) // 2
        assert edges <= n * NEIGHBOURS
        assert calls["n"] <= n * 2 * NEIGHBOURS  # the measure, for a shortlist only
        assert len(pagerank(graph)) == n
        return calls["n"], edges

    small, large = work(500), work(4000)
    assert large[0] <= 10 * small[0]  # 8× the sentences, at most ~8× the comparisons
    assert large[1] <= 10 * small[1]


def test_sentences_of_rare_words_keep_their_neighbours() -> None:
    """Two long sentences share a word, each has more words of its own (the heaviest by
    IDF: a word of one sentence only) than ``CANDIDATE_WORDS``: candidates come from the
    words another sentence holds, so they are still joined. With fewer sentences than
    ``NEIGHBOURS``, every pair that shares a word is an edge, as in the full graph."""
    bags: list[dict[str, float]] = [
        {**{f"a{i}": 3.0 for i in range(12)}, "library": 1.5},
        {**{f"b{i}": 3.0 for i in range(12)}, "library": 1.5, "council": 1.5},
        {**{f"c{i}": 3.0 for i in range(12)}, "council": 1.5},
        {"garden": 2.0, "bench": 2.0},
    ]
    graph = knn_graph(bags, cosine)
    full = {
        (i, j)
        for i in range(len(bags))
        for j in range(len(bags))
        if i != j and cosine(bags[i], bags[j]) > 0
    }
    assert {(i, j) for i, near in graph.items() for j in near} == full
    assert set(graph[1]) == {0, 2}
