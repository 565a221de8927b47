"""How the page of `vaultkit graph export --format html` copes with a large vault: export
time, page size, time until the layout settles and frame time afterwards, in headless
Chromium (Debian's `chromium`, driven by Playwright), beside the same figures for the
example vault measured in the same run.

Usage::

    python benchmarks/graph_html_bench.py [--notes 10000] [--seed 1] [--vault DIR]

Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import genvault

REPO = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FRAMES = """() => new Promise(done => {
  const g = window.vaultkit.graph, times = []; let last = performance.now();
  function tick(now) { times.push(now - last); last = now; g.zoom(g.zoom() * 1.001);
    if (times.length < 60) requestAnimationFrame(tick); else done(times); }
  requestAnimationFrame(tick);
})"""
"""Sixty frames, each a full redraw (a zoom step, as when the user zooms): their intervals."""


def export(vault: Path, out: Path, env: dict[str, str]) -> float:
    exe = str(Path(sys.executable).parent / "vaultkit")
    start = time.perf_counter()
    subprocess.run(
        [exe, "graph", "export", "--format", "html", "--out", str(out), "--vault", str(vault)],
        env=env,
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def measure(browser: Any, page_file: Path) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.vaultkit !== undefined", timeout=300_000)
    loaded = time.perf_counter() - start
    page.wait_for_function("() => window.vaultkit.settled()", timeout=600_000, polling=200)
    settled = time.perf_counter() - start
    frames = sorted(page.evaluate(FRAMES))
    nodes = page.evaluate("() => window.vaultkit.graph.graphData().nodes.length")
    context.close()
    return {
        "nodes": nodes,
        "loaded": loaded,
        "settled": settled,
        "frame_median_ms": frames[len(frames) // 2],
        "frame_p90_ms": frames[int(len(frames) * 0.9)],
    }


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vault", type=Path)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vaultkit-html-bench-"))
    vault = options.vault or work / "vault"
    if options.vault is None:
        genvault.generate(vault, options.notes, options.seed)
    env = {**os.environ, "VAULTKIT_NO_PROGRESS": "1"}
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, source in (("examples/vault", REPO / "examples" / "vault"), ("generated", vault)):
            env["VAULTKIT_INDEX"] = str(work / f"{name.replace('/', '-')}.sqlite")
            page_file = work / f"{name.replace('/', '-')}.html"
            export(source, page_file, env)  # the first export also builds the index
            seconds = export(source, page_file, env)
            figures = measure(browser, page_file)
            size = page_file.stat().st_size / 1024 / 1024
            rows.append((name, seconds, size, figures))
        browser.close()
    print("vault            nodes  export s  page MB  loaded s  settled s  frame ms (median, p90)")
    for name, seconds, size, f in rows:
        print(
            f"{name:16} {f['nodes']:5.0f}  {seconds:8.2f}  {size:7.2f}  {f['loaded']:8.2f}"
            f"  {f['settled']:9.2f}  {f['frame_median_ms']:6.1f}, {f['frame_p90_ms']:.1f}"
        )


if __name__ == "__main__":
    main()
