"""A plain per-sample SMAA-2 loop, written to be read rather than to be fast.

It is the yardstick the fast implementation in :mod:`partnerships.analysis.smaa` is checked
against (tests and ``benchmarks/smaa.py``): same model, same weight sampling, one sample at a
time with an ordinary ``argsort``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from partnerships.analysis.mcda import FloatArray, Scale, partial_values
from partnerships.analysis.smaa import WeightInfo, sample_weights


def smaa2_loop(
    values: FloatArray,
    scales: Sequence[Scale],
    weights: WeightInfo,
    samples: int,
    seed: int = 1,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Acceptability, central weights and confidence factors for point criterion values."""
    rng = np.random.default_rng(seed)
    v = partial_values(values, scales)
    m, n = v.shape
    counts = np.zeros((m, m))
    wsum = np.zeros((m, n))
    for _ in range(samples):
        w = sample_weights(weights, n, 1, rng)[0]
        order = np.argsort(-(v @ w), kind="stable")
        for r, i in enumerate(order):
            counts[i, r] += 1
        wsum[order[0]] += w
    wins = counts[:, 0]
    central = np.full((m, n), np.nan)
    central[wins > 0] = wsum[wins > 0] / wins[wins > 0, None]
    confidence = np.full(m, np.nan)
    for i in np.flatnonzero(wins > 0):
        confidence[i] = float(np.argmax(v @ central[i]) == i)
    return counts / samples, central, confidence
