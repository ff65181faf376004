"""Repositories for decision support: criteria versions and country decision records.

Both are append-only: saving is adding a version, so the history needs no separate log and
a ranking or decision can always be traced to the exact configuration it was made with.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from partnerships.domain.decisions import DecisionRecord, Evidence
from partnerships.store.clearance import cleared
from partnerships.store.locks import serialise_writers
from partnerships.store.schema import CriteriaVersion, DecisionRow, Document, IndicatorRelease
from partnerships.store.times import aware


class CriteriaRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def latest(self) -> CriteriaVersion | None:
        return self.session.scalar(
            select(CriteriaVersion).order_by(CriteriaVersion.id.desc()).limit(1)
        )

    def get(self, version: int) -> CriteriaVersion | None:
        return self.session.get(CriteriaVersion, version)

    def add(self, toml: str, author: str, note: str) -> CriteriaVersion:
        row = CriteriaVersion(toml=toml, author=author, note=note, created_at=datetime.now(UTC))
        self.session.add(row)
        self.session.flush()
        return row

    def history(self) -> list[CriteriaVersion]:
        return list(self.session.scalars(select(CriteriaVersion).order_by(CriteriaVersion.id)))


def _record(row: DecisionRow) -> DecisionRecord:
    return DecisionRecord(
        country=row.country, title=row.title, instruments=tuple(row.instruments),
        rationale=row.rationale, weighed=row.weighed,
        evidence=tuple(Evidence(e["kind"], e["ref"], e.get("label", "")) for e in row.evidence),
        status=row.status, classification=row.classification, version=row.version,
        author=row.author, created_at=aware(row.created_at), note=row.note,
    )  # fmt: skip


class DecisionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, record: DecisionRecord) -> DecisionRecord:
        """Store the record as the country's next version (unique per country: two people
        saving at once cannot both get the same number; the loser's transaction fails)."""
        serialise_writers(self.session, "decisions:" + record.country)
        last = self.session.scalar(
            select(func.max(DecisionRow.version)).where(DecisionRow.country == record.country)
        )
        row = DecisionRow(
            country=record.country, version=int(last or 0) + 1, status=record.status,
            classification=record.classification, title=record.title,
            instruments=list(record.instruments), rationale=record.rationale,
            weighed=record.weighed,
            evidence=[{"kind": e.kind, "ref": e.ref, "label": e.label} for e in record.evidence],
            note=record.note, author=record.author, created_at=datetime.now(UTC),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _record(row)

    def newest(self, country: str) -> DecisionRecord | None:
        """The country's newest version whoever may see it (for the supersede check)."""
        row = self.session.scalar(
            select(DecisionRow).where(DecisionRow.country == country)
            .order_by(DecisionRow.version.desc()).limit(1)
        )  # fmt: skip
        return None if row is None else _record(row)

    def newest_visible_row(self, country: str, levels: Sequence[str]) -> DecisionRow | None:
        return self.session.scalar(
            select(DecisionRow)
            .where(DecisionRow.country == country, cleared(DecisionRow.classification, levels))
            .order_by(DecisionRow.version.desc()).limit(1)
        )  # fmt: skip

    def visible_number(self, row: DecisionRow, levels: Sequence[str]) -> int:
        """The row's number among the country's versions a reader with ``levels`` sees."""
        return int(self.session.scalar(
            select(func.count()).select_from(DecisionRow).where(
                DecisionRow.country == row.country, DecisionRow.version <= row.version,
                cleared(DecisionRow.classification, levels))
        ) or 0)  # fmt: skip

    def history(self, country: str, levels: Sequence[str]) -> list[DecisionRecord]:
        """All versions the reader may see, newest first."""
        rows = self.session.scalars(
            select(DecisionRow)
            .where(DecisionRow.country == country, cleared(DecisionRow.classification, levels))
            .order_by(DecisionRow.version.desc())
        )
        return [_record(r) for r in rows]

    def countries(self, levels: Sequence[str]) -> list[tuple[str, int]]:
        """Countries with a visible decision and their newest visible version."""
        rows = self.session.execute(
            select(DecisionRow.country, func.max(DecisionRow.version))
            .where(cleared(DecisionRow.classification, levels))
            .group_by(DecisionRow.country)
            .order_by(DecisionRow.country)
        )
        return [(c, int(v)) for c, v in rows]


class EvidenceLookup:
    """Whether what a decision's evidence names exists in the base."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def has_document(self, document_id: int) -> bool:
        found = select(Document.id).where(Document.id == document_id)  # not the letter's body
        return self.session.scalar(found) is not None

    def imported_datasets(self) -> set[str]:
        return set(self.session.scalars(select(IndicatorRelease.dataset).distinct()))

    def has_criteria_version(self, version: int) -> bool:
        return CriteriaRepository(self.session).get(version) is not None
