"""Migration routes (Frontex) and their detections."""

from __future__ import annotations

from pydantic import Field

from partnerships.web.api_models.common import (
    PageLinks,
    _Model,
)


class Route(_Model):
    id: str
    naam: str
    naamEngels: str
    zones: str
    landen: list[str]
    perJaar: dict[str, int]


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
