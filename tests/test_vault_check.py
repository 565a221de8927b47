"""The walk of the vault and the check of its files against stored stamps in child
processes (``vaultkit.vault``, ``vaultkit.vault_check``): the same files, stamps and problems
as a scan, and any difference found."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.vault_check import StampCheck
from vaultkit.walk import scan, share


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_the_check_finds_the_problems_and_files_a_scan_finds(
    make_vault: VaultBuilder, tmp_path: Path, workers: int
) -> None:
    files: dict[str, str | bytes] = {f"{d}/s{i % 3}/n{i}.md": "x" for d in "abc" for i in range(9)}
    files["top.md"] = "t"
    root = make_vault(files)
    (root / "b" / "loop").symlink_to(root / "a")
    (root / "out").symlink_to(tmp_path)
    stamps, problems = scan(root)
    weights = {"a": 9, "b": 9, "c": 9, "top.md": 1}
    found = StampCheck(root, marshal.dumps(stamps), weights, workers).result()
    assert found.same and found.files == len(stamps) == 28
    assert sorted((p, pr.code) for p, pr in found.problems) == sorted(
        (p, pr.code) for p, pr in problems
    )
    changed = dict(stamps)
    changed["a/s0/n0.md"] = (99, 1)
    assert not StampCheck(root, marshal.dumps(changed), weights, workers).result().same
    del changed["a/s0/n0.md"]
    assert not StampCheck(root, marshal.dumps(changed), weights, workers).result().same
    changed = dict(stamps, **{"gone/x.md": (1, 1)})
    assert not StampCheck(root, marshal.dumps(changed), weights, workers).result().same
    assert not StampCheck(root, b"not marshal", weights, workers).result().same


def test_the_walk_by_folder_descriptor_finds_what_a_walk_by_path_finds(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries are stat-ed relative to their open folder where the system allows, by full
    path elsewhere (Windows): the same files, stamps and problems either way."""
    from vaultkit import walk

    files: dict[str, str | bytes] = {
        f"{d}/s{i % 2}/n{i}.md": "x" * i for d in "ab" for i in range(6)
    }
    files.update({"top.md": "t", ".hidden/h.md": "h", "a/.dot.md": "d", "pic.png": b"\x89PNG"})
    root = make_vault(files)
    (root / "b" / "loop").symlink_to(root / "a")
    (root / "b" / "inside").symlink_to(root / "a" / "s0")
    (root / "out").symlink_to(tmp_path)
    os.mkfifo(root / "a" / "pipe.md")
    by_fd = scan(root)
    monkeypatch.setattr(walk, "_BY_DIR_FD", False)
    by_path = scan(root)
    assert by_fd[0] == by_path[0] and len(by_fd[0]) == 12 + 2 + 3  # b/inside: 3 files
    assert "a/.dot.md" not in by_fd[0] and "b/inside/n0.md" in by_fd[0]
    codes = sorted((p, pr.code) for p, pr in by_fd[1])
    assert codes == sorted((p, pr.code) for p, pr in by_path[1])
    assert codes == [
        ("a/pipe.md", "not-a-file"),
        ("b/loop", "symlink-loop"),
        ("out", "symlink-outside"),
    ]


def test_one_group_keeps_the_walk_order_and_more_share_as_the_split_scan_does() -> None:
    folders = [("/v/a", "a/"), ("/v/b", "b/"), ("/v/c", "c/"), ("/v/new", "new/")]
    assert share(folders, {"a": 1, "b": 5, "c": 3}, 1) == [folders]
    two = share(folders, {"a": 1, "b": 5, "c": 3}, 2)
    assert two == [[("/v/b", "b/")], [("/v/c", "c/"), ("/v/a", "a/"), ("/v/new", "new/")]]
    assert share(folders[:1], {}, 3) == [[("/v/a", "a/")]]


def test_the_children_yield_the_cpu_to_the_reader(
    make_vault: VaultBuilder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each child lowers its own priority (a niceness of ``NICENESS`` above its parent's),
    so that the read the command waits for gets the larger share of a busy CPU."""
    from vaultkit import vault_check

    root = make_vault({"a/n.md": "x", "top.md": "t"})
    stamps, _ = scan(root)
    seen = tmp_path / "niceness"
    real_run = vault_check._Walk.run

    def recording(self: vault_check._Walk, *args: object, **kwargs: object) -> object:
        seen.write_text(str(os.getpriority(os.PRIO_PROCESS, 0)))
        return real_run(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(vault_check._Walk, "run", recording)
    found = StampCheck(root, marshal.dumps(stamps), None, 1).result()
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    assert found.same and int(seen.read_text()) == min(mine + vault_check.NICENESS, 19)
