"""API tokens for machine clients: scoped, with a lifetime, revocable, acting for an account.

A token is kept only as the digest of its secret. It acts for its owner while it is neither
revoked nor expired and the owner is active; a token without the write scope reads only,
whatever its owner may do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from partnerships.domain.context import UserContext

#: how long a token's last use may lag before it is written again (not on every request)
TOUCH_AFTER = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class TokenOwner:
    """The account a token acts for."""

    id: int
    username: str
    roles: frozenset[str]
    clearance: str
    active: bool

    def context(self) -> UserContext:
        return UserContext(self.username, self.roles, self.clearance)


@dataclass(frozen=True, slots=True)
class ApiTokenRecord:
    id: int
    owner_id: int
    owner: str  # the owner's username
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def needs_touch(self, now: datetime) -> bool:
        return self.last_used_at is None or now - self.last_used_at > TOUCH_AFTER

    def acts_as(self, owner: TokenOwner) -> UserContext:
        """The owner as this token lets them act: a read-only token reads only."""
        ctx = owner.context()
        if "schrijven" not in self.scopes:
            return UserContext(ctx.user_id, frozenset({"reader"}), ctx.clearance)
        return ctx
