"""How fast `vaultkit check` answers on a few notes (a pre-commit hook) against a warm
`vaultkit links` on the same vault, in the same run.

Usage::

    python benchmarks/check_bench.py [--notes 10000] [--seed 1] [--repeat 5] [--vault DIR]

Every command is a real subprocess on a warm index (interpreter start and imports
included); rounds interleave the commands so machine noise hits them alike, and each
figure is the median. Timings are printed, never asserted.
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


def _time(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--vault", type=Path, help="a vault genvault.py wrote (else a new one)")
    parser.add_argument("--full", action="store_true", help="also time a whole-vault check")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vaultkit-check-bench-"))
    vault = options.vault or work / "vault"
    if options.vault is None:
        genvault.generate(vault, options.notes, options.seed)
    exe = str(Path(sys.executable).parent / "vaultkit")
    env = {**os.environ, "VAULTKIT_NO_PROGRESS": "1", "VAULTKIT_INDEX": str(work / "ix.sqlite")}
    base = ["--vault", str(vault)]
    subprocess.run([exe, "index", *base], env=env, stdout=subprocess.DEVNULL, check=False)
    hub = vault / "Concepts" / f"{genvault.HUB_NAME}.md"
    note = sorted((vault / "Meetings").rglob("*.md"))[0]
    commands = {
        "links <hub> (warm, baseline)": [exe, "links", genvault.HUB_NAME, *base],
        "check <one meeting note>": [exe, "check", str(note), *base],
        "check <the hub note>": [exe, "check", str(hub), *base],
    }
    if options.full:
        commands["check (whole vault)"] = [exe, "check", *base]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.repeat):
        for name, args in commands.items():
            times[name].append(_time(args, env))
    baseline = statistics.median(times["links <hub> (warm, baseline)"])
    print(f"vault: {vault} ({options.notes} notes, seed {options.seed}), {options.repeat} rounds")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:32} {median:7.3f} s  {median / baseline:5.2f}x links")


if __name__ == "__main__":
    main()
