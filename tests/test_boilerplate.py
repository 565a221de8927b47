"""A clipped web page's chrome (issue 16): menus, share buttons, cookie notices, newsletter
prompts, related-article lists and footers are never a gist or a key sentence, yet count in
the note's length. Lines written for these tests in the style of web clippings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vaultkit.kinds import DEFAULT_RULES, note_facts
from vaultkit.parse.note import parse_note
from vaultkit.reports.boilerplate import chrome
from vaultkit.reports.summarize import Summary, clipped, header, summarize_note
from vaultkit.reports.text import blocks

ARTICLE = (
    "The tenants of the Holloway towers waited two years for their boilers to be repaired."
    " Every request went to a call centre and every ticket was closed without a visit.\n\n"
    "In March the tenants formed a building committee, with one delegate for each floor of"
    " each tower. The committee collected every repair request into one list and sent it to"
    " the landlord with a date for an answer.\n\n"
    "When the date passed, forty tenants went together to the landlord's office and asked"
    " for a meeting. The landlord met the committee the following week and repaired the"
    " first boilers within a month.\n\n"
    "The committee now meets every second Tuesday, and its delegates keep the list of"
    " repairs up to date. Tenants in two other towers have asked the committee to help them"
    " start committees of their own.\n"
)
MENU = (
    "*Home\n"
    "*How to start a building committee in your own block of flats\n"
    "*What should a first tenants meeting talk about and decide on\n"
    "*Read the repairs guide to keep track of every request you make to the landlord\n"
    "*Can a landlord evict me for joining the union?\n"
)
RELATED = (
    "Related articles\n"
    "*Tenants in the east towers vote to withhold rent until the repairs are made\n"
    "*The council promises an inspection of every tower block in the borough\n"
)
PAGE = (
    "Riverside Tenants Union\n\nSkip to content\n\n"
    + MENU
    + "\nShare this article on Facebook, Twitter or by email\n\n"
    "How a building committee won its repairs\n\n"
    + ARTICLE
    + "\n"
    + RELATED
    + "\nSign up for our weekly newsletter to get the latest stories from the union.\n"
    "© 2024 Riverside Tenants Union. All rights reserved.\n"
)


def flagged(text: str, clipped: bool = True) -> list[str]:
    """The text of the blocks ``chrome`` names, in order."""
    items = blocks(text, parse_note(text, "page.md"))
    lines = chrome(items, text, clipped)
    return [b.text for b in items if b.line in lines]


def summarize(text: str, name: str = "page.md") -> Summary:
    note = parse_note(text, name)
    note = replace(note, kinds=note_facts(note, DEFAULT_RULES).kinds)
    return summarize_note(note, text, 5)


@pytest.mark.parametrize(
    "line",
    [
        "[Home](/) | [News](/news) | [Campaigns](/campaigns) | [Contact](/contact)",
        "- [Tenants vote to withhold rent until the repairs are made](https://example.org/a)",
        "* [[Rent strike]] · [[Repairs]] · [[Building committees]]",
        "https://example.org/join",
        "Share this article",
        "Share on Facebook",
        "Sign up for our weekly newsletter to get the latest stories.",
        "Subscribe to the Courier for $2 a month",
        "We use cookies to give you the best experience on our website. By continuing to"
        " browse you agree to our use of cookies.",
        "Follow us on Twitter and Instagram",
        "Read more: the council's housing plan",
        "© 2024 Eastfield Courier. All rights reserved.",
        "Advertisement",
        "You may also like these stories from the east side",
        "Leave a comment",
    ],
)
def test_lines_of_links_and_of_controls_are_chrome_in_any_note(line: str) -> None:
    text = f"{ARTICLE}\n{line}\n"
    assert flagged(text, clipped=False) == flagged(text) == [flagged_text(line)]


def flagged_text(line: str) -> str:
    """The line as a block reads it (markup removed)."""
    (block,) = [b for b in blocks(line, parse_note(line, "x.md"))]
    return block.text


@pytest.mark.parametrize(
    "line",
    [
        # a control word or two in the article's own prose is not a control
        "The union's newsletter reached 4,000 members in its first year.",
        "Members share the cost of the hall and the printing between them.",
        "She signed up forty tenants in a week, more than anyone before her.",
        "The branch voted to subscribe to the Courier and to read it together every month,"
        " so that members who missed a meeting still knew what the council had decided.",
        "A link in the text, [the council's plan](https://example.org/plan), is not a menu.",
        "Related questions came up at every meeting of the committee that spring.",
    ],
)
def test_prose_with_control_words_is_not_chrome(line: str) -> None:
    assert flagged(f"{ARTICLE}\n{line}\n") == []


def test_a_clipped_page_menu_related_list_and_footer_are_chrome() -> None:
    assert flagged(PAGE) == [
        "Riverside Tenants Union",  # the site's name, above the article
        "Skip to content",
        "Home",
        "How to start a building committee in your own block of flats",
        "What should a first tenants meeting talk about and decide on",
        "Read the repairs guide to keep track of every request you make to the landlord",
        "Can a landlord evict me for joining the union?",
        "Share this article on Facebook, Twitter or by email",
        "How a building committee won its repairs",  # the title above the article
        "Related articles",
        "Tenants in the east towers vote to withhold rent until the repairs are made",
        "The council promises an inspection of every tower block in the borough",
        "Sign up for our weekly newsletter to get the latest stories from the union.",
        "© 2024 Riverside Tenants Union. All rights reserved.",
    ]


def test_menus_and_page_ends_are_read_only_in_a_clipped_note() -> None:
    """A person's own note: its lists are its own, only links and controls are chrome."""
    assert flagged(PAGE, clipped=False) == [
        "Skip to content",
        "Share this article on Facebook, Twitter or by email",
        "Related articles",
        "Sign up for our weekly newsletter to get the latest stories from the union.",
        "© 2024 Riverside Tenants Union. All rights reserved.",
    ]


