"""The only module that writes to notes: checked snapshots in, atomic replacements out.

A change is planned on a :class:`Snapshot` (the exact bytes read, decoded) and written
with :func:`write_text`, which

- refuses a path outside the vault, or one whose real location (symlinks resolved) is
  outside it or inside a hidden folder (``.obsidian/``, ``.git/``...), and writes through
  an in-vault symlink to its target, keeping the link;
- works inside the note's folder opened once, every step by file descriptor with
  ``O_NOFOLLOW``: a folder swapped for a symlink mid-edit makes the write fail (a skipped
  note with its reason), it never leads out of the vault;
- skips a file changed since it was read (size, mtime or SHA-256 differ): never overwrites;
- keeps the BOM; line endings are whatever the planned text holds (planners splice the
  decoded text, so untouched lines keep theirs);
- writes a hidden temporary file (created with ``O_EXCL``) in the same folder, gives it the
  original's owner, group, permission bits and extended attributes, fsyncs it, checks the
  note once more (a ``stat``), ``os.replace``-s it over the note and fsyncs the folder;
- refuses a note with other hard links (replacing it would split them);
- first removes its own temporary files that a killed edit left in that folder.

Files that are not UTF-8, hold binary data or exceed the size limit are refused on read.
The one window that remains (an editor saving between the last check and the rename, a
few microseconds) is described in the README's safety section.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from vaultkit.errors import VaultkitError

BOM = b"\xef\xbb\xbf"

TEMP_PREFIX = ".vaultkit-"
TEMP_SUFFIX = ".vaultkit-tmp"
_TEMP_NAME = re.compile(r"\.vaultkit-[a-z0-9_]{8,16}\.vaultkit-tmp")
"""Our temporary files' names (older versions made them with ``tempfile.mkstemp``)."""
STALE_SECONDS = 10.0
"""A temporary file of ours older than this is a killed edit's leftover."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


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
    identity: tuple[int, int] = (0, 0)
    """``(st_dev, st_ino)`` of the file read: a file replaced meanwhile is another file."""


@dataclass(frozen=True)
class WriteOutcome:
    """What happened to one planned write."""

    path: str
    written: bool
    message: str


class _Skip(Exception):
    """A note not written; the message is the reason."""


def real_target(root: Path, path: str) -> Path:
    """The real file behind vault path ``path``; refuses anything leading outside ``root``
    or into a hidden folder of it."""
    if not path or Path(path).is_absolute():
        raise EditRefused(path, "not a vault-relative path")
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(root / path))
    if real == real_root or real_root not in real.parents:
        raise EditRefused(path, "leads outside the vault (symlink or path); not edited")
    if any(part.startswith(".") for part in real.relative_to(real_root).parts):
        raise EditRefused(path, "leads into a hidden file or folder (symlink); not edited")
    return real


def _open_folder(root: Path, target: Path) -> int:
    """A descriptor of ``target``'s folder, opened from the vault's real root one folder
    at a time without following a symlink; raises OSError when one appeared meanwhile."""
    real_root = Path(os.path.realpath(root))
    fd = os.open(real_root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for part in target.relative_to(real_root).parts[:-1]:
            inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _open_note(folder: int, name: str) -> int:
    """The note ``name`` in ``folder``, opened for reading; never through a symlink."""
    return os.open(name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=folder)


def read_snapshot(root: Path, path: str, max_bytes: int) -> Snapshot:
    """Read ``path`` for editing, or raise :class:`EditRefused` with the reason."""
    target = real_target(root, path)
    try:
        folder = _open_folder(root, target)
        try:
            fd = _open_note(folder, target.name)
        finally:
            os.close(folder)
        with open(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise EditRefused(path, "not a regular file; not edited")
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise EditRefused(path, f"cannot read: {error.strerror or error}") from error
    if len(data) > max_bytes:
        raise EditRefused(path, f"larger than {max_bytes / 1024 / 1024:g} MB; not edited")
    if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise EditRefused(path, "read-only file; not edited")
    if info.st_nlink > 1:
        raise EditRefused(path, _hard_links(info.st_nlink))
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
        identity=(info.st_dev, info.st_ino),
    )


def _hard_links(count: int) -> str:
    return (
        f"has {count - 1} other hard link(s); replacing it would split them into separate"
        " files; not edited"
    )


def encode(snapshot: Snapshot, text: str) -> bytes:
    """The bytes to write for ``text``: UTF-8, with the BOM back when the file had one."""
    return (BOM if snapshot.bom else b"") + text.encode("utf-8")


_CHANGED = "modified since vaultkit read it; not overwritten"


def write_text(
    root: Path, snapshot: Snapshot, text: str, swept: set[tuple[int, int]] | None = None
) -> WriteOutcome:
    """Replace the note of ``snapshot`` by ``text`` atomically, if it is still as read.

    ``swept`` holds the folders (``(st_dev, st_ino)``) already cleared of stale temporary
    files in this run; pass the same set for every note of one edit."""
    path = snapshot.path
    try:
        target = real_target(root, path)
    except EditRefused as error:
        return WriteOutcome(path, False, error.reason)
    if target != snapshot.target:
        return WriteOutcome(path, False, "now leads to another file; not overwritten")
    try:
        folder = _open_folder(root, target)
    except OSError as error:
        reason = error.strerror or str(error)
        return WriteOutcome(
            path, False, f"its folder changed during the edit ({reason}); not written"
        )
    try:
        _sweep(folder, swept)
        _replace(folder, target.name, snapshot, encode(snapshot, text))
    except _Skip as skip:
        return WriteOutcome(path, False, str(skip))
    except OSError as error:
        return WriteOutcome(path, False, f"cannot write: {error.strerror or error}")
    finally:
        os.close(folder)
    return WriteOutcome(path, True, "written")


def _replace(folder: int, name: str, snapshot: Snapshot, data: bytes) -> None:
    """Check the note ``name`` in ``folder`` is as read, then replace it by ``data``."""
    info = _check_unchanged(folder, name, snapshot)
    temp = f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    fd = os.open(temp, flags, 0o600, dir_fd=folder)
    try:
        try:
            _keep_attributes(folder, name, fd, info)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        # The last check, as close to the rename as it can be: an editor saving meanwhile
        # keeps its bytes (see the README's safety section for the window that remains).
        now = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if _fingerprint(now) != _fingerprint(info):
            raise _Skip(_CHANGED)
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=folder)
        raise
    with contextlib.suppress(OSError):
        os.fsync(folder)  # make the rename durable


def _fingerprint(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _check_unchanged(folder: int, name: str, snapshot: Snapshot) -> os.stat_result:
    """The note's stat when it is the same file with the same bytes as read; else _Skip."""
    try:
        fd = _open_note(folder, name)
    except FileNotFoundError:
        raise _Skip("deleted since vaultkit read it; not written") from None
    except OSError as error:
        raise _Skip(f"{_CHANGED} ({error.strerror or error})") from None
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != snapshot.identity:
            raise _Skip("replaced by another file since vaultkit read it; not overwritten")
        if info.st_nlink > 1:
            raise _Skip(_hard_links(info.st_nlink))
        if info.st_size != snapshot.size or info.st_mtime_ns != snapshot.mtime_ns:
            raise _Skip(_CHANGED)
        data = handle.read(snapshot.size + 1)
    if hashlib.sha256(data).hexdigest() != snapshot.digest:
        raise _Skip(_CHANGED)
    return info


