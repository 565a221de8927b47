"""What rules read: the notes being checked and look-ups over the whole vault, each built
once, on first use, from the index (so that checking a few notes reads little)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.index import Index
    from vaultkit.model import Note

TagRow = tuple[str, str, str, int, int]
"""(path, tag as written, source, line, column) of one tag occurrence."""


@dataclass
class CheckContext:
    """The notes to check (``scope`` None: the whole vault) and the vault around them."""

    notes: list[Note]
    scope: set[str] | None
    root: Path | None = None
    index: Index | None = None
    vault_notes: list[Note] | None = None
    """Every note, when the caller has them already (the whole-vault check, ``tags audit``)."""
    linking: list[Note] = field(default_factory=list)
    """Notes outside the scope holding only their links into it (``check --changed``)."""
    cache: dict[str, object] = field(default_factory=dict)
    """Look-ups built once per run, by name (rules may keep their own here)."""

    def in_scope(self, path: str) -> bool:
        """Whether findings in ``path`` are reported."""
        return self.scope is None or path in self.scope

    def whole_vault_in_memory(self) -> bool:
        """Whether every note is at hand (else rules ask the index)."""
        return self.vault_notes is not None or self.index is None

    def tag_rows(self, names_lower: set[str] | None = None) -> list[TagRow]:
        """Every tag occurrence of every visible note (only of the tags ``names_lower``
        names, in any case, when given), in path and note order."""
        if self.whole_vault_in_memory() or self.index is None:
            notes = self.vault_notes if self.vault_notes is not None else self.notes
            return [
                (n.path, t.name, str(t.source), t.span.line, t.span.col)
                for n in notes
                for t in n.tags
                if names_lower is None or t.name.lower() in names_lower
            ]
        import json

        where, args = "", tuple[str, ...]()
        if names_lower is not None:
            where, args = (
                " AND t.name_lower IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(names_lower)),),
            )
        return [
            (str(p), str(name), str(src), int(line), int(col))
            for p, name, src, line, col in self.index.query(
                "SELECT f.path, t.name, t.source, t.line, t.col FROM tags t"
                " JOIN files f ON f.id = t.src WHERE f.is_note = 1 AND f.excluded = 0"
                f"{where} ORDER BY f.path, t.seq",
                args,
            )
        ]

    def tag_names(self) -> list[str]:
        """Every distinct tag spelling of the visible notes."""
        if self.whole_vault_in_memory() or self.index is None:
            return sorted({row[1] for row in self.tag_rows()})
        return sorted(
            str(n)
            for (n,) in self.index.query(
                "SELECT DISTINCT t.name FROM tags t JOIN files f ON f.id = t.src"
                " WHERE f.is_note = 1 AND f.excluded = 0"
            )
        )

    def files_named(self, name_lower: str) -> list[str]:
        """Paths of the files (notes and attachments) whose lower-cased name is given."""
        if self.index is None:
            return []
        return [
            str(p)
            for (p,) in self.index.query(
                "SELECT path FROM files WHERE filename_lower = ? AND excluded = 0 ORDER BY path",
                (name_lower,),
            )
        ]

    def alias_owners(self, alias: str) -> list[str]:
        """Visible notes with ``alias`` among their aliases."""
        return [] if self.index is None else self.index.alias_owners(alias)

    def note(self, path: str) -> Note | None:
        """The indexed note at ``path`` (its headings and block ids), read once."""
        if "by_path" not in self.cache:
            known = [*(self.vault_notes or ()), *self.notes, *self.linking]
            self.cache["by_path"] = {n.path: n for n in known}
        by_path: dict[str, Note | None] = self.cache["by_path"]  # type: ignore[assignment]
        if path not in by_path and self.index is not None:
            by_path[path] = self.index.note(path)
        return by_path.get(path)

    def note_names(self) -> list[str]:
        """Names of every visible note, for suggesting the closest one."""
        if "names" not in self.cache:
            names: Iterable[str]
            if self.index is None:
                names = (n.name for n in self.notes)
            else:
                names = (
                    str(n)
                    for (n,) in self.index.query(
                        "SELECT n.name FROM notes n JOIN files f ON f.id = n.file_id"
                        " WHERE f.excluded = 0"
                    )
                )
            self.cache["names"] = sorted(set(names))
        return self.cache["names"]  # type: ignore[return-value]

    def alias_rows(self) -> list[tuple[str, str]]:
        """(path, alias) of every alias of every visible note."""
        if "aliases" not in self.cache:
            rows: list[tuple[str, str]]
            if self.vault_notes is not None or self.index is None:
                notes = self.vault_notes if self.vault_notes is not None else self.notes
                rows = [(n.path, a) for n in notes for a in n.aliases]
            else:
                rows = [
                    (str(p), str(a))
                    for p, a in self.index.query(
                        "SELECT f.path, a.alias FROM aliases a JOIN files f ON f.id = a.src"
                        " WHERE f.excluded = 0 ORDER BY f.path, a.seq"
                    )
                ]
            self.cache["aliases"] = rows
        return self.cache["aliases"]  # type: ignore[return-value]

    def name_counts(self) -> dict[str, int]:
        """File names (lower-cased) that several files share, with how many share each."""
        if "shared" not in self.cache:
            shared: dict[str, int] = {}
            if self.index is not None:
                shared = {
                    str(name): int(count)
                    for name, count in self.index.query(
                        "SELECT filename_lower, COUNT(*) FROM files GROUP BY filename_lower"
                        " HAVING COUNT(*) > 1"
                    )
                }
            self.cache["shared"] = shared
        return self.cache["shared"]  # type: ignore[return-value]

    def closest_name(self, name: str) -> str | None:
        """The note name closest to ``name`` (difflib ratio at least 0.6), or None. Only
        the names sharing the most three-letter pieces with it are compared, so a vault
        with thousands of broken links answers in time linear in their number."""
        key = "closest:" + name.casefold()
        if key in self.cache:
            return self.cache[key]  # type: ignore[return-value]
        import difflib
        from collections import Counter

        grams = self._trigrams()
        hits: Counter[int] = Counter()
        for gram in _grams(name):
            hits.update(grams.get(gram, ()))
        names = self.note_names()
        pool = [names[i] for i, _ in hits.most_common(CLOSEST_POOL)]
        found = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
        self.cache[key] = found[0] if found else None
        return self.cache[key]  # type: ignore[return-value]

    def _trigrams(self) -> dict[str, list[int]]:
        if "trigrams" not in self.cache:
            grams: dict[str, list[int]] = {}
            for i, name in enumerate(self.note_names()):
                for gram in _grams(name):
                    grams.setdefault(gram, []).append(i)
            self.cache["trigrams"] = grams
        return self.cache["trigrams"]  # type: ignore[return-value]


CLOSEST_POOL = 20
"""How many names sharing the most three-letter pieces are compared with difflib."""


def _grams(name: str) -> set[str]:
    padded = f"  {name.casefold()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
