"""Filters that cannot match say so: an unknown ``--kind`` is refused, and an empty
selection is explained ("no folder 'Nope'", "no note has a field 'ratin'") instead of an
empty answer that looks like a true one."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from vaultkit.errors import VaultkitError

if TYPE_CHECKING:
    from vaultkit.filters import NoteFilter
    from vaultkit.index import Index


class UnknownKind(VaultkitError):
    """``--kind`` names no configured kind."""


def known_kinds(index: Index) -> list[str]:
    """The kinds configured for this vault (defaults and ``[kinds]`` of .vaultkit.toml)."""
    from vaultkit.kinds import rules_from_config

    return list(rules_from_config(index.config.sections))


def check_kind(index: Index, kind: str | None) -> None:
    """Refuse a ``--kind`` that is not one of the vault's kinds."""
    if kind is None:
        return
    known = known_kinds(index)
    if kind.lower() not in known:
        close = difflib.get_close_matches(kind.lower(), known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UnknownKind(
            f"--kind {kind!r} is not a kind of this vault: {hint}known kinds are {', '.join(known)}"
        )


def _identifiers(expression: str) -> list[str]:
    """Names in a Dataview expression outside quoted strings and link literals, in one
    pass."""
    names: list[str] = []
    current: list[str] = []
    quote = ""
    previous = ""
    for char in expression + " ":
        if quote:
            if char == quote and previous != "\\":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "[":  # a link literal, [[Note]]: not a field
            quote = "]"
        elif char.isalnum() or char in "_-" or (char == "." and current):
            current.append(char)
            previous = char
            continue
        if current:
            word = "".join(current)
            if not word[0].isdigit() and char != "(":  # not a number, not a function call
                names.append(word.split(".", 1)[0])
            current = []
        previous = char
    return names


WORDS = {"and", "or", "true", "false", "null", "this", "file", "row", "date", "dur"}


def why_empty(index: Index, flt: NoteFilter) -> list[str]:
    """Why ``flt`` selects no note: each part of it that no note could match."""
    reasons: list[str] = []
    notes = list(index.notes())
    if flt.folder:
        folder = flt.folder.strip("/").lower()
        folders = {p.lower(): p for n in notes for p in _parents(n.path)}
        if folder not in folders:
            paths = index.note_paths(include_excluded=True)
            if folder in {p.lower() for path in paths for p in _parents(path)}:
                reasons.append(
                    f"folder {flt.folder!r} holds only excluded notes (Obsidian's Excluded"
                    " files or the ignore globs of .vaultkit.toml)"
                )
            else:
                close = difflib.get_close_matches(folder, sorted(folders), n=1)
                hint = f"; did you mean {folders[close[0]]!r}?" if close else ""
                reasons.append(f"no folder {flt.folder!r} in the vault{hint}")
    if flt.tag:
        tag = flt.tag.lstrip("#").lower()
        tags = {t.lower() for n in notes for t in n.tag_names()}
        if not any(t == tag or t.startswith(tag + "/") for t in tags):
            close = difflib.get_close_matches(tag, sorted(tags), n=1)
            hint = f"; did you mean #{close[0]}?" if close else ""
            reasons.append(f"no note has the tag #{flt.tag.lstrip('#')}{hint}")
    if flt.where:
        fields = {k.lower() for n in notes for k in n.frontmatter} | {
            f.key.lower() for n in notes for f in n.fields
        }
        for name in dict.fromkeys(_identifiers(flt.where)):
            if name.lower() in WORDS or name.lower() in fields:
                continue
            close = difflib.get_close_matches(name.lower(), sorted(fields), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            reasons.append(f"no note has a field {name!r}{hint}")
    if flt.kind and not reasons:
        reasons.append(f"no note of kind {flt.kind!r}")
    return reasons


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
