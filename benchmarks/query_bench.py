"""Time ``vaultkit query`` on a generated vault, warm (index already refreshed).

Usage::

    python benchmarks/query_bench.py [--notes 10000] [--seed 1] [--repeat 5] [--cli]

Generates the vault with ``genvault.py`` (cached under the temp folder), refreshes its
index once, then prints the median time of each query run in-process (``run_query``) and,
with ``--cli``, as a real ``vaultkit query --json`` subprocess (start-up included).
Nothing here asserts on timings.
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

QUERIES = (
    "LIST FROM #meeting",
    'TABLE author, rating FROM "Readings" WHERE rating > 3 SORT rating DESC',
    "LIST FROM [[Mass Organization]]",
    'TASK FROM "Projects" WHERE !completed',
    "LIST WHERE rating > 3",
    'LIST WHERE contains(file.tags, "#labor")',
    "TABLE file.mtime SORT file.mtime DESC LIMIT 10",
    "TABLE length(file.inlinks) AS links SORT length(file.inlinks) DESC LIMIT 5",
    "LIST rows.file.link GROUP BY file.folder",
    "TASK WHERE !completed",
)


def main() -> None:
    """Run the benchmark and print one line per query."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cli", action="store_true", help="also time the CLI as a subprocess")
    args = parser.parse_args()

    from vaultkit.index import Index
    from vaultkit.query import run_query

    base = Path(tempfile.gettempdir()) / "vaultkit-query-bench"
    vault = base / f"vault-{args.notes}-{args.seed}"
    if not (vault / genvault.META_FILE).exists():
        genvault.generate(vault, args.notes, args.seed)
    index_path = base / f"index-{args.notes}-{args.seed}.sqlite"
    with Index.open(vault, index_path) as index:
        index.refresh()
        print(f"{args.notes} notes, median of {args.repeat} warm runs")
        for query in QUERIES:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = run_query(index, query)
                times.append(time.perf_counter() - started)
            line = f"{statistics.median(times):7.3f} s  {len(result.values):6d} rows  {query}"
            if args.cli:
                line = f"{_cli(vault, index_path, query, args.repeat):7.3f} s CLI  " + line
            print(line)


def _cli(vault: Path, index_path: Path, query: str, repeat: int) -> float:
    env = dict(os.environ, VAULTKIT_NO_PROGRESS="1")
    command = ["vaultkit", "query", query, "--json", "--vault", str(vault)]
    command += ["--index", str(index_path)]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


if __name__ == "__main__":
    main()
