"""The risk register's rules as a service, on in-memory repositories (no database).

The same service runs on SQLite and PostgreSQL in
tests/integration/services/test_decision_support.py; here each rule is pinned on its own:
numbering among visible versions, refusals that change nothing, the audit of every change and
of every confidential read.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden
from partnerships.domain.risks import Risk, RiskError
from partnerships.services import risks
from partnerships.services.reports import sources
from support.fakes import FakeBase

TOP = UserContext("a.top", frozenset({"analyst"}), "vertrouwelijk")
OPEN = UserContext("a.open", frozenset({"analyst"}), "openbaar")
READER = UserContext("lezer", frozenset(), "vertrouwelijk")
SOON = date(2030, 1, 1)


def _risk(country: str = "Morocco", **change: object) -> Risk:
    fields: dict[str, object] = {
        "country": country, "category": "refoulement", "description": " Doorzending ",
        "likelihood": 2, "impact": 4, "mitigation": "Monitoring", "owner": "DMM",
        "review_date": SOON, "classification": "openbaar",
    }  # fmt: skip
    return Risk(**(fields | change))  # type: ignore[arg-type]


def test_versions_are_appended_under_one_key_and_each_change_is_audited() -> None:
    base = FakeBase()
    first = risks.record_risk(base, TOP, _risk())
    second = risks.record_risk(base, TOP, _risk(key=first.risk.key, likelihood=1, note="lager"))
    assert (first.risk.country, first.risk.description, first.shown) == ("MAR", "Doorzending", 1)
    assert (second.risk.key, second.risk.version, second.shown) == (first.risk.key, 2, 2)
    assert second.risk.author == "a.top" and second.risk.level == "laag"
    assert [(e.action, e.target) for e in base.audit.appended] == [
        ("edit", f"risk:{first.risk.key}:1"),
        ("edit", f"risk:{first.risk.key}:2"),
    ]


def test_a_version_above_the_reader_is_neither_shown_nor_counted_nor_cited() -> None:
    base = FakeBase()
    hidden = risks.record_risk(base, TOP, _risk(classification="vertrouwelijk", owner="Geheim"))
    risks.record_risk(base, TOP, _risk(key=hidden.risk.key, owner="DMM"))
    register = risks.country_risks(base, OPEN, "MAR")
    assert register is not None
    (entry,) = register.entries
    assert (entry.current.shown, entry.current.risk.version) == (1, 2)
    assert [v.shown for v in entry.history] == [1]
    # the footnote names the stored version, its text the number the reader sees, and the
    # owner of the visible version (not of the confidential one before it)
    source = sources.risk(entry.current)
    assert source.ref == f"risk:{hidden.risk.key}:2"
    assert "versie 1," in source.label and "DMM" in source.label and "Geheim" not in source.label


def test_refusals_change_nothing() -> None:
    base = FakeBase()
    kept = risks.record_risk(base, TOP, _risk())
    secret = risks.record_risk(base, TOP, _risk(classification="vertrouwelijk"))
    before = (list(base.risks.rows), list(base.audit.appended))
    with pytest.raises(RiskError, match="belongs to MAR"):
        risks.record_risk(base, TOP, _risk("Tunisia", key=kept.risk.key))
    with pytest.raises(RiskError, match="no risk entry") as unknown:
        risks.record_risk(base, OPEN, _risk(key="0" * 32))
    with pytest.raises(RiskError) as hidden:  # answered exactly like an unknown key
        risks.record_risk(base, OPEN, _risk(key=secret.risk.key))
    assert str(hidden.value) == str(unknown.value).replace("0" * 32, secret.risk.key)
    with pytest.raises(Forbidden):
        risks.record_risk(base, READER, _risk())
    with pytest.raises(Forbidden):
        risks.record_risk(base, OPEN, _risk(classification="intern"))
    with pytest.raises(RiskError, match="not a country"):
        risks.record_risk(base, TOP, _risk("Atlantis"))
    assert (base.risks.rows, base.audit.appended) == before


def test_the_assessment_counts_every_entry_and_confidential_reads_are_audited() -> None:
    base = FakeBase()
    assert risks.risk_state(base, "MAR").state == "ontbreekt"
    risks.record_risk(base, TOP, _risk(classification="vertrouwelijk", review_date=SOON))
    public = risks.country_risks(base, OPEN, "MAR")
    assert public is not None and public.entries == ()
    assert public.state.state == "actueel"  # the hidden entry still makes it current
    assert [e.action for e in base.audit.appended] == ["edit"]  # nothing confidential was read
    full = risks.country_risks(base, TOP, "MAR")
    assert full is not None and len(full.entries) == 1
    assert base.audit.appended[-1].action == "view_confidential"
    assert base.audit.appended[-1].detail == {"sleutels": [full.entries[0].current.risk.key]}
    assert risks.risk_state(base, "MAR", SOON + timedelta(days=1)).state == "verlopen"
    assert risks.country_risks(base, TOP, "Atlantis") is None
