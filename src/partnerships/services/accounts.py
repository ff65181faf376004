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
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from partnerships.domain.accounts import (
    APPROVED,
    REJECTED,
    Account,
    ClearanceRequestRecord,
    LoginSession,
)
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.services.unit_of_work import UnitOfWork, Units
from partnerships.settings import Settings

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


def _admin(actor: UserContext) -> None:
    if "admin" not in actor.roles:
        raise Forbidden("only administrators manage accounts")


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """What the administration shows of an account: never its password hash, only
    whether it has one."""

    username: str
    display_name: str
    roles: tuple[str, ...]
    clearance: str
    active: bool
    locked_until: datetime | None
    failed_logins: int
    oidc: bool
    password: bool

    @classmethod
    def of(cls, account: Account) -> AccountSummary:
        return cls(account.username, account.display_name, account.role_list,
                   account.clearance, account.active, account.locked_until,
                   account.failed_logins, account.oidc_subject is not None,
                   account.password_hash is not None)  # fmt: skip


def _audit(uow: UnitOfWork, actor: UserContext | str, action: str, target: str,
           detail: dict[str, Any]) -> None:  # fmt: skip
    uow.audit.append(actor if isinstance(actor, str) else actor.user_id, action, target, detail)


# administration -----------------------------------------------------------------------
def create_user(
    base: Units,
    actor: UserContext,
    username: str,
    roles: str | list[str],
    clearance: str,
    password: str | None = None,
    display_name: str = "",
    operator: bool = False,
) -> AccountSummary:
    """A new account; with clearance ``vertrouwelijk`` (unless the operator makes it) it
    starts one level lower and a request waits for a second administrator."""
    _admin(actor)
    wanted = _clearance(clearance)
    if wanted == CLEARANCES[-1] and not operator:
        clearance = CLEARANCES[-2]
    username = username.strip()
    if not username or len(username) > 128 or any(c.isspace() for c in username):
        raise AccountError("a user name is 1–128 characters without spaces")
    account = Account(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=_password(password) if password is not None else None,
        roles=_roles(roles),
        clearance=_clearance(clearance),
        created_at=_now(),
    )
    with base.unit_of_work() as uow:
        if uow.accounts.by_name(username) is not None:
            raise AccountError("user %(username)r exists already", username=username)
        account = uow.accounts.add(account)
        created = {"change": "created", "roles": account.roles, "clearance": account.clearance}
        _audit(uow, actor, "permission", f"user:{username}", created)
        if wanted != account.clearance:
            _request_clearance(uow, actor, account, wanted)
        uow.commit()
    return AccountSummary.of(account)


TOP_CLEARANCE = CLEARANCES[-1]


def update_user(
    base: Units,
    actor: UserContext,
    username: str,
    *,
    roles: str | list[str] | None = None,
    clearance: str | None = None,
    active: bool | None = None,
    password: str | None = None,
    unlock: bool = False,
    operator: bool = False,
) -> AccountSummary:
    """Change an account. Lowering roles, clearance or activity ends the person's sessions,
    so the change holds from their next click, not from their next login.

    Separation of duties (found by an attack: an admin with clearance openbaar raised their
    own clearance and read confidential letters): nobody changes their own roles, clearance
    or activity, and raising anyone to ``vertrouwelijk`` only files a request that a second
    administrator approves (``decide_clearance``). ``operator``: the command line of the
    server's operator, who holds the base file itself and may apply it directly (to set up
    the first administrators); it is audited as such."""
    _admin(actor)
    with base.unit_of_work() as uow:
        account = uow.accounts.by_name(username)
        if account is None:
            raise AccountError("no user %(username)r", username=username, missing=True)
        own = actor.user_id == account.username and not operator
        if own and (
            (roles is not None and _roles(roles) != account.roles)
            or (clearance is not None and _clearance(clearance) != account.clearance)
            or (active is not None and active != account.active)
        ):
            raise AccountError(
                "nobody changes their own roles, clearance or activity; ask another administrator"
            )
        account, change = _permissions(uow, actor, account, roles, clearance, active, operator)
        if password is not None:
            account = replace(account, password_hash=_password(password))
            change["password"] = "reset"
        if unlock and (account.locked_until is not None or account.failed_logins):
            account = replace(account, locked_until=None, failed_logins=0)
            change["unlocked"] = True
        if change:
            uow.accounts.save(account)
            if set(change) - {"unlocked"}:
                uow.accounts.end_sessions_of(_stored(account))
            _audit(uow, actor, "permission", f"user:{username}", change)
        uow.commit()
    return AccountSummary.of(account)


def _stored(account: Account) -> int:
    if account.id is None:  # accounts the store hands out always carry their id
        raise ValueError(f"account {account.username!r} is not stored")
    return account.id


