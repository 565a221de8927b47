"""A site's banner, menu or footer repeated in several clippings of the vault (issue 16,
session 7): a line another clipped note of the same site holds verbatim is page chrome,
never a gist or key sentence; the summary says how many lines it set aside and which.
Clippings written for these tests in the style of the user's (a banner paragraph above
the article, no markup)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.parse.note import parse_note
from vaultkit.reports.sitelines import in_memory, line_keys, refresh, site_lines, site_of
from vaultkit.reports.summarize import Summary, summarize
from vaultkit.reports.text import blocks

BANNER = (
    "The Harbour Tenants Federation reports how tenants and their committees win on rent,"
    " repairs and heating against every landlord of the harbour estates, street by street."
)
FOOTER = "The Harbour Tenants Federation is printed and published by its volunteers."
ARTICLES = {
    "rent": (
        "The tenants of Quay Street refused the rent rise together in April.",
        "Forty households signed one letter to the landlord and paid the old rent only.",
        "After six weeks the landlord withdrew the rise for every flat on the street.",
        "The street committee now meets monthly to keep the households in touch.",
    ),
    "repairs": (
        "The Dock Road committee kept one list of every repair the landlord ignored.",
        "Each Friday two delegates took the list to the estate office and asked for dates.",
        "Within three months the damp flats were repaired and the lifts were working again.",
        "Other estates now copy the list and the Friday visit.",
    ),
    "heating": (
        "The boilers of the Marsh towers failed in the first cold week of November.",
        "The towers' delegates called a meeting in the lobby that same evening.",
        "The council sent engineers within two days after the meeting wrote to every councillor.",
        "Tenants kept a log of the cold days to claim a rent rebate later.",
    ),
}


def clipping(topic: str, banner: str = BANNER, front: str = "") -> str:
    """A clipped page: the site's banner paragraph, the article, the site's footer."""
    first, second, third, fourth = ARTICLES[topic]
    body = f"{first} {second}\n\n{third} {fourth}"
    return f"{front}{banner}\n\n{body}\n\n{FOOTER}\n"


def opened(root: Path) -> Index:
    index = Index.open(root, root.parent / "index.db")
    index.refresh()
    return index


def summary_of(root: Path, name: str) -> Summary:
    (got,) = summarize(opened(root), name, count=3)
    return got


def chosen(summary: Summary) -> list[str]:
    return [s.gist.sentence for s in summary.segments if s.gist] + [k.sentence for k in summary.key]


def test_a_banner_other_clippings_of_the_site_repeat_is_never_chosen(
    make_vault: VaultBuilder,
) -> None:
    alone = summary_of(make_vault({"Clippings/rent.md": clipping("rent")}), "rent")
    # alone in the vault, the banner reads as the article's first paragraph and leads it
    assert any(s.startswith("The Harbour Tenants") for s in chosen(alone))
    assert alone.chrome == []


def test_shared_lines_are_set_aside_with_their_cue(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "Clippings/rent.md": clipping("rent"),
            "Clippings/repairs.md": clipping("repairs"),
            "Clippings/heating.md": clipping("heating"),
        }
    )
    got = summary_of(root, "rent")
    assert not any(s.startswith("The Harbour Tenants") for s in chosen(got))
    assert chosen(got) and all(s in ARTICLES["rent"] for s in chosen(got))
    assert [(c.line, c.text, c.cue) for c in got.chrome] == [
        (1, BANNER, "site"),
        (7, FOOTER, "site"),
    ]
    # the chrome still counts in the note's length
    assert got.length.note == len(clipping("rent").split())


def test_json_and_human_output_say_what_was_set_aside(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {"Clippings/rent.md": clipping("rent"), "Clippings/repairs.md": clipping("repairs")}
    )
    runner = CliRunner()
    index = ["--index", str(root.parent / "index.db")]
    result = runner.invoke(app, ["summarize", "rent", "--vault", str(root), *index, "--json"])
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.stdout)
    assert data["chrome"] == [
        {"line": 1, "text": BANNER, "cue": "site"},
        {"line": 7, "text": FOOTER, "cue": "site"},
    ]
    human = runner.invoke(app, ["summarize", "rent", "--vault", str(root), *index])
    assert "2 lines set aside as page chrome" in " ".join(human.stdout.split())
    md = runner.invoke(app, ["summarize", "rent", "--vault", str(root), *index, "--format", "md"])
    assert "2 lines set aside as page chrome" in md.stdout


def test_only_clippings_of_the_same_site_count(make_vault: VaultBuilder) -> None:
    """By the host of the source URL (``www.`` ignored); a reading note quoting the line is
    the user's own, not a page."""
    site_a = "---\nsource: https://www.harbour.example/rent\n---\n"
    site_a2 = "---\nsource: https://harbour.example/repairs\n---\n"
    site_b = "---\nsource: https://other.example/heating\n---\n"
    reading = f"---\nauthor: Ana\nformat: article\n---\n#reading\n\n{BANNER}\n"
    root = make_vault(
        {
            "a.md": clipping("rent", front=site_a),
            "b.md": clipping("heating", front=site_b),
            "r.md": reading,
        }
    )
    assert summary_of(root, "a").chrome == []
    (root / "a2.md").write_text(clipping("repairs", front=site_a2), encoding="utf-8")
    assert [c.cue for c in summary_of(root, "a").chrome] == ["site", "site"]
    assert summary_of(root, "b").chrome == []
    assert (site_of("https://www.Harbour.example/x"), site_of(None)) == ("harbour.example", "")


