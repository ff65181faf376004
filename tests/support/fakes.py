"""In-memory fakes of the ports in ``services/unit_of_work.py`` (Cosmic Python's pattern).

They keep the repositories' contracts — append-only versions, newest first, visibility by
clearance, all-or-nothing per unit — so a service's rules are tested without a database.
The SQL repositories are held to the same contracts by the integration tests on SQLite
and PostgreSQL. Constructed for the tests; never part of the product.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from partnerships.domain.audit import AuditRecord
from partnerships.domain.decisions import DecisionRecord
from partnerships.domain.risks import Risk
from partnerships.domain.routes import Detection, ReleaseRef, Route
from partnerships.domain.tokens import ApiTokenRecord, TokenOwner


@dataclasses.dataclass
class FakeAuditEntry:
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


class FakeRiskStore:
    def __init__(self) -> None:
        self.rows: list[Risk] = []

    def add(self, risk: Risk) -> Risk:
        key = risk.key or uuid.uuid4().hex
        last = max((r.version for r in self.rows if r.key == key), default=0)
        stored = dataclasses.replace(risk, key=key, version=last + 1, created_at=datetime.now(UTC))
        self.rows.append(stored)
        return stored

    def latest(self, key: str) -> Risk | None:
        versions = [r for r in self.rows if r.key == key]
        return max(versions, key=lambda r: r.version) if versions else None

    def current(self, country: str, levels: Sequence[str] | None = None) -> list[Risk]:
        keys = {r.key for r in self.rows if r.country == country}
        newest = [self.latest(k) for k in keys]
        found = [r for r in newest if r is not None and r.country == country]
        if levels is not None:
            found = [r for r in found if r.classification in levels]
        return sorted(found, key=lambda r: (-r.score, r.review_date, r.key))

    def history(self, key: str, levels: Sequence[str]) -> list[Risk]:
        versions = [r for r in self.rows if r.key == key and r.classification in levels]
        return sorted(versions, key=lambda r: -r.version)


class FakeDecisionStore:
    def __init__(self) -> None:
        self.rows: list[DecisionRecord] = []

    def add(self, record: DecisionRecord) -> DecisionRecord:
        last = max((r.version for r in self.rows if r.country == record.country), default=0)
        stored = dataclasses.replace(record, version=last + 1, created_at=datetime.now(UTC))
        self.rows.append(stored)
        return stored

    def newest(self, country: str) -> DecisionRecord | None:
        mine = [r for r in self.rows if r.country == country]
        return max(mine, key=lambda r: r.version) if mine else None

    def history(self, country: str, levels: Sequence[str]) -> list[DecisionRecord]:
        mine = [r for r in self.rows if r.country == country and r.classification in levels]
        return sorted(mine, key=lambda r: -r.version)

    def countries(self, levels: Sequence[str]) -> list[tuple[str, int]]:
        newest: dict[str, int] = {}
        for r in self.rows:
            if r.classification in levels:
                newest[r.country] = max(newest.get(r.country, 0), r.version)
        return sorted(newest.items())


@dataclasses.dataclass
class FakeEvidenceIndex:
    documents: set[int] = dataclasses.field(default_factory=set)
    datasets: set[str] = dataclasses.field(default_factory=set)
    criteria: set[int] = dataclasses.field(default_factory=set)

    def has_document(self, document_id: int) -> bool:
        return document_id in self.documents

    def imported_datasets(self) -> set[str]:
        return set(self.datasets)

    def has_criteria_version(self, version: int) -> bool:
        return version in self.criteria


class FakeRouteStore:
    """Routes and their detections, each detection with the classification of its release."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.counted: list[tuple[str, Detection, str]] = []  # (route, detection, level)
        self.release: ReleaseRef | None = None

    def all(self) -> list[Route]:
        return [self.routes[k] for k in sorted(self.routes)]

    def get(self, route_id: str) -> Route | None:
        return self.routes.get(route_id)

    def yearly_totals(
        self, levels: Sequence[str], citizen: str | None = None
    ) -> list[tuple[str, str, float]]:
        sums: dict[tuple[str, str], float] = {}
        for route, d, level in self.counted:
            if level in levels and (citizen is None or d.citizen == citizen):
                key = (route, d.period[:4])
                sums[key] = sums.get(key, 0.0) + d.value
        return [(r, y, n) for (r, y), n in sums.items()]

    def detections(
        self, route_id: str, levels: Sequence[str]
    ) -> tuple[list[Detection], ReleaseRef | None]:
        found = [d for r, d, level in self.counted if r == route_id and level in levels]
        return found, self.release if found else None


