"""Repository of the commitments tracker: extracted commitments with their tracking state,
commitments entered by hand, the citations that suggest a fulfilling letter, and motions."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.domain.context import UserContext
from partnerships.store.repository import _visible
from partnerships.store.schema import (
    CitationRow,
    CommitmentLink,
    CommitmentRow,
    CommitmentTracking,
    Document,
)


def commitment_key(document_id: int, text: str) -> str:
    """Stable identity of an extracted commitment: its letter and its words (the row ids
    change when a letter is ingested again)."""
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8"), usedforsecurity=False)
    return f"doc{document_id}-{digest.hexdigest()[:16]}"


class CommitmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def extracted(self, ctx: UserContext) -> list[tuple[CommitmentRow, Document]]:
        """Promises and expected deliveries in letters the user may see (fulfilment
        statements are evidence, not commitments)."""
        stmt = (
            select(CommitmentRow, Document)
            .join(Document, Document.id == CommitmentRow.document_id)
            .where(CommitmentRow.kind != "fulfilment")
        )
        return [(c, d) for c, d in self.session.execute(_visible(stmt, ctx))]

    def tracking(self) -> dict[str, CommitmentTracking]:
        return {t.key: t for t in self.session.scalars(select(CommitmentTracking))}

    def get(self, key: str) -> CommitmentTracking | None:
        return self.session.scalar(select(CommitmentTracking).where(CommitmentTracking.key == key))

    def upsert(self, key: str, **values: object) -> CommitmentTracking:
        row = self.get(key)
        if row is None:
            row = CommitmentTracking(key=key, **values)
            self.session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        row.updated_at = datetime.now(UTC)
        self.session.flush()
        return row

    def documents(self, ctx: UserContext, ids: Sequence[int]) -> dict[int, Document]:
        if not ids:
            return {}
        stmt = select(Document).where(Document.id.in_(list(ids)))
        return {d.id: d for d in self.session.scalars(_visible(stmt, ctx))}

    def visible_documents(self, ctx: UserContext) -> list[Document]:
        return list(self.session.scalars(_visible(select(Document), ctx)))

    def citations(self, ctx: UserContext) -> list[tuple[CitationRow, Document]]:
        stmt = select(CitationRow, Document).join(Document, Document.id == CitationRow.document_id)
        return [(c, d) for c, d in self.session.execute(_visible(stmt, ctx))]

    def fulfilment_documents(self, ctx: UserContext) -> set[int]:
        stmt = (
            select(CommitmentRow.document_id)
            .join(Document, Document.id == CommitmentRow.document_id)
            .where(CommitmentRow.kind == "fulfilment")
        )
        return set(self.session.scalars(_visible(stmt, ctx)))

    def links(self) -> dict[tuple[str, int], str]:
        return {
            (r.key, r.document_id): r.status for r in self.session.scalars(select(CommitmentLink))
        }

    def decide_link(self, key: str, document_id: int, status: str, user: str) -> None:
        row = self.session.scalar(
            select(CommitmentLink).where(
                CommitmentLink.key == key, CommitmentLink.document_id == document_id
            )
        )
        if row is None:
            row = CommitmentLink(key=key, document_id=document_id)
            self.session.add(row)
        row.status, row.decided_by, row.decided_at = status, user, datetime.now(UTC)
        self.session.flush()
