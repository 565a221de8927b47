"""Vault-wide document frequencies for summaries (issue 16: "term weights from the whole
vault … so words that are everywhere in this vault lose weight"): kept in the index file,
refreshed by reading only the notes that changed."""

from __future__ import annotations

import math
import os
from pathlib import Path

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.reports.summarize import summarize
from vaultkit.reports.termweights import in_memory, refresh, vault_weights


def opened(root: Path) -> Index:
    index = Index.open(root, root.parent / "index.db")
    index.refresh()
    return index


def df(index: Index, term: str) -> int:
    rows = index.conn.execute("SELECT df FROM summary_df WHERE term = ?", (term,)).fetchall()
    return int(rows[0][0]) if rows else 0


def test_frequencies_are_kept_and_refreshed_incrementally(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {
            "a.md": "Tenants and the strike fund.",
            "b.md": "Tenants and the committee.",
            "c.md": "Orchestra rehearsal.",
        }
    )
    index = opened(root)
    assert refresh(index) == (3, 0)
    assert (df(index, "tenant"), df(index, "strike"), df(index, "orchestra")) == (2, 1, 1)
    assert refresh(index) == (0, 0)  # nothing changed: nothing read
    (root / "c.md").write_text("Tenants rehearse a strike.", encoding="utf-8")
    os.utime(root / "c.md", ns=(10**18, 10**18))
    (root / "b.md").unlink()
    index.refresh()
    assert refresh(index) == (1, 1)  # c.md read again, b.md dropped
    assert (df(index, "tenant"), df(index, "strike"), df(index, "orchestra")) == (2, 2, 0)
    assert df(index, "committee") == 0


def test_stored_and_in_memory_weights_agree(make_vault: VaultBuilder) -> None:
    root = make_vault(
        {f"n{i}.md": f"Branch meeting {i} on rent {'strike' * (i % 2)}." for i in range(12)}
    )
    index = opened(root)
    stored, counted = vault_weights(index), in_memory(index)
    assert stored.notes == counted.notes == 12
    text = "branch rent strike"
    for word in ("branch", "rent", "strike", "absent"):
        assert stored.idf_for(text)(word) == counted.idf_for(text)(word)
    assert stored.idf_for(text)("branch") == math.log(13 / 13) + 1  # in every note
    assert stored.idf_for(text)("strike") > stored.idf_for(text)("branch")


def test_a_word_everywhere_in_the_vault_does_not_make_the_key_sentence(
    make_vault: VaultBuilder,
) -> None:
    """ "Assembly" is in every note of this vault: the sentence about it, central within
    the note, loses to the one about what only this note says."""
    filler = {
        f"other/{i}.md": f"The assembly met on day {i} and the assembly voted." for i in range(15)
    }
    note = (
        "The assembly opened and the assembly heard the assembly report on the assembly.\n\n"
        "The assembly agreed that the assembly would meet again.\n\n"
        "Greenhouse heating costs doubled because the boiler failed in January.\n\n"
        "The boiler repair needs a greenhouse fund before January.\n"
    )
    index = opened(make_vault({**filler, "note.md": note}))
    (got,) = summarize(index, "note.md", count=1)
    assert "boiler" in got.key[0].text or "Greenhouse" in got.key[0].text


def test_a_database_that_cannot_be_written_falls_back_to_memory(make_vault: VaultBuilder) -> None:
    root = make_vault({f"n{i}.md": f"Rent strike {i}." for i in range(3)})
    index = opened(root)
    index.conn.execute("PRAGMA query_only = ON")
    weights = vault_weights(index)  # no error: counted in memory
    assert weights.notes == 3
    assert weights.idf_for("rent")("rent") == math.log(4 / 4) + 1
    assert not index.conn.in_transaction  # the failed refresh was rolled back


def test_terms_cut_by_another_word_rule_are_rebuilt(make_vault: VaultBuilder) -> None:
    """Possessives fold into their word (``county's`` → ``county``); tables stored by an
    earlier word rule (which kept ``county'``) are emptied and rebuilt, not trusted."""
    from vaultkit.reports.termweights import TERMS_VERSION

    root = make_vault({"a.md": "The county's budget.", "b.md": "The county said no."})
    index = opened(root)
    assert refresh(index) == (2, 0)
    assert (df(index, "county"), df(index, "county'")) == (2, 0)
    # a table written by version 1: a stale term, and the version it was cut by
    index.conn.execute("UPDATE summary_df SET df = 1 WHERE term = 'county'")
    index.conn.execute("INSERT INTO summary_df VALUES ('county''', 1)")
    index.conn.execute("UPDATE summary_terms_version SET version = ?", (TERMS_VERSION - 1,))
    index.conn.commit()
    assert refresh(index) == (2, 0)  # nothing changed on disk, every note read again
    assert (df(index, "county"), df(index, "county'")) == (2, 0)
    assert refresh(index) == (0, 0)
