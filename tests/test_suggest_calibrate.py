"""Tag suggestions' weights and confidence labels learned per vault (issue 16): from a bounded,
deterministic sample of tagged notes scored with their own tags hidden; ``high`` means
suggestions at that score were right at least 70% of the time in this vault; too small a
sample is said, and then nothing is marked high; kept with the stored model."""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import VaultBuilder
from vaultkit.cli import app
from vaultkit.index import Index
from vaultkit.suggest import Model, suggest_tags
from vaultkit.tags import calibrate as cal
from vaultkit.tags import model_store
from vaultkit.tags.corpus import load_docs
from vaultkit.tags.model_store import ensure, learn, load_calibration
from vaultkit.tags.suggest_model import build_stats

REPO = Path(__file__).resolve().parent.parent


def test_isotonic_pools_adjacent_violators() -> None:
    points = [(0.4, True), (0.1, False), (0.3, False), (0.2, True), (0.5, True)]
    assert cal.isotonic(points) == [(0.1, 0.0, 1), (0.2, 0.5, 2), (0.4, 1.0, 2)]
    rnd = random.Random(3)
    noisy = [(rnd.random(), rnd.random() < 0.5) for _ in range(200)]
    rates = [rate for _, rate, _ in cal.isotonic(noisy)]
    assert rates == sorted(rates)


def test_pairwise_fit_weighs_the_signal_that_separates() -> None:
    rnd = random.Random(1)
    # the first feature is what tells the right tag from the others, the second is noise
    rows = [[rnd.uniform(0.0, 1.0) - 0.2, rnd.uniform(-1.0, 1.0)] for _ in range(400)]
    beta = cal._fit(rows)
    assert beta[0] > 1.0 and abs(beta[1]) < beta[0] / 3


def test_the_sample_is_bounded_deterministic_and_stable() -> None:
    paths = [f"notes/n{i}.md" for i in range(1000)]
    sample = cal.sample_paths(paths)
    assert len(sample) == cal.SAMPLE and sample == sorted(sample)
    assert cal.sample_paths(random.Random(2).sample(paths, len(paths))) == sample
    assert len(set(cal.sample_paths([*paths, "notes/new.md"])) ^ set(sample)) <= 2
    assert cal.sample_paths(paths[:10]) == sorted(paths[:10])


def _small(n: int = 4) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for i in range(n):
        files[f"Labor/l{i}.md"] = f"#labor\nThe union steward's grievance. [[Strike Fund]] {i}\n"
        files[f"Garden/g{i}.md"] = f"#garden\nCompost and seedlings in the plot. Note {i}.\n"
    files["Labor/new.md"] = "A grievance at the shop: the steward, the union. [[Strike Fund]]\n"
    return files


def test_too_few_tagged_notes_to_calibrate_is_said_and_nothing_is_high(
    make_vault: VaultBuilder,
) -> None:
    root = make_vault(_small())
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        report = suggest_tags(index, ["Labor/new.md"])
    labels = report.calibration
    assert labels is not None and not labels.calibrated
    assert labels.notice and "8 tagged notes" in labels.notice and "50" in labels.notice
    made = report.notes[0].suggestions
    assert made[0].tag == "labor" and made[0].score >= 0.45  # high by the old fixed rule
    assert all(s.confidence != "high" for s in made)
    args = ["tags", "suggest", "Labor/new.md", "--vault", str(root)]
    args += ["--index", str(root.parent / "idx.sqlite")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0 and "confidence not calibrated: 8 tagged notes" in result.stdout
    document = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    assert document["calibration"]["notice"] == labels.notice


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import genvault

    root = tmp_path_factory.mktemp("calibrated") / "vault"
    genvault.generate(root, 240, 5)
    yield root


def _index(root: Path) -> Index:
    index = Index.open(root, root.parent / "idx.sqlite")
    index.refresh(jobs=1)
    return index


def test_labels_are_learned_from_the_vault_with_each_notes_tags_hidden(generated: Path) -> None:
    with _index(generated) as index:
        labels = load_calibration(index)
        docs, _ = load_docs(index)
        untagged = [d.path for d in docs if not d.tags][:5]
        report = suggest_tags(index, untagged)
    assert labels.calibrated and labels.notice is None
    assert labels.sample == min(cal.SAMPLE, sum(1 for d in docs if d.tags))
    assert sum(labels.weights.values()) == pytest.approx(1.0, abs=1e-3)
    assert labels.high is not None and labels.medium is not None and labels.high > labels.medium
    # on the sample itself, what each label promises held
    assert labels.rates["high"][1] >= cal.HIGH and labels.rates["medium"][1] >= cal.MEDIUM
    # the stored model, each sampled note's own part taken out, scores as a model built in
    # memory from every note does
    model = Model(docs, build_stats(docs), 3)
    sample = set(cal.sample_paths([d.path for d in docs if d.tags]))
    fresh = cal.calibrate(model, [i for i, d in enumerate(docs) if d.path in sample])
    assert fresh.weights == pytest.approx(labels.weights, abs=1e-3)
    assert fresh.high == pytest.approx(labels.high) and fresh.rates == labels.rates
    made = [s for note in report.notes for s in note.suggestions]
    assert made and {s.confidence for s in made} <= {"high", "medium", "low"}
    for s in made:
        assert s.confidence == labels.label(s.score) or abs(s.score - labels.high) < 1e-3


def _touch(root: Path, path: str, line: str) -> None:
    with (root / path).open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}\n")
    stamp = (root / path).stat().st_mtime_ns + 5_000_000_000
    os.utime(root / path, ns=(stamp, stamp))


