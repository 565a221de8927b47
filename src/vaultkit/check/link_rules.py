"""Rules over links, each resolved as Obsidian resolves it (the index did that): broken
links, links written as an alias, ambiguous names, missing headings and block ids, embeds of
missing attachments."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vaultkit.check.model import Edit, Finding, Place

if TYPE_CHECKING:
    from vaultkit.check.context import CheckContext
    from vaultkit.model import Heading, Link, Note

_HEADING_PUNCTUATION = str.maketrans(dict.fromkeys(":#|^\\[]", " "))


def heading_key(text: str) -> str:
    """A heading as Obsidian compares it with the heading part of a link: characters a link
    cannot hold (``: # | ^ \\ [ ]``) and ``%%`` read as spaces, runs of spaces as one,
    ends trimmed, case ignored (docs/obsidian-compat.md, "Links to headings")."""
    return " ".join(text.replace("%%", " ").translate(_HEADING_PUNCTUATION).split()).casefold()


def did_you_mean(heading: str) -> str:
    """The hint naming the closest heading, its own ``?`` not doubled."""
    return f"did you mean #{heading}" + ("" if heading.endswith("?") else "?")


def find_heading(headings: tuple[Heading, ...], wanted: str) -> bool:
    """Whether ``wanted`` (``A`` or a chain ``A#B``: B somewhere below A) names headings of
    the note, in order. A part matches a heading's plain text or its text as typed
    (Obsidian writes ``[[#`move`]]`` for ``### `move```)."""
    keys = [{heading_key(h.plain), heading_key(h.text)} for h in headings]
    at = 0
    for part in (p for p in wanted.split("#") if p.strip()):
        key = heading_key(part)
        while at < len(keys) and key not in keys[at]:
            at += 1
        if at == len(keys):
            return False
        at += 1
    return True


def _place(note: Note, link: Link) -> Place:
    return Place(note.path, link.span.line, link.span.col)


def _links(ctx: CheckContext) -> Iterator[tuple[Note, Link]]:
    for note in (*ctx.notes, *ctx.linking):
        for link in note.links:
            if not link.external:
                yield note, link


def _is_attachment(target: str) -> bool:
    name = target.replace("\\", "/").rpartition("/")[2]
    dot = name.rfind(".")
    return dot > 0 and name[dot + 1 :].lower() != "md"


def _written_name(ctx: CheckContext, path: str) -> str:
    """How to link ``path`` unambiguously: its name when no other file shares it."""
    name = path.rpartition("/")[2]
    stem = name[:-3] if name.lower().endswith(".md") else name
    shared = ctx.name_counts().get(stem.lower(), 0) + ctx.name_counts().get(name.lower(), 0)
    if shared <= 1:
        return stem
    return path[:-3] if path.lower().endswith(".md") else path


def broken_links(ctx: CheckContext) -> Iterator[Finding]:
    """Links no file answers (embeds of attachments and aliases have their own rules)."""
    for note, link in _links(ctx):
        if link.resolved is not None or not link.target:
            continue
        if link.embed and _is_attachment(link.target):
            continue
        if link.kind == "wiki" and ctx.alias_owners(link.target):
            continue
        name = link.target.replace("\\", "/").rpartition("/")[2].removesuffix(".md")
        close = ctx.closest_name(name)
        fix = (
            f"did you mean [[{close}]]? else create the note"
            if close
            else f"create the note {name!r} or correct the link"
        )
        yield Finding(
            "broken-link",
            "error",
            f"{link.raw}: no note {link.target!r}",
            [_place(note, link)],
            fix,
        )


def alias_links(ctx: CheckContext) -> Iterator[Finding]:
    """``[[sects]]`` where ``sects`` is only an alias: Obsidian never resolves aliases."""
    for note, link in _links(ctx):
        if link.resolved is not None or not link.target or link.kind != "wiki":
            continue
        owners = ctx.alias_owners(link.target)
        if not owners:
            continue
        written = _written_name(ctx, owners[0])
        sub = f"#{link.heading}" if link.heading else f"#^{link.block}" if link.block else ""
        shown = link.alias or link.target
        new = f"{'!' if link.embed else ''}[[{written}{sub}|{shown}]]"
        edits = []
        if len(owners) == 1:
            edits = [Edit(note.path, "splice", link.raw, new, link.span.start, link.span.end)]
        yield Finding(
            "alias-link",
            "warning",
            f"{link.raw}: {link.target!r} is an alias of {', '.join(owners)}; Obsidian does not"
            " resolve aliases",
            [_place(note, link)],
            f"write {new}",
            related=owners,
            edits=edits,
        )


def ambiguous_links(ctx: CheckContext) -> Iterator[Finding]:
    """A bare name several files share: Obsidian picks one (same folder first, then the
    shortest path), which may not be the one meant."""
    counts = ctx.name_counts()
    for note, link in _links(ctx):
        target = link.target.replace("\\", "/")
        if link.resolved is None or not target or "/" in target:
            continue
        lowered = target.lower()
        if (
            counts.get(lowered, 0)
            + (0 if lowered.endswith(".md") else counts.get(lowered + ".md", 0))
            < 2
        ):
            continue
        names = [lowered] if lowered.endswith(".md") else [lowered, lowered + ".md"]
        candidates = [p for n in names for p in ctx.files_named(n)]
        if len(candidates) < 2:
            continue
        yield Finding(
            "ambiguous-link",
            "warning",
            f"{link.raw}: {len(candidates)} files are named {target!r} ({', '.join(candidates)});"
            f" Obsidian opens {link.resolved}",
            [_place(note, link)],
            f"write the path: [[{link.resolved.removesuffix('.md')}]]",
            related=candidates,
        )


def missing_headings(ctx: CheckContext) -> Iterator[Finding]:
    """``[[Note#No such heading]]``: the note exists, the heading does not."""
    for note, link in _links(ctx):
        if not link.heading or link.resolved is None or not link.resolved.lower().endswith(".md"):
            continue
        target = ctx.note(link.resolved)
        if target is None or find_heading(target.headings, link.heading):
            continue
        plains = [h.plain for h in target.headings]
        close = difflib.get_close_matches(link.heading, plains, n=1, cutoff=0.5)
        fix = did_you_mean(close[0]) if close else "link the note, or a heading it has"
        yield Finding(
            "missing-heading",
            "error",
            f"{link.raw}: {link.resolved} has no heading {link.heading!r}",
            [_place(note, link)],
            fix,
        )


def missing_blocks(ctx: CheckContext) -> Iterator[Finding]:
    """``[[Note#^nope]]``: the note exists, no paragraph ends in that block id."""
    for note, link in _links(ctx):
        if not link.block or link.resolved is None or not link.resolved.lower().endswith(".md"):
            continue
        target = ctx.note(link.resolved)
        if target is None:
            continue
        ids = {b.id.lower() for b in target.block_ids}
        if link.block.lower() in ids:
            continue
        yield Finding(
            "missing-block",
            "error",
            f"{link.raw}: {link.resolved} has no block ^{link.block}",
            [_place(note, link)],
            f"add ^{link.block} at the end of the paragraph meant, or correct the id",
        )


def missing_embeds(ctx: CheckContext) -> Iterator[Finding]:
    """``![[map.png]]`` where no file has that name."""
    for note, link in _links(ctx):
        if link.resolved is not None or not link.embed or not _is_attachment(link.target):
            continue
        yield Finding(
            "missing-embed",
            "error",
            f"{link.raw}: no attachment {link.target!r}",
            [_place(note, link)],
            "add the file to the vault, or correct the name",
        )
