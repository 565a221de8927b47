"""The SQLite index of one vault: where it lives, how it is refreshed, what it answers.

The index lives outside the vault (the user cache folder, one file per vault) and is
refreshed incrementally before every command. Its parts:

- ``storage``: the file, its connection and lock, and what is ours to overwrite;
- ``refresh``: the incremental refresh and the worker processes that parse;
- ``resolver``: link resolution against the files table during a refresh;
- ``reads``: the questions commands ask;
- ``catalog``: the indexes in the cache folder (``index --list`` and ``--prune``);
- ``Index`` (here): opening, the schema check and the silent rebuild.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.errors import IndexRefused, IndexUnavailable
from vaultkit.index.fulltext import FULLTEXT_SCHEMA
from vaultkit.index.reads import Counts, Reads
from vaultkit.index.refresh import Refresh, RefreshStats
from vaultkit.index.storage import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    check_index_path,
    connect,
    connect_or_reset,
    default_index_path,
    exclusive,
    private_fallback_folder,
    remove_index_files,
    rollback,
)
from vaultkit.store import SCHEMA
from vaultkit.vault import Config, load_config, load_ignore_rules

if TYPE_CHECKING:
    from vaultkit.workers import Workers

__all__ = [
    "SCHEMA_VERSION",
    "Counts",
    "Index",
    "RefreshStats",
    "default_index_path",
    "rollback",
]


class Index(Refresh, Reads):
    """One vault's index: refresh it, then ask it questions."""

    def __init__(self, root: Path, path: Path, config: Config, conn: sqlite3.Connection):
        self.root = root
        self.path = path
        self.config = config
        self.conn = conn
        self.warnings: list[str] = []
        self.rebuilt = False
        self.last_refresh = RefreshStats()
        self._pool: Workers | None = None

    @classmethod
    def open(cls, root: Path, path: Path | None = None, config: Config | None = None) -> Index:
        """Open (creating or silently rebuilding when needed) the index of ``root``.

        ``path`` (``--index``) must not be inside the vault, hold a file that is not a
        vaultkit index, nor lie in a folder that does not exist (``IndexRefused``). Without
        it the index goes in the user cache folder (created when missing), or in a private
        temporary folder when that cannot be written.
        """
        config = config if config is not None else load_config(root)
        warnings: list[str] = []
        if path is not None:
            check_index_path(path, root)
        target = path if path is not None else default_index_path(root)
        try:
            if path is None:  # the cache folder; a folder the user named must exist
                target.parent.mkdir(parents=True, exist_ok=True)
            return cls._open_at(root, target, config, warnings)
        except IndexRefused:
            raise
        except (OSError, sqlite3.Error) as error:
            if path is not None:
                raise IndexUnavailable(f"cannot open index {target}: {error}") from error
            try:
                fallback = private_fallback_folder() / target.name
            except OSError as folder_error:
                raise IndexUnavailable(
                    f"cannot open index {target} ({error}) nor a temporary one ({folder_error})"
                ) from error
            warnings.append(f"index folder {target.parent} is not writable; using {fallback}")
            return cls._open_at(root, fallback, config, warnings)

    @classmethod
    def _open_at(cls, root: Path, target: Path, config: Config, warnings: list[str]) -> Index:
        """Connect and check the schema, holding the index's lock file so that two
        processes never create or rebuild the same index at once."""
        with exclusive(target):
            index = cls(root, target, config, connect_or_reset(target))
            index.warnings = warnings
            index._ensure_schema()
        return index

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _digest(self, config: Config | None = None) -> str:
        config = config or self.config
        rules = load_ignore_rules(self.root, config)
        parts = [
            config.digest(),
            [p.pattern for p in rules.patterns],
            str(self.root),
            marshal.version,  # outlines are stored in the interpreter's marshal format
        ]
        return hashlib.sha1(json.dumps(parts).encode()).hexdigest()[:16]

    def settings_changed(self) -> bool:
        """Whether the vault's settings as they are now (``.vaultkit.toml``, Obsidian's
        excluded files) ask for another index than this one holds: the next ``open``
        rebuilds it. A broken ``.vaultkit.toml`` raises ``ConfigError``."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
        return row is None or row[0] != self._digest(load_config(self.root))

    def _ensure_schema(self) -> None:
        digest = self._digest()
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            stored: dict[str, str] = {}
            if version == SCHEMA_VERSION:
                stored = dict(
                    self.conn.execute("SELECT key, value FROM meta WHERE key IN ('digest', 'root')")
                )
            if version == SCHEMA_VERSION and stored.get("digest") == digest:
                if "root" not in stored:  # an index from before the vault was recorded
                    with self.conn:
                        self.conn.execute(
                            "INSERT INTO meta VALUES ('root', ?)", (str(self.root.resolve()),)
                        )
                return
        except sqlite3.DatabaseError:
            pass
        self._recreate(digest)

    def _recreate(self, digest: str) -> None:
        self.conn.close()
        try:
            remove_index_files(self.path)
        except OSError as error:
            raise IndexUnavailable(f"cannot replace index {self.path}: {error}") from error
        self.conn = connect(self.path)
        with self.conn:
            self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.conn.executescript(SCHEMA)
            self.conn.executescript(FULLTEXT_SCHEMA)
            self.conn.execute("INSERT INTO meta VALUES ('digest', ?)", (digest,))
            self.conn.execute("INSERT INTO meta VALUES ('pending_keys', '[]')")
            self.conn.execute("INSERT INTO meta VALUES ('root', ?)", (str(self.root.resolve()),))
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self.rebuilt = True
