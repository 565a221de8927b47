"""The `vaultkit-check` hook of .pre-commit-hooks.yaml, run by pre-commit's own `try-repo`
against a vault in a temporary git repository (pre-commit installs this repository into an
isolated environment, as a user's hook would)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO


def _pre_commit() -> str | None:
    import sys

    beside = Path(sys.executable).parent / "pre-commit"
    return str(beside) if beside.exists() else shutil.which("pre-commit")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_hook_fails_a_commit_that_breaks_a_link_and_passes_once_fixed(
    tmp_path: Path,
) -> None:
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed: pip install -e '.[test]' installs it")
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "A.md").write_text("# A\n[[B#Nope]] [[B]]\n", encoding="utf-8")
    (vault / "B.md").write_text("# B\n\n## Yes\n", encoding="utf-8")
    _git(vault, "init", "-q")
    _git(vault, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(REPO), "vaultkit-check", "--all-files"],
            cwd=vault,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "A.md:2:1: missing-heading [[B#Nope]]: B.md has no heading 'Nope'" in failed.stdout
    (vault / "A.md").write_text("# A\n[[B#Yes]] [[B]]\n", encoding="utf-8")
    _git(vault, "add", "-A")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "vaultkit check" in passed.stdout and "Passed" in passed.stdout
