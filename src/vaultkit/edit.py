"""The only module that writes to notes: checked snapshots in, atomic replacements out.

A change is planned on a :class:`Snapshot` (the exact bytes read, decoded) and written
with :func:`write_text`, which

- refuses a path outside the vault, or one whose real location (symlinks resolved) is
  outside it, and writes through an in-vault symlink to its target, keeping the link;
- skips a file changed since it was read (size, mtime or SHA-256 differ): never overwrites;
- keeps the BOM; line endings are whatever the planned text holds (planners splice the
  decoded text, so untouched lines keep theirs);
- writes a hidden temporary file in the same folder, fsyncs it, gives it the original
  file's permission bits, then ``os.replace``-s it over the target and fsyncs the folder.

Files that are not UTF-8, hold binary data or exceed the size limit are refused on read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from vaultkit.errors import VaultkitError

BOM = b"\xef\xbb\xbf"


class EditRefused(VaultkitError):
    """A note vaultkit will not edit; the message says why and what to do."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Snapshot:
    """A note's file as read for editing: the text and what identifies these bytes."""

    path: str
    """Vault-relative path, ``/`` separated."""
    target: Path
    """The real file that will be replaced (symlinks resolved; always inside the vault)."""
    text: str
    """The content decoded as UTF-8, without BOM, line endings as in the file."""
    bom: bool
    size: int
    mtime_ns: int
    digest: str
    mode: int


@dataclass(frozen=True)
class WriteOutcome:
    """What happened to one planned write."""

    path: str
    written: bool
    message: str


def real_target(root: Path, path: str) -> Path:
    """The real file behind vault path ``path``; refuses anything leading outside ``root``."""
    if not path or Path(path).is_absolute():
        raise EditRefused(path, "not a vault-relative path")
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(root / path))
    if real == real_root or real_root not in real.parents:
        raise EditRefused(path, "leads outside the vault (symlink or path); not edited")
    return real


def read_snapshot(root: Path, path: str, max_bytes: int) -> Snapshot:
    """Read ``path`` for editing, or raise :class:`EditRefused` with the reason."""
    target = real_target(root, path)
    try:
        with target.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise EditRefused(path, "not a regular file; not edited")
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise EditRefused(path, f"cannot read: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise EditRefused(path, f"larger than {max_bytes / 1024 / 1024:g} MB; not edited")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise EditRefused(path, "read-only file; not edited")
    if b"\x00" in data:
        raise EditRefused(path, "holds binary data; not edited")
    bom = data.startswith(BOM)
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditRefused(path, f"not valid UTF-8 (byte {error.start}); not edited") from error
    return Snapshot(
        path=path,
        target=target,
        text=text,
        bom=bom,
        size=len(data),
        mtime_ns=info.st_mtime_ns,
        digest=hashlib.sha256(data).hexdigest(),
        mode=stat.S_IMODE(info.st_mode),
    )


def encode(snapshot: Snapshot, text: str) -> bytes:
    """The bytes to write for ``text``: UTF-8, with the BOM back when the file had one."""
    return (BOM if snapshot.bom else b"") + text.encode("utf-8")


def _unchanged_since_read(snapshot: Snapshot) -> bool:
    try:
        with snapshot.target.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_size != snapshot.size or info.st_mtime_ns != snapshot.mtime_ns:
                return False
            data = handle.read(snapshot.size + 1)
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == snapshot.digest


def write_text(root: Path, snapshot: Snapshot, text: str) -> WriteOutcome:
    """Replace the note of ``snapshot`` by ``text`` atomically, if it is still as read."""
    path = snapshot.path
    try:
        target = real_target(root, path)
    except EditRefused as error:
        return WriteOutcome(path, False, error.reason)
    if target != snapshot.target:
        return WriteOutcome(path, False, "now leads to another file; not overwritten")
    if not _unchanged_since_read(snapshot):
        return WriteOutcome(path, False, "modified since vaultkit read it; not overwritten")
    data = encode(snapshot, text)
    folder = target.parent
    temp = ""
    try:
        # A short hidden name: a long note name must not make the temporary one too long.
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".vaultkit-", suffix=".vaultkit-tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, snapshot.mode)
        # Check again at the last moment: an editor saving meanwhile keeps its bytes.
        if not _unchanged_since_read(snapshot):
            os.unlink(temp)
            return WriteOutcome(path, False, "modified since vaultkit read it; not overwritten")
        os.replace(temp, target)
    except OSError as error:
        if temp:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return WriteOutcome(path, False, f"cannot write: {error.strerror or error}")
    _fsync_folder(folder)
    return WriteOutcome(path, True, "written")


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff of one note (``a/PATH`` -> ``b/PATH``), line endings shown as ``\\r``
    when the file has CRLF ones, so the diff reads the same on every terminal."""
    import difflib

    old_lines = [line.replace("\r", "\\r") for line in _lines(old)]
    new_lines = [line.replace("\r", "\\r") for line in _lines(new)]
    out = []
    for line in difflib.unified_diff(old_lines, new_lines, f"a/{path}", f"b/{path}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """Lines with their endings, split at ``\\n`` only (a lone ``\\r`` stays in its line)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
