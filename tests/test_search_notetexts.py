"""Texts kept in memory (``search.notetexts``): every search gives exactly what the SQL path
gives (same notes, scores, order and matches), on random vaults and queries, after this
process refreshes and after another connection commits."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import VaultBuilder
from vaultkit.index import Index, fulltext
from vaultkit.search import notetexts, search
from vaultkit.search.engine import SearchResult

PIECES = [
    "union meeting",
    "Union MEETING",
    "unions",
    "reunion",
    "wages and dues",
    "\u212aelvin kit",  # the Kelvin sign: ``fold`` makes it ``k``, LIKE does not
    "KIT kit",
    "caf\u00e9 CAF\u00c9",
    "\u0130stanbul istanbul",  # İ: lower-cased to two characters
    "- [ ] call union",
    "# Heading wages",
    # A NUL past the binary check: LIKE (and the trigram index) stop reading there
    "x" * 8200 + " uni nio ion \x00 union after a NUL",
    "",
]
NAMES = ["a.md", "b.md", "dir/union c.md", "d.md", "Kit.md", "\u0130z/Istanbul.md", "pic.png"]
QUERIES = [
    "union",
    "union meeting",
    "meeting union",
    "kit",
    "elvin",
    "kelvin",
    "wages dues",
    '"union meeting"',
    "union -wages",
    "union OR kit",
    "istanbul",
    "café",
    "unio",
    "after",
    "line:(union)",
    "/uni.n/",
    "reunion",
    "call",
    "path:dir",
    "file:kit",
    "file:dir",
    "file:iz",
    "path:iz",
    "file:png",
    "z/ist",
]

notes = st.lists(st.sampled_from(PIECES), max_size=6).map(lambda ls: "\n".join(ls) + "\n")
vaults = st.dictionaries(st.sampled_from(NAMES), notes, min_size=1)
edits = st.lists(st.tuples(st.sampled_from(NAMES), st.none() | notes), min_size=1, max_size=4)


def _results(index: Index, query: str) -> list[SearchResult]:
    return search(index, query)


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


def _same(kept: Index, plain: Index) -> None:
    for query in QUERIES:
        assert _results(kept, query) == _results(plain, query), query
    assert notetexts.kept_texts(kept) is not None


@settings(max_examples=25, deadline=None)
@given(vaults, edits, edits)
def test_kept_texts_answer_as_sql(
    files: dict[str, str],
    ours: list[tuple[str, str | None]],
    theirs: list[tuple[str, str | None]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        root.mkdir()
        _write(root, list(files.items()), 0)
        path = Path(tmp) / "i.sqlite"
        with Index.open(root, path) as kept, Index.open(root, path) as plain:
            kept.refresh(jobs=1)
            notetexts.keep_texts(kept)
            _same(kept, plain)
            _write(root, ours, 1)
            kept.refresh(jobs=1)  # this connection writes: only its ids are read again
            _same(kept, plain)
            _write(root, theirs, 2)
            plain.refresh(jobs=1)  # another connection commits: every text is read again
            _same(kept, plain)


def test_only_written_ids_are_read_again(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"A.md": "union\n", "B.md": "nothing\n", "C.md": "union meeting\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        notetexts.keep_texts(index)
        texts = notetexts.kept_texts(index)
        assert texts is not None and len(texts.texts) == 3
        before = dict(texts.texts)
        (root / "B.md").write_text("a Union now\n", encoding="utf-8")
        os.utime(root / "B.md", ns=(2_000_000_000_000_000_000,) * 2)
        index.refresh(jobs=1)
        again = notetexts.kept_texts(index)
        assert again is texts  # updated in place, not reloaded
        b = index.file_id("B.md")
        assert b is not None and texts.texts[b] == ("a Union now\n", "a union now\n")
        assert {f: t for f, t in texts.texts.items() if f != b} == {
            f: t for f, t in before.items() if f != b
        }
        assert [r.path for r in search(index, "union", positions=False)] == [
            "A.md",
            "B.md",
            "C.md",
        ]


def test_over_the_limit_the_sql_path_answers(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"A.md": "union\n" * 50, "B.md": "nothing\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        notetexts.keep_texts(index)
        monkeypatch.setattr(notetexts, "LIMIT_BYTES", 100)
        assert notetexts.kept_texts(index) is None
        assert [r.path for r in search(index, "union", positions=False)] == ["A.md"]
        (root / "A.md").write_text("union\n", encoding="utf-8")
        index.refresh(jobs=1)  # under the limit again: kept from the next search
        texts = notetexts.kept_texts(index)
        assert texts is not None and len(texts.texts) == 2


def test_growing_past_the_limit_in_this_process_lets_the_texts_go(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays bounded: notes this process's refreshes add are counted too."""
    root = make_vault({"A.md": "union\n", "B.md": "nothing\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        notetexts.keep_texts(index)
        monkeypatch.setattr(notetexts, "LIMIT_BYTES", 100)
        assert notetexts.kept_texts(index) is not None
        (root / "C.md").write_text("union\n" * 50, encoding="utf-8")
        index.refresh(jobs=1)  # this connection writes: an incremental update
        assert notetexts.kept_texts(index) is None
        assert sorted(r.path for r in search(index, "union", positions=False)) == ["A.md", "C.md"]
        (root / "A.md").write_text("union again\n", encoding="utf-8")
        index.refresh(jobs=1)
        assert notetexts.kept_texts(index) is None
        assert fulltext.written(index.conn) == set()  # nothing piles up while not kept


def test_written_ids_are_recorded_per_connection(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(tmp_path / "t.sqlite")
    conn.executescript(fulltext.FULLTEXT_SCHEMA)
    assert fulltext.written(conn) is None  # not asked for
    fulltext.track_writes(conn)
    fulltext.store_texts(conn, [(1,), (2,)], [(1, "a"), (2, "b")])
    fulltext.delete_texts(conn, [(3,)])
    assert fulltext.written(conn) == {1, 2, 3}
    assert fulltext.written(conn) == set()  # taken
    conn.close()
