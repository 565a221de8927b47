"""Latency of the MCP ``search`` tool in-process (the SDK's client), against ``links``.

Usage::

    PYTHONPATH=SRC python benchmarks/mcp_search_bench.py VAULT INDEX

Run it once per source tree, alternating trees, for a before/after in the same session.
After a warm-up (the ten repeated queries once each; the first call, which reads the
notes' texts and builds what the process keeps, is timed apart), three passes: each of ``REPEATED``
five times (median per query, and over all 50 calls); each of ``DISTINCT`` once (words
no earlier call used: a first call, which a cache per index state does not
help), with the common words and the names also apart; ``links`` on 50 random notes, as
the baseline. Nothing asserts.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import anyio

REPEATED = (
    "organizing union",
    "union meeting",
    "strike wages",
    "housing tenants",
    "branch dues",
    "reading group",
    "picket line",
    "rent strike",
    "general assembly",
    "contract vote",
)
DISTINCT = (
    "committee report",
    "speaker argued",
    "leadership insisted",
    "pamphlet chapter",
    "comrade worried",
    "celia dorsey",
    "farid haddad",
    "greta lindqvist",
    "ines moreau",
    "kasia okafor",
    "panel observed",
    "resolution admitted",
    "contacts explained",
    "author suggested",
    "visiting guard",
    "mira szabo",
    "oskar tanaka",
    "priya varga",
    "rosa yilmaz",
    "soren zielinski",
)
"""Two-word queries sharing no word with each other or with ``REPEATED``: nothing a
previous call kept can answer them (a cache per index state helps repeats only)."""
COMMON = {q for i, q in enumerate(DISTINCT) if i % 10 < 5}
"""The distinct queries of boilerplate words (4,000-8,500 notes each, thousands of
results); the others are of names (70-200 notes each, a few results)."""


def _ms(times: list[float]) -> str:
    ordered = sorted(times)
    return (
        f"median {statistics.median(times) * 1000:.1f} ms,"
        f" p90 {ordered[int(len(ordered) * 0.9)] * 1000:.1f} ms over {len(times)}"
    )


async def _timed(client: Any, tool: str, args: dict[str, str]) -> float:
    started = time.perf_counter()
    await client.call_tool(tool, args)
    return time.perf_counter() - started


async def main(vault: Path, index_path: Path) -> None:
    """Print the three passes' figures."""
    from mcp import Client

    from vaultkit.index import Index
    from vaultkit.live.mcp_server import Freshness, build_server

    with Index.open(vault, index_path) as opened:
        opened.refresh()
        paths = [p for p, _ in opened.note_titles()]
        fresh = Freshness(opened, watch=True)
        try:
            server = build_server(opened, fresh)
            async with Client(server, cache=None) as client:
                first = await _timed(client, "search", {"query": REPEATED[0]})
                for query in REPEATED[1:]:
                    await client.call_tool("search", {"query": query})
                repeated: list[float] = []
                for query in REPEATED:
                    times = [await _timed(client, "search", {"query": query}) for _ in range(5)]
                    repeated.extend(times)
                    print(f"  search {query!r:22} median {statistics.median(times) * 1000:6.1f} ms")
                distinct = [await _timed(client, "search", {"query": q}) for q in DISTINCT]
                common = [t for q, t in zip(DISTINCT, distinct, strict=True) if q in COMMON]
                names = [t for q, t in zip(DISTINCT, distinct, strict=True) if q not in COMMON]
                notes = random.Random(1).sample(paths, 50)
                links = [await _timed(client, "links", {"note": p}) for p in notes]
                print(f"search repeated: {_ms(repeated)}")
                print(f"search distinct: {_ms(distinct)}")
                print(f"  of which common words: {_ms(common)}")
                print(f"  of which names: {_ms(names)}")
                print(f"links: {_ms(links)}")
                print(f"first search of the process: {first * 1000:.0f} ms")
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"peak memory of the process: {peak:.0f} MB")
        finally:
            fresh.close()


if __name__ == "__main__":
    anyio.run(main, Path(sys.argv[1]), Path(sys.argv[2]))
