"""The writer against races and what a replacement must keep (issue 14, items 2, 3, 4, 11):
folders swapped for symlinks mid-edit, hidden targets, owner/mode/xattrs, hard links,
leftovers of a killed edit."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest

from vaultkit import edit
from vaultkit.edit import EditRefused, read_snapshot, write_text

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")

MAX = 1024 * 1024


def _vault(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_a_folder_swapped_for_a_symlink_mid_write_never_leads_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path, {"sub/n.md": b"old\n"})
    snap = read_snapshot(root, "sub/n.md", MAX)
    outside = tmp_path / "outside"
    outside.mkdir()
    # The same bytes and mtime outside: only the path walk can tell the two apart.
    shutil.copy2(root / "sub" / "n.md", outside / "n.md")
    checked = edit.real_target

    def swap_after_check(root_: Path, path: str) -> Path:
        found = checked(root_, path)
        if not (root / "sub").is_symlink():
            (root / "sub").rename(root / "sub-moved")
            (root / "sub").symlink_to(outside)
        return found

    monkeypatch.setattr(edit, "real_target", swap_after_check)
    outcome = write_text(root, snap, "new\n")
    assert not outcome.written
    assert "changed during the edit" in outcome.message
    assert (outside / "n.md").read_bytes() == b"old\n"
    assert sorted(p.name for p in outside.iterdir()) == ["n.md"]  # no temporary file outside
    assert (root / "sub-moved" / "n.md").read_bytes() == b"old\n"


@pytest.mark.parametrize("target", [".obsidian/app.json", ".obsidian/snippet.md"])
def test_a_note_linked_into_a_hidden_folder_is_never_edited(tmp_path: Path, target: str) -> None:
    root = _vault(tmp_path, {target: b'{"x": 1}\n'})
    (root / "settings.md").symlink_to(root / target)
    with pytest.raises(EditRefused, match="hidden"):
        read_snapshot(root, "settings.md", MAX)


def test_a_note_linked_into_a_hidden_folder_after_reading_is_not_written(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"real.md": b"x\n", ".obsidian/x.md": b"x\n"})
    (root / "link.md").symlink_to(root / "real.md")
    snap = read_snapshot(root, "link.md", MAX)
    (root / "link.md").unlink()
    (root / "link.md").symlink_to(root / ".obsidian" / "x.md")
    assert not write_text(root, snap, "y\n").written
    assert (root / ".obsidian" / "x.md").read_bytes() == b"x\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_owner_group_and_mode_are_kept_when_run_as_root(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"old\n"})
    os.chown(root / "n.md", 4321, 8765)
    os.chmod(root / "n.md", 0o640)
    assert write_text(root, read_snapshot(root, "n.md", MAX), "new\n").written
    info = os.stat(root / "n.md")
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 8765, 0o640)
    assert (root / "n.md").read_bytes() == b"new\n"


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"old\n"})
    try:
        os.setxattr(root / "n.md", "user.vaultkit-test", b"kept")
    except (OSError, AttributeError):
        pytest.skip("no user extended attributes here")
    assert write_text(root, read_snapshot(root, "n.md", MAX), "new\n").written
    assert os.getxattr(root / "n.md", "user.vaultkit-test") == b"kept"


def test_a_hard_linked_note_is_refused_with_the_reason(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"old\n"})
    os.link(root / "n.md", tmp_path / "elsewhere.md")
    with pytest.raises(EditRefused, match="hard link"):
        read_snapshot(root, "n.md", MAX)


def test_a_hard_link_made_after_reading_stops_the_write(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"old\n"})
    snap = read_snapshot(root, "n.md", MAX)
    os.link(root / "n.md", tmp_path / "elsewhere.md")
    outcome = write_text(root, snap, "new\n")
    assert not outcome.written and "hard link" in outcome.message
    assert os.stat(root / "n.md").st_ino == os.stat(tmp_path / "elsewhere.md").st_ino


def test_a_killed_edits_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    old = ".vaultkit-abcd1234.vaultkit-tmp"  # the name of a killed edit's file
    fresh = ".vaultkit-0123456789ab.vaultkit-tmp"  # maybe being written right now
    other = ".vaultkit-notes.txt"  # not our pattern
    root = _vault(tmp_path, {"n.md": b"old\n", old: b"old\n", fresh: b"x", other: b"x"})
    an_hour_ago = time.time() - 3600
    os.utime(root / old, (an_hour_ago, an_hour_ago))
    os.utime(root / other, (an_hour_ago, an_hour_ago))
    assert write_text(root, read_snapshot(root, "n.md", MAX), "new\n").written
    assert sorted(p.name for p in root.iterdir()) == sorted([".obsidian", "n.md", fresh, other])


def test_an_editor_saving_while_the_temporary_file_is_written_keeps_its_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path, {"n.md": b"old\n"})
    snap = read_snapshot(root, "n.md", MAX)
    keep = edit._keep_attributes

    def editor_saves(folder: int, name: str, fd: int, info: os.stat_result) -> None:
        keep(folder, name, fd, info)
        (root / "n.md").write_bytes(b"the editor's save\n")

    monkeypatch.setattr(edit, "_keep_attributes", editor_saves)
    outcome = write_text(root, snap, "new\n")
    assert not outcome.written and "modified since" in outcome.message
    assert (root / "n.md").read_bytes() == b"the editor's save\n"
    assert sorted(p.name for p in root.iterdir()) == [".obsidian", "n.md"]


def test_a_note_deleted_mid_edit_is_a_skip_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path, {"sub/n.md": b"old\n"})
    snap = read_snapshot(root, "sub/n.md", MAX)
    checked = edit.real_target

    def remove_folder(root_: Path, path: str) -> Path:
        found = checked(root_, path)
        shutil.rmtree(root / "sub")
        return found

    monkeypatch.setattr(edit, "real_target", remove_folder)
    outcome = write_text(root, snap, "new\n")
    assert not outcome.written and "changed during the edit" in outcome.message
    assert not (root / "sub").exists()
