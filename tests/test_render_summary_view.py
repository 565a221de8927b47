"""The human and Markdown views of a summary: a long figure sentence cut to the words around
its figures, the outline left out when the gists list the same sections (issue 16: the
printed summary of the seed-style resolution fits within half its note)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.render.reports_md import summary_markdown
from vaultkit.render.summary_view import AROUND, QUOTE_CHARS, WHOLE, clip_marked, outline_shown
from vaultkit.reports.summarize import summarize


def test_a_short_sentence_is_shown_whole() -> None:
    marked = "We now have active comrades in **70 cities**, nearby to over half of the country."
    assert clip_marked(marked) == marked


def test_a_long_sentence_keeps_the_words_around_each_figure() -> None:
    filler = " ".join(f"w{n}" for n in range(40))
    marked = f"Start {filler} then **12 cities** and {filler} before **40 branches** {filler} end."
    clipped = clip_marked(marked)
    assert len(marked.split()) > WHOLE
    tail = [f"w{n}" for n in range(41 - AROUND, 40)]  # AROUND words before each figure
    assert clipped.startswith("… " + " ".join([*tail, "then"]) + " **12 cities**")
    # the piece between the figures keeps AROUND words at each end, the middle cut
    middle = clipped.split("**12 cities**")[1].split("**40 branches**")[0]
    head = ["and", *[f"w{n}" for n in range(AROUND - 1)]]
    assert middle.split() == [*head, "…", *tail, "before"]
    assert clipped.endswith("**40 branches** " + " ".join(f"w{n}" for n in range(AROUND)) + " …")
    assert "**12 cities**" in clipped and "**40 branches**" in clipped


def test_unbalanced_markers_leave_the_sentence_alone() -> None:
    marked = "a " * 40 + "**12 cities and more"
    assert clip_marked(marked) == marked


SECTIONS = "\n\n".join(
    f"## {n}. Part {n}\n\nThe members discussed the question of topic {n} at some length. "
    f"Several spoke against the first draft, and the branch asked for a second one. "
    f"In the end they agreed on plan {n} and a date to review it."
    for n in range(1, 5)
)


def test_outline_left_out_when_the_gists_list_every_section(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    vault = make_vault({"doc.md": "---\ntags: [reading]\n---\n" + SECTIONS + "\n"})
    with Index.open(vault, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        summary = summarize(index, "doc", None, 3)[0]
    assert summary.outline and summary.segmentation == "headings"
    assert not outline_shown(summary)


STARS = (
    "In the long report the treasurer wrote that the growth formula 2 ** 10 gives the branch"
    " a target of at least 500 members by the end of the year, which is many more than we"
    " have now and more than last year."
)


def test_stars_of_the_sentence_itself_are_not_taken_for_figure_markers(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """A sentence's own ``**`` (``2 ** 10``) is escaped in ``marked``: the figures alone are
    bold, and the long sentence is still cut around them."""
    vault = make_vault({"pow.md": f"# Pow\n\n{STARS}\n"})
    with Index.open(vault, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        row = summarize(index, "pow", None, 3)[0].facts[0]
    assert row.marked.count("**") == 2 * len(row.figures)
    assert r"formula 2 \*\* **10" in row.marked
    clipped = clip_marked(row.marked)
    assert clipped != row.marked and clipped.count("**") == row.marked.count("**")
    for figure in row.figures:
        assert f"**{figure}**" in clipped


def test_outline_shown_when_it_holds_sections_the_gists_do_not_list(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """Numbered subsections are in the outline but not among the gists (one per highest
    heading): the outline is printed."""
    nested = "\n".join(
        f"## {2 * n - 1}. Part {n}\n\nThe members discussed topic {n} at some length, and"
        f" several spoke against the draft.\n\n### {2 * n}. Detail {n}\n\nIn the end they"
        f" agreed on plan {n} and a date to review it.\n"
        for n in range(1, 4)
    )
    vault = make_vault({"doc.md": "---\ntags: [reading]\n---\n" + nested})
    with Index.open(vault, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        summary = summarize(index, "doc", None, 3)[0]
    assert len(summary.outline) == 6 and summary.segmentation == "headings"
    assert outline_shown(summary)


def test_markdown_cuts_a_long_quote_as_the_terminal_does(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """The README: both views cut a quote to ``QUOTE_CHARS`` characters."""
    quote = " ".join(f"word{n}" for n in range(80))
    body = "The branch met on Monday and read the letter aloud to everyone there.\n\n"
    vault = make_vault({"doc.md": f"# Doc\n\n{body}> {quote}\n\n{body}"})
    with Index.open(vault, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        summary = summarize(index, "doc", None, 3)[0]
    assert [q.text for q in summary.quotes] == [quote]
    markdown = summary_markdown(summary)
    assert quote not in markdown
    assert quote[: QUOTE_CHARS - 1].rstrip() + "…" in markdown
