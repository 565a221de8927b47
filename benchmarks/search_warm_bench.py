"""Time warm ``vaultkit search`` commands on an indexed vault, for one or more source trees,
interleaved in rounds so that the shared machine's load hits every version alike.

Usage::

    python benchmarks/search_warm_bench.py --vault /tmp/v100k --index /tmp/me/v100k.sqlite \\
        [--src OLD/src --src src] [--rounds 5] [--query 'union meeting' ...] [--no-paths]
        [--no-json]

Each sample is a whole command in a fresh interpreter (start-up and the refresh scan
included), its output discarded: for each query ``search QUERY --paths`` (unless
``--no-paths``) and ``search QUERY --json``; as the baseline, ``links HUB --json``. Wall
and CPU (user + system) medians are printed, with the ratio of each to the baseline of
the same source tree. The index must be warm
(built, and searched once so that its trigram index exists): the first round is thrown
away. Nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HUB = "Mass Organization"


def timed(src: Path, argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``vaultkit ARGV`` run from the source tree ``src``."""
    env = dict(os.environ, VAULTKIT_NO_PROGRESS="1", PYTHONPATH=str(src))
    code = "import sys; from vaultkit.cli.app import main; sys.argv[0] = 'vaultkit'; main()"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed: {done.stderr.decode()[-500:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    """Run the rounds and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--src", type=Path, action="append", default=None)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--query", action="append", default=None)
    parser.add_argument("--no-paths", action="store_true", help="time --json only")
    parser.add_argument("--no-json", action="store_true", help="time --paths only")
    parser.add_argument(
        "--baseline-note",
        default=HUB,
        help="the note of the baseline `links NOTE --json` (at 100k the hub's answer is large:"
        " a note with few links measures start-up and refresh alone)",
    )
    args = parser.parse_args()
    sources = args.src or [Path(__file__).resolve().parent.parent / "src"]
    where = ["--vault", str(args.vault), "--index", str(args.index)]
    commands: dict[str, list[str]] = {}
    for query in args.query or ["union meeting"]:
        if not args.no_paths:
            commands[f"search '{query}' --paths"] = ["search", query, "--paths", *where]
        if not args.no_json:
            commands[f"search '{query}' --json"] = ["search", query, "--json", *where]
    note = args.baseline_note
    commands[f"links '{note}' --json (baseline)"] = ["links", note, "--json", *where]
    samples: dict[tuple[Path, str], list[tuple[float, float]]] = {}
    loads = os.getloadavg()
    for round_number in range(args.rounds + 1):
        for name, argv in commands.items():
            for src in sources:
                sample = timed(src, argv)
                if round_number:  # the first round warms the caches
                    samples.setdefault((src, name), []).append(sample)
    print(
        f"{args.vault} — medians of {args.rounds} rounds (wall, CPU user+system);"
        f" load average {loads[0]:.2f} before, {os.getloadavg()[0]:.2f} after"
    )
    for src in sources:
        base = samples[(src, list(commands)[-1])]
        base_wall = statistics.median(w for w, _ in base)
        base_cpu = statistics.median(c for _, c in base)
        for name in commands:
            runs = samples[(src, name)]
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(
                f"{src!s:<24} {name:<44} {wall:7.3f} s ({wall / base_wall:4.2f}x)"
                f"  CPU {cpu:6.3f} s ({cpu / base_cpu:4.2f}x)"
            )


if __name__ == "__main__":
    main()
