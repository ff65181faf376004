"""Repository of API tokens and the accounts they act for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from partnerships.domain.tokens import ApiTokenRecord, TokenOwner
from partnerships.store.schema import ApiToken, UserRow
from partnerships.store.times import aware


def _owner(row: UserRow) -> TokenOwner:
    return TokenOwner(row.id, row.username, frozenset(row.roles.split(",")), row.clearance,
                      row.active)  # fmt: skip


def _record(row: ApiToken, owner: str) -> ApiTokenRecord:
    return ApiTokenRecord(
        id=row.id, owner_id=row.user_id, owner=owner, name=row.name,
        scopes=tuple(row.scopes.split(",")), created_at=aware(row.created_at),
        expires_at=aware(row.expires_at), revoked_at=aware(row.revoked_at),
        last_used_at=aware(row.last_used_at),
    )  # fmt: skip


class TokenRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def owner(self, username: str) -> TokenOwner | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        return None if row is None else _owner(row)

    def owner_by_id(self, owner_id: int) -> TokenOwner | None:
        row = self.session.get(UserRow, owner_id)
        return None if row is None else _owner(row)

    def add(
        self, owner: TokenOwner, name: str, secret_hash: str, scopes: str, created: datetime,
        expires: datetime | None,
    ) -> ApiTokenRecord:  # fmt: skip
        row = ApiToken(user_id=owner.id, name=name, secret_hash=secret_hash, scopes=scopes,
                       created_at=created, expires_at=expires)  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _record(row, owner.username)

    def get(self, token_id: int) -> ApiTokenRecord | None:
        return self._one(ApiToken.id == token_id)

    def by_hash(self, secret_hash: str) -> ApiTokenRecord | None:
        return self._one(ApiToken.secret_hash == secret_hash)

    def _one(self, where: ColumnElement[bool]) -> ApiTokenRecord | None:
        found = self.session.execute(
            select(ApiToken, UserRow.username)
            .join(UserRow, UserRow.id == ApiToken.user_id)
            .where(where)
        ).first()
        return None if found is None else _record(found[0], found[1])

    def listed(self, owner_id: int | None = None) -> list[ApiTokenRecord]:
        """Every token (or one owner's), oldest first."""
        stmt = (
            select(ApiToken, UserRow.username)
            .outerjoin(UserRow, UserRow.id == ApiToken.user_id)
            .order_by(ApiToken.id)
        )
        if owner_id is not None:
            stmt = stmt.where(ApiToken.user_id == owner_id)
        return [_record(t, name or "?") for t, name in self.session.execute(stmt)]

    def revoke(self, token_id: int, when: datetime) -> None:
        row = self.session.get(ApiToken, token_id)
        if row is not None:
            row.revoked_at = when
            self.session.flush()

    def touch(self, token_id: int, when: datetime) -> None:
        row = self.session.get(ApiToken, token_id)
        if row is not None:
            row.last_used_at = when
            self.session.flush()
