"""A note's prose as a reader sees it: blocks (headings, paragraphs, points, quotes) in plain
text with their lines, sentences, paragraph citations like ``(4-5)``, and repeated paragraphs.

Works on the file's text, line by line, because clipped documents carry their structure in
lines that Markdown would merge (a pasted ``10,`` point, ``•`` bullets, a repeated first
paragraph). Pure: text in, records out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from vaultkit.model import Note
from vaultkit.parse.positions import split_lines


@dataclass(frozen=True)
class Block:
    """One unit of a note's text, markup removed."""

    kind: str
    """``heading``, ``paragraph``, ``point`` (list item, numbered point, ``•`` bullet) or
    ``quote`` (block quote or callout body) or ``table`` (text ``table, N rows``)."""
    text: str
    line: int
    section: str | None = None
    """Plain text of the nearest heading above."""
    marker: str | None = None
    """How a point is marked: ``3.``, ``10,``, ``•``, ``-``."""
    depth: int = 0
    level: int = 0
    """A heading's level."""
    rows: int = 0
    """A table's rows below its header and rule."""


# -- inline markup ---------------------------------------------------------------------------

_EMBED = re.compile(r"!\[\[[^\[\]\n]*+\]\]")
_WIKILINK = re.compile(r"\[\[([^\[\]\n]*+)\]\]")
_IMAGE = re.compile(r"!\[([^\[\]\n]*+)\]\([^()\n]*+\)")
_MDLINK = re.compile(r"\[([^\[\]\n]*+)\]\((?:<[^<>\n]*+>|[^()\s]*+(?:\([^()\s]*+\)[^()\s]*+)*+)\)")
_CODE = re.compile(r"(?<!`)`++([^`\n]*+)`++")
_BRACKET_FIELD = re.compile(r"[\[(][\w ./-]++::[^\[\]()\n]*+[\])]")
_HTML = re.compile(r"<[^<>\n]++>")
_MARKS = re.compile(r"(?<!\\)(?:\*|_|==|~~)++")
_BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]++\s*+$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~=<>])")
_SPACES = re.compile(r"[ \t]++")
"""Every pattern here is linear: no repetition another can take back (possessive
quantifiers, classes that exclude the opening bracket), so a line of 10,000 ``[`` costs
one pass (issue 16, "Linear time")."""


