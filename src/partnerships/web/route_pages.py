"""Migration routes (Frontex) and each route's detections."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from partnerships.services import (
    queries,
    routes,
)
from partnerships.web import charts
from partnerships.web.api_models import Route, RouteDetail
from partnerships.web.page_support import (
    KB,
    Lang,
    User,
    cached,
    render,
)

router = APIRouter(include_in_schema=False)


@router.get("/routes", response_class=HTMLResponse)
def routes_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang, statistics_only=True)
    if hit is not None:
        return hit
    shown = [Route.of(r).model_dump() for r in routes.routes_overview(kb, user)]
    years = sorted({y for r in shown for y in r["perJaar"]})[-6:]
    return render(request, lang, "routes.html", cache_key=key, routes=shown, years=years)


@router.get("/routes/{route_id}", response_class=HTMLResponse)
def route_page(request: Request, kb: KB, user: User, lang: Lang, route_id: str) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang, statistics_only=True)
    if hit is not None:
        return hit
    found = routes.route_detail(kb, user, route_id) if route_id.isalpha() else None
    if found is None:
        raise HTTPException(404, lang.gettext("This route does not exist."))
    detail = RouteDetail.of(found).model_dump()
    per_year = tuple((y, n) for y, n in detail["perJaar"].items())
    chart = charts.bar_chart(
        per_year,
        lang.gettext("Year"),
        lang.gettext("Detections"),
        lang.gettext("Detections per year on {route}").format(route=detail["naam"]),
    )
    peak = max(per_year, key=lambda yn: yn[1]) if per_year else None
    summary = ""
    if peak:
        summary = lang.gettext("Highest in {year}: {n} detections.").format(
            year=peak[0], n=lang.number(peak[1])
        )
    monthly = tuple(detail["perMaand"].items())
    trend = charts.line_chart(
        monthly, lang.gettext("Month"), lang.gettext("Detections"),
        lang.gettext("Detections per month on {route}").format(route=detail["naam"]),
    ) if monthly else ""  # fmt: skip
    names = {c.country.iso3: c.country.name_nl
             for c in queries.list_countries(kb, user, mentioned_only=False)}  # fmt: skip
    return render(
        request,
        lang,
        "route.html",
        cache_key=key,
        r=detail,
        chart=Markup(chart),
        summary=summary,
        names=names,
        trend=Markup(trend),
    )
