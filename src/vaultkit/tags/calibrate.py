"""Per-vault signal weights and confidence labels, learned from the vault's own tagged notes.

A deterministic sample of tagged notes (at most ``SAMPLE``, chosen by a hash of their path)
is scored as if untagged: the model already leaves a note's own contribution out of every
statistic when it scores that note, so each sampled note is a held-out example. From it:

- **weights**: a pairwise logistic fit (each hidden tag of a note against each other
  candidate of that note, ridge-regularised, no intercept) of the five signals, scaled to sum
  to 1 so that a score stays a weighted mean between 0 and 1;
- **labels**: with those weights, each sampled note's 3 best suggestions are marked right or
  wrong; an isotonic fit (pool adjacent violators) of right against score gives blocks of
  scores with the share right in each. A block's share from a few hundred notes is noisy, so
  each is taken at its lower confidence bound (Wilson, ``Z`` standard errors: a small block
  must be right more often to count): ``high`` starts at the lowest block whose bound is at
  least ``HIGH``, ``medium`` at ``MEDIUM``, so a label means the same on every vault.

The labels are learned with one minimum support (the tags a suggestion may name): a call
with another learns them again for it (:attr:`Calibration.min_support`).

With fewer than ``MIN_SAMPLE`` tagged notes, or when the sample's suggestions all score within
``SPREAD`` of each other (the sample cannot tell right from wrong by score), nothing is
learned: the fixed weights are used and no suggestion is marked ``high`` (the calibration says
why).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaultkit.suggest import Model

SIGNALS = ("words", "links", "place", "linked", "neighbours")
SAMPLE = 300
"""Tagged notes scored to learn from (the cost is bounded by it, whatever the vault's size)."""
MIN_SAMPLE = 50
"""Fewer tagged notes than this: too few to learn weights or calibrate labels."""
CANDIDATES = 12
"""Per sampled note, the best tags under the fixed weights that the weights are fitted on."""
TOP = 3
"""Per sampled note, the suggestions the labels are calibrated on."""
HIGH = 0.7
"""``high``: suggestions at this score were right at least this often in the sample."""
MEDIUM = 0.4
Z = 1.0
"""Standard errors taken off each isotonic block's share right before it is compared with
``HIGH`` and ``MEDIUM`` (one: held-out notes of four vaults kept both promises, where the
plain share gave ``high`` 67-69 % on two of them; ``benchmarks/README.md``)."""
SPREAD = 0.05
"""The sample's suggestions must span at least this much score: within it they show one score
(e.g. notes that are a tag and nothing else, all scored by their folder), not how often a
higher score is right, so nothing is learned from them."""
UNCALIBRATED_MEDIUM = 0.25
"""Without calibration: ``medium`` from this score, never ``high``."""
RIDGE = 0.01
NEWTON_STEPS = 25


@dataclass(frozen=True)
class Calibration:
    """What was learned from the sample, or why nothing was."""

    sample: int
    """Tagged notes scored."""
    weights: dict[str, float]
    """Signal -> weight (summing to 1)."""
    high: float | None = None
    """Lowest score labelled ``high`` (None: no score was right often enough)."""
    medium: float | None = None
    """Lowest score labelled ``medium``."""
    rates: dict[str, list[float]] = field(default_factory=dict)
    """Label -> [suggestions of the sample with that label, share of them right]."""
    notice: str | None = None
    """Set when the sample is too small to calibrate (then no label is ``high``)."""
    min_support: int = 3
    """The minimum support the weights and labels were learned with (``suggest.MIN_SUPPORT``
    unless said)."""

    @property
    def calibrated(self) -> bool:
        """True when the weights and labels were learned from this vault."""
        return self.notice is None

    def label(self, score: float) -> str:
        """``high``, ``medium`` or ``low`` for a score."""
        if not self.calibrated:
            return "medium" if score >= UNCALIBRATED_MEDIUM else "low"
        if self.high is not None and score >= self.high:
            return "high"
        if self.medium is not None and score >= self.medium:
            return "medium"
        return "low"

    def dump(self) -> tuple[Any, ...]:
        """Plain values for ``marshal`` (read back by :func:`calibration_from_dump`)."""
        return (
            self.sample, self.weights, self.high, self.medium, self.rates, self.notice,
            self.min_support,
        )  # fmt: skip


def calibration_from_dump(data: Any) -> Calibration:
    """A Calibration from :meth:`Calibration.dump`."""
    sample, weights, high, medium, rates, notice, support = data
    return Calibration(int(sample), dict(weights), high, medium, dict(rates), notice, int(support))


def uncalibrated(tagged: int, weights: dict[str, float], min_support: int = 3) -> Calibration:
    """The fixed weights and labels, saying why nothing was learned."""
    notice = (
        f"confidence not calibrated: {tagged} tagged {'note' if tagged == 1 else 'notes'}, at"
        f" least {MIN_SAMPLE} are needed to learn how often a score is right in this vault;"
        " no suggestion is marked high"
    )
    return Calibration(tagged, dict(weights), notice=notice, min_support=min_support)


def inseparable(
    sample: int, points: list[tuple[float, bool]], weights: dict[str, float], min_support: int
) -> Calibration:
    """The fixed weights and labels when the sample's suggestions cannot tell right from wrong
    by score (none, or all of about one score), saying so."""
    if points:
        low, top = min(p[0] for p in points), max(p[0] for p in points)
        scored = f"all score {low:.2f}" + (f"-{top:.2f}" if f"{top:.2f}" != f"{low:.2f}" else "")
        what = f"their {len(points)} suggestions {scored}"
    else:
        what = "none of them got a suggestion"
    notice = (
        f"confidence not calibrated: {sample} tagged notes, but {what}, so the sample cannot"
        " tell how often a score is right in this vault; no suggestion is marked high"
    )
    return Calibration(sample, dict(weights), notice=notice, min_support=min_support)


def sample_paths(tagged: list[str]) -> list[str]:
    """The tagged notes to learn from: the ``SAMPLE`` first by a hash of their path (the same
    on every run; a note added or removed changes the sample by at most that note)."""

    def key(path: str) -> bytes:
        return hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()

    return sorted(sorted(tagged, key=key)[:SAMPLE])


def calibrate(model: Model, notes: list[int]) -> Calibration:
    """Learn the weights and the labels from ``notes`` (indices of tagged notes of ``model``,
    each scored with its own contribution left out)."""
    from vaultkit.suggest import MIN_SCORE, WEIGHTS

    notes = [i for i in notes if model.own(i)]
    support = model.min_support
    if len(notes) < MIN_SAMPLE:
        return uncalibrated(len(notes), WEIGHTS, support)
    unit = dict.fromkeys(SIGNALS, 1.0)
    features = {i: model.parts(i, unit) for i in notes}
    weights = learn_weights(model, features) or dict(WEIGHTS)
    points: list[tuple[float, bool]] = []
    for i, parts in features.items():
        own = model.own(i)
        scores = {t: sum(weights[k] * v for k, v in p.items()) for t, p in parts.items()}
        best = sorted((t for t in scores if scores[t] >= MIN_SCORE), key=lambda t: (-scores[t], t))
        points.extend((scores[t], t in own) for t in best[:TOP])
    if not points or max(p[0] for p in points) - min(p[0] for p in points) < SPREAD:
        return inseparable(len(notes), points, WEIGHTS, support)
    high, medium = (cut(points, share) for share in (HIGH, MEDIUM))
    found = Calibration(len(notes), weights, high, medium, min_support=support)
    rates: dict[str, list[float]] = {}
    for score, right in points:
        counts = rates.setdefault(found.label(score), [0.0, 0.0])
        counts[0] += 1
        counts[1] += right
    shares = {label: [int(n), round(hits / n, 3)] for label, (n, hits) in rates.items()}
    return Calibration(len(notes), weights, high, medium, shares, min_support=support)


def cut(points: list[tuple[float, bool]], share: float, z: float = Z) -> float | None:
    """The lowest score from which suggestions are right at least ``share`` of the time: the
    start of the first isotonic block whose share right, at its lower confidence bound, is
    ``share`` or more (None: no block is)."""
    return next(
        (_down(start) for start, rate, n in isotonic(points) if lower_bound(rate, n, z) >= share),
        None,
    )


def lower_bound(rate: float, n: int, z: float = Z) -> float:
    """Wilson's lower confidence bound of a share ``rate`` observed over ``n`` points."""
    if n <= 0:
        return 0.0
    margin = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n))
    return (rate + z * z / (2 * n) - margin) / (1 + z * z / n)


