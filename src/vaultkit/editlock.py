"""One edit of a vault at a time, across processes.

Two ``vaultkit tag ...`` runs on the same vault would each read a note, change it and
replace it, and the later replacement would drop the earlier change. Every edit command
therefore holds the vault's edit lock from before it reads the notes (and refreshes the
index) until its last write: a second edit waits for the first, then reads the notes as
the first left them.

The lock is a file *outside* the vault, beside the indexes in the user cache folder (or
the private fallback folder), named after a digest of the vault's real path, so every
``--index`` choice shares it; it is held with POSIX ``flock`` and released by the kernel
when the holder dies. Editors and sync clients do not take it: see the README's safety
section for the window that remains.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from vaultkit.errors import VaultkitError


class EditLocked(VaultkitError):
    """Another vaultkit edit of the vault is running and the caller chose not to wait."""


def lock_path(root: Path) -> Path:
    """The edit lock file of vault ``root`` (its folder is created when missing)."""
    from vaultkit.index.storage import cache_folder, index_file_name, private_fallback_folder

    name = index_file_name(Path(os.path.realpath(root))).removesuffix(".sqlite") + ".edit-lock"
    folder = cache_folder() / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder / name
    except OSError:
        pass
    return private_fallback_folder() / name


def _holder(handle_path: Path) -> str:
    """``pid N`` of the process holding the lock, as it wrote it, or ``""``."""
    try:
        text = handle_path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""
    return f"pid {text}" if text.isdigit() else ""


@contextlib.contextmanager
def edit_lock(
    root: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the edit lock of ``root``. When another process holds it: with ``wait``,
    call ``on_wait`` with a sentence saying so, then block until it is free; without,
    raise :class:`EditLocked`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows has no flock; edits are not locked
        yield
        return
    path = lock_path(root)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as error:
        raise VaultkitError(
            f"cannot open the edit lock {path} ({error.strerror}); make its folder writable"
        ) from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            who = f" ({holder})" if holder else ""
            if not wait:
                raise EditLocked(
                    f"another vaultkit edit of {root} is running{who}; wait for it to finish,"
                    " or run again without --no-wait to wait for it"
                ) from None
            if on_wait is not None:
                on_wait(f"waiting for another vaultkit edit of {root}{who} to finish...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