def _permissions(
    uow: UnitOfWork, actor: UserContext, account: Account, roles: str | list[str] | None,
    clearance: str | None, active: bool | None, operator: bool,
) -> tuple[Account, dict[str, Any]]:  # fmt: skip
    """The account with changed roles, clearance and activity, and what changed (raising
    a clearance to the top only files a request, unless the operator applies it)."""
    change: dict[str, Any] = {}
    if roles is not None and _roles(roles) != account.roles:
        change["roles"] = [account.roles, _roles(roles)]
        account = replace(account, roles=_roles(roles))
    if clearance is not None and _clearance(clearance) != account.clearance:
        if clearance == TOP_CLEARANCE and not operator:
            _request_clearance(uow, actor, account, clearance)
        else:
            change["clearance"] = [account.clearance, clearance]
            if operator and clearance == TOP_CLEARANCE:
                change["applied_by"] = "operator (command line)"
            account = replace(account, clearance=clearance)
    if active is not None and active != account.active:
        change["active"] = [account.active, active]
        account = replace(account, active=active)
    return account, change


def _request_clearance(uow: UnitOfWork, actor: UserContext, account: Account,
                       clearance: str) -> None:  # fmt: skip
    if uow.accounts.open_request_for(account.username) is not None:
        raise AccountError("a request to raise %(username)s's clearance is waiting already",
                           username=account.username)  # fmt: skip
    made = uow.accounts.add_request(ClearanceRequestRecord(
        username=account.username, clearance=clearance, requested_by=actor.user_id,
        requested_at=_now(),
    ))  # fmt: skip
    _audit(uow, actor, "permission", f"user:{account.username}",
           {"change": "clearance requested", "clearance": [account.clearance, clearance],
            "request": made.id})  # fmt: skip


def clearance_requests(base: Units, actor: UserContext) -> list[ClearanceRequestRecord]:
    """Requests to raise a clearance that wait for a second administrator."""
    _admin(actor)
    with base.unit_of_work() as uow:
        return uow.accounts.open_requests()


def decide_clearance(
    base: Units, actor: UserContext, request_id: int, approve: bool
) -> AccountSummary:
    """The second administrator's step: approve (the clearance is raised) or reject. The
    one who asked and the person concerned cannot approve."""
    _admin(actor)
    with base.unit_of_work() as uow:
        req = uow.accounts.request(request_id)
        if req is None or req.outcome != "open":
            raise AccountError(
                "no open clearance request %(request_id)s", request_id=request_id, missing=True
            )
        if approve and actor.user_id in (req.requested_by, req.username):
            raise AccountError(
                "a second administrator approves: not the one who asked, not the person concerned"
            )
        account = uow.accounts.by_name(req.username)
        if account is None:
            raise AccountError("no user %(username)r", username=req.username, missing=True)
        uow.accounts.decide_request(request_id, APPROVED if approve else REJECTED,
                                    actor.user_id, _now())  # fmt: skip
        detail: dict[str, Any] = {"request": req.id, "requested_by": req.requested_by}
        if approve:
            detail |= {"change": "clearance approved",
                       "clearance": [account.clearance, req.clearance]}  # fmt: skip
            account = replace(account, clearance=req.clearance)
            uow.accounts.save(account)
        else:
            detail |= {"change": "clearance request rejected"}
        _audit(uow, actor, "permission", f"user:{account.username}", detail)
        uow.commit()
    return AccountSummary.of(account)


def login_allowed(base: Units, client: str, limit: int, window: float = 60.0) -> float:
    """0 when a login attempt from ``client`` is allowed (and counted), else the seconds
    until the next one is. Kept in the base, so every server process shares the count."""
    now = _now()
    with base.unit_of_work() as uow:
        oldest = uow.accounts.take_attempt(client, now, now - timedelta(seconds=window), limit)
        uow.commit()
    if oldest is None:
        return 0.0
    return max(0.5, (oldest + timedelta(seconds=window) - now).total_seconds())


def list_users(base: Units, actor: UserContext) -> list[AccountSummary]:
    _admin(actor)
    with base.unit_of_work() as uow:
        return [AccountSummary.of(a) for a in uow.accounts.all()]


def user_context(base: Units, username: str) -> UserContext | None:
    """The roles and clearance of an account (for the command line, which acts for it)."""
    with base.unit_of_work() as uow:
        account = uow.accounts.by_name(username)
    return account.context() if account is not None else None


def context_of_name(base: Units, username: str) -> UserContext:
    found = user_context(base, username)
    if found is None:
        raise AccountError("no user %(username)r", username=username, missing=True)
    return found


def has_users(base: Units) -> bool:
    with base.unit_of_work() as uow:
        return uow.directory.has_accounts()


# login ---------------------------------------------------------------------------------
class ConfiguredUnits(Units, Protocol):
    """Units of work and the settings that bound a login (failures, lockout, lifetime)."""

    @property
    def settings(self) -> Settings: ...


