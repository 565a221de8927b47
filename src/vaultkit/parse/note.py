"""Text and vault path in, a Note record out: pure, no I/O, never raises on content."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
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
from vaultkit.parse.markdown import markdown_parser
from vaultkit.parse.positions import ContentMap, split_lines
from vaultkit.parse.syntax import WIKILINK_IN_TEXT, is_external, is_valid_tag, split_wikilink

if TYPE_CHECKING:
    from markdown_it.token import Token

_TASK = re.compile(r"^\[(.)\](?:[ \t]+|$)")
_CALLOUT = re.compile(r"^\[!([^\]\s]+)\]([+-]?)[ \t]*(.*)$")
_BLOCK_ID_END = re.compile(r"(?:^|\s)\^([A-Za-z0-9-]+)$")
_WORD = re.compile(r"\w[\w'’-]*")
_MASKED_TOKENS = {"code_inline", "math_inline", "math_inline_double", "html_inline"}


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
    """Walks markdown-it's tokens once and gathers a note's parts with file positions."""

    def __init__(self, text: str, lines: list[str], starts: list[int]) -> None:
        self.text = text
        self.lines = lines
        self.starts = starts
        self.cursors: dict[int, int] = {}
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

    def span(self, cmap: ContentMap, begin: int, end: int) -> Span:
        line, col = cmap.locate(begin)
        end_line, end_col = cmap.locate(max(begin, end - 1))
        end_col += 1 if end > begin else 0
        start = self.starts[line] + col
        stop = self.starts[end_line] + end_col
        return Span(line + 1, col + 1, start, max(stop, start))

    def walk(self, tokens: list[Token]) -> None:
        item_stack: list[int] = []
        quote: _Block | None = None
        quote_depth = 0
        parents: list[Token] = []
        for token in tokens:
            kind = token.type
            if token.nesting == 1:
                parents.append(token)
            elif token.nesting == -1 and parents:
                parents.pop()
            if kind == "list_item_open" and token.map:
                parent = item_stack[-1] if item_stack else None
                self.items.append(
                    _Item(token.map[0] + 1, token.map[1], len(item_stack), parent, self.section)
                )
                item_stack.append(len(self.items) - 1)
            elif kind == "list_item_close" and item_stack:
                item_stack.pop()
            elif kind == "blockquote_open":
                if quote_depth == 0 and token.map:
                    quote = _Block(token.map[0] + 1, token.map[1])
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
                if quote_depth == 0 and quote is not None:
                    self._finish_quote(quote)
                    quote = None
            elif kind == "inline" and token.map:
                container = parents[-1] if parents else None
                self._inline(token, container, item_stack[-1] if item_stack else None)
                if quote is not None:
                    quote.texts.append(token.content)

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

    def _inline(self, token: Token, container: Token | None, item_index: int | None) -> None:
        assert token.map is not None
        shared_line = container is not None and container.type in ("th_open", "td_open")
        content = token.content
        cmap = ContentMap(content, token.map[0], self.lines, self.cursors, eager=shared_line)
        children = token.children or []
        is_heading = container is not None and container.type == "heading_open"
        first_of_item = False
        if item_index is not None and container is not None and container.type == "paragraph_open":
            item = self.items[item_index]
            if not item.seen_text:
                item.seen_text = first_of_item = True
        may_have_fields = "::" in content or "`" in content
        masked = list(content) if "::" in content else []
        link_stack: list[tuple[Token, int]] = []
        plain_parts: list[str] = []
        for child in children:
            span = (child.meta or {}).get("span")
            kind = child.type
            if kind == "obsidian_comment":
                self.in_comment = not self.in_comment
            elif kind == "wikilink":
                self._wikilink(child, cmap)
                parts = child.meta["parts"]
                plain_parts.append(parts.alias or parts.target or child.content)
            elif kind == "tag" and span:
                begin, end = span
                self.tags.append(
                    Tag(
                        child.content,
                        TagSource.INLINE,
                        self.span(cmap, begin, end),
                        self.in_comment,
                    )
                )
                plain_parts.append("#" + child.content)
            elif kind == "link_open":
                link_stack.append((child, len(plain_parts)))
            elif kind == "link_close" and link_stack:
                opener, at = link_stack.pop()
                label = "".join(plain_parts[at:])
                href = opener.attrGet("href")
                if span := (opener.meta or {}).get("span"):
                    self._markdown_link(str(href or ""), label, span, cmap, embed=False)
            elif kind == "image":
                if span:
                    self._markdown_link(
                        str(child.attrGet("src") or ""), child.content, span, cmap, embed=True
                    )
                plain_parts.append(child.content)
            elif kind in ("text", "code_inline", "math_inline", "math_inline_double"):
                plain_parts.append(child.content)
            elif kind in ("softbreak", "hardbreak"):
                plain_parts.append(" ")
            if masked and kind in _MASKED_TOKENS and span:
                for i in range(span[0], min(span[1], len(masked))):
                    if masked[i] != "\n":
                        masked[i] = " "
        plain = "".join(plain_parts).strip()
        if is_heading and container is not None:
            level = int(container.tag[1:]) if container.tag[1:].isdigit() else 1
            self.headings.append(Heading(level, token.content, plain, token.map[0] + 1))
            self.section = plain
        if may_have_fields:
            self._fields(cmap, "".join(masked) if masked else content, item_index)
        if not is_heading and "^" in content:
            self._block_id(token, cmap)
        if first_of_item and item_index is not None:
            item = self.items[item_index]
            first_line = plain.split("\n", 1)[0]
            task = _TASK.match(token.content)
            if task:
                item.task = task.group(1)
                first_line = _TASK.sub("", first_line, count=1)
            item.text = first_line.strip()

    def _wikilink(self, child: Token, cmap: ContentMap) -> None:
        parts = child.meta["parts"]
        begin, end = child.meta["span"]
        span = self.span(cmap, begin, end)
        self.links.append(
            Link(
                target=parts.target,
                kind=LinkKind.WIKI,
                span=span,
                raw=self._source(span),
                embed=child.meta["embed"],
                heading=parts.heading,
                block=parts.block,
                alias=parts.alias,
                external=is_external(parts.target) and "://" in parts.target,
                in_comment=self.in_comment,
            )
        )

    def _markdown_link(
        self, href: str, label: str, span: tuple[int, int], cmap: ContentMap, embed: bool
    ) -> None:
        if not href:
            return  # []() and [alias]() are not links (tasks-data)
        where = self.span(cmap, span[0], span[1])
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
        self.links.append(
            Link(
                target=target,
                kind=LinkKind.MARKDOWN,
                span=where,
                raw=self._source(where),
                embed=embed,
                heading=heading,
                block=block,
                alias=label or None,
                external=external,
                in_comment=self.in_comment,
            )
        )

    def _source(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def _fields(self, cmap: ContentMap, masked: str, item_index: int | None) -> None:
        content_lines = cmap.content_lines
        masked_lines = masked.split("\n")
        offset = 0
        for k, line in enumerate(content_lines):
            for raw in find_fields(line, masked_lines[k] if k < len(masked_lines) else line):
                value_span = self.span(cmap, offset + raw.value_start, offset + raw.value_end)
                self.fields.append(
                    Field(raw.key, raw.value, raw.style, value_span.line, value_span, item_index)
                )
            offset += len(line) + 1

    def _block_id(self, token: Token, cmap: ContentMap) -> None:
        content_lines = cmap.content_lines
        if content_lines:
            last = content_lines[-1].rstrip()
            match = _BLOCK_ID_END.search(last)
            if match:
                self.block_ids.append(
                    BlockId(match.group(1), token.map[0] + len(content_lines) if token.map else 0)
                )


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

    body = "\n" * body_from + "\n".join(lines[body_from:])
    collector = _Collector(text, lines, starts)
    collector.walk(markdown_parser().parse(body))

    h1 = next((h.plain for h in collector.headings if h.level == 1), None)
    fm_title = data.get("title")
    title = fm_title.strip() if isinstance(fm_title, str) and fm_title.strip() else h1 or name
    tags = fm_tags + _mark_field_tags(collector.tags, collector.fields)
    words = sum(len(_WORD.findall(line)) for line in lines[body_from:])
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
