"""Obsidian's link resolution: which file a link target names.

From Obsidian's ``getLinkpathDest`` (app.js) and behaviour observed in the app
(markdown-vault-mcp reference; trip2g): an empty target is the note itself; a name
that only one file has is that file; ``./`` and ``../`` paths are relative to the linking
note; an exact vault path wins; else among files whose path ends with the target, those
below the linking note's folder come first, then the shortest path. Names compare
case-insensitively; a target without an extension looks for ``.md``; aliases never resolve.
"""

from __future__ import annotations

import posixpath
from typing import Protocol


class FileLookup(Protocol):
    """What resolution needs to know of the vault's files."""

    def named(self, filename_lower: str) -> list[str]:
        """Paths of files whose lower-cased file name is ``filename_lower``."""
        ...

    def exact(self, path_lower: str) -> str | None:
        """The path of the file whose lower-cased vault path is ``path_lower``."""
        ...


def target_key(target: str) -> str:
    """The lower-cased file name a target asks for, ``.md`` dropped: what invalidates it."""
    name = target.replace("\\", "/").rstrip("/").rpartition("/")[2].lower()
    return name[:-3] if name.endswith(".md") else name


def file_key(path: str) -> str:
    """The key of a file, comparable with :func:`target_key`."""
    return target_key(path)


def _candidate_names(name: str) -> list[str]:
    lowered = name.lower()
    return [lowered] if lowered.endswith(".md") else [lowered, lowered + ".md"]


def resolve_target(target: str, source: str, files: FileLookup) -> str | None:
    """The vault path ``target`` (as written in ``source``) resolves to, or None."""
    if not target:
        return source
    link = target.replace("\\", "/")
    folder = posixpath.dirname(source)
    if link.startswith(("./", "../")):
        joined = posixpath.normpath(posixpath.join(folder, link))
        if joined.startswith("../") or joined == "..":
            return None
        lowered = joined.lower()
        return files.exact(lowered) or (
            None if lowered.endswith(".md") else files.exact(lowered + ".md")
        )
    name = link.rpartition("/")[2]
    if not name:
        return None
    candidates = [path for n in _candidate_names(name) for path in files.named(n)]
    if "/" not in link and len(candidates) == 1:
        return candidates[0]
    stripped = link.lstrip("/").lower()
    exact = files.exact(stripped) or (
        None if stripped.endswith(".md") else files.exact(stripped + ".md")
    )
    if exact:
        return exact
    if link.startswith("/"):
        return None
    ends = (stripped,) if stripped.endswith(".md") else (stripped, stripped + ".md")
    matches = [p for p in candidates if p.lower().endswith(ends)]
    if not matches:
        return None
    prefix = folder.lower()
    matches.sort(key=lambda p: (not (prefix and p.lower().startswith(prefix)), len(p), p))
    return matches[0]


class MemoryLookup:
    """A :class:`FileLookup` over a list of paths held in memory."""

    def __init__(self, paths: list[str], ids: dict[str, int] | None = None) -> None:
        self.ids: dict[str, int] = ids or {}
        """Optional row ids of the paths, for callers that store links by id."""
        self.by_name: dict[str, list[str]] = {}
        self.by_path: dict[str, str] = {}
        for path in sorted(paths):
            self.by_name.setdefault(path.rpartition("/")[2].lower(), []).append(path)
            self.by_path.setdefault(path.lower(), path)

    def named(self, filename_lower: str) -> list[str]:
        return self.by_name.get(filename_lower, [])

    def exact(self, path_lower: str) -> str | None:
        return self.by_path.get(path_lower)
