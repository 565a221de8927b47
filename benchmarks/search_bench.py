"""Time ``vaultkit search`` and the cost of its full-text data, whole commands, one run.

Usage::

    python benchmarks/search_bench.py [--notes 10000] [--seed 1] [--repeat 3] [--json FILE]

Generates the vault with ``genvault.py`` (cached under the temp folder). For each way of
storing the texts (the chosen one: texts at index time, the trigram index built by the first
search; the trigram index built while indexing, ``detail=none`` or ``detail=full``; no text
at all) it times a cold ``vaultkit index`` and reports the index size, and the first search
after the chosen cold index (which builds the trigrams); then it times warm searches
(the two-word target, a phrase, a regex, ``section:``, ``block:``) against a warm
``vaultkit links`` of the top hub, every one a real subprocess, interleaved in rounds so
that noise on the shared machine hits all alike. Medians are printed; nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import genvault

_TEXT = "CREATE TABLE note_text(id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
_EAGER = (
    "CREATE VIRTUAL TABLE note_trigrams USING fts5(body, content = 'note_text',"
    " content_rowid = 'id', tokenize = 'trigram', detail = {detail});"
)
VARIANTS = {
    "texts; trigrams built by the first search (chosen)": None,
    "texts + trigrams while indexing, detail=none": _TEXT + _EAGER.format(detail="none"),
    "texts + trigrams while indexing, detail=full": _TEXT + _EAGER.format(detail="full"),
    "texts, no trigram index ever (every search scans)": _TEXT,
    "no text stored (baseline)": "",
}
"""Schemas swapped in for the comparison (None: the shipped one; "": texts not written).
With the trigram table in the schema, every refresh writes it: the eager alternative."""

SEARCHES = {
    "two words": "organizing union",
    "phrase": '"mass organization"',
    "regex": "/\\d{4}-\\d{2}-\\d{2}/",
    "section:": "section:(strike wages)",
    "block:": "block:(union dues)",
    "tag: + word": "tag:#meeting wages",
}

_RUNNER = """
import sys
schema = {schema!r}
if schema is not None:
    import vaultkit.index as index
    import vaultkit.index.fulltext as fulltext
    if schema == "":
        fulltext.store_texts = lambda *a: None
    else:
        index.FULLTEXT_SCHEMA = schema
from vaultkit.cli.app import main
sys.argv = ["vaultkit", *sys.argv[1:]]
main()
"""


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of each cold index's process tree, by sample key: on a
shared machine this moves far less than wall time."""


def timed(argv: list[str], cpu_key: str | None = None) -> float:
    """Wall time of one subprocess (its output discarded; exit 1 counts as success); with
    ``cpu_key``, its CPU time (children included) goes to ``CPU``."""
    import resource

    env = dict(os.environ, VAULTKIT_NO_PROGRESS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed: {done.stderr.decode()[-500:]}")
    if cpu_key:
        used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        CPU.setdefault(cpu_key, []).append(used)
    return took


def size_of(index: Path) -> int:
    return sum(p.stat().st_size for p in (index, Path(f"{index}-wal")) if p.exists())


def main() -> None:
    """Run the benchmark and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write every sample here")
    args = parser.parse_args()

    base = Path(tempfile.gettempdir()) / "vaultkit-search-bench"
    vault = base / f"vault-{args.notes}-{args.seed}"
    if not (vault / genvault.META_FILE).exists():
        genvault.generate(vault, args.notes, args.seed)
    py = [sys.executable, "-c"]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    samples: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, schema in VARIANTS.items():
            index = base / f"index-{abs(hash(name)) % 10**8}.sqlite"
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(f"{index}{suffix}").unlink(missing_ok=True)
            argv = [*py, _RUNNER.format(schema=schema), "index", "--vault", str(vault)]
            argv += ["--index", str(index), "--json", *jobs]
            key = f"cold index: {name}"
            samples.setdefault(key, []).append(timed(argv, key))
            sizes[name] = size_of(index)
            if schema is None:
                chosen = index
                first = [*py, _RUNNER.format(schema=None), "search", SEARCHES["two words"]]
                first += ["--json", "--vault", str(vault), "--index", str(index)]
                key = "first search (builds the trigrams)"
                samples.setdefault(key, []).append(timed(first, key))
                sizes["after the first search"] = size_of(index)
    vaultkit = [*py, _RUNNER.format(schema=None)]
    where = ["--vault", str(vault), "--index", str(chosen)]
    for _ in range(args.repeat):
        samples.setdefault("warm links (baseline)", []).append(
            timed([*vaultkit, "links", genvault.HUB_NAME, "--json", *where])
        )
        for label, query in SEARCHES.items():
            samples.setdefault(f"warm search {label}: {query}", []).append(
                timed([*vaultkit, "search", query, "--json", *where])
            )
    medians = {key: statistics.median(values) for key, values in samples.items()}
    baseline_cold = medians["cold index: no text stored (baseline)"]
    links = medians["warm links (baseline)"]
    md_bytes = sum(p.stat().st_size for p in vault.rglob("*.md"))
    print(f"{args.notes} notes ({md_bytes / 1e6:.1f} MB of Markdown), median of {args.repeat}")
    print()
    cpu = {key: statistics.median(values) for key, values in CPU.items()}
    baseline_cpu = cpu["cold index: no text stored (baseline)"]
    print("| measurement | median | ratio | CPU (ratio) | index size |")
    print("|---|---:|---:|---:|---:|")
    for name in VARIANTS:
        key = f"cold index: {name}"
        ratio = medians[key] / baseline_cold
        used = f"{cpu[key]:.1f} s ({cpu[key] / baseline_cpu:.2f}×)"
        print(
            f"| {key} | {medians[key]:.3f} s | {ratio:.2f}× no text | {used}"
            f" | {sizes[name] / 1e6:.1f} MB |"
        )
    key = "first search (builds the trigrams)"
    size = sizes["after the first search"] / 1e6
    print(
        f"| ↳ {key}, `{SEARCHES['two words']}` | {medians[key]:.3f} s |  | {cpu[key]:.1f} s"
        f" | {size:.1f} MB |"
    )
    print(f'| warm links "{genvault.HUB_NAME}" --json | {links:.3f} s | 1.00× links |  |  |')
    for label, query in SEARCHES.items():
        key = f"warm search {label}: {query}"
        print(
            f"| warm search `{query}` --json | {medians[key]:.3f} s"
            f" | {medians[key] / links:.2f}× links |  |  |"
        )
    if args.json:
        dump = {"samples": samples, "cpu": CPU, "sizes": sizes}
        args.json.write_text(json.dumps(dump, indent=2))


if __name__ == "__main__":
    main()