def _start_session(uow: UnitOfWork, account: Account, hours: float, method: str) -> LoginResult:
    secret = secrets.token_urlsafe(32)
    now = _now()
    expires = now + timedelta(hours=hours)
    uow.accounts.purge_expired(now)
    uow.accounts.add_session(LoginSession(digest(secret), _stored(account), now, expires, method))
    return LoginResult(account.context(), secret, expires)


def _password_refused(account: Account | None, password: str, now: datetime,
                      settings: Settings) -> tuple[str, Account | None]:  # fmt: skip
    """Why a password login fails ('' when it does not), and the account as the attempt
    leaves it (a failure counted, perhaps a lockout)."""
    if account is None or account.password_hash is None:
        with contextlib.suppress(VerificationError):
            _HASHER.verify(_DUMMY, password)
        return ("unknown user" if account is None else "no password (OIDC account)"), None
    if account.locked_until is not None and account.locked_until > now:
        return "locked", None
    if not account.active:
        return "inactive", None
    try:
        _HASHER.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        failed = account.failed_logins + 1
        if failed >= settings.login_max_failures:
            until = now + timedelta(minutes=settings.lockout_minutes)
            return "wrong password; account locked", replace(
                account, failed_logins=0, locked_until=until
            )
        return "wrong password", replace(account, failed_logins=failed)
    return "", None


def login(base: ConfiguredUnits, username: str, password: str, client: str = "") -> LoginResult:
    """Check a password. After ``login_max_failures`` wrong ones in a row the account is
    locked for ``lockout_minutes``; while locked even the right password fails."""
    settings = base.settings
    now = _now()
    with base.unit_of_work() as uow:
        account = uow.accounts.by_name(username)
        reason, counted = _password_refused(account, password, now, settings)
        if reason:
            if counted is not None:
                uow.accounts.save(counted)
            _audit(uow, username[:128] or "?", "login_failed", f"user:{username[:128]}",
                   {"reason": reason, "client": client})  # fmt: skip
            uow.commit()
            raise LoginFailed("unknown user name or wrong password, or the account is locked")
        assert account is not None and account.password_hash is not None
        stored_hash = account.password_hash
        account = replace(account, failed_logins=0, locked_until=None)
        if _HASHER.check_needs_rehash(stored_hash):
            account = replace(account, password_hash=_HASHER.hash(password))
        uow.accounts.save(account)
        result = _start_session(uow, account, settings.session_hours, "password")
        _audit(uow, account.username, "login", f"user:{account.username}",
               {"method": "password", "client": client})  # fmt: skip
        uow.commit()
    return result


def _oidc_account(uow: UnitOfWork, subject: str, username: str, claims: dict[str, Any],
                  provision: bool) -> Account | None:  # fmt: skip
    """The account an identity belongs to: known by subject, else by user name (linked
    now), else provisioned as a reader when the settings allow it."""
    account = uow.accounts.by_subject(subject)
    if account is not None:
        return account
    account = uow.accounts.by_name(username)
    if account is not None:
        if account.oidc_subject is not None:
            return None
        account = replace(account, oidc_subject=subject)
        uow.accounts.save(account)
        return account
    if not provision:
        return None
    account = uow.accounts.add(Account(
        username=username[:128], display_name=str(claims.get("name") or username)[:256],
        roles="reader", clearance="openbaar", oidc_subject=subject, created_at=_now(),
    ))  # fmt: skip
    _audit(uow, "oidc", "permission", f"user:{account.username}",
           {"change": "provisioned", "roles": "reader", "clearance": "openbaar"})  # fmt: skip
    return account


def oidc_login(
    base: ConfiguredUnits, issuer: str, claims: dict[str, Any], client: str = ""
) -> LoginResult:
    """Log in a person the identity provider vouched for (the ID token is verified by the
    web layer). Known by subject, else by user name, else provisioned as a reader."""
    subject = f"{issuer}|{claims['sub']}"
    username = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
    with base.unit_of_work() as uow:
        account = _oidc_account(uow, subject, username, claims, base.settings.oidc_provision)
        if account is None or not account.active or account.oidc_subject != subject:
            why = {"reason": "no matching active account", "method": "oidc", "client": client}
            _audit(uow, username[:128], "login_failed", f"user:{username[:128]}", why)
            uow.commit()
            raise LoginFailed("no active account for this identity")
        result = _start_session(uow, account, base.settings.session_hours, "oidc")
        _audit(uow, account.username, "login", f"user:{account.username}",
               {"method": "oidc", "client": client})  # fmt: skip
        uow.commit()
    return result


def session_user(base: Units, secret: str) -> UserContext | None:
    if not secret:
        return None
    with base.unit_of_work() as uow:
        found = uow.accounts.session(digest(secret))
        if found is None or found.expires_at <= _now():
            return None
        account = uow.accounts.by_id(found.user_id)
    if account is None or not account.active:
        return None
    return account.context()


def logout(base: Units, secret: str) -> None:
    with base.unit_of_work() as uow:
        uow.accounts.end_session(digest(secret))
        uow.commit()