def test_the_lines_are_kept_and_refreshed_incrementally(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "Clippings/rent.md": clipping("rent"),
            "Clippings/repairs.md": clipping("repairs"),
            "own.md": "#reading\n\nMy own note.\n",
        }
    )
    index = opened(root)
    assert refresh(index) == (2, 0)  # the two clippings read; a reading note is no page
    assert refresh(index) == (0, 0)  # nothing changed: nothing read
    (root / "Clippings/repairs.md").write_text(
        clipping("repairs", banner="A different banner of another site."), encoding="utf-8"
    )
    os.utime(root / "Clippings/repairs.md", ns=(10**18, 10**18))
    index.refresh()
    assert refresh(index) == (1, 0)
    sites = site_lines(index)
    text = clipping("rent")
    rent_keys = line_keys(blocks(text, parse_note(text, "Clippings/rent.md")))
    # only the footer is still shared; the stored and in-memory counts agree
    assert sites.shared("Clippings/rent.md", "", rent_keys) == {7}
    assert in_memory(index).shared("Clippings/rent.md", "", rent_keys) == {7}
    (root / "Clippings/repairs.md").unlink()
    index.refresh()
    assert refresh(index) == (0, 1)
    assert site_lines(index).shared("Clippings/rent.md", "", rent_keys) == set()


def test_a_shared_line_inside_the_article_is_the_article(make_vault: VaultBuilder) -> None:
    """Two clippings quoting the same passage between their own paragraphs: the quotation
    is inside each article, not the page around it, so it stays a candidate."""
    quote = (
        "A union of tenants is not a complaint made louder, it is a new fact about who"
        " decides what happens to the building and everyone who lives in it."
    )

    def quoting(topic: str) -> str:
        first, second, third, fourth = ARTICLES[topic]
        return f"{first} {second}\n\n{quote}\n\n{third} {fourth}\n"

    root = make_vault({"rent.md": quoting("rent"), "repairs.md": quoting("repairs")})
    assert summary_of(root, "rent").chrome == []


def test_rows_made_by_another_version_of_the_rule_are_made_again(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release that changes how lines are cut or hashed must not reuse the old keys."""
    from vaultkit.reports import sitelines

    root = make_vault(
        {"Clippings/rent.md": clipping("rent"), "Clippings/repairs.md": clipping("repairs")}
    )
    index = opened(root)
    assert refresh(index) == (2, 0)
    assert refresh(index) == (0, 0)
    monkeypatch.setattr(sitelines, "SITES_VERSION", sitelines.SITES_VERSION + 1)
    assert refresh(index) == (2, 0)  # every clipping read again under the new rule
    assert refresh(index) == (0, 0)
    text = clipping("rent")
    rent_keys = line_keys(blocks(text, parse_note(text, "Clippings/rent.md")))
    assert site_lines(index).shared("Clippings/rent.md", "", rent_keys) == {1, 7}