def test_one_edit_keeps_the_labels_many_edits_learn_them_again(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _index(generated) as index:
        before = load_calibration(index)
        query = "SELECT path FROM files WHERE is_note = 1 AND excluded = 0"
        notes = sorted(p for (p,) in index.conn.execute(query))
    calls: list[int] = []

    def counting(index: Index) -> cal.Calibration:
        calls.append(1)
        return learn(index)

    monkeypatch.setattr(model_store, "learn", counting)
    _touch(generated, notes[0], "One more line about compost.")
    with _index(generated) as index:
        assert ensure(index) is True and calls == []
        assert load_calibration(index) == before
    share = int(model_store.RECALIBRATE_SHARE * len(notes)) + 1
    for path in notes[1 : share + 1]:
        _touch(generated, path, "A line about the picket.")
    with _index(generated) as index:
        assert ensure(index) is True and calls == [1]
        assert load_calibration(index).calibrated


def test_a_block_counts_at_its_lower_confidence_bound() -> None:
    assert cal.lower_bound(1.0, 2) == pytest.approx(2 / 3)
    assert cal.lower_bound(0.8, 100) == pytest.approx(0.7571, abs=1e-3)
    assert cal.lower_bound(0.8, 10) < cal.lower_bound(0.8, 100) < cal.lower_bound(0.8, 10_000) < 0.8
    assert cal.lower_bound(0.8, 100, z=0) == pytest.approx(0.8)
    # half right at low scores, 4 in 5 right from 0.6, and two right ones at the very top
    points = [(0.2 + k / 1000, k % 2 == 0) for k in range(100)]
    points += [(0.6 + k / 1000, k % 5 != 0) for k in range(100)]
    points += [(0.95, True), (0.96, True)]
    # the plain share makes the two top suggestions the start of high; counted at its lower
    # bound, that block of two is not enough, the hundred from 0.6 are
    assert cal.cut(points, cal.HIGH, z=0) == pytest.approx(0.6, abs=0.002)
    assert cal.cut(points, cal.HIGH) == pytest.approx(0.6, abs=0.002)
    assert cal.cut(points[:100] + points[200:], cal.HIGH, z=0) == 0.95
    assert cal.cut(points[:100] + points[200:], cal.HIGH) is None
    assert cal.cut(points, cal.MEDIUM) is not None and cal.cut(points, cal.MEDIUM) <= 0.6


def test_labels_are_learned_for_a_minimum_support_other_than_the_configured_one(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _index(generated) as index:
        configured = load_calibration(index)
        docs, _ = load_docs(index)
        untagged = [d.path for d in docs if not d.tags][:5]
        report = suggest_tags(index, untagged, min_support=1)
    assert configured.min_support == 3
    labels = report.calibration
    assert labels is not None and labels.calibrated and labels.min_support == 1
    # what a model built in memory with that minimum support learns from the same sample
    model = Model(docs, build_stats(docs), 1)
    sample = set(cal.sample_paths([d.path for d in docs if d.tags]))
    fresh = cal.calibrate(model, [i for i, d in enumerate(docs) if d.path in sample])
    assert fresh.min_support == 1 and fresh.rates == labels.rates
    assert fresh.high == pytest.approx(labels.high) and fresh.medium == pytest.approx(labels.medium)
    # the sample's suggestions differ: tags carried by 1 or 2 other notes may now be named
    assert labels.rates != configured.rates
    for s in (s for note in report.notes for s in note.suggestions):
        assert s.confidence == labels.label(s.score) or abs(s.score - (labels.high or 0)) < 1e-3
    # kept: the next call does not learn them again; the configured labels are unchanged
    calls: list[int] = []

    def counting(index: Index, min_support: int | None = None) -> cal.Calibration:
        calls.append(1)
        return learn(index, min_support)

    monkeypatch.setattr(model_store, "learn", counting)
    with _index(generated) as index:
        assert suggest_tags(index, untagged, min_support=1).calibration == labels
        assert suggest_tags(index, untagged).calibration == configured
    assert calls == []
    args = ["tags", "suggest", *untagged[:1], "--vault", str(generated), "--min-support", "1"]
    result = CliRunner().invoke(app, [*args, "--index", str(generated.parent / "idx.sqlite")])
    assert result.exit_code == 0
    assert "for tags carried by at least 1 other note:" in " ".join(result.stdout.split())


def test_labels_for_another_minimum_support_on_a_read_only_index(
    generated: Path, tmp_path: Path
) -> None:
    """An index that cannot be written (a read-only file or mount) answered `--min-support 2`
    with 'attempt to write a readonly database' while the configured labels read fine: the
    labels learned for it are kept when the index can be written, else only used."""
    import sqlite3

    with _index(generated) as index:
        load_calibration(index)  # the stored model and its labels are up to date
        docs, _ = load_docs(index)
        untagged = [d.path for d in docs if not d.tags][:3]
        copy = tmp_path / "copy.sqlite"
        index.conn.execute("VACUUM INTO ?", (str(copy),))
    with Index.open(generated, copy) as index:
        index.conn.close()
        index.conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True, isolation_level=None)
        report = suggest_tags(index, untagged, min_support=2)
        again = suggest_tags(index, untagged, min_support=2)
    with Index.open(generated, copy) as index:  # writable: what it learns there, and keeps
        writable = suggest_tags(index, untagged, min_support=2)
        kept = index.conn.execute(
            "SELECT count(*) FROM suggest_meta WHERE key = 'calibration@2'"
        ).fetchone()
    assert report.calibration is not None and report.calibration.min_support == 2
    assert report.calibration == again.calibration == writable.calibration
    assert [n.suggestions for n in report.notes] == [n.suggestions for n in writable.notes]
    assert kept == (1,)


def test_a_sample_whose_suggestions_share_one_score_marks_nothing_high(
    make_vault: VaultBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # shaped like a user's vault: 60 notes that are a tag and nothing else (each scored by its
    # folder alone, so every suggestion of the sample has one score), and a long untagged note
    files: dict[str, str | bytes] = {}
    for i in range(30):
        files[f"m/t{i}.md"] = "#meeting/political\n"
        files[f"g/t{i}.md"] = "#guide\n"
    files["m/long.md"] = "The branch meeting discussed the political work of the IMT.\n" * 20
    root = make_vault(files)
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        labels = load_calibration(index)
        report = suggest_tags(index, ["m/long.md"], allow_kind_change=True)
    assert not labels.calibrated and labels.high is None
    assert labels.notice and "cannot tell" in labels.notice and "60 tagged notes" in labels.notice
    made = report.notes[0].suggestions
    assert made and all(s.confidence != "high" for s in made)
    # learned and found inseparable, like a calibration: an edit does not learn it again
    calls: list[int] = []

    def counting(index: Index) -> cal.Calibration:
        calls.append(1)
        return learn(index)

    monkeypatch.setattr(model_store, "learn", counting)
    _touch(root, "m/long.md", "One more line about the branch.")
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        assert ensure(index) is True and calls == []
        assert load_calibration(index) == labels


def test_suggestions_of_one_score_are_one_block() -> None:
    # a threshold cannot split suggestions of one score: half right at 0.3 is one block of
    # 0.5, not a block of wrong ones then a block of right ones
    points = [(0.3, k % 2 == 0) for k in range(200)] + [(0.1, False)] * 10
    assert cal.isotonic(points) == [(0.1, 0.0, 10), (0.3, 0.5, 200)]
    assert cal.cut(points, cal.HIGH) is None
