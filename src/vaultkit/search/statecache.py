"""Answers that depend on the index's contents alone, kept while those contents do not change.

A long-lived process (the MCP server, ``watch``) runs many searches on one index; the
notes holding a word (a ``LIKE`` that reads every text with the word's trigrams: most of a
warm search), the count and mean size of the notes, and the rare paths whose lower case
``fold`` does not keep are the same from one search to the next until something writes.
The state is ``PRAGMA data_version`` (changed by any other connection's commit) with the
connection's own ``total_changes`` (changed by every row this process writes, refreshes
included), and the connection's serial (an index rebuilt in place gets a new connection,
whose ``id()`` may be a closed one's): when any moves, everything kept is dropped. Kept
values are bounded by their total size (``LIMIT`` note ids), the oldest used dropped
first. A one-shot command pays one ``PRAGMA`` per lookup and never hits.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from vaultkit.index.storage import connection_serial

if TYPE_CHECKING:
    from vaultkit.index import Index

T = TypeVar("T")

LIMIT = 2_000_000
"""The most note ids (or other items) kept in all, per index."""


class _Kept:
    """What one index's current state gave, with the state it was computed in."""

    def __init__(self) -> None:
        self.state: tuple[int, int, int] | None = None
        self.values: dict[Hashable, tuple[Any, int]] = {}
        self.size = 0


_KEPT: WeakKeyDictionary[Index, _Kept] = WeakKeyDictionary()


def state(index: Index) -> tuple[int, int, int]:
    """What identifies the contents of ``index`` as this process sees them."""
    conn = index.conn
    [(version,)] = conn.execute("PRAGMA data_version").fetchall()
    return connection_serial(conn), int(version), conn.total_changes


def kept(index: Index, key: Hashable, make: Callable[[], T], size: int = 1) -> T:
    """``make()``, or what it returned for ``key`` in this state of ``index``; ``size``: how
    many items the value holds when it is a collection (else 1)."""
    entry = _KEPT.get(index)
    if entry is None:
        entry = _KEPT[index] = _Kept()
    now = state(index)
    if entry.state != now:
        entry.state, entry.values, entry.size = now, {}, 0
    found = entry.values.pop(key, None)
    if found is not None:
        entry.values[key] = found  # now the most recently used
        value: T = found[0]
        return value
    value = make()
    weight = max(1, len(value) if isinstance(value, set | frozenset | dict) else size)
    if weight <= LIMIT:
        entry.values[key] = (value, weight)
        entry.size += weight
        while entry.size > LIMIT:
            oldest = next(iter(entry.values))
            entry.size -= entry.values.pop(oldest)[1]
    return value
