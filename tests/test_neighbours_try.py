"""benchmarks/neighbours_try.py (a ranking try, not the product): the graph-aware neighbour
vote follows its rule (text, a link, a shared folder; a note never votes for itself) and the
comparison runs end to end on a generated vault."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO, VaultBuilder
from vaultkit.index import Index
from vaultkit.suggest import Model
from vaultkit.tags.corpus import load_docs
from vaultkit.tags.suggest_model import build_stats

LABOR = "The union steward filed a grievance; the strike and the picket line held at the shop."
HOUSING = "The tenant union withheld rent; the landlord faced an eviction hearing and inspector."


@pytest.fixture(scope="module")
def trial() -> ModuleType:
    sys.path.insert(0, str(REPO / "benchmarks"))
    import neighbours_try

    return neighbours_try


def _model(root: Path) -> tuple[Model, dict[str, int]]:
    with Index.open(root, root.parent / "idx.sqlite") as index:
        index.refresh(jobs=1)
        docs, _ = load_docs(index)
    return Model(docs, build_stats(docs), 1), {d.path: i for i, d in enumerate(docs)}


def test_votes_follow_text_links_and_folders(trial: ModuleType, make_vault: VaultBuilder) -> None:
    files = {}
    for i in range(3):
        files[f"Labor/l{i}.md"] = f"#labor\n{LABOR} Note {i}.\n"
        files[f"Housing/h{i}.md"] = f"#housing\n{HOUSING} Note {i}.\n"
    files["Labor/new.md"] = "A grievance at the shop: the steward and the picket.\n"
    files["Inbox/clip.md"] = "Zebra giraffe okapi.\n"  # no word shared with any other note
    files["Inbox/other.md"] = "#inbox\nQuartz basalt granite.\n"
    files["Misc/lonely.md"] = "#solo\nMarble slate. [[l0]]\n"  # the only #solo note
    model, at = _model(make_vault(files))
    votes = trial.neighbour_votes(model, list(at.values()))
    # a share of the neighbours' summed weight (an untagged neighbour's weight counts too)
    assert all(0 < v <= 1 for shares in votes.values() for v in shares.values())
    # text and folder: the labor notes carry the vote of an untagged labor note
    assert votes[at["Labor/new.md"]]["labor"] > 0.9
    # a shared folder alone is a (weak) similarity: the clip's only neighbour is its folder's
    assert votes[at["Inbox/clip.md"]] == {"inbox": 1.0}
    # a link alone is one too, both ways; and a note never votes for its own tags
    assert votes[at["Misc/lonely.md"]] == {"labor": 1.0}
    assert votes[at["Labor/l0.md"]]["solo"] > 0
    assert "solo" not in votes[at["Labor/l1.md"]]


def test_comparison_runs_on_a_generated_vault(
    trial: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import genvault  # benchmarks/ is on sys.path through the fixture

    genvault.generate(tmp_path / "gen", 200, 3)
    trial.run(tmp_path / "gen", tmp_path / "g.sqlite", 1, 20, [1])
    out = capsys.readouterr().out
    lines = [line.split("÷ kNN (10)") for line in out.splitlines() if "÷ kNN (10)" in line]
    assert len(lines) == 8  # kNN, 4 signals, + neighbours, 5th signal; two-fold, held out
    for left, right in lines:
        figures = [float(w) for w in left.split()[-4:]]
        assert all(0 <= f <= 1 for f in figures) and figures[0] > 0
        assert len(right.split()) == 4
        if left.split()[0] == "kNN":
            assert right.split() == ["1.00"] * 4
    assert "mean of 2 halves" in out and "held out, mean of seeds 1 (20 notes each)" in out
