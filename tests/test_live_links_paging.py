"""Backlinks paged in SQL (ORDER BY path, LIMIT, OFFSET): every page, in any chunking of
source ids, is the matching slice of the whole list, for written and unwritten notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import Index


@pytest.fixture
def hub(make_vault: VaultBuilder, tmp_path: Path) -> Index:
    files: dict[str, str | bytes] = {"Hub.md": "# Hub\n[[Src 03]]\n"}
    for n in range(23):
        # Some link twice, some also to a note not written yet; titles from headings.
        body = f"# Title {n}\nsee [[Hub]]\n" + ("again [[Hub#Top]]\n" * (n % 3))
        body += "and [[Someday]]\n" if n % 2 else ""
        folder = "B/" if n % 4 == 0 else ""
        files[f"{folder}Src {n:02}.md"] = body
    root = make_vault(files)
    index = Index.open(root, tmp_path / "i.sqlite")
    index.refresh(jobs=1)
    return index


@pytest.mark.parametrize("chunk", [500, 2])
def test_pages_are_slices_of_the_whole_list(
    hub: Index, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Index, "_ID_CHUNK", chunk)
    whole, total, sources = hub.backlinks("Hub.md", None)
    assert sources == 23 and total == 23 + sum(n % 3 for n in range(23))
    assert [p for p, _, _ in whole] == sorted(p for p, _, _ in whole)
    assert whole[0][0] == "B/Src 00.md" and whole[0][1] == "Title 0"
    assert [len(rows) for p, _, rows in whole if p == "Src 05.md"] == [3]
    pages = [hub.backlinks("Hub.md", 5, offset)[0] for offset in range(0, 25, 5)]
    assert [group for page in pages for group in page] == whole
    assert hub.backlinks("Hub.md", 5, 40) == ([], total, sources)


def test_unwritten_note_pages_too(hub: Index) -> None:
    whole, total, sources = hub.unresolved_backlinks("Someday", None)
    assert sources == total == 11
    assert hub.unresolved_backlinks("Someday", 4, 8)[0] == whole[8:12]
