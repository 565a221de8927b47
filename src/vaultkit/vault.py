"""The vault on disk: its root, its configuration and Obsidian's excluded files, and reading
one note. Reading never writes. Finding the files is :mod:`vaultkit.walk`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from stat import S_ISREG
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


def file_entry(path: str, stamp: tuple[int, int], rules: IgnoreRules) -> FileEntry:
    """The full record of a scanned file: note or attachment, excluded or not."""
    check = rules.patterns or rules.globs
    return FileEntry(
        path, stamp[0], stamp[1], is_note_path(path), bool(check) and rules.excluded(path)
    )


def error_reason(error: OSError) -> str:
    """What the system says went wrong with a file."""
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
        return None, [Problem("unreadable", f"cannot read file: {error_reason(error)}")]
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
