"""The overview and the country pages (the list and each country's dossier)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from partnerships.domain.countries import country_iso3
from partnerships.services import (
    commitments,
    dashboard,
    decisions,
    indicators,
    programmes,
    queries,
    return_cooperation,
    risks,
)
from partnerships.services.commitments import OVERDUE
from partnerships.web import charts
from partnerships.web.api_models import (
    DocumentSamenvatting,
    GevolgdeToezegging,
    LandDossier,
    LandIndicatoren,
    MotieInBasis,
    ProgrammaSamenvatting,
    Risicos,
)
from partnerships.web.page_support import (
    DOSSIER_ITEMS,
    KB,
    Lang,
    User,
    cached,
    render,
)

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    data = dashboard.overview(kb, user, date.today())
    promised = [c | {"verlopen": c["status"] == OVERDUE}
                for c in GevolgdeToezegging.listed(data.commitments.first)]  # fmt: skip
    top = [(c.country, c.mentions) for c in data.countries]
    world = charts.world_map(
        tuple((c.numeric, c.iso3, lang.country(c.iso3), n) for c, n in top),
        lang.gettext("Mentions"),
        lang.gettext("World map: how often each country is mentioned in the letters"),
        lang.gettext("mentions"),
        lang.gettext("mention"),
    )
    summary = ""
    if top:
        summary = lang.gettext("Most mentioned: {names}.").format(
            names=", ".join(f"{lang.country(c.iso3)} ({n})" for c, n in top[:5])
        )
    return render(
        request,
        lang,
        "overview.html",
        cache_key=key,
        data=data,
        recent=[DocumentSamenvatting.of(d).model_dump() for d in data.recent],
        promised=promised,
        world=Markup(world),
        summary=summary,
    )


@router.get("/landen", response_class=HTMLResponse)
def countries(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    items = queries.list_countries(kb, user, mentioned_only=True)
    items.sort(key=lambda c: (-c.mentions, c.country.name_nl))
    return render(request, lang, "countries.html", cache_key=key, countries=items)


@router.get("/landen/{code}", response_class=HTMLResponse)
def country(request: Request, kb: KB, user: User, lang: Lang, code: str) -> HTMLResponse:
    keyed_by = country_iso3(code)
    key, hit = cached(request, kb, user, lang, country=keyed_by)
    if hit is not None:
        return hit
    found = (
        queries.country_dossier(kb, user, code) if len(code) in (2, 3) and code.isalpha() else None
    )
    if found is None:
        raise HTTPException(404, lang.gettext("This country is not in ISO 3166."))
    iso3, name = found.country.iso3, found.country.name_nl
    dossier = LandDossier.of(found).model_dump()
    per_year = tuple(sorted(found.mentions_per_year.items()))
    chart = ""
    if per_year:
        chart = charts.bar_chart(
            per_year,
            lang.gettext("Year"),
            lang.gettext("Mentions"),
            lang.gettext("Mentions of {name} per year").format(name=name),
        )
    docs = {d["id"]: d for d in dossier["documenten"]}
    from partnerships.services.commitments import motions_about

    motions_total, motions_here = motions_about(kb, user, iso3)
    stats = indicators.country_indicators(kb, user, iso3)
    crossings = indicators.nationality_detections(kb, user, iso3)
    crossing_chart = ""
    if crossings.per_month:
        crossing_chart = charts.line_chart(
            tuple(crossings.per_month.items()),
            lang.gettext("Month"),
            lang.gettext("Detections"),
            lang.gettext("Detections of {name} nationals per month").format(name=name),
        )
    route_years = stats.routes if stats else []
    last_year = max((r.year for r in route_years), default=None)
    routes_used = [r for r in route_years if r.year == last_year and r.share]
    rates = tuple((r.year, r.rate) for r in (stats.series if stats else []) if r.rate is not None)
    ind = LandIndicatoren.of(stats).model_dump() if stats else None
    return_chart = (
        charts.bar_chart(rates, lang.gettext("Year"), "%",
                         lang.gettext("Effective return rate per year (EU)"))
        if rates else ""
    )  # fmt: skip
    assessment = return_cooperation.assessment(kb, user, iso3)
    history = decisions.decision_history(kb, user, iso3) or []
    register = risks.country_risks(kb, user, iso3)
    risk_register = Risicos.of(register).model_dump() if register is not None else None
    funded = [ProgrammaSamenvatting.of(v).model_dump()
              for v in programmes.list_programmes(kb, user, iso3)]  # fmt: skip
    # the commitments about the country by their own paragraph (bounded whatever the base
    # holds); the tracker filtered by country has them all. The dossier does not show the
    # letters proposed as fulfilling them (the tracker does), so none are looked for: ~40
    # queries, 60-100 ms at 100,000 letters
    promised = commitments.tracker_page(kb, user, date.today(), limit=DOSSIER_ITEMS,
                                        country=iso3, proposals=False)  # fmt: skip
    return render(
        request,
        lang,
        "country.html",
        assessment=assessment,
        history=history,
        risks=risk_register,
        funded=funded,
        promised=GevolgdeToezegging.listed(promised.items),
        promised_total=promised.total,
        motions=[MotieInBasis.of(x).model_dump() for x in motions_here],
        motions_total=motions_total,
        can_decide=user.may_edit,
        # kept only under the country whose decisions and risks it shows
        cache_key=key if iso3 == keyed_by else None,
        d=dossier,
        chart=Markup(chart),
        docs=docs,
        ind=ind,
        crossings=crossings,
        crossing_chart=Markup(crossing_chart),
        routes_used=routes_used,
        return_chart=Markup(return_chart),
        per_year=per_year,
    )