def test_a_list_inside_the_article_is_not_a_menu() -> None:
    paragraphs = ARTICLE.split("\n\n")
    listed = (
        "- Repair the boilers in every tower before the winter\n"
        "- Fix the lifts that have been broken since the spring\n"
        "- Clear the mould from the flats on the ground floors\n"
    )
    text = "\n\n".join([*paragraphs[:2], listed, *paragraphs[2:]])
    assert flagged(text) == []


def test_a_note_that_is_only_a_list_is_not_a_menu() -> None:
    text = (
        "Why we organise as tenants and not only as voters in the borough elections.\n\n"
        + MENU
        + "*Who decides what the committee asks the landlord for first\n"
    )
    assert flagged(text) == []


def test_a_banner_repeated_above_the_article_does_not_start_it() -> None:
    """A page repeats its banner: the menu below it is still before the article."""
    banner = (
        "This is an archive of the old website of the Riverside Tenants Union, kept as a"
        " reference for tenants' organisations everywhere.\n"
    )
    text = banner + banner + "\n" + MENU + "\n" + ARTICLE
    assert "Can a landlord evict me for joining the union?" in flagged(text)
    # written once, the banner is the article's first paragraph: what follows is the article
    assert flagged(banner + "\n" + MENU + "\n" + ARTICLE) == []


def test_a_clipping_never_takes_a_gist_or_key_sentence_from_its_chrome() -> None:
    got = summarize(PAGE)
    assert got.header.kinds == ["clipping"]
    article_lines = {n for n, line in enumerate(PAGE.splitlines(), 1) if line in ARTICLE}
    chosen = [s.gist for s in got.segments if s.gist] + got.key
    assert chosen and all(g.line in article_lines for g in chosen)
    # the chrome still counts in the note's length
    assert got.length.note == len(
        " ".join(b.text for b in blocks(PAGE, parse_note(PAGE, "p.md"))).split()
    )


def test_a_meeting_note_has_no_chrome() -> None:
    """A meeting's points are the user's own: a point about sharing is a point."""
    point = "- Everyone will share this article on Facebook and email it to their contacts.\n"
    other = "- Teo reported on the strike fund and the donations from two other branches.\n"
    meeting = summarize("# Branch, 5-22-21\n#meeting\n\n" + point + other, "meeting.md")
    assert meeting.header.kinds == ["meeting"]
    shown = [s.gist for s in meeting.segments if s.gist] + meeting.key
    assert point[2:-1] in [g.text for g in shown]
    clipping = summarize(point + "\n" + ARTICLE)
    assert clipping.header.kinds == ["clipping"]
    chosen = [s.gist for s in clipping.segments if s.gist] + clipping.key
    assert chosen and all("Facebook" not in g.text for g in chosen)


@pytest.mark.parametrize(
    ("front", "tags", "expected"),
    [
        ("", "", True),  # a bare clipping
        ("source: https://example.org/towers\n", "", True),  # a web clipper's frontmatter
        ("source: https://example.org/towers\nauthor: Ana\nformat: article\n", "", False),
        ("source: https://example.org/towers\n", "#reading\n", False),
        ("source: https://example.org/towers\n", "#meeting\n", False),
        ("source: the branch library\n", "", False),  # a source, not a web page
    ],
)
def test_a_web_page_is_a_clipping_or_a_note_with_a_source_url_of_no_own_kind(
    front: str, tags: str, expected: bool
) -> None:
    text = (f"---\n{front}---\n" if front else "") + tags + MENU + "\n" + ARTICLE
    note = parse_note(text, "page.md")
    note = replace(note, kinds=note_facts(note, DEFAULT_RULES).kinds)
    assert clipped(note, header(note)) is expected


def test_chrome_is_found_in_one_pass_over_a_long_page() -> None:
    """A page of 20,000 menu lines and links: linear cues, no quadratic step."""
    menu = "".join(f"*Section {i} of the site and its pages\n" for i in range(10_000))
    links = "[a](/a) | " * 10_000 + "\n"
    text = menu + "\n" + ARTICLE + "\n" + links + menu
    found = flagged(text)
    assert len(found) == 20_001
