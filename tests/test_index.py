"""The SQLite index: incremental refresh equals a rebuild, parallel equals serial,
re-resolution when files come and go, problems recorded, corrupt files rebuilt."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import SCHEMA_VERSION, Index
from vaultkit.render.core import note_json


def snapshot(index: Index) -> list[dict[str, Any]]:
    return [note_json(n) for n in index.notes(include_excluded=True)]


def fresh_snapshot(root: Path, tmp: Path, jobs: int = 1) -> list[dict[str, Any]]:
    path = tmp / f"fresh-{time.monotonic_ns()}.sqlite"
    with Index.open(root, path) as index:
        index.refresh(jobs=jobs)
        return snapshot(index)


def touch(path: Path, text: str) -> None:
    """Write and move mtime forward so a same-size rewrite is still seen."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_refresh_is_incremental_and_matches_a_rebuild(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "a.md": "Link to [[b]] and [[Later]] #one",
            "b.md": "# B\nback to [[a]]",
            "sub/c.md": "[[b]] [[sub/d]]",
        }
    )
    index = Index.open(root, tmp_path / "ix.sqlite")
    first = index.refresh()
    assert (first.parsed, first.added) == (3, 3)
    again = index.refresh()
    assert again.parsed == 0 and again.unchanged == 3

    (root / "Later.md").write_text("now exists", encoding="utf-8")
    touch(root / "b.md", "# B\nno links now")
    (root / "sub" / "c.md").unlink()
    stats = index.refresh()
    assert (stats.added, stats.modified, stats.removed, stats.parsed) == (1, 1, 1, 2)
    assert snapshot(index) == fresh_snapshot(root, tmp_path)
    links = {link.target: link.resolved for link in index.note("a.md").links}  # type: ignore[union-attr]
    assert links == {"b": "b.md", "Later": "Later.md"}

    (root / "Later.md").unlink()
    index.refresh()
    links = {link.target: link.resolved for link in index.note("a.md").links}  # type: ignore[union-attr]
    assert links["Later"] is None
    assert snapshot(index) == fresh_snapshot(root, tmp_path)


def test_a_new_closer_file_repoints_existing_links(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault({"x/source.md": "[[Plan]]", "zz/far/Plan.md": "far"})
    index = Index.open(root, tmp_path / "ix.sqlite")
    index.refresh()
    assert index.note("x/source.md").links[0].resolved == "zz/far/Plan.md"  # type: ignore[union-attr]
    (root / "x" / "Plan.md").write_text("near", encoding="utf-8")
    stats = index.refresh()
    assert stats.relinked == 1
    assert index.note("x/source.md").links[0].resolved == "x/Plan.md"  # type: ignore[union-attr]


def test_parallel_index_equals_serial(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.workers import Workers

    handed_out: list[int] = []
    real_map = Workers.map

    def counted(self: Workers, function: Any, items: list[str]) -> Any:
        handed_out.append(len(items))
        return real_map(self, function, items)

    monkeypatch.setattr(Workers, "map", counted)
    files: dict[str, str | bytes] = {}
    for i in range(150):
        files[f"f{i % 7}/note {i}.md"] = (
            f"# Note {i}\n[[note {(i * 7) % 150}]] #t{i % 5} [[missing {i % 3}]]\n"
        )
    root = make_vault(files)
    serial = tmp_path / "serial.sqlite"
    parallel = tmp_path / "parallel.sqlite"
    with Index.open(root, serial) as one:
        assert one.refresh(jobs=1).jobs == 1
    with Index.open(root, parallel) as two:
        assert two.refresh(jobs=2).jobs == 2
    assert handed_out == [150]  # handed out once, before the files were registered

    def dump(path: Path) -> list[Any]:
        conn = sqlite3.connect(path)
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'meta'"
            )
        ]
        out = [
            (t, conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()) for t in sorted(tables)
        ]
        conn.close()
        return out

    assert dump(serial) == dump(parallel)


