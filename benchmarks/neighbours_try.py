"""A ranking try, not in the product: a graph-aware neighbour vote as a fifth feature of a
second stage that reranks the first stage's best tags (benchmarks/README.md, "Ranking,
session 8").

Usage::

    python benchmarks/neighbours_try.py --vault DIR [--splits 6] [--held-out 200 --seeds 1,2,3]
    python benchmarks/neighbours_try.py --notes 1000 --seed 7   # a generated vault

The neighbour vote of a note: its ``NEIGHBOURS`` most similar other notes, where similarity
is the TF-IDF cosine + ``LINKED`` when one links the other + ``SAME_FOLDER`` when they share
a folder, vote for their tags with the similarity to the power ``POWER``: a tag's vote is
its voters' weight over all the neighbours' weight (untagged ones included). Both rankings
below are the same second stage over the first stage's ``STAGE`` best tags (first stage:
the four signals with weights learned as the product learns them), refit with the pairwise
logistic of :mod:`vaultkit.tags.calibrate`: "4 signals" on the four signals (what the
product ranks with), "+ neighbours" with the vote beside them; "5th signal" is the vote as a
fifth signal of the product's one stage (no second stage), its weight learned with the
other four.

Two-fold on the training split of ``suggest_bench`` (learned on one half, scored on the
other), over ``--splits`` random halvings (mean of the halves), then the held-out notes of
``--seeds`` (learned on the whole training split), each beside kNN (10) on the same notes.
The index goes to a temporary folder; nothing is written to the vault.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suggest_bench as sb

NEIGHBOURS = 30
LINKED = 0.1
SAME_FOLDER = 0.15
POWER = 3
STAGE = 15
"""First-stage tags the second stage reranks."""

Features = dict[str, list[float]]


def neighbour_votes(model: Any, notes: list[int]) -> dict[int, dict[str, float]]:
    """Per note of ``notes``: tag -> the weight of its neighbours carrying it, over the
    weight of all its neighbours (the graph-aware neighbour vote)."""
    n = len(model.docs)
    vectors = [model.vector(j) for j in range(n)]
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, vec in enumerate(vectors):
        for w, x in vec.items():
            postings[w].append((j, x))
    where = {doc.path: j for j, doc in enumerate(model.docs)}
    linked: dict[int, set[int]] = defaultdict(set)
    for j, doc in enumerate(model.docs):
        for key in doc.links:
            m = where.get(key)
            if m is not None and m != j:
                linked[j].add(m)
                linked[m].add(j)
    folders: dict[str, list[int]] = defaultdict(list)
    for j, doc in enumerate(model.docs):
        folders[doc.folder].append(j)
    found: dict[int, dict[str, float]] = {}
    for i in notes:
        sims: dict[int, float] = defaultdict(float)
        for w, x in vectors[i].items():
            for j, y in postings[w]:
                sims[j] += x * y
        for j in linked[i]:
            sims[j] += LINKED
        for j in folders[model.docs[i].folder]:
            sims[j] += SAME_FOLDER
        sims.pop(i, None)
        best = sorted((j for j in sims if sims[j] > 0), key=lambda j: (-sims[j], j))[:NEIGHBOURS]
        votes: dict[str, float] = defaultdict(float)
        total = 0.0
        for j in best:
            weight = sims[j] ** POWER
            total += weight
            for t in model.own(j):
                votes[t] += weight
        found[i] = {t: v / total for t, v in votes.items()} if total else {}
    return found


class Try:
    """The two rankings of one vault, from each note's signal parts and neighbour vote."""

    def __init__(self, model: Any, notes: list[int]) -> None:
        from vaultkit.tags.calibrate import SIGNALS

        unit = dict.fromkeys(SIGNALS, 1.0)
        self.model = model
        self.signals = SIGNALS
        self.parts = {i: model.parts(i, unit) for i in notes}
        self.votes = neighbour_votes(model, notes)

    def five(self, i: int) -> dict[str, dict[str, float]]:
        """The four signals' parts of note ``i`` with the vote as a fifth (tags the product
        may suggest: carried by ``min_support`` other notes)."""
        own = self.model.own(i)
        found = {t: dict(p) for t, p in self.parts[i].items()}
        for t, share in self.votes[i].items():
            if self.model.support(t, own) >= self.model.min_support:
                found.setdefault(t, {})["neighbours"] = share
        return found

    def learn_one_stage(self, notes: list[int]) -> Callable[[int], list[str]]:
        """The vote as a fifth signal of the one stage: five weights learned as the product
        learns its four (pairwise fit over the best candidates by the fixed weights, clipped
        at 0, summing to 1), the score their weighted sum."""
        from vaultkit.suggest import WEIGHTS
        from vaultkit.tags.calibrate import CANDIDATES, _fit

        names = (*self.signals, "neighbours")
        pairs: list[list[float]] = []
        for i in notes:
            parts, own = self.five(i), self.model.own(i)
            fixed = {
                t: sum(WEIGHTS.get(k, 0.0) * v for k, v in p.items()) for t, p in parts.items()
            }
            best = sorted(fixed, key=lambda t: (-fixed[t], t))[:CANDIDATES]
            rows = {t: [parts[t].get(k, 0.0) for k in names] for t in best}
            right = [r for t, r in rows.items() if t in own]
            wrong = [r for t, r in rows.items() if t not in own]
            pairs.extend([a - b for a, b in zip(r, w, strict=True)] for r in right for w in wrong)
        positive = [max(b, 0.0) for b in _fit(pairs)] if pairs else [1.0] * len(names)
        weights = {k: b / (sum(positive) or 1.0) for k, b in zip(names, positive, strict=True)}

        def rank(i: int) -> list[str]:
            score = {t: sum(weights[k] * v for k, v in p.items()) for t, p in self.five(i).items()}
            ranked = sorted((t for t in score if score[t] > 0), key=lambda t: (-score[t], t))
            return ranked[: sb.RANKED]

        return rank

    def first(self, i: int, weights: dict[str, float]) -> list[str]:
        """Tags by the first stage's score, best first."""
        score = {t: sum(weights[k] * v for k, v in p.items()) for t, p in self.parts[i].items()}
        return sorted((t for t in score if score[t] > 0), key=lambda t: (-score[t], t))

    def features(self, i: int, weights: dict[str, float], vote: bool) -> Features:
        """The second stage's features of the first stage's ``STAGE`` best tags."""
        found = {}
        for t in self.first(i, weights)[:STAGE]:
            row = [self.parts[i][t].get(k, 0.0) for k in self.signals]
            if vote:
                row.append(self.votes[i].get(t, 0.0))
            found[t] = row
        return found

    def learn(self, notes: list[int], vote: bool) -> Callable[[int], list[str]]:
        """A ranker learned from ``notes``: first-stage weights, then the second stage."""
        from vaultkit.suggest import WEIGHTS
        from vaultkit.tags.calibrate import _fit, learn_weights

        weights = learn_weights(self.model, {i: self.parts[i] for i in notes}) or dict(WEIGHTS)
        pairs: list[list[float]] = []
        for i in notes:
            rows, own = self.features(i, weights, vote), self.model.own(i)
            right = [r for t, r in rows.items() if t in own]
            wrong = [r for t, r in rows.items() if t not in own]
            pairs.extend([a - b for a, b in zip(r, w, strict=True)] for r in right for w in wrong)
        beta = _fit(pairs) if pairs else []

        def rank(i: int) -> list[str]:
            rows = self.features(i, weights, vote)
            score = {t: sum(b * v for b, v in zip(beta, r, strict=True)) for t, r in rows.items()}
            top = sorted(rows, key=lambda t: (-score[t], t))
            return (top + self.first(i, weights)[STAGE:])[: sb.RANKED]

        return rank


