"""Reading the audit trail as a service, on an in-memory trail (no database).

tests/integration/services/test_audit.py checks the hash chain and what each change
records on SQLite and PostgreSQL; here the reader's view of the trail is pinned.
"""

from __future__ import annotations

import json

import pytest

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden
from partnerships.services import audit
from support.fakes import FakeBase

LOW_ADMIN = UserContext("beheer", frozenset({"admin"}), "openbaar")
TOP_ADMIN = UserContext("hoofd", frozenset({"admin"}), "vertrouwelijk")


def _base() -> FakeBase:
    base = FakeBase()
    trail = base.audit
    trail.append("a.analist", "edit", "risk:abc:1", {"land": "MAR"})
    trail.append("a.analist", "import", "table:geheim-mar.csv",
                 {"rubricering": "vertrouwelijk", "rijen": 12})  # fmt: skip
    trail.append("a.analist", "decision", "decision:MAR:2",
                 {"status": "concept", "classification": ["intern", "vertrouwelijk"]})  # fmt: skip
    return base


def test_an_entry_about_a_record_above_the_reader_keeps_only_who_did_what_when() -> None:
    shown = audit.entries(_base(), LOW_ADMIN)
    assert [(e.action, e.target) for e in shown] == [
        ("decision", "decision:…"), ("import", "table:…"), ("edit", "risk:abc:1")]  # fmt: skip
    assert all(e.actor == "a.analist" and e.at for e in shown)
    assert json.loads(shown[0].detail) == {"rubricering": "vertrouwelijk"}  # the highest named
    assert "geheim" not in repr(shown)


def test_a_cleared_administrator_sees_every_entry_in_full() -> None:
    shown = audit.entries(_base(), TOP_ADMIN, action="import")
    assert [e.target for e in shown] == ["table:geheim-mar.csv"]
    assert json.loads(shown[0].detail)["rijen"] == 12


def test_only_administrators_read_the_trail() -> None:
    with pytest.raises(Forbidden):
        audit.entries(_base(), UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk"))
