"""The MCP server's warm-up (``live.warmup``) loads the kept texts and indexes every note's
words before any search asks, a step at a time, and changes no answer."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.live.warmup import warm_up
from vaultkit.search import notetexts, wordindex
from vaultkit.search.engine import search_page

NOTES = {f"N{i}.md": f"union meeting {i}\nwages {'dues ' * (i % 3)}\n" for i in range(9)}


def test_warm_up_indexes_every_kept_note_a_step_at_a_time(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(NOTES)
    steps: list[int] = []
    real = wordindex.WordIndex.advance

    def counting(self: wordindex.WordIndex, limit: int = wordindex.BUDGET) -> None:
        steps.append(limit)
        real(self, limit)

    monkeypatch.setattr(wordindex.WordIndex, "advance", counting)
    monkeypatch.setattr(wordindex, "WARM_STEP", 4)
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        before = search_page(index, "union -dues", 0, 20)
        notetexts.keep_texts(index)
        anyio.run(warm_up, index)
        texts = notetexts.kept_texts(index)
        assert texts is not None and len(texts.texts) == 9
        built = wordindex._KEPT[index]
        assert not built.pending and set(built.folded) == set(texts.texts)
        assert steps == [4, 4, 4]  # 9 notes, 4 a step: the third step empties the queue
        after = search_page(index, "union -dues", 0, 20)
        assert [r.path for r in after[0]] == [r.path for r in before[0]]
        assert after[1] == before[1] == 3


def test_warm_up_does_nothing_where_texts_are_not_kept(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(NOTES)
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        anyio.run(warm_up, index)  # a CLI process never called keep_texts
        assert notetexts.kept_texts(index) is None and index not in wordindex._KEPT


def test_any_failure_of_the_warm_up_ends_only_the_warm_up(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm-up runs in the server's task group: an error it let through (a MemoryError
    loading the texts, a bug) ended the whole server, where a tool call's error is only that
    call's. The searches then build what they need themselves."""
    root = make_vault(NOTES)

    def failing(index: Index, limit: int | None = None) -> bool:
        raise MemoryError("loading the texts")

    monkeypatch.setattr(wordindex, "warm", failing)
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        notetexts.keep_texts(index)
        anyio.run(warm_up, index)
        monkeypatch.undo()
        results, total = search_page(index, "union -dues", 0, 20)
        assert total == 3 and len(results) == 3


def test_a_warm_up_failing_midway_through_a_note_changes_no_answer(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while a note's words go in (some of its tokens' postings written, the note
    no longer waiting) left it half indexed: 'wages' counted where 'union' was not. The
    word index goes with the failure; the next searches build it again."""
    root = make_vault(NOTES)
    real = wordindex.WordIndex._add

    def failing(self: wordindex.WordIndex, fid: int, text: str) -> None:
        if self.folded:  # the second note: one token in, then the failure
            self.postings.setdefault("wages", {})[fid] = 1
            raise MemoryError("indexing a note")
        real(self, fid, text)

    with (
        Index.open(root, tmp_path / "i.sqlite") as index,
        Index.open(root, tmp_path / "i.sqlite") as plain,
    ):
        index.refresh(jobs=1)
        queries = ("union", "wages", "union wages")
        expected = [search_page(plain, q, 0, 20) for q in queries]
        notetexts.keep_texts(index)
        monkeypatch.setattr(wordindex.WordIndex, "_add", failing)
        anyio.run(warm_up, index)
        monkeypatch.undo()
        for query, (results, total) in zip(queries, expected, strict=True):
            mine = search_page(index, query, 0, 20)
            assert mine[1] == total == 9, query
            assert [(r.path, r.score) for r in mine[0]] == [(r.path, r.score) for r in results]


def test_a_search_failing_midway_through_a_note_changes_no_later_answer(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search indexes some notes' words itself (``BUDGET`` a search): a failure while a
    note's words go in is that call's error, and the next searches answer exactly."""
    root = make_vault(NOTES)

    def failing(self: wordindex.WordIndex, fid: int, text: str) -> None:
        self.postings.setdefault("union", {})[fid] = 1
        raise MemoryError("indexing a note")

    with (
        Index.open(root, tmp_path / "i.sqlite") as index,
        Index.open(root, tmp_path / "i.sqlite") as plain,
    ):
        index.refresh(jobs=1)
        expected = search_page(plain, "wages", 0, 20)
        notetexts.keep_texts(index)
        monkeypatch.setattr(wordindex.WordIndex, "_add", failing)
        with pytest.raises(MemoryError):
            search_page(index, "union", 0, 20)
        monkeypatch.undo()
        mine = search_page(index, "wages", 0, 20)
        assert mine[1] == expected[1] == 9
        assert [(r.path, r.score) for r in mine[0]] == [(r.path, r.score) for r in expected[0]]
