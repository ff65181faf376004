"""The Article 25a assessment graded by hand: thresholds, gaps, classification and trend."""

from __future__ import annotations

import pytest

from partnerships.analysis.return_cooperation import (
    RETURN_DECISIONS,
    ThresholdsError,
    assess,
    assessment_to_dict,
    default_thresholds,
    parse_thresholds,
)
from partnerships.domain.decisions import INSUFFICIENT, NOT_ASSESSABLE, PARTLY, SUFFICIENT

TH = default_thresholds()


def year(**values: float | None) -> dict[str, tuple[float | None, tuple[str, ...]]]:
    return {k: (v, (f"source of {k}",)) for k, v in values.items()}


def test_bundled_thresholds_cover_article_25a2_b_c_d() -> None:
    articles = {r.article for r in TH.rules}
    assert articles == {"25a(2)(b)", "25a(2)(c)", "25a(2)(d)(1)", "25a(2)(d)(2)",
                        "25a(2)(d)(3)", "25a(2)(d)(4)"}  # fmt: skip


def test_grades_and_mean_points_by_hand() -> None:
    # 60 % ≥ 50 → voldoende (2); 55 % in [50, 80) → deels (1); scores 4, 2, 3 → 2, 0, 1
    a = assess("MAR", "2020", {"2020": year(effective_return_rate=60, readmission_acceptance=55,
                                           samenwerking_identificatie=4,
                                           samenwerking_laissez_passer=2,
                                           samenwerking_terugname=3,
                                           return_decisions=20_000)}, TH)  # fmt: skip
    grades = {g.code: g.grade for g in a.grades}
    assert grades == {"effective_return_rate": SUFFICIENT, "readmission_acceptance": PARTLY,
                      "identification": SUFFICIENT, "laissez_passer": INSUFFICIENT,
                      "readmission": PARTLY, "return_flights": None,
                      "forced_return_rate": None, "identification_time": None}  # fmt: skip
    assert a.score == pytest.approx((2 + 1 + 2 + 0 + 1) / 5)  # 1.2 → deels voldoende
    assert a.classification == PARTLY
    assert set(a.gaps) == {
        "Acceptatie van terugkeervluchten en -operaties (art. 25a(2)(d)(4))",
        "Gedwongen terugkeer als aandeel van de terugkeerbesluiten (art. 25a(2)(b))",
        "Tijdigheid van identificatie (reactietijd) (art. 25a(2)(d)(1))",
    }
    assert any("60 %: voldoende (voldoende ≥ 50, deels ≥ 30)" in r for r in a.reasons)
    assert a.trend is None and a.previous is None


def test_thresholds_are_inclusive() -> None:
    a = assess("X", "2020", {"2020": year(effective_return_rate=50, readmission_acceptance=80,
                                         samenwerking_terugname=4)}, TH)  # fmt: skip
    assert a.classification == SUFFICIENT and a.score == 2


def test_gaps_are_never_grades() -> None:
    a = assess("SYR", "2016", {"2016": year(effective_return_rate=15.8, return_decisions=13380)},
               TH)  # fmt: skip
    assert a.classification == NOT_ASSESSABLE
    assert a.score is None
    assert len(a.gaps) == 7
    assert "1 van 8 indicatoren met gegevens" in a.reasons[0]


def test_forced_returns_timeliness_and_the_context_25a_names() -> None:
    """25a(2)(b) as written (forced returns ÷ return decisions), the timeliness of
    identification graded from the response time (fewer days is better), 25a(6) and
    25a(4) shown as context, never graded."""
    a = assess("MAR", "2024", {"2024": year(forced_return_rate=12.0,
                                           identificatie_reactietijd=45,
                                           betrekkingen_algemeen=4, melding_lidstaat=2,
                                           return_decisions=20_000)}, TH)  # fmt: skip
    grades = {g.code: g.grade for g in a.grades}
    assert grades["forced_return_rate"] == INSUFFICIENT  # 12 % < 15
    assert grades["identification_time"] == PARTLY  # 45 days: ≤ 60, not ≤ 30
    context = {g.code: (g.article, g.value, g.grade) for g in a.context}
    assert context["betrekkingen_algemeen"] == ("25a(6)", 4, None)
    assert context["melding_lidstaat"] == ("25a(4)", 2, None)


def test_insufficient_and_trend_against_the_year_before() -> None:
    by_year = {
        "2019": year(effective_return_rate=10, readmission_acceptance=20,
                     samenwerking_identificatie=1),
        "2020": year(effective_return_rate=55, readmission_acceptance=85,
                     samenwerking_identificatie=4),
    }  # fmt: skip
    before = assess("X", "2019", by_year, TH)
    assert before.classification == INSUFFICIENT and before.score == 0
    now = assess("X", "2020", by_year, TH)
    assert now.trend == "verbeterd"
    assert now.previous is not None and now.previous.classification == INSUFFICIENT
    by_year["2019"] = by_year["2020"]
    assert assess("X", "2020", by_year, TH).trend == "gelijk"


def test_small_caseload_is_noted_not_graded() -> None:
    a = assess("X", "2020", {"2020": year(return_decisions=120)}, TH)
    assert any("beperkte relevantie" in r for r in a.reasons)
    d = assessment_to_dict(a)
    assert d["context"][0]["waarde"] == 120 and d["context"][0]["oordeel"] is None


def test_missing_return_decisions_is_a_gap() -> None:
    a = assess("X", "2020", {"2020": year(samenwerking_terugname=5)}, TH)
    assert "Terugkeerbesluiten (art. 25a(2)(a))" in a.gaps
    assert RETURN_DECISIONS == "return_decisions"


def test_lower_is_better_rules_and_bad_threshold_files() -> None:
    text = """
[classification]
sufficient = 1.5
partly = 0.75
min_indicators = 1
trend_margin = 0.25
[indicator.response_days]
name_nl = "Reactietijd"
name_en = "Response time"
article = "25a(2)(d)(1)"
unit = "dagen"
source = "identificatie_reactietijd"
lower_is_better = true
sufficient = 30
partly = 60
"""
    th = parse_thresholds(text)
    grades = [assess("X", "2020", {"2020": year(identificatie_reactietijd=v)}, th).grades[0].grade
              for v in (20, 45, 90)]  # fmt: skip
    assert grades == [SUFFICIENT, PARTLY, INSUFFICIENT]
    with pytest.raises(ThresholdsError, match="stricter"):
        parse_thresholds(text.replace("sufficient = 30", "sufficient = 90"))
    with pytest.raises(ThresholdsError, match="missing field 'article'"):
        parse_thresholds(text.replace('article = "25a(2)(d)(1)"\n', ""))
    with pytest.raises(ThresholdsError, match="not valid TOML"):
        parse_thresholds("[classification")
