"""Tag suggestions (vaultkit.suggest): each reason can be checked against the vault, a note's
own tags never vote for themselves, results are deterministic, and leave-one-out on the
example vault and a generated vault beats the popularity baseline twice over."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_VAULT, REPO, VaultBuilder
from vaultkit.index import Index
from vaultkit.suggest import Model, suggest_tags
from vaultkit.tags.corpus import load_docs, words_of
from vaultkit.tags.suggest_model import build_stats

LABOR = "The union steward filed a grievance; the strike and the picket line held at the shop."
HOUSING = "The tenant union withheld rent; the landlord faced an eviction hearing and inspector."


def _vault(make_vault: VaultBuilder) -> Path:
    files = {}
    for i in range(4):
        files[f"Labor/l{i}.md"] = f"---\ntags: [labor]\n---\n{LABOR} Note {i}. [[Strike Fund]]\n"
        files[f"Housing/h{i}.md"] = f"#housing\n{HOUSING} Note {i}. [[Tenant Law]]\n"
    files["Labor/new.md"] = "A grievance at the shop: the steward and the picket. [[Strike Fund]]\n"
    files["Inbox/clip.md"] = "The landlord and the eviction: a tenant story.\n"
    return make_vault(files)


def _open(root: Path) -> Index:
    index = Index.open(root, root.parent / "idx.sqlite")
    index.refresh(jobs=1)
    return index


def test_words_skip_stop_words_short_words_and_numbers() -> None:
    assert words_of("The union's 2021 strike: we won it, and the UNION grew") == {
        "union": 2,
        "strike": 1,
        "won": 1,
        "grew": 1,
    }


def test_suggestions_carry_checkable_reasons(make_vault: VaultBuilder) -> None:
    root = _vault(make_vault)
    with _open(root) as index:
        report = suggest_tags(index, ["Labor/new.md", "Inbox/clip.md"], top=2)
    new, clip = report.notes
    assert new.suggestions[0].tag == "labor"
    reasons = {r.signal: r for r in new.suggestions[0].reasons}
    assert set(reasons) == {"links", "words", "folder"}
    assert (
        reasons["links"].text
        == "links [[Strike Fund]]: so do 4 other notes, 4 of them tagged #labor"
    )
    assert reasons["folder"].text == "in Labor/: 4 of the 4 other notes there are tagged #labor"
    text = (root / "Labor" / "new.md").read_text().lower()
    labor_text = (root / "Labor" / "l0.md").read_text().lower()
    assert reasons["words"].evidence
    for word in reasons["words"].evidence:  # each word is in the note and in #labor notes
        assert word in text and word in labor_text
    assert clip.suggestions[0].tag == "housing"
    assert [r.signal for r in clip.suggestions[0].reasons] == ["words"]
    assert sum(r.score for r in new.suggestions[0].reasons) == pytest.approx(
        new.suggestions[0].score, abs=0.01
    )


def test_a_notes_own_tags_never_vote(make_vault: VaultBuilder) -> None:
    """Leave-one-out: a tag only this note carries has no evidence for it."""
    root = make_vault(
        {
            "a.md": "#solo\nWords about harbors and cranes and ships.\n",
            "b.md": "#other\nWords about harbors and cranes and ships.\n",
            "c.md": "#third\nSomething else entirely: gardens.\n",
        }
    )
    with _open(root) as index:
        docs, _ = load_docs(index)
        model = Model(docs, build_stats(docs), min_support=1)
        a = next(i for i, d in enumerate(docs) if d.path == "a.md")
        picks = [tag for tag, _ in model.ranked(a)]
    assert picks == ["other"]


def test_suggestions_are_deterministic(make_vault: VaultBuilder) -> None:
    root = _vault(make_vault)
    with _open(root) as index:
        first = suggest_tags(index, ["Inbox/clip.md", "Labor/new.md"])
        second = suggest_tags(index, ["Inbox/clip.md", "Labor/new.md"])
    assert first == second


def test_tag_spans_are_not_words(make_vault: VaultBuilder) -> None:
    """The hidden note's own tags (inline or in a field) must not leak into its words."""
    root = make_vault({"a.md": "`TAGS:` #zebra\nText #giraffe here\n"})
    with _open(root) as index:
        docs, _ = load_docs(index)
    assert "zebra" not in docs[0].words and "giraffe" not in docs[0].words
    assert "text" in docs[0].words


@pytest.fixture(scope="module")
def bench() -> object:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import suggest_bench

    return suggest_bench


def _figures(rows: list[object]) -> tuple[float, float]:
    by = {r.method: r for r in rows}  # type: ignore[attr-defined]
    return by["vaultkit suggest"].precision, by["popularity baseline"].precision


def _knn(rows: list[object]) -> float:
    return next(r.precision for r in rows if r.method == "tf-idf kNN baseline")  # type: ignore[attr-defined]


def test_leave_one_out_beats_popularity_twice_and_knn(bench: object, tmp_path: Path) -> None:
    """The issue's target, measured as the README reports it (benchmarks/suggest_bench.py)."""
    import genvault  # benchmarks/ is on sys.path through the fixture

    rows, _ = bench._measure("examples", EXAMPLE_VAULT, tmp_path / "e.sqlite")  # type: ignore[attr-defined]
    ours, baseline = _figures(rows)
    assert ours >= 2 * baseline
    assert ours >= 1.1 * _knn(rows)
    genvault.generate(tmp_path / "gen", 300, 3)
    rows, _ = bench._measure("gen", tmp_path / "gen", tmp_path / "g.sqlite")  # type: ignore[attr-defined]
    ours, baseline = _figures(rows)
    assert ours >= 2 * baseline
    assert ours >= 1.05 * _knn(rows)  # issue 16: ahead of a TF-IDF kNN, not level with it
    # labels learned on the training split mean what they say on the notes scored
    labels = next(r.by_confidence for r in rows if r.method == "vaultkit suggest")  # type: ignore[attr-defined]
    assert labels["high"][1] > labels["medium"][1] > labels["low"][1]


def test_labels_learned_from_product_sized_samples_are_counted_on_held_out_notes(
    bench: object, tmp_path: Path
) -> None:
    """``suggest_bench.py --label-draws``: each draw learns from its own sample and is counted
    on held-out notes; the lower-bound cut never marks more suggestions high than the plain
    share of the same draw (a block whose bound passes also passes plainly)."""
    import genvault  # benchmarks/ is on sys.path through the fixture

    genvault.generate(tmp_path / "gen", 300, 3)
    with Index.open(tmp_path / "gen", tmp_path / "g.sqlite") as index:
        index.refresh(jobs=1)
        docs, _ = load_docs(index)
    model = Model(docs, build_stats(docs), 3)
    found = bench.label_draws(model, 40, [1], 2)  # type: ignore[attr-defined]
    assert set(found) == {"lower bound", "plain share"}
    for cut in found.values():
        assert len(cut["coverage"]) == 2 and all(0 <= v <= 1 for v in cut["coverage"])
        assert {"medium", "low"} <= set(cut) and all(len(v) == 2 for v in cut.values())
    for bound, plain in zip(
        found["lower bound"]["coverage"], found["plain share"]["coverage"], strict=True
    ):
        assert bound <= plain
