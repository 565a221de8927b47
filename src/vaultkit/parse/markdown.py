"""The markdown-it setup and vaultkit's Obsidian plugin: wikilink, tag and %%comment%% rules.

Each rule is ``(state, silent) -> bool`` in markdown-it's style: it returns False fast,
honours ``silent``, pushes one token whose ``meta`` holds the parsed parts and the
token's ``span`` (offsets into the inline content ``state.src``), and never raises.
Built-in rules whose tokens we read (links, images, code spans, math) are wrapped to
record their span the same way, since inline tokens carry no positions of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from vaultkit.parse.syntax import can_open_tag, split_wikilink, tag_body_length

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

InlineRule = Callable[["StateInline", bool], bool]


def _next(state: StateInline, needle: str, start: int) -> int:
    """``state.src.find(needle, start)`` remembered per text: amortized linear even on
    pathological input such as ten thousand ``[[`` without a closing ``]]``."""
    memo = state.env.setdefault("_vaultkit_next", {})
    key = (needle, id(state.src), len(state.src))
    known = memo.get(key)
    if known is not None:
        searched_from, found = known
        if searched_from <= start and (found == -1 or found >= start):
            return int(found)
    found = state.src.find(needle, start)
    memo[key] = (start, found)
    return found


def wikilink_rule(state: StateInline, silent: bool) -> bool:
    """``[[target#heading|alias]]`` and the embed ``![[...]]``, on one line."""
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return False
    inner_start = pos + (3 if embed else 2)
    close = _next(state, "]]", inner_start)
    if close < inner_start or close + 2 > state.posMax:
        return False
    newline = _next(state, "\n", inner_start)
    nested = _next(state, "[[", inner_start)
    if 0 <= newline < close or 0 <= nested < close or close == inner_start:
        return False
    inner = src[inner_start:close]
    if not silent:
        parts = split_wikilink(inner)
        token = state.push("wikilink", "", 0)
        token.content = inner
        token.meta = {"parts": parts, "embed": embed, "span": (pos, close + 2)}
    state.pos = close + 2
    return True


def tag_rule(state: StateInline, silent: bool) -> bool:
    """``#tag``, ``#nested/tag``; ``#a#b`` gives two tags; ``#2021`` is no tag."""
    src, pos = state.src, state.pos
    if src[pos] != "#":
        return False
    if not can_open_tag(src[pos - 1] if pos > 0 else ""):
        return False
    found: list[tuple[int, int]] = []
    start = pos
    while start < state.posMax and src[start] == "#":
        length = tag_body_length(src, start + 1, state.posMax)
        body = src[start + 1 : start + 1 + length]
        if not length or body.isdigit():
            break
        found.append((start, start + 1 + length))
        start += 1 + length
    if not found:
        return False
    if not silent:
        for begin, end in found:
            token = state.push("tag", "", 0)
            token.content = src[begin + 1 : end]
            token.meta = {"span": (begin, end)}
    state.pos = found[-1][1]
    return True


def comment_rule(state: StateInline, silent: bool) -> bool:
    """An Obsidian ``%%`` comment delimiter; what lies between still counts as content."""
    if not state.src.startswith("%%", state.pos):
        return False
    if not silent:
        token = state.push("obsidian_comment", "", 0)
        token.meta = {"span": (state.pos, state.pos + 2)}
    state.pos += 2
    return True


def with_span(rule: InlineRule, triggers: str) -> InlineRule:
    """Wrap a built-in rule so the first non-text token it pushes records its span.

    ``triggers`` are the characters the rule can start at: any other position is
    rejected before the rule is called, which keeps the wrapper off the hot path.
    """
    needs_bracket = "[" in triggers or "!" in triggers

    def spanned(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] not in triggers:
            return False
        if needs_bracket and _next(state, "]", start) < 0:
            return False  # no label can close: spare markdown-it its quadratic label scan
        count = len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            for token in state.tokens[count:]:
                if token.type != "text":
                    token.meta = {**(token.meta or {}), "span": (start, state.pos)}
                    break
        return True

    return spanned


SPANNED_RULES = {
    "backticks": "`",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "math_inline": "$",
    "math_inline_double": "$",
}


def obsidian_plugin(md: MarkdownIt) -> None:
    """Add Obsidian's inline syntax to ``md`` and record spans of built-in tokens."""
    md.inline.ruler.before("link", "wikilink", wikilink_rule)
    md.inline.ruler.before("link", "tag", tag_rule)
    md.inline.ruler.before("link", "obsidian_comment", comment_rule)
    for rule in md.inline.ruler.__rules__:
        if rule.name in SPANNED_RULES:
            rule.fn = with_span(rule.fn, SPANNED_RULES[rule.name])
    md.inline.ruler.__cache__ = None


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one configured parser: CommonMark + GFM tables and strikethrough, HTML, math."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(obsidian_plugin)
    return md
