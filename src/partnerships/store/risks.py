"""Repository of the do-no-harm risk register: append-only versions per risk entry."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partnerships.domain.risks import Risk
from partnerships.store.clearance import cleared
from partnerships.store.locks import serialise_writers
from partnerships.store.schema import RiskRow
from partnerships.store.times import aware

_FIELDS = ("country", "programme", "instrument", "category", "description", "likelihood",
           "impact", "intended_effects", "unintended_effects", "mitigation", "owner",
           "review_date", "status", "classification", "note", "author")  # fmt: skip


def _risk(row: RiskRow) -> Risk:
    return Risk(
        **{name: getattr(row, name) for name in _FIELDS},
        key=row.risk_key, version=row.version, created_at=aware(row.created_at),
    )  # fmt: skip


class RiskRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, risk: Risk) -> Risk:
        """A new entry (no key) or the next version of an existing one."""
        key = risk.key or uuid.uuid4().hex
        serialise_writers(self.session, "risks:" + key)
        last = self.session.scalar(select(func.max(RiskRow.version)).where(RiskRow.risk_key == key))
        row = RiskRow(
            **{name: getattr(risk, name) for name in _FIELDS},
            risk_key=key, version=int(last or 0) + 1, created_at=datetime.now(UTC),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _risk(row)

    def latest(self, key: str) -> Risk | None:
        row = self.session.scalar(
            select(RiskRow).where(RiskRow.risk_key == key).order_by(RiskRow.version.desc()).limit(1)
        )
        return None if row is None else _risk(row)

    def current(self, country: str, levels: Sequence[str] | None = None) -> list[Risk]:
        """The newest version of every entry for a country (``levels``: only those the
        reader may see; None: all, for the active-decision check)."""
        newest = (
            select(RiskRow.risk_key, func.max(RiskRow.version).label("v"))
            .where(RiskRow.country == country)
            .group_by(RiskRow.risk_key)
            .subquery()
        )
        stmt = select(RiskRow).join(
            newest, (RiskRow.risk_key == newest.c.risk_key) & (RiskRow.version == newest.c.v)
        )
        rows = [_risk(r) for r in self.session.scalars(stmt)]
        if levels is not None:
            rows = [r for r in rows if r.classification in levels]
        return sorted(rows, key=lambda r: (-r.score, r.review_date, r.key))

    def history(self, key: str, levels: Sequence[str]) -> list[Risk]:
        rows = self.session.scalars(
            select(RiskRow)
            .where(RiskRow.risk_key == key, cleared(RiskRow.classification, levels))
            .order_by(RiskRow.version.desc())
        )
        return [_risk(r) for r in rows]
