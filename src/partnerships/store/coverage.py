"""How complete the base is: documents per source, dossier and year; when each source was
last harvested; the Kamerstukken that letters cite but the base lacks. Aggregated by the
database (GROUP BY), bounded lists, so it costs the same at 100,000 letters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, cast, func, literal_column, select
from sqlalchemy.orm import Session

from partnerships.store.clearance import cleared
from partnerships.store.schema import CitationRow, Document, HarvestCursor, HarvestedItem


class CoverageRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def per_dossier_and_year(
        self, levels: list[str], limit: int = 500
    ) -> list[tuple[str, str, int]]:
        # constants as literals, not parameters: PostgreSQL matches GROUP BY expressions by
        # their text, and two parameters are two different expressions to it
        year = func.substr(cast(Document.date, String), literal_column("1"), literal_column("4"))
        dossier = func.coalesce(Document.kamerstuk_dossier, literal_column("'(geen dossier)'"))
        stmt = (
            select(dossier, year, func.count())
            .where(cleared(Document.classification, levels))
            .group_by(dossier, year)
            .order_by(func.count().desc()).limit(limit)
        )  # fmt: skip
        return [(str(d), str(y or "onbekend"), int(n)) for d, y, n in self.session.execute(stmt)]

    def per_source(self) -> list[tuple[str, int]]:
        """Documents with at least one harvested item per source, and the rest as 'bestand'."""
        harvested = select(func.count(func.distinct(HarvestedItem.document_id)),
                           HarvestedItem.source).group_by(HarvestedItem.source)  # fmt: skip
        rows = [(str(src), int(n)) for n, src in self.session.execute(harvested)]
        total = int(self.session.scalar(select(func.count()).select_from(Document)) or 0)
        return [*rows, ("bestand", total - sum(n for _s, n in rows))]

    def last_harvests(self) -> list[tuple[str, str, datetime]]:
        return [(str(s), str(scope), at) for s, scope, at in self.session.execute(
            select(HarvestCursor.source, HarvestCursor.scope, HarvestCursor.updated_at)
            .order_by(HarvestCursor.updated_at.desc()))]  # fmt: skip

    def cited_missing(self, limit: int = 100) -> list[tuple[str, str, int]]:
        """Kamerstukken cited by letters in the base but not in it, most cited first."""
        stmt = (
            select(CitationRow.dossier, CitationRow.number, func.count())
            .where(CitationRow.kind == "kamerstuk", CitationRow.target_id.is_(None),
                   CitationRow.dossier.is_not(None), CitationRow.number.is_not(None))
            .group_by(CitationRow.dossier, CitationRow.number)
            .order_by(func.count().desc(), CitationRow.dossier).limit(limit)
        )  # fmt: skip
        return [(str(d), str(n), int(c)) for d, n, c in self.session.execute(stmt)]
