"""SMAA-2: agreement with the per-sample reference loop, weight information, uncertainty."""

from __future__ import annotations

import numpy as np
import pytest

from partnerships.analysis.mcda import observed_scales, weighted_value
from partnerships.analysis.smaa import (
    Performance,
    WeightInfo,
    acceptability_z,
    sample_weights,
    smaa2,
)
from partnerships.analysis.smaa_reference import smaa2_loop

RNG = np.random.default_rng(3)
VALUES = RNG.uniform(0, 100, size=(8, 4))
BENEFIT = [True, True, False, True]
SCALES = observed_scales(VALUES, BENEFIT)
NAMES = [f"C{i}" for i in range(8)]
CRITERIA = ["transit", "return caseload", "cooperation gap", "asylum"]


def _within_monte_carlo_error(a: np.ndarray, na: int, b: np.ndarray, nb: int) -> bool:
    return bool((acceptability_z(a, na, b, nb) <= 5).all())


@pytest.mark.parametrize(
    "info",
    [WeightInfo(), WeightInfo(rank=(1, 2, 2, 3)), WeightInfo(intervals=((0.1, 0.6),) * 4)],
    ids=["no information", "rank order with a tie", "intervals"],
)
def test_fast_smaa_agrees_with_the_reference_loop(info: WeightInfo) -> None:
    fast = smaa2(Performance.points(VALUES), SCALES, info, NAMES, CRITERIA, samples=60_000)
    b, central, confidence = smaa2_loop(VALUES, SCALES, info, samples=6_000)
    assert _within_monte_carlo_error(fast.acceptability, 60_000, b, 6_000)
    winners = b[:, 0] > 0.02
    assert np.allclose(fast.central_weights[winners], central[winners], atol=0.03)
    assert np.array_equal(fast.confidence[winners], confidence[winners])


def test_acceptability_z_is_zero_for_equal_runs_and_grows_with_the_gap() -> None:
    a = np.array([0.5, 0.01, 0.0])
    assert acceptability_z(a, 10_000, a, 10_000) == pytest.approx(np.zeros(3))
    z = acceptability_z(np.array([0.5]), 10_000, np.array([0.52]), 10_000)[0]
    assert 2.5 < z < 3.0  # 0.02 apart with sd ≈ √(2 · 0.25 / 10,000) ≈ 0.0071


def test_acceptability_rows_and_columns_sum_to_one() -> None:
    result = smaa2(Performance.points(VALUES), SCALES, WeightInfo(), NAMES, CRITERIA, 10_000)
    assert result.acceptability.sum(axis=0) == pytest.approx(np.ones(8))
    assert result.acceptability.sum(axis=1) == pytest.approx(np.ones(8))
    assert result.standard_error().max() < 0.006
    assert np.nansum(result.central_weights, axis=1)[result.acceptability[:, 0] > 0] == (
        pytest.approx(1.0)
    )


def test_exact_weights_and_values_reproduce_the_value_model() -> None:
    weights = (0.4, 0.3, 0.2, 0.1)
    result = smaa2(
        Performance.points(VALUES), SCALES, WeightInfo(exact=weights), NAMES, CRITERIA, 500
    )
    ranks = weighted_value(VALUES, weights, SCALES, NAMES, CRITERIA).ranks
    assert set(np.unique(result.acceptability)) == {0.0, 1.0}
    assert (np.argmax(result.acceptability, axis=1) + 1).tolist() == ranks.tolist()
    winner = int(np.argmin(ranks))
    assert result.confidence[winner] == 1.0
    assert np.isnan(result.confidence[ranks != 1]).all()


def test_same_seed_same_result_whatever_the_thread_count() -> None:
    perf = Performance(VALUES * 0.9, VALUES * 1.1)
    one = smaa2(perf, SCALES, WeightInfo(), NAMES, CRITERIA, 20_000, seed=5, threads=1)
    two = smaa2(perf, SCALES, WeightInfo(), NAMES, CRITERIA, 20_000, seed=5, threads=2)
    assert np.array_equal(one.acceptability, two.acceptability)
    assert np.array_equal(one.confidence, two.confidence, equal_nan=True)


