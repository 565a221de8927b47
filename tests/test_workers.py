"""Worker processes: results in order, set up by the initializer, a dead worker reported."""

from __future__ import annotations

import os

import pytest

from vaultkit.workers import WorkerDied, Workers

_STATE: dict[str, int] = {}


def _setup(offset: int) -> None:
    _STATE["offset"] = offset


def _shifted_square(n: int) -> tuple[int, int]:
    return n * n + _STATE["offset"], os.getpid()


def _die_on_seven(n: int) -> int:
    if n == 7:
        os._exit(3)  # as a worker killed by the system would vanish
    return n


def test_results_come_in_order_from_several_processes() -> None:
    workers = Workers(2, _setup, (1000,))
    try:
        results = list(workers.map(_shifted_square, range(200)))
    finally:
        workers.stop()
    assert [value for value, _ in results] == [n * n + 1000 for n in range(200)]
    assert os.getpid() not in {pid for _, pid in results}


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    workers = Workers(2, _setup, (0,))
    try:
        with pytest.raises(WorkerDied, match="--jobs 1"):
            list(workers.map(_die_on_seven, range(100)))
    finally:
        workers.stop()
