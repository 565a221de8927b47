"""The index file itself: where it lives, how it is opened, and what is ours to replace.

vaultkit rebuilds an index silently when its schema is old or the file is damaged, so it
must never mistake someone else's file for one of its own. An index is marked with
SQLite's ``application_id`` (``file(1)`` shows it); a file given with ``--index`` is
replaced only when it carries that mark (or is an index written before the mark existed,
recognised by its tables), is empty, or does not exist yet.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vaultkit.errors import IndexRefused

SCHEMA_VERSION = 8
"""Bump when the schema or what the parser records changes: old indexes are rebuilt."""

APPLICATION_ID = 0x564B4958
"""``PRAGMA application_id`` of every vaultkit index: the bytes ``VKIX``."""

_MAGIC = b"SQLite format 3\x00"
_HEADER = 100
_APP_ID_OFFSET = 68
_LEGACY_TABLES = {"meta", "files", "notes", "links"}
"""Tables that together mark an index written before ``APPLICATION_ID`` was set."""


def default_index_path(root: Path) -> Path:
    """The index file for ``root`` in the user cache folder."""
    return cache_folder() / index_file_name(root)


def cache_folder() -> Path:
    """The folder that holds vaultkit's indexes by default."""
    from platformdirs import user_cache_path

    return user_cache_path("vaultkit")


def index_file_name(root: Path) -> str:
    """The default file name of ``root``'s index: the folder's name and a digest of its path."""
    digest = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:12]
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in root.name)[:40] or "vault"
    return f"{safe}-{digest}.sqlite"


def check_index_path(path: Path, root: Path) -> None:
    """Refuse an index path that is inside the vault, holds a file that is not ours, or
    lies in a folder that does not exist (a typo never creates a folder tree).

    Raises ``IndexRefused`` naming the file or folder; says nothing for a missing or empty
    file in an existing folder, or a vaultkit index (damaged or not).
    """
    resolved = path.resolve()
    vault = root.resolve()
    if resolved == vault or vault in resolved.parents:
        raise IndexRefused(
            f"index {path} is inside the vault {root}; choose a path outside the vault"
        )
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise IndexRefused(
                f"folder {path.parent} does not exist; create it for the index {path.name}"
                " or check the --index path"
            ) from None
        return
    except OSError as error:
        raise IndexRefused(f"cannot open index {path}: {error.strerror}") from error
    if stat.S_ISLNK(info.st_mode):
        raise IndexRefused(f"{path} is a symbolic link; refusing to use it as the index")
    if not stat.S_ISREG(info.st_mode):
        raise IndexRefused(f"{path} exists and is not a file; refusing to use it as the index")
    if info.st_size == 0 or is_vaultkit_index(path) or _created_by_a_peer(path):
        return
    raise IndexRefused(f"{path} exists and is not a vaultkit index; refusing to overwrite it")


def _created_by_a_peer(path: Path) -> bool:
    """Whether another vaultkit process was creating ``path`` as its index: SQLite writes
    the file's header (application id 0, no tables) before the creator's first commit
    marks it, so a file beside our ``.lock`` is looked at again once that lock is free."""
    if not os.path.exists(str(path) + ".lock"):
        return False
    with exclusive(path):
        with contextlib.suppress(OSError):
            if os.path.getsize(path) == 0:
                return True
        return is_vaultkit_index(path)


def peek_uri(path: Path) -> str:
    """A read-only URI that opens the index at ``path`` without creating its ``-wal`` and
    ``-shm`` (which would change when the index looks last written): immutable when its
    write-ahead log is missing or empty, so all it holds is in the file itself."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        logged = os.stat(f"{path}-wal").st_size > 0
    except OSError:
        logged = False
    return uri if logged else uri + "&immutable=1"


def is_vaultkit_index(path: Path) -> bool:
    """Whether ``path`` is a vaultkit index: our application id in its header (even when
    the rest is damaged), or, for indexes from before the id, our tables."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(_HEADER)
    except OSError:
        return False
    if len(header) < _HEADER or not header.startswith(_MAGIC):
        return False
    app_id = int.from_bytes(header[_APP_ID_OFFSET : _APP_ID_OFFSET + 4], "big")
    if app_id == APPLICATION_ID:
        return True
    if app_id != 0:
        return False
    try:
        conn = sqlite3.connect(peek_uri(path), uri=True)
        try:
            names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return names >= _LEGACY_TABLES


def rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if any: an interrupt can land after a COMMIT, and a
    failing ROLLBACK must not hide it."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def remove_index_files(path: Path) -> None:
    """Remove an index and its SQLite side files (never the ``.lock``: others hold it)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)


def connect_or_reset(path: Path) -> sqlite3.Connection:
    """Connect; a file of ours that SQLite cannot read is replaced by a new index."""
    try:
        return connect(path)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and "not a database" not in str(error):
            raise
        remove_index_files(path)
        return connect(path)


@contextlib.contextmanager
def exclusive(index: Path) -> Iterator[None]:
    """Hold ``INDEX.lock`` exclusively (POSIX flock; a no-op where it is missing)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(str(index) + ".lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


MMAP_BYTES = 1 << 31
"""How much of the index file reads may map (SQLite caps it at its own maximum)."""


class IndexConnection(sqlite3.Connection):
    """A connection to an index, with a ``serial`` no other connection of this process
    ever has: what is kept per connection is keyed by it (``id()`` of a closed connection
    comes back at once for the next one, and connections take no weak references)."""

    serial: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.serial = next(_SERIALS)


_SERIALS = itertools.count(1)


def connection_serial(conn: sqlite3.Connection) -> int:
    """The ``IndexConnection.serial`` of ``conn`` (``id()`` for a connection made
    elsewhere, which is only unique while it lives)."""
    serial = getattr(conn, "serial", None)
    return serial if isinstance(serial, int) else -id(conn)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode with WAL and a long busy timeout."""
    conn = sqlite3.connect(str(path), timeout=120, isolation_level=None, factory=IndexConnection)
    conn.execute("PRAGMA busy_timeout = 120000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    # Reads map the file instead of copying each page out of the page cache: a search
    # reads the text of every candidate note (0.1 s of system time at 100,000 notes).
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return conn


def private_fallback_folder() -> Path:
    """A per-user folder (mode 700, owned by this user) in the temporary folder, for an
    index when the cache folder cannot be written. Refuses a folder someone else planted."""
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"vaultkit-{uid}"
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise IndexRefused(f"{folder} is not a folder; refusing to keep an index there")
    if hasattr(os, "getuid") and info.st_uid != uid:
        raise IndexRefused(f"{folder} belongs to another user; refusing to keep an index there")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)
    return folder
