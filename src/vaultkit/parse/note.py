"""Text and vault path in, a Note record out: pure, no I/O, never raises on content."""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from vaultkit.model import (
    BlockId,
    Callout,
    Field,
    Heading,
    Link,
    LinkKind,
    ListItem,
    Note,
    Problem,
    Quote,
    Span,
    Tag,
    TagSource,
)
from vaultkit.parse.fields import find_fields
from vaultkit.parse.frontmatter import (
    ParsedFrontmatter,
    RawFrontmatter,
    ScalarPlace,
    find_frontmatter,
    legacy_key_problems,
    parse_yaml,
    read_aliases,
    read_tags,
)
from vaultkit.parse.inline import MASK, scan
from vaultkit.parse.markdown import Close, Open, Run, blocks
from vaultkit.parse.positions import split_lines
from vaultkit.parse.syntax import (
    WIKILINK_IN_TEXT,
    WikiParts,
    is_external,
    is_valid_tag,
    split_wikilink,
)
from vaultkit.parse.words import count_words

_TASK = re.compile(r"^\[(.)\](?:[ \t]+|$)")
_CALLOUT = re.compile(r"^\[!([^\]\s]+)\]([+-]?)[ \t]*(.*)$")
_BLOCK_ID_END = re.compile(r"(?:^|\s)\^([A-Za-z0-9-]+)$")
_NOT_NEWLINE = re.compile(r"[^\r\n]")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass
class _Block:
    """A blockquote being collected into a Callout or a Quote."""

    line: int
    end_line: int
    texts: list[str] = field(default_factory=list)


@dataclass
class _Item:
    line: int
    end_line: int
    depth: int
    parent: int | None
    section: str | None
    text: str = ""
    task: str | None = None
    seen_text: bool = False


