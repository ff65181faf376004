"""Programmes and their imports: every query the programme register runs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from partnerships.store.clearance import cleared
from partnerships.store.schema import ProgrammeCountry, ProgrammeImport, ProgrammeRow


class ProgrammeRepository:
    """``levels``: the classifications the reader may see (``None`` only for imports,
    which show nothing to anyone)."""

    def __init__(self, session: Session, levels: Sequence[str] | None = None) -> None:
        self.session = session
        self.levels = levels

    def import_of(self, sha256: str) -> ProgrammeImport | None:
        return self.session.scalar(select(ProgrammeImport).where(ProgrammeImport.sha256 == sha256))

    def by_identifiers(self, identifiers: Iterable[str]) -> dict[str, ProgrammeRow]:
        """The programmes with these identifiers (with their classifications), whatever
        their level: an import must find a programme to update it."""
        rows = self.session.scalars(
            select(ProgrammeRow)
            .where(ProgrammeRow.identifier.in_(list(identifiers)))
            .options(selectinload(ProgrammeRow.classifications))
        )
        return {r.identifier: r for r in rows}

    def by_identifier(self, identifier: str) -> ProgrammeRow | None:
        return self.session.scalar(
            select(ProgrammeRow).where(ProgrammeRow.identifier == identifier)
        )

    def visible(self, programme_id: int) -> ProgrammeRow | None:
        """The programme, or None when it does not exist or is above the reader's levels
        (the same answer, so that ids reveal nothing)."""
        row = self.session.get(ProgrammeRow, programme_id)
        if row is None or (self.levels is not None and row.classification not in self.levels):
            return None
        return row

    def listed(self, country: str | None = None, *, with_money: bool = True) -> list[ProgrammeRow]:
        """The programmes the reader may see, by title, with their countries, money and
        classifications loaded; ``country``: only those in that country."""
        loads = [selectinload(ProgrammeRow.countries), selectinload(ProgrammeRow.classifications)]
        if with_money:
            loads.append(selectinload(ProgrammeRow.money))
        stmt = select(ProgrammeRow).options(*loads).order_by(ProgrammeRow.title)
        if self.levels is not None:
            stmt = stmt.where(cleared(ProgrammeRow.classification, self.levels))
        if country:
            stmt = stmt.where(ProgrammeRow.countries.any(ProgrammeCountry.iso3 == country))
        return list(self.session.scalars(stmt))
