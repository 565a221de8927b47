"""The writer (vaultkit.edit): what it refuses to read, how it writes (atomic, mode and BOM
kept, through in-vault symlinks), and that it never overwrites a file changed since read."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from vaultkit.edit import EditRefused, read_snapshot, unified_diff, write_text

MAX = 1024 * 1024


def _vault(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "vault"
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"text\x00more", "binary"),
        (b"caf\xe9\n", "not valid UTF-8"),
        (b"x" * (MAX + 1), "larger than"),
    ],
)
def test_files_it_cannot_edit_are_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    root = _vault(tmp_path, {"n.md": data})
    with pytest.raises(EditRefused, match=reason):
        read_snapshot(root, "n.md", MAX)


@pytest.mark.parametrize("path", ["../outside.md", "/etc/passwd", "sub/../../outside.md"])
def test_paths_leading_outside_are_refused(tmp_path: Path, path: str) -> None:
    root = _vault(tmp_path, {"n.md": b"x"})
    (tmp_path / "outside.md").write_bytes(b"x")
    with pytest.raises(EditRefused):
        read_snapshot(root, path, MAX)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_a_symlink_leading_outside_is_refused(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"x"})
    (tmp_path / "secret.md").write_bytes(b"secret\n")
    (root / "link.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(EditRefused, match="outside the vault"):
        read_snapshot(root, "link.md", MAX)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_writing_through_an_in_vault_symlink_keeps_the_link(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"real/target.md": b"old\n"})
    (root / "link.md").symlink_to(root / "real" / "target.md")
    snap = read_snapshot(root, "link.md", MAX)
    outcome = write_text(root, snap, "new\n")
    assert outcome.written
    assert (root / "link.md").is_symlink()
    assert (root / "real" / "target.md").read_bytes() == b"new\n"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_a_symlink_swapped_to_outside_after_reading_is_not_followed(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"real.md": b"old\n"})
    (root / "link.md").symlink_to(root / "real.md")
    snap = read_snapshot(root, "link.md", MAX)
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"old\n")
    (root / "link.md").unlink()
    (root / "link.md").symlink_to(outside)
    outcome = write_text(root, snap, "new\n")
    assert not outcome.written
    assert outside.read_bytes() == b"old\n"


def test_write_keeps_bom_and_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"\xef\xbb\xbfline\r\n"})
    os.chmod(root / "n.md", 0o640)
    snap = read_snapshot(root, "n.md", MAX)
    assert snap.bom and snap.text == "line\r\n"
    outcome = write_text(root, snap, "line\r\n#tag\r\n")
    assert outcome.written
    assert (root / "n.md").read_bytes() == b"\xef\xbb\xbfline\r\n#tag\r\n"
    assert stat.S_IMODE((root / "n.md").stat().st_mode) == 0o640
    assert sorted(p.name for p in root.iterdir()) == ["n.md"]


def test_a_file_changed_since_read_is_never_overwritten(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"first\n"})
    snap = read_snapshot(root, "n.md", MAX)
    (root / "n.md").write_bytes(b"other\n")  # same size
    os.utime(root / "n.md", ns=(snap.mtime_ns, snap.mtime_ns))  # same mtime: only the hash sees it
    outcome = write_text(root, snap, "first\n#tag\n")
    assert not outcome.written
    assert "modified since" in outcome.message
    assert (root / "n.md").read_bytes() == b"other\n"


def test_a_file_deleted_since_read_is_not_recreated(tmp_path: Path) -> None:
    root = _vault(tmp_path, {"n.md": b"first\n"})
    snap = read_snapshot(root, "n.md", MAX)
    (root / "n.md").unlink()
    assert not write_text(root, snap, "x\n").written
    assert not (root / "n.md").exists()


def test_diff_shows_crlf_and_a_missing_final_newline() -> None:
    diff = unified_diff("a b.md", "one\r\ntwo", "one\r\ntwo\r\n#t")
    assert diff.splitlines()[:2] == ["--- a/a b.md", "+++ b/a b.md"]
    assert "-two\n\\ No newline at end of file\n" in diff
    assert "+two\\r\n" in diff and "+#t\n" in diff
