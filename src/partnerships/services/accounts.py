"""Accounts: who may log in, with which roles and clearance, and how they prove it.

Passwords are argon2id hashes (argon2-cffi, ADR 0009). A web login gets a random session
secret, an API client a random token; only SHA-256 digests of those secrets are stored, so
a copy of the base is no key to the application. Every login, failed login and change of
roles, clearance or tokens goes into the audit trail in the same transaction as the change.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.schema import ClearanceRequest, UserRow, WebSession
from partnerships.store.times import aware as _aware
from partnerships.store.users import (
    ClearanceRequestRepository,
    LoginAttemptRepository,
    UserRepository,
)

ROLES = ("reader", "analyst", "admin")
SCOPES = ("lezen", "schrijven")
MIN_PASSWORD = 12
TOKEN_PREFIX = "pmt_"
_HASHER = PasswordHasher()
# verified when the user name is unknown, so that a wrong name takes as long as a wrong password
_DUMMY = _HASHER.hash(secrets.token_urlsafe(16))


class AccountError(Invalid):
    """A request about accounts that cannot be done; the message says why."""


class LoginFailed(Exception):
    """Wrong name or password, or a locked or inactive account. The message is the same for
    all of them on purpose; the reason is in the audit trail."""


@dataclass(frozen=True, slots=True)
class LoginResult:
    user: UserContext
    secret: str
    expires_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _subset(value: str | Iterable[str], allowed: tuple[str, ...], noun: str) -> str:
    """Roles and scopes: a comma list or a collection of known names, stored comma-joined
    in the canonical order; unknown names and an empty choice are refused."""
    items = [x.strip() for x in (value.split(",") if isinstance(value, str) else value)]
    unknown = [x for x in items if x not in allowed]
    if unknown or not items:
        raise AccountError("unknown %(noun)s %(unknown)s; choose from %(choices)s",
                           noun=noun, unknown=", ".join(unknown) or "(none)",
                           choices=", ".join(allowed))  # fmt: skip
    return ",".join(x for x in allowed if x in items)


def _roles(roles: str | Iterable[str]) -> str:
    """Blank entries are ignored (a form's empty select); scopes have no such leniency."""
    items = roles.split(",") if isinstance(roles, str) else roles
    return _subset([r for r in items if r.strip()], ROLES, "role")


def _clearance(level: str) -> str:
    if level not in CLEARANCES:
        raise AccountError("unknown clearance %(level)r; choose from %(choices)s", level=level,
                           choices=", ".join(CLEARANCES))  # fmt: skip
    return level


def _password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError("a password needs at least %(minimum)s characters", minimum=MIN_PASSWORD)
    return _HASHER.hash(password)


def context_of(row: UserRow) -> UserContext:
    return UserContext(row.username, frozenset(row.roles.split(",")), row.clearance)


def _admin(actor: UserContext) -> None:
    if "admin" not in actor.roles:
        raise Forbidden("only administrators manage accounts")


def _view(row: UserRow) -> dict[str, Any]:
    return {
        "gebruikersnaam": row.username,
        "naam": row.display_name,
        "rollen": row.roles.split(","),
        "rubricering": row.clearance,
        "actief": row.active,
        "geblokkeerd_tot": _aware(row.locked_until),
        "mislukte_pogingen": row.failed_logins,
        "oidc": row.oidc_subject is not None,
        "wachtwoord": row.password_hash is not None,
    }


# administration -----------------------------------------------------------------------
def create_user(
    kb: KnowledgeBase,
    actor: UserContext,
    username: str,
    roles: str | list[str],
    clearance: str,
    password: str | None = None,
    display_name: str = "",
    operator: bool = False,
) -> dict[str, Any]:
    """A new account; with clearance ``vertrouwelijk`` (unless the operator makes it) it
    starts one level lower and a request waits for a second administrator."""
    _admin(actor)
    wanted = _clearance(clearance)
    if wanted == CLEARANCES[-1] and not operator:
        clearance = CLEARANCES[-2]
    username = username.strip()
    if not username or len(username) > 128 or any(c.isspace() for c in username):
        raise AccountError("a user name is 1–128 characters without spaces")
    row = UserRow(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=_password(password) if password is not None else None,
        roles=_roles(roles),
        clearance=_clearance(clearance),
        active=True,
        failed_logins=0,
        created_at=_now(),
    )
    with kb.session() as s, s.begin():
        repo = UserRepository(s)
        if repo.by_name(username) is not None:
            raise AccountError("user %(username)r exists already", username=username)
        repo.add(row)
        audit.in_session(
            s,
            actor,
            "permission",
            f"user:{username}",
            {"change": "created", "roles": row.roles, "clearance": row.clearance},
        )
        if wanted != row.clearance:
            _request_clearance(s, actor, row, wanted)
        return _view(row)


TOP_CLEARANCE = CLEARANCES[-1]


def update_user(
    kb: KnowledgeBase,
    actor: UserContext,
    username: str,
    *,
    roles: str | list[str] | None = None,
    clearance: str | None = None,
    active: bool | None = None,
    password: str | None = None,
    unlock: bool = False,
    operator: bool = False,
) -> dict[str, Any]:
    """Change an account. Lowering roles, clearance or activity ends the person's sessions,
    so the change holds from their next click, not from their next login.

    Separation of duties (found by an attack: an admin with clearance openbaar raised their
    own clearance and read confidential letters): nobody changes their own roles, clearance
    or activity, and raising anyone to ``vertrouwelijk`` only files a request that a second
    administrator approves (``decide_clearance``). ``operator``: the command line of the
    server's operator, who holds the base file itself and may apply it directly (to set up
    the first administrators); it is audited as such."""
    _admin(actor)
    with kb.session() as s, s.begin():
        repo = UserRepository(s)
        row = repo.by_name(username)
        if row is None:
            raise AccountError("no user %(username)r", username=username, missing=True)
        own = actor.user_id == row.username and not operator
        if own and (
            (roles is not None and _roles(roles) != row.roles)
            or (clearance is not None and _clearance(clearance) != row.clearance)
            or (active is not None and active != row.active)
        ):
            raise AccountError(
                "nobody changes their own roles, clearance or activity; ask another administrator"
            )
        change = _permissions(s, actor, row, roles, clearance, active, operator)
        if password is not None:
            row.password_hash = _password(password)
            change["password"] = "reset"
        if unlock and (row.locked_until is not None or row.failed_logins):
            row.locked_until, row.failed_logins = None, 0
            change["unlocked"] = True
        if change:
            if set(change) - {"unlocked"}:
                repo.end_sessions_of(row.id)
            audit.in_session(s, actor, "permission", f"user:{username}", change)
        return _view(row)


def _permissions(
    s: Any, actor: UserContext, row: UserRow, roles: str | list[str] | None,
    clearance: str | None, active: bool | None, operator: bool,
) -> dict[str, Any]:  # fmt: skip
    """Apply changed roles, clearance and activity to the account; returns what changed
    (raising a clearance to the top only files a request, unless the operator applies it)."""
    change: dict[str, Any] = {}
    if roles is not None and _roles(roles) != row.roles:
        change["roles"] = [row.roles, _roles(roles)]
        row.roles = _roles(roles)
    if clearance is not None and _clearance(clearance) != row.clearance:
        if clearance == TOP_CLEARANCE and not operator:
            _request_clearance(s, actor, row, clearance)
        else:
            change["clearance"] = [row.clearance, clearance]
            if operator and clearance == TOP_CLEARANCE:
                change["applied_by"] = "operator (command line)"
            row.clearance = clearance
    if active is not None and active != row.active:
        change["active"] = [row.active, active]
        row.active = active
    return change


def _request_clearance(s: Any, actor: UserContext, row: UserRow, clearance: str) -> None:
    requests = ClearanceRequestRepository(s)
    if requests.open_for(row.username) is not None:
        raise AccountError(
            "a request to raise %(username)s's clearance is waiting already", username=row.username
        )
    made = requests.add(ClearanceRequest(
        username=row.username, clearance=clearance, requested_by=actor.user_id,
        requested_at=_now(), outcome="open",
    ))  # fmt: skip
    audit.in_session(s, actor, "permission", f"user:{row.username}",
                     {"change": "clearance requested", "clearance": [row.clearance, clearance],
                      "request": made.id})  # fmt: skip


def clearance_requests(kb: KnowledgeBase, actor: UserContext) -> list[dict[str, Any]]:
    """Requests to raise a clearance that wait for a second administrator."""
    _admin(actor)
    with kb.session() as s:
        return [{"id": r.id, "gebruikersnaam": r.username, "rubricering": r.clearance,
                 "aangevraagdDoor": r.requested_by, "aangevraagdOp": _aware(r.requested_at)}
                for r in ClearanceRequestRepository(s).open()]  # fmt: skip


def decide_clearance(
    kb: KnowledgeBase, actor: UserContext, request_id: int, approve: bool
) -> dict[str, Any]:
    """The second administrator's step: approve (the clearance is raised) or reject. The
    one who asked and the person concerned cannot approve."""
    _admin(actor)
    with kb.session() as s, s.begin():
        req = ClearanceRequestRepository(s).get(request_id)
        if req is None or req.outcome != "open":
            raise AccountError(
                "no open clearance request %(request_id)s", request_id=request_id, missing=True
            )
        if approve and actor.user_id in (req.requested_by, req.username):
            raise AccountError(
                "a second administrator approves: not the one who asked, not the person concerned"
            )
        row = UserRepository(s).by_name(req.username)
        if row is None:
            raise AccountError("no user %(username)r", username=req.username, missing=True)
        req.outcome = "goedgekeurd" if approve else "afgewezen"
        req.decided_by, req.decided_at = actor.user_id, _now()
        detail: dict[str, Any] = {"request": req.id, "requested_by": req.requested_by}
        if approve:
            detail |= {"change": "clearance approved", "clearance": [row.clearance, req.clearance]}
            row.clearance = req.clearance
        else:
            detail |= {"change": "clearance request rejected"}
        audit.in_session(s, actor, "permission", f"user:{row.username}", detail)
        return _view(row)


def login_allowed(kb: KnowledgeBase, client: str, limit: int, window: float = 60.0) -> float:
    """0 when a login attempt from ``client`` is allowed (and counted), else the seconds
    until the next one is. Kept in the base, so every server process shares the count."""
    now = _now()
    since = now - timedelta(seconds=window)
    with kb.session() as s, s.begin():
        oldest = LoginAttemptRepository(s).take(client, now, since, limit)
    if oldest is None:
        return 0.0
    return max(0.5, ((_aware(oldest) or now) + timedelta(seconds=window) - now).total_seconds())


def list_users(kb: KnowledgeBase, actor: UserContext) -> list[dict[str, Any]]:
    _admin(actor)
    with kb.session() as s:
        return [_view(r) for r in UserRepository(s).all()]


def user_context(kb: KnowledgeBase, username: str) -> UserContext | None:
    """The roles and clearance of an account (for the command line, which acts for it)."""
    with kb.session() as s:
        row = UserRepository(s).by_name(username)
        return context_of(row) if row is not None else None


def context_of_name(kb: KnowledgeBase, username: str) -> UserContext:
    found = user_context(kb, username)
    if found is None:
        raise AccountError("no user %(username)r", username=username, missing=True)
    return found


def has_users(kb: KnowledgeBase) -> bool:
    with kb.session() as s:
        return bool(UserRepository(s).all())


# login ---------------------------------------------------------------------------------
def _start_session(repo: UserRepository, row: UserRow, hours: float, method: str) -> LoginResult:
    secret = secrets.token_urlsafe(32)
    now = _now()
    expires = now + timedelta(hours=hours)
    repo.purge_expired(now)
    repo.add_session(
        WebSession(
            secret_hash=digest(secret),
            user_id=row.id,
            created_at=now,
            expires_at=expires,
            method=method,
        )
    )
    return LoginResult(context_of(row), secret, expires)


def login(kb: KnowledgeBase, username: str, password: str, client: str = "") -> LoginResult:
    """Check a password. After ``login_max_failures`` wrong ones in a row the account is
    locked for ``lockout_minutes``; while locked even the right password fails."""
    settings = kb.settings
    now = _now()
    with kb.session() as s, s.begin():
        repo = UserRepository(s)
        row = repo.by_name(username)
        reason = ""
        if row is None or row.password_hash is None:
            with contextlib.suppress(VerificationError):
                _HASHER.verify(_DUMMY, password)
            reason = "unknown user" if row is None else "no password (OIDC account)"
        else:
            locked = _aware(row.locked_until)
            if locked is not None and locked > now:
                reason = "locked"
            elif not row.active:
                reason = "inactive"
            else:
                try:
                    _HASHER.verify(row.password_hash, password)
                except (VerificationError, InvalidHashError):
                    reason = "wrong password"
                    row.failed_logins += 1
                    if row.failed_logins >= settings.login_max_failures:
                        row.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                        row.failed_logins = 0
                        reason = "wrong password; account locked"
        if reason:
            audit.in_session(
                s,
                username[:128] or "?",
                "login_failed",
                f"user:{username[:128]}",
                {"reason": reason, "client": client},
            )
        else:
            assert row is not None and row.password_hash is not None
            row.failed_logins, row.locked_until = 0, None
            if _HASHER.check_needs_rehash(row.password_hash):
                row.password_hash = _HASHER.hash(password)
            result = _start_session(repo, row, settings.session_hours, "password")
            audit.in_session(
                s,
                row.username,
                "login",
                f"user:{row.username}",
                {"method": "password", "client": client},
            )
            return result
    raise LoginFailed("unknown user name or wrong password, or the account is locked")


def oidc_login(
    kb: KnowledgeBase, issuer: str, claims: dict[str, Any], client: str = ""
) -> LoginResult:
    """Log in a person the identity provider vouched for (the ID token is verified by the
    web layer). Known by subject, else by user name, else provisioned as a reader."""
    subject = f"{issuer}|{claims['sub']}"
    username = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
    with kb.session() as s, s.begin():
        repo = UserRepository(s)
        row = repo.by_subject(subject)
        if row is None:
            row = repo.by_name(username)
            if row is not None and row.oidc_subject is None:
                row.oidc_subject = subject
            elif row is None and kb.settings.oidc_provision:
                row = repo.add(
                    UserRow(
                        username=username[:128],
                        display_name=str(claims.get("name") or username)[:256],
                        password_hash=None,
                        roles="reader",
                        clearance="openbaar",
                        active=True,
                        failed_logins=0,
                        oidc_subject=subject,
                        created_at=_now(),
                    )
                )
                audit.in_session(
                    s,
                    "oidc",
                    "permission",
                    f"user:{row.username}",
                    {"change": "provisioned", "roles": "reader", "clearance": "openbaar"},
                )
            else:
                row = None
        if row is None or not row.active or row.oidc_subject != subject:
            audit.in_session(
                s,
                username[:128],
                "login_failed",
                f"user:{username[:128]}",
                {"reason": "no matching active account", "method": "oidc", "client": client},
            )
            failed = True
        else:
            failed = False
            result = _start_session(repo, row, kb.settings.session_hours, "oidc")
            audit.in_session(
                s,
                row.username,
                "login",
                f"user:{row.username}",
                {"method": "oidc", "client": client},
            )
    if failed:
        raise LoginFailed("no active account for this identity")
    return result


def session_user(kb: KnowledgeBase, secret: str) -> UserContext | None:
    if not secret:
        return None
    with kb.session() as s:
        repo = UserRepository(s)
        found = repo.session_by_hash(digest(secret))
        if found is None or (_aware(found.expires_at) or _now()) <= _now():
            return None
        row = repo.by_id(found.user_id)
        if row is None or not row.active:
            return None
        return context_of(row)


def logout(kb: KnowledgeBase, secret: str) -> None:
    with kb.session() as s, s.begin():
        UserRepository(s).end_session(digest(secret))
