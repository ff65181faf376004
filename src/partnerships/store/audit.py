"""The audit trail: append-only and hash-chained.

Each entry's hash is SHA-256 over its own fields and the previous entry's hash. Appending
happens in the transaction of the change it records (both or neither are stored); on
both databases appenders are serialised (``locks.serialise_writers``) so that the chain
cannot fork.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.domain.audit import AuditRecord
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
        # anchored outside the base once the transaction commits (store/audit_anchor.py)
        self.session.info["audit_appended"] = True
        return row

    def verify(self, anchor: tuple[int, str] | None = None) -> ChainReport:
        """Walk the chain: a changed entry fails its own hash, a removed one the link; with
        the ``anchor`` kept outside the base (id and hash of the newest entry then), removed
        newest entries are found too."""
        e = AuditEntry
        columns = (e.id, e.at, e.actor, e.action, e.target, e.detail, e.prev_hash, e.hash)
        stmt = select(*columns).order_by(e.id).execution_options(yield_per=2000)
        rows = self.session.execute(stmt)
        return verify_rows((tuple(r) for r in rows), anchor)

    def entries(self, action: str | None = None, actor: str | None = None,
                limit: int = 200) -> list[AuditRecord]:  # fmt: skip
        """The newest entries (of one action, of one actor), newest first."""
        stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        if actor:
            stmt = stmt.where(AuditEntry.actor == actor)
        return [AuditRecord(e.id, e.at, e.actor, e.action, e.target, e.detail, e.hash)
                for e in self.session.scalars(stmt)]  # fmt: skip


def verify_rows(
    rows: Iterable[tuple[Any, ...]], anchor: tuple[int, str] | None = None
) -> ChainReport:
    """The chain check on plain rows (id, at, actor, action, target, detail, prev_hash,
    hash) in id order: used on the base and on a backup before it is restored."""
    problems: list[str] = []
    prev = GENESIS
    expected_id = 1
    count = 0
    anchored_seen = anchor is None
    for entry_id, at, actor, action, target, detail, prev_hash, digest in rows:
        entry_id = int(entry_id)
        count += 1
        if entry_id != expected_id:
            problems.append(f"entry {expected_id}–{entry_id - 1} missing (removed?)")
        if prev_hash != prev:
            problems.append(f"entry {entry_id}: does not follow the previous entry's hash")
        if entry_hash(entry_id, at, actor, action, target, detail, prev_hash) != digest:
            problems.append(f"entry {entry_id}: contents changed after it was written")
        if anchor is not None and entry_id == anchor[0]:
            anchored_seen = True
            if digest != anchor[1]:
                problems.append(
                    f"entry {entry_id}: differs from the head anchored outside the base"
                )
        prev = digest
        expected_id = entry_id + 1
    if not anchored_seen and anchor is not None:
        problems.append(
            f"entries {expected_id}–{anchor[0]} missing: the anchored head is entry {anchor[0]} "
            "but the trail ends before it (newest entries removed?)"
        )
    return ChainReport(count, prev, problems)
