"""Measure options follow the assessment and the legal conditions, and always say why."""

from __future__ import annotations

from partnerships.analysis.measures import catalogue, options
from partnerships.analysis.return_cooperation import assess, default_thresholds
from partnerships.domain.decisions import DecisionError, DecisionRecord, Evidence

TH = default_thresholds()


def _assessment(**scores: float) -> object:
    data = {k: (v, ()) for k, v in scores.items()}
    return assess("X", "2020", {"2020": data}, TH)


def _chosen(a: object, facts: dict[str, str | None]) -> dict[str, str]:
    return {o.measure.code: o.reason for o in options(a, facts) if o.suggested}  # type: ignore[arg-type]


BAD = {"effective_return_rate": 5.0, "readmission_acceptance": 10.0,
       "samenwerking_identificatie": 1.0}  # fmt: skip
GOOD = {"effective_return_rate": 80.0, "readmission_acceptance": 95.0,
        "samenwerking_identificatie": 5.0}  # fmt: skip


def test_catalogue_has_legal_frame_for_every_instrument() -> None:
    measures, general = catalogue()
    codes = {m.code for m in measures}
    assert {"eu_25a5a", "eu_25a5b", "eu_25a8", "dipl_visa_waiver", "oda_package",
            "gsp_conditionality", "working_arrangement", "readmission_agreement",
            "legal_migration_pilot", "reintegration_support", "return_hub",
            "landing_rights"} <= codes  # fmt: skip
    for m in measures:
        assert m.legal_basis and m.limits and m.level in ("NL", "Benelux", "EU")
        assert m.direction in ("positief", "negatief", "positief/negatief")
    assert len(general) >= 4 and any("mensenrechten" in g.lower() for g in general)


def test_insufficient_cooperation_opens_negative_eu_measures_but_not_25a5b_at_once() -> None:
    chosen = _chosen(_assessment(**BAD), {"eu_mandaat": "nee", "terugnameovereenkomst": "geen"})
    assert "eu_25a5a" in chosen and "gsp_conditionality" in chosen
    assert "dipl_visa_waiver" in chosen and "readmission_agreement" in chosen
    assert "eu_25a5b" not in chosen  # only when it stays insufficient
    assert "eu_25a8" not in chosen
    bad = {k: (v, ()) for k, v in BAD.items()}
    persistent = assess("X", "2020", {"2019": bad, "2020": bad}, TH)
    assert "eu_25a5b" in _chosen(persistent, {})


def test_good_cooperation_opens_positive_measures() -> None:
    chosen = _chosen(_assessment(**GOOD), {})
    assert "eu_25a8" in chosen and "legal_migration_pilot" in chosen
    assert "eu_25a5a" not in chosen


def test_conditions_from_the_analyst_table() -> None:
    a = _assessment(**BAD)
    everything = {
        o.measure.code: o
        for o in options(
            a,
            {
                "eu_mandaat": "ja",  # type: ignore[arg-type]
                "terugnameovereenkomst": "in werking",
            },
        )
    }
    assert not everything["dipl_visa_waiver"].suggested
    assert "eu_mandaat = ja" in everything["dipl_visa_waiver"].reason
    assert not everything["readmission_agreement"].suggested
    unknown = _chosen(a, {"eu_mandaat": None})
    assert "controleer eerst: eu_mandaat" in unknown["dipl_visa_waiver"]


def test_landing_rights_are_listed_but_never_an_option() -> None:
    for a in (_assessment(**BAD), _assessment(**GOOD)):
        lr = next(o for o in options(a, {}) if o.measure.code == "landing_rights")  # type: ignore[arg-type]
        assert not lr.suggested and "luchtvaartverdragen" in lr.reason


def test_decision_records_refuse_empty_reasons_and_unknown_instruments() -> None:
    ok = DecisionRecord("MAR", "Title", ("oda_package",), "why", "weighed",
                        (Evidence("document", "3", "letter"),))  # fmt: skip
    ok.validate({"oda_package"}, ("openbaar", "intern", "vertrouwelijk"))
    bad = DecisionRecord("MAR", " ", ("nope",), "", "", (Evidence("rumour", "", ""),),
                         status="final", classification="geheim")  # fmt: skip
    try:
        bad.validate({"oda_package"}, ("openbaar", "intern", "vertrouwelijk"))
    except DecisionError as exc:
        text = str(exc)
    else:  # pragma: no cover
        raise AssertionError("accepted")
    for part in ("title is empty", "rationale", "weighed", "unknown instruments ['nope']",
                 "status must be", "classification must be", "evidence kind 'rumour'",
                 "evidence without a reference"):  # fmt: skip
        assert part in text
