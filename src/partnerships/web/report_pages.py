"""Pages to build and download reports, and to write their narrative texts."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from partnerships.domain.context import UserContext
from partnerships.domain.reference import names
from partnerships.services import reports
from partnerships.web.downloads import content_disposition
from partnerships.web.page_support import KB, Lang, User, render
from partnerships.web.problems import Refused

router = APIRouter(include_in_schema=False)


def _kinds(lang: Any) -> list[tuple[str, str]]:
    return [("pillars", lang.gettext("Progress report per IMA pillar")),
            ("gcm", lang.gettext("GCM voluntary progress report")),
            ("country", lang.gettext("Country fiche")),
            ("commitments", lang.gettext("Commitments overview"))]  # fmt: skip


def _default_period() -> str:
    return str(date.today().year - 1)


def _sender(kb: Any) -> Any:
    try:
        return reports.load_profile(kb.settings.sender_profile)
    except reports.ProfileError as exc:
        raise HTTPException(500, str(exc)) from None


@router.get("/rapporten", response_class=HTMLResponse)
def reports_page(request: Request, kb: KB, lang: Lang) -> HTMLResponse:
    return render(request, lang, "reports.html", kinds=_kinds(lang), sender=_sender(kb),
                  default_period=_default_period(), error=None)  # fmt: skip


@router.get("/rapporten/maken")
def make_report(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    q = request.query_params
    kind, fmt = q.get("soort", ""), q.get("formaat", "html")
    period = (q.get("periode") or "").strip() or None
    country = (q.get("land") or "").strip() or None
    kenmerk = (q.get("kenmerk") or "").strip()
    final = q.get("definitief") == "1"
    attachments = tuple((q.get("bijlagen") or "").splitlines())
    try:
        data, media, made = reports.make(kb, user, kind, fmt, period, country, kenmerk, final,
                                         attachments)  # fmt: skip
    except ValueError as exc:  # NotFinal, a bad profile or template: every reason shown
        return render(request, lang, "reports.html", status_code=400, kinds=_kinds(lang),
                      sender=_sender(kb), default_period=_default_period(),
                      error=lang.said(exc))  # fmt: skip
    name = f"{kind}-{country or period or date.today().isoformat()}.{fmt}".replace(":", "-")
    headers = {"Content-Disposition": content_disposition(name, inline=fmt == "html")}
    if fmt == "html":
        # the report carries its own stylesheet; let it apply (no scripts anywhere)
        headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
        )
    del made
    return Response(data, media_type=media, headers=headers)


def _sections(kind: str, lang: Any) -> list[tuple[str, str]]:
    n = names("nl")
    if kind == "pillars":
        return [(f"pijler{i}", f"{i}. {n['ima'][i]}") for i in range(1, 7)]
    if kind == "gcm":
        return [(f"doel{i}", f"{i}. {n['gcm'][i]}") for i in range(1, 24)]
    raise HTTPException(400, lang.gettext("Only the pillar and GCM reports have texts."))


def _texts_page(
    request: Request, kb: Any, user: UserContext, lang: Any, kind: str, period: str,
    status: int = 200, error: str | None = None,
) -> HTMLResponse:  # fmt: skip
    sections = _sections(kind, lang)
    try:
        history = reports.text_history(kb, user, kind, period)
    except ValueError as exc:
        raise Refused(400, exc) from None
    current = {k: v[0]["tekst"] for k, v in history.items() if v}
    label = dict(_kinds(lang))[kind]
    return render(request, lang, "report_texts.html", status_code=status, kind=kind,
                  period=period, sections=sections, history=history, current=current,
                  label=label, can_edit=user.may_edit, error=error, clearances=user.levels(),
                  saved=request.query_params.get("opgeslagen") == "1")  # fmt: skip


@router.get("/rapporten/teksten", response_class=HTMLResponse)
def texts_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    kind = request.query_params.get("soort", "pillars")
    period = request.query_params.get("periode") or _default_period()
    return _texts_page(request, kb, user, lang, kind, period)


@router.post("/rapporten/teksten", response_class=HTMLResponse)
async def save_texts(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can write report texts."))
    form = await request.form()
    kind = str(form.get("soort") or "")
    period = str(form.get("periode") or "")
    sections = _sections(kind, lang)
    level = str(form.get("rubricering") or "openbaar")
    try:
        history = reports.text_history(kb, user, kind, period)
        for key, _title in sections:
            new = str(form.get(key) or "").strip()
            old = history.get(key, [{}])[0].get("tekst", "")
            if new != old and (new or old):
                reports.save_text(kb, user, kind, period, key, new, level)
    except PermissionError as exc:
        raise Refused(403, exc) from None
    except ValueError as exc:
        return _texts_page(request, kb, user, lang, kind, _default_period(), 400, lang.said(exc))
    query = urlencode({"soort": kind, "periode": period, "opgeslagen": "1"})
    return RedirectResponse(f"/rapporten/teksten?{query}", status_code=303)


@router.get("/beheer/audit", response_class=HTMLResponse)
def audit_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    """The audit trail for administrators, with the state of the hash chain."""
    from partnerships.services import audit

    action = request.query_params.get("actie") or None
    actor = request.query_params.get("actor") or None
    if action is not None and action not in audit.ACTIONS:
        raise HTTPException(400, "actie")
    try:
        items = audit.entries(kb, user, action, actor)
    except PermissionError:
        raise HTTPException(
            403, lang.gettext("Only administrators can read the audit trail.")
        ) from None
    return render(request, lang, "audit.html", items=items, chain=audit.verify(kb),
                  actions=audit.ACTIONS, action=action, actor=actor)  # fmt: skip
