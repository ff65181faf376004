"""Pages of the programme portfolio: the list with filters, one programme (classification
and monitoring forms for analysts) and the budget per year against the ceiling."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from partnerships.domain.context import UserContext
from partnerships.domain.reference import names, objectives, pillars
from partnerships.services import programmes
from partnerships.services.programme_views import ProgrammeView
from partnerships.web import charts
from partnerships.web.api_models import Begroting, Programma, ProgrammaSamenvatting
from partnerships.web.page_support import KB, Lang, User, cached, render
from partnerships.web.problems import status_of

router = APIRouter(include_in_schema=False)
KINDS = {"budget": "begroting", "planned": "geplande uitbetaling", "commitment": "verplichting",
         "disbursement": "uitbetaling", "expenditure": "uitgave", "incoming": "ontvangen",
         "incoming_commitment": "toegezegd ontvangen"}  # fmt: skip


def _int(value: str | None, low: int, high: int) -> int | None:
    if value and value.isdigit() and low <= int(value) <= high:
        return int(value)
    return None


@router.get("/programmas", response_class=HTMLResponse)
def programme_list(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    q = request.query_params
    land = (q.get("land") or "").strip().upper() or None
    if land and not (land.isalpha() and len(land) in (2, 3)):
        raise HTTPException(400, "land")
    pillar, objective = _int(q.get("pijler"), 1, 6), _int(q.get("doel"), 1, 23)
    flagged, unclassified = q.get("gesignaleerd") == "1", q.get("ongeclassificeerd") == "1"
    f: dict[str, Any] = {"land": land, "pijler": pillar, "doel": objective,
                         "gesignaleerd": flagged, "ongeclassificeerd": unclassified}  # fmt: skip
    items = _listed(programmes.list_programmes(kb, user, land, pillar, objective, flagged,
                                               unclassified))  # fmt: skip
    return render(request, lang, "programmes.html", cache_key=key, items=items, f=f,
                  pillars=pillars(), objectives=objectives(), can_edit=user.may_edit,
                  form=_EMPTY_FORM, error=None)  # fmt: skip


_EMPTY_FORM = {"identificatie": "", "titel": "", "omschrijving": "", "landen": "",
               "partner": "", "stroom": "ODA", "begroting": "",
               "rubricering": "openbaar"}  # fmt: skip


@router.post("/programmas/nieuw", response_class=HTMLResponse)
async def programme_new(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can classify programmes."))
    data = await request.form()
    form = {k: str(data.get(k) or "") for k in _EMPTY_FORM}
    try:
        budgets = _budgets(form["begroting"])
        created = programmes.add_manual(kb, user, {
            "identifier": form["identificatie"], "title": form["titel"],
            "description": form["omschrijving"], "partner": form["partner"],
            "countries": [c.strip() for c in form["landen"].split(",") if c.strip()],
            "budgets": budgets, "flow": form["stroom"],
            "classification": form["rubricering"]})  # fmt: skip
    except PermissionError:
        raise HTTPException(403, lang.gettext("Not allowed")) from None
    except programmes.ProgrammeError as exc:
        items = _listed(programmes.list_programmes(kb, user))
        f = {"land": None, "pijler": None, "doel": None, "gesignaleerd": False,
             "ongeclassificeerd": False}  # fmt: skip
        return render(request, lang, "programmes.html", status_code=400, items=items, f=f,
                      pillars=pillars(), objectives=objectives(), can_edit=True, form=form,
                      error=lang.said(exc), levels=user.levels())  # fmt: skip
    return RedirectResponse(f"/programmas/{created.programme.id}?opgeslagen=1", status_code=303)


def _listed(views: list[ProgrammeView]) -> list[dict[str, Any]]:
    """The list's rows as the API shows them (its Dutch names are the template's)."""
    return [ProgrammaSamenvatting.of(v).model_dump(by_alias=True) for v in views]


def _budgets(text: str) -> dict[str, str]:
    """The form's 'YEAR=EUR, YEAR=EUR' as amounts per year (checked by the service)."""
    budgets = {}
    for part in text.split(","):
        if part.strip():
            year, sep, amount = part.partition("=")
            if not sep:
                raise programmes.ProgrammeError(f"budget {part.strip()!r}: write YEAR=EUR")
            budgets[year.strip()] = amount.strip().replace(".", "").replace(" ", "")
    return budgets


