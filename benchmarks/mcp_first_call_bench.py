"""The first searches of a new `vaultkit mcp` server over stdio, as an assistant meets them.

Usage::

    PYTHONPATH=SRC python benchmarks/mcp_first_call_bench.py VAULT INDEX [PAUSE]

Starts the server with the SDK's stdio client, makes one cheap call (``links`` on a name no
note has: the server is up and its index fresh), waits ``PAUSE`` seconds (default 4: the
user typing a question, the model choosing a tool) and then times five searches of common
words no earlier call used, one after the other. Run it once per source tree, alternating
trees, each on its own copy of a warm index. Nothing asserts.
"""

from __future__ import annotations

import os
import sys
import time

import anyio

QUERIES = (
    "committee report",
    "speaker argued",
    "leadership insisted",
    "pamphlet chapter",
    "comrade worried",
)
"""Common words of the generated vaults (4,000-8,500 of 10,000 notes each)."""


async def _first_searches(vault: str, index: str, pause: float) -> list[float]:
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    env = {"NO_COLOR": "1", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "vaultkit", "mcp", "--vault", vault, "--index", index],
        env=env,
    )
    async with Client(stdio_client(params), cache=None) as client:
        await client.call_tool("links", {"note": "no note has this name"})
        await anyio.sleep(pause)
        times = []
        for query in QUERIES:
            start = time.perf_counter()
            await client.call_tool("search", {"query": query})
            times.append((time.perf_counter() - start) * 1000)
        return times


def main() -> None:
    vault, index = sys.argv[1], sys.argv[2]
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 4.0
    times = anyio.run(_first_searches, vault, index, pause)
    shown = ", ".join(f"{t:.1f}" for t in times)
    print(f"pause {pause:g} s; first searches (ms): {shown}; load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