def _mark(match: re.Match[str]) -> str:
    """An emphasis run removed where it opens or closes a word, kept inside one
    (``snake_case``, ``2*3``) or between spaces (``a == b``)."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    inside_before, inside_after = before.isalnum(), after.isalnum()
    if inside_before and inside_after:
        return match.group(0)
    if before.isspace() and after.isspace():
        return match.group(0)
    return ""


def _wikilink_text(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, alias = inner.partition("|")
    if alias:
        return alias
    page, _, sub = target.partition("#")
    return page or sub.lstrip("^")


def plain(text: str) -> str:
    """Inline Markdown to the text a reader sees: links by their alias or name, no emphasis
    markers, code spans by their content, no HTML tags or block ids."""
    text = _EMBED.sub("", text)
    text = _WIKILINK.sub(_wikilink_text, text)
    text = _IMAGE.sub("", text)
    text = _MDLINK.sub(lambda m: m.group(1), text)
    text = _BRACKET_FIELD.sub("", text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = _HTML.sub("", text)
    text = _MARKS.sub(_mark, text)
    text = _BLOCK_ID.sub("", text)
    text = _ESCAPE.sub(lambda m: m.group(1), text)
    return _SPACES.sub(" ", text).strip()


# -- blocks ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)*+(`{3,}|~{3,})")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_TAG_WORD = re.compile(r"#[^\s#]*+")
_QUOTE = re.compile(r"^\s*>\s?")
_CALLOUT_HEAD = re.compile(r"^\[!([^\]\s]+)\][+-]?\s*(.*)$")
_BULLET = re.compile(r"^(\s*)([-*+•◦▪●‣·]|\d{1,9}[.)])(?:\s+\[.\])?\s+(.*)$")
_STAR_POINT = re.compile(r"^(\s*)\*(?=[A-Z\"“'‘])([^*]*)$")
_COMMA_POINT = re.compile(r"^(\s*)(\d{1,3}),\s+(?=[A-Z\"“'‘(])(.*)$")
_LINE_FIELD = re.compile(r"^\s*(?:[-*+]\s+)?[\w ./-]++::")
_CODE_FIELD = re.compile(r"^\s*`[^`\n]+:`")
_TERMINAL = frozenset(".!?:;\"”’')]…")
_TABLE_RULE = frozenset("|-: \t")


def _tags_only(line: str) -> bool:
    """A line of tags alone (``#reading #todo``); ``#1`` is not a tag."""
    words = line.split()
    return bool(words) and all(
        _TAG_WORD.fullmatch(w) and not w[1:].isdigit() and len(w) > 1 for w in words
    )


def _table_rule(line: str) -> bool:
    """The ``|---|:--:|`` line under a table's header."""
    text = line.strip()
    return "-" in text and "|" in text and set(text) <= _TABLE_RULE


def strip_comments(line: str, closer: str | None) -> tuple[str, str | None]:
    """``line`` without ``%%…%%`` and ``<!--…-->`` comments, and the closer still awaited
    when a comment runs past the line (``closer`` is the one awaited from before). One pass
    with ``str.find``: linear however many openers the line holds."""
    kept: list[str] = []
    position = 0
    while position <= len(line):
        if closer is not None:
            end = line.find(closer, position)
            if end < 0:
                return "".join(kept), closer
            position, closer = end + len(closer), None
            continue
        starts = [(line.find(o, position), o) for o in ("%%", "<!--")]
        found = [(at, o) for at, o in starts if at >= 0]
        if not found:
            kept.append(line[position:])
            break
        at, opener = min(found)
        kept.append(line[position:at])
        position, closer = at + len(opener), ("%%" if opener == "%%" else "-->")
    return "".join(kept), closer


def blocks(text: str, note: Note) -> list[Block]:
    """The note's text as blocks in order, each line of prose its own paragraph unless it
    continues a hard-wrapped one; a table is one ``table`` block (its rows counted, its
    cells never read as prose); code, math, comments, rules, tag-only and field lines and
    the frontmatter are left out."""
    lines, _ = split_lines(text)
    skip_to = note.frontmatter_lines[1] if note.frontmatter_lines else 0
    headings = {h.line: h for h in note.headings}
    item_depth = {item.line: item.depth for item in note.list_items}
    item_end = {item.line: item.end_line for item in note.list_items}
    field_lines = {f.line for f in note.fields if f.style in ("line", "code")}
    out: list[Block] = []
    parts: list[list[str]] = []
    section: str | None = None
    fence: str | None = None
    in_comment: str | None = None
    table: int | None = None
    last_number = 0
    previous_blank = True
    for number, raw in enumerate(lines, start=1):
        if number <= skip_to:
            continue
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            continue
        if table is not None:
            if raw.strip() and "|" in raw:
                out[table] = replace(out[table], rows=out[table].rows + 1)
                continue
            table = None
        line, was_open = raw, in_comment
        if in_comment is not None or "%%" in raw or "<!--" in raw:
            line, in_comment = strip_comments(raw, in_comment)
            if was_open is not None and not line.strip():
                continue
        elif (fenced := _FENCE.match(raw)) is not None:
            fence = fenced.group(1)
            continue
        if raw.strip() == "$$":
            fence = "$$"
            continue
        if number in headings:
            heading = headings[number]
            section = heading.plain
            out.append(Block("heading", heading.plain, number, section, level=heading.level))
            parts.append([heading.plain])
            previous_blank = True
            continue
        if not line.strip() or _RULE.match(line) or _tags_only(line):
            previous_blank = True
            continue
        if number in field_lines and (_LINE_FIELD.match(line) or _CODE_FIELD.match(line)):
            previous_blank = True
            continue
        if "|" in line and number < len(lines) and _table_rule(lines[number]):
            table = len(out)
            out.append(Block("table", "table, 0 rows", number, section, rows=-1))
            parts.append([])
            previous_blank = True
            continue
        block = _line_block(line, number, section, item_depth, last_number)
        if block is None:
            previous_blank = True
            continue
        if block.marker and block.marker[:-1].isdigit():
            last_number = int(block.marker[:-1])
        elif block.kind != "point":
            last_number = 0
        if _continues(out, parts, block, previous_blank) or _in_item(out, block, item_end):
            parts[-1].append(block.text)
        else:
            out.append(block)
            parts.append([block.text])
        previous_blank = False
    return [_finished(block, pieces) for block, pieces in zip(out, parts, strict=True)]


def _finished(block: Block, pieces: list[str]) -> Block:
    if block.kind == "table":
        return replace(block, text=f"table, {block.rows} rows")
    if len(pieces) > 1:
        return replace(block, text=" ".join(pieces))
    return block


def _line_block(
    line: str, number: int, section: str | None, depths: dict[int, int], last_number: int
) -> Block | None:
    if _QUOTE.match(line):
        body = line
        while _QUOTE.match(body):
            body = _QUOTE.sub("", body, count=1)
        head = _CALLOUT_HEAD.match(body.strip())
        if head:
            body = head.group(2)
        text = plain(body)
        return Block("quote", text, number, section) if text else None
    bullet = _BULLET.match(line)
    if bullet:
        _, marker, body = bullet.groups()
        text = plain(body)
        return (
            Block("point", text, number, section, marker, depths.get(number, 0)) if text else None
        )
    star = _STAR_POINT.match(line)
    if star:
        text = plain(star.group(2))
        return Block("point", text, number, section, "*", 0) if text else None
    comma = _COMMA_POINT.match(line)
    if comma and int(comma.group(2)) == last_number + 1 and last_number:
        text = plain(comma.group(3))
        return Block("point", text, number, section, comma.group(2) + ",", 0)
    text = plain(line)
    return Block("paragraph", text, number, section) if text else None


def _continues(
    out: list[Block], parts: list[list[str]], block: Block, previous_blank: bool
) -> bool:
    """Whether ``block`` is a hard-wrapped line of the paragraph (point, quote) before it:
    only its last line is looked at, so a paragraph of 100,000 lines costs one pass."""
    if previous_blank or not out or block.kind != "paragraph":
        return False
    if out[-1].kind not in ("paragraph", "point", "quote"):
        return False
    last_line = parts[-1][-1]
    return last_line[-1:] not in _TERMINAL and block.text[:1].islower()


def _in_item(out: list[Block], block: Block, item_end: dict[int, int]) -> bool:
    """Whether the paragraph line ``block`` lies inside the list item the point before it
    opened (a line indented under a bullet, or a second paragraph of the item: Markdown
    makes it part of the item, so it is part of the point)."""
    if block.kind != "paragraph" or not out or out[-1].kind != "point":
        return False
    return block.line <= item_end.get(out[-1].line, 0)


def normalized(text: str) -> str:
    """Text compared for repeats: case and spacing ignored."""
    return " ".join(re.findall(r"\w+", text.lower()))


def unique_blocks(items: Iterable[Block]) -> tuple[list[Block], int]:
    """Blocks with repeated paragraphs counted once, and how many repeats were dropped."""
    seen: set[str] = set()
    kept: list[Block] = []
    repeats = 0
    for block in items:
        key = normalized(block.text)
        if len(key) > 40 and key in seen:
            repeats += 1
            continue
        seen.add(key)
        kept.append(block)
    return kept, repeats


# -- sentences -------------------------------------------------------------------------------

_ABBREVIATIONS_TEXT = (
    "mr mrs ms dr st jr sr vs etc eg ie e.g i.e no nos vol pp fig cf approx gen gov sen"
    " rep rev prof inc ltd co corp dept est u.s u.k jan feb mar apr jun jul aug sep sept"
    " oct nov dec ave mt ft p"
)
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’)\]]*+\s++(?=[\"“'‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.]+)\.$")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph: split after . ! ? before a capital or digit, not after a
    known abbreviation or an initial (``V. I. Lenin``, ``U.S.``)."""
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[max(start, match.start() - 40) : match.start() + 1]
        word = _LAST_WORD.search(before)
        if word:
            token = word.group(1).lower()
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            if _INITIALS.fullmatch(token):
                continue
        piece = text[start : match.end()].strip()
        if piece:
            out.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


# -- citations -------------------------------------------------------------------------------

CITATION = re.compile(r"\((\d{1,3})(?:\s*[-–—]\s*(\d{1,3}))?\)(?=[.,;:!?]|\s*$)")
"""A paragraph citation closing a sentence: ``(3).``, ``(4-5)``, ``(27-28).``"""


def citations(text: str) -> list[tuple[int, int]]:
    """Paragraph ranges cited in ``text``: ``(4-5)`` gives (4, 5), ``(16)`` gives (16, 16)."""
    found = []
    for match in CITATION.finditer(text):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if last >= first:
            found.append((first, last))
    return found


SECTION_NUMBER = re.compile(r"^(\d{1,4})[.)]\s+(\S.*)$")


def section_number(heading: str) -> tuple[int | None, str]:
    """``13. A balance sheet`` gives (13, "A balance sheet")."""
    match = SECTION_NUMBER.match(heading)
    if match:
        return int(match.group(1)), match.group(2)
    return None, heading
