"""What the CLI does when a command fails: index faults mended or explained, and a
last-resort handler so that no user ever sees a traceback (``--debug`` shows it).

An index fault (SQLite reports a malformed page, a missing table, a read-only file, a full
disk) met while a command runs is handled once here:

- the index is damaged, it is ours and writable, and the command has printed nothing yet:
  the index is removed and the command runs again (a silent rebuild); when the command had
  already printed part of its answer (a streamed listing), the index is removed and one
  line says the output is incomplete and to run again;
- otherwise: one line naming the cause and the remedy, exit 2.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from vaultkit.errors import IndexDamaged, IndexUnavailable, VaultkitError

DEBUG_ENV = "VAULTKIT_DEBUG"

opened_indexes: list[Any] = []
"""Every ``Index`` the running command opened (``open_index`` adds to it)."""

_DAMAGE = ("malformed", "no such table", "no such column", "not a database", "corrupt")


class _CountingOut:
    """``sys.stdout`` that counts what went through it (to know whether a command printed)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.written = 0

    def write(self, text: str) -> int:
        self.written += len(text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def debug_wanted(ctx: Any) -> bool:
    """Whether ``--debug`` or ``VAULTKIT_DEBUG=1`` asks for tracebacks."""
    meta = getattr(ctx, "meta", {}) or {}
    return bool(meta.get("vaultkit.debug")) or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def run_guarded(ctx: Any, invoke: Callable[[], Any]) -> Any:
    """Run ``invoke`` (the command); mend or explain an index fault; turn any exception
    vaultkit did not foresee into ``VaultkitError('internal error: ...')``."""
    import typer
    from typer.exceptions import TyperException

    saved = (list(ctx._protected_args), list(ctx.args))
    counting = _CountingOut(sys.stdout)
    sys.stdout = counting
    opened_indexes.clear()
    try:
        try:
            return invoke()
        except (sqlite3.Error, IndexDamaged) as error:
            _mend(error, printed=counting.written > 0)
            ctx._protected_args, ctx.args = list(saved[0]), list(saved[1])
            opened_indexes.clear()
            try:
                return invoke()
            except (sqlite3.Error, IndexDamaged) as again:
                raise _explain(again, rebuilt=True) from again
    except (typer.Exit, typer.Abort, TyperException, VaultkitError, KeyboardInterrupt):
        raise
    except BrokenPipeError:
        raise
    except sqlite3.Error as error:
        _trace(ctx)
        raise _explain(error, rebuilt=False) from error
    except Exception as error:
        _trace(ctx)
        kind = type(error).__name__
        raise VaultkitError(
            f"internal error: {kind}: {error} (run again with --debug to see where;"
            " please report it)"
        ) from error
    finally:
        if sys.stdout is counting:
            sys.stdout = counting._stream


def _trace(ctx: Any) -> None:
    if debug_wanted(ctx):
        import traceback

        traceback.print_exc(file=sys.stderr)


def _index_path() -> Path | None:
    return Path(opened_indexes[-1].path) if opened_indexes else None


def _mend(error: Exception, printed: bool) -> None:
    """Remove a damaged index of ours so that the command can run again; raise the
    one-line explanation when that cannot be done, or when the command already printed
    part of its answer (the index is removed all the same: the next run rebuilds it)."""
    from vaultkit.index.storage import is_vaultkit_index, remove_index_files

    path = _index_path()
    damaged = isinstance(error, IndexDamaged) or any(d in str(error).lower() for d in _DAMAGE)
    if path is None or not damaged:
        if "full" in str(error).lower():
            _release_log()
        raise _explain(error, rebuilt=False) from error
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    if not writable or not is_vaultkit_index(path):
        raise _explain(error, rebuilt=False) from error
    for index in opened_indexes:
        with contextlib.suppress(Exception):  # a damaged file may fail to close; it goes
            index.close()
    try:
        remove_index_files(path)
    except OSError as remove_error:
        raise _explain(error, rebuilt=False) from remove_error
    if printed:
        raise IndexUnavailable(
            f"index {path} turned out damaged while printing ({error}), so the output above"
            " is incomplete; the index was removed and will be rebuilt: run the command again"
        ) from error


def _release_log() -> None:
    """After a full disk: roll back and truncate the write-ahead log, so that the space an
    unfinished refresh took is given back and the next run does not start from it."""
    from vaultkit.index.storage import rollback

    for index in opened_indexes:
        with contextlib.suppress(Exception):
            rollback(index.conn)
            index.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _explain(error: Exception, rebuilt: bool) -> IndexUnavailable:
    """One line: what failed with the index, and what to do."""
    path = _index_path()
    where = f"index {path}" if path else "the index"
    text = str(error).strip() or type(error).__name__
    low = text.lower()
    if "readonly" in low or "read-only" in low:
        return IndexUnavailable(
            f"{where} is read-only ({text}); make it writable, or give a writable path with --index"
        )
    if "full" in low or "no space" in low:
        return IndexUnavailable(
            f"cannot write {where}: the disk is full ({text}); free some space, or give a path"
            " on another disk with --index"
        )
    if "locked" in low or "busy" in low:
        return IndexUnavailable(
            f"{where} is locked by another process ({text}); try again when it has finished"
        )
    if rebuilt:
        return IndexUnavailable(
            f"{where} failed again after a rebuild ({text}); remove the file, or give another"
            " path with --index"
        )
    return IndexUnavailable(
        f"{where} is damaged ({text}); run `vaultkit index --rebuild`, or remove the file"
    )
