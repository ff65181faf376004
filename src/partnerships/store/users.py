"""Accounts, web sessions, login attempts and clearance requests: storage only, as domain
records (``domain/accounts.py``); the rules live in ``services/accounts.py``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from partnerships.domain.accounts import Account, ClearanceRequestRecord, LoginSession
from partnerships.store.locks import serialise_writers
from partnerships.store.schema import ClearanceRequest, LoginAttempt, UserRow, WebSession
from partnerships.store.times import aware


def _account(row: UserRow) -> Account:
    return Account(
        id=row.id, username=row.username, display_name=row.display_name, roles=row.roles,
        clearance=row.clearance, created_at=aware(row.created_at), active=row.active,
        password_hash=row.password_hash, failed_logins=row.failed_logins,
        locked_until=aware(row.locked_until), oidc_subject=row.oidc_subject,
    )  # fmt: skip


def _request(row: ClearanceRequest) -> ClearanceRequestRecord:
    return ClearanceRequestRecord(
        id=row.id, username=row.username, clearance=row.clearance,
        requested_by=row.requested_by, requested_at=aware(row.requested_at),
        outcome=row.outcome, decided_by=row.decided_by, decided_at=aware(row.decided_at),
    )  # fmt: skip


class AccountRepository:
    """Fulfils ``services/unit_of_work.AccountStore`` on one session."""

    def __init__(self, session: Session) -> None:
        self.s = session

    # accounts -----------------------------------------------------------------------
    def by_name(self, username: str) -> Account | None:
        row = self.s.scalar(select(UserRow).where(UserRow.username == username))
        return None if row is None else _account(row)

    def by_id(self, user_id: int) -> Account | None:
        row = self.s.get(UserRow, user_id)
        return None if row is None else _account(row)

    def by_subject(self, subject: str) -> Account | None:
        row = self.s.scalar(select(UserRow).where(UserRow.oidc_subject == subject))
        return None if row is None else _account(row)

    def all(self) -> list[Account]:
        return [_account(r) for r in self.s.scalars(select(UserRow).order_by(UserRow.username))]

    def add(self, account: Account) -> Account:
        row = UserRow(
            username=account.username, display_name=account.display_name,
            password_hash=account.password_hash, roles=account.roles,
            clearance=account.clearance, active=account.active,
            failed_logins=account.failed_logins, locked_until=account.locked_until,
            oidc_subject=account.oidc_subject, created_at=account.created_at,
        )  # fmt: skip
        self.s.add(row)
        self.s.flush()
        return _account(row)

    def save(self, account: Account) -> None:
        """Write what may change about a stored account (not its name or creation)."""
        row = self.s.get(UserRow, account.id)
        if row is None:
            raise LookupError(f"no stored account {account.username!r}")
        row.display_name, row.password_hash = account.display_name, account.password_hash
        row.roles, row.clearance, row.active = account.roles, account.clearance, account.active
        row.failed_logins, row.locked_until = account.failed_logins, account.locked_until
        row.oidc_subject = account.oidc_subject
        self.s.flush()

    # sessions -----------------------------------------------------------------------
    def add_session(self, login: LoginSession) -> None:
        self.s.add(WebSession(
            secret_hash=login.secret_hash, user_id=login.user_id, created_at=login.created_at,
            expires_at=login.expires_at, method=login.method,
        ))  # fmt: skip

    def session(self, secret_hash: str) -> LoginSession | None:
        row = self.s.scalar(select(WebSession).where(WebSession.secret_hash == secret_hash))
        if row is None:
            return None
        return LoginSession(row.secret_hash, row.user_id, aware(row.created_at),
                            aware(row.expires_at), row.method)  # fmt: skip

    def end_session(self, secret_hash: str) -> None:
        self.s.execute(delete(WebSession).where(WebSession.secret_hash == secret_hash))

    def end_sessions_of(self, user_id: int) -> None:
        self.s.execute(delete(WebSession).where(WebSession.user_id == user_id))

    def purge_expired(self, now: datetime) -> None:
        self.s.execute(delete(WebSession).where(WebSession.expires_at < now))

    # login attempts -----------------------------------------------------------------
    def take_attempt(
        self, client: str, now: datetime, since: datetime, limit: int
    ) -> datetime | None:
        """Count an attempt and return None, or return the oldest attempt in the window
        (the caller waits until it leaves) when ``limit`` attempts are there already.
        Kept in the base and serialised, so every server process shares the count."""
        serialise_writers(self.s, "login_attempts")
        self.s.execute(delete(LoginAttempt).where(LoginAttempt.at < since))
        recent = self.s.scalar(
            select(func.count()).select_from(LoginAttempt)
            .where(LoginAttempt.client == client, LoginAttempt.at >= since)
        )  # fmt: skip
        if int(recent or 0) >= limit:
            oldest = self.s.scalar(
                select(func.min(LoginAttempt.at)).where(
                    LoginAttempt.client == client, LoginAttempt.at >= since)
            )  # fmt: skip
            return aware(oldest) if oldest is not None else now
        self.s.add(LoginAttempt(client=client[:64], at=now))
        return None

    # clearance requests -------------------------------------------------------------
    def add_request(self, request: ClearanceRequestRecord) -> ClearanceRequestRecord:
        row = ClearanceRequest(
            username=request.username, clearance=request.clearance,
            requested_by=request.requested_by, requested_at=request.requested_at,
            outcome=request.outcome,
        )  # fmt: skip
        self.s.add(row)
        self.s.flush()
        return _request(row)

    def request(self, request_id: int) -> ClearanceRequestRecord | None:
        row = self.s.get(ClearanceRequest, request_id)
        return None if row is None else _request(row)

    def decide_request(self, request_id: int, outcome: str, by: str, when: datetime) -> None:
        row = self.s.get(ClearanceRequest, request_id)
        if row is None:
            raise LookupError(f"no clearance request {request_id}")
        row.outcome, row.decided_by, row.decided_at = outcome, by, when
        self.s.flush()

    def open_request_for(self, username: str) -> ClearanceRequestRecord | None:
        row = self.s.scalar(
            select(ClearanceRequest).where(
                ClearanceRequest.username == username, ClearanceRequest.outcome == "open")
        )  # fmt: skip
        return None if row is None else _request(row)

    def open_requests(self) -> list[ClearanceRequestRecord]:
        rows = self.s.scalars(
            select(ClearanceRequest).where(ClearanceRequest.outcome == "open")
            .order_by(ClearanceRequest.id)
        )  # fmt: skip
        return [_request(r) for r in rows]
