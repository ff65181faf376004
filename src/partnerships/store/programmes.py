"""Programmes and their imports: every query the programme register runs, in and out of
the domain's records (domain/programmes.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from partnerships.domain.programmes import (
    Programme,
    ProgrammeImport,
    ProgrammeLink,
    ProgrammeMoney,
    ProgrammeShare,
)
from partnerships.store.clearance import cleared
from partnerships.store.schema import (
    ProgrammeClassification,
    ProgrammeCountry,
    ProgrammeRow,
)
from partnerships.store.schema import (
    ProgrammeImport as ImportRow,
)
from partnerships.store.schema import (
    ProgrammeMoney as MoneyRow,
)
from partnerships.store.times import aware

#: the fields a programme's row and record share by name
_FIELDS = ("identifier", "source", "import_id", "reporting_org", "reporting_name", "title",
           "description", "status", "start_date", "end_date", "flow", "currency",
           "humanitarian", "details", "evaluation_due", "evaluation_done", "flag", "flag_note",
           "adaptive_action", "classification")  # fmt: skip
_MONEY = ("kind", "period_start", "period_end", "value", "currency", "counterpart",
          "value_eur", "eur_rate", "rate_date")  # fmt: skip
_LINK = ("status", "score", "reason", "decided_by", "decided_at")
_LOADS = (
    selectinload(ProgrammeRow.countries),
    selectinload(ProgrammeRow.money),
    selectinload(ProgrammeRow.classifications),
)


def _money(m: MoneyRow) -> ProgrammeMoney:
    return ProgrammeMoney(**{name: getattr(m, name) for name in _MONEY})


def _programme(row: ProgrammeRow) -> Programme:
    return Programme(
        **{name: getattr(row, name) for name in _FIELDS},
        id=row.id, updated_at=aware(row.updated_at),
        countries=[ProgrammeShare(c.iso3, c.percentage) for c in row.countries],
        money=[_money(m) for m in row.money],
        classifications=[
            ProgrammeLink(c.scheme, c.code, c.status, c.score, c.reason, c.decided_by,
                          aware(c.decided_at))
            for c in row.classifications
        ],
    )  # fmt: skip


def _import(row: ImportRow) -> ProgrammeImport:
    return ProgrammeImport(row.file_name, row.sha256, row.reporting_org, row.activities,
                           aware(row.imported_at), row.id)  # fmt: skip


class ProgrammeRepository:
    """Fulfils ``services/unit_of_work.ProgrammeStore``: records in, records out."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- imports ---------------------------------------------------------------------------

    def import_of(self, sha256: str) -> ProgrammeImport | None:
        row = self.session.scalar(select(ImportRow).where(ImportRow.sha256 == sha256))
        return None if row is None else _import(row)

    def save_import(self, record: ProgrammeImport) -> ProgrammeImport:
        """A new import (no id), or what changed about one (filters, count, time)."""
        row = self.session.get(ImportRow, record.id) if record.id is not None else None
        if row is None:
            row = ImportRow(file_name=record.file_name, sha256=record.sha256)
            self.session.add(row)
        row.reporting_org = record.reporting_org[:64]
        row.activities, row.imported_at = record.activities, record.imported_at
        self.session.flush()
        return _import(row)

    # -- programmes ------------------------------------------------------------------------

    def by_identifiers(self, identifiers: Iterable[str]) -> dict[str, Programme]:
        """The programmes with these identifiers, whatever their level: an import must find
        a programme to update it."""
        rows = self.session.scalars(
            select(ProgrammeRow)
            .where(ProgrammeRow.identifier.in_(list(identifiers)))
            .options(*_LOADS)
        )
        return {r.identifier: _programme(r) for r in rows}

    def by_identifier(self, identifier: str) -> Programme | None:
        return self.by_identifiers([identifier]).get(identifier)

    def visible(self, programme_id: int, levels: Sequence[str]) -> Programme | None:
        """The programme, or None when it does not exist or is above the reader's levels
        (the same answer, so that ids reveal nothing)."""
        row = self.session.get(ProgrammeRow, programme_id)
        if row is None or row.classification not in levels:
            return None
        return _programme(row)

    def listed(self, levels: Sequence[str], country: str | None = None) -> list[Programme]:
        """The programmes the reader may see, by title; ``country``: only those in it."""
        stmt = select(ProgrammeRow).options(*_LOADS).order_by(ProgrammeRow.title, ProgrammeRow.id)
        stmt = stmt.where(cleared(ProgrammeRow.classification, levels))
        if country:
            stmt = stmt.where(ProgrammeRow.countries.any(ProgrammeCountry.iso3 == country))
        return [_programme(r) for r in self.session.scalars(stmt)]

    def exists(self, identifier: str) -> bool:
        """Whether any programme, of any level, has this identifier."""
        found = self.session.scalar(
            select(ProgrammeRow.id).where(ProgrammeRow.identifier == identifier)
        )
        return found is not None

    def save(self, programme: Programme) -> Programme:
        """A new programme (no id), or what changed about a stored one. Countries and money
        are replaced only when they differ; links are matched on (scheme, code) and updated
        in place, since that pair is unique per programme."""
        row = None
        if programme.id is not None:
            row = self.session.get(ProgrammeRow, programme.id, options=_LOADS)
        if row is None:
            row = ProgrammeRow(countries=[], money=[], classifications=[])
            self.session.add(row)
        for name in _FIELDS:
            setattr(row, name, getattr(programme, name))
        row.updated_at = programme.updated_at or datetime.now(UTC)
        shares = [(c.iso3, c.percentage) for c in programme.countries]
        if [(c.iso3, c.percentage) for c in row.countries] != shares:
            row.countries = [ProgrammeCountry(iso3=c, percentage=p) for c, p in shares]
        if [_money(m) for m in row.money] != programme.money:
            row.money = [
                MoneyRow(**{name: getattr(m, name) for name in _MONEY}) for m in programme.money
            ]
        self._links(row, programme.classifications)
        self.session.flush()
        return _programme(row)

    @staticmethod
    def _links(row: ProgrammeRow, links: Sequence[ProgrammeLink]) -> None:
        wanted = {(c.scheme, c.code): c for c in links}
        for stored in list(row.classifications):
            if (stored.scheme, stored.code) not in wanted:
                row.classifications.remove(stored)
        current = {(c.scheme, c.code): c for c in row.classifications}
        for key, link in wanted.items():
            stored_link = current.get(key)
            if stored_link is None:
                stored_link = ProgrammeClassification(scheme=link.scheme, code=link.code)
                row.classifications.append(stored_link)
            for name in _LINK:
                setattr(stored_link, name, getattr(link, name))
