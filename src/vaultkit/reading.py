"""Reading one note and resolving one link as Obsidian would: what an assistant asks first.

``read_note`` finds a note by name, path, alias or title (as ``links`` does) and returns a
page of its lines with line numbers, its frontmatter and its outline. ``resolve_link``
says which file a ``[[link]]`` written in a given note opens, and which other files share
its name (the candidates a bare name could have meant).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.errors import EmptyLink, NotANote, NoteNotWritten, VaultkitError

if TYPE_CHECKING:
    from vaultkit.index import Index


class OutsideVault(VaultkitError):
    """A path that leads outside the vault: never read, never returned."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path!r} is outside the vault; only notes inside it can be read")
        self.path = path


@dataclass(frozen=True)
class NoteLine:
    """One line of a note, numbered from 1 as editors and ``links`` number them."""

    line: int
    text: str


@dataclass(frozen=True)
class NotePage:
    """A page of a note's lines with what describes the whole note."""

    path: str
    title: str
    aliases: list[str]
    tags: list[str]
    frontmatter: dict[str, Any]
    outline: list[dict[str, Any]]
    """Headings: level, text and line."""
    line_count: int
    start: int
    """First line of this page (1-based)."""
    lines: list[NoteLine] = field(default_factory=list)

    @property
    def next_start(self) -> int | None:
        """The line the next page starts at, or None after the last line."""
        end = self.start + len(self.lines)
        return end if end <= self.line_count else None


def inside_vault(index: Index, path: str) -> Path:
    """The real file of vault path ``path``; raises OutsideVault when it (or a symlink on
    the way) leads out of the vault."""
    root = index.root.resolve()
    if path.startswith(("/", "\\")) or ".." in path.replace("\\", "/").split("/"):
        raise OutsideVault(path)
    real = (root / path).resolve()
    if not real.is_relative_to(root):
        raise OutsideVault(path)
    return real


def find_note(index: Index, query: str) -> str:
    """The vault path of the note ``query`` names (path, name, alias or title)."""
    from vaultkit.links import find_subject

    normalized = query.replace("\\", "/")
    if normalized.startswith("/") or ".." in normalized.split("/"):
        raise OutsideVault(query)
    path, _ = find_subject(index, query)
    if path is None:
        raise NoteNotWritten(query)
    return path


def read_note(index: Index, query: str, start: int = 1, limit: int | None = 200) -> NotePage:
    """Lines ``start`` .. ``start + limit - 1`` of the note ``query`` names, with its
    frontmatter, tags and outline."""
    from vaultkit.vault import read_text

    path = find_note(index, query)
    note = index.note(path)
    if note is None:
        raise NotANote(path) if not path.lower().endswith(".md") else NoteNotWritten(query)
    text, _ = read_text(inside_vault(index, path), index.config.max_file_bytes)
    if text is None:
        raise VaultkitError(f"{path}: cannot be read as UTF-8 text")
    lines = text.splitlines()
    first = max(1, start)
    chosen = lines[first - 1 :] if limit is None else lines[first - 1 : first - 1 + limit]
    return NotePage(
        path=path,
        title=note.title,
        aliases=list(note.aliases),
        tags=note.tag_names(),
        frontmatter=note.frontmatter,
        outline=[{"level": h.level, "text": h.plain, "line": h.line} for h in note.headings],
        line_count=len(lines),
        start=first,
        lines=[NoteLine(first + i, line) for i, line in enumerate(chosen)],
    )


@dataclass(frozen=True)
class LinkResolution:
    """What a ``[[link]]`` written in ``source`` opens."""

    link: str
    source: str | None
    target: str
    """The link's target as written (heading, block and display text split off)."""
    heading: str | None
    block: str | None
    resolved: str | None
    """The file Obsidian opens, or None: clicking the link would create a new note."""
    candidates: list[str]
    """Every file sharing the target's file name: what a bare name could have meant."""
    ambiguous: bool
    """More than one candidate: the resolution depends on the folder or the path written."""
    alias_of: list[str]
    """Notes with this target as an alias (Obsidian does not resolve aliases in links)."""
    anchor_found: bool | None = None
    """Whether the note it opens has the heading or block id the link names (None: the link
    names none, or opens no note); Obsidian opens the note at its top when it lacks them."""
    anchor_hint: str | None = None
    """The note's heading closest to a missing one."""


class _IndexFiles:
    """Resolution's view of the vault's files, straight from the index."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def named(self, filename_lower: str) -> list[str]:
        rows = self.index.query(
            "SELECT path FROM files WHERE filename_lower = ? ORDER BY path", (filename_lower,)
        )
        return [p for (p,) in rows]

    def exact(self, path_lower: str) -> str | None:
        rows = self.index.query("SELECT path FROM files WHERE path_lower = ?", (path_lower,))
        return rows[0][0] if rows else None


def split_link(link: str) -> tuple[str, str | None, str | None]:
    """Target, heading and block of a link written as ``[[t#h|alias]]``, ``![[t]]`` or ``t``."""
    text = link.strip()
    if text.startswith("!"):
        text = text[1:]
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2]
    if not text.startswith("|"):  # `[[|alias]]` links to `|alias` (docs/obsidian-compat.md)
        text = text.partition("|")[0]
    target, _, anchor = text.partition("#")
    heading = block = None
    if anchor.startswith("^"):
        block = anchor[1:] or None
    elif anchor:
        heading = anchor
    return target.strip(), heading, block


def resolve_link(index: Index, link: str, source: str | None = None) -> LinkResolution:
    """Which file ``link`` opens when written in the note ``source`` names (the vault root
    when None), and the files a bare name could have meant."""
    from vaultkit.resolve import resolve_target

    target, heading, block = split_link(link)
    if not target and heading is None and block is None:
        raise EmptyLink(f"{link!r} names no note: write [[Name]], [[Name#Heading]] or a name")
    if not target and not source:
        raise EmptyLink(f"{link!r} points into the note it is written in: name that note (--from)")
    from_path = find_note(index, source) if source else ""
    files = _IndexFiles(index)
    resolved = resolve_target(target, from_path or "_.md", files) if target or from_path else None
    name = target.replace("\\", "/").rpartition("/")[2].lower()
    candidates = sorted(
        {*files.named(name), *([] if name.endswith(".md") else files.named(name + ".md"))}
    )
    found, hint = _anchor(index, resolved, heading, block)
    return LinkResolution(
        link=link,
        source=from_path or None,
        target=target,
        heading=heading,
        block=block,
        resolved=resolved,
        candidates=candidates,
        ambiguous=len(candidates) > 1,
        alias_of=index.alias_owners(target) if target else [],
        anchor_found=found,
        anchor_hint=hint,
    )


def _anchor(
    index: Index, resolved: str | None, heading: str | None, block: str | None
) -> tuple[bool | None, str | None]:
    """Whether the note at ``resolved`` has ``heading`` (as ``check`` compares headings) or
    ``block``, and its closest heading when it lacks the heading."""
    if resolved is None or not resolved.lower().endswith(".md") or not (heading or block):
        return None, None
    note = index.note(resolved)
    if note is None:
        return None, None
    if block:
        return block.lower() in {b.id.lower() for b in note.block_ids}, None
    import difflib

    from vaultkit.check.link_rules import find_heading

    assert heading is not None
    if find_heading(note.headings, heading):
        return True, None
    close = difflib.get_close_matches(heading, [h.plain for h in note.headings], n=1, cutoff=0.5)
    return False, close[0] if close else None
