"""``Index.notes_at`` reads the notes at given paths in one stream per table: the same notes
``Index.note`` gives one at a time (excluded ones too), sorted by path, unknown paths left out."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import VaultBuilder
from vaultkit.index import Index


def test_notes_at_equals_note_one_path_at_a_time(make_vault: VaultBuilder, tmp_path: Path) -> None:
    root = make_vault(
        {
            ".obsidian/app.json": '{"userIgnoreFilters": ["private/"]}',
            "b.md": "---\ntags: [x]\n---\n# B\n[[a]] #y\n- [ ] task\n",
            "a.md": "# A\nsee [[b#B]] and [[Nowhere]]\n",
            "private/c.md": "[[a]]\n",
            "d it's.md": "---\nbad: [\n---\ntext\n",
        }
    )
    with Index.open(root, tmp_path / "i.sqlite") as index:
        index.refresh(jobs=1)
        paths = ["private/c.md", "d it's.md", "b.md", "gone.md", "a.md"]
        batch = list(index.notes_at(paths))
        single = [index.note(p) for p in sorted(paths)]
        assert batch == [n for n in single if n is not None]
        assert [n.path for n in batch] == ["a.md", "b.md", "d it's.md", "private/c.md"]
        assert batch[0].links and batch[1].tags and batch[2].problems
