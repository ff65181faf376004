"""Migration routes (Frontex) and their detections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from pydantic import Field

from partnerships.web.api_models.common import (
    PageLinks,
    _Model,
)

if TYPE_CHECKING:
    from partnerships.services.routes import RouteDetail as RouteView
    from partnerships.services.routes import RouteSummary


class Route(_Model):
    id: str
    naam: str
    naamEngels: str
    zones: str
    landen: list[str]
    perJaar: dict[str, int]

    @classmethod
    def of(cls, summary: RouteSummary) -> Self:
        """The service's view under the API's Dutch names (also the pages')."""
        r = summary.route
        return cls(id=r.id, naam=r.name_nl, naamEngels=r.name, zones=r.zones,
                   landen=list(r.countries), perJaar=summary.per_year)  # fmt: skip


class Routes(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    routes: list[Route]


class RouteNationaliteit(_Model):
    code: str
    detecties: int
    aandeel: float | None


class RouteDetail(_Model):
    id: str
    naam: str
    naamEngels: str
    zones: str
    landen: list[str]
    perJaar: dict[str, int]
    perMaand: dict[str, int]
    laatsteJaar: str | None
    nationaliteiten: list[RouteNationaliteit]
    bron: str | None

    @classmethod
    def of(cls, detail: RouteView) -> Self:
        r = detail.route
        return cls(
            id=r.id, naam=r.name_nl, naamEngels=r.name, zones=r.zones, landen=list(r.countries),
            perJaar=detail.per_year, perMaand=detail.per_month, laatsteJaar=detail.last_year,
            nationaliteiten=[RouteNationaliteit(code=n.code, detecties=n.detections,
                                                aandeel=n.share) for n in detail.nationalities],
            bron=detail.source,
        )  # fmt: skip
