"""The MCP server's first search after ANOTHER process committed a one-note change.

Usage::

    PYTHONPATH=SRC python benchmarks/foreign_commit_bench.py VAULT INDEX [ROUNDS]

VAULT is written to (one note gets a word appended each round, then is put back): use a
generated copy (benchmarks/genvault.py), never a real vault. INDEX is that vault's index.

The server's connection keeps the notes' texts (``vaultkit.search.notetexts``, as
``vaultkit mcp`` does) and searches through the ``search`` tool; a second connection plays
``vaultkit watch`` beside it: it refreshes after each save, and its commit is what the
server's next search must see. Both ways are timed in the same run, alternating round by
round: ``log`` (the texts the index's ``text_log`` names are read again) and ``reload``
(the log is ignored: every text is read again, what the server did before), in all and
the texts' update alone (``texts``). Also timed:
the same search with nothing committed (the floor), and the other connection's one-note
refresh with and without the log's triggers in the index (what every writer pays).
Nothing asserts.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

QUERY = "organizing union"


def _ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:.1f} ms over {len(times)}"


def main() -> None:
    from vaultkit.index import Index, fulltext
    from vaultkit.live.registry import call
    from vaultkit.live.tools import tools
    from vaultkit.search import notetexts

    vault, index_path = Path(sys.argv[1]), Path(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    search = {t.name: t for t in tools()}["search"]
    server = Index.open(vault, index_path)
    other = Index.open(vault, index_path)
    server.refresh(jobs=1)
    notetexts.keep_texts(server)
    call(search, server, {"query": QUERY})  # texts loaded, trigram index built
    note = sorted(vault.rglob("*.md"))[len(list(vault.rglob("*.md"))) // 2]
    original = note.read_bytes()
    times: dict[str, list[float]] = {
        "log": [],
        "reload": [],
        "log: texts": [],
        "reload: texts": [],
        "nothing": [],
    }
    writes: dict[str, list[float]] = {"with triggers": [], "without": []}
    try:
        for step in range(rounds * 2):
            mode = "log" if step % 2 == 0 else "reload"
            texts = notetexts.kept_texts(server)
            assert texts is not None
            if mode == "reload":
                texts.logged = None  # as before the log: every text read again
            note.write_bytes(original + f"\nword{step} union\n".encode())
            other.refresh(jobs=1)
            started = time.perf_counter()
            notetexts.kept_texts(server)
            texts_read = time.perf_counter() - started
            call(search, server, {"query": QUERY})
            times[mode].append(time.perf_counter() - started)
            times[f"{mode}: texts"].append(texts_read)
            started = time.perf_counter()
            call(search, server, {"query": QUERY})
            times["nothing"].append(time.perf_counter() - started)
        conn = other.conn
        for step in range(rounds * 2):  # the writer's cost of the triggers, alternating
            triggers = step % 2 == 0
            with conn:
                for name in ("insert", "delete", "update", "prune"):
                    conn.execute(f"DROP TRIGGER IF EXISTS text_log_{name}")
            if triggers:
                fulltext.ensure_text_log(conn)
            note.write_bytes(original + f"\nagain{step}\n".encode())
            started = time.perf_counter()
            other.refresh(jobs=1)
            writes["with triggers" if triggers else "without"].append(time.perf_counter() - started)
    finally:
        note.write_bytes(original)
        fulltext.ensure_text_log(other.conn)
        other.refresh(jobs=1)
        other.close()
        server.close()
    for mode, found in times.items():
        print(f"first search after a one-note commit, {mode:13}: {_ms(found)}")
    for mode, found in writes.items():
        print(f"the other connection's one-note refresh, {mode}: {_ms(found)}")
    print(
        "ratio reload/log:"
        f" {statistics.median(times['reload']) / statistics.median(times['log']):.1f}x"
    )


if __name__ == "__main__":
    main()
