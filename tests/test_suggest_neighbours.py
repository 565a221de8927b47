"""The neighbour vote, the fifth signal of tag suggestions (issue 16): links and a shared
folder bring a note closer, the note never votes for itself, its reason names the notes that
voted, and the stored candidates updated after edits give the same vote as a fresh build."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import VaultBuilder
from tests.test_suggest_incremental import _edit, _vault
from vaultkit.index import Index
from vaultkit.suggest import Model
from vaultkit.tags import model_store, neighbours
from vaultkit.tags.corpus import load_docs
from vaultkit.tags.model_store import ensure, load_model
from vaultkit.tags.suggest_model import build_stats

TEXT = "The harbour cranes unloaded timber; the dockers counted crates at the quay."
WEIGHTS = {"words": 0.0, "links": 0.0, "place": 0.0, "linked": 0.0, "neighbours": 1.0}


def _vote_vault(make_vault: VaultBuilder) -> Path:
    """Three notes exactly as close in text to ``Docks/a1.md`` (names too short to be words):
    one in its folder (b2), one linking it (c3), one a stranger (d4); filler notes so that
    the shared words are not in every note."""
    files: dict[str, str | bytes] = {
        "Docks/a1.md": f"#solo\n{TEXT}\n",
        "Docks/b2.md": f"#shared #folder-tag\n{TEXT}\n",
        "Links/c3.md": f"#shared #linked-tag\n{TEXT} [[a1]]\n",
        "Far/d4.md": f"#shared #stranger-tag\n{TEXT}\n",
    }
    for i in range(4):
        files[f"Misc/p{i}.md"] = f"#filler\nGardens of beans and squash, plot {i}.\n"
    return make_vault(files)


def _model(root: Path, weights: dict[str, float] | None = None) -> tuple[Model, int]:
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        docs, _ = load_docs(index)
    model = Model(docs, build_stats(docs), 1, weights)
    return model, next(i for i, d in enumerate(docs) if d.path == "Docks/a1.md")


def test_a_linked_or_same_folder_note_outranks_an_equally_close_stranger(
    make_vault: VaultBuilder,
) -> None:
    model, i = _model(_vote_vault(make_vault))
    near = model.nearest(i)
    assert [p for p, _ in near] == ["Docks/b2.md", "Links/c3.md", "Far/d4.md"]
    cosine = near[2][1]
    assert cosine == pytest.approx(1.0)
    assert near[0][1] == pytest.approx(cosine + neighbours.SAME_FOLDER)
    assert near[1][1] == pytest.approx(cosine + neighbours.LINKED)
    votes = model.neighbours(i)
    total = 1.15**3 + 1.1**3 + 1.0
    assert votes["folder-tag"][0] == pytest.approx(1.15**3 / total)
    assert votes["linked-tag"][0] == pytest.approx(1.1**3 / total)
    assert votes["stranger-tag"][0] == pytest.approx(1 / total)
    assert votes["shared"][0] == pytest.approx(1.0)
    assert votes["folder-tag"][0] > votes["linked-tag"][0] > votes["stranger-tag"][0]


def test_the_note_never_votes_for_itself(make_vault: VaultBuilder) -> None:
    model, i = _model(_vote_vault(make_vault))
    near = model.nearest(i)
    assert "Docks/a1.md" not in [p for p, _ in near]
    assert "solo" not in model.neighbours(i)  # only the note itself carries it
    # a neighbour's vote counts the target's tags as the target's, never its own
    mate = next(j for j, d in enumerate(model.docs) if d.path == "Docks/b2.md")
    assert "folder-tag" not in model.neighbours(mate)
    assert model.neighbours(mate)["solo"][1] == ["Docks/a1.md"]


def test_the_reason_names_the_notes_that_voted_closest_first(make_vault: VaultBuilder) -> None:
    model, i = _model(_vote_vault(make_vault), WEIGHTS)
    assert model.ranked(i)[0][0] == "shared"
    (reason,) = [r for r in model.reasons(i, "shared") if r.signal == "neighbours"]
    assert reason.score == pytest.approx(1.0)
    assert reason.text == (
        "3 of its 3 nearest notes (shared rare words, links, folder) are tagged #shared"
    )
    assert reason.evidence == ["Docks/b2.md", "Links/c3.md", "Far/d4.md"]
    (one,) = [r for r in model.reasons(i, "linked-tag") if r.signal == "neighbours"]
    assert one.text == (
        "1 of its 3 nearest notes (shared rare words, links, folder) is tagged #linked-tag"
    )
    assert one.evidence == ["Links/c3.md"]


def test_without_a_weight_the_vote_is_not_a_reason(make_vault: VaultBuilder) -> None:
    """The fixed weights (a vault too small to learn its own) give the vote none."""
    model, i = _model(_vote_vault(make_vault))
    assert all(r.signal != "neighbours" for t, _ in model.ranked(i) for r in model.reasons(i, t))


def _stored_postings(root: Path) -> set[tuple[str, str]]:
    with Index.open(root, root.parent / "idx.sqlite") as index:
        rows = index.conn.execute("SELECT word, path FROM suggest_postings").fetchall()
    return {(w, p) for w, p in rows}


@pytest.mark.parametrize(("seed", "bound"), [(1, 200), (2, 12), (3, 20)])
def test_the_stored_vote_after_edits_equals_a_fresh_build(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch, seed: int, bound: int
) -> None:
    """The postings kept note by note (words going over the rarity bound and coming back
    under it included, with a low bound) give every note the same neighbours, votes and
    scores as the whole vault scored in memory, and no edit rebuilds the statistics."""
    monkeypatch.setattr(neighbours, "MAX_DF", bound)
    monkeypatch.setattr(model_store, "MAX_DF", bound)
    rng = random.Random(seed)
    root = _vault(make_vault, rng, 60)
    index_path = root.parent / "idx.sqlite"
    with Index.open(root, index_path) as index:
        index.refresh(jobs=1)
        ensure(index)
    builds: list[int] = []
    real_build = model_store.build_stats
    monkeypatch.setattr(model_store, "build_stats", lambda d: builds.append(1) or real_build(d))
    unit = dict.fromkeys(WEIGHTS, 1.0)
    for step in range(1, 7):
        _edit(root, rng, step)
        with Index.open(root, index_path) as index:
            index.refresh(jobs=1)
            docs, _ = load_docs(index)
            paths = [d.path for d in docs]
            stored, stats, _, peers = load_model(index, paths)
        fresh = build_stats(docs)
        expected = {
            (w, d.path) for d in docs for w in d.words if fresh.df[w] <= bound
        }  # fmt: skip
        assert _stored_postings(root) == expected
        from_store = Model(stored, stats, 1, peers=peers)
        in_memory = Model(docs, fresh, 1)
        for i in range(len(docs)):
            assert from_store.neighbours(i).keys() == in_memory.neighbours(i).keys()
            for tag, (share, voters) in in_memory.neighbours(i).items():
                assert from_store.neighbours(i)[tag][0] == pytest.approx(share)
                assert from_store.neighbours(i)[tag][1] == voters
            got, want = from_store.scores(i, unit), in_memory.scores(i, unit)
            assert got.keys() == want.keys()
            assert got == pytest.approx(want)
    assert builds == []
