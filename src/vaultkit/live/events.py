"""File events under a vault that go on when a file is named in bytes that are not UTF-8.

watchfiles hands each event's path over as text: an event naming a file whose name is not
valid UTF-8 (a Latin-1 ``caf\\xe9.md`` from an old archive or another system) raises
instead, losing the whole batch it was in, and the watch ends. The scan skips such names
(``vaultkit.walk.UNDECODABLE``: no vault path can name them), so nothing the index holds
depends on them: :func:`vault_events` starts the watch again and hands on the vault folder
itself as the path of the lost batch, which the watcher and the MCP server read as "any
file may have changed": their next refresh scans the vault. A folder so named stops the
system's events (inotify) from starting at all: the vault is then polled.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DECODE_ERROR = "Unable to decode path"
"""How watchfiles' error for a path that is not UTF-8 begins."""

POLL_MS = 1000
"""How often a vault is polled when the system's events cannot watch it."""

RESTART_PAUSE = 0.05
"""Seconds between two starts of the watch after such an error (a file written on and on
under such a name does not keep a core busy)."""


def undecodable_path(error: BaseException) -> bool:
    """Whether ``error`` is watchfiles' error for an event path that is not UTF-8."""
    return isinstance(error, RuntimeError) and str(error).startswith(DECODE_ERROR)


def vault_events(root: Path, **options: Any) -> Iterator[set[Any]]:
    """``watchfiles.watch(root, **options)``, started again whenever an event names a path
    that is not UTF-8; the batch that follows then also names ``root`` (unknown changes).
    When the system's events cannot even start (inotify fails at once on a folder whose
    name is not UTF-8), the vault is polled instead (every ``POLL_MS``). Ends when the
    watch ends (its ``stop_event``)."""
    from watchfiles import Change, watch

    polling = options.pop("force_polling", None)
    lost = False
    while True:
        started = False
        try:
            for changes in watch(root, force_polling=polling, poll_delay_ms=POLL_MS, **options):
                started = True
                if lost:
                    changes = {*changes, (Change.modified, str(root))}
                    lost = False
                yield changes
            return
        except RuntimeError as error:
            if not undecodable_path(error):
                raise
            if not started:
                polling = True
        lost = True
        stop = options.get("stop_event")
        if stop is not None and stop.is_set():
            return
        time.sleep(RESTART_PAUSE)
