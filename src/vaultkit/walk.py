"""The walk over a vault's folders: the size and mtime of every visible file, and the
problems met on the way.

One ``stat`` per file and nothing else, since it runs before every command. Hidden files
and folders (``.obsidian``, ``.trash``) are skipped as Obsidian skips them, a symlink is
followed only when it leads to a place inside the vault, and a name that is not UTF-8 is
skipped with a warning. ``vault_check`` walks the same way in its children.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from stat import S_IFREG, S_ISDIR, S_ISLNK, S_ISREG
from typing import Any

from vaultkit.model import Problem
from vaultkit.vault import error_reason, is_note_path

Stamps = dict[str, tuple[int, int]]
"""Vault path -> (size, mtime_ns) of every visible file."""


def scan(
    root: Path, weights: dict[str, int] | None = None, followed: list[str] | None = None
) -> tuple[Stamps, list[tuple[str, Problem]]]:
    """Size and mtime of every visible file below ``root``, and problems met on the way.
    ``followed``, when given, gets the vault paths of the symlinks the walk followed.

    One ``stat`` per file and nothing else: this runs before every command, so it builds
    one plain dict that the index compares with what it stored in a single C-level ``==``.
    ``weights`` (files per top-level folder at the last scan) splits a large vault's walk
    between this process and a forked one, so that both cores stat files.
    """
    real_root = os.path.realpath(root)
    walk = _Walk(real_root)
    if followed is not None:
        walk.followed = followed
    if not weights or sum(weights.values()) < SPLIT_SCAN_FILES or not hasattr(os, "fork"):
        walk.run([(str(root), "")])
        return walk.stamps, walk.problems
    folders = walk.run([(str(root), "")], descend=False)
    mine, *theirs = share(folders, weights, 2)
    return walk.split(mine, theirs[0] if theirs else [])


Folder = tuple[str, str]
"""A folder to walk: its file-system path and its vault path prefix (``a/b/``)."""


def share(folders: list[Folder], weights: dict[str, int], workers: int) -> list[list[Folder]]:
    """``folders`` in ``workers`` groups: one keeps the walk's own order; more are shared
    heaviest first (``weights``: files per top-level folder), each to the lightest group,
    the same way by every walk (the scan's and ``vault_check``'s), so that each group sees
    symlinks as the scan that stored the stamps saw them. The first group always, the
    others when not empty."""
    if workers == 1:
        return [list(folders)]
    groups: list[list[Folder]] = [[] for _ in range(workers)]
    load = [0] * workers
    for folder in sorted(folders, key=lambda f: -weights.get(f[1].rstrip("/"), 0)):
        side = load.index(min(load))
        load[side] += weights.get(folder[1].rstrip("/"), 0)
        groups[side].append(folder)
    return [groups[0], *(g for g in groups[1:] if g)]


_FILE_TYPE = 0o170000
"""The bits of ``st_mode`` that hold the type of a file (POSIX ``S_IFMT``)."""

_BY_DIR_FD = os.stat in os.supports_dir_fd and os.listdir in os.supports_fd
"""Whether entries can be ``stat``-ed relative to their open folder (POSIX, not Windows)."""
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)

SPLIT_SCAN_FILES = 30_000
"""Vaults with at least this many files are walked by two processes."""


class _Walk:
    """One walk over folders: stamps of regular files, problems, symlink rules."""

    def __init__(self, real_root: str) -> None:
        self.real_root = real_root
        self.inside = real_root + os.sep
        self.visited = {real_root}
        self.stamps: Stamps = {}
        self.problems: list[tuple[str, Problem]] = []
        self.followed: list[str] = []
        """Vault paths of the symlinks followed (their files are found under two names)."""

    def run(self, stack: list[tuple[str, str]], descend: bool = True) -> list[tuple[str, str]]:
        """Walk ``stack``; without ``descend``, return the folders met instead of entering.

        Each folder is opened once and its entries are ``stat``-ed by name relative to it
        (``dir_fd``) where the system allows: the kernel resolves one name, not the whole
        path, and no ``DirEntry`` is built (about 0.3x less CPU than ``os.scandir`` at
        100,000 files)."""
        found: list[tuple[str, str]] = []
        stamps, problems, stat = self.stamps, self.problems, os.stat
        into = stack if descend else found
        while stack:
            folder, prefix = stack.pop()
            fd: int | None = None
            try:
                if _BY_DIR_FD:
                    fd = os.open(folder, _FOLDER_FLAGS)
                    names = os.listdir(fd)
                else:
                    names = os.listdir(folder)
            except OSError as error:
                if fd is not None:
                    os.close(fd)
                problems.append((prefix or ".", Problem("unreadable-folder", error_reason(error))))
                continue
            base = "" if fd is not None else os.path.join(folder, "")
            if not _all_utf8(names):
                names = self._drop_undecodable(names, prefix)
            try:
                for name in names:
                    if name[0] == ".":
                        continue
                    try:
                        info = stat(base + name, dir_fd=fd, follow_symlinks=False)
                    except OSError as error:
                        problems.append((prefix + name, Problem("unreadable", error_reason(error))))
                        continue
                    if info.st_mode & _FILE_TYPE == S_IFREG:  # most entries: inline, no calls
                        stamps[prefix + name] = (info.st_size, info.st_mtime_ns)
                    else:
                        self._other(os.path.join(folder, name), name, info, prefix, into)
            finally:
                if fd is not None:
                    os.close(fd)
        return found

    def _drop_undecodable(self, names: list[str], prefix: str) -> list[str]:
        """``names`` without those that are not valid UTF-8, each reported: no vault path
        (a link, the index, JSON) can name such a file or folder (see ``UNDECODABLE``)."""
        kept = []
        for name in names:
            if _all_utf8([name]):
                kept.append(name)
            elif name[0] != ".":
                self.problems.append((prefix + shown_name(name), _problem(UNDECODABLE)))
        return kept

    def _other(
        self, path: str, name: str, info: os.stat_result, prefix: str, into: list[tuple[str, str]]
    ) -> None:
        """An entry that is not a regular file: a folder (pushed on ``into``), a symlink
        (followed when it stays inside the vault), anything else named like a note."""
        problems = self.problems
        try:
            mode = info.st_mode
            if S_ISLNK(mode):
                target = os.path.realpath(path)
                if target != self.real_root and not target.startswith(self.inside):
                    problems.append((prefix + name, _problem("symlink-outside")))
                    return
                info = os.stat(path)
                mode = info.st_mode
                self.followed.append(prefix + name)
                if S_ISDIR(mode):
                    if target in self.visited:
                        problems.append((prefix + name, _problem("symlink-loop")))
                        return
                    self.visited.add(target)
            if S_ISDIR(mode):
                if prefix == "":
                    self.visited.add(os.path.realpath(path))
                into.append((path, prefix + name + "/"))
            elif S_ISREG(mode):
                self.stamps[prefix + name] = (info.st_size, info.st_mtime_ns)
            elif is_note_path(name):  # a FIFO, socket or device named like a note
                problems.append((prefix + name, _problem("not-a-file")))
        except OSError as error:
            problems.append((prefix + name, Problem("unreadable", error_reason(error))))

    def split(
        self, mine: list[tuple[str, str]], theirs: list[tuple[str, str]]
    ) -> tuple[Stamps, list[tuple[str, Problem]]]:
        """Walk ``theirs`` in a forked child and ``mine`` here; merge what both found."""
        import marshal

        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: walk, send, leave without running any cleanup
            code = 0
            try:
                os.close(read_end)
                child = _Walk(self.real_root)
                child.visited = set(self.visited)
                child.run(theirs)
                sent = [(p, pr.code, pr.message, pr.line, pr.severity) for p, pr in child.problems]
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(marshal.dumps((child.stamps, sent, child.followed)))
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        self.run(mine)
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        stamps: Any = None
        found: Any = None
        links: Any = None
        with contextlib.suppress(ValueError, EOFError, TypeError):
            stamps, found, links = marshal.loads(data)
        if status != 0 or not isinstance(stamps, dict) or not isinstance(links, list):
            self.run(theirs)  # the child failed: walk its part here
            return self.stamps, self.problems
        self.stamps.update(stamps)
        self.followed.extend(links)
        self.problems.extend((p, Problem(c, m, line, sev)) for p, c, m, line, sev in found)
        return self.stamps, self.problems


UNDECODABLE = "name-not-utf8"
"""The problem code of a file or folder whose name is not valid UTF-8 (a name from another
system's encoding, say Latin-1 ``caf\\xe9.md``): the scan skips it, and what it holds."""


def _all_utf8(names: list[str]) -> bool:
    """Whether every name of a folder's listing is valid UTF-8: the file system's bytes
    that are not come back as lone surrogates (``surrogateescape``), which no UTF-8 text
    holds. One encode per folder, not one per name."""
    try:
        "/".join(names).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown_name(name: str) -> str:
    """A name that is not valid UTF-8, printable: its bad bytes as ``\\xe9``."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no byte gave (Windows)
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


_SCAN_PROBLEMS = {
    UNDECODABLE: "name is not valid UTF-8; skipped (rename it to read it)",
    "symlink-outside": "symlink leads outside the vault; skipped",
    "symlink-loop": "symlink loops back to a folder already read; skipped",
    "not-a-file": "not a regular file (a FIFO, socket or device); skipped",
}


def _problem(code: str) -> Problem:
    return Problem(code, _SCAN_PROBLEMS[code], None, "warning")
