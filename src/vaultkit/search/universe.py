"""The files a search may return, asked of the index only as far as a query needs them.

At 100,000 files, loading every path costs 0.1 s and folding each of them for every bare
word 0.3 s more; a query whose words bound its candidates needs neither. Paths holding a
word are found in SQL on the stored lower-cased paths, read from their index alone
(``instr``: 12-20 ms at 100k against 45 ms through the table). Lower-casing keeps every
offset, so ``fold`` equals it, except for ``İ`` (the one character whose lower case is
two, ``i`` and U+0307): paths holding U+0307 once lower-cased are found once per search
and checked here. Then the path and kind of the candidates alone are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.search.document import fold
from vaultkit.search.notetexts import long_lived
from vaultkit.search.statecache import kept

if TYPE_CHECKING:
    from vaultkit.index import Index

CHUNK = 500


class Universe:
    """Notes not excluded (attachments too when ``attachments``), restricted to the paths
    ``only`` when given."""

    def __init__(self, index: Index, only: set[str] | None, attachments: bool) -> None:
        self.index = index
        self.only = only
        self.where = "excluded = 0" + ("" if attachments else " AND is_note = 1")
        self._all: dict[int, tuple[str, bool]] | None = None
        self._odd_paths: dict[int, str] | None = None

    def everything(self) -> dict[int, tuple[str, bool]]:
        """id -> (path, is a note) of every file of the universe."""
        if self._all is None and self.only is None:
            known = self._kept_rows()
            if known is not None:
                self._all = {fid: (path, note) for fid, (path, note, _, _) in known.items()}
        if self._all is None:
            rows = self.index.query(f"SELECT id, path, is_note FROM files WHERE {self.where}")
            self._all = {
                fid: (path, bool(is_note))
                for fid, path, is_note in rows
                if self.only is None or path in self.only
            }
        return self._all

    def of(self, ids: set[int] | None) -> dict[int, tuple[str, bool]]:
        """id -> (path, is a note) of the files of ``ids`` in the universe (None: all)."""
        known = self._kept_rows() if self.only is None else None
        if ids is not None and known is not None:
            return {f: (known[f][0], known[f][1]) for f in ids if f in known}
        if ids is None or self._all is not None or self.only is not None:
            found = self.everything()
            return found if ids is None else {f: found[f] for f in ids if f in found}
        wanted = sorted(ids)
        out: dict[int, tuple[str, bool]] = {}
        for begin in range(0, len(wanted), CHUNK):
            chunk = wanted[begin : begin + CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.index.query(
                f"SELECT id, path, is_note FROM files WHERE {self.where} AND id IN ({marks})",
                tuple(chunk),
            )
            out.update((fid, (path, bool(is_note))) for fid, path, is_note in rows)
        return out

    def containing(self, needle: str, field: str) -> set[int]:
        """Ids whose path (``field`` ``path``) or file name (``file``) contains the folded
        ``needle``; perhaps files outside the universe too, which ``of`` leaves out."""
        known = self._kept_rows() if self.only is None else None
        if known is not None:
            if field == "file":
                return {f for f, row in known.items() if needle in row[3]}
            return {f for f, row in known.items() if needle in row[2]}
        if self._all is not None or self.only is not None:
            found = self.everything()
            if field == "file":
                return {f for f, (p, _) in found.items() if needle in fold(p.rpartition("/")[2])}
            return {f for f, (p, _) in found.items() if needle in fold(p)}
        column, index_name = (
            ("filename_lower", "files_filename")
            if field == "file"
            else ("path_lower", "files_path_lower")
        )
        rows = self.index.query(
            f"SELECT id FROM files INDEXED BY {index_name} WHERE instr({column}, ?)", (needle,)
        )
        odd = self._odd()
        out = {fid for (fid,) in rows if fid not in odd}
        out.update(f for f, path in odd.items() if needle in fold(_part(path, field)))
        return out

    def _kept_rows(self) -> dict[int, tuple[str, bool, str, str]] | None:
        """In a long-lived process (vaultkit.search.notetexts): id -> (path, is a note,
        folded path, folded file name) of every file of the universe, kept per index
        state; else None."""
        if not long_lived(self.index):
            return None
        return kept(self.index, ("universe", self.where), self._rows)

    def _rows(self) -> dict[int, tuple[str, bool, str, str]]:
        rows = self.index.query(f"SELECT id, path, is_note FROM files WHERE {self.where}")
        return {
            fid: (path, bool(is_note), fold(path), fold(path.rpartition("/")[2]))
            for fid, path, is_note in rows
        }

    def _odd(self) -> dict[int, str]:
        """id -> path of the files whose lower-cased path holds U+0307 (from ``İ``, or
        written so): there ``fold`` and the stored lower case differ. Usually none; one
        scan of the path index per search."""
        if self._odd_paths is None:
            self._odd_paths = kept(self.index, "odd paths", self._odd_rows)
        return self._odd_paths

    def _odd_rows(self) -> dict[int, str]:
        return dict(
            self.index.query(
                "SELECT id, path FROM files WHERE id IN (SELECT id FROM files"
                " INDEXED BY files_path_lower WHERE instr(path_lower, ?))",
                ("\u0307",),
            )
        )


def _part(path: str, field: str) -> str:
    """The file name of ``path`` for ``file:``, else the whole path."""
    return path.rpartition("/")[2] if field == "file" else path
