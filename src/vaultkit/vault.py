"""The vault on disk: its root, its configuration, its files, and reading one note.

Reading never writes. Files are found with ``os.scandir``; hidden files and folders
(``.obsidian``, ``.trash``) are skipped as Obsidian skips them, and a symlink is followed
only when it leads to a place inside the vault.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from stat import S_IFREG, S_ISDIR, S_ISLNK, S_ISREG
from typing import Any

from vaultkit.errors import ConfigError, VaultNotFound
from vaultkit.model import Note, Problem

CONFIG_FILE = ".vaultkit.toml"
CONFIG_KEYS = ("ignore", "legacy_keys", "max_file_mb", "date_order", "kinds")
"""The keys and tables of .vaultkit.toml that vaultkit reads; others draw a warning."""
DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Config:
    """A vault's settings, from ``.vaultkit.toml`` with defaults for what it leaves out."""

    ignore: tuple[str, ...] = ()
    """fnmatch patterns of vault paths to leave out of listings (``*`` crosses folders)."""
    legacy_keys: bool = False
    """Also read the singular ``tag``/``alias`` properties that Obsidian 1.9+ ignores."""
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    date_order: str = "MDY"
    sections: dict[str, Any] = field(default_factory=dict)
    """Every table of the file, for the parts of vaultkit that read their own section."""
    warnings: tuple[str, ...] = ()
    """What the file holds that vaultkit does not read (an unknown key, maybe misspelt)."""

    def digest(self) -> str:
        """A fingerprint of what changes how notes are read (the index rebuilds on change)."""
        key = json.dumps(
            [
                self.ignore,
                self.legacy_keys,
                self.max_file_bytes,
                self.date_order,
                self.sections.get("kinds"),
            ],
            sort_keys=True,
            default=str,
        )
        return hashlib.sha1(key.encode()).hexdigest()[:16]


def unknown_keys(data: dict[str, Any], path: Path) -> tuple[str, ...]:
    """A warning for each top-level key vaultkit does not read, naming the closest known."""
    import difflib

    found = []
    for key in data:
        if key in CONFIG_KEYS:
            continue
        close = difflib.get_close_matches(key, CONFIG_KEYS, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(CONFIG_KEYS)})"
        found.append(f"{path.name}: unknown key {key!r} is ignored{hint}")
    return tuple(found)


def load_config(root: Path) -> Config:
    """Read ``.vaultkit.toml`` at the vault root, or defaults when there is none."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
        raise ConfigError(f"{path}: {error}") from error
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(p, str) for p in ignore):
        raise ConfigError(f"{path}: 'ignore' must be a list of strings")
    max_mb = data.get("max_file_mb", DEFAULT_MAX_FILE_BYTES / 1024 / 1024)
    date_order = str(data.get("date_order", "MDY")).upper()
    if date_order not in ("MDY", "DMY", "YMD"):
        raise ConfigError(f"{path}: date_order must be MDY, DMY or YMD")
    return Config(
        warnings=unknown_keys(data, path),
        ignore=tuple(ignore),
        legacy_keys=bool(data.get("legacy_keys", False)),
        max_file_bytes=int(float(max_mb) * 1024 * 1024),
        date_order=date_order,
        sections={k: v for k, v in data.items() if isinstance(v, dict)},
    )


def find_root(explicit: str | Path | None, cwd: Path | None = None) -> Path:
    """The vault root: ``explicit`` if given, else the nearest ancestor with ``.obsidian/``,
    else the working directory."""
    if explicit:
        root = Path(explicit).expanduser()
        if root.is_file():
            raise VaultNotFound(
                f"--vault {root} is a file: give the vault's folder (the one holding .obsidian/)"
            )
        if not root.is_dir():
            raise VaultNotFound(f"vault folder not found: {root}")
        return root.resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".obsidian").is_dir():
            return folder
    return here


def vault_notice(explicit: str | Path | None, root: Path) -> str | None:
    """What a user should know about the vault found: a ``--vault`` below the real vault
    (links would resolve against part of it), or a folder used with no ``.obsidian/``."""
    if (root / ".obsidian").is_dir():
        return None
    above = next((f for f in root.parents if (f / ".obsidian").is_dir()), None)
    if explicit and above is not None:
        inside = root.relative_to(above).as_posix()
        return (
            f"warning: {root} is inside the vault {above} (it holds .obsidian/): links resolve"
            f" against that part only; to read the vault and keep to this folder, use"
            f" --vault {above} --folder {inside!r}"
        )
    if not explicit:
        return f"note: no .obsidian/ folder here or above; reading {root} as the vault"
    return None


class IgnoreRules:
    """Obsidian's excluded files (``userIgnoreFilters``) and vaultkit's ``ignore`` globs.

    Obsidian (app.js ``updateUserIgnoreFilters``): an entry ``/re/`` is a case-insensitive
    regular expression searched in the path; any other entry is a case-insensitive prefix.
    """

    def __init__(self, obsidian_filters: list[str], globs: tuple[str, ...]) -> None:
        self.patterns: list[re.Pattern[str]] = []
        for entry in obsidian_filters:
            entry = entry.strip()
            if not entry:
                continue
            try:
                if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
                    self.patterns.append(re.compile(entry[1:-1], re.IGNORECASE))
                else:
                    self.patterns.append(re.compile("^" + re.escape(entry), re.IGNORECASE))
            except re.error:
                continue  # Obsidian skips a bad regex too
        self.globs = globs

    def excluded(self, path: str) -> bool:
        """Whether a vault path is hidden from listings."""
        if any(p.search(path) for p in self.patterns):
            return True
        return any(
            fnmatchcase(path, g) or fnmatchcase(path, g.rstrip("/") + "/*") for g in self.globs
        )


def load_ignore_rules(root: Path, config: Config) -> IgnoreRules:
    """Ignore rules from ``.obsidian/app.json`` and the config."""
    filters: list[str] = []
    app = root / ".obsidian" / "app.json"
    try:
        data = json.loads(app.read_text(encoding="utf-8"))
        raw = data.get("userIgnoreFilters") if isinstance(data, dict) else None
        if isinstance(raw, list):
            filters = [str(f) for f in raw if isinstance(f, str)]
    except (OSError, ValueError):
        pass
    return IgnoreRules(filters, config.ignore)


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file found in the vault."""

    path: str
    size: int
    mtime_ns: int
    is_note: bool
    excluded: bool


