"""The commitments tracker as a service, on in-memory repositories (no database).

tests/integration/services/test_commitments_tracker.py runs the same service on SQLite and
PostgreSQL with the real letters, the pages, the API and the CLI; here each rule is pinned
on its own: the state shown (overdue computed, never stored), which later letters are
proposed and in what order, what confirming and rejecting record, hand-entered
commitments, and that a refused change leaves nothing behind.
"""

from __future__ import annotations

from datetime import date

import pytest

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.domain.letter import LetterSummary
from partnerships.domain.tracker import TrackerRow
from partnerships.services import commitments
from support.fakes import FakeBase

ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
TODAY = date(2026, 12, 2)


def _letter(n: int, day: date, classification: str = "openbaar") -> LetterSummary:
    return LetterSummary(n, f"K-{n}", day, f"Brief {n}", "Tweede Kamer", "Ministerie van JenV",
                         None, f"brief-{n}.pdf", "pdf", classification, "letter")  # fmt: skip


def _promise(key: str, letter: int, due: date | None) -> TrackerRow:
    return TrackerRow(key, f"Ik zal uw Kamer informeren ({key}).", "promise", False, due, None,
                      "open", "Ministerie van JenV", "", None, 10, letter)  # fmt: skip


def _base() -> FakeBase:
    """Letter 1 promises twice (one overdue); letter 2 is later and cites it; letter 3 is
    later still, cites it and reports a fulfilment; letter 4 is older than the promise;
    letter 5 is confidential and holds a promise of its own."""
    base = FakeBase()
    c = base.commitments
    for n, day, level in ((1, date(2024, 1, 10), "openbaar"), (2, date(2024, 6, 1), "openbaar"),
                          (3, date(2025, 2, 1), "openbaar"), (4, date(2023, 1, 1), "openbaar"),
                          (5, date(2024, 3, 1), "vertrouwelijk")):  # fmt: skip
        c.letters_by_id[n] = _letter(n, day, level)
    c.extracted = [_promise("k-late", 1, date(2025, 1, 1)), _promise("k-later", 1, None),
                   _promise("k-secret", 5, date(2030, 1, 1))]  # fmt: skip
    c.candidates = {1: {2: [("letter", "")], 3: [("letter", ""), ("motion", "motie:becker")],
                        4: [("letter", "")]}}  # fmt: skip
    c.fulfilments = {3}
    return base


def test_overdue_is_computed_and_the_page_is_ordered_by_due_date() -> None:
    page = commitments.tracker_page(_base(), ANONYMOUS, TODAY)
    assert page.total == 2  # the confidential letter's promise is not the reader's
    assert [(i.key, i.status) for i in page.items] == [("k-late", "te laat"), ("k-later", "open")]
    assert page.items[0].letter is not None and page.items[0].letter.kenmerk == "K-1"
    late = commitments.tracker_page(_base(), ANALYST, TODAY, status="te laat")
    assert [i.key for i in late.items] == ["k-late"]
    assert commitments.tracker_page(_base(), ANALYST, TODAY).total == 3


def test_the_overview_counts_open_and_overdue_as_the_tracker_pages_do() -> None:
    base = _base()
    base.commitments.tracked["k-later"] = {  # one fulfilled: no longer open
        "due_date": None, "status": "vervuld", "responsible": "", "note": "", "text": "",
        "fulfilled_by": 3, "manual": False, "source_document_id": None}  # fmt: skip
    for reader in (ANONYMOUS, ANALYST):
        summary = commitments.open_commitments(base, reader, TODAY, limit=1)
        still_open = commitments.tracker_page(base, reader, TODAY, "openstaand", limit=1)
        late = commitments.tracker_page(base, reader, TODAY, "te laat", limit=0)
        assert (summary.open, summary.overdue) == (still_open.total, late.total)
        assert [i.key for i in summary.first] == [i.key for i in still_open.items]
        assert all(not i.proposals for i in summary.first)
    assert (summary.open, summary.overdue) == (2, 1)  # the analyst: k-late and k-secret


def test_later_letters_are_proposed_strongest_first_and_never_an_earlier_one() -> None:
    item = commitments.tracker_page(_base(), ANONYMOUS, TODAY).items[0]
    assert [p.letter.id for p in item.proposals] == [3, 2]  # three reasons before one
    assert item.proposals[0].reasons == (
        "verwijst naar de brief K-1", "gaat over dezelfde motie (becker)",
        "meldt dat een toezegging wordt vervuld")  # fmt: skip
    without = commitments.tracker_page(_base(), ANONYMOUS, TODAY, proposals=False).items[0]
    assert without.proposals == ()


def test_confirming_a_letter_fulfils_and_rejecting_one_hides_it() -> None:
    base = _base()
    done = commitments.update(base, ANALYST, "k-late", fulfilled_by=3)
    assert done.status == "vervuld" and done.fulfilled_by is not None
    assert done.fulfilled_by.id == 3 and done.proposals == ()  # a fulfilled one proposes none
    assert base.commitments.links[("k-late", 3)] == "bevestigd"
    assert [e.detail for e in base.audit.appended] == [{"status": "vervuld", "vervuldDoor": 3}]
    commitments.reject_proposal(base, ANALYST, "k-later", 3)
    later = commitments.find(base, ANONYMOUS, "k-later")
    assert later is not None and [p.letter.id for p in later.proposals] == [2]


def test_a_refused_change_records_nothing() -> None:
    base = _base()
    with pytest.raises(commitments.CommitmentError, match="needs the letter"):
        commitments.update(base, ANALYST, "k-late", "vervuld")
    with pytest.raises(commitments.CommitmentError, match="not in the base"):
        commitments.update(base, ANALYST, "k-late", fulfilled_by=99)
    with pytest.raises(commitments.CommitmentError, match="no commitment"):
        commitments.update(base, ANALYST, "k-secret-typo", "open")
    with pytest.raises(commitments.CommitmentError, match="no commitment"):
        commitments.update(base, UserContext("x", frozenset({"analyst"}), "openbaar"),
                           "k-secret", "open")  # above the analyst's clearance  # fmt: skip
    with pytest.raises(PermissionError):
        commitments.update(base, ANONYMOUS, "k-late", "vervallen")
    assert base.commitments.tracked == {} and base.commitments.links == {}
    assert base.audit.appended == []


def test_a_commitment_made_in_a_debate_is_tracked_like_the_others() -> None:
    base = _base()
    with pytest.raises(commitments.CommitmentError, match="responsible"):
        commitments.add_manual(base, ANALYST, "Kamer informeren", None, " ")
    with pytest.raises(commitments.CommitmentError, match="not in the base"):
        commitments.add_manual(base, ANALYST, "Kamer informeren", None, "SZW", 5_000)
    item = commitments.add_manual(
        base, ANALYST, " Kamer informeren over de pilot ", date(2026, 1, 1),
        " Ministerie van SZW ", None, "debat")  # fmt: skip
    assert (item.text, item.responsible, item.manual, item.status, item.letter) == (
        "Kamer informeren over de pilot",
        "Ministerie van SZW",
        True,
        "te laat",
        None,
    )
    assert item.key.startswith("hand-") and base.audit.appended[-1].detail == {"nieuw": True}
    assert commitments.tracker_page(base, ANONYMOUS, TODAY).total == 3
