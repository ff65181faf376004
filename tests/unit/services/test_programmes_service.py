"""The programme portfolio's rules as a service, on in-memory repositories (no database).

The IATI file is the real one bundled with the demo (examples/data/iati, 73 activities of
the Ministry of Foreign Affairs); the same service runs on SQLite and PostgreSQL in
tests/integration/services/test_programmes.py. Here each rule is pinned on its own: what a
re-import keeps, all-or-nothing imports, one refusal for missing and hidden programmes,
and the audit of every change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.domain.errors import Forbidden
from partnerships.ingest.errors import ImportProblem
from partnerships.services import programmes
from support.fakes import FakeBase

REPO = Path(__file__).resolve().parents[3]
IATI = next((REPO / "examples" / "data" / "iati").glob("*.xml"))
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
OPEN_ANALYST = UserContext("a.open", frozenset({"analyst"}), "openbaar")
NIGERIA = "XM-DAC-7-PPR-4000003866"


def _imported() -> FakeBase:
    base = FakeBase()
    result = programmes.import_iati(base, IATI)
    assert (result.status, result.new, result.updated) == ("imported", 73, 0)
    return base


def _id(base: FakeBase, identifier: str) -> int:
    found = base.programmes.by_identifier(identifier)
    assert found is not None and found.id is not None
    return found.id


def test_a_reimport_refreshes_the_activity_and_keeps_what_people_decided(tmp_path: Path) -> None:
    base = _imported()
    pid = _id(base, NIGERIA)
    before = base.programmes.by_identifier(NIGERIA)
    assert before is not None
    suggested = {(c.scheme, c.code) for c in before.classifications}
    assert ("gcm", 7) in suggested
    programmes.classify(base, ANALYST, pid, "ima", 2, "bevestigd")
    programmes.classify(base, ANALYST, pid, "gcm", 7, "afgewezen")
    programmes.set_monitoring(base, ANALYST, pid, None, None, "negatieve bijeffecten",
                              "verdringing lokale hulp", "partners bijgestuurd")  # fmt: skip
    newer = tmp_path / "newer.xml"
    newer.write_text(IATI.read_text("utf-8").replace(
        "4-1165_DRA_JR_Nigeria COVID-19", "DRA Nigeria COVID-19 (herzien)"), "utf-8")  # fmt: skip
    again = programmes.import_iati(base, newer)
    assert (again.status, again.new, again.updated) == ("imported", 0, 73)
    after = base.programmes.by_identifier(NIGERIA)
    assert after is not None and after.title == "DRA Nigeria COVID-19 (herzien)"
    assert len(after.money) == len(before.money)  # replaced, not doubled
    link = after.link("gcm", 7)
    assert link is not None and (link.status, link.decided_by) == ("afgewezen", "a.analist")
    assert after.confirmed("ima") == [2]
    assert (after.flag, after.adaptive_action) == ("negatieve bijeffecten", "partners bijgestuurd")
    # every change and both imports are in the trail, each naming its programme or file
    assert [(e.action, e.target) for e in base.audit.appended] == [
        ("import", f"iati:{IATI.name}"),
        ("edit", f"programme:{NIGERIA}"),
        ("edit", f"programme:{NIGERIA}"),
        ("edit", f"programme:{NIGERIA}"),
        ("import", "iati:newer.xml"),
    ]


def test_the_same_file_is_unchanged_under_the_same_publisher_and_read_again_under_another() -> None:
    base = _imported()
    assert programmes.import_iati(base, IATI).status == "unchanged"
    assert len(base.audit.appended) == 1
    everyone = programmes.import_iati(base, IATI, reporting_org="")
    assert (everyone.status, everyone.new, everyone.updated) == ("imported", 27, 73)
    (record,) = base.programmes.imports
    assert record.filters == {"XM-DAC-7", "*"} and record.activities == 100
    assert programmes.import_iati(base, IATI, reporting_org="").status == "unchanged"


def test_an_import_that_fails_on_one_activity_stores_none_of_the_file() -> None:
    base = FakeBase()
    programmes.add_manual(base, ANALYST, {"identifier": NIGERIA, "title": "Met de hand"})
    with pytest.raises(ImportProblem, match="a programme entered by hand has this identifier"):
        programmes.import_iati(base, IATI)
    assert [p.identifier for p in base.programmes.rows] == [NIGERIA]
    assert base.programmes.imports == []
    assert [e.action for e in base.audit.appended] == ["edit"]  # the manual entry only


def test_a_hidden_programme_is_refused_as_if_it_did_not_exist() -> None:
    base = FakeBase()
    secret = programmes.add_manual(base, ANALYST, {
        "identifier": "NL-TF-GEHEIM", "title": "Vertrouwelijk programma", "countries": ["MAR"],
        "budgets": {"2026": 500_000}, "classification": "vertrouwelijk"})  # fmt: skip
    assert programmes.list_programmes(base, OPEN_ANALYST) == []
    assert programmes.programme(base, OPEN_ANALYST, secret.programme.id) is None
    refusals = []
    for pid in (secret.programme.id, 999):
        with pytest.raises(programmes.ProgrammeError) as caught:
            programmes.classify(base, OPEN_ANALYST, pid, "ima", 1, "bevestigd")
        refusals.append(str(caught.value).replace(str(pid), "N"))
    assert refusals[0] == refusals[1]
    assert programmes.budget(base, OPEN_ANALYST).totals == []
    assert programmes.budget(base, ANALYST).totals[0].budgeted == 500_000


def test_refusals_change_nothing_and_are_named() -> None:
    base = FakeBase()
    created = programmes.add_manual(base, ANALYST, {
        "identifier": "NL-TF-1", "title": "Herintegratie", "countries": ["Morocco"],
        "budgets": {"2026": 1_000_000}})  # fmt: skip
    state = (list(base.programmes.rows), list(base.audit.appended))
    with pytest.raises(Forbidden):
        programmes.add_manual(base, ANONYMOUS, {"identifier": "x", "title": "x"})
    with pytest.raises(programmes.ProgrammeError, match="already exists"):
        programmes.add_manual(base, ANALYST, {"identifier": "NL-TF-1", "title": "x"})
    with pytest.raises(programmes.ProgrammeError, match="not a country: 'Atlantis'"):
        programmes.add_manual(base, ANALYST, {"identifier": "y", "title": "y",
                                              "countries": ["Atlantis"]})  # fmt: skip
    with pytest.raises(programmes.ProgrammeError, match="needs the adaptive action"):
        programmes.set_monitoring(base, ANALYST, created.programme.id or 0, None, None,
                                  "contraproductief", "x", " ")  # fmt: skip
    with pytest.raises(Forbidden, match="your clearance does not reach"):
        programmes.set_programme_classification(base, OPEN_ANALYST, "NL-TF-1", "vertrouwelijk")
    assert (base.programmes.rows, base.audit.appended) == state


def test_a_reclassified_programme_is_audited_with_both_levels_and_hidden_from_lower_readers() -> (
    None
):
    base = FakeBase()
    programmes.add_manual(base, ANALYST, {"identifier": "NL-TF-2", "title": "Grensbeheer"})
    assert programmes.set_programme_classification(base, ANALYST, "NL-TF-2", "intern") == "openbaar"
    assert programmes.set_programme_classification(base, ANALYST, "NL-TF-2", "intern") == "intern"
    assert base.audit.appended[-1].detail == {"classification": ["openbaar", "intern"]}
    assert len(base.audit.appended) == 2  # the second call changed nothing
    assert programmes.list_programmes(base, ANONYMOUS) == []


def test_results_are_read_against_their_targets_without_changing_what_is_stored() -> None:
    base = FakeBase()
    created = programmes.add_manual(base, ANALYST, {"identifier": "NL-TF-3", "title": "Opvang"})
    stored = base.programmes.rows[0]
    # constructed: the bundled IATI file reports no results, so one is written here in the
    # shape ingest/iati.py gives them (a target, an actual, and a period without a target)
    periods = [
        {"van": "2025-01-01", "tot": "2025-12-31", "doel": 400, "werkelijk": 300},
        {"van": "2026-01-01", "tot": "2026-12-31", "doel": None, "werkelijk": 50},
    ]
    indicator = {"titel": "plaatsen", "perioden": periods}
    stored.details["resultaten"] = [
        {"soort": "output", "titel": "Opvangplaatsen", "indicatoren": [indicator]}
    ]
    before = repr(stored.details)
    detail = programmes.programme(base, ANONYMOUS, created.programme.id)
    assert detail is not None
    (result,) = detail.results
    assert [p["bereikt"] for p in result["indicatoren"][0]["perioden"]] == [75.0, None]
    behind = programmes.monitoring(base, ANONYMOUS).behind
    assert [(b.indicator, b.reached, b.programme_id) for b in behind] == [
        ("plaatsen", 75.0, created.programme.id)
    ]
    assert repr(stored.details) == before
