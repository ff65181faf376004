"""The audit trail: append-only and hash-chained.

Each entry's hash is SHA-256 over its own fields and the previous entry's hash. Appending
happens in the transaction of the change it records (both or neither are stored); on
both databases appenders are serialised (``locks.serialise_writers``) so that the chain
cannot fork.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.store.locks import serialise_writers
from partnerships.store.schema import AuditEntry

GENESIS = "0" * 64


def entry_hash(entry_id: int, at: str, actor: str, action: str, target: str, detail: str,
               prev_hash: str) -> str:  # fmt: skip
    payload = json.dumps([entry_id, at, actor, action, target, detail, prev_hash],
                         ensure_ascii=False, separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainReport:
    entries: int
    head: str
    problems: list[str]

    @property
    def intact(self) -> bool:
        return not self.problems


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(
        self, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
    ) -> AuditEntry:
        serialise_writers(self.session, "audit_log")
        last = self.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        prev = last.hash if last is not None else GENESIS
        next_id = (last.id if last is not None else 0) + 1
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        body = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)
        digest = entry_hash(next_id, at, actor, action, target, body, prev)
        row = AuditEntry(id=next_id, at=at, actor=actor, action=action, target=target,
                         detail=body, prev_hash=prev, hash=digest)  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row

    def verify(self) -> ChainReport:
        """Walk the chain: a changed entry fails its own hash, a removed one the link."""
        problems: list[str] = []
        prev = GENESIS
        expected_id = 1
        count = 0
        for row in self.session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            count += 1
            if row.id != expected_id:
                problems.append(f"entry {expected_id}–{row.id - 1} missing (removed?)")
            if row.prev_hash != prev:
                problems.append(f"entry {row.id}: does not follow the previous entry's hash")
            own = entry_hash(row.id, row.at, row.actor, row.action, row.target, row.detail,
                             row.prev_hash)  # fmt: skip
            if own != row.hash:
                problems.append(f"entry {row.id}: contents changed after it was written")
            prev = row.hash
            expected_id = row.id + 1
        return ChainReport(count, prev, problems)

    def entries(self, action: str | None = None, actor: str | None = None,
                limit: int = 200) -> list[AuditEntry]:  # fmt: skip
        stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        if actor:
            stmt = stmt.where(AuditEntry.actor == actor)
        return list(self.session.scalars(stmt))
