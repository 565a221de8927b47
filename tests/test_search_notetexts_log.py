"""Texts kept in memory after ANOTHER connection commits (a ``vaultkit watch`` beside the MCP
server): only the notes the index's ``text_log`` names are read again, and the kept texts
are exactly the index's, with searches answering as the SQL path, after adds, edits,
deletes and renames; every text is read again when the log cannot tell."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import VaultBuilder
from tests.test_search_notetexts import NAMES, QUERIES, notes
from vaultkit.index import Index, fulltext
from vaultkit.search import notetexts, search
from vaultkit.search.document import fold

Op = tuple[str, str, str | None]
"""("write", name, text), ("delete", name, None) or ("rename", name, new name)."""

ops = st.lists(
    st.one_of(
        st.tuples(st.just("write"), st.sampled_from(NAMES), notes),
        st.tuples(st.just("delete"), st.sampled_from(NAMES), st.none()),
        st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    ),
    min_size=1,
    max_size=4,
)


def _apply(root: Path, changes: list[Op], step: int) -> None:
    later = 1_700_000_000_000_000_000 + step * 10_000_000_000
    for kind, name, arg in changes:
        path = root / name
        if kind == "delete":
            path.unlink(missing_ok=True)
        elif kind == "rename":
            assert arg is not None
            target = root / arg
            if path.exists() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                path.rename(target)  # keeps its size and mtime: a rename for the index
        else:
            assert arg is not None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(arg, encoding="utf-8")
            os.utime(path, ns=(later, later))


def _index_texts(index: Index) -> dict[int, tuple[str, str]]:
    rows = index.conn.execute("SELECT id, body FROM note_text")
    return {fid: (body, fold(body)) for fid, body in rows}


class _Reads:
    """Records the ids every ``fulltext.texts_of`` call on ``conn`` asks for (None: every
    text)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.asked: list[set[int] | None] = []
        self._real = fulltext.texts_of

    def __call__(self, conn: Any, ids: Any) -> Any:
        if conn is self.conn:
            self.asked.append(None if ids is None else set(ids))
        return self._real(conn, ids)


@settings(max_examples=25, deadline=None)
@given(
    st.dictionaries(st.sampled_from(NAMES), notes, min_size=1),
    st.lists(st.tuples(ops, st.one_of(st.just([]), ops)), max_size=4),
)
def test_another_connections_commits_read_only_what_changed(
    files: dict[str, str], rounds: list[tuple[list[Op], list[Op]]]
) -> None:
    """Each round: another connection commits changes, then (sometimes) this one refreshes
    more of its own, then a search; the log names both."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        root.mkdir()
        _apply(root, [("write", n, t) for n, t in files.items()], 0)
        path = Path(tmp) / "i.sqlite"
        with Index.open(root, path) as kept, Index.open(root, path) as other:
            kept.refresh(jobs=1)
            notetexts.keep_texts(kept)
            texts = notetexts.kept_texts(kept)
            assert texts is not None and texts.texts == _index_texts(kept)
            reads = _Reads(kept.conn)
            with mock.patch.object(fulltext, "texts_of", reads):
                for step, (changes, ours) in enumerate(rounds, 1):
                    before = fulltext.text_log_position(kept.conn)
                    _apply(root, changes, 2 * step)
                    other.refresh(jobs=1)  # another connection commits
                    if ours:
                        _apply(root, ours, 2 * step + 1)
                        kept.refresh(jobs=1)  # then this one, as the server's own refresh
                    changed = set()
                    if before is not None:
                        found = fulltext.logged_since(kept.conn, before)
                        assert found is not None
                        changed = found[0]
                    assert notetexts.kept_texts(kept) is texts  # updated, not reloaded
                    assert texts.texts == _index_texts(kept)
                    for query in QUERIES:
                        assert search(kept, query) == search(other, query), query
                    # Only what changed is read again (an attachment's id the own refresh
                    # dropped may be asked for too: it has no text).
                    held = set(texts.texts)
                    assert all(
                        asked is not None and asked & held <= changed for asked in reads.asked
                    )
                    reads.asked.clear()


def test_a_reader_behind_what_the_log_keeps_reads_every_text(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"A.md": "union\n", "B.md": "nothing\n"})
    path = tmp_path / "i.sqlite"
    with Index.open(root, path) as kept, Index.open(root, path) as other:
        kept.refresh(jobs=1)
        notetexts.keep_texts(kept)
        texts = notetexts.kept_texts(kept)
        assert texts is not None
        (root / "B.md").write_text("a union\n", encoding="utf-8")
        os.utime(root / "B.md", ns=(2_000_000_000_000_000_000,) * 2)
        other.refresh(jobs=1)
        with other.conn:  # as the pruning trigger does once the log is long
            other.conn.execute("DELETE FROM text_log WHERE seq < (SELECT max(seq) FROM text_log)")
        again = notetexts.kept_texts(kept)
        assert again is not None and again is not texts  # read again whole
        assert again.texts == _index_texts(kept)
        assert [r.path for r in search(kept, "union", positions=False)] == ["A.md", "B.md"]


def test_any_writer_is_logged_and_the_log_is_pruned(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log is kept by triggers in the index file: a writer that knows nothing of it (an
    older vaultkit) is recorded too; the log keeps about ``LOG_KEPT`` rows."""
    monkeypatch.setattr(fulltext, "LOG_KEPT", 1500)
    root = make_vault({"A.md": "union\n"})
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        conn = index.conn
        assert fulltext.text_log_position(conn) is None  # none until a process keeps texts
        assert fulltext.ensure_text_log(conn)
        start = fulltext.text_log_position(conn)
        assert start == 0
        with conn:
            conn.execute("UPDATE note_text SET body = 'x' WHERE id = 1")
            conn.execute("INSERT INTO note_text(id, body) VALUES (7, 'new')")
            conn.execute("DELETE FROM note_text WHERE id = 7")
        assert fulltext.logged_since(conn, start) == ({1, 7}, 4)
        with conn:
            conn.executemany(
                "INSERT INTO note_text(id, body) VALUES (?, 'x')",
                [(100 + i,) for i in range(3000)],
            )
        [(count, first)] = conn.execute("SELECT count(*), min(seq) FROM text_log").fetchall()
        assert first > 1 and fulltext.logged_since(conn, start) is None  # pruned past it
        assert 1500 <= count <= 1500 + 1024
