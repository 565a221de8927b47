"""The chrome a web clipper keeps around an article: the site's menus, banners, share
buttons, cookie notices, newsletter prompts, lists of related articles, footer lines.

``chrome`` names the blocks of a note that are such chrome, so that a summary never picks a
sentence from them; they stay in the note's length and are never removed from anything.
Cues, each read from one block and its neighbours, in one pass over the blocks:

- a line made only of links (``[Home](/) | [About](/about)``, ``- [[Some note]]``);
- a line with the words of a page's controls (``Share this article``, ``Sign up for our
  newsletter``, ``We use cookies …``): one unambiguous phrase in a short line, or two cues
  in a line of a few dozen words;
- in a clipped note only, around the article (before its first paragraph, after its last):
  a menu, a run of three or more short lines or points, most of them without any final
  punctuation (titles of links, not sentences); and short lines without final punctuation
  (the site's name and sections above, the footer below).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Sequence

from vaultkit.parse.positions import split_lines
from vaultkit.reports.text import Block

SHORT = 12
"""Words of a line that a single unambiguous control phrase makes chrome."""
NOTICE = 40
"""Words of a line that two control cues make chrome (a cookie notice is long)."""
MENU_RUN = 3
"""Fewest consecutive title-like lines that make a menu."""
MENU_ITEM = 20
"""Most words of one menu line."""
MENU_MEDIAN = 15
"""A menu's lines are this short at the median (a related article's title is long)."""
REAL_PARAGRAPH = 20
"""Words of a paragraph, ending as a sentence, that is the article (not its page)."""

_STRONG = (
    "skip to",
    "jump to",
    "sign in",
    "sign up",
    "log in",
    "log out",
    "read more",
    "share this",
    "share on",
    "follow us",
    "privacy policy",
    "cookie policy",
    "cookie settings",
    "terms of use",
    "terms of service",
    "all rights reserved",
    "related articles",
    "related posts",
    "related stories",
    "related reading",
    "you may also like",
    "recommended for you",
    "back to top",
    "main menu",
    "main content",
    "leave a comment",
    "leave a reply",
    "subscribe to",
    "subscribe now",
    "our newsletter",
    "accept all",
    "accept cookies",
    "advertisement",
    "sponsored content",
    "toggle navigation",
    "previous article",
    "next article",
    "previous post",
    "next post",
)
"""Phrases of a page's controls that are chrome even alone in a short line (a cue, not a
word: ``subscribe to`` and its ``subscribe`` count once)."""
_BY_FIRST: dict[str, list[str]] = {}
for _phrase in _STRONG:
    _BY_FIRST.setdefault(_phrase.split()[0], []).append(_phrase)
_WEAK_TEXT = (
    "advertisement cookie cookies newsletter subscribe subscribers unsubscribe facebook"
    " twitter instagram linkedin whatsapp pinterest reddit tiktok youtube tweet share"
    " email menu login website copyright privacy comments donate permalink"
)
_WEAK = frozenset(_WEAK_TEXT.split())
"""Words of a page's controls; two distinct ones (or one and a strong phrase) in a line of
up to ``NOTICE`` words make it chrome."""
_WORD = re.compile(r"[a-z©]+")
_LINKS = re.compile(
    r"!?\[\[[^\[\]\n]*+\]\]"
    r"|!?\[[^\[\]\n]*+\]\([^()\s]*+\)"
    r"|<https?://[^<>\s]++>"
    r"|https?://\S++"
)
_MARKER = re.compile(r"^\s*+(?:[-*+•◦▪●‣·]|\d{1,9}[.)])?\s*+")
_FINAL = frozenset(".!?:;…")
_CLOSERS = "\"'”’)]*_ "
_SENTENCE_END = frozenset(".!?…")


LINKS, CONTROLS, SITE, MENU, PAGE = "links", "controls", "site", "menu", "page"
"""Why a line is chrome: a line of links; a page's controls; a line other clippings of the
site hold verbatim (``sitelines``); a menu; a title line around the article."""


def chrome(
    items: Sequence[Block], text: str, clipped: bool = False, shared: Collection[int] = ()
) -> set[int]:
    """The lines where the blocks of ``items`` that are a web page's chrome start (see
    ``chrome_cues``)."""
    return set(chrome_cues(items, text, clipped, shared))


def chrome_cues(
    items: Sequence[Block], text: str, clipped: bool = False, shared: Collection[int] = ()
) -> dict[int, str]:
    """The lines where the blocks of ``items`` (a note's blocks, from ``text``) that are a
    web page's chrome start, each with its cue. Lines of links and lines of controls count
    in every note; in a ``clipped`` note (a clipping, or a note with a source URL: a
    person's own lists are not menus) also the ``shared`` lines (held verbatim by other
    clipped notes of its site) that lie before the article's first paragraph or after its
    last (a banner, a footer: such a line does not start the article, and a line inside it,
    a quotation, is the article's), then menus and the page's ends. Linear in the note."""
    lines, _ = split_lines(text)
    body = [b for b in items if b.kind in ("paragraph", "point")]
    found: dict[int, str] = {}
    for b in body:
        if _links_only(lines, b):
            found[b.line] = LINKS
        elif _controls(b.text):
            found[b.line] = CONTROLS
    if not clipped:
        return found
    bounds = _article(body, set(found) | set(shared))
    if bounds is None:
        return found
    first, last = bounds
    for b in body:
        if b.line in shared and (b.line < first or b.line > last):
            found.setdefault(b.line, SITE)
    for line in sorted(_menus(items, set(found), sum(_words(b.text) for b in body), bounds)):
        found.setdefault(line, MENU)
    for b in body:
        if (b.line < first or b.line > last) and _words(b.text) <= SHORT and _title_like(b):
            found.setdefault(b.line, PAGE)
    return found


def _words(text: str) -> int:
    return len(text.split())


def _links_only(lines: Sequence[str], block: Block) -> bool:
    """A line holding links and nothing else but separators (``|``, ``·``, ``-``)."""
    if not 0 < block.line <= len(lines):
        return False
    raw = _MARKER.sub("", lines[block.line - 1], count=1)
    rest, links = _LINKS.subn(" ", raw)
    return links > 0 and not any(c.isalnum() for c in rest)


def _controls(text: str) -> bool:
    """A line that names a page's controls (see ``_STRONG`` and ``_WEAK``)."""
    words = _words(text)
    if words > NOTICE:
        return False
    words_of = _WORD.findall(text.lower())
    strong = {
        phrase
        for at, word in enumerate(words_of)
        for phrase in _BY_FIRST.get(word, ())
        if words_of[at : at + phrase.count(" ") + 1] == phrase.split()
    }
    inside = {w for phrase in strong for w in phrase.split()}
    weak = {w for w in words_of if (w in _WEAK or w == "©") and w not in inside}
    return (bool(strong) and words <= SHORT) or len(strong) + len(weak) >= 2


def _ending(text: str) -> str:
    """The last character of ``text`` that is not a closing quote, bracket or mark."""
    return text.rstrip(_CLOSERS)[-1:]


def _title_like(block: Block) -> bool:
    return _words(block.text) <= MENU_ITEM and _ending(block.text) not in _FINAL


def _menus(
    items: Sequence[Block], found: set[int], note_words: int, bounds: tuple[int, int]
) -> set[int]:
    """Runs of ``MENU_RUN`` or more consecutive short lines or points (link titles, a
    ``?`` among them; a heading does not break a run, a quote or a table does) of which
    most have no final punctuation at all, short at the median, holding less than half the
    note (a note that is only a list is a list, not a menu), and lying before the article's
    first paragraph or after its last (``bounds``: a list inside the article is its own)."""
    out: set[int] = set()
    run: list[Block] = []
    for block in [*items, None]:
        if block is not None and block.kind == "heading":
            continue
        if (
            block is not None
            and block.kind in ("paragraph", "point")
            and (
                block.line in found
                or (_words(block.text) <= MENU_ITEM and _ending(block.text) not in ".!:;…")
            )
        ):
            run.append(block)
            continue
        untitled = sum(1 for b in run if _title_like(b) or b.line in found)
        sizes = [_words(b.text) for b in run]
        if (
            len(run) >= MENU_RUN
            and 2 * untitled > len(run)
            and statistics.median(sizes) <= MENU_MEDIAN
            and 2 * sum(sizes) < note_words
            and (run[-1].line < bounds[0] or run[0].line > bounds[1])
        ):
            out.update(b.line for b in run)
        run = []
    return out


def _real(block: Block) -> bool:
    """A paragraph of the article: long enough, and ending as a sentence ends."""
    return (
        block.kind == "paragraph"
        and _words(block.text) >= REAL_PARAGRAPH
        and _ending(block.text) in _SENTENCE_END
    )


def _article(body: Sequence[Block], found: set[int]) -> tuple[int, int] | None:
    """The first and last line of the article's own paragraphs (``_real``, not chrome, and
    written once: a paragraph the page repeats, as a banner above and below, is not the
    article); None when there is none."""
    from vaultkit.reports.text import normalized

    keys = [normalized(b.text) if _real(b) else "" for b in body]
    seen: dict[str, int] = {}
    for key in keys:
        if key:
            seen[key] = seen.get(key, 0) + 1
    real = [
        b.line
        for b, key in zip(body, keys, strict=True)
        if key and seen[key] == 1 and b.line not in found
    ]
    return (real[0], real[-1]) if real else None
