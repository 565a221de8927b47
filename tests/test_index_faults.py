"""Index faults and the last-resort handler (issue 14, item 5): a damaged index of ours is
rebuilt silently; anything else is one line naming the cause and the remedy, exit 2; no
traceback unless --debug asks for it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli.app import app
from vaultkit.cli.faults import opened_indexes
from vaultkit.index import storage

runner = CliRunner()
NOTES = 400


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def indexed(make_vault: VaultBuilder, tmp_path: Path) -> tuple[Path, Path, str]:
    """A vault of a few hundred notes, its index, and ``notes --json`` as first printed."""
    body = "word " * 80
    root = make_vault(
        {
            f"n{i:03}.md": f"---\ntags: [t{i % 5}]\n---\n# N{i}\n[[n{(i + 1) % NOTES:03}]] {body}\n"
            for i in range(NOTES)
        }
    )
    index = tmp_path / "index.sqlite"
    code, out, err = run("notes", "--jsonl", "--vault", str(root), "--index", str(index))
    assert code == 0, err
    for opened in opened_indexes:  # as when the process ends: the WAL goes into the file
        opened.close()
    return root, index, out


def _args(root: Path, index: Path) -> tuple[str, ...]:
    return ("notes", "--jsonl", "--vault", str(root), "--index", str(index))


def test_a_malformed_page_is_rebuilt_silently(indexed: tuple[Path, Path, str]) -> None:
    root, index, before = indexed
    data = bytearray(index.read_bytes())
    page = 4096
    middle = len(data) // page // 3 * page
    data[middle : middle + 20 * page] = b"\xff" * (20 * page)  # pages in the middle, header kept
    index.write_bytes(bytes(data))
    code, out, err = run(*_args(root, index))
    assert (code, err) == (0, "")
    assert out == before


def test_a_missing_table_is_rebuilt_silently(indexed: tuple[Path, Path, str]) -> None:
    root, index, _ = indexed
    conn = sqlite3.connect(index)
    conn.execute("DROP TABLE links")
    conn.commit()
    conn.close()
    code, out, err = run("links", "n001", "--json", "--vault", str(root), "--index", str(index))
    assert code == 0, err
    assert '"n000.md"' in out  # the backlink is found in the rebuilt index


def test_a_read_only_index_once_the_vault_changed_is_one_line_exit_2(
    indexed: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index, _ = indexed
    (root / "new.md").write_text("a new note\n", encoding="utf-8")
    connect = storage.connect

    def read_only(path: Path) -> sqlite3.Connection:  # as a file the user cannot write opens
        connect(path).close()
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)

    monkeypatch.setattr(storage, "connect", read_only)
    monkeypatch.setattr("vaultkit.index.connect", read_only)
    code, out, err = run(*_args(root, index))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: index ")
    assert "read-only" in err and "--index" in err and "Traceback" not in err


def test_a_full_disk_is_one_line_exit_2(
    indexed: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index, _ = indexed
    (root / "new.md").write_text("a new note\n", encoding="utf-8")

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("vaultkit.index.refresh.Refresh._write_batch", full)
    code, out, err = run(*_args(root, index))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "disk is full" in err and "free some space" in err


def _boom(*args: object, **kwargs: object) -> Path:
    raise ZeroDivisionError("boom")


def test_an_unforeseen_error_is_an_internal_error_without_traceback(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"a.md": "x\n"})
    monkeypatch.setattr("vaultkit.vault.find_root", _boom)
    code, out, err = run("notes", "--vault", str(root))
    assert code == 2 and out == ""
    assert err.startswith("error: internal error: ZeroDivisionError: boom")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "env"), [(("--debug",), None), ((), {"VAULTKIT_DEBUG": "1"})], ids=["flag", "env"]
)
def test_debug_shows_the_traceback(
    make_vault: VaultBuilder,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    env: dict[str, str] | None,
) -> None:
    root = make_vault({"a.md": "x\n"})
    monkeypatch.setattr("vaultkit.vault.find_root", _boom)
    code, _, err = run(*args, "notes", "--vault", str(root), env=env)
    assert code == 2
    assert "Traceback" in err and "ZeroDivisionError: boom" in err
    assert "error: internal error" in err


def test_damage_found_while_streaming_removes_the_index_and_says_the_output_is_incomplete(
    indexed: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.index.reads import Reads

    root, index, _ = indexed
    real_notes = Reads.notes

    def damaged_after_three(self: Reads, include_excluded: bool = False) -> Iterator[Any]:
        for count, note in enumerate(real_notes(self, include_excluded)):
            if count == 3:  # as a malformed page met part-way through the table
                raise sqlite3.DatabaseError("database disk image is malformed")
            yield note

    monkeypatch.setattr(Reads, "notes", damaged_after_three)
    code, out, err = run(*_args(root, index))
    assert code == 2
    assert len(out.splitlines()) == 3
    assert err.count("\n") == 1 and "incomplete" in err and "run the command again" in err
    assert not index.exists()


def test_a_full_disk_gives_back_the_log_an_unfinished_refresh_grew(
    indexed: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index, _ = indexed
    (root / "new.md").write_text("a new note\n", encoding="utf-8")

    def write_then_full(self: Any, *args: object, **kwargs: object) -> None:
        # What a refresh writes before the disk fills: more than the page cache holds,
        # so SQLite spills it into the write-ahead log.
        self.conn.execute("CREATE TABLE IF NOT EXISTS pad(x BLOB)")
        self.conn.execute("INSERT INTO pad SELECT randomblob(4096) FROM files, files LIMIT 3000")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("vaultkit.index.refresh.Refresh._write_batch", write_then_full)
    code, _, err = run(*_args(root, index))
    assert code == 2 and "disk is full" in err
    wal = Path(str(index) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
