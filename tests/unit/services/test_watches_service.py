"""Watches as a service, on in-memory repositories (no database).

tests/integration/services/test_watches.py runs the same service on SQLite and PostgreSQL
with real letters, the web pages and the mail digest; here each rule is pinned on its own.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.domain.tokens import TokenOwner
from partnerships.domain.watches import DueCommitment, WatchedLetter, WatchError
from partnerships.services import watches
from support.fakes import FakeBase

OWNER = UserContext("a.analist", frozenset({"analyst"}), "intern")
OTHER = UserContext("b.analist", frozenset({"analyst"}), "intern")
ADMIN = UserContext("beheer", frozenset({"admin"}), "openbaar")


def _letter(n: int, when: datetime) -> WatchedLetter:
    return WatchedLetter(n, f"Brief {n}", f"brief-{n}.pdf", when, "Ministerie van BZ",
                         f"BZ-{n}", when.date())  # fmt: skip


def _base() -> FakeBase:
    base = FakeBase()
    base.directory.countries = {"marokko": "MAR", "mar": "MAR"}
    return base


def test_a_watch_is_kept_with_its_token_and_its_making_audited_without_its_words() -> None:
    base = _base()
    watch, token = watches.create(base, OWNER, "", "country", "Marokko", " a@example.org ")
    assert (watch.query, watch.name, watch.email) == ("MAR", "country: MAR", "a@example.org")
    assert token not in repr(base.watches.rows)  # only its digest is kept
    (entry,) = base.audit.appended
    assert entry.action == "edit" and entry.detail == {"handeling": "aangemaakt",
                                                       "soort": "country"}  # fmt: skip
    with pytest.raises(WatchError, match="log in"):
        watches.create(base, ANONYMOUS, "", "search", "terugkeer")
    with pytest.raises(WatchError, match="not a country"):
        watches.create(base, OWNER, "", "country", "Atlantis", "not an address")
    with pytest.raises(WatchError, match="not an e-mail address"):
        watches.create(base, OWNER, "", "search", "terugkeer", "iemand op het werk")
    assert len(base.watches.rows) == 1 and len(base.audit.appended) == 1


def test_new_counts_from_the_making_and_the_last_look_and_within_the_clearance() -> None:
    base = _base()
    watch, _ = watches.create(base, OWNER, "Terugkeer", "search", "terugkeer")
    before = watch.created_at - timedelta(days=1)
    after = watch.created_at + timedelta(microseconds=1)
    base.watches.followed = [
        (_letter(1, before), "openbaar", {("search", "terugkeer")}),
        (_letter(2, after), "intern", {("search", "terugkeer")}),
        (_letter(3, after), "vertrouwelijk", {("search", "terugkeer")}),
        (_letter(4, after), "openbaar", {("country", "MAR")}),
    ]
    (summary,) = watches.mine(base, OWNER)
    assert summary.new == 1 and watches.new_count(base, OWNER) == 1  # letter 2 only
    assert [i.key for i in watches.items(base, OWNER, watch)] == ["document:2", "document:1"]
    time.sleep(0.002)  # the look comes after the letters were stored
    watches.seen(base, OWNER, watch.id)
    assert watches.new_count(base, OWNER) == 0
    assert watches.new_count(base, OTHER) is None  # keeps no watches


def test_a_watch_is_its_owners_and_an_administrators() -> None:
    base = _base()
    watch, _ = watches.create(base, OWNER, "", "search", "terugkeer")
    assert watches.one(base, OTHER, watch.id) is None
    with pytest.raises(WatchError, match="no watch") as refused:
        watches.remove(base, OTHER, watch.id)
    assert refused.value.missing  # answered as if it did not exist
    watches.remove(base, ADMIN, watch.id)
    assert base.watches.rows == [] and base.audit.appended[-1].actor == ADMIN.user_id


def test_a_feed_answers_with_its_owners_clearance_as_it_is_now() -> None:
    base = _base()
    watch, token = watches.create(base, OWNER, "Terugkeer", "search", "terugkeer")
    now = datetime.now(UTC)
    base.watches.followed = [
        (_letter(7, now), "intern", {("search", "terugkeer")}),
        (_letter(8, now), "vertrouwelijk", {("search", "terugkeer")}),
    ]
    # a single-user install (no accounts): the owner is the local analyst
    local = watches.feed(base, token, "https://example.org/").decode()
    assert "urn:partnerships:document:7" in local and "/documenten/7" in local
    base.directory.accounts = {OWNER.user_id: TokenOwner(1, OWNER.user_id, OWNER.roles,
                                                         "openbaar", True)}  # fmt: skip
    lowered = watches.feed(base, token, "https://example.org").decode()
    assert "document:7" not in lowered and "document:8" not in lowered
    base.directory.accounts = {OWNER.user_id: TokenOwner(1, OWNER.user_id, OWNER.roles,
                                                         "intern", False)}  # fmt: skip
    with pytest.raises(WatchError, match="no access"):
        watches.feed(base, token, "https://example.org")
    with pytest.raises(WatchError, match="no watch"):
        watches.feed(base, "wrong", "https://example.org")
    assert watch.id == 1


def test_commitments_due_within_the_watchs_days_soonest_first() -> None:
    base = _base()
    today = date(2026, 12, 1)
    base.watches.due = [
        (DueCommitment("k-late", "De Kamer wordt geïnformeerd", today - timedelta(days=3), True,
                       "Brief over terugkeer"), "openbaar"),
        (DueCommitment("k-soon", "Evaluatie volgt", today + timedelta(days=10), False, None),
         "openbaar"),
        (DueCommitment("k-far", "Later", today + timedelta(days=90), False, None), "openbaar"),
    ]  # fmt: skip
    watch, _ = watches.create(base, OWNER, "Deadlines", "due", "30")
    found = watches.items(base, OWNER, watch, today=today)
    assert [i.key for i in found] == ["commitment:k-late", "commitment:k-soon"]
    assert found[0].summary == "te laat 2026-11-28; Brief over terugkeer"
    assert found[1].summary.startswith("uiterlijk 2026-12-11")
