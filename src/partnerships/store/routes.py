"""Repository of migration routes and the Frontex detections counted on them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.domain.routes import Detection, ReleaseRef, Route
from partnerships.store.indicators import IndicatorRepository
from partnerships.store.schema import RouteRow

DATASET = "frontex_ibc"


def _route(row: RouteRow) -> Route:
    return Route(row.id, row.name, row.name_nl, row.zones, tuple(row.countries))


class RouteRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, routes: Iterable[Route]) -> None:
        """Insert or update the routes a workbook describes."""
        for r in routes:
            self.session.merge(RouteRow(id=r.id, name=r.name, name_nl=r.name_nl, zones=r.zones,
                                        countries=list(r.countries)))  # fmt: skip

    def all(self) -> list[Route]:
        return [_route(r) for r in self.session.scalars(select(RouteRow).order_by(RouteRow.id))]

    def get(self, route_id: str) -> Route | None:
        row = self.session.get(RouteRow, route_id)
        return None if row is None else _route(row)

    def yearly_totals(
        self, levels: Sequence[str], citizen: str | None = None
    ) -> list[tuple[str, str, float]]:
        """(route, year, detections) summed by the database over the visible releases (all
        nationalities, or one)."""
        return IndicatorRepository(self.session, levels).totals_by_geo_and_year(DATASET, citizen)

    def detections(
        self, route_id: str, levels: Sequence[str]
    ) -> tuple[list[Detection], ReleaseRef | None]:
        """Every month's detections per nationality on the route (empty months left out),
        and the release they come from."""
        rows = IndicatorRepository(self.session, levels).series(DATASET, None, route_id)
        found = [Detection(v.period, v.citizen, v.value) for v, _ in rows if v.value is not None]
        first = rows[0][1] if rows else None
        release = (
            None
            if first is None
            else ReleaseRef(first.file_name, first.release, first.release_stated)
        )
        return found, release
