"""Repository of watches and the queries behind their items (bounded, newest first, with
the columns a feed shows — never a letter's body)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, exists, func, or_, select, update
from sqlalchemy.orm import Session, load_only

from partnerships.domain.context import UserContext
from partnerships.domain.queries import DocumentFilter
from partnerships.domain.watches import DueCommitment, Watch, WatchedLetter
from partnerships.store.commitments import CommitmentRepository, TrackerFilter
from partnerships.store.document_common import SUMMARY_COLUMNS, _filtered, _visible
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import CitationRow, Document, DocumentKey, WatchRow
from partnerships.store.search import parse_query
from partnerships.store.times import aware


def _now() -> datetime:
    return datetime.now(UTC)


def _watch(row: WatchRow) -> Watch:
    return Watch(row.id, row.owner, row.name, row.kind, row.query, aware(row.created_at),
                 aware(row.seen_at), aware(row.mailed_at), row.email)  # fmt: skip


class WatchRepository:
    """Watches as domain records (the service's port, services/unit_of_work.WatchStore)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def create(
        self, owner: str, name: str, kind: str, query: str, token_hash: str,
        email: str | None, created: datetime,
    ) -> Watch:  # fmt: skip
        row = WatchRow(owner=owner, name=name, kind=kind, query=query, token_hash=token_hash,
                       email=email, created_at=created)  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _watch(row)

    def watches_of(self, owner: str) -> list[Watch]:
        rows = self.session.scalars(
            select(WatchRow).where(WatchRow.owner == owner).order_by(WatchRow.id)
        )
        return [_watch(r) for r in rows]

    def watch(self, watch_id: int) -> Watch | None:
        row = self.session.get(WatchRow, watch_id)
        return None if row is None else _watch(row)

    def watch_of_token(self, token_hash: str) -> Watch | None:
        row = self.session.scalar(select(WatchRow).where(WatchRow.token_hash == token_hash))
        return None if row is None else _watch(row)

    def every(self) -> list[Watch]:
        """Every watch in the base, by owner."""
        rows = self.session.scalars(select(WatchRow).order_by(WatchRow.owner, WatchRow.id))
        return [_watch(r) for r in rows]

    def mailed(self) -> list[Watch]:
        """The watches with an e-mail address, by owner."""
        return [w for w in self.every() if w.email]

    def remove(self, watch_id: int) -> None:
        self.session.execute(delete(WatchRow).where(WatchRow.id == watch_id))

    def mark_seen(self, watch_id: int, when: datetime) -> None:
        self.session.execute(update(WatchRow).where(WatchRow.id == watch_id).values(seen_at=when))

    def mark_mailed(self, watch_ids: Sequence[int], when: datetime) -> None:
        self.session.execute(
            update(WatchRow).where(WatchRow.id.in_(list(watch_ids))).values(mailed_at=when)
        )

    def due_commitments(
        self, ctx: UserContext, today: date, horizon: date, limit: int
    ) -> list[DueCommitment]:
        """Late and open commitments due by ``horizon`` (at most ``limit`` of each), with
        their letters' subjects."""
        repo = CommitmentRepository(self.session)
        found: list[DueCommitment] = []
        for status in ("te laat", "open"):
            _total, rows = repo.tracker_rows(ctx, TrackerFilter(today, status), 0, limit)
            mine = [r for r in rows if r.due is not None and r.due <= horizon]
            letters = repo.documents(ctx, [r.document_id for r in mine if r.document_id])
            for r in mine:
                letter = letters.get(r.document_id) if r.document_id else None
                found.append(DueCommitment(r.key, r.text, r.due, status == "te laat",
                                           letter.subject if letter else None))  # fmt: skip
        return found

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

    def letters(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, limit: int
    ) -> list[WatchedLetter]:
        """The letters a watch follows that the reader may see, most recently stored or
        changed first (``since``: only those changed after it), with the columns a feed
        shows — never a body."""
        found = self._followed(ctx, kind, query, since, Document)
        if found is None:
            return []
        stmt, params = found
        docs = self.session.scalars(
            stmt.options(load_only(*SUMMARY_COLUMNS, Document.updated_at, Document.ingested_at))
            .order_by(Document.updated_at.desc(), Document.id.desc()).limit(limit), params
        )  # fmt: skip
        return [
            WatchedLetter(d.id, d.subject, d.source_name, aware(d.updated_at) or _now(),
                          d.sender_ministry, d.kenmerk, d.date)
            for d in docs
        ]  # fmt: skip

    def count_letters(
        self, ctx: UserContext, kind: str, query: str, since: datetime | None, cap: int
    ) -> int:
        """How many letters ``letters`` would list, counted by the database and at most
        ``cap`` (the overview says 'new in your watches' on every visit: no rows loaded)."""
        found = self._followed(ctx, kind, query, since, Document.id)
        if found is None:
            return 0
        stmt, params = found
        return int(self.session.scalar(
            select(func.count()).select_from(stmt.limit(cap).subquery()), params) or 0)  # fmt: skip
