"""Repository of watches and the queries behind their items (bounded, newest first, with
the columns a feed shows — never a letter's body)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, or_, select
from sqlalchemy.orm import Session, load_only

from partnerships.domain.context import UserContext
from partnerships.domain.queries import DocumentFilter
from partnerships.store.document_common import SUMMARY_COLUMNS, _filtered, _visible
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import CitationRow, Document, DocumentKey, WatchRow
from partnerships.store.search import parse_query


class WatchRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: WatchRow) -> WatchRow:
        self.session.add(row)
        self.session.flush()
        return row

    def of_owner(self, owner: str) -> Sequence[WatchRow]:
        return self.session.scalars(
            select(WatchRow).where(WatchRow.owner == owner).order_by(WatchRow.id)
        ).all()

    def get(self, watch_id: int) -> WatchRow | None:
        return self.session.get(WatchRow, watch_id)

    def by_token_hash(self, token_hash: str) -> WatchRow | None:
        return self.session.scalar(select(WatchRow).where(WatchRow.token_hash == token_hash))

    def all(self) -> Sequence[WatchRow]:
        return self.session.scalars(select(WatchRow).order_by(WatchRow.owner, WatchRow.id)).all()

    def remove(self, watch_id: int) -> None:
        self.session.execute(delete(WatchRow).where(WatchRow.id == watch_id))

    def _followed(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, what: Any
    ) -> tuple[Any, dict[str, Any]] | None:
        """The query of the letters a watch follows that the reader may see (``since``:
        changed after it), selecting ``what``; None for a search with no words."""
        params: dict[str, Any] = {}
        stmt = _visible(select(what), ctx)
        if kind == "country":
            stmt = _filtered(stmt, DocumentFilter(country=query))
        elif kind == "dossier":
            stmt = stmt.where(or_(
                exists().where(DocumentKey.document_id == Document.id,
                               DocumentKey.key.like(f"kst:{query}:%")),
                exists().where(CitationRow.document_id == Document.id,
                               CitationRow.dossier == query),
            ))  # fmt: skip
        elif kind == "search":
            parsed = parse_query(query)
            if parsed.empty:
                return None
            ids, params = DocumentRepository(self.session).matching_ids(ctx, parsed)
            stmt = stmt.where(Document.id.in_(ids))
        if since is not None:
            stmt = stmt.where(Document.updated_at > since)
        return stmt, params

    def documents(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, limit: int
    ) -> Sequence[Document]:
        """The letters a watch follows that the reader may see, most recently stored or
        changed first (``since``: only those changed after it)."""
        found = self._followed(ctx, kind, query, since, Document)
        if found is None:
            return []
        stmt, params = found
        return self.session.scalars(
            stmt.options(load_only(*SUMMARY_COLUMNS, Document.updated_at, Document.ingested_at))
            .order_by(Document.updated_at.desc(), Document.id.desc()).limit(limit), params
        ).all()  # fmt: skip

    def count_documents(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, cap: int
    ) -> int:
        """How many letters ``documents`` would list, counted by the database and at most
        ``cap`` (the overview says 'new in your watches' on every visit: no rows loaded)."""
        found = self._followed(ctx, kind, query, since, Document.id)
        if found is None:
            return 0
        stmt, params = found
        return int(self.session.scalar(
            select(func.count()).select_from(stmt.limit(cap).subquery()), params) or 0)  # fmt: skip