def is_note_path(path: str) -> bool:
    """Markdown files are notes; every other file is an attachment."""
    return path.lower().endswith(".md")


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
                problems.append((prefix or ".", Problem("unreadable-folder", _reason(error))))
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
                        problems.append((prefix + name, Problem("unreadable", _reason(error))))
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
            problems.append((prefix + name, Problem("unreadable", _reason(error))))

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


def file_entry(path: str, stamp: tuple[int, int], rules: IgnoreRules) -> FileEntry:
    """The full record of a scanned file: note or attachment, excluded or not."""
    check = rules.patterns or rules.globs
    return FileEntry(
        path, stamp[0], stamp[1], is_note_path(path), bool(check) and rules.excluded(path)
    )


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


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def read_text(path: Path, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """A note's text, decoded as UTF-8 without BOM, or None with the reason."""
    try:
        # Non-blocking open: a note replaced by a FIFO since the scan must not hang us.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
            if not S_ISREG(info.st_mode):
                return None, [Problem("unreadable", "not a regular file; not read")]
            # Sized from fstat (max_bytes + 1 would allocate max_bytes every time), one
            # byte more so that growth shows; then on to the end, bounded: a read can
            # return less than asked (network file systems), or the file grew.
            size = info.st_size
            want = min(size, max_bytes) + 1
            data = os.read(fd, want)
            while len(data) < want or size < len(data) <= max_bytes:
                more = os.read(fd, (want if len(data) < want else max_bytes + 1) - len(data))
                if not more:
                    break
                data += more
        finally:
            os.close(fd)
    except OSError as error:
        return None, [Problem("unreadable", f"cannot read file: {_reason(error)}")]
    if len(data) > max_bytes:
        limit = max_bytes / 1024 / 1024
        return None, [
            Problem("too-large", f"file is larger than {limit:g} MB; not read (max_file_mb)")
        ]
    if b"\x00" in data[:8192]:
        return None, [Problem("binary", "file holds binary data, not text; not read")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("utf-8", errors="replace")
        return text, [
            Problem(
                "not-utf8",
                f"not valid UTF-8 at byte {error.start}; read with replacement characters",
                line,
            )
        ]


def load_note(root: Path, path: str, config: Config) -> tuple[Note, str]:
    """Read and parse one note; a file that cannot be read is an empty note with problems."""
    from dataclasses import replace

    from vaultkit.kinds import NoteFacts, note_facts, rules_from_config
    from vaultkit.parse.note import parse_note

    text, problems = read_text(root / path, config.max_file_bytes)
    rules = rules_from_config(config.sections)
    try:
        note = parse_note(text or "", path, legacy_keys=config.legacy_keys)
        facts = note_facts(note, rules, config.date_order)
    except Exception as error:  # a bug of ours: name the note, go on with the vault
        text = None
        name = path.rpartition("/")[2]
        name = name[:-3] if name.lower().endswith(".md") else name
        note, facts = Note(path=path, name=name, title=name), NoteFacts((), None, None)
        problems.append(
            Problem(
                "internal-error",
                f"vaultkit failed to read this note ({type(error).__name__}: {error});"
                " it is indexed as empty. Please report this with the note if you can.",
            )
        )
    note = replace(
        note,
        problems=tuple(problems) + note.problems,
        kinds=facts.kinds,
        date=facts.date,
        org=facts.org,
    )
    return note, text or ""