class FakeTokenStore:
    def __init__(self) -> None:
        self.owners: dict[int, TokenOwner] = {}
        self.rows: list[ApiTokenRecord] = []
        self.hashes: dict[str, int] = {}  # secret digest -> token id

    def owner(self, username: str) -> TokenOwner | None:
        return next((o for o in self.owners.values() if o.username == username), None)

    def owner_by_id(self, owner_id: int) -> TokenOwner | None:
        return self.owners.get(owner_id)

    def add(
        self, owner: TokenOwner, name: str, secret_hash: str, scopes: str, created: datetime,
        expires: datetime | None,
    ) -> ApiTokenRecord:  # fmt: skip
        made = ApiTokenRecord(len(self.rows) + 1, owner.id, owner.username, name,
                              tuple(scopes.split(",")), created, expires)  # fmt: skip
        self.rows.append(made)
        self.hashes[secret_hash] = made.id
        return made

    def get(self, token_id: int) -> ApiTokenRecord | None:
        return next((t for t in self.rows if t.id == token_id), None)

    def by_hash(self, secret_hash: str) -> ApiTokenRecord | None:
        found = self.hashes.get(secret_hash)
        return None if found is None else self.get(found)

    def listed(self, owner_id: int | None = None) -> list[ApiTokenRecord]:
        return [t for t in self.rows if owner_id is None or t.owner_id == owner_id]

    def _replace(self, token_id: int, **change: Any) -> None:
        self.rows = [dataclasses.replace(t, **change) if t.id == token_id else t
                     for t in self.rows]  # fmt: skip

    def revoke(self, token_id: int, when: datetime) -> None:
        self._replace(token_id, revoked_at=when)

    def touch(self, token_id: int, when: datetime) -> None:
        self._replace(token_id, last_used_at=when)


class FakeAuditTrail:
    def __init__(self) -> None:
        self.appended: list[FakeAuditEntry] = []

    def append(
        self, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
    ) -> FakeAuditEntry:
        entry = FakeAuditEntry(actor, action, target, dict(detail or {}))
        self.appended.append(entry)
        return entry

    def entries(
        self, action: str | None = None, actor: str | None = None, limit: int = 200
    ) -> list[AuditRecord]:
        """The entries as the trail keeps them (canonical JSON), newest first."""
        out = [
            AuditRecord(n, f"2026-12-01T00:00:{n:02d}", e.actor, e.action, e.target,
                        json.dumps(e.detail, ensure_ascii=False, sort_keys=True), f"h{n}")
            for n, e in enumerate(self.appended, start=1)
            if (action is None or e.action == action) and (actor is None or e.actor == actor)
        ]  # fmt: skip
        return out[::-1][:limit]


class FakeUnitOfWork:
    """Writes are kept only when the unit commits, as in a database transaction."""

    def __init__(self, base: FakeBase) -> None:
        self.risks = base.risks
        self.decisions = base.decisions
        self.evidence = base.evidence
        self.routes = base.routes
        self.tokens = base.tokens
        self.audit = base.audit
        self.commits = 0

    def _state(self) -> tuple[Any, ...]:
        return (list(self.risks.rows), list(self.decisions.rows), list(self.tokens.rows),
                list(self.audit.appended))  # fmt: skip

    def __enter__(self) -> Self:
        self._saved = self._state()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        risks, decisions, tokens, entries = self._saved
        self.risks.rows[:], self.decisions.rows[:] = risks, decisions
        self.tokens.rows[:], self.audit.appended[:] = tokens, entries

    def commit(self) -> None:
        self._saved = self._state()
        self.commits += 1


class FakeBase:
    """Stands where a service expects the knowledge base: it hands out units of work over
    one set of in-memory repositories."""

    def __init__(self) -> None:
        self.risks = FakeRiskStore()
        self.decisions = FakeDecisionStore()
        self.evidence = FakeEvidenceIndex()
        self.routes = FakeRouteStore()
        self.tokens = FakeTokenStore()
        self.audit = FakeAuditTrail()
        self.units: list[FakeUnitOfWork] = []

    def unit_of_work(self) -> FakeUnitOfWork:
        unit = FakeUnitOfWork(self)
        self.units.append(unit)
        return unit
