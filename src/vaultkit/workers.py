"""Worker processes that parse notes for the index.

Built on ``concurrent.futures.ProcessPoolExecutor`` rather than ``multiprocessing.Pool``:
the pool's worker-maintenance thread wakes every time a result waits in its pipe and
spins until the result thread has read it, which cost the index process 0.65 CPU-seconds
in a 10k-note cold index (a fifth of that process's time). The executor reads each result
as it arrives, and a worker that dies makes ``map`` raise instead of waiting forever.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from vaultkit.errors import VaultkitError

_T = TypeVar("_T")
_R = TypeVar("_R")


class WorkerDied(VaultkitError):
    """A worker process ended before it finished (killed, or out of memory)."""


class Workers:
    """``count`` worker processes, started now, each set up by ``initializer``."""

    def __init__(
        self, count: int, initializer: Callable[..., None], initargs: tuple[Any, ...]
    ) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.count = count
        self._executor = ProcessPoolExecutor(
            count, mp_context=context, initializer=_start_worker, initargs=(initializer, initargs)
        )
        # The executor starts its processes on the first submission: submit one now, so
        # that they are forked from this process as it is at this moment.
        self._executor.submit(int)

    def map(self, function: Callable[[_T], _R], items: Sequence[_T]) -> Iterator[_R]:
        """``function`` over ``items`` in the workers, results in the order of ``items``.
        The work is handed out at once: the workers start before the first result is
        asked for."""
        # Large chunks: the executor queues only one chunk per worker ahead, refilled by
        # a thread of this busy process; 64 notes keep a worker going for ~35 ms. Small
        # lists are cut finer, so that every worker gets a share.
        chunk = max(1, min(64, len(items) // (self.count * 4)))
        try:
            return _reported(self._executor.map(function, items, chunksize=chunk))
        except BrokenProcessPool as error:  # a worker died before the work was handed out
            raise _died() from error

    def stop(self, wait: bool = False) -> None:
        """Cancel what is not started; each worker exits after its current notes.

        ``wait``: also join the workers and the executor's thread (when the work is done):
        left running, that thread can race Python 3.11's exit and print "Exception ignored
        … Bad file descriptor" on stderr after a reader closed our stdout."""
        self._executor.shutdown(wait=wait, cancel_futures=True)


def _reported(results: Iterator[_R]) -> Iterator[_R]:
    """``results``, with a dead worker reported as ``WorkerDied``."""
    try:
        yield from results
    except BrokenProcessPool as error:
        raise _died() from error


def _died() -> WorkerDied:
    return WorkerDied(
        "a parsing process ended unexpectedly (killed, or out of memory?);"
        " run the command again, or with --jobs 1"
    )


def _start_worker(initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    """Set up a worker: it ends when the process that started it ends, however that
    process ended. (An executor's worker would otherwise wait on its task queue for good
    once the index process is killed: unlike ``multiprocessing.Pool``'s, it keeps the
    queue's other end open.)"""
    import multiprocessing
    import multiprocessing.connection
    import threading

    parent = multiprocessing.parent_process()
    if parent is not None:

        def watch() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(1)

        threading.Thread(target=watch, name="vaultkit-parent-watch", daemon=True).start()
    initializer(*initargs)
