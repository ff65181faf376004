"""Repository of the register of commitments: entries stored with the harvest cursor in
one transaction, pages of entries, people's match verdicts, and bounded candidate
commitments for proposals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, load_only

from partnerships.domain.context import UserContext
from partnerships.domain.register import RegisterEntry
from partnerships.store.document_common import SUMMARY_COLUMNS, _visible
from partnerships.store.schema import (
    CommitmentRow,
    Document,
    HarvestedItem,
    RegisterLink,
    RegisterRow,
)


class RegisterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def store(self, entry: RegisterEntry) -> str:
        """Insert or update an entry: 'new', 'updated' or 'unchanged'."""
        row = self.session.scalar(select(RegisterRow).where(RegisterRow.tk_id == entry.id))
        values = {
            "number": entry.number, "text": entry.text, "minister": entry.minister[:256],
            "function": entry.function[:256], "ministry": entry.ministry[:256],
            "status": entry.status[:64], "due": entry.due, "made": entry.made,
            "activity": entry.activity, "fulfilled_by": list(entry.fulfilled_by),
            "deleted": entry.deleted, "changed": entry.changed,
        }  # fmt: skip
        if row is None:
            self.session.add(RegisterRow(tk_id=entry.id, harvested_at=datetime.now(UTC),
                                         **values))  # fmt: skip
            return "new"
        if all(getattr(row, k) == v for k, v in values.items()):
            return "unchanged"
        for k, v in values.items():
            setattr(row, k, v)
        row.harvested_at = datetime.now(UTC)
        return "updated"

    def page(
        self, offset: int, limit: int, only_past_due: date | None = None
    ) -> tuple[int, Sequence[RegisterRow]]:
        """Entries (not withdrawn), soonest due first; ``only_past_due``: those due
        before that day and not fulfilled by the register's word."""
        stmt = select(RegisterRow).where(RegisterRow.deleted.is_(False))
        if only_past_due is not None:
            stmt = stmt.where(RegisterRow.due < only_past_due,
                              func.lower(RegisterRow.status).not_like("%voldaan%")
                              | func.lower(RegisterRow.status).like("%deels%")
                              | func.lower(RegisterRow.status).like("%niet%"))  # fmt: skip
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(
            stmt.order_by(RegisterRow.due.is_(None), RegisterRow.due, RegisterRow.id)
            .offset(offset).limit(limit)
        ).all()  # fmt: skip
        return total, rows

    def get(self, register_id: int) -> RegisterRow | None:
        return self.session.get(RegisterRow, register_id)

    def links(self, register_ids: Sequence[int]) -> dict[int, dict[str, str]]:
        """Verdicts per entry: commitment key → bevestigd | afgewezen."""
        if not register_ids:
            return {}
        out: dict[int, dict[str, str]] = {}
        for link in self.session.scalars(select(RegisterLink).where(
                RegisterLink.register_id.in_(list(register_ids)))):  # fmt: skip
            out.setdefault(link.register_id, {})[link.commitment_key] = link.status
        return out

    def decide(self, register_id: int, key: str, status: str, user: str) -> None:
        self.session.execute(delete(RegisterLink).where(
            RegisterLink.register_id == register_id,
            RegisterLink.commitment_key == key))  # fmt: skip
        self.session.add(RegisterLink(register_id=register_id, commitment_key=key,
                                      status=status, decided_by=user,
                                      decided_at=datetime.now(UTC)))  # fmt: skip

    def letters_by_number(self, ctx: UserContext, numbers: Sequence[str]) -> dict[str, Document]:
        """Harvested letters in the base by parliament's DocumentNummer, as far as the
        reader may see them."""
        if not numbers:
            return {}
        stmt = _visible(
            select(HarvestedItem.number, Document)
            .join(Document, Document.id == HarvestedItem.document_id)
            .where(HarvestedItem.number.in_(list(numbers)))
            .options(load_only(*SUMMARY_COLUMNS)),  # the list columns, never the bodies
            ctx,
        )
        return {str(n): d for n, d in self.session.execute(stmt)}

    def candidates(
        self, ctx: UserContext, around: date | None, limit: int = 400
    ) -> Sequence[tuple[CommitmentRow, Document]]:
        """Commitments in letters the reader may see from a year around ``around`` (or
        the newest), to compare with a register entry: bounded, so a proposal costs the
        same whatever the size of the base."""
        stmt = (
            select(CommitmentRow, Document)
            .join(Document, Document.id == CommitmentRow.document_id)
            .where(CommitmentRow.kind.not_in(("fulfilment", "intention")),
                   CommitmentRow.key.is_not(None))
        )  # fmt: skip
        if around is not None:
            stmt = stmt.where(Document.date.between(around - timedelta(days=400),
                                                    around + timedelta(days=400)))  # fmt: skip
        stmt = (_visible(stmt, ctx)
                .options(load_only(*SUMMARY_COLUMNS),  # the letters' bodies stay in the base
                         load_only(CommitmentRow.id, CommitmentRow.key, CommitmentRow.text,
                                   CommitmentRow.kind, CommitmentRow.document_id,
                                   CommitmentRow.due_date, CommitmentRow.start))
                .order_by(Document.date.desc(), CommitmentRow.id).limit(limit))  # fmt: skip
        return [(c, d) for c, d in self.session.execute(stmt)]

    def has_commitment(self, key: str) -> bool:
        found = self.session.scalar(select(CommitmentRow.id).where(CommitmentRow.key == key)
                                    .limit(1))  # fmt: skip
        return found is not None

    def confirmed_keys(self) -> set[str]:
        return set(self.session.scalars(select(RegisterLink.commitment_key).where(
            RegisterLink.status == "bevestigd")))  # fmt: skip