def test_a_cold_index_started_early_gives_way_to_another_process(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold parallel index starts parsing before it registers the files. When another
    process fills the index in between, the early results are dropped and the index
    still equals a fresh one."""
    import vaultkit.index.refresh as index_module

    root = make_vault({f"n{i}.md": f"[[n{(i + 1) % 80}]] #t{i % 3}" for i in range(80)})
    path = tmp_path / "ix.sqlite"
    real_rules = index_module.load_ignore_rules
    others: list[int] = []

    def meanwhile(*args: Any) -> Any:
        if not others:  # the call between the early start and the registration
            others.append(-1)
            monkeypatch.setattr(index_module, "load_ignore_rules", real_rules)
            with Index.open(root, path) as other:
                others[0] = other.refresh(jobs=1).parsed
        return real_rules(*args)

    with Index.open(root, path) as index:
        monkeypatch.setattr(index_module, "load_ignore_rules", meanwhile)
        stats = index.refresh(jobs=2)
        assert others == [80] and stats.parsed == 0
        assert snapshot(index) == fresh_snapshot(root, tmp_path)


def test_bad_files_become_problems_and_the_rest_is_read(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "binary.md": b"\x89PNG\x00\x00\x00 binary",
            "latin1.md": "caf\xe9 [[good]] #ok".encode("latin-1"),
            "bad-yaml.md": "---\ntitle: [unclosed\n---\n[[good]]",
            "good.md": "fine",
            "big.md": "x" * 2000,
            ".vaultkit.toml": "max_file_mb = 0.001\n",
        }
    )
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh()
        problems = {(path, p.code) for path, p in index.problems()}
        assert problems == {
            ("binary.md", "binary"),
            ("latin1.md", "not-utf8"),
            ("bad-yaml.md", "invalid-frontmatter"),
            ("big.md", "too-large"),
        }
        latin = index.note("latin1.md")
        assert latin is not None and latin.links[0].resolved == "good.md"
        assert index.counts().notes == 5


def test_hidden_and_excluded_files(make_vault: VaultBuilder, tmp_path: Path) -> None:
    """X1/X2: hidden folders are not notes; userIgnoreFilters hide notes but links to them
    still resolve (help-settings; R10)."""
    root = make_vault(
        {
            ".obsidian/app.json": '{"userIgnoreFilters": ["Templates/", "/draft-\\\\d+/"]}',
            ".trash/old.md": "gone",
            "Templates/Meeting.md": "#template",
            "draft-12.md": "draft",
            "a.md": "[[Meeting]]",
            "image.png": b"\x89PNG",
        }
    )
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh()
        assert index.note_paths() == ["a.md"]
        assert index.note_paths(include_excluded=True) == [
            "Templates/Meeting.md",
            "a.md",
            "draft-12.md",
        ]
        assert index.note("a.md").links[0].resolved == "Templates/Meeting.md"  # type: ignore[union-attr]
        counts = index.counts()
        assert (counts.notes, counts.excluded, counts.attachments) == (1, 2, 1)


def test_symlinks_out_of_the_vault_are_skipped(make_vault: VaultBuilder, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("secret", encoding="utf-8")
    root = make_vault({"a.md": "x"})
    (root / "link-out").symlink_to(outside)
    (root / "loop").symlink_to(root)
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh()
        assert index.note_paths() == ["a.md"]
        codes = {(p, pr.code) for p, pr in index.problems()}
        assert ("link-out", "symlink-outside") in codes


def test_corrupt_and_old_indexes_are_rebuilt(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"a.md": "[[b]]", "b.md": "b"})
    path = tmp_path / "ix.sqlite"
    with Index.open(root, path) as index:
        index.refresh()
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # every page damaged, the header kept
    path.write_bytes(bytes(data))
    with Index.open(root, path) as index:
        assert index.refresh().parsed == 2
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    with Index.open(root, path) as index:
        stats = index.refresh()
        assert stats.rebuilt and stats.parsed == 2


def test_outlines_round_trip_and_a_damaged_one_is_reported(
    make_vault: VaultBuilder, tmp_path: Path
) -> None:
    """Headings, list items, callouts, quotes and block ids live in one encoded row per
    note: they come back equal to a fresh parse, and a damaged row is an error naming the
    cure, never a silently empty outline."""
    from vaultkit.errors import IndexDamaged
    from vaultkit.parse.note import parse_note

    text = "# T\n- [ ] task ^b1\n  - child\n\n> [!note] Title\n> body\n\n> quoted\n"
    root = make_vault({"a.md": text})
    path = tmp_path / "ix.sqlite"
    with Index.open(root, path) as index:
        index.refresh()
        stored = index.note("a.md")
        assert stored is not None
        parsed = parse_note(text, "a.md")
        for part in ("headings", "list_items", "callouts", "quotes", "block_ids"):
            assert getattr(stored, part) == getattr(parsed, part), part
            assert getattr(stored, part), part  # each part really went through the row
        assert index.task_note_paths() == ["a.md"]
    conn = sqlite3.connect(path)
    conn.execute("UPDATE outlines SET list_items = x'ff00'")
    conn.commit()
    conn.close()
    with Index.open(root, path) as index, pytest.raises(IndexDamaged, match="--rebuild"):
        index.note("a.md")
    import marshal

    conn = sqlite3.connect(path)
    conn.execute("UPDATE outlines SET list_items = ?", (marshal.dumps([(1, 2)], 2),))
    conn.commit()
    conn.close()
    with Index.open(root, path) as index, pytest.raises(IndexDamaged, match="list of rows"):
        index.note("a.md")


def test_reading_never_writes_to_the_vault(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault({"a.md": "[[b]] #t", "b.md": "---\ntags: [x]\n---\n"})
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    with Index.open(root, tmp_path / "ix.sqlite") as index:
        index.refresh()
        list(index.notes())
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    assert before == after


def test_default_index_lives_outside_the_vault(make_vault: VaultBuilder) -> None:
    root = make_vault({"a.md": "x"})
    with Index.open(root) as index:
        index.refresh()
        assert root not in index.path.parents
        assert index.path.exists()


def test_killed_refresh_is_finished_by_the_next(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {f"n{i}.md": f"[[n{i + 1}]]" for i in range(600)}
    root = make_vault(files)
    path = tmp_path / "ix.sqlite"
    index = Index.open(root, path)
    calls = {"n": 0}
    original = index._write_batch

    def dying(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        original(*args, **kwargs)

    monkeypatch.setattr(index, "_write_batch", dying)
    with pytest.raises(KeyboardInterrupt):
        index.refresh(jobs=1)
    index.close()
    with Index.open(root, path) as again:
        stats = again.refresh(jobs=1)
        assert stats.parsed == 600 - 256
        assert snapshot(again) == fresh_snapshot(root, tmp_path)


def test_split_scan_finds_what_a_single_walk_finds(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large vault is walked by two processes; the result must be the same."""
    from vaultkit import walk

    files: dict[str, str | bytes] = {
        f"{d}/sub{i % 3}/n{i}.md": "x" for d in "abcde" for i in range(20)
    }
    files.update({"top.md": "t", "img.png": b"\x89PNG"})
    root = make_vault(files)
    (root / "b" / "loop").symlink_to(root / "a")
    (root / "out").symlink_to(tmp_path)
    serial = walk.scan(root)
    weights = {"a": 20, "b": 20, "c": 20, "d": 20, "e": 20}
    monkeypatch.setattr(walk, "SPLIT_SCAN_FILES", 10)
    split = walk.scan(root, weights)
    assert split[0] == serial[0] and len(split[0]) == 102  # b/loop is a loop: skipped
    assert sorted((p, pr.code) for p, pr in split[1]) == sorted((p, pr.code) for p, pr in serial[1])


def test_workers_are_stopped_when_the_refresh_fails_before_reading_results(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error (or Ctrl-C) between handing out the work and reading it used to skip the
    workers' stop, and the process then waited at exit for every note to be parsed."""
    from vaultkit.workers import Workers

    root = make_vault({f"n{i}.md": f"note {i}" for i in range(80)})
    path = tmp_path / "ix.sqlite"
    with Index.open(root, path) as index:
        index.refresh(jobs=1)
    for i in range(80):
        touch(root / f"n{i}.md", f"note {i} again")
    stopped: list[bool] = []
    real_stop = Workers.stop

    def stop(self: Workers) -> None:
        stopped.append(True)
        real_stop(self)

    def fail(self: Index) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Workers, "stop", stop)
    monkeypatch.setattr(Index, "_lookup", fail)
    with Index.open(root, path) as index, pytest.raises(KeyboardInterrupt):
        index.refresh(jobs=2)
    assert stopped


def test_a_note_the_parser_fails_on_is_reported_and_the_rest_indexed(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vaultkit.parse.note as note_module

    real_parse = note_module.parse_note

    def parse(text: str, path: str, **options: Any) -> Any:
        if path == "n7.md":
            raise RecursionError("maximum recursion depth exceeded")
        return real_parse(text, path, **options)

    monkeypatch.setattr(note_module, "parse_note", parse)
    root = make_vault({f"n{i}.md": f"[[n{(i + 1) % 80}]] #t" for i in range(80)})
    for jobs in (1, 2):  # in this process, and in forked workers
        with Index.open(root, tmp_path / f"ix{jobs}.sqlite") as index:
            stats = index.refresh(jobs=jobs)
            assert stats.parsed == 80
            problems = [(p, pr.code) for p, pr in index.problems()]
            assert problems == [("n7.md", "internal-error")]
            broken = index.note("n7.md")
            assert broken is not None and broken.links == ()
            assert "RecursionError" in broken.problems[0].message
            assert len(index.note("n8.md").links) == 1  # type: ignore[union-attr]