def test_rank_order_and_intervals_are_respected_by_every_sample() -> None:
    rng = np.random.default_rng(0)
    w = sample_weights(WeightInfo(rank=(2, 1, 3, 3)), 4, 5_000, rng)
    assert (w[:, 1] >= w[:, 0]).all() and (w[:, 0] >= w[:, 2]).all()
    assert (w[:, 0] >= w[:, 3]).all()
    assert 0.4 < (w[:, 2] > w[:, 3]).mean() < 0.6  # tied criteria: no order between them
    assert w.sum(axis=1) == pytest.approx(np.ones(5_000))
    intervals = ((0.3, 0.5), (0.1, 0.4), (0.0, 0.3), (0.05, 0.2))
    w = sample_weights(WeightInfo(intervals=intervals), 4, 5_000, rng)
    lo, hi = np.array(intervals).T
    assert ((w >= lo) & (w <= hi)).all() and w.shape == (5_000, 4)


def test_impossible_weight_information_is_refused_clearly() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="cannot sum to one"):
        sample_weights(WeightInfo(intervals=((0.5, 0.6),) * 4), 4, 10, rng)
    with pytest.raises(ValueError, match="too narrow"):
        narrow = ((0.25, 0.2501), (0.25, 0.2501), (0.25, 0.2501), (0.0, 1.0))
        sample_weights(WeightInfo(intervals=narrow), 4, 10, rng)
    with pytest.raises(ValueError, match="not several"):
        WeightInfo(exact=(1, 1, 1, 1), rank=(1, 2, 3, 4))


def test_missing_value_is_full_uncertainty_not_zero() -> None:
    values = np.array([[10.0, 10.0], [5.0, 5.0], [0.0, 0.0]])
    scales = observed_scales(values, [True, True])
    low = values.copy()
    low[0, 1] = np.nan  # the best country lacks one value
    result = smaa2(
        Performance(low, low.copy()), scales, WeightInfo(), ["A", "B", "C"], ["x", "y"], 20_000
    )
    # As zero, A would lose whenever y weighs more than half; as a range it still mostly wins.
    assert 0.6 < result.acceptability[0, 0] < 0.95
    assert result.acceptability[2, 2] == pytest.approx(1.0)


def test_value_ranges_and_normal_cells_move_the_ranks() -> None:
    values = np.array([[10.0], [9.0]])
    scales = observed_scales(np.array([[0.0], [20.0]]), [True])
    ranged = smaa2(
        Performance(np.array([[6.0], [8.0]]), np.array([[14.0], [10.0]])),
        scales,
        WeightInfo(),
        ["A", "B"],
        ["x"],
        40_000,
    )
    # P(U(6,14) > U(8,10)) = E[(14 - B) / 8] with E[B] = 9, i.e. 5/8.
    assert ranged.acceptability[0, 0] == pytest.approx(0.5 + 1 / 8, abs=0.01)
    normal = smaa2(
        Performance(values, values.copy(), sd=np.array([[1.0], [0.0]])),
        scales,
        WeightInfo(),
        ["A", "B"],
        ["x"],
        40_000,
    )
    assert normal.acceptability[0, 0] == pytest.approx(0.8413, abs=0.01)  # P(Z > -1)


def test_too_many_countries_or_mismatched_sizes_are_refused() -> None:
    big = np.ones((257, 2))
    with pytest.raises(ValueError, match="at most 256"):
        smaa2(
            Performance.points(big),
            observed_scales(big, [True, True]),
            WeightInfo(),
            [str(i) for i in range(257)],
            ["x", "y"],
            10,
        )
    with pytest.raises(ValueError, match="do not match"):
        smaa2(Performance.points(VALUES), SCALES, WeightInfo(), NAMES[:3], CRITERIA, 10)
