"""Decision support on a real base (SQLite and PostgreSQL) built from the bundled letters and
statistics: the ranking explains itself with sources, the what-if panel moves ranks, the
Article 25a assessment matches the statistics, decisions are versioned and shown by
clearance, and nothing is written when input is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from partnerships.analysis.criteria import criteria_to_toml, default_criteria_text, parse_criteria
from partnerships.domain.context import ANONYMOUS, LOCAL_USER, UserContext
from partnerships.domain.decisions import CriteriaError, DecisionError, DecisionRecord, Evidence
from partnerships.domain.risks import Risk, RiskError
from partnerships.services import decisions, prioritisation, return_cooperation, risks
from partnerships.services.indicators import (
    country_indicators,
    import_eurostat,
    import_frontex,
    import_table,
    nationality_detections,
)
from partnerships.services.knowledge_base import EU_MEMBERS, KnowledgeBase
from partnerships.settings import Settings
from partnerships.store.schema import CriteriaVersion, DecisionRow

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "examples" / "data"
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")


@pytest.fixture(scope="module")
def base(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[KnowledgeBase]:
    tmp = tmp_path_factory.mktemp("decisions")
    url = module_database_url
    kb = KnowledgeBase(Settings(database_url=url, data_dir=tmp, workers=1))
    kb.upgrade()
    assert not kb.ingest([REPO / "examples" / "letters"]).failed
    for name in ("migr_eiord", "migr_eirtn"):
        import_eurostat(kb, DATA / "eurostat" / f"{name}_by_citizenship_2017-export.csv")
    import_eurostat(kb, DATA / "eurostat" / "migr_asyappctza_sdmx.csv")
    import_frontex(kb, next((DATA / "frontex").glob("*.xlsx")))
    import_table(kb, DATA / "tables" / "analisten-voorbeeld.csv")
    yield kb
    kb.engine.dispose()


def _count(kb: KnowledgeBase, model: type) -> int:
    with kb.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_ranking_explains_every_country_with_its_sources(base: KnowledgeBase) -> None:
    r = prioritisation.rank(base, ANONYMOUS, samples=2000)
    rows = {row["code"]: row for row in r["landen"]}
    assert r["aantal"] == len(rows) > 100
    assert not set(rows) & (EU_MEMBERS | {"CHE", "NOR", "ISL", "LIE"})
    for row in r["landen"]:
        assert sum(b["bijdrage"] for b in row["bijdragen"]) == pytest.approx(row["score"], abs=2e-3)
        assert sum(g["aandeel"] for g in row["acceptatieGroepen"]) == pytest.approx(1.0, abs=1e-3)
        for b in row["bijdragen"]:
            assert (b["bron"] is None) == b["ontbreekt"] == (b["waarde"] is None)
    assert [row["rang"] for row in r["landen"]] == sorted(row["rang"] for row in r["landen"])
    mar = {b["criterium"]: b for b in rows["MAR"]["bijdragen"]}
    # the values are the indicators in the base, with their period
    detections = {
        y.year: y.detections for y in nationality_detections(base, LOCAL_USER, "MAR").per_year
    }
    # Moroccans detected: the origin criterion; the routes through Morocco: transit
    arrivals = mar["irregular_arrivals"]
    assert arrivals["waarde"] == detections["2024"] and arrivals["periode"] == "2024"
    from partnerships.services.routes import routes_overview

    volume = {r.route.id: r.per_year.get("2024", 0) for r in routes_overview(base, LOCAL_USER)}
    assert mar["transit"]["waarde"] == volume["WMR"] + volume["WAR"]
    assert "WMR" in mar["transit"]["bron"] and "(vertrek)" in mar["transit"]["bron"]
    stats = country_indicators(base, LOCAL_USER, "MAR")
    assert stats is not None
    y2016 = next(x for x in stats.series if x.year == "2016")
    assert y2016.orders and y2016.returned is not None
    assert mar["return_caseload"]["waarde"] == y2016.orders
    assert mar["cooperation_gap"]["waarde"] == pytest.approx(
        100 - 100 * y2016.returned / y2016.orders
    )
    assert mar["added_value"]["waarde"] == 3 and "analistentabel" in mar["added_value"]["bron"]
    assert mar["bilateral_perspective"]["waarde"] == 2  # post (1) + in negotiation (1)
    assert mar["trade"]["ontbreekt"] and rows["MAR"]["ontbrekend"] >= 1
    # reproducible for the same seed
    again = prioritisation.rank(base, ANONYMOUS, samples=2000)
    assert [x["acceptatie"] for x in again["landen"]] == [x["acceptatie"] for x in r["landen"]]


def test_what_if_weights_move_ranks_against_the_configured_ones(base: KnowledgeBase) -> None:
    base_rank = prioritisation.rank(base, ANONYMOUS, robustness=False)
    only_transit = {c["code"]: 0.0 for c in base_rank["criteria"]} | {"transit": 1.0}
    r = prioritisation.rank(base, ANONYMOUS, only_transit, robustness=False)
    top = r["landen"][0]
    best = max(r["landen"], key=lambda x: x["bijdragen"][1]["waarde"] or -1)
    assert top["code"] == best["code"]  # ranked on transit alone
    before = {x["code"]: x["rang"] for x in base_rank["landen"]}
    for row in r["landen"]:
        assert row["rangBasis"] == before[row["code"]]
        assert row["verschuiving"] == row["rangBasis"] - row["rang"]
    assert any(row["verschuiving"] for row in r["landen"])
    with pytest.raises(CriteriaError, match="unknown criteria"):
        prioritisation.rank(base, ANONYMOUS, {"colour": 1.0})


def test_the_refuse_policy_names_the_missing_cells(base: KnowledgeBase) -> None:
    cs = parse_criteria(default_criteria_text().replace('missing = "worst"', 'missing = "refuse"'))
    with pytest.raises(CriteriaError, match=r"missing value\(s\): .*/"):
        prioritisation.rank(base, ANONYMOUS, None, cs, robustness=False)


def test_criteria_versions_only_by_analysts_and_all_or_nothing(base: KnowledgeBase) -> None:
    before = _count(base, CriteriaVersion)
    with pytest.raises(PermissionError):
        prioritisation.save_criteria(base, ANONYMOUS, default_criteria_text())
    with pytest.raises(CriteriaError, match="unknown source"):
        prioritisation.save_criteria(
            base, ANALYST, default_criteria_text().replace("frontex.detections", "frontex.x")
        )
    assert _count(base, CriteriaVersion) == before
    cs = parse_criteria(default_criteria_text()).with_weights({"transit": 0.5})
    version = prioritisation.save_criteria(base, ANALYST, criteria_to_toml(cs), "transit first")
    current, number = prioritisation.current_criteria(base)
    assert number == version and current == cs
    assert prioritisation.rank(base, ANONYMOUS, robustness=False)["criteriaVersie"] == version
    history = prioritisation.criteria_history(base)
    assert history[0] == history[0] | {"versie": version, "auteur": "a.analist",
                                       "toelichting": "transit first"}  # fmt: skip
    # back to the default for the other tests
    prioritisation.save_criteria(base, ANALYST, default_criteria_text(), "default")


def test_return_assessment_matches_the_statistics(base: KnowledgeBase) -> None:
    a = return_cooperation.assessment(base, ANONYMOUS, "MAR")
    # 2024 has only the example table's response time: too little for a judgement, so the
    # default is the latest year that can be judged
    assert a is not None and a["jaar"] == "2016"
    assert a["jaren"] == ["2012", "2013", "2014", "2015", "2016", "2024"]
    stats = country_indicators(base, LOCAL_USER, "MAR")
    assert stats is not None
    rate = next(x for x in stats.series if x.year == "2016").rate
    grades = {g["code"]: g for g in a["indicatoren"]}
    assert grades["effective_return_rate"]["waarde"] == rate
    assert grades["readmission_acceptance"]["waarde"] == pytest.approx(100 * 250 / 420, abs=0.05)
    assert grades["return_flights"]["oordeel"] is None
    assert set(a["lacunes"]) == {
        "Acceptatie van terugkeervluchten en -operaties (art. 25a(2)(d)(4))",
        "Gedwongen terugkeer als aandeel van de terugkeerbesluiten (art. 25a(2)(b))",
        "Tijdigheid van identificatie (reactietijd) (art. 25a(2)(d)(1))",
    }
    assert a["oordeel"] == "deels voldoende" and a["trend"] == "verbeterd"
    options = {o["code"]: o for o in a["opties"]}
    assert options["readmission_agreement"]["optie"]  # agreement still in negotiation
    assert not options["dipl_visa_waiver"]["optie"]  # the EU has a mandate for Morocco
    assert not options["landing_rights"]["optie"]
    older = return_cooperation.assessment(base, ANONYMOUS, "MAR", "2015")
    assert older is not None and older["oordeel"] == "onvoldoende"
    syr = return_cooperation.assessment(base, ANONYMOUS, "SYR")
    assert syr is not None and syr["oordeel"] == "niet te beoordelen"
    assert return_cooperation.assessment(base, ANONYMOUS, "Atlantis") is None


def test_decisions_are_versioned_traceable_and_shown_by_clearance(base: KnowledgeBase) -> None:
    with base.session() as s:
        from partnerships.store.schema import Document

        doc_id = s.scalar(select(Document.id).limit(1))
    evidence = (Evidence("document", str(doc_id), "Kamerbrief"),
                Evidence("assessment", "2016", "art. 25a"))  # fmt: skip
    v1 = DecisionRecord("Tunisia", "Werkafspraken over terugkeer", ("working_arrangement",),
                        "Deels voldoende", "Handel en mensenrechten", evidence,
                        classification="openbaar")  # fmt: skip
    v2 = DecisionRecord("TUN", "Werkafspraken en herintegratie",
                        ("working_arrangement", "reintegration_support"), "Na dialoog",
                        "Ook klimaat", (Evidence("indicator", "migr_eiord", "Eurostat"),),
                        status="actief", classification="vertrouwelijk",
                        note="herintegratie toegevoegd")  # fmt: skip
    first = decisions.record_decision(base, ANALYST, v1)
    # do no harm first: no active decision without a current risk assessment
    with pytest.raises(DecisionError, match="do-no-harm assessment ontbreekt"):
        decisions.record_decision(base, ANALYST, v2)
    risks.record_risk(base, ANALYST, Risk(
        "TUN", "refoulement", "Doorgestuurd naar onveilige derde landen", 2, 5,
        "Monitoring via UNHCR", "DMM/RM", date.today() + timedelta(days=90)))  # fmt: skip
    second = decisions.record_decision(base, ANALYST, v2)
    assert (first.record.country, first.shown, second.shown) == ("TUN", 1, 2)
    assert second.record.author == "a.analist" and second.record.created_at
    history = decisions.decision_history(base, LOCAL_USER, "TUN")
    assert history is not None and [h.shown for h in history] == [2, 1]
    public = decisions.decision_history(base, ANONYMOUS, "TUN")
    assert public is not None and [h.shown for h in public] == [1]
    stored = _count(base, DecisionRow)
    refused = [
        DecisionRecord("TUN", "x", ("nope",), "y", "z"),
        DecisionRecord("TUN", "x", (), "y", "z", (Evidence("document", "999999", ""),)),
        DecisionRecord("TUN", "x", (), "y", "z", (Evidence("indicator", "unknown_set", ""),)),
        DecisionRecord("TUN", "x", (), "y", "z", (Evidence("ranking", "424242", ""),)),
        DecisionRecord("Atlantis", "x", (), "y", "z"),
    ]
    for record in refused:
        with pytest.raises(DecisionError):
            decisions.record_decision(base, ANALYST, record)
    with pytest.raises(PermissionError):
        decisions.record_decision(base, ANONYMOUS, DecisionRecord("TUN", "x", (), "y", "z"))
    reader = UserContext("lezer", frozenset({"analyst"}), "intern")
    with pytest.raises(PermissionError, match="above your own clearance"):
        decisions.record_decision(base, reader, DecisionRecord(
            "TUN", "x", (), "y", "z", classification="vertrouwelijk"))  # fmt: skip
    assert _count(base, DecisionRow) == stored
    assert ("TUN", 1) in decisions.decided_countries(base, ANONYMOUS)


def test_robustness_with_interval_weights_and_normal_values(base: KnowledgeBase) -> None:
    text = default_criteria_text().replace('weights = "rank"', 'weights = "intervals"')
    text = text.replace('unit = "detecties"\n', 'unit = "detecties"\nsd = 0.1\n')
    cs = parse_criteria(text)
    r = prioritisation.rank(base, ANONYMOUS, None, cs, samples=1000)
    assert r["robuustheid"]["gewichtsinformatie"] == "intervals"
    # criteria without values for most countries are left out; the others' intervals are
    # those of their weights renormalised without them
    used = r["robuustheid"]["criteria"]
    kept = prioritisation._without(cs, [cs.codes().index(c) for c in used])
    bounds = {c.code: (c.weight_low, c.weight_high) for c in kept.criteria}
    for row in r["landen"]:
        assert sum(g["aandeel"] for g in row["acceptatieGroepen"]) == pytest.approx(1.0, abs=1e-3)
        weights = row["centraleGewichten"]
        if weights is not None:  # central weights respect the intervals
            assert set(weights) == set(used)
            low, high = bounds["transit"]
            assert (low or 0) - 1e-9 <= weights["transit"] <= (high or 1) + 1e-9


def test_a_ranking_says_what_makes_it_less_certain(base: KnowledgeBase) -> None:
    """On the bundled data: criteria without values for (almost) any country are left out
    of the robustness analysis and named; example values of the analyst table are flagged
    where they count; a first place in few samples is called not robust."""
    r = prioritisation.rank(base, ANONYMOUS, samples=2000)
    warnings = " ".join(r["waarschuwingen"])
    for code in ("trade", "human_rights", "climate"):
        assert f"Criterium {code} heeft voor 0 van de" in warnings
        assert code not in r["robuustheid"]["criteria"]
    assert "voorbeeldwaarden (fictief)" in warnings
    examples = [b for row in r["landen"] for b in row["bijdragen"] if b["voorbeeld"]]
    assert examples and all(b["bron"].startswith("VOORBEELD") for b in examples)
    first = r["landen"][0]
    if first["acceptatie"][0] < 0.2:
        assert f"De eerste plaats is niet robuust: {first['naam']}" in warnings


def test_risk_register_versions_visibility_and_the_decision_gate(base: KnowledgeBase) -> None:
    soon = date.today() + timedelta(days=30)
    first = risks.record_risk(base, ANALYST, Risk(
        "Libya", "detentie", "Onderschepte migranten in detentiecentra", 4, 5,
        "Onafhankelijke monitoring", "DMM", soon, intended_effects="Minder verdrinkingen",
        unintended_effects="Meer detentie", classification="openbaar"))  # fmt: skip
    assert (first.risk.country, first.shown, first.risk.level) == ("LBY", 1, "hoog")
    revised = risks.record_risk(base, ANALYST, Risk(
        "LBY", "detentie", "Onderschepte migranten in detentiecentra", 3, 5,
        "Monitoring en voorwaarden in het contract", "DMM", soon, key=first.risk.key,
        classification="openbaar", note="kans lager na nieuwe afspraken"))  # fmt: skip
    assert revised.risk.key == first.risk.key and revised.shown == 2
    secret = risks.record_risk(base, ANALYST, Risk(
        "LBY", "mensenhandel", "Netwerken in kampen", 3, 4, "Opsporing", "NCTV", soon,
        classification="vertrouwelijk"))  # fmt: skip
    full = risks.country_risks(base, LOCAL_USER, "LBY")
    public = risks.country_risks(base, ANONYMOUS, "LBY")
    assert full is not None and public is not None
    assert {e.current.risk.key for e in full.entries} == {first.risk.key, secret.risk.key}
    assert [e.current.risk.key for e in public.entries] == [first.risk.key]
    assert [h.shown for h in public.entries[0].history] == [2, 1]
    assert full.state.state == "actueel" == public.state.state
    # past the review date: active decisions are refused until the risk is reviewed
    later = soon + timedelta(days=1)
    assert risks.risk_state(base, "LBY", later).state == "verlopen"
    with pytest.raises(RiskError, match="belongs to LBY"):
        risks.record_risk(base, ANALYST, Risk("TUN", "detentie", "x", 1, 1, "m", "o", soon,
                                             key=first.risk.key))  # fmt: skip
    with pytest.raises(RiskError, match="no risk entry"):
        risks.record_risk(base, ANALYST, Risk("LBY", "detentie", "x", 1, 1, "m", "o", soon,
                                             key="unknown"))  # fmt: skip
    with pytest.raises(PermissionError):
        risks.record_risk(base, ANONYMOUS, Risk("LBY", "detentie", "x", 1, 1, "m", "o", soon))
    lapsed = Risk("EGY", "discriminatie", "x", 2, 2, "m", "o", date.today() - timedelta(days=1))
    risks.record_risk(base, ANALYST, lapsed)
    active = DecisionRecord("EGY", "Actief besluit", (), "r", "w", status="actief")
    with pytest.raises(DecisionError, match="verlopen"):
        decisions.record_decision(base, ANALYST, active)


def test_the_warm_up_prepares_the_ranking_for_every_reader(
    base: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server computes the ranking's values and robustness at start (one second alone,
    thirty and more when fifty readers ask at once); readers who see the same releases
    share one computation of the values."""
    from partnerships.domain.context import CLEARANCES
    from partnerships.services import criterion_values

    prioritisation.clear_robustness_cache()
    computed: list[tuple[str, ...]] = []
    real = criterion_values._source_values

    def counted(kb: KnowledgeBase, sources: object, levels: list[str]) -> object:
        computed.append(tuple(levels))
        return real(kb, sources, levels)  # type: ignore[arg-type]

    monkeypatch.setattr(criterion_values, "_source_values", counted)
    prioritisation.warm_up(base)
    seen = {
        criterion_values.data_key(base, UserContext("x", clearance=c).levels()) for c in CLEARANCES
    }
    assert len(computed) == len(seen)

    def refused(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("computed again after the warm-up")

    monkeypatch.setattr(criterion_values, "_source_values", refused)
    monkeypatch.setattr(prioritisation, "smaa2", refused)
    for reader in (ANONYMOUS, ANALYST):
        for lang in ("nl", "en"):
            r = prioritisation.rank(base, reader, lang=lang)
            assert r["landen"] and "robuustheid" in r
