"""The stored tag-suggestion model is brought up to date by taking changed notes out and
putting them back (issue 16: the first call after an edit must not rebuild the statistics
from every note), and the updated model equals one rebuilt from scratch."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from vaultkit.index import Index
from vaultkit.tags import model_store, suggest_model
from vaultkit.tags.corpus import load_docs
from vaultkit.tags.model_store import ensure, load_stats
from vaultkit.tags.suggest_model import Stats, build_stats

TAGS = ["labor", "housing", "garden", "health", "transit"]
WORDS = [
    "union",
    "steward",
    "grievance",
    "strike",
    "picket",
    "tenant",
    "landlord",
    "eviction",
    "rent",
    "compost",
    "seedlings",
    "greenhouse",
    "clinic",
    "nurse",
    "vaccine",
    "bus",
    "fare",
    "route",
    "subway",
    "shop",
    "wage",
    "contract",
    "plot",
]
FOLDERS = ["", "Labor", "Housing", "Inbox"]


def _note(rng: random.Random, names: list[str]) -> str:
    tags = rng.sample(TAGS, rng.randint(0, 2))
    head = f"---\ntags: [{', '.join(tags)}]\n---\n" if tags and rng.random() < 0.5 else ""
    inline = " ".join("#" + t for t in tags) if not head else ""
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25)))
    links = " ".join(f"[[{rng.choice(names)}]]" for _ in range(rng.randint(0, 3)))
    return f"{head}{inline}\n{words} {links}\n"


def _vault(make_vault: VaultBuilder, rng: random.Random, count: int) -> Path:
    names = [f"n{i}" for i in range(count + 20)]  # some links stay unresolved
    files: dict[str, str | bytes] = {}
    for name in names[:count]:
        folder = rng.choice(FOLDERS)
        files[f"{folder}/{name}.md" if folder else f"{name}.md"] = _note(rng, names)
    return make_vault(files)


def _touch(path: Path, step: int) -> None:
    stamp = path.stat().st_mtime_ns + step * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def _edit(root: Path, rng: random.Random, step: int) -> None:
    """Change, add or remove a few notes."""
    notes = sorted(root.rglob("*.md"))
    names = [p.stem for p in notes] + ["nowhere"]
    for _ in range(rng.randint(1, 3)):
        action = rng.random()
        if action < 0.6:
            path = rng.choice(notes)
            path.write_text(_note(rng, names), encoding="utf-8")
            _touch(path, step)
        elif action < 0.8:
            path = root / rng.choice(FOLDERS) / f"new{step}_{rng.randint(0, 999)}.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(_note(rng, names), encoding="utf-8")
        else:
            path = rng.choice(notes)
            if path.exists():
                path.unlink()


def _assert_equal(updated: Stats, rebuilt: Stats) -> None:
    assert updated.n == rebuilt.n and updated.tagged == rebuilt.tagged
    assert updated.df == rebuilt.df
    assert updated.popularity == rebuilt.popularity and updated.raw == rebuilt.raw
    assert updated.written == rebuilt.written and updated.merged == rebuilt.merged
    assert updated.link_docs == rebuilt.link_docs and updated.link_tags == rebuilt.link_tags
    assert updated.place_docs == rebuilt.place_docs
    assert updated.place_tags == rebuilt.place_tags
    assert updated.by_word.keys() == rebuilt.by_word.keys()
    for word, sums in rebuilt.by_word.items():
        assert updated.by_word[word] == pytest.approx(sums, abs=1e-9)
    for tag in set(updated.abc) | set(rebuilt.abc):  # a missing tag's sums are zeros
        zeros = [0.0, 0.0, 0.0]
        assert updated.abc.get(tag, zeros) == pytest.approx(rebuilt.abc.get(tag, zeros), abs=1e-7)
        assert updated.norm2(tag) == pytest.approx(rebuilt.norm2(tag), abs=1e-7)
    assert updated.idf == pytest.approx(rebuilt.idf)
    assert updated.spellings == rebuilt.spellings


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_updated_model_equals_a_rebuilt_one_after_random_edits(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    root = _vault(make_vault, rng, 60)
    index_path = root.parent / "idx.sqlite"
    with Index.open(root, index_path) as index:
        index.refresh(jobs=1)
        assert ensure(index) is True
    builds: list[int] = []
    real_build = model_store.build_stats

    def counting_build(docs: list[object]) -> Stats:
        builds.append(len(docs))
        return real_build(docs)  # type: ignore[arg-type]

    monkeypatch.setattr(model_store, "build_stats", counting_build)
    for step in range(1, 9):
        _edit(root, rng, step)
        with Index.open(root, index_path) as index:
            index.refresh(jobs=1)
            assert ensure(index) is True
            updated = load_stats(index)
            docs, _ = load_docs(index)
        _assert_equal(updated, build_stats(docs))
    assert builds == []  # every edit was applied to the stored model, none rebuilt it


def test_a_changed_near_duplicate_group_rebuilds(make_vault: VaultBuilder) -> None:
    """Which spelling of a group is suggested depends on every note: then the model is
    rebuilt, and still equals a fresh build."""
    files: dict[str, str | bytes] = {f"o{i}.md": f"#organizing\ncanvass {i}\n" for i in range(3)}
    files.update({f"x{i}.md": f"#organising\ncanvass doors {i}\n" for i in range(2)})
    files.update({f"p{i}.md": f"plain words {i}\n" for i in range(20)})
    root = make_vault(files)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        assert load_stats(index).merged == {"organising": "organizing"}
    for i in range(2):
        (root / f"p{i}.md").write_text(f"#organising\nmore {i}\n", encoding="utf-8")
        _touch(root / f"p{i}.md", 3)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        updated = load_stats(index)
        docs, _ = load_docs(index)
    assert updated.merged == {"organizing": "organising"}
    _assert_equal(updated, build_stats(docs))


def test_apply_delta_takes_a_note_out_exactly(make_vault: VaultBuilder) -> None:
    rng = random.Random(9)
    root = _vault(make_vault, rng, 30)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        docs, _ = load_docs(index)
    stats = build_stats(docs)
    tagged = next(d for d in docs if d.tags and d.words)
    assert suggest_model.apply_delta(stats, [tagged], []) is True
    stats.note_tags = {}
    rest = build_stats([d for d in docs if d is not tagged])
    rest.note_tags = {}
    _assert_equal(stats, rest)


def test_an_older_stored_model_is_replaced(make_vault: VaultBuilder) -> None:
    """An index holding the previous version's tables (other columns) is rebuilt, not read."""
    rng = random.Random(4)
    root = _vault(make_vault, rng, 20)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        index.conn.executescript(
            "CREATE TABLE suggest_meta(key TEXT PRIMARY KEY, value BLOB);"
            "CREATE TABLE suggest_words(word TEXT PRIMARY KEY, idf REAL, postings BLOB);"
            "INSERT INTO suggest_meta VALUES ('state', 'old');"
        )
        stats = load_stats(index)
        docs, _ = load_docs(index)
    _assert_equal(stats, build_stats(docs))
