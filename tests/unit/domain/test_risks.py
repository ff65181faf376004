"""Do-no-harm entries: what must be filled in, the risk matrix, and when an assessment is
current enough for an active decision."""

from __future__ import annotations

from datetime import date

import pytest

from partnerships.domain.risks import Risk, RiskError, assessment_state

CLEARANCES = ("openbaar", "intern", "vertrouwelijk")
TODAY = date(2026, 11, 22)


def risk(**kw: object) -> Risk:
    base: dict[str, object] = {
        "country": "LBY", "category": "detentie", "likelihood": 4, "impact": 5,
        "description": "Teruggestuurde migranten belanden in detentiecentra",
        "mitigation": "Onafhankelijke monitoring door UNHCR", "owner": "DMM",
        "review_date": date(2027, 3, 1),
    }  # fmt: skip
    base.update(kw)
    return Risk(**base)  # type: ignore[arg-type]


def test_matrix_levels() -> None:
    assert (risk().score, risk().level) == (20, "hoog")
    assert risk(likelihood=2, impact=3).level == "middel"
    assert risk(likelihood=1, impact=5).level == "laag"
    assert risk(likelihood=3, impact=5).level == "hoog"


def test_validation_names_every_problem() -> None:
    risk().validate(CLEARANCES, {"return_hub"})
    bad = risk(category="weer", description=" ", likelihood=0, impact=6, mitigation="",
               owner="", status="half", classification="geheim", instrument="raket")  # fmt: skip
    with pytest.raises(RiskError) as err:
        bad.validate(CLEARANCES, {"return_hub"})
    for part in ("category must be one of", "description is empty", "likelihood must be 1…5",
                 "impact must be 1…5", "mitigation is empty", "owner is empty",
                 "status must be one of", "classification must be one of",
                 "unknown instrument 'raket'"):  # fmt: skip
        assert part in str(err.value)


def test_assessment_state_missing_lapsed_current() -> None:
    assert assessment_state([], TODAY).state == "ontbreekt"
    lapsed = assessment_state([risk(), risk(review_date=date(2026, 10, 1))], TODAY)
    assert lapsed.state == "verlopen" and "2026-10-01" in lapsed.reason and not lapsed.current
    current = assessment_state([risk(), risk(review_date=date(2027, 1, 1))], TODAY)
    assert current.current and current.next_review == date(2027, 1, 1)
    closed = assessment_state([risk(status="gesloten", review_date=date(2020, 1, 1))], TODAY)
    assert closed.current and closed.reason == "alle risico's gesloten"
    assert assessment_state([risk(review_date=TODAY)], TODAY).current  # due today is not late
