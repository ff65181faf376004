"""Users, web sessions and API tokens: storage only; the rules live in services.accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from partnerships.store.locks import serialise_writers
from partnerships.store.schema import (
    ApiToken,
    ClearanceRequest,
    LoginAttempt,
    UserRow,
    WebSession,
)


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def by_name(self, username: str) -> UserRow | None:
        return self.s.scalar(select(UserRow).where(UserRow.username == username))

    def by_id(self, user_id: int) -> UserRow | None:
        return self.s.get(UserRow, user_id)

    def by_subject(self, subject: str) -> UserRow | None:
        return self.s.scalar(select(UserRow).where(UserRow.oidc_subject == subject))

    def all(self) -> list[UserRow]:
        return list(self.s.scalars(select(UserRow).order_by(UserRow.username)))

    def add(self, row: UserRow) -> UserRow:
        self.s.add(row)
        self.s.flush()
        return row

    # sessions -----------------------------------------------------------------------
    def add_session(self, row: WebSession) -> None:
        self.s.add(row)

    def session_by_hash(self, secret_hash: str) -> WebSession | None:
        return self.s.scalar(select(WebSession).where(WebSession.secret_hash == secret_hash))

    def end_session(self, secret_hash: str) -> None:
        self.s.execute(delete(WebSession).where(WebSession.secret_hash == secret_hash))

    def end_sessions_of(self, user_id: int) -> None:
        self.s.execute(delete(WebSession).where(WebSession.user_id == user_id))

    def purge_expired(self, now: datetime) -> None:
        self.s.execute(delete(WebSession).where(WebSession.expires_at < now))

    # tokens -------------------------------------------------------------------------
    def add_token(self, row: ApiToken) -> ApiToken:
        self.s.add(row)
        self.s.flush()
        return row

    def token_by_hash(self, secret_hash: str) -> ApiToken | None:
        return self.s.scalar(select(ApiToken).where(ApiToken.secret_hash == secret_hash))

    def token(self, token_id: int) -> ApiToken | None:
        return self.s.get(ApiToken, token_id)

    def tokens(self, user_id: int | None = None) -> list[ApiToken]:
        stmt = select(ApiToken).order_by(ApiToken.id)
        if user_id is not None:
            stmt = stmt.where(ApiToken.user_id == user_id)
        return list(self.s.scalars(stmt))


class LoginAttemptRepository:
    """Login attempts per client address in a sliding window, shared by every process."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def take(self, client: str, now: datetime, since: datetime, limit: int) -> datetime | None:
        """Count an attempt and return None, or return the oldest attempt in the window
        (the caller waits until it leaves) when ``limit`` attempts are there already."""
        serialise_writers(self.s, "login_attempts")
        self.s.execute(delete(LoginAttempt).where(LoginAttempt.at < since))
        recent = self.s.scalar(
            select(func.count()).select_from(LoginAttempt)
            .where(LoginAttempt.client == client, LoginAttempt.at >= since)
        )  # fmt: skip
        if int(recent or 0) >= limit:
            return self.s.scalar(
                select(func.min(LoginAttempt.at)).where(
                    LoginAttempt.client == client, LoginAttempt.at >= since)
            )  # fmt: skip
        self.s.add(LoginAttempt(client=client[:64], at=now))
        return None


class ClearanceRequestRepository:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, row: ClearanceRequest) -> ClearanceRequest:
        self.s.add(row)
        self.s.flush()
        return row

    def get(self, request_id: int) -> ClearanceRequest | None:
        return self.s.get(ClearanceRequest, request_id)

    def open_for(self, username: str) -> ClearanceRequest | None:
        return self.s.scalar(
            select(ClearanceRequest).where(
                ClearanceRequest.username == username, ClearanceRequest.outcome == "open")
        )  # fmt: skip

    def open(self) -> list[ClearanceRequest]:
        return list(self.s.scalars(
            select(ClearanceRequest).where(ClearanceRequest.outcome == "open")
            .order_by(ClearanceRequest.id)
        ))  # fmt: skip