def _keep_attributes(folder: int, name: str, fd: int, info: os.stat_result) -> None:
    """Give the new file ``fd`` the owner, group, mode and extended attributes of the note
    ``name`` (stat ``info``); _Skip when one cannot be kept."""
    uid = info.st_uid if info.st_uid != os.geteuid() else -1
    gid = info.st_gid if info.st_gid != os.getegid() else -1
    if uid != -1 or gid != -1:
        try:
            os.fchown(fd, uid, gid)
        except OSError as error:
            raise _Skip(
                f"owned by {info.st_uid}:{info.st_gid}, which vaultkit cannot give the new file"
                f" ({error.strerror}); not edited"
            ) from None
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    if not hasattr(os, "listxattr"):
        return
    try:
        source = _open_note(folder, name)
    except OSError as error:
        raise _Skip(f"{_CHANGED} ({error.strerror})") from None
    try:
        try:
            names = os.listxattr(source)
        except OSError:
            return  # the file system has no extended attributes
        for key in names:
            value = os.getxattr(source, key)
            with contextlib.suppress(OSError):
                if os.getxattr(fd, key) == value:
                    continue
            try:
                os.setxattr(fd, key, value)
            except OSError as error:
                raise _Skip(
                    f"cannot keep its extended attribute {key} ({error.strerror}); not edited"
                ) from None
    finally:
        os.close(source)


def _sweep(folder: int, swept: set[tuple[int, int]] | None) -> None:
    """Remove the temporary files a killed vaultkit edit left in ``folder`` (only our
    names, only regular files of this user, only when older than ``STALE_SECONDS``)."""
    info = os.fstat(folder)
    key = (info.st_dev, info.st_ino)
    if swept is not None:
        if key in swept:
            return
        swept.add(key)
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not _TEMP_NAME.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                found = os.stat(entry.name, dir_fd=folder, follow_symlinks=False)
                if (
                    stat.S_ISREG(found.st_mode)
                    and found.st_uid == os.geteuid()
                    and now - found.st_mtime > STALE_SECONDS
                ):
                    os.unlink(entry.name, dir_fd=folder)


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
