"""Migration routes (Frontex): every route with its detections per year, one route in
detail, and the routes one nationality takes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from partnerships.domain import provenance
from partnerships.domain.context import UserContext
from partnerships.domain.routes import ReleaseRef, Route
from partnerships.services.unit_of_work import Units


@dataclass(frozen=True, slots=True)
class RouteSummary:
    route: Route
    per_year: dict[str, int]  # year -> detections, in year order


@dataclass(frozen=True, slots=True)
class NationalityShare:
    code: str
    detections: int
    share: float | None  # % of the route's detections in the year


@dataclass(frozen=True, slots=True)
class RouteDetail:
    """One route: detections per year and month, the nationalities of its latest year
    (at most 20, most detected first) and the release they come from."""

    route: Route
    per_year: dict[str, int]
    per_month: dict[str, int]
    last_year: str | None
    nationalities: tuple[NationalityShare, ...]
    source: str | None


@dataclass(frozen=True, slots=True)
class RouteYear:
    """A route's detections in a year, and its share of that year's detections (of all
    nationalities, or of the one asked for)."""

    route: str
    name_nl: str
    name_en: str
    year: str
    detections: int
    share: float | None


def source_text(release: ReleaseRef, lang: str = "nl") -> str:
    return f"Frontex {release.file_name}, " + provenance.release_text(
        release.release, release.stated, lang
    )


def route_detections(base: Units, user: UserContext, citizen: str | None = None) -> list[RouteYear]:
    """Detections per route and year (all nationalities, or one), with each route's share
    of that year's detections; ordered by year, then most detected first."""
    with base.unit_of_work() as uow:
        totals = {(r, y): n for r, y, n in uow.routes.yearly_totals(user.levels(), citizen)}
        names = {r.id: r for r in uow.routes.all()}
    per_year: dict[str, float] = defaultdict(float)
    for (_route, year), n in totals.items():
        per_year[year] += n
    return [
        RouteYear(route, names[route].name_nl if route in names else route,
                  names[route].name if route in names else route, year, int(n),
                  round(100 * n / per_year[year], 1) if per_year[year] else None)
        for (route, year), n in sorted(totals.items(), key=lambda kv: (kv[0][1], -kv[1]))
    ]  # fmt: skip


def routes_overview(base: Units, user: UserContext) -> list[RouteSummary]:
    """Every route with its detections per year."""
    with base.unit_of_work() as uow:
        totals = uow.routes.yearly_totals(user.levels())
        routes = uow.routes.all()
    yearly: dict[str, dict[str, int]] = defaultdict(dict)
    for route, year, n in totals:
        yearly[route][year] = int(n)
    return [RouteSummary(r, dict(sorted(yearly.get(r.id, {}).items()))) for r in routes]


def route_detail(base: Units, user: UserContext, route_id: str) -> RouteDetail | None:
    """One route: detections per year and per month, the nationalities detected on it in
    the latest year, and the countries along it; None for no such route."""
    with base.unit_of_work() as uow:
        route = uow.routes.get(route_id.upper())
        if route is None:
            return None
        found, release = uow.routes.detections(route.id, user.levels())
    monthly: dict[str, float] = defaultdict(float)
    by_nat: dict[tuple[str, str], float] = defaultdict(float)
    for d in found:
        monthly[d.period] += d.value
        by_nat[(d.period[:4], d.citizen)] += d.value
    yearly: dict[str, float] = defaultdict(float)
    for period, n in monthly.items():
        yearly[period[:4]] += n
    last = max(yearly) if yearly else None
    ranked = sorted(
        ((c, n) for (y, c), n in by_nat.items() if y == last and n > 0), key=lambda cn: -cn[1]
    )
    total_last = yearly.get(last, 0.0) if last else 0.0
    shares = tuple(
        NationalityShare(c, int(n), round(100 * n / total_last, 1) if total_last else None)
        for c, n in ranked[:20]
    )
    return RouteDetail(
        route,
        {y: int(n) for y, n in sorted(yearly.items())},
        {p: int(n) for p, n in sorted(monthly.items())},
        last,
        shares,
        source_text(release) if release else None,
    )
