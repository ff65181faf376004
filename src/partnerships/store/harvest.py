"""Queries for the harvester's state: cursors and harvested items."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partnerships.store.schema import HarvestCursor, HarvestedItem


class HarvestRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def cursor(self, source: str, scope: str) -> tuple[str, str] | None:
        row = self.session.get(HarvestCursor, (source, scope))
        return None if row is None else (row.changed, row.item_id)

    def advance(self, source: str, scope: str, changed: str, item_id: str) -> None:
        """Move the cursor to an item (only forward), in the caller's transaction."""
        row = self.session.get(HarvestCursor, (source, scope))
        now = datetime.now(UTC)
        if row is None:
            self.session.add(HarvestCursor(source=source, scope=scope, changed=changed,
                                           item_id=item_id, updated_at=now))  # fmt: skip
        elif (changed, item_id) > (row.changed, row.item_id):
            row.changed, row.item_id, row.updated_at = changed, item_id, now

    def item(self, source: str, item_id: str) -> HarvestedItem | None:
        return self.session.scalar(select(HarvestedItem).where(
            HarvestedItem.source == source, HarvestedItem.item_id == item_id))  # fmt: skip

    def record(self, source: str, item_id: str, document_id: int | None, number: str | None,
               changed: str, deleted: bool) -> None:  # fmt: skip
        row = self.item(source, item_id)
        now = datetime.now(UTC)
        if row is None:
            row = HarvestedItem(source=source, item_id=item_id)
            self.session.add(row)
        row.document_id = document_id if document_id is not None else row.document_id
        row.number, row.changed, row.deleted, row.harvested_at = number, changed, deleted, now
        self.session.flush()

    def counts(self, source: str) -> tuple[int, int]:
        """(items harvested, of which withdrawn) for the status line."""
        total = self.session.scalar(select(func.count()).select_from(HarvestedItem)
                                    .where(HarvestedItem.source == source)) or 0  # fmt: skip
        gone = self.session.scalar(select(func.count()).select_from(HarvestedItem).where(
            HarvestedItem.source == source, HarvestedItem.deleted.is_(True))) or 0  # fmt: skip
        return int(total), int(gone)