def _down(score: float) -> float:
    """A threshold to 4 decimals, rounded down (a score at the threshold stays above it)."""
    return math.floor(score * 10_000) / 10_000


def learn_weights(
    model: Model, features: dict[int, dict[str, dict[str, float]]]
) -> dict[str, float] | None:
    """Signal weights from a pairwise logistic fit: each hidden tag of a sampled note should
    outscore each other candidate; None when the sample has no such pair or no weight is
    positive."""
    from vaultkit.suggest import WEIGHTS

    pairs: list[list[float]] = []
    for i, parts in features.items():
        own = model.own(i)
        fixed = {t: sum(WEIGHTS[k] * v for k, v in p.items()) for t, p in parts.items()}
        candidates = sorted(fixed, key=lambda t: (-fixed[t], t))[:CANDIDATES]
        vectors = {t: [parts[t].get(k, 0.0) for k in SIGNALS] for t in candidates}
        right = [v for t, v in vectors.items() if t in own]
        wrong = [v for t, v in vectors.items() if t not in own]
        pairs.extend([a - b for a, b in zip(r, w, strict=True)] for r in right for w in wrong)
    if not pairs:
        return None
    beta = _fit(pairs)
    positive = [max(b, 0.0) for b in beta]
    total = sum(positive)
    if total <= 0:
        return None
    return {k: round(b / total, 4) for k, b in zip(SIGNALS, positive, strict=True)}


