"""API tokens as a service, on an in-memory token store (no database).

tests/integration/services/test_access_control.py runs the same service on SQLite and
PostgreSQL behind the API; here each rule a token lives by is pinned on its own.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden
from partnerships.domain.tokens import TokenOwner
from partnerships.services import tokens
from partnerships.services.accounts import AccountError, _now
from support.fakes import FakeBase

ANALYST = UserContext("a.analist", frozenset({"analyst"}), "intern")
READER = UserContext("lezer", frozenset({"reader"}), "openbaar")
ADMIN = UserContext("beheer", frozenset({"admin"}), "openbaar")


def _base() -> FakeBase:
    base = FakeBase()
    for n, ctx in enumerate((ANALYST, READER, ADMIN), start=1):
        base.tokens.owners[n] = TokenOwner(n, ctx.user_id, ctx.roles, ctx.clearance, True)
    return base


def test_the_secret_is_shown_once_and_acts_with_the_tokens_scope() -> None:
    base = _base()
    secret, made = tokens.create_token(base, ANALYST, " koppeling ", "lezen,schrijven")
    assert secret.startswith("pmt_") and secret not in repr(base.tokens.rows)
    assert (made.name, made.scopes, made.owner) == (
        "koppeling",
        ("lezen", "schrijven"),
        ANALYST.user_id,
    )
    assert made.expires_at is not None and made.expires_at - made.created_at == timedelta(days=90)
    assert tokens.token_user(base, secret) == ANALYST
    reading, _ = tokens.create_token(base, ANALYST, "dashboard", "lezen")
    acting = tokens.token_user(base, reading)
    assert acting is not None and acting.roles == frozenset({"reader"})  # reads only
    assert acting.clearance == ANALYST.clearance
    assert [e.action for e in base.audit.appended] == ["permission", "permission"]


def test_revoked_expired_unknown_and_inactive_owners_tokens_act_for_nobody() -> None:
    base = _base()
    secret, made = tokens.create_token(base, ANALYST, "a", "lezen")
    tokens.revoke_token(base, ANALYST, made.id)
    assert tokens.token_user(base, secret) is None
    old, aged = tokens.create_token(base, ANALYST, "b", "lezen", days=1)
    base.tokens._replace(aged.id, expires_at=_now() - timedelta(seconds=1))
    assert tokens.token_user(base, old) is None
    assert tokens.token_user(base, "pmt_unknown") is None and tokens.token_user(base, "x") is None
    kept, _ = tokens.create_token(base, READER, "c", "lezen")
    owner = base.tokens.owners[2]
    base.tokens.owners[2] = TokenOwner(owner.id, owner.username, owner.roles, owner.clearance,
                                       active=False)  # fmt: skip
    assert tokens.token_user(base, kept) is None


def test_use_is_recorded_at_most_every_five_minutes() -> None:
    base = _base()
    secret, made = tokens.create_token(base, ANALYST, "a", "lezen")
    tokens.token_user(base, secret)
    first = base.tokens.get(made.id)
    assert first is not None and first.last_used_at is not None
    tokens.token_user(base, secret)
    again = base.tokens.get(made.id)
    assert again is not None and again.last_used_at == first.last_used_at


def test_who_may_hold_list_and_revoke_tokens() -> None:
    base = _base()
    with pytest.raises(Forbidden):
        tokens.create_token(base, READER, "x", "lezen,schrijven")
    with pytest.raises(AccountError, match="needs a name"):
        tokens.create_token(base, ANALYST, " ", "lezen")
    with pytest.raises(AccountError, match="unknown scope"):
        tokens.create_token(base, ANALYST, "x", "alles")
    with pytest.raises(AccountError, match="no account"):
        tokens.create_token(base, UserContext("niemand", frozenset({"analyst"})), "x", "lezen")
    _, mine = tokens.create_token(base, ANALYST, "mine", "lezen")
    _, theirs = tokens.create_token(base, READER, "theirs", "lezen")
    assert [t.name for t in tokens.list_tokens(base, READER)] == ["theirs"]
    with pytest.raises(Forbidden):
        tokens.list_tokens(base, READER, everyone=True)
    assert [t.owner for t in tokens.list_tokens(base, ADMIN, everyone=True)] == [
        ANALYST.user_id, READER.user_id]  # fmt: skip
    with pytest.raises(AccountError, match="of yours"):  # answered like a missing token
        tokens.revoke_token(base, READER, mine.id)
    tokens.revoke_token(base, ADMIN, theirs.id)  # an administrator may
    revoked = base.tokens.get(theirs.id)
    assert revoked is not None and revoked.revoked_at is not None
    entries = len(base.audit.appended)
    tokens.revoke_token(base, ADMIN, theirs.id)  # revoking twice changes nothing
    assert len(base.audit.appended) == entries