def _detail(
    request: Request, kb: Any, user: UserContext, lang: Any, pid: int, status: int = 200,
    error: str | None = None,
) -> HTMLResponse:  # fmt: skip
    found = programmes.programme(kb, user, pid) if 0 < pid < 2**31 else None
    if found is None:
        raise HTTPException(404, lang.gettext("This programme does not exist."))
    p = Programma.of(found).model_dump(by_alias=True)
    return render(request, lang, "programme.html", status_code=status, p=p, kinds=KINDS,
                  names=names(lang.code), pillars=pillars(), objectives=objectives(),
                  can_edit=user.may_edit, error=error,
                  saved=request.query_params.get("opgeslagen") == "1")  # fmt: skip


@router.get("/programmas/{pid}", response_class=HTMLResponse)
def programme_page(request: Request, kb: KB, user: User, lang: Lang, pid: int) -> HTMLResponse:
    return _detail(request, kb, user, lang, pid)


@router.post("/programmas/{pid}/indeling", response_class=HTMLResponse)
async def programme_classify(
    request: Request, kb: KB, user: User, lang: Lang, pid: int
) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can classify programmes."))
    form = await request.form()
    extra = str(form.get("extra") or "")
    scheme, _, code = (extra or f"{form.get('schema')}:{form.get('code')}").partition(":")
    try:
        programmes.classify(kb, user, pid, scheme, int(code) if code.isdigit() else 0,
                            str(form.get("status") or ""))  # fmt: skip
    except programmes.ProgrammeError as exc:
        if status_of(exc) == 404:
            raise HTTPException(404, lang.gettext("This programme does not exist.")) from None
        return _detail(request, kb, user, lang, pid, 400, lang.said(exc))
    return RedirectResponse(f"/programmas/{pid}?opgeslagen=1#indeling-kop", status_code=303)


@router.post("/programmas/{pid}/monitoring", response_class=HTMLResponse)
async def programme_monitoring(
    request: Request, kb: KB, user: User, lang: Lang, pid: int
) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can classify programmes."))
    form = await request.form()

    def day(name: str) -> date | None:
        raw = str(form.get(name) or "").strip()
        return date.fromisoformat(raw) if raw else None

    try:
        programmes.set_monitoring(
            kb, user, pid, day("evaluatieGepland"), day("evaluatieGedaan"),
            str(form.get("signaal") or ""), str(form.get("toelichting") or ""),
            str(form.get("bijsturing") or ""),
        )  # fmt: skip
    except ValueError as exc:  # ProgrammeError or a malformed date
        if status_of(exc) == 404:
            raise HTTPException(404, lang.gettext("This programme does not exist.")) from None
        return _detail(request, kb, user, lang, pid, 400, lang.said(exc))
    return RedirectResponse(f"/programmas/{pid}?opgeslagen=1#monitoring-kop", status_code=303)


@router.get("/begroting", response_class=HTMLResponse)
def budget_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    by = request.query_params.get("indeling", "land")
    if by not in ("land", "pijler", "partner"):
        raise HTTPException(400, "indeling")
    by_name = {"land": "country", "pijler": "pillar", "partner": "partner"}[by]
    b = Begroting.of(programmes.budget(kb, user, by_name)).model_dump(by_alias=True)
    chart = ""
    if b["totalen"]:
        chart = charts.bar_chart(
            tuple((str(t["jaar"]), round(t["uitgaven"] / 1e6, 2)) for t in b["totalen"]),
            lang.gettext("Year"), lang.gettext("mln EUR"),
            lang.gettext("Disbursements per year (mln EUR)"),
        )  # fmt: skip
    labels = {"land": lang.gettext("country"), "pijler": lang.gettext("IMA pillar"),
              "partner": lang.gettext("partner organisation")}  # fmt: skip
    return render(request, lang, "budget.html", cache_key=key, b=b, by=by, label=labels[by],
                  chart=Markup(chart), pillar_names=names(lang.code)["ima"])  # fmt: skip
