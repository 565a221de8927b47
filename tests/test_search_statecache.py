"""Answers kept per index state (``search.statecache``): a later search in the same process
sees every change, whether this process refreshed it or another one committed it, and
gives the same results as a fresh process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.search import search, statecache


def _paths(index: Index, query: str) -> list[tuple[str, float]]:
    return [(r.path, r.score) for r in search(index, query, positions=False)]


def _touch_later(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_refresh_in_this_process_is_seen(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"A.md": "union meeting\n", "B.md": "nothing\n", "C.md": "union\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        before = _paths(index, "union meeting")
        assert [p for p, _ in before] == ["A.md"]
        assert _paths(index, "union meeting") == before  # kept: same answer
        _touch_later(root / "B.md", "a union meeting, then another meeting\n")
        index.refresh(jobs=1)
        after = _paths(index, "union meeting")
        assert sorted(p for p, _ in after) == ["A.md", "B.md"]
        with Index.open(root, tmp_path / "fresh.sqlite") as fresh:
            fresh.refresh(jobs=1)
            assert _paths(fresh, "union meeting") == after  # scores use the new frequencies


def test_another_connections_commit_is_seen(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"A.md": "union\n", "B.md": "nothing\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        assert [p for p, _ in _paths(index, "union")] == ["A.md"]  # builds the trigrams
        assert [p for p, _ in _paths(index, "union")] == ["A.md"]  # kept from here
        _touch_later(root / "B.md", "union\n")
        with Index.open(root, tmp_path / "i.sqlite") as other:
            other.refresh(jobs=1)
        assert sorted(p for p, _ in _paths(index, "union")) == ["A.md", "B.md"]


def test_kept_values_are_bounded(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statecache, "LIMIT", 3)
    root = make_vault({"A.md": "x\n"})
    made: list[str] = []

    def make(name: str) -> set[int]:
        made.append(name)
        return {1, 2}

    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        statecache.kept(index, "a", lambda: make("a"))
        statecache.kept(index, "a", lambda: make("a"))
        assert made == ["a"]
        statecache.kept(index, "b", lambda: make("b"))  # 4 items > 3: "a" is dropped
        statecache.kept(index, "b", lambda: make("b"))
        statecache.kept(index, "a", lambda: make("a"))
        assert made == ["a", "b", "a"]


def test_a_new_connection_at_a_closed_ones_address_is_a_new_state(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """An index whose connection is replaced (rebuilt in place, as the MCP server does when
    the vault's settings change) must not answer from what the old connection kept: the
    ``id()`` of a closed connection comes back at once for the next one, and two fresh
    connections that only read have the same ``data_version`` and ``total_changes``."""
    from vaultkit.index.storage import connect

    root = make_vault({"A.md": "union\n"})
    other_root = tmp_path / "other"
    other_root.mkdir()
    for name in ("B.md", "C.md"):
        (other_root / name).write_text("union\n", encoding="utf-8")
    other_path = tmp_path / "other.sqlite"
    for vault, path in ((root, tmp_path / "i.sqlite"), (other_root, other_path)):
        with Index.open(vault, path) as built:
            built.refresh(jobs=1)
            _paths(built, "union")  # builds the trigram index: later reads write nothing
    with Index.open(root, tmp_path / "i.sqlite") as index:
        assert [p for p, _ in _paths(index, "union")] == ["A.md"]
        assert statecache.kept(index, "key", lambda: "old") == "old"
        before = statecache.state(index)
        spare = []  # connections that did not land at the old address, kept alive
        old_id = id(index.conn)
        index.conn.close()
        index.conn = None  # type: ignore[assignment]
        for _ in range(100):
            index.conn = connect(other_path)
            if id(index.conn) == old_id:
                break
            spare.append(index.conn)
        assert id(index.conn) == old_id  # what made the old key unsafe
        [(version,)] = index.conn.execute("PRAGMA data_version").fetchall()
        assert (version, index.conn.total_changes) == before[1:]
        assert statecache.kept(index, "key", lambda: "new") == "new"
        assert sorted(p for p, _ in _paths(index, "union")) == ["B.md", "C.md"]
        for conn in spare:
            conn.close()
