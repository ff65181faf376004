"""The programme record's own rules: which suggestions a re-import replaces, how money is
split for the budget, and when an evaluation is overdue (constructed records)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from partnerships.domain.programmes import Programme, ProgrammeLink, ProgrammeShare

WHEN = datetime(2026, 3, 1, tzinfo=UTC)


def _link(scheme: str, code: int, status: str = "voorgesteld", score: float = 1.0) -> ProgrammeLink:
    return ProgrammeLink(scheme, code, status, score, "regel")


def test_new_suggestions_replace_open_ones_and_leave_peoples_decisions() -> None:
    p = Programme("X-1", "iati", "Terugkeer", classifications=[
        _link("ima", 1), _link("ima", 2), _link("gcm", 7, "afgewezen"),
        _link("gcm", 21, "bevestigd")])  # fmt: skip
    p.refresh_suggestions([_link("ima", 2, score=3.0), _link("gcm", 7, score=9.0),
                           _link("ima", 5)])  # fmt: skip
    state = {(c.scheme, c.code): (c.status, c.score) for c in p.classifications}
    assert state == {
        ("ima", 2): ("voorgesteld", 3.0),  # kept, rescored
        ("gcm", 7): ("afgewezen", 1.0),  # a rejection is not suggested again
        ("gcm", 21): ("bevestigd", 1.0),
        ("ima", 5): ("voorgesteld", 1.0),  # new
    }  # ("ima", 1) is no longer suggested: gone


def test_a_decision_on_a_link_the_rules_missed_adds_it() -> None:
    p = Programme("X-2", "handmatig", "Opvang")
    p.decide("gcm", 12, "bevestigd", "a.analist", WHEN)
    (link,) = p.classifications
    assert (link.status, link.decided_by, link.decided_at) == ("bevestigd", "a.analist", WHEN)
    assert p.confirmed("gcm") == [12] and p.confirmed("ima") == []


def test_money_is_split_by_percentages_confirmed_pillars_or_partners() -> None:
    p = Programme("X-3", "iati", "Grensbeheer",
                  countries=[ProgrammeShare("MAR", 60.0), ProgrammeShare("TUN", 30.0)],
                  details={"organisaties": [{"naam": "IOM", "rol": "implementing"},
                                            {"naam": "BZ", "rol": "funding"},
                                            {"naam": "UNHCR", "rol": "implementing"}]},
                  classifications=[_link("ima", 3, "bevestigd"), _link("ima", 1, "bevestigd"),
                                   _link("ima", 6)])  # fmt: skip
    by_country = dict(p.shares("country"))
    assert by_country == pytest.approx({"MAR": 0.6, "TUN": 0.3, "regionaal/overig": 0.1})
    assert p.shares("pillar") == [("1", 0.5), ("3", 0.5)]
    assert p.shares("partner") == [("IOM", 0.5), ("UNHCR", 0.5)]
    bare = Programme("X-4", "iati", "Onbekend")
    assert bare.shares("pillar") == [("niet ingedeeld", 1)]
    assert bare.shares("partner") == [("onbekend", 1)]


def test_an_evaluation_is_overdue_only_when_planned_passed_and_not_done() -> None:
    p = Programme("X-5", "iati", "Evaluatie", evaluation_due=date(2026, 1, 1))
    assert p.evaluation_overdue(date(2026, 1, 2))
    assert not p.evaluation_overdue(date(2026, 1, 1))
    p.evaluation_done = date(2026, 1, 5)
    assert not p.evaluation_overdue(date(2026, 2, 1))
