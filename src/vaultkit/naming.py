"""Notes named the way people type them: a name, an alias, a vault path, a path relative
to the current folder or absolute (as the shell completes it) inside the vault, or a
wikilink copied from a note (``[[Name]]``, ``[[Name|shown]]``, ``[[Name#Heading]]``)."""

from __future__ import annotations

from pathlib import Path


def unwrap_wikilink(text: str) -> str:
    """``Name`` from ``[[Name]]``, ``![[Name]]``, ``[[Name|shown]]`` or ``[[Name#Heading]]``;
    anything else unchanged. Linear: one scan for each separator."""
    stripped = text.strip()
    if stripped.startswith("!"):
        stripped = stripped[1:]
    if not (stripped.startswith("[[") and stripped.endswith("]]")):
        return text
    inner = stripped[2:-2]
    for separator in ("|", "#", "^"):
        inner = inner.split(separator, 1)[0]
    return inner.strip() or text


def typed_note(root: Path, text: str, cwd: Path | None = None) -> str:
    """What ``text`` names, as the index looks notes up: a file path that exists inside
    the vault (relative to ``cwd`` or absolute) becomes its vault path; a wikilink its
    target; anything else is returned as typed (a name, alias, title or vault path)."""
    name = unwrap_wikilink(text)
    if name != text:
        return name
    if "/" not in text and "\\" not in text and not text.endswith(".md"):
        return text
    candidate = Path(text).expanduser()
    if not candidate.is_absolute():
        candidate = (cwd or Path.cwd()) / candidate
    try:
        resolved = candidate.resolve()
        if not resolved.is_file():
            return text
        return resolved.relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):  # outside the vault, or unreadable: as typed
        return text
