"""Reading an index while the vault is checked against it: confirm the answer, or redo it.

A warm command refreshes (a ``stat`` of every file) and then reads; both take about as
long at 100,000 notes. ``read_fresh`` does them at once: in one read transaction it takes
the stamps the index stored with its last complete refresh, starts a ``StampCheck`` of the
files against them in child processes, and runs the read on the index as it stands, in
that same transaction (so the answer is the one for those stamps, whatever another process
commits meanwhile). Then it waits for the check:

- nothing changed: the answer is exact for the vault as the check found it (as if the
  refresh had run first and found nothing to do); the read ran once;
- anything changed, or the index cannot vouch for its stamps (none stored, links still
  pending, a rebuild): it refreshes and reads again.

A change made after the stamps were read is thus never missed if the check sees it; one
made while the check runs may or may not be seen, exactly as with a refresh's scan.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from vaultkit.index.refresh import RefreshStats

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.vault_check import StampCheck

T = TypeVar("T")


@dataclass(frozen=True)
class FreshRead(Generic[T]):
    """A read's answer for the vault as it is, with the refresh behind it (``unchanged``
    only, when the check found nothing to do) and how it was reached: ``overlapped`` when
    the answer is the read made during the check, ``reads`` how many times ``read`` ran
    (2 when a change found by the check made it run again after a refresh)."""

    value: T
    stats: RefreshStats
    overlapped: bool
    reads: int


class Speculation:
    """One speculative read of ``index``, step by step: ``begin`` (stamps read in a read
    transaction), ``start_check``, the read, ``end_read``, ``confirm``."""

    def __init__(self, index: Index, workers: int | None = None) -> None:
        self.index = index
        self.workers = workers
        self.check: StampCheck | None = None
        self._stamps: bytes | None = None
        self._weights: dict[str, int] | None = None

    def begin(self) -> bool:
        """Open a read transaction and take the stored stamps; False (no transaction left
        open) when the index cannot vouch for them and needs a refresh first."""
        index = self.index
        if index.rebuilt:
            return False
        conn = index.conn
        conn.execute("BEGIN")
        try:
            rows = dict(
                conn.execute(
                    "SELECT key, value FROM meta WHERE key IN ('stamps', 'pending_keys')"
                ).fetchall()
            )
            stamps = rows.get("stamps")
            if not isinstance(stamps, bytes) or rows.get("pending_keys", "[]") != "[]":
                conn.execute("COMMIT")
                return False
            self._stamps = stamps
            self._weights = index._weights()
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return True

    def start_check(self) -> None:
        """Start checking the files against the stamps taken by ``begin``."""
        from vaultkit.vault_check import StampCheck

        assert self._stamps is not None, "begin() first"
        self.check = StampCheck(self.index.root, self._stamps, self._weights, self.workers)

    def end_read(self) -> bool:
        """End the read transaction; False when it was no longer open (something in the
        read committed it, so the read may have seen more than the stamps vouch for)."""
        conn = self.index.conn
        if not conn.in_transaction:
            return False
        conn.execute("COMMIT")
        return True

    def confirm(self) -> RefreshStats | None:
        """Wait for the check: the stats of a refresh that found nothing to do (the scan's
        problems stored as a refresh stores them), or None when something changed."""
        assert self.check is not None, "start_check() first"
        check, self.check = self.check, None
        found = check.result()
        if not found.same:
            return None
        self.index._store_scan_problems(found.problems)
        return RefreshStats(unchanged=found.files, jobs=1)

    def abandon(self) -> None:
        """Stop the check and end the transaction (after an interrupt)."""
        if self.check is not None:
            self.check.cancel()
            self.check = None
        conn = self.index.conn
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")


def read_fresh(
    index: Index,
    read: Callable[[Index], T],
    refresh: Callable[[], RefreshStats] | None = None,
    workers: int | None = None,
) -> FreshRead[T]:
    """``read(index)`` for the vault as it is on disk, the refresh's scan overlapped with
    the read (see the module's docstring). ``read`` must only read the index (and must
    not print: it may run twice); one that ends the transaction itself (a ``COMMIT``) is
    read again after a refresh. ``refresh`` (default
    ``index.refresh()``) brings the index up to date when the check finds a change; its
    stats are returned then. ``workers``: children for the check (``StampCheck``)."""
    started = time.perf_counter()
    refresh = refresh if refresh is not None else index.refresh
    speculation = Speculation(index, workers)
    if not speculation.begin():
        stats = refresh()
        return FreshRead(read(index), stats, overlapped=False, reads=1)
    outcome: tuple[T] | None = None
    failure: Exception | None = None
    try:
        speculation.start_check()
        try:
            outcome = (read(index),)
        except Exception as error:  # kept: it counts only if the index was fresh
            failure = error
        whole = speculation.end_read()
        confirmed = speculation.confirm()
    except BaseException:
        speculation.abandon()
        raise
    if whole and confirmed is not None:
        confirmed.seconds = time.perf_counter() - started
        if failure is not None:
            raise failure
        assert outcome is not None
        return FreshRead(outcome[0], confirmed, overlapped=True, reads=1)
    stats = refresh()
    return FreshRead(read(index), stats, overlapped=False, reads=2)
