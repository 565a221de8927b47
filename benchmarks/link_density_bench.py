"""Index one note of N links on ONE line against the same links one per line (issue 14,
item 7): with each link's context bounded, the ratio stays near 1.

    python benchmarks/link_density_bench.py [--links 160000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _vault(folder: Path, text: str) -> Path:
    (folder / ".obsidian").mkdir(parents=True)
    (folder / "dense.md").write_text(text, encoding="utf-8")
    return folder


def _index_seconds(root: Path, index: Path) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    env = {**os.environ, "VAULTKIT_NO_PROGRESS": "1"}
    command = [sys.executable, "-m", "vaultkit", "index", "--vault", str(root)]
    began = time.perf_counter()
    subprocess.run([*command, "--index", str(index)], check=True, capture_output=True, env=env)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=160_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    links = [f"[[n{i}]]" for i in range(args.links)]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        one_line = _vault(base / "one-line", " ".join(links) + "\n")
        per_line = _vault(base / "per-line", "\n".join(links) + "\n")
        size = (one_line / "dense.md").stat().st_size
        best = {}
        for name, root in (("per-line", per_line), ("one-line", one_line)):
            best[name] = min(
                _index_seconds(root, base / f"{name}.sqlite") for _ in range(args.repeat)
            )
        print(f"{args.links} links, {size / 1e6:.1f} MB, best of {args.repeat}:")
        print(f"  one link per line  {best['per-line']:.2f} s")
        print(f"  all on one line    {best['one-line']:.2f} s")
        print(f"  ratio              {best['one-line'] / best['per-line']:.2f}")


if __name__ == "__main__":
    main()