def figures(model: Any, notes: list[int], rank: Callable[[int], list[str]]) -> list[float]:
    """P@3, R@3, P@1 and MRR of ``rank`` over ``notes``."""
    found = [0.0, 0.0, 0.0, 0.0]
    for i in notes:
        ranked, hidden = rank(i), model.own(i)
        hits = len(set(ranked[: sb.K]) & hidden)
        found[0] += hits / sb.K
        found[1] += hits / len(hidden)
        found[2] += bool(ranked) and ranked[0] in hidden
        found[3] += next((1 / (r + 1) for r, t in enumerate(ranked) if t in hidden), 0.0)
    return [f / len(notes) for f in found]


def _line(name: str, values: list[float], base: list[float]) -> str:
    shown = " ".join(f"{v:.3f}" for v in values)
    ratios = " ".join(f"{v / b:.2f}" if b else "inf" for v, b in zip(values, base, strict=True))
    return f"  {name:<14} {shown}   ÷ kNN (10) {ratios}"


def run(root: Path, index_path: Path, splits: int, held_out: int, seeds: list[int]) -> None:
    """Print the two-fold and held-out figures of one vault."""
    from vaultkit.index import Index
    from vaultkit.suggest import Model, min_support_of
    from vaultkit.tags.corpus import load_docs
    from vaultkit.tags.suggest_model import build_stats

    with Index.open(root, index_path) as index:
        index.refresh(jobs=1)
        docs, _ = load_docs(index)
        model = Model(docs, build_stats(docs), min_support_of(index))
    train = sb.train_split(model)
    held = {s: sb.held_out_notes(model, held_out, s) for s in seeds}
    trial = Try(model, sorted(set(train).union(*held.values())))
    knn = sb.knn_baseline(model)
    print(f"{root}: {len(docs)} notes, P@3 R@3 P@1 MRR")
    total: dict[str, list[float]] = defaultdict(lambda: [0.0] * 4)
    for split in range(1, splits + 1):
        half = set(random.Random(split).sample(train, len(train) // 2))
        folds = ([i for i in train if i in half], [i for i in train if i not in half])
        for learn_on, score_on in (folds, folds[::-1]):
            for name, rank in (
                ("kNN (10)", knn),
                ("4 signals", trial.learn(learn_on, False)),
                ("+ neighbours", trial.learn(learn_on, True)),
                ("5th signal", trial.learn_one_stage(learn_on)),
            ):
                got = figures(model, score_on, rank)
                total[name] = [a + b / (2 * splits) for a, b in zip(total[name], got, strict=True)]
    print(f" two-fold on the training split, mean of {2 * splits} halves:")
    for name, values in total.items():
        print(_line(name, values, total["kNN (10)"]))
    if held:
        print(f" held out, mean of seeds {','.join(map(str, seeds))} ({held_out} notes each):")
        base = _mean([figures(model, notes, knn) for notes in held.values()])
        print(_line("kNN (10)", base, base))
        for name, rank in (
            ("4 signals", trial.learn(train, False)),
            ("+ neighbours", trial.learn(train, True)),
            ("5th signal", trial.learn_one_stage(train)),
        ):
            got = _mean([figures(model, notes, rank) for notes in held.values()])
            print(_line(name, got, base))


def _mean(rows: list[list[float]]) -> list[float]:
    return [sum(column) / len(rows) for column in zip(*rows, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vault", type=Path, help="a vault (default: a generated one)")
    parser.add_argument("--notes", type=int, default=1000, help="notes in the generated vault")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generated vault")
    parser.add_argument("--splits", type=int, default=6, help="random halvings of the split")
    parser.add_argument("--held-out", type=int, default=200, help="held-out notes per seed")
    parser.add_argument("--seeds", default="1,2,3", help="seeds drawing the held-out notes")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")] if args.held_out else []
    with tempfile.TemporaryDirectory(prefix="vaultkit-neighbours-") as tmp:
        work = Path(tmp)
        root = args.vault.resolve() if args.vault else work / "generated"
        if args.vault is None:
            import genvault

            genvault.generate(root, args.notes, args.seed)
        run(root, work / "index.sqlite", args.splits, args.held_out, seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
