"""Time ``vaultkit base`` against a warm ``vaultkit query`` of the same filter, in one run.

Usage::

    python benchmarks/base_bench.py [--notes 10000] [--seed 1] [--repeat 5]

Generates the vault with ``genvault.py`` (cached under the temp folder), refreshes its index
once, writes each base next to (not inside) the vault, then times both commands as real
subprocesses with ``--json`` (start-up included), alternating them, and prints the median of
each and their ratio. The target (issue 18): a base within 2x the query. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import genvault

PAIRS = (
    (
        'TABLE author, rating FROM "Readings" WHERE rating > 3 SORT rating DESC',
        "filters:\n  and:\n    - file.inFolder(\"Readings\")\n    - 'rating > 3'\n"
        "views:\n  - type: table\n    name: Readings\n    order: [file.name, author, rating]\n"
        "    sort: [{property: rating, direction: DESC}]\n",
    ),
    (
        "LIST WHERE rating > 3",
        "filters: 'rating > 3'\nviews:\n  - type: table\n    name: Rated\n    order: [file.name]\n",
    ),
    (
        'LIST WHERE contains(file.tags, "#labor")',
        "filters: 'file.hasTag(\"labor\")'\nviews:\n  - type: table\n    name: Labor\n",
    ),
    (
        "TABLE file.mtime SORT file.mtime DESC LIMIT 10",
        "views:\n  - type: table\n    name: Recent\n    order: [file.name, file.mtime]\n"
        "    sort: [{property: file.mtime, direction: DESC}]\n    limit: 10\n",
    ),
)


def main() -> None:
    """Run the benchmark and print one line per pair."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from vaultkit.index import Index

    work = Path(tempfile.gettempdir()) / "vaultkit-base-bench"
    vault = work / f"vault-{args.notes}-{args.seed}"
    if not (vault / genvault.META_FILE).exists():
        genvault.generate(vault, args.notes, args.seed)
    index_path = work / f"index-{args.notes}-{args.seed}.sqlite"
    with Index.open(vault, index_path) as index:
        index.refresh()
    common = ["--json", "--vault", str(vault), "--index", str(index_path)]
    print(f"{args.notes} notes, median of {args.repeat} warm CLI runs (--json)")
    print(f"{'query':>8} {'base':>8} {'ratio':>6}  filter")
    for number, (query, base_text) in enumerate(PAIRS, 1):
        base_file = work / f"bench-{number}.base"
        base_file.write_text(base_text, encoding="utf-8")
        query_times: list[float] = []
        base_times: list[float] = []
        for _ in range(args.repeat):
            query_times.append(_time(["vaultkit", "query", query, *common]))
            base_times.append(_time(["vaultkit", "base", str(base_file), *common]))
        q, b = statistics.median(query_times), statistics.median(base_times)
        print(f"{q:7.3f}s {b:7.3f}s {b / q:6.2f}  {query}")


def _time(command: list[str]) -> float:
    env = dict(os.environ, VAULTKIT_NO_PROGRESS="1")
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
