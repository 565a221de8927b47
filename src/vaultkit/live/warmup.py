"""Getting a server's searches ready while it waits for its first calls.

The MCP server keeps the notes' texts in memory and an index of their words
(:mod:`vaultkit.search.notetexts`, :mod:`vaultkit.search.wordindex`); built by the first
searches, they would make those searches wait 1-3 s at 10,000 notes. The warm-up builds them
in the server's own event loop, a small step at a time, so nothing runs in another thread
and a call that arrives waits at most one step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaultkit.index import Index


async def warm_up(index: Index) -> None:
    """While the server waits for its first calls, keep the notes' texts and index their
    words a step at a time (:func:`vaultkit.search.wordindex.warm`), so that the first
    searches do not pay for it; a call waits at most one step. A failure only ends the
    warm-up (any error, as a tool call's error is only that call's: it runs in the server's
    task group, where an error would end the server): the searches then build what they
    need themselves."""
    import anyio

    from vaultkit.search import wordindex

    try:
        while True:
            await anyio.sleep(0.005)  # let calls already waiting go first
            if not wordindex.warm(index):
                return
    except Exception:  # a MemoryError, a bug: never the server's end
        return


def warming(lifespan: Any, index: Index) -> Any:
    """``lifespan`` (the HTTP app's) with :func:`warm_up` running beside the server."""
    from contextlib import asynccontextmanager

    import anyio

    @asynccontextmanager
    async def warming(app: Any) -> Any:
        async with lifespan(app) as state, anyio.create_task_group() as tasks:
            tasks.start_soon(warm_up, index)
            yield state
            tasks.cancel_scope.cancel()

    return warming
