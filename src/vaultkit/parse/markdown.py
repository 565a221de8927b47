"""The Markdown layer: pulldown-cmark's event stream (through pyromark) read into blocks.

pulldown-cmark parses CommonMark with GFM tables and strikethrough, ``$`` math and
footnotes, and gives every event its source range, so each block's inline content is cut
from the file itself and every position is exact. The walk yields, in document order, list
items and block quotes opening and closing, and one ``Run`` per piece of inline content
(paragraph, heading, table cell, a tight list item's text). Obsidian's own inline syntax is
not pulldown-cmark's business: ``vaultkit.parse.inline`` finds it in each run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyromark

from vaultkit.model import record
from vaultkit.parse.inline import wikilink_close

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_MATH
    | pyromark.Options.ENABLE_FOOTNOTES
)
"""Tables and strikethrough as GFM, ``$`` math so formulas never hold tags, footnotes
(Obsidian reads links and tags in a footnote's text). ``$$`` blocks are found before
parsing (``_prepare``). Task markers and callouts are read from the text (Obsidian accepts
any ``[x]`` status and any callout type), wikilinks by ``vaultkit.parse.inline``."""

_RUN_BLOCKS = {"Paragraph": "paragraph", "TableCell": "cell"}
_SKIPPED_BLOCKS = frozenset(("CodeBlock", "HtmlBlock", "MetadataBlock"))


@dataclass(slots=True)
class MdLink:
    """A Markdown link or image: destination and file offsets of the whole construct."""

    href: str
    start: int
    end: int
    embed: bool


class Run:
    """One block's inline content, located in the file.

    ``lines`` holds each content line's file offsets (container prefixes such as ``> ``
    or list indentation excluded); ``masks`` the code spans, math and inline HTML, where
    neither Obsidian syntax nor inline fields are read; ``link_masks`` Markdown link
    destinations and images, where Obsidian syntax is not read; ``pieces`` the text of
    each text-like event with its range, for plain text. (A plain class: a note can hold
    hundreds of runs, and this one is built faster than a dataclass with factories.)
    """

    __slots__ = (
        "kind",
        "level",
        "lines",
        "link_masks",
        "links",
        "masks",
        "multiline",
        "piece_starts",
        "pieces",
        "start",
    )

    def __init__(self, kind: str, start: int, level: int = 0) -> None:
        self.kind = kind  # "paragraph", "heading", "cell" or "item" (a tight item's text)
        self.start = start
        self.level = level
        self.lines: list[list[int]] = []
        self.masks: list[tuple[int, int]] = []
        self.link_masks: list[tuple[int, int]] = []
        self.links: list[MdLink] = []
        self.pieces: list[tuple[int, int, str]] = []
        self.multiline = False  # a code span or formula runs over a line break
        self.piece_starts: list[int] | None = None  # where each piece starts, once asked


@record
class Open:
    """A list item or block quote opens; lines are 1-based, ``end_line`` inclusive."""

    kind: str  # "item" or "quote"
    line: int
    end_line: int


@record
class Close:
    """The innermost open list item or block quote closes."""

    kind: str


_CLOSES = {"Item": Close("item"), "BlockQuote": Close("quote")}  # shared: nothing varies


Block = Run | Open | Close


def char_offsets(text: str, base: int) -> Callable[[int], int]:
    """A function from UTF-8 byte offsets in ``text`` to character offsets plus ``base``."""
    if text.isascii():
        return lambda at: at + base
    bytes_at: list[int] = []  # byte offset just past each multi-byte character
    extra: list[int] = []  # bytes beyond one per character, up to and including it
    total = 0
    for match in re.finditer(r"[^\x00-\x7f]", text):
        code = ord(match.group())
        total += 1 if code < 0x800 else 2 if code < 0x10000 else 3
        bytes_at.append(match.start() + total + 1)
        extra.append(total)

    def convert(at: int) -> int:
        k = bisect_right(bytes_at, at)
        return at - (extra[k - 1] if k else 0) + base

    return convert


def blocks(text: str, base: int, line_of: Callable[[int], int]) -> Iterator[Block]:
    """The blocks of the note ``text`` whose Markdown body starts at character ``base``.

    ``line_of`` gives the 0-based file line of a character offset. This loop runs once
    per event of every note, so it is written for speed: the common events come first.
    """
    body = _prepare(text[base:] if base else text)
    convert = None if body.isascii() else char_offsets(body, base)
    run: Run | None = None
    open_line = True
    skip = 0
    items = 0  # list items open: their loose text forms an implicit run
    links: list[list[Any]] = []  # open links: start, inner end, image, href
    event: Any
    for event, span in pyromark.events_with_range(body, options=OPTIONS, merge_text=True):
        if convert is None:
            start, end = span["start"] + base, span["end"] + base
        else:
            start, end = convert(span["start"]), convert(span["end"])
        if event.__class__ is str:  # SoftBreak, HardBreak, Rule
            if run is not None and event != "Rule":
                run.pieces.append((start, start, " "))
                if not open_line and start > run.lines[-1][1]:
                    run.lines[-1][1] = start  # the line's trailing spaces
                open_line = True
            continue
        ((key, value),) = event.items()
        if key in _LEAVES:
            if skip:
                continue
            if run is None:
                if not items or key == "Html":
                    continue
                run, open_line = Run("item", start), True
            if open_line:
                # an escaping backslash, left out of the escaped text, belongs to the line
                escaped = start > 0 and text[start - 1] == "\\"
                run.lines.append([start - 1 if escaped else start, end])
                open_line = False
            elif end > run.lines[-1][1]:
                run.lines[-1][1] = end
            if key == "Text":
                run.pieces.append((start, end, value))
            elif key == "InlineHtml" or key == "FootnoteReference":
                run.masks.append((start, end))
                if not run.multiline and _NEWLINE.search(text, start, end):
                    run.multiline = True
            elif key != "Html":  # Code, InlineMath, DisplayMath
                run.pieces.append((start, end, value))
                if key != "InlineMath" or not text[end : end + 1].isdigit():
                    run.masks.append((start, end))  # `$5 and $6` is money, not math
                if not run.multiline and _NEWLINE.search(text, start, end):
                    run.multiline = True
            if links and end > links[-1][1]:
                links[-1][1] = end
            continue
        name = value if value.__class__ is str else next(iter(value))
        if skip:
            if name in _SKIPPED_BLOCKS:
                skip += 1 if key == "Start" else -1
            continue
        if key == "Start":
            if name in _INLINE_CONTAINERS:
                if run is None:
                    if not items:
                        continue
                    run, open_line = Run("item", start), True
                if open_line:
                    run.lines.append([start, start])
                    open_line = False
                if name == "Link" or name == "Image":
                    href = str(value[name]["dest_url"])
                    if value[name]["link_type"] == "Email":
                        href = "mailto:" + href  # <a@b.org> is a mail address, not a note
                    links.append([start, start + 1, name == "Image", href])
                continue
            if run is not None:  # a block inside a list item ends its loose text
                yield _done(run, text)
                run = None
            if name in _SKIPPED_BLOCKS:
                skip = 1
            elif name in _RUN_BLOCKS:
                run, open_line = Run(_RUN_BLOCKS[name], start), True
            elif name == "Heading":
                level = value[name]["level"]
                run, open_line = Run("heading", start, int(level[1:])), True
            elif name == "Item" or name == "BlockQuote":
                items += name == "Item"
                spaces = _SPACES.match(text, start, end)
                first = spaces.end() if spaces else start
                yield Open(
                    "item" if name == "Item" else "quote",
                    line_of(first) + 1,
                    line_of(max(start, end - 1)) + 1,
                )
            continue
        # key == "End"
        if name in _INLINE_CONTAINERS:
            if run is None:
                continue
            if not open_line and end > run.lines[-1][1]:
                run.lines[-1][1] = end
            if (name == "Link" or name == "Image") and links:
                _close_link(run, links.pop(), end, text)
            continue
        if run is not None:
            yield _done(run, text)
            run = None
        if name == "Item" or name == "BlockQuote":
            items -= name == "Item"
            yield _CLOSES[name]
    if run is not None:
        yield _done(run, text)


_LEAVES = frozenset(
    ("Text", "Code", "InlineMath", "DisplayMath", "InlineHtml", "Html", "FootnoteReference")
)
_INLINE_CONTAINERS = frozenset(("Emphasis", "Strong", "Strikethrough", "Link", "Image"))


def _done(run: Run, text: str) -> Run:
    """Split content lines that a multi-line code span or formula joined; drop trailing
    whitespace, as CommonMark does at the end of a block."""
    if run.lines:
        last = run.lines[-1]
        if last[1] > last[0] and text[last[1] - 1].isspace():
            last[1] = last[0] + len(text[last[0] : last[1]].rstrip())
    if run.multiline:
        lines: list[list[int]] = []
        for a, b in run.lines:
            begin = a
            for match in _NEWLINE.finditer(text, a, b):
                lines.append([begin, match.start()])
                prefix = _PREFIX.match(text, match.end(), b)
                begin = prefix.end() if prefix else match.end()
            lines.append([begin, b])
        run.lines = lines
    return run


_NEWLINE = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"\s*")
_PREFIX = re.compile(r"[ \t>]*")  # indentation and quote markers of a continuation line
_LONE_CR = re.compile(r"\r(?!\n)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MATH_FENCE = re.compile(r"^ {0,3}\$\$", re.M)
_CODE_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _prepare(body: str) -> str:
    """The body as pulldown-cmark should see it, every character at its place: a lone
    ``\r`` ends a line as in Obsidian, a lone surrogate (from an API caller) becomes
    U+FFFD, and ``$$`` blocks are blanked out."""
    if "\r" in body:
        body = _LONE_CR.sub("\n", body)
    if not body.isascii() and _SURROGATE.search(body):
        body = _SURROGATE.sub("\ufffd", body)
    if "$$" in body and _MATH_FENCE.search(body):
        body = _blank_math_blocks(body)
    return body


def _blank_math_blocks(body: str) -> str:
    """Replace ``$$`` … ``$$`` blocks with spaces (line breaks kept).

    As the dollarmath rule of markdown-it read them: a line starting (after at most three
    spaces) with ``$$`` opens a block that the first line ending in ``$$`` closes, blank
    lines included; outside fenced code; an unclosed ``$$`` is no block.
    """
    lines = body.split("\n")
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
        elif opened := _CODE_FENCE.match(line):
            fence = opened.group(1)
        elif line.lstrip(" ").startswith("$$") and len(line) - len(line.lstrip(" ")) <= 3:
            first = line.strip()[2:]
            end = i if first.rstrip().endswith("$$") else -1
            for j in range(i + 1, len(lines)) if end < 0 else ():
                if lines[j].rstrip().endswith("$$"):
                    end = j
                    break
            if end >= 0:
                for k in range(i, end + 1):
                    lines[k] = _blank(lines[k])
                i = end
        i += 1
    return "\n".join(lines)


def _blank(line: str) -> str:
    return " " * len(line.rstrip("\r")) + ("\r" if line.endswith("\r") else "")


def _close_link(run: Run, link: list[Any], end: int, text: str) -> None:
    """Record a finished Markdown link or image and mask what Obsidian syntax can't use.

    ``[[a]](url)`` and ``![[a]](b.png)`` are wikilinks followed by text, as in Obsidian,
    where CommonMark alone would read a link whose label is ``[a]``.
    """
    start, inner_end, image, href = link
    opener = start + (2 if image else 1)
    if text.startswith("[", opener) and wikilink_close(text, opener + 1) >= 0:
        return
    run.links.append(MdLink(href, start, end, image))
    if image:
        run.link_masks.append((start, end))  # alt text is no place for links or tags
        return
    run.link_masks.append((inner_end, end))  # the destination and title
