"""API tokens for machine clients: made for an account with scopes and a lifetime, the
secret shown once and kept only as a digest, revoked at once, and resolved to the
account they act for (an inactive owner or an expired token resolves to nobody)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden
from partnerships.domain.tokens import ApiTokenRecord
from partnerships.services.accounts import (
    SCOPES,
    TOKEN_PREFIX,
    AccountError,
    _admin,
    _now,
    _subset,
    digest,
)
from partnerships.services.unit_of_work import Units


# API tokens ---------------------------------------------------------------------------
def _scopes(scopes: str | Iterable[str]) -> str:
    return _subset(scopes, SCOPES, "scope")


def create_token(
    base: Units, user: UserContext, name: str, scopes: str | list[str], days: int | None = 90
) -> tuple[str, ApiTokenRecord]:
    """Returns the secret once; afterwards only its digest exists."""
    scope = _scopes(scopes)
    if "schrijven" in scope and not user.may_edit:
        raise Forbidden("only analysts and administrators may hold a write token")
    if not name.strip():
        raise AccountError("a token needs a name (what uses it)")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = _now()
    with base.unit_of_work() as uow:
        owner = uow.tokens.owner(user.user_id)
        if owner is None:
            raise AccountError(
                "no account %(user_id)r to own the token", user_id=user.user_id, missing=True
            )
        expires = now + timedelta(days=days) if days else None
        made = uow.tokens.add(owner, name.strip()[:128], digest(secret), scope, now, expires)
        uow.audit.append(
            user.user_id,
            "permission",
            f"token:{made.id}",
            {"change": "token created", "owner": owner.username, "scopes": scope},
        )
        uow.commit()
    return secret, made


def list_tokens(base: Units, user: UserContext, everyone: bool = False) -> list[ApiTokenRecord]:
    """The reader's own tokens, or (administrators) everyone's."""
    if everyone:
        _admin(user)
    with base.unit_of_work() as uow:
        if everyone:
            return uow.tokens.listed()
        owner = uow.tokens.owner(user.user_id)
        return [] if owner is None else uow.tokens.listed(owner.id)


def revoke_token(base: Units, user: UserContext, token_id: int) -> None:
    """Revoke a token at once; its owner or an administrator may. Another's token is
    answered like a missing one."""
    with base.unit_of_work() as uow:
        token = uow.tokens.get(token_id)
        if token is None or (token.owner != user.user_id and "admin" not in user.roles):
            raise AccountError("no token %(token_id)s of yours", token_id=token_id, missing=True)
        if token.revoked_at is None:
            uow.tokens.revoke(token.id, _now())
            uow.audit.append(
                user.user_id,
                "permission",
                f"token:{token.id}",
                {"change": "token revoked", "owner": token.owner},
            )
            uow.commit()


def token_user(base: Units, secret: str) -> UserContext | None:
    """The user a token acts for, with its scope: a read-only token reads, whatever its
    owner's roles. Unknown, revoked or expired tokens, and tokens of an inactive owner,
    give None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    now = _now()
    with base.unit_of_work() as uow:
        token = uow.tokens.by_hash(digest(secret))
        if token is None or not token.usable(now):
            return None
        owner = uow.tokens.owner_by_id(token.owner_id)
        if owner is None or not owner.active:
            return None
        if token.needs_touch(now):  # not a write on every request
            uow.tokens.touch(token.id, now)
            uow.commit()
        return token.acts_as(owner)
