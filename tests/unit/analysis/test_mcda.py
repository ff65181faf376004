"""Value model and TOPSIS: hand-computed cases and an independent implementation (pymcdm)."""

from __future__ import annotations

import numpy as np
import pytest

from partnerships.analysis.mcda import (
    MissingValuesError,
    Scale,
    observed_scales,
    ranks_from_scores,
    topsis,
    weighted_value,
)

COUNTRIES = ["MAR", "TUN", "NGA"]
CRITERIA = ["detections", "orders to leave", "cooperation gap"]
# detections (more = more priority), orders (more), gap (cost here: a smaller gap ranks higher)
VALUES = np.array([[100.0, 30.0, 0.2], [50.0, 10.0, 0.5], [0.0, 20.0, 0.8]])
BENEFIT = [True, True, False]


def test_weighted_value_matches_hand_computation() -> None:
    scales = observed_scales(VALUES, BENEFIT)
    result = weighted_value(VALUES, [0.5, 0.3, 0.2], scales, COUNTRIES, CRITERIA)
    # Partial values: MAR (1, 1, 1), TUN (0.5, 0, 0.5), NGA (0, 0.5, 0).
    assert result.scores == pytest.approx([1.0, 0.25 + 0.0 + 0.1, 0.15])
    assert result.ranks.tolist() == [1, 2, 3]
    assert result.contributions.sum(axis=1) == pytest.approx(result.scores)


def test_weighted_value_uses_a_pinned_scale_not_the_data() -> None:
    scales = [Scale(0, 200, True), Scale(0, 40, True), Scale(0, 1, False)]
    result = weighted_value(VALUES, [1, 1, 1], scales, COUNTRIES, CRITERIA)
    assert result.scores[0] == pytest.approx((0.5 + 0.75 + 0.8) / 3)


def test_weighted_value_agrees_with_pymcdm_wsm() -> None:
    from pymcdm.methods import WSM
    from pymcdm.normalizations import minmax_normalization

    rng = np.random.default_rng(11)
    values = rng.uniform(1, 100, size=(25, 6))
    benefit = [True, False, True, True, False, True]
    w = rng.dirichlet(np.ones(6))
    ours = weighted_value(
        values,
        w,
        observed_scales(values, benefit),
        list("abcdefghijklmnopqrstuvwxy"),
        list("123456"),
    )
    theirs = WSM(minmax_normalization)(values, w, np.where(benefit, 1, -1))
    assert ours.scores == pytest.approx(theirs)


def test_topsis_matches_hand_computation() -> None:
    values = np.array([[3.0, 4.0], [4.0, 3.0]])
    result = topsis(values, [0.5, 0.5], [True, True], ["A", "B"], ["x", "y"])
    # Symmetric alternatives: both equally close to the ideal.
    assert result.scores == pytest.approx([0.5, 0.5])
    assert result.ranks.tolist() == [1, 1]
    values = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    result = topsis(values, [0.75, 0.25], [True, True], ["A", "B", "C"], ["x", "y"])
    # Normalised: x = (1/√2, 0, 1/√2), y = (0, 1/√2, 1/√2); C is ideal, A is 0.25 off it.
    d_plus_a, d_minus_a = 0.25 / np.sqrt(2), 0.75 / np.sqrt(2)
    assert result.scores[0] == pytest.approx(d_minus_a / (d_plus_a + d_minus_a))
    assert result.scores[2] == pytest.approx(1.0)
    assert result.ranks.tolist() == [2, 3, 1]


def test_topsis_agrees_with_pymcdm_with_vector_normalisation() -> None:
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization

    rng = np.random.default_rng(5)
    values = rng.uniform(0.5, 50, size=(40, 7))
    benefit = [True, False, True, False, True, True, False]
    w = rng.dirichlet(np.ones(7))
    names = [str(i) for i in range(40)]
    ours = topsis(values, w, benefit, names, list("abcdefg"))
    theirs = TOPSIS(vector_normalization)(values, w, np.where(benefit, 1, -1))
    assert ours.scores == pytest.approx(theirs)


def test_topsis_contributions_sum_to_twice_closeness_minus_one() -> None:
    rng = np.random.default_rng(2)
    values = rng.uniform(1, 9, size=(12, 4))
    result = topsis(
        values, [4, 3, 2, 1], [True, False, True, True], list("abcdefghijkl"), list("wxyz")
    )
    assert result.contributions.sum(axis=1) == pytest.approx(2 * result.scores - 1)


def test_missing_values_are_refused_by_name() -> None:
    values = VALUES.copy()
    values[1, 2] = np.nan
    with pytest.raises(MissingValuesError, match="TUN/cooperation gap") as err:
        weighted_value(values, [1, 1, 1], observed_scales(values, BENEFIT), COUNTRIES, CRITERIA)
    assert err.value.cells == [("TUN", "cooperation gap")]
    with pytest.raises(MissingValuesError):
        topsis(values, [1, 1, 1], BENEFIT, COUNTRIES, CRITERIA)


def test_worst_policy_is_explicit_and_marked() -> None:
    values = VALUES.copy()
    values[0, 0] = np.nan
    scales = observed_scales(values, BENEFIT)
    result = weighted_value(values, [1, 0, 0], scales, COUNTRIES, CRITERIA, missing="worst")
    assert result.scores[0] == 0.0 and result.imputed[0, 0] and result.imputed.sum() == 1
    t = topsis(values, [1, 0, 0], BENEFIT, COUNTRIES, CRITERIA, missing="worst")
    assert t.imputed[0, 0] and t.scores[0] == pytest.approx(t.scores[2])


def test_invalid_weights_are_refused() -> None:
    scales = observed_scales(VALUES, BENEFIT)
    for weights in ([0, 0, 0], [1, -1, 1], [1, float("nan"), 1]):
        with pytest.raises(ValueError, match="weights"):
            weighted_value(VALUES, weights, scales, COUNTRIES, CRITERIA)


def test_ties_share_the_better_rank() -> None:
    assert ranks_from_scores(np.array([0.2, 0.9, 0.2, 0.5])).tolist() == [3, 1, 3, 2]
