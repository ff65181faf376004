"""Pages of the commitments and motions tracker: the list with filters and exports, the
forms that change a commitment or confirm a proposed fulfilment, and the motions."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from partnerships.domain.context import UserContext
from partnerships.services import audit, commitments
from partnerships.services.commitments import TrackedCommitment
from partnerships.web.api_models import GevolgdeToezegging, Motie, MotieInBasis, Registerpagina
from partnerships.web.downloads import content_disposition
from partnerships.web.page_support import KB, Lang, User, cached, form_text, render
from partnerships.web.problems import Refused, status_of

router = APIRouter(include_in_schema=False)
_STATUS = {s: s for s in commitments.STATUSES} | {
    "overdue": commitments.OVERDUE,
    commitments.OVERDUE: commitments.OVERDUE,
}


def _filters(request: Request) -> dict[str, Any]:
    q = request.query_params
    land = (q.get("land") or "").strip().upper()
    if land and not (land.isalpha() and len(land) in (2, 3)):
        raise HTTPException(400, "land")
    status = q.get("status") or "all"
    if status != "all" and status not in _STATUS:
        raise HTTPException(400, "status")
    return {"status": status, "land": land, "responsible": (q.get("verantwoordelijk") or "")[:80],
            "q": (q.get("q") or "")[:80]}  # fmt: skip


#: commitments per page of the tracker
PAGE_SIZE = 50


def _items(kb: Any, user: UserContext, f: dict[str, Any]) -> list[TrackedCommitment]:
    """Every matching commitment, without proposals (exports)."""
    return commitments.tracker(
        kb, user, date.today(), _STATUS.get(f["status"]), f["responsible"] or None,
        f["land"] or None, f["q"] or None, proposals=False,
    )  # fmt: skip


def _page_number(request: Request) -> int:
    raw = request.query_params.get("pagina", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise HTTPException(400, "pagina")
    return int(raw)


def _page(
    request: Request, kb: Any, user: UserContext, lang: Any, status_code: int = 200,
    error: str | None = None, cache_key: Any = None,
) -> HTMLResponse:  # fmt: skip
    f = _filters(request)
    params = {k: v for k, v in {"status": f["status"], "verantwoordelijk": f["responsible"],
                                "land": f["land"], "q": f["q"]}.items() if v}  # fmt: skip
    page = _page_number(request)
    found = commitments.tracker_page(
        kb, user, date.today(), _STATUS.get(f["status"]), f["responsible"] or None,
        f["land"] or None, f["q"] or None, (page - 1) * PAGE_SIZE, PAGE_SIZE,
    )  # fmt: skip
    total, items = found.total, GevolgdeToezegging.listed(found.items)
    pages = max(1, -(-total // PAGE_SIZE))

    def url(pagina: int) -> str:
        return "/toezeggingen?" + urlencode(params | {"pagina": str(pagina)})

    return render(
        request, lang, "commitments.html", status_code=status_code, cache_key=cache_key,
        items=items, total=total, page=page, pages=pages, url=url, status=f["status"],
        land=f["land"], responsible=f["responsible"], q=f["q"], can_edit=user.may_edit,
        error=error,
        export_url="/toezeggingen/export?" + urlencode(params or {"status": "all"}),
    )  # fmt: skip


@router.get("/toezeggingen", response_class=HTMLResponse)
def commitments_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    return _page(request, kb, user, lang, cache_key=key)


#: the export's column names and status values in English (the Dutch are the service's own)
ENGLISH_COLUMNS = ("key", "status", "due", "responsible", "commitment", "letter_reference",
                   "letter_date", "fulfilled_by_reference", "fulfilled_by_date", "note",
                   "source")  # fmt: skip
ENGLISH_STATUSES = {"open": "open", "te laat": "overdue", "vervuld": "fulfilled",
                    "deels vervuld": "partly fulfilled", "vervallen": "lapsed"}  # fmt: skip


@router.get("/toezeggingen/export")
def commitments_export(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    """The tracker's rows as CSV or XLSX, column names and statuses in the page's language."""
    fmt = request.query_params.get("formaat", "csv")
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(400, "formaat")
    items = _items(kb, user, _filters(request))
    if lang.code == "en":
        data = commitments.export(items, fmt, ENGLISH_COLUMNS, ENGLISH_STATUSES, "Commitments")
    else:
        data = commitments.export(items, fmt)
    audit.record(kb, user, "export", f"commitments:{fmt}", {"rijen": len(items)})
    media = ("text/csv; charset=utf-8" if fmt == "csv" else
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    stem = "commitments" if lang.code == "en" else "toezeggingen"
    name = f"{stem}-{date.today().isoformat()}.{fmt}"
    return Response(data, media_type=media,
                    headers={"Content-Disposition": content_disposition(name)})  # fmt: skip


def _day(raw: str) -> date | None:
    return date.fromisoformat(raw) if raw.strip() else None


def _number(raw: str) -> int | None:
    return int(raw) if raw.strip().isdigit() else None


@router.post("/toezeggingen/wijzig", response_class=HTMLResponse)
async def commitment_update(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can change commitments."))
    form = await request.form()

    field = partial(form_text, form)

    key = field("sleutel")
    try:
        commitments.update(kb, user, key, field("status") or None,
                           field("verantwoordelijk"), _day(field("uiterlijk")),
                           _number(field("vervuld_door")), field("toelichting"))  # fmt: skip
    except ValueError as exc:  # CommitmentError, a malformed date
        return _page(request, kb, user, lang, 400, lang.said(exc))
    return RedirectResponse(f"/toezeggingen?status=all#t-{key}", status_code=303)


@router.post("/toezeggingen/koppeling", response_class=HTMLResponse)
async def commitment_link(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can change commitments."))
    form = await request.form()
    key = str(form.get("sleutel") or "")
    doc = _number(str(form.get("document") or ""))
    if doc is None:
        return _page(request, kb, user, lang, 400, lang.said(commitments.CommitmentError(
            "no letter given")))  # fmt: skip
    try:
        if form.get("besluit") == "bevestigd":
            commitments.update(kb, user, key, fulfilled_by=doc)
        else:
            commitments.reject_proposal(kb, user, key, doc)
    except commitments.CommitmentError as exc:
        return _page(request, kb, user, lang, 400, lang.said(exc))
    return RedirectResponse(f"/toezeggingen?status=all#t-{key}", status_code=303)


@router.post("/toezeggingen/land", response_class=HTMLResponse)
async def commitment_country(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    """An analyst's correction of what a commitment is about: 'ja' (it is about the
    country), 'nee' (it is not), 'terug' (as its paragraph says); back to the dossier."""
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can change commitments."))
    form = await request.form()
    field = partial(form_text, form)
    verdict = {"ja": True, "nee": False, "terug": None}.get(field("oordeel"), "?")
    if verdict == "?":
        raise HTTPException(400, lang.gettext("Choose ja, nee or terug."))
    try:
        commitments.set_country(kb, user, field("sleutel"), field("land"),
                                verdict if isinstance(verdict, bool) else None)  # fmt: skip
    except commitments.CommitmentError as exc:
        raise Refused(status_of(exc), exc) from None
    land = field("land").upper()
    return RedirectResponse(f"/landen/{quote(land)}#toezeggingen-kop", status_code=303)


@router.post("/toezeggingen/nieuw", response_class=HTMLResponse)
async def commitment_new(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can change commitments."))
    form = await request.form()

    field = partial(form_text, form)

    try:
        item = commitments.add_manual(kb, user, field("tekst"), _day(field("uiterlijk")),
                                      field("verantwoordelijk"), _number(field("document")),
                                      field("toelichting"))  # fmt: skip
    except ValueError as exc:
        return _page(request, kb, user, lang, 400, lang.said(exc))
    return RedirectResponse(f"/toezeggingen?status=all#t-{item.key}", status_code=303)


@router.get("/moties", response_class=HTMLResponse)
def motions_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit

    def page_of(name: str) -> int:
        raw = request.query_params.get(name, "1")
        return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1

    found = commitments.motions(kb, user, page_of("pagina"), page_of("geciteerd"))
    return render(request, lang, "motions.html", cache_key=key, m=found,
                  in_base=[MotieInBasis.of(x).model_dump() for x in found.in_base],
                  cited=[Motie.of(x).model_dump() for x in found.cited.items])  # fmt: skip


@router.get("/toezeggingen/register", response_class=HTMLResponse)
def register_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    """Parliament's register of commitments beside those the letters hold: fulfilling
    letters, matches people confirmed, proposals, and what disagrees."""
    from partnerships.services.register import register_page as page_of

    raw = request.query_params.get("pagina", "1")
    page = int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1
    late = request.query_params.get("status") == "te laat"
    data = Registerpagina.of(page_of(kb, user, date.today(), page, late)).model_dump()
    return render(request, lang, "register.html", r=data, can_edit=user.may_edit)


@router.post("/toezeggingen/register/{register_id}/koppeling")
async def register_verdict(
    request: Request, kb: KB, user: User, lang: Lang, register_id: int
) -> Response:
    from partnerships.services.register import RegisterError, decide

    form = await request.form()
    try:
        decide(kb, user, register_id, form_text(form, "sleutel"), form_text(form, "oordeel"))
    except PermissionError:
        raise HTTPException(403, lang.gettext("Only analysts match commitments.")) from None
    except RegisterError as exc:
        raise Refused(400, exc) from None
    return RedirectResponse(f"/toezeggingen/register#register-{register_id}", status_code=303)
