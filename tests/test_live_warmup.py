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
