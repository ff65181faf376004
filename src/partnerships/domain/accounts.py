"""Accounts as the rules see them: who may log in, with which roles and clearance, and the
records that prove a login (a browser's session) or ask for a higher clearance.

Plain records, so that the account rules in ``services/accounts.py`` run on an in-memory
store in the unit tests as on the database; changes are new values (``dataclasses.replace``)
that the store saves, never rows changed in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from partnerships.domain.context import UserContext


@dataclass(frozen=True, slots=True)
class Account:
    """A person who logs in. ``roles`` is the canonical comma list (reader, analyst,
    admin); ``clearance`` the highest classification they may see; ``password_hash`` is
    None for an account that logs in only through the identity provider (OIDC)."""

    username: str
    display_name: str
    roles: str
    clearance: str
    created_at: datetime
    active: bool = True
    password_hash: str | None = None
    failed_logins: int = 0
    locked_until: datetime | None = None
    oidc_subject: str | None = None
    id: int | None = None  # None until stored

    @property
    def role_list(self) -> tuple[str, ...]:
        return tuple(self.roles.split(","))

    def context(self) -> UserContext:
        return UserContext(self.username, frozenset(self.role_list), self.clearance)


@dataclass(frozen=True, slots=True)
class LoginSession:
    """A logged-in browser: only the digest of the cookie's secret is kept."""

    secret_hash: str
    user_id: int
    created_at: datetime
    expires_at: datetime
    method: str  # password | oidc


#: a clearance request's outcomes (stored in Dutch, as the audit trail shows them)
OPEN, APPROVED, REJECTED = "open", "goedgekeurd", "afgewezen"


@dataclass(frozen=True, slots=True)
class ClearanceRequestRecord:
    """Raising someone to the top clearance: one administrator asks, another decides."""

    username: str
    clearance: str
    requested_by: str
    requested_at: datetime
    outcome: str = OPEN
    decided_by: str | None = None
    decided_at: datetime | None = None
    id: int | None = None  # None until stored