class _Collector:
    """Reads the Markdown layer's blocks once and gathers a note's parts with positions."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        self.starts = starts
        self.links: list[Link] = []
        self.tags: list[Tag] = []
        self.headings: list[Heading] = []
        self.fields: list[Field] = []
        self.items: list[_Item] = []
        self.callouts: list[Callout] = []
        self.quotes: list[Quote] = []
        self.block_ids: list[BlockId] = []
        self.in_comment = False
        self.section: str | None = None
        self.comments: list[tuple[int, bool]] = []  # each %%: file offset, state after it
        self.shown: list[tuple[int, int, str]] = []  # wikilinks and %%: range, text shown
        self.shown_starts: list[int] = []
        self.field_marks = "::" in text or "`" in text  # no inline field can be without

    def line_of(self, offset: int) -> int:
        """The 0-based line of a character offset."""
        return bisect_right(self.starts, offset) - 1

    def span(self, start: int, end: int) -> Span:
        line = bisect_right(self.starts, start) - 1
        return Span(line + 1, start - self.starts[line] + 1, start, max(end, start))

    def walk(self, blocks: Iterable[Run | Open | Close]) -> None:
        """Scan every run of the note at once, then replay the block structure."""
        stream = list(blocks)
        runs = [block for block in stream if block.__class__ is Run]
        self._scan(runs)
        item_stack: list[int] = []
        quotes: list[_Block] = []
        for block in stream:
            if block.__class__ is Run:
                item = item_stack[-1] if item_stack else None
                content = self._run(block, item, bool(quotes))
                if quotes:
                    quotes[0].texts.append(content)
            elif block.__class__ is Open:
                if block.kind == "item":
                    parent = item_stack[-1] if item_stack else None
                    self.items.append(
                        _Item(block.line, block.end_line, len(item_stack), parent, self.section)
                    )
                    item_stack.append(len(self.items) - 1)
                else:
                    quotes.append(_Block(block.line, block.end_line))
            elif block.kind == "item":
                if item_stack:
                    item_stack.pop()
            elif quotes:
                quote = quotes.pop()
                if not quotes:
                    self._finish_quote(quote)

    def _scan(self, runs: list[Run]) -> None:
        """Find wikilinks, tags, comments and Markdown links in all the note's runs.

        The scanner reads a view of the file of the same length: text outside any run's
        lines (code blocks, container prefixes, frontmatter) becomes line breaks, masked
        ranges become ``MASK``, so every offset found is a file offset.
        """
        text = self.text
        raw: list[str] = []
        pos = 0
        any_masks = False
        for run in runs:
            any_masks = any_masks or bool(run.masks or run.link_masks)
            for a, b in run.lines:
                if a > pos:
                    raw.append("\n" * (a - pos))
                if b > a:
                    raw.append(text[a:b])
                if b > pos:
                    pos = b
        raw_view = "".join(raw)
        masked_view = raw_view
        if any_masks:
            masked_view = _masked(raw_view, [m for r in runs for m in (*r.masks, *r.link_masks)])
        links: list[Link] = []
        wiki_starts: list[int] = []
        for piece in scan(masked_view, raw_view):
            begin, end = piece.start, piece.end
            if piece.kind == "comment":
                self.in_comment = not self.in_comment
                self.comments.append((begin, self.in_comment))
                self.shown.append((begin, end, ""))
            elif piece.kind == "tag":
                self.tags.append(
                    Tag(piece.text, TagSource.INLINE, self.span(begin, end), self.in_comment)
                )
            else:
                parts = split_wikilink(piece.text)
                links.append(self._wikilink(parts, begin, end, piece.embed))
                self.shown.append((begin, end, parts.alias or parts.target or piece.text))
                wiki_starts.append(begin)
        self.shown_starts = [w[0] for w in self.shown]
        has_md = False
        for run in runs:
            for md in run.links:
                if not md.href or self._inside_shown(md.start):
                    continue
                k = bisect_right(wiki_starts, md.start)
                if k < len(wiki_starts) and wiki_starts[k] < md.end:
                    continue  # wikilinks are read first: [see [[a]]](url) is only [[a]]
                label = self._plain(run, md.start, md.end)
                k = bisect_right(self.comments, (md.start,)) - 1
                in_comment = self.comments[k][1] if k >= 0 else False
                links.append(
                    self._markdown_link(md.href, label, md.start, md.end, md.embed, in_comment)
                )
                has_md = True
        if has_md:
            links.sort(key=lambda link: link.span.start)
        self.links.extend(links)

    def _inside_shown(self, offset: int) -> bool:
        """Whether ``offset`` falls strictly inside a wikilink or comment delimiter."""
        k = bisect_right(self.shown_starts, offset - 1) - 1
        return k >= 0 and self.shown[k][0] < offset < self.shown[k][1]

    def _finish_quote(self, quote: _Block) -> None:
        first = quote.texts[0] if quote.texts else ""
        head, _, rest = first.partition("\n")
        match = _CALLOUT.match(head)
        if match:
            body = "\n\n".join([rest, *quote.texts[1:]]).strip()
            self.callouts.append(
                Callout(
                    match.group(1).lower(),
                    match.group(2),
                    match.group(3).strip(),
                    body,
                    quote.line,
                    quote.end_line,
                )
            )
        else:
            text = "\n\n".join(quote.texts).strip()
            self.quotes.append(Quote(text, quote.line, quote.end_line))

    def _run(self, run: Run, item_index: int | None, in_quote: bool) -> str:
        """Headings, block ids, fields and list item text of one run; returns its content
        when a quote needs it or a heading holds it."""
        text = self.text
        heading = run.kind == "heading"
        item = None
        if item_index is not None and run.kind in ("paragraph", "item"):
            item = self.items[item_index]
            if item.seen_text:
                item = None
            else:
                item.seen_text = True
        if not run.lines:
            if heading:
                line = self.line_of(run.start) + 1
                self.headings.append(Heading(run.level, "", "", line))
                self.section = ""
            return ""
        first, last = run.lines[0][0], run.lines[-1][1]
        content = ""
        if heading or in_quote:
            content = "\n".join([text[a:b] for a, b in run.lines])
        if heading:
            plain = self._plain(run, -1, len(text) + 1)
            self.headings.append(Heading(run.level, content, plain, self.line_of(first) + 1))
            self.section = plain
        elif text.find("^", first, last) >= 0:
            a, b = run.lines[-1]
            match = _BLOCK_ID_END.search(text[a:b].rstrip())
            if match:
                self.block_ids.append(BlockId(match.group(1), self.line_of(a) + 1))
        if self.field_marks and (
            text.find("::", first, last) >= 0 or text.find("`", first, last) >= 0
        ):
            self._fields(run, item_index)
        if item is not None:
            first_line = self._plain(run, -1, len(text) + 1).split("\n", 1)[0]
            task = _TASK.match(text[first : run.lines[0][1]])
            if task:
                item.task = task.group(1)
                first_line = _TASK.sub("", first_line, count=1)
            item.text = first_line.strip()
        return content

    def _plain(self, run: Run, start: int, end: int) -> str:
        """The run's text between file offsets ``start`` and ``end`` as a reader sees it:
        markup and ``%%`` dropped, wikilinks shown by their alias or target."""
        pieces = run.pieces
        if start < 0 and not self.shown:  # the common case: a block's whole text
            return "".join([value for _, _, value in pieces]).strip()
        if start >= 0:
            if run.piece_starts is None:
                run.piece_starts = [piece[0] for piece in pieces]
            pieces = pieces[
                bisect_left(run.piece_starts, start) : bisect_left(run.piece_starts, end)
            ]
        low = max(start, run.lines[0][0]) if run.lines else start
        high = min(end, run.lines[-1][1]) if run.lines else end
        k = max(bisect_right(self.shown_starts, low) - 1, 0)
        shown = []
        while k < len(self.shown) and self.shown[k][0] < high:
            if self.shown[k][1] > low:
                shown.append(self.shown[k])
            k += 1
        if not shown:
            return "".join(
                [value for a, b, value in pieces if b <= end and (a, b) != (start, end)]
            ).strip()
        out: list[str] = []
        done: set[int] = set()
        first = 0  # shown ranges before ``first`` end before the current piece
        for a, b, value in pieces:
            if b > end or (a, b) == (start, end):
                continue
            while first < len(shown) and shown[first][1] <= a:
                first += 1
            cursor, k, touched = a, first, False
            while k < len(shown) and shown[k][0] < b:
                begin, stop, display = shown[k]
                if stop > a:
                    touched = True
                    if begin > cursor:
                        out.append(_unescape(self.text[cursor:begin]))
                    if k not in done:
                        out.append(display)
                        done.add(k)
                    cursor = max(cursor, stop)
                k += 1
            if not touched:
                out.append(value)
            elif cursor < b:
                out.append(_unescape(self.text[cursor:b]))
        return "".join(out).strip()

    def _wikilink(self, parts: WikiParts, begin: int, end: int, embed: bool) -> Link:
        target = parts.target
        return Link(
            target,
            LinkKind.WIKI,
            self.span(begin, end),
            self.text[begin:end],
            embed,
            parts.heading,
            parts.block,
            parts.alias,
            "://" in target and is_external(target),
            self.in_comment,
        )

    def _markdown_link(
        self, href: str, label: str, begin: int, end: int, embed: bool, in_comment: bool
    ) -> Link:
        """A Markdown link; an empty ``href`` (``[]()``, ``[alias]()``) is never one
        (tasks-data), so the caller skips those."""
        external = is_external(href)
        target, heading, block = href, None, None
        if not external:
            path, hash_, sub = href.partition("#")
            target = unquote(path)
            if hash_:
                sub = unquote(sub)
                if sub.startswith("^"):
                    block = sub[1:]
                else:
                    heading = sub
        return Link(
            target=target,
            kind=LinkKind.MARKDOWN,
            span=self.span(begin, end),
            raw=self.text[begin:end],
            embed=embed,
            heading=heading,
            block=block,
            alias=label or None,
            external=external,
            in_comment=in_comment,
        )

    def _fields(self, run: Run, item_index: int | None) -> None:
        text = self.text
        first = run.lines[0][0]
        hidden = _masked(text[first : run.lines[-1][1]], run.masks, first, " ")
        for a, b in run.lines:
            line = text[a:b]
            for raw in find_fields(line, hidden[a - first : b - first]):
                value_span = self.span(a + raw.value_start, a + raw.value_end)
                self.fields.append(
                    Field(raw.key, raw.value, raw.style, value_span.line, value_span, item_index)
                )


def _masked(view: str, masks: list[tuple[int, int]], base: int = 0, fill: str = MASK) -> str:
    """``view`` (the file from offset ``base``) with the ranges ``masks`` filled, line
    breaks kept."""
    if not masks:
        return view
    size = len(view)
    out: list[str] = []
    pos = 0  # everything before ``pos`` is in ``out``
    for low, high in sorted(masks):
        lo, hi = max(low - base, pos), min(high - base, size)
        if lo < hi:  # overlapping masks: only the part not filled yet
            out.append(view[pos:lo])
            out.append(_NOT_NEWLINE.sub(fill, view[lo:hi]))
            pos = hi
    out.append(view[pos:])
    return "".join(out)


def _unescape(source: str) -> str:
    """Markdown source text as read: backslash escapes and character references resolved."""
    if "\\" in source:
        source = _ESCAPE.sub(r"\1", source)
    return html.unescape(source) if "&" in source else source


def _frontmatter_parts(
    raw: RawFrontmatter,
    parsed: ParsedFrontmatter,
    text: str,
    starts: list[int],
    tag_keys: tuple[str, ...],
) -> tuple[list[Tag], list[Link]]:
    """Tags of the tag properties and wikilinks in any property, located in the file from
    the YAML nodes' own positions."""
    first = raw.first_line  # 0-based index of the first YAML line

    def extent(place: ScalarPlace) -> tuple[int, int]:
        return starts[first + place.line] + place.col, starts[
            first + place.end_line
        ] + place.end_col

    def span_at(start: int, end: int) -> Span:
        line = bisect_right(starts, start) - 1
        return Span(line + 1, start - starts[line] + 1, start, end)

    tags: list[Tag] = []
    for key in tag_keys:
        value = parsed.data.get(key)
        if (isinstance(value, str) and "," in value) or not isinstance(value, list | str | int):
            continue  # a comma-separated string or a mapping gives no tags (read_tags says why)
        # Names come from the scalars as written: YAML 1.1 would read `yes` as a boolean,
        # Obsidian (YAML 1.2) reads the tag `yes`.
        for place in parsed.scalars:
            name = place.value.strip().lstrip("#") if place.key == key else ""
            if not name or not is_valid_tag(name):
                continue
            start, end = extent(place)
            inner = text.find(name, start, end)
            if inner >= 0:
                start, end = inner, inner + len(name)
            tags.append(Tag(name, TagSource.FRONTMATTER, span_at(start, end)))
    links: list[Link] = []
    for place in parsed.scalars:
        if "[[" not in place.value:
            continue
        start, end = extent(place)
        cursor = start
        for match in WIKILINK_IN_TEXT.finditer(place.value):
            parts = split_wikilink(match.group(2))
            found = text.find(match.group(0), cursor, end)
            if found >= 0:
                link_start, link_end = found, found + len(match.group(0))
                cursor = link_end
            else:  # quoting changed the text (escapes, folding): point at the whole value
                link_start, link_end = start, end
            links.append(
                Link(
                    target=parts.target,
                    kind=LinkKind.FRONTMATTER,
                    span=span_at(link_start, link_end),
                    raw=text[link_start:link_end],
                    embed=bool(match.group(1)),
                    heading=parts.heading,
                    block=parts.block,
                    alias=parts.alias,
                    key=place.key,
                )
            )
    return tags, links


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _mark_field_tags(tags: list[Tag], fields: list[Field]) -> list[Tag]:
    """Tags written inside an inline field's value are field tags."""
    if not fields:
        return tags
    ranges = [(f.value_span.start, f.value_span.end) for f in fields]
    out = []
    for tag in tags:
        if any(a <= tag.span.start < b for a, b in ranges):
            tag = Tag(tag.name, TagSource.FIELD, tag.span, tag.in_comment)
        out.append(tag)
    return out


