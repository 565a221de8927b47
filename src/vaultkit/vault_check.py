"""Checking the files on disk against stored stamps, in child processes, while this one works.

A warm command spends most of its refresh in one ``stat`` per file. ``StampCheck`` lists
the vault's top folder here, then forks children that walk the folders exactly as
``walk.scan`` does and compare what they find with the stamps an index stored (each child
unpacks them itself): only a verdict, a count and the problems met come back. The children
do not hold this process's interpreter, so this process can read the index meanwhile and
keep its answer if the check says nothing changed (``vaultkit.index.speculative``).
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from vaultkit.model import Problem
from vaultkit.walk import SPLIT_SCAN_FILES, Folder, Stamps, _Walk, scan, share

NICENESS = 10
"""How much the children yield to the process that forked them. Its read is what the
command waits for; the children have time to spare (at 100k notes they finish first even
when all three share the CPU equally), so it gets the larger share of a busy CPU. The
children still use every cycle the read leaves, so an idle machine loses nothing."""


@dataclass(frozen=True)
class CheckResult:
    """What a check found: whether every visible file has exactly the stamps given (no
    file added, removed or changed), how many files it found, the problems met."""

    same: bool
    files: int
    problems: list[tuple[str, Problem]]


class StampCheck:
    """A check of the files below ``root`` against the marshalled stamps ``expected``,
    under way in child processes from construction until ``result()``.

    ``weights`` (files per top-level folder, as stored with the stamps) shares the folders
    between ``workers`` children (default: two for a vault of ``SPLIT_SCAN_FILES`` files
    or more, else one). Without ``os.fork`` the walk runs in ``result()`` instead."""

    def __init__(
        self,
        root: Path,
        expected: bytes,
        weights: dict[str, int] | None = None,
        workers: int | None = None,
    ) -> None:
        self.root = root
        self.expected = expected
        self._children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
        self._problems: list[tuple[str, Problem]] = []
        if not hasattr(os, "fork"):
            return
        walk = _Walk(os.path.realpath(root))
        folders = walk.run([(str(root), "")], descend=False)
        self._problems = walk.problems
        if workers is None:
            large = weights is not None and sum(weights.values()) >= SPLIT_SCAN_FILES
            workers = 2 if large else 1
        groups = share(folders, weights or {}, max(1, workers))
        try:
            for number, group in enumerate(groups):
                own = walk.stamps if number == 0 else {}  # the top folder's files go once
                self._children.append(_fork(walk, own, group, expected))
        except BaseException:
            self.cancel()
            raise

    def result(self) -> CheckResult:
        """Wait for the children and say whether the files match; a child that failed
        makes the answer "not the same" (the caller then refreshes, which walks again)."""
        if not hasattr(os, "fork"):
            return self._here()
        same = True
        files = 0
        totals: set[int] = set()
        problems = list(self._problems)
        children, self._children = self._children, []
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            verdict: Any = None
            with contextlib.suppress(ValueError, EOFError, TypeError):
                verdict = marshal.loads(data)
            if status != 0 or not isinstance(verdict, tuple) or len(verdict) != 4:
                same = False
                continue
            ok, found, total, sent = verdict
            same = same and bool(ok)
            files += found
            totals.add(total)
            problems.extend((p, Problem(c, m, line, sev)) for p, c, m, line, sev in sent)
        same = same and len(totals) == 1 and totals == {files}
        return CheckResult(same, files, problems)

    def cancel(self) -> None:
        """Stop the children (after an error or an interrupt in this process)."""
        children, self._children = self._children, []
        for pid, read_end in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.close(read_end)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)

    def _here(self) -> CheckResult:
        """The check in this process (no ``os.fork``): a scan, then one comparison."""
        stamps, problems = scan(self.root)
        expected = _unpack(self.expected)
        return CheckResult(stamps == expected, len(stamps), problems)


def _unpack(expected: bytes) -> Stamps | None:
    try:
        value = marshal.loads(expected)
    except (ValueError, EOFError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def _fork(walk: _Walk, own: Stamps, group: list[Folder], expected: bytes) -> tuple[int, int]:
    """Fork a child that checks ``group`` (and the files ``own``); its pid and pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(walk, own, group, expected, write_end)
    os.close(write_end)
    return pid, read_end


def _child(walk: _Walk, own: Stamps, group: list[Folder], expected: bytes, out: int) -> NoReturn:
    """In the child: walk, compare, send (ok, files, files expected, problems), and leave
    without running any cleanup of the parent's (its index connection above all)."""
    code = 0
    try:
        gc.disable()  # the walk only allocates; collections would copy the parent's pages
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
        mine = _Walk(walk.real_root)
        mine.visited = set(walk.visited)
        mine.stamps = dict(own)
        mine.run(group)
        stamps = _unpack(expected)
        ok = stamps is not None and mine.stamps.items() <= stamps.items()
        total = len(stamps) if stamps is not None else -1
        sent = [(p, pr.code, pr.message, pr.line, pr.severity) for p, pr in mine.problems]
        with os.fdopen(out, "wb") as pipe:
            pipe.write(marshal.dumps((ok, len(mine.stamps), total, sent)))
    except BaseException:
        code = 1
    finally:
        os._exit(code)