def _fit(rows: list[list[float]]) -> list[float]:
    """Ridge logistic regression of "the first outscores the second" on feature differences
    (every label 1, no intercept), by Newton's method."""
    d = len(rows[0])
    beta = [0.0] * d
    for _ in range(NEWTON_STEPS):
        grad = [RIDGE * b for b in beta]
        hess = [[RIDGE * (a == b) for b in range(d)] for a in range(d)]
        for x in rows:
            z = sum(b * v for b, v in zip(beta, x, strict=True))
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g, h = p - 1, p * (1 - p)
            for a in range(d):
                grad[a] += g * x[a]
                ha = h * x[a]
                row = hess[a]
                for b in range(d):
                    row[b] += ha * x[b]
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-4:
            break
    return beta


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """``matrix⁻¹ · vector`` by Gaussian elimination with partial pivoting (a small positive
    definite system)."""
    d = len(vector)
    rows = [[*matrix[r], vector[r]] for r in range(d)]
    for c in range(d):
        pivot = max(range(c, d), key=lambda r: abs(rows[r][c]))
        rows[c], rows[pivot] = rows[pivot], rows[c]
        if abs(rows[c][c]) < 1e-12:
            continue
        for r in range(d):
            if r != c and rows[r][c]:
                f = rows[r][c] / rows[c][c]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[c], strict=True)]
    return [rows[r][d] / rows[r][r] if abs(rows[r][r]) >= 1e-12 else 0.0 for r in range(d)]


def isotonic(points: list[tuple[float, bool]]) -> list[tuple[float, float, int]]:
    """Pool adjacent violators: blocks ``(lowest score, share right, points)`` by rising
    score, the share never falling from one block to the next (points of one score are in
    one block)."""
    scores: dict[float, list[float]] = {}  # a threshold cannot split one score
    for score, right in points:
        counts = scores.setdefault(score, [0.0, 0.0])
        counts[0] += right
        counts[1] += 1
    blocks: list[list[float]] = []  # [lowest score, right, points]
    for score in sorted(scores):
        blocks.append([score, *scores[score]])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    return [(start, right / n, int(n)) for start, right, n in blocks]
