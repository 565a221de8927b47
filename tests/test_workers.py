"""Worker processes: results in order, set up by the initializer, a dead worker reported."""

from __future__ import annotations

import os
from pathlib import Path

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


def test_a_worker_dead_before_the_work_is_handed_out_is_reported() -> None:
    import signal
    import time

    workers = Workers(2, _setup, (0,))
    try:
        pids = {pid for _, pid in workers.map(_shifted_square, range(40))}
        os.kill(next(iter(pids)), signal.SIGKILL)
        # The executor notices the death on its own thread, whenever it is scheduled: keep
        # handing out work until it does, however loaded the machine is.
        deadline = time.monotonic() + 120
        with pytest.raises(WorkerDied):
            while time.monotonic() < deadline:
                list(workers.map(_shifted_square, range(40)))
    finally:
        workers.stop()


def test_workers_end_when_the_process_that_started_them_is_killed(tmp_path: Path) -> None:
    """Killed from outside (a timeout, the OOM killer), the index process cannot stop its
    workers: they must notice and end rather than wait on their queue for good."""
    import subprocess
    import sys
    import time

    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from vaultkit.workers import Workers\n"
        "from tests.test_workers import _setup, _shifted_square\n"
        "w = Workers(2, _setup, (0,))\n"
        "list(w.map(_shifted_square, range(40)))\n"
        # Every worker, whether or not the scheduler gave it a task: a fork context starts
        # them all with the first submission (CPython's executor keeps them in _processes).
        "pids = sorted(w._executor._processes)\n"
        "print(' '.join(map(str, pids)), flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parent.parent
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert parent.stdout is not None
    pids = [int(p) for p in parent.stdout.readline().split()]
    assert len(pids) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 120  # they end at once; a loaded machine may be slow
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [pid for pid in pids if _alive(pid)]
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
