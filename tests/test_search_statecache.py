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
