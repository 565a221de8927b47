"""``notes_containing`` asks the trigram index for the notes holding every trigram of a term
and checks ``LIKE`` on ``note_text`` itself: the same notes as FTS5's own ``LIKE`` on the
trigram table (what it did before), on terms with quotes, spaces, repeated trigrams, case
and characters that fold to ASCII only in Unicode (the Kelvin sign)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.index.fulltext import notes_containing, trigram_query

FILES: dict[str, str | bytes] = {
    "Quoted.md": 'She said "union" twice: "union".\n',
    "Upper.md": "The UNION MET at NOON.\n",
    "onion.md": "An onion, a unit and a nation.\n",
    "Kelvin.md": "A \u212aelvin kit and a kit bag.\n",
    "Repeats.md": "aaaa and abab ababab.\n",
    "Spaced.md": "mass  organization with two spaces\n",
    "Phrase.md": "a mass organization\n",
    "Percent.md": "100 percent of it\n",
    "Empty.md": "",
}
TERMS = (
    "union",
    '"union"',
    'd "u',
    "noon",
    "kit",
    "elvin",
    "aaa",
    "aaaa",
    "ababab",
    "bab",
    "mass organization",
    "mass  organization",
    "100 percent",
    "zzz",
)


def _fts_like(index: Index, term: str) -> set[int]:
    """The notes FTS5's own ``LIKE`` on the trigram table finds (the former query)."""
    rows = index.conn.execute(
        "SELECT rowid FROM note_trigrams WHERE body LIKE ?", (f"%{term}%",)
    ).fetchall()
    return {fid for (fid,) in rows}


@pytest.fixture
def index(make_vault: VaultBuilder, tmp_path: Path) -> Index:
    opened = Index.open(make_vault(FILES), tmp_path / "i.sqlite")
    opened.refresh(jobs=1)
    return opened


@pytest.mark.parametrize("term", TERMS)
def test_same_notes_as_the_trigram_tables_like(index: Index, term: str) -> None:
    with index:
        found = notes_containing(index.conn, term)
        assert found is not None
        assert found == _fts_like(index, term)
        texts = dict(index.conn.execute("SELECT id, body FROM note_text"))
        assert found == {fid for fid, text in texts.items() if term.lower() in text.lower()}


def test_the_query_names_each_trigram_once_quoted() -> None:
    assert trigram_query("ababab") == '"aba" AND "bab"'
    assert trigram_query('a"b"') == '"a""b" AND """b"""'


def test_kelvin_sign_is_no_k_for_like(index: Index) -> None:
    """SQLite's LIKE folds ASCII only: the Kelvin sign is not ``k`` for it, as before."""
    with index:
        kelvin = index.file_id("Kelvin.md")
        assert kelvin in (notes_containing(index.conn, "kit") or set())
        assert kelvin not in (notes_containing(index.conn, "kelvin") or set())
        assert kelvin not in _fts_like(index, "kelvin")
