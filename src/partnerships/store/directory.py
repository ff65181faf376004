"""Who is who: accounts by name, and countries as a person names them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.domain.countries import country_iso3
from partnerships.domain.tokens import TokenOwner
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import UserRow
from partnerships.store.tokens import TokenRepository


class DirectoryLookup:
    def __init__(self, session: Session) -> None:
        self.session = session

    def account(self, username: str) -> TokenOwner | None:
        return TokenRepository(self.session).owner(username)

    def has_accounts(self) -> bool:
        return self.session.scalar(select(UserRow.id).limit(1)) is not None

    def country_named(self, text: str) -> str | None:
        """A code or English name as the importers read them, else a Dutch name or an alias
        from the gazetteer ('Marokko', 'Turkije')."""
        code = country_iso3(text)
        if code is not None:
            return code
        named = DocumentRepository(self.session).country_named(text)
        return named.iso3 if named is not None else None
