"""The index file: vaultkit replaces only files it made (issue 13, data safety)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.errors import IndexRefused
from vaultkit.index import Index
from vaultkit.index.storage import APPLICATION_ID, is_vaultkit_index

runner = CliRunner()

FOREIGN = {
    "a note": b"# A note\n\nSome [[text]] the user wrote.\n",
    "a text file": b"README\n=======\nplain text\n",
    "random bytes": bytes(range(256)) * 8,
}


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts(id INTEGER PRIMARY KEY, owner TEXT)")
    conn.execute("INSERT INTO accounts(owner) VALUES ('someone else')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_a_file_that_is_not_an_index_is_refused_and_left_as_it_was(
    make_vault: VaultBuilder, tmp_path: Path, kind: str
) -> None:
    root = make_vault({"a.md": "[[b]]"})
    target = tmp_path / "elsewhere" / "file.sqlite"
    target.parent.mkdir()
    target.write_bytes(FOREIGN[kind])
    result = runner.invoke(app, ["notes", "--vault", str(root), "--index", str(target)])
    assert result.exit_code == 2
    assert "is not a vaultkit index; refusing to overwrite it" in result.stderr
    assert target.read_bytes() == FOREIGN[kind]
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.sqlite"]  # no .lock


def test_another_programs_sqlite_database_is_refused(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"a.md": "x"})
    target = tmp_path / "accounts.db"
    _foreign_sqlite(target)
    before = target.read_bytes()
    with pytest.raises(IndexRefused, match="not a vaultkit index"):
        Index.open(root, target)
    assert target.read_bytes() == before
    assert not Path(str(target) + ".lock").exists()


def test_the_environment_variable_is_checked_too(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"a.md": "x"})
    target = tmp_path / "notes.txt"
    target.write_text("my shopping list\n")
    monkeypatch.setenv("VAULTKIT_INDEX", str(target))
    result = runner.invoke(app, ["links", "a", "--vault", str(root)])
    assert result.exit_code == 2 and "refusing to overwrite it" in result.stderr
    assert target.read_text() == "my shopping list\n"


def test_an_index_path_inside_the_vault_is_refused(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "x"})
    note = root / "a.md"
    for target in (note, root / "sub" / "ix.sqlite", root / "ix.sqlite"):
        result = runner.invoke(app, ["notes", "--vault", str(root), "--index", str(target)])
        assert result.exit_code == 2, target
        assert "inside the vault" in result.stderr
    assert note.read_text() == "x"
    assert not (root / "ix.sqlite").exists() and not (root / "sub").exists()


def test_an_empty_file_may_become_an_index_and_is_marked_as_ours(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"a.md": "[[b]]", "b.md": "b"})
    target = tmp_path / "ix.sqlite"
    target.touch()
    with Index.open(root, target) as index:
        assert index.refresh().parsed == 2
    assert is_vaultkit_index(target)
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert target.read_bytes()[68:72] == APPLICATION_ID.to_bytes(4, "big")  # what file(1) reads


def test_an_index_another_process_is_creating_is_not_taken_for_a_foreign_file(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """Two commands on a new index at once: SQLite writes the header (no id, no tables)
    before the creator's first commit, under our lock; the second waits for that lock
    instead of refusing the file (seen as a failure of two `vaultkit index` at once)."""
    import threading

    from vaultkit.index.storage import exclusive

    root = make_vault({"a.md": "[[b]]", "b.md": "x"})
    target = tmp_path / "ix.sqlite"
    header_written = threading.Event()
    opened: list[object] = []

    def creator() -> None:
        with exclusive(target):
            conn = sqlite3.connect(target)
            conn.execute("PRAGMA journal_mode = WAL")  # the header, as vaultkit's connect
            header_written.set()
            waiter.start()
            waiter.join(0.3)  # the other side is now waiting on the lock
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("CREATE TABLE meta(key TEXT, value TEXT)")
            conn.commit()
            conn.close()

    def second() -> None:
        with Index.open(root, target) as index:
            opened.append(index.refresh().parsed)

    waiter = threading.Thread(target=second)
    first = threading.Thread(target=creator)
    first.start()
    assert header_written.wait(10)
    first.join(30)
    waiter.join(30)
    assert opened == [2]
    assert is_vaultkit_index(target)


def test_a_foreign_sqlite_file_beside_a_lock_is_still_refused(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"a.md": "x"})
    target = tmp_path / "theirs.sqlite"
    _foreign_sqlite(target)
    Path(str(target) + ".lock").write_bytes(b"")
    before = target.read_bytes()
    with pytest.raises(IndexRefused, match="not a vaultkit index"):
        Index.open(root, target)
    assert target.read_bytes() == before


def test_a_damaged_vaultkit_index_is_still_rebuilt(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"a.md": "[[b]]", "b.md": "b"})
    target = tmp_path / "ix.sqlite"
    with Index.open(root, target) as index:
        index.refresh()
    data = bytearray(target.read_bytes())
    data[100:] = os.urandom(len(data) - 100)
    target.write_bytes(bytes(data))
    result = runner.invoke(app, ["links", "b", "--vault", str(root), "--index", str(target)])
    assert result.exit_code == 0, result.stderr
    assert "a.md" in result.stdout


def test_an_index_from_before_the_application_id_is_still_ours(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"a.md": "[[b]]", "b.md": "b"})
    target = tmp_path / "ix.sqlite"
    with Index.open(root, target) as index:
        index.refresh()
        index.conn.execute("PRAGMA application_id = 0")
    assert is_vaultkit_index(target)
    with Index.open(root, target) as index:
        assert index.refresh().unchanged == 2


def test_a_symlink_as_index_is_refused(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"a.md": "x"})
    real = tmp_path / "real.sqlite"
    real.touch()
    link = tmp_path / "link.sqlite"
    link.symlink_to(real)
    with pytest.raises(IndexRefused, match="symbolic link"):
        Index.open(root, link)


def test_the_fallback_folder_is_private_and_refuses_a_planted_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from vaultkit.index.storage import private_fallback_folder

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    folder = private_fallback_folder()
    assert folder.stat().st_mode & 0o777 == 0o700
    folder.rmdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder.symlink_to(elsewhere)
    with pytest.raises(IndexRefused, match="not a folder"):
        private_fallback_folder()


def test_index_lists_the_cached_indexes_and_prunes_those_whose_vault_is_gone(
    tmp_path: Path,
) -> None:
    import json
    import shutil

    kept, gone = tmp_path / "kept", tmp_path / "gone"
    for root in (kept, gone):
        (root / ".obsidian").mkdir(parents=True)
        (root / "a.md").write_text("x")
        assert runner.invoke(app, ["index", "--vault", str(root)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["index", "--list", "--json"]).stdout)
    assert sorted(e["vault"] for e in listed) == sorted([str(kept.resolve()), str(gone.resolve())])
    assert all(e["vault_exists"] and e["size"] > 0 for e in listed)
    from vaultkit.live.trust import LiveState, live_path

    gone_index = next(Path(e["path"]) for e in listed if e["vault"] == str(gone.resolve()))
    LiveState.claim(gone_index, gone).close()  # type: ignore[union-attr]  # a watcher ran
    assert live_path(gone_index).exists()
    shutil.rmtree(gone)
    result = runner.invoke(app, ["index", "--list", "--json"])
    assert {e["vault"]: e["vault_exists"] for e in json.loads(result.stdout)} == {
        str(kept.resolve()): True,
        str(gone.resolve()): False,
    }
    only = json.loads(
        runner.invoke(app, ["index", "--list", "--json", "--vault", str(kept)]).stdout
    )
    assert [e["vault"] for e in only] == [str(kept.resolve())]
    pruned = json.loads(runner.invoke(app, ["index", "--prune", "--json"]).stdout)
    assert [e["vault"] for e in pruned] == [str(gone.resolve())]
    assert not Path(pruned[0]["path"]).exists()
    assert not Path(pruned[0]["path"] + ".lock").exists()
    assert not Path(pruned[0]["path"] + ".live").exists()
    left = json.loads(runner.invoke(app, ["index", "--list", "--json"]).stdout)
    assert [e["vault"] for e in left] == [str(kept.resolve())]
    assert runner.invoke(app, ["index", "--list", "--rebuild"]).exit_code == 2


def test_index_says_where_its_index_lives(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"a.md": "x"})
    target = tmp_path / "ix.sqlite"
    result = runner.invoke(app, ["index", "--vault", str(root), "--index", str(target)])
    assert result.exit_code == 0
    assert f"index {target}" in result.stdout
