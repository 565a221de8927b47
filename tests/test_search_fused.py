"""The fused path (``search.fused``) gives byte-for-byte the JSON page and total the general
path gives, on random vaults and random plain queries (words, phrases, AND, ``-word``),
pages beyond the first, after this process refreshes and after another connection commits."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.render.search import search_json
from vaultkit.search import fused, notetexts, wordcounts, wordindex
from vaultkit.search.engine import search_page
from vaultkit.search.parser import parse_query

PIECES = [
    "union meeting",
    "Union MEETING union",
    "unions",
    "reunion reunion",
    "wages and dues",
    "\u212aelvin kit",  # the Kelvin sign: ``fold`` makes it ``k``, LIKE does not
    "KIT kit kitkit",
    "caf\u00e9 CAF\u00c9 cafe",
    "\u0130stanbul istanbul",  # İ: lower-cased to two characters
    "- [ ] call union",
    "# Heading wages",
    "aaaa aaa",
    # A NUL past the binary check: LIKE (and the trigram index) stop reading there
    "x" * 8200 + " uni nio ion \x00 union after a NUL",
    "",
]
NAMES = ["a.md", "b.md", "dir/union c.md", "d.md", "Kit.md", "\u0130z/Istanbul.md", "e.md"]
WORDS = [
    "union",
    "unions",
    "reunion",
    "uni",
    "meeting",
    "kit",
    "kelvin",
    "elvin",
    "café",
    "cafe",
    "istanbul",
    "İstanbul",
    "wages",
    "dues",
    "aaa",
    "aa",
    "after",
    "dir",
    '"union meeting"',
    '"wages and"',
    '"kit kit"',
]

notes = st.lists(st.sampled_from(PIECES), max_size=6).map(lambda ls: "\n".join(ls) + "\n")
vaults = st.dictionaries(st.sampled_from(NAMES), notes, min_size=1)
edits = st.lists(st.tuples(st.sampled_from(NAMES), st.none() | notes), min_size=1, max_size=4)
terms = st.tuples(st.booleans(), st.sampled_from(WORDS)).map(lambda t: ("-" if t[0] else "") + t[1])
queries = st.lists(terms, min_size=1, max_size=3).map(" ".join)


def _write(root: Path, edits: list[tuple[str, str | None]], step: int) -> None:
    for name, text in edits:
        path = root / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        later = 1_700_000_000_000_000_000 + step * 10_000_000_000
        os.utime(path, ns=(later, later))


def _json(page: tuple[list[object], int]) -> str:
    results, total = page
    return json.dumps([search_json(results), total], indent=2, ensure_ascii=False)  # type: ignore[arg-type]


def _same(kept: Index, plain: Index, queries: list[str]) -> None:
    for query in queries:
        tree = parse_query(query)
        taken = fused.plain_terms(tree) is not None
        for offset, limit in ((0, 20), (0, 1), (1, 2), (3, 20)):
            general = search_page(plain, query, offset, limit)
            mine = fused.search_page(kept, tree, offset, limit)
            assert (mine is not None) == taken, query
            if mine is not None:
                assert _json(mine) == _json(general), (query, offset, limit)  # type: ignore[arg-type]
            assert _json(search_page(kept, query, offset, limit)) == _json(general)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    vaults,
    edits,
    edits,
    st.lists(queries, min_size=1, max_size=6),
    st.booleans(),
    st.sampled_from([1, 2, wordindex.BUDGET]),
)
def test_fused_pages_equal_the_general_path(
    files: dict[str, str],
    ours: list[tuple[str, str | None]],
    theirs: list[tuple[str, str | None]],
    asked: list[str],
    scan: bool,
    budget: int,
) -> None:
    """``scan``: the word index answers no word (every count by a pass over the texts);
    ``budget``: notes the word index takes in per search (else counted by a scan)."""
    spread, saved = wordindex.SPREAD, wordindex.BUDGET
    wordindex.SPREAD = -1 if scan else spread
    wordindex.BUDGET = budget
    try:
        _fused_equal(files, ours, theirs, asked)
    finally:
        wordindex.SPREAD, wordindex.BUDGET = spread, saved


def _fused_equal(
    files: dict[str, str],
    ours: list[tuple[str, str | None]],
    theirs: list[tuple[str, str | None]],
    asked: list[str],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        root.mkdir()
        _write(root, list(files.items()), 0)
        path = Path(tmp) / "i.sqlite"
        with Index.open(root, path) as kept, Index.open(root, path) as plain:
            kept.refresh(jobs=1)
            notetexts.keep_texts(kept)
            _same(kept, plain, asked)
            _write(root, ours, 1)
            kept.refresh(jobs=1)  # this connection writes: kept counts are dropped
            _same(kept, plain, asked)
            _write(root, theirs, 2)
            plain.refresh(jobs=1)  # another connection commits
            _same(kept, plain, asked)


def test_other_queries_and_options_take_the_general_path(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"A.md": "union meeting\n", "B.md": "union dues of the whole branch\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        tree = parse_query("union")
        assert fused.search_page(index, tree, 0, 20) is None  # texts not kept
        notetexts.keep_texts(index)
        for query in ("union OR dues", "-union", "/uni.n/", "line:(union)", "tag:x", "[a:b]"):
            assert fused.plain_terms(parse_query(query)) is None, query
        results, total = fused.search_page(index, tree, 0, 1) or ([], 0)
        assert total == 2 and [r.path for r in results] == ["A.md"]
        assert [m.text for m in results[0].matches] == ["union meeting"]


def test_a_word_is_counted_once_per_index_state(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"A.md": "union union\n", "B.md": "a Union\n", "C.md": "nothing\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        notetexts.keep_texts(index)
        a, b = index.file_id("A.md"), index.file_id("B.md")
        calls: list[str] = []
        real = wordcounts._count

        def counting(index: Index, texts: notetexts.NoteTexts, term: str) -> wordcounts.Counts:
            calls.append(term)
            return real(index, texts, term)

        monkeypatch.setattr(wordcounts, "_count", counting)
        first = fused.search_page(index, parse_query("union"), 0, 20)
        again = fused.search_page(index, parse_query("union -dues"), 0, 20)
        assert first is not None and again is not None
        assert calls == ["union"]
        (root / "C.md").write_text("union now\n", encoding="utf-8")
        os.utime(root / "C.md", ns=(2_000_000_000_000_000_000,) * 2)
        index.refresh(jobs=1)
        later = fused.search_page(index, parse_query("union"), 0, 20)
        assert calls == ["union", "union"] and later is not None and later[1] == 3
        texts = notetexts.kept_texts(index)
        assert texts is not None and a is not None and b is not None
        counted = wordcounts.counts(index, texts, "union")
        assert counted is not None and counted[a] == 2 and counted[b] == 1
        assert counted.members == {a, b, index.file_id("C.md")}


def test_the_word_index_goes_with_the_kept_texts(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"A.md": "union\n" * 50, "B.md": "nothing\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        notetexts.keep_texts(index)
        assert fused.search_page(index, parse_query("union"), 0, 20) is not None
        assert index in wordindex._KEPT
        monkeypatch.setattr(notetexts, "LIMIT_BYTES", 100)
        assert fused.search_page(index, parse_query("union"), 0, 20) is None
        assert index not in wordindex._KEPT
        results, total = search_page(index, "union", 0, 20)
        assert total == 1 and results[0].path == "A.md"


def test_excluded_notes_count_for_frequencies_but_are_never_returned(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    files = {
        ".obsidian/app.json": '{"userIgnoreFilters": ["private/"]}',
        "private/union.md": "union union union meeting\n",
        "private/b.md": "union\n",
        "a.md": "the union meeting\n",
        "c.md": "a meeting of the union branch, union dues\n",
        "union notes.md": "meeting only\n",
    }
    root = make_vault(files)
    path = tmp_path / "i.sqlite"
    with Index.open(root, path) as kept, Index.open(root, path) as plain:
        kept.refresh(jobs=1)
        notetexts.keep_texts(kept)
        for query in ("union", "union meeting", "meeting -dues", '"union meeting"', "uni"):
            mine = fused.search_page(kept, parse_query(query), 0, 20)
            assert mine is not None
            assert not any(r.path.startswith("private/") for r in mine[0])
            assert _json(mine) == _json(search_page(plain, query, 0, 20)), query  # type: ignore[arg-type]
        found = fused.search_page(kept, parse_query("union"), 0, 20)
        assert found is not None and found[1] == 3  # a.md, c.md and the path of union notes.md
