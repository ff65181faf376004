"""Decision records as a service, on in-memory repositories (no database).

The same service runs on SQLite and PostgreSQL in
tests/integration/services/test_decision_support.py and test_security_fixes.py; here each
rule is pinned on its own.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnerships.domain.context import UserContext
from partnerships.domain.decisions import DecisionError, DecisionRecord, Evidence
from partnerships.domain.errors import Forbidden
from partnerships.domain.risks import Risk
from partnerships.services import decisions, risks
from partnerships.services.reports import sources
from support.fakes import FakeBase

TOP = UserContext("a.top", frozenset({"analyst"}), "vertrouwelijk")
OPEN = UserContext("a.open", frozenset({"analyst"}), "openbaar")


def _decision(title: str, level: str = "openbaar", **change: object) -> DecisionRecord:
    fields: dict[str, object] = {
        "country": "Morocco",
        "title": title,
        "instruments": (),
        "rationale": "r",
        "weighed": "w",
        "classification": level,
    }
    return DecisionRecord(**(fields | change))  # type: ignore[arg-type]


def test_versions_are_numbered_among_what_the_reader_sees_and_cited_as_stored() -> None:
    base = FakeBase()
    decisions.record_decision(base, TOP, _decision("open 1"))
    decisions.record_decision(base, TOP, _decision("geheim", "vertrouwelijk"))
    decisions.record_decision(base, TOP, _decision("open 3"))
    seen = decisions.decision_history(base, OPEN, "MAR") or []
    assert [(v.record.title, v.shown, v.record.version) for v in seen] == [
        ("open 3", 2, 3), ("open 1", 1, 1)]  # fmt: skip
    footnote = sources.decision(seen[0])
    assert footnote.ref == "decision:MAR:3" and "versie 2 (concept)" in footnote.label
    assert decisions.decided_countries(base, OPEN) == [("MAR", 3)]
    # the confidential read is audited, the public one is not
    actions = [e.action for e in base.audit.appended]
    assert actions == ["decision"] * 3
    decisions.decision_history(base, TOP, "MAR")
    assert base.audit.appended[-1].action == "view_confidential"
    assert base.audit.appended[-1].detail == {"versies": [2]}


def test_a_decision_hidden_from_the_author_is_not_superseded() -> None:
    base = FakeBase()
    decisions.record_decision(base, TOP, _decision("geheim", "vertrouwelijk"))
    with pytest.raises(DecisionError, match="with your clearance"):
        decisions.record_decision(base, OPEN, _decision("open"))
    assert len(base.decisions.rows) == 1 and len(base.audit.appended) == 1


def test_evidence_must_exist_and_every_problem_is_named_at_once() -> None:
    base = FakeBase()
    base.evidence.documents.add(12)
    base.evidence.datasets.add("migr_eiord")
    evidence = (Evidence("document", "12", "Kamerbrief"), Evidence("indicator", "migr_eiord", ""))
    stored = decisions.record_decision(base, TOP, _decision("goed", evidence=evidence))
    assert stored.record.evidence == evidence
    wrong = (Evidence("document", "13", ""), Evidence("indicator", "migr_x:2016", ""),
             Evidence("ranking", "4", ""), Evidence("assessment", "16", ""))  # fmt: skip
    with pytest.raises(DecisionError) as refused:
        decisions.record_decision(base, TOP, _decision("fout", evidence=wrong))
    said = str(refused.value)
    for part in ("'13'", "'migr_x'", "criteria version 4", "'16'"):
        assert part in said
    assert len(base.decisions.rows) == 1  # nothing of the refused version stored


def test_an_active_decision_needs_a_current_do_no_harm_assessment() -> None:
    base = FakeBase()
    active = _decision("actief", status="actief", instruments=("working_arrangement",))
    with pytest.raises(DecisionError, match="do-no-harm assessment ontbreekt"):
        decisions.record_decision(base, TOP, active)
    lapsed = date.today() - timedelta(days=1)
    old = risks.record_risk(base, TOP, Risk("MAR", "detentie", "d", 2, 2, "m", "o", lapsed))
    with pytest.raises(DecisionError, match="verlopen"):
        decisions.record_decision(base, TOP, active)
    risks.record_risk(base, TOP, Risk("MAR", "detentie", "d", 2, 2, "m", "o",
                                      date.today() + timedelta(days=30),
                                      key=old.risk.key))  # fmt: skip
    made = decisions.record_decision(base, TOP, active)
    assert [(i.code, i.name_nl) for i in made.instruments] == [
        ("working_arrangement", made.instruments[0].name_nl)]  # fmt: skip
    assert made.instruments[0].name_nl != "working_arrangement"  # named from the catalogue


def test_readers_and_unknown_countries_are_refused() -> None:
    base = FakeBase()
    with pytest.raises(Forbidden):
        decisions.record_decision(base, UserContext("lezer"), _decision("x"))
    with pytest.raises(Forbidden, match="above your own clearance"):
        decisions.record_decision(base, OPEN, _decision("x", "vertrouwelijk"))
    with pytest.raises(DecisionError, match="not a country"):
        decisions.record_decision(base, TOP, _decision("x", country="Atlantis"))
    assert decisions.decision_history(base, TOP, "Atlantis") is None
    assert base.decisions.rows == [] and base.audit.appended == []
