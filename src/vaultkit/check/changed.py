"""Which notes ``check`` looks at when given paths or ``--changed``."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.errors import VaultkitError

if TYPE_CHECKING:
    from vaultkit.index import Index


class NotAGitRepository(VaultkitError):
    """``--changed`` outside a git work tree, or git missing."""


def vault_paths(root: Path, arguments: list[str], cwd: Path | None = None) -> list[str]:
    """Vault paths of the files named on the command line (relative to ``cwd``); files
    outside the vault are left out. Deleted files count: links to them are checked."""
    base = cwd or Path.cwd()
    real_root = Path(os.path.realpath(root))
    found: list[str] = []
    for argument in arguments:
        full = Path(os.path.realpath(base / argument))
        if full == real_root or real_root not in full.parents:
            continue
        path = full.relative_to(real_root).as_posix()
        if path not in found:
            found.append(path)
    return found


def named_paths(index: Index, arguments: list[str]) -> tuple[list[str], list[str]]:
    """Vault paths of the files and folders named on the command line (a folder, the vault
    root included, stands for its notes), and a warning for each argument that names no
    file of the vault: outside it, or no such file (then only the links pointing at that
    path are checked, as for a deleted note)."""
    from vaultkit.filters import NoteFilter, select_paths

    real_root = Path(os.path.realpath(index.root))
    found: dict[str, None] = {}  # in order, each once: a set's lookup (`check .` names all)
    warnings: list[str] = []
    for argument in arguments:
        full = Path(os.path.realpath(Path.cwd() / argument))
        if full != real_root and real_root not in full.parents:
            warnings.append(f"{argument} is outside the vault {index.root}; not checked")
            continue
        if full.is_dir():
            folder = full.relative_to(real_root).as_posix()
            flt = NoteFilter(folder=None if folder == "." else folder)
            paths = select_paths(index, flt)
            if not paths:
                warnings.append(f"{argument}: no note in this folder")
            found.update(dict.fromkeys(paths))
            continue
        if not full.exists():
            warnings.append(
                f"{argument}: no such file in the vault; only the links to it are checked"
            )
        found[full.relative_to(real_root).as_posix()] = None
    return list(found), warnings


def git_changed(root: Path) -> list[str]:
    """Vault paths of files added, modified, renamed or deleted since the last commit
    (staged or not) and untracked ones, as git reports them."""
    top = _git(root, "rev-parse", "--show-toplevel").strip()
    changed = _git(root, "diff", "--name-only", "HEAD", "--", ".")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "--full-name", ".")
    names = [n for n in (changed + untracked).splitlines() if n]
    return vault_paths(root, names, Path(top))


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise NotAGitRepository(f"--changed needs git: {error}") from error
    if done.returncode != 0:
        if "HEAD" in args and "ambiguous argument 'HEAD'" in done.stderr:
            return _git(root, "ls-files", "--full-name", ".") if args[0] == "diff" else ""
        raise NotAGitRepository(
            f"--changed needs the vault in a git work tree: {done.stderr.strip()}"
        )
    return done.stdout
