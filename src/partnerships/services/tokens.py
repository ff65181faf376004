"""API tokens for machine clients: made for an account with scopes and a lifetime, the
secret shown once and kept only as a digest, revoked at once, and resolved to the
account they act for (an inactive owner or an expired token resolves to nobody)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden
from partnerships.services import audit
from partnerships.services.accounts import (
    SCOPES,
    TOKEN_PREFIX,
    AccountError,
    _admin,
    _aware,
    _now,
    _subset,
    context_of,
    digest,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.schema import ApiToken
from partnerships.store.users import (
    UserRepository,
)


# API tokens ---------------------------------------------------------------------------
def _scopes(scopes: str | Iterable[str]) -> str:
    return _subset(scopes, SCOPES, "scope")


def create_token(
    kb: KnowledgeBase, user: UserContext, name: str, scopes: str | list[str], days: int | None = 90
) -> tuple[str, dict[str, Any]]:
    """Returns the secret once; afterwards only its digest exists."""
    scope = _scopes(scopes)
    if "schrijven" in scope and not user.may_edit:
        raise Forbidden("only analysts and administrators may hold a write token")
    if not name.strip():
        raise AccountError("a token needs a name (what uses it)")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = _now()
    with kb.session() as s, s.begin():
        repo = UserRepository(s)
        owner = repo.by_name(user.user_id)
        if owner is None:
            raise AccountError(
                "no account %(user_id)r to own the token", user_id=user.user_id, missing=True
            )
        row = repo.add_token(
            ApiToken(
                user_id=owner.id,
                name=name.strip()[:128],
                secret_hash=digest(secret),
                scopes=scope,
                created_at=now,
                expires_at=now + timedelta(days=days) if days else None,
            )
        )
        audit.in_session(
            s,
            user,
            "permission",
            f"token:{row.id}",
            {"change": "token created", "owner": owner.username, "scopes": scope},
        )
        return secret, _token_view(row, owner.username)


def _token_view(row: ApiToken, owner: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "naam": row.name,
        "eigenaar": owner,
        "scopes": row.scopes.split(","),
        "aangemaakt": _aware(row.created_at),
        "verloopt": _aware(row.expires_at),
        "ingetrokken": _aware(row.revoked_at),
        "laatst_gebruikt": _aware(row.last_used_at),
    }


def list_tokens(
    kb: KnowledgeBase, user: UserContext, everyone: bool = False
) -> list[dict[str, Any]]:
    if everyone:
        _admin(user)
    with kb.session() as s:
        repo = UserRepository(s)
        owner = repo.by_name(user.user_id)
        if owner is None and not everyone:
            return []
        names = {u.id: u.username for u in repo.all()}
        rows = repo.tokens(None if everyone else owner.id if owner else None)
        return [_token_view(r, names.get(r.user_id, "?")) for r in rows]


def revoke_token(kb: KnowledgeBase, user: UserContext, token_id: int) -> None:
    with kb.session() as s, s.begin():
        repo = UserRepository(s)
        row = repo.token(token_id)
        owner = repo.by_id(row.user_id) if row is not None else None
        if (
            row is None
            or owner is None
            or (owner.username != user.user_id and "admin" not in user.roles)
        ):
            raise AccountError("no token %(token_id)s of yours", token_id=token_id, missing=True)
        if row.revoked_at is None:
            row.revoked_at = _now()
            audit.in_session(
                s,
                user,
                "permission",
                f"token:{row.id}",
                {"change": "token revoked", "owner": owner.username},
            )


def token_user(kb: KnowledgeBase, secret: str) -> UserContext | None:
    """The user a token acts for, with its scope: a read-only token reads, whatever its
    owner's roles. Unknown, revoked or expired tokens give None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    now = _now()
    with kb.session() as s, s.begin():
        repo = UserRepository(s)
        row = repo.token_by_hash(digest(secret))
        if row is None or row.revoked_at is not None:
            return None
        expires = _aware(row.expires_at)
        if expires is not None and expires <= now:
            return None
        owner = repo.by_id(row.user_id)
        if owner is None or not owner.active:
            return None
        last = _aware(row.last_used_at)
        if last is None or now - last > timedelta(minutes=5):  # not a write on every request
            row.last_used_at = now
        ctx = context_of(owner)
        if "schrijven" not in row.scopes.split(","):
            return UserContext(ctx.user_id, frozenset({"reader"}), ctx.clearance)
        return ctx
