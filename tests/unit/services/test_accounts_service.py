"""Accounts as a service, on an in-memory account store (no database).

tests/integration/services/test_access_control.py and test_security_fixes.py run the same
service on SQLite and PostgreSQL behind the pages and the command line; here each rule an
account lives by is pinned on its own: separation of duties, lockout, sessions, OIDC, and
that a refused change leaves nothing behind.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden
from partnerships.services import accounts
from partnerships.services.accounts import AccountError, LoginFailed
from support.fakes import FakeBase

OPERATOR = UserContext("operator", frozenset({"admin"}), "vertrouwelijk")
PASSWORD = "een lang genoeg wachtwoord"


def _base(*admins: str) -> FakeBase:
    base = FakeBase()
    for name in admins:
        accounts.create_user(base, OPERATOR, name, "admin", "vertrouwelijk", PASSWORD,
                             operator=True)  # fmt: skip
    return base


def _ctx(base: FakeBase, name: str) -> UserContext:
    return accounts.context_of_name(base, name)


def test_the_top_clearance_takes_a_second_administrator() -> None:
    base = _base("admin1", "admin2")
    asker = _ctx(base, "admin1")
    made = accounts.create_user(base, asker, "lezer", "reader", "vertrouwelijk", PASSWORD)
    assert (made.username, made.roles, made.clearance) == ("lezer", ("reader",), "intern")
    assert made.password and not made.oidc and "hash" not in repr(made)
    (waiting,) = accounts.clearance_requests(base, asker)
    assert (waiting.username, waiting.clearance, waiting.requested_by) == (
        "lezer", "vertrouwelijk", "admin1")  # fmt: skip
    with pytest.raises(AccountError, match="second administrator"):
        accounts.decide_clearance(base, asker, waiting.id or 0, approve=True)
    with pytest.raises(AccountError, match="waiting already"):
        accounts.update_user(base, asker, "lezer", clearance="vertrouwelijk")
    done = accounts.decide_clearance(base, _ctx(base, "admin2"), waiting.id or 0, approve=True)
    assert done.clearance == "vertrouwelijk" and accounts.clearance_requests(base, asker) == []
    assert base.accounts.requests[0].decided_by == "admin2"
    changes = [e.detail.get("change") for e in base.audit.appended if e.target == "user:lezer"]
    assert changes == ["created", "clearance requested", "clearance approved"]
    with pytest.raises(AccountError, match="no open clearance request"):
        accounts.decide_clearance(base, _ctx(base, "admin2"), waiting.id or 0, approve=False)


def test_nobody_changes_their_own_rights_and_a_refusal_leaves_nothing() -> None:
    base = _base("admin1")
    me = _ctx(base, "admin1")
    before = (list(base.accounts.rows), len(base.audit.appended))
    for change in ({"roles": "reader"}, {"clearance": "intern"}, {"active": False}):
        with pytest.raises(AccountError, match="nobody changes their own"):
            accounts.update_user(base, me, "admin1", **change)  # type: ignore[arg-type]
    assert (base.accounts.rows, len(base.audit.appended)) == before
    with pytest.raises(Forbidden):
        accounts.list_users(base, UserContext("lezer", frozenset({"reader"}), "openbaar"))
    with pytest.raises(AccountError, match="at least 12"):
        accounts.update_user(base, me, "admin1", password="kort")
    with pytest.raises(AccountError, match="exists already"):
        accounts.create_user(base, me, "admin1", "reader", "openbaar", PASSWORD)
    with pytest.raises(AccountError, match="unknown role"):
        accounts.create_user(base, me, "nieuw", "koning", "openbaar", PASSWORD)
    assert (base.accounts.rows, len(base.audit.appended)) == before
    assert accounts.update_user(base, me, "admin1", password="another long password").password


def test_wrong_passwords_lock_the_account_and_the_right_one_then_fails_too() -> None:
    base = _base("admin1")
    accounts.create_user(base, _ctx(base, "admin1"), "lezer", "reader", "openbaar", PASSWORD)
    for _ in range(base.settings.login_max_failures - 1):
        with pytest.raises(LoginFailed):
            accounts.login(base, "lezer", "fout wachtwoord", "10.0.0.1")
    assert base.accounts.by_name("lezer").failed_logins == 4  # type: ignore[union-attr]
    with pytest.raises(LoginFailed):
        accounts.login(base, "lezer", "fout wachtwoord")
    locked = base.accounts.by_name("lezer")
    assert locked is not None and locked.locked_until is not None and locked.failed_logins == 0
    with pytest.raises(LoginFailed):
        accounts.login(base, "lezer", PASSWORD)  # the right one, while locked
    with pytest.raises(LoginFailed):
        accounts.login(base, "niemand", PASSWORD)  # an unknown name, the same answer
    reasons = [e.detail["reason"] for e in base.audit.appended if e.action == "login_failed"]
    assert reasons[-3:] == ["wrong password; account locked", "locked", "unknown user"]
    assert base.accounts.sessions == []
    accounts.update_user(base, _ctx(base, "admin1"), "lezer", unlock=True)
    result = accounts.login(base, "lezer", PASSWORD, "10.0.0.1")
    assert result.user.user_id == "lezer" and result.expires_at > accounts._now()
    assert accounts.session_user(base, result.secret) == result.user
    assert result.secret not in repr(base.accounts.sessions)  # only its digest is kept
    accounts.logout(base, result.secret)
    assert accounts.session_user(base, result.secret) is None


def test_taking_rights_away_ends_the_persons_sessions_at_once() -> None:
    base = _base("admin1")
    admin = _ctx(base, "admin1")
    accounts.create_user(base, admin, "analist", "analyst", "intern", PASSWORD)
    first = accounts.login(base, "analist", PASSWORD)
    accounts.update_user(base, admin, "analist", unlock=True)  # nothing to unlock: no change
    assert accounts.session_user(base, first.secret) is not None
    accounts.update_user(base, admin, "analist", roles="reader")
    assert accounts.session_user(base, first.secret) is None
    second = accounts.login(base, "analist", PASSWORD)
    accounts.update_user(base, admin, "analist", active=False)
    assert accounts.session_user(base, second.secret) is None
    with pytest.raises(LoginFailed):
        accounts.login(base, "analist", PASSWORD)
    assert [u.username for u in accounts.list_users(base, admin)] == ["admin1", "analist"]


def test_login_attempts_are_counted_per_client_in_a_window() -> None:
    base = FakeBase()
    assert [accounts.login_allowed(base, "10.0.0.1", 3) for _ in range(3)] == [0.0] * 3
    wait = accounts.login_allowed(base, "10.0.0.1", 3)
    assert 0.5 <= wait <= 60
    assert accounts.login_allowed(base, "10.0.0.2", 3) == 0.0  # another client
    base.accounts.attempts = [(c, at - timedelta(seconds=61)) for c, at in base.accounts.attempts]
    assert accounts.login_allowed(base, "10.0.0.1", 3) == 0.0  # the window moved on


def test_an_identity_is_linked_by_name_or_provisioned_as_a_reader() -> None:
    base = _base("admin1")
    accounts.create_user(base, _ctx(base, "admin1"), "j.jansen", "analyst", "intern", None)
    claims = {"sub": "1", "preferred_username": "j.jansen"}
    linked = accounts.oidc_login(base, "https://idp", claims)
    assert linked.user == UserContext("j.jansen", frozenset({"analyst"}), "intern")
    again = accounts.oidc_login(base, "https://idp", {"sub": "1", "preferred_username": "x"})
    assert again.user.user_id == "j.jansen"  # known by subject now
    with pytest.raises(LoginFailed):  # the name is taken by another subject
        accounts.oidc_login(base, "https://idp", {"sub": "2", "preferred_username": "j.jansen"})
    new = accounts.oidc_login(base, "https://idp", {"sub": "3", "email": "p@x.nl", "name": "P"})
    assert new.user == UserContext("p@x.nl", frozenset({"reader"}), "openbaar")
    base.settings = base.settings.model_copy(update={"oidc_provision": False})
    with pytest.raises(LoginFailed):
        accounts.oidc_login(base, "https://idp", {"sub": "4", "preferred_username": "q"})
    assert base.accounts.by_name("q") is None
    with pytest.raises(LoginFailed):  # no password for an OIDC-only account
        accounts.login(base, "p@x.nl", PASSWORD)
    provisioned = [e for e in base.audit.appended if e.detail.get("change") == "provisioned"]
    assert [e.target for e in provisioned] == ["user:p@x.nl"]
