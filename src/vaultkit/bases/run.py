"""The entry points of ``vaultkit base``: a ``.base`` file's views, the ```base blocks and
``![[File.base#View]]`` embeds of a note, and one expression for debugging formulas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.bases.errors import BaseFileError, EvalError
from vaultkit.bases.evaluate import Evaluator, Row
from vaultkit.bases.loader import Base, load_base
from vaultkit.bases.result import BaseResult
from vaultkit.bases.values import Value
from vaultkit.bases.views import run_view
from vaultkit.errors import VaultkitError

if TYPE_CHECKING:
    from vaultkit.bases.files import VaultFiles
    from vaultkit.index import Index


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise BaseFileError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise BaseFileError(f"{path}: not UTF-8 text") from None


def find_base(index: Index, name: str) -> tuple[Path, str | None]:
    """The file a user's ``name`` means and its vault path (None when outside the vault):
    a path as given, else a path in the vault, else a ``.base`` file of that name."""
    given = Path(name)
    root = index.root.resolve()
    for candidate in (given, root / name):
        if candidate.is_file():
            full = candidate.resolve()
            try:
                return full, full.relative_to(root).as_posix()
            except ValueError:
                return full, None
    wanted = name.lower().removesuffix(".base").rpartition("/")[2] + ".base"
    found = [
        p for (p,) in index.query("SELECT path FROM files WHERE filename_lower = ?", (wanted,))
    ]
    if len(found) == 1:
        return root / found[0], found[0]
    if len(found) > 1:
        raise VaultkitError(f"{name!r} matches {len(found)} bases; give a path: {', '.join(found)}")
    raise VaultkitError(f"no base file {name!r} (give a path to a .base file)")


def open_base(index: Index, name: str) -> tuple[Base, str | None]:
    """The base in the file ``name`` and its vault path."""
    path, vault_path = find_base(index, name)
    return load_base(_read(path), vault_path or str(path)), vault_path


def run_base(
    index: Index,
    base: Base,
    view: str | None,
    this: str | None,
    now: dt.datetime | None = None,
    vault: VaultFiles | None = None,
) -> BaseResult:
    """The rows of ``view`` of ``base`` (the first view when None), ``this`` being the file
    at that vault path."""
    from vaultkit.bases.files import VaultFiles

    chosen = base.view(view)
    files = vault or VaultFiles(index)
    ev = Evaluator(files, base.formulas, this, now)
    return run_view(base, chosen, ev, files.paths)


@dataclass
class EmbeddedBase:
    """One base a note shows: a ```base block or an embed of a ``.base`` file."""

    line: int
    source: str
    result: BaseResult | None = None
    error: str | None = None


@dataclass
class NoteBases:
    """Every base a note shows, in the order written."""

    path: str
    bases: list[EmbeddedBase] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether any of them could not be run."""
        return any(b.error for b in self.bases)


def run_note_bases(
    index: Index, path: str, view: str | None = None, now: dt.datetime | None = None
) -> NoteBases:
    """Run the ```base blocks and ``![[File.base#View]]`` embeds of the note at ``path``,
    ``this`` being the note (Bases syntax.md, "Access properties with this")."""
    from vaultkit.bases.files import VaultFiles
    from vaultkit.query.blocks import fenced_blocks

    text = _read(index.root / path)
    files = VaultFiles(index)
    report = NoteBases(path)
    found: list[tuple[int, str, Base | None, str | None, str | None]] = []
    for block in fenced_blocks(text, "base"):
        source = f"{path}:{block.line}"
        try:
            found.append(
                (block.line, source, load_base(block.text, path, block.line + 1), view, None)
            )
        except VaultkitError as error:
            found.append((block.line, source, None, None, str(error)))
    for number, target, heading, resolved in index.query(
        "SELECT l.line, l.target, l.heading, d.path FROM links l JOIN files f ON f.id = l.src"
        " LEFT JOIN files d ON d.id = l.dst WHERE f.path = ? AND l.embed = 1"
        " AND l.in_comment = 0 AND l.external = 0 ORDER BY l.seq",
        (path,),
    ):
        if not str(resolved or target).lower().endswith(".base"):
            continue
        shown = target + (f"#{heading}" if heading else "")
        source = f"{path}:{number}: ![[{shown}]]"
        if resolved is None:
            found.append((number, source, None, None, f"no base file {target!r}"))
            continue
        try:
            base = load_base(_read(index.root / resolved), resolved)
        except VaultkitError as error:
            found.append((number, source, None, None, str(error)))
            continue
        found.append((number, source, base, view or heading or None, None))
    found.sort(key=lambda item: item[0])
    for number, source, loaded, chosen, problem in found:
        if loaded is None:
            report.bases.append(EmbeddedBase(number, source, error=problem))
            continue
        try:
            result = run_base(index, loaded, chosen, path, now, files)
        except VaultkitError as failure:
            report.bases.append(EmbeddedBase(number, source, error=str(failure)))
        else:
            report.bases.append(EmbeddedBase(number, source, result))
    return report


def evaluate_expression(
    index: Index | None, expression: str, note: str | None = None, now: dt.datetime | None = None
) -> Value:
    """The value of one expression with ``this`` (and the current file) being the note at
    vault path ``note``; raises BaseSyntaxError, or VaultkitError when it fails."""
    from vaultkit.bases.files import VaultFiles

    files = VaultFiles(index) if index is not None else None
    ev = Evaluator(files, {}, note, now)
    try:
        return ev.evaluate(expression, Row(note))
    except EvalError as error:
        raise VaultkitError(f"the expression fails: {error}") from None


__all__ = ["BaseFileError", "evaluate_expression", "open_base", "run_base", "run_note_bases"]
