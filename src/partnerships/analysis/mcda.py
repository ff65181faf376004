"""Deterministic multi-criteria methods for focus-country prioritisation.

Two methods, because the letters ask for a transparent weighing ("per land een afweging") and
because analysts compare the ranking of a compensatory additive model with TOPSIS, whose
distance-to-ideal logic punishes a single very bad score harder.

Normalisations are pinned (and documented in docs/prioritisation.md) so a ranking can be
reproduced by hand:

* value model: linear partial value on the criterion's scale, ``(x - lo) / (hi - lo)`` for a
  benefit criterion and ``(hi - x) / (hi - lo)`` for a cost criterion; the scale is fixed in
  the criteria file or, when absent, the observed minimum and maximum;
* TOPSIS: vector normalisation ``x / sqrt(sum x²)`` (Hwang & Yoon 1981), ideal and anti-ideal
  taken per criterion on the weighted normalised values.

Missing values are never silently zero: a method refuses them, naming the cells, unless the
caller chooses an explicit policy (``"worst"``: the worst value on the scale).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
MissingPolicy = Literal["refuse", "worst"]


class MissingValuesError(ValueError):
    """A deterministic method met missing values and no policy was chosen for them."""

    def __init__(self, cells: list[tuple[str, str]]) -> None:
        self.cells = cells
        shown = ", ".join(f"{a}/{c}" for a, c in cells[:10])
        more = f" and {len(cells) - 10} more" if len(cells) > 10 else ""
        super().__init__(
            f"{len(cells)} missing value(s): {shown}{more}; fill them, treat them as a range "
            "in the robustness analysis, or choose the policy 'worst'"
        )


@dataclass(frozen=True)
class Scale:
    """The range a criterion is normalised on and whether more is better."""

    low: float
    high: float
    benefit: bool


def observed_scales(values: FloatArray, benefit: Sequence[bool]) -> list[Scale]:
    """Scales from the observed finite values; a constant or empty column gets a unit scale."""
    scales = []
    for j, is_benefit in enumerate(benefit):
        col = values[:, j]
        finite = col[np.isfinite(col)]
        if finite.size == 0:
            scales.append(Scale(0.0, 1.0, is_benefit))
            continue
        lo, hi = float(finite.min()), float(finite.max())
        scales.append(Scale(lo, hi if hi > lo else lo + 1.0, is_benefit))
    return scales


def partial_values(values: FloatArray, scales: Sequence[Scale]) -> FloatArray:
    """Linear partial values in [0, 1] (1 = best); NaN stays NaN. Works on any leading shape."""
    lo = np.array([s.low for s in scales])
    hi = np.array([s.high for s in scales])
    benefit = np.array([s.benefit for s in scales])
    span = hi - lo
    v = (values - lo) / span
    v = np.where(benefit, v, 1.0 - v)
    clipped: FloatArray = np.clip(v, 0.0, 1.0)
    return clipped


def _check_missing(
    values: FloatArray,
    alternatives: Sequence[str],
    criteria: Sequence[str],
    missing: MissingPolicy,
) -> npt.NDArray[np.bool_]:
    mask = ~np.isfinite(values)
    if mask.any() and missing == "refuse":
        rows, cols = np.nonzero(mask)
        raise MissingValuesError(
            [(alternatives[int(i)], criteria[int(j)]) for i, j in zip(rows, cols, strict=True)]
        )
    return mask


def normalise_weights(weights: Sequence[float] | FloatArray) -> FloatArray:
    """Weights as a vector that sums to one; negative or all-zero weights are refused."""
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError(f"weights must be non-negative, finite and not all zero: {w.tolist()}")
    normalised: FloatArray = w / w.sum()
    return normalised


@dataclass(frozen=True)
class Ranking:
    """Scores, ranks (1 = highest priority) and the contribution of each criterion."""

    alternatives: list[str]
    criteria: list[str]
    scores: FloatArray
    ranks: npt.NDArray[np.int64]
    contributions: FloatArray
    imputed: npt.NDArray[np.bool_]


def ranks_from_scores(scores: FloatArray) -> npt.NDArray[np.int64]:
    """Competition ranks ("1224"): equal scores share the better rank."""
    order = np.sort(scores)[::-1]
    return np.searchsorted(-order, -scores, side="left").astype(np.int64) + 1


def weighted_value(
    values: FloatArray,
    weights: Sequence[float] | FloatArray,
    scales: Sequence[Scale],
    alternatives: Sequence[str],
    criteria: Sequence[str],
    missing: MissingPolicy = "refuse",
) -> Ranking:
    """Weighted additive value model: score = Σ w_j · v_j(x_ij)."""
    mask = _check_missing(values, alternatives, criteria, missing)
    v = partial_values(values, scales)
    v[mask] = 0.0  # only reached under the explicit 'worst' policy
    w = normalise_weights(weights)
    contributions = v * w
    scores = contributions.sum(axis=1)
    return Ranking(
        list(alternatives), list(criteria), scores, ranks_from_scores(scores), contributions, mask
    )


def topsis(
    values: FloatArray,
    weights: Sequence[float] | FloatArray,
    benefit: Sequence[bool],
    alternatives: Sequence[str],
    criteria: Sequence[str],
    missing: MissingPolicy = "refuse",
) -> Ranking:
    """TOPSIS with vector normalisation; score = closeness to the ideal, in [0, 1].

    Contributions are each criterion's share of the squared distances, signed so that a
    positive number pushes the country up: (d⁻_j² − d⁺_j²) / (d⁺ + d⁻)². They sum exactly to
    2·closeness − 1, so they explain the score without a second model.
    """
    mask = _check_missing(values, alternatives, criteria, missing)
    x = values.astype(np.float64, copy=True)
    if mask.any():
        known = np.isfinite(x).any(axis=0)
        safe_x = np.where(known, x, 0.0)  # a criterion nobody has a value for: all equal
        worst = np.where(np.asarray(benefit), np.nanmin(safe_x, axis=0), np.nanmax(safe_x, axis=0))
        x[mask] = np.broadcast_to(worst, x.shape)[mask]
    if (x < 0).any():
        raise ValueError("TOPSIS vector normalisation needs non-negative criterion values")
    norm = np.sqrt((x**2).sum(axis=0))
    norm[norm == 0] = 1.0
    w = normalise_weights(weights)
    weighted = x / norm * w
    is_benefit = np.asarray(benefit)
    ideal = np.where(is_benefit, weighted.max(axis=0), weighted.min(axis=0))
    anti = np.where(is_benefit, weighted.min(axis=0), weighted.max(axis=0))
    dplus_sq = (weighted - ideal) ** 2
    dminus_sq = (weighted - anti) ** 2
    dplus = np.sqrt(dplus_sq.sum(axis=1))
    dminus = np.sqrt(dminus_sq.sum(axis=1))
    total = dplus + dminus
    safe = np.where(total == 0, 1.0, total)
    scores = np.where(total == 0, 0.5, dminus / safe)
    contributions = (dminus_sq - dplus_sq) / (safe**2)[:, None]
    return Ranking(
        list(alternatives), list(criteria), scores, ranks_from_scores(scores), contributions, mask
    )