def parse_note(text: str, path: str, *, legacy_keys: bool = False) -> Note:
    """Read one note as Obsidian does. ``text`` is decoded, without a BOM.

    ``legacy_keys`` also reads the singular ``tag``/``alias`` properties of old vaults,
    which current Obsidian ignores.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines, starts = split_lines(text)
    name = path.rpartition("/")[2]
    if name.lower().endswith(".md"):
        name = name[:-3]
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    raw = find_frontmatter(lines)
    parsed: ParsedFrontmatter | None = None
    body_from = 0
    if raw is not None:
        parsed = parse_yaml(raw)
        data, problems = parsed.data, list(parsed.problems)
        body_from = raw.last_line
    elif lines and lines[0].rstrip() == "---" and len(lines) > 1:
        problems.append(
            Problem(
                "frontmatter-unclosed",
                "frontmatter opened with --- is never closed; Obsidian reads it as text",
                1,
                "warning",
            )
        )
    fm_tags: list[Tag] = []
    fm_links: list[Link] = []
    aliases: list[str] = []
    if raw is not None and parsed is not None:
        tag_keys = ("tags", "tag") if legacy_keys else ("tags",)
        fm_tags, fm_links = _frontmatter_parts(raw, parsed, text, starts, tag_keys)

        def key_line(key: str) -> int:
            return raw.first_line + 1 + parsed.key_lines.get(key, -1) if raw else 1

        for key in tag_keys:
            problems.extend(read_tags({"tags": data.get(key)}, key_line(key))[1])
        problems.extend(legacy_key_problems(data, key_line))
        aliases = read_aliases(data)
        if legacy_keys:
            aliases.extend(read_aliases({"aliases": data.get("alias")}))

    collector = _Collector(text, starts)
    body_start = starts[body_from] if body_from < len(starts) else len(text)
    collector.walk(blocks(text, body_start, collector.line_of))

    h1 = next((h.plain for h in collector.headings if h.level == 1), None)
    fm_title = data.get("title")
    title = fm_title.strip() if isinstance(fm_title, str) and fm_title.strip() else h1 or name
    tags = fm_tags + _mark_field_tags(collector.tags, collector.fields)
    words = count_words(text, body_start)
    return Note(
        path=path,
        name=name,
        title=title,
        h1=h1,
        frontmatter=data,
        frontmatter_lines=(raw.first_line, raw.last_line) if raw else None,
        aliases=tuple(aliases),
        tags=tuple(tags),
        links=tuple(fm_links + collector.links),
        headings=tuple(collector.headings),
        fields=tuple(collector.fields),
        list_items=tuple(
            ListItem(i.line, i.end_line, i.depth, i.parent, i.text, i.task, i.section)
            for i in collector.items
        ),
        callouts=tuple(collector.callouts),
        quotes=tuple(collector.quotes),
        block_ids=tuple(collector.block_ids),
        problems=tuple(problems),
        word_count=words,
        line_count=len(lines) if text else 0,
    )
