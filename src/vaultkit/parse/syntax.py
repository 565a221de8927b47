"""Obsidian's character-level rules for tags and wikilinks, shared by every parser.

Sources: obsidian-help "Tags.md" (allowed characters, at least one non-digit, nesting),
obsidian-help issue #816 (characters that end a tag), "Internal links.md" (link forms).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Characters that may stand right before '#' for it to start a tag, besides whitespace and
# the start of a line (app.js: `(^|\s)#`). Metadata captured from the app also shows tags
# after `[` (`\[\[#Escaped Links\]\]`) and after `_`; a letter, digit or other punctuation
# (`a#b`, `(#x)`, `"#x"`, `.#x`, `url/#frag`) blocks a tag.
TAG_OPENERS = frozenset("[_")


def is_tag_char(ch: str) -> bool:
    """Whether ``ch`` may continue a tag body."""
    code = ord(ch)
    if code < 128:
        return (ch.isalnum() or ch in "_-/") and code >= 0x20
    if ch.isspace() or code in (0xFEFF, 0xFFFD) or code < 0x20 or 0x7F <= code < 0xA0:
        return False
    # General Punctuation and Supplemental Punctuation end a tag (em dash, curly quotes).
    return not (0x2000 <= code <= 0x206F or 0x2E00 <= code <= 0x2E7F)


def can_open_tag(prev: str) -> bool:
    """Whether a '#' preceded by ``prev`` ('' at the start of a line) may start a tag."""
    return prev == "" or prev.isspace() or prev == "\ufeff" or prev in TAG_OPENERS


TAG_BODY = re.compile(
    "[0-9A-Za-z_/\\-\u00a1-\u167f\u1681-\u1fff\u2070-\u2dff\u2e80-\u2fff"
    "\u3001-\ufefe\uff00-\ufffc\ufffe-\U0010ffff]+"
)
"""``is_tag_char`` as a character class, for speed (a test checks every code point)."""


def tag_body_length(text: str, pos: int, end: int | None = None) -> int:
    """Length of the tag body starting at ``pos`` (just after '#'); 0 when there is none."""
    match = TAG_BODY.match(text, pos, len(text) if end is None else end)
    return match.end() - pos if match else 0


def is_valid_tag(body: str) -> bool:
    """A tag body is valid when every character may be in a tag and one is not a digit."""
    return TAG_BODY.fullmatch(body) is not None and not body.isdigit()


_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def is_external(target: str) -> bool:
    """Whether a link destination points outside the vault (a URL scheme or ``//``)."""
    if len(target) > 2 and target[1] == ":" and target[0].isalpha() and target[2] in "/\\":
        return True  # a Windows drive path is outside the vault too
    return bool(_EXTERNAL.match(target))


class WikiParts(NamedTuple):
    """The parts of a ``[[...]]`` link's inner text."""

    target: str
    heading: str | None
    block: str | None
    alias: str | None


def split_wikilink(inner: str) -> WikiParts:
    """Split the text between ``[[`` and ``]]`` into target, heading, block and alias.

    A ``|`` splits off the alias unless it is the first character; ``\\|`` (a pipe escaped
    inside a table) splits too. The first ``#`` starts the subpath; ``#^id`` is a block.
    """
    alias: str | None = None
    bar = inner.find("|", 1)
    if bar > 0:
        alias = inner[bar + 1 :]
        inner = inner[: bar - 1] if inner[bar - 1] == "\\" else inner[:bar]
    target, hash_, sub = inner.partition("#")
    heading: str | None = None
    block: str | None = None
    if hash_:
        if sub.startswith("^"):
            block = sub[1:].strip()
        else:
            heading = sub.strip()
    return WikiParts(target.strip(), heading, block, alias.strip() if alias is not None else None)


WIKILINK_IN_TEXT = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
