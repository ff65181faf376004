"""Pages to keep watches (volglijsten) and their Atom feeds."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from partnerships.domain.context import ANONYMOUS
from partnerships.domain.watches import KINDS
from partnerships.services import watches
from partnerships.web.page_support import KB, Lang, User, form_text, render

router = APIRouter(include_in_schema=False)


def _labels(lang: Lang) -> dict[str, str]:
    return {"search": lang.gettext("Search"), "country": lang.gettext("Country"),
            "dossier": lang.gettext("Kamerstuk dossier"),
            "due": lang.gettext("Commitments due within (days)")}  # fmt: skip


def _page(
    request: Request, kb: KB, user: User, lang: Lang, status: int = 200,
    error: str | None = None, made: dict[str, str] | None = None,
) -> HTMLResponse:  # fmt: skip
    mine = watches.mine(kb, user) if user.user_id != ANONYMOUS.user_id else []
    return render(request, lang, "watches.html", status_code=status, watches=mine,
                  kinds=[(k, _labels(lang)[k]) for k in KINDS], kind_label=_labels(lang),
                  error=error, made=made,
                  can_keep=user.user_id != ANONYMOUS.user_id,
                  mail=bool(kb.settings.smtp_host))  # fmt: skip


@router.get("/volglijsten", response_class=HTMLResponse)
def watches_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    return _page(request, kb, user, lang)


@router.post("/volglijsten", response_class=HTMLResponse)
async def keep_watch(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    form = await request.form()
    try:
        watch, token = watches.create(
            kb, user, form_text(form, "naam"), form_text(form, "soort"),
            form_text(form, "zoek"), form_text(form, "email") or None,
        )  # fmt: skip
    except watches.WatchError as exc:
        return _page(request, kb, user, lang, 400, lang.said(exc))
    feed = str(request.base_url).rstrip("/") + f"/volglijsten/feed/{token}.atom"
    return _page(request, kb, user, lang, made={"naam": watch.name, "feed": feed})


@router.get("/volglijsten/{watch_id}", response_class=HTMLResponse)
def watch_page(request: Request, kb: KB, user: User, lang: Lang, watch_id: int) -> HTMLResponse:
    """What the watch reports; opening it marks everything as seen."""
    found = watches.one(kb, user, watch_id)
    if found is None:
        raise HTTPException(404, lang.gettext("No such watch."))
    watch = watches.get(kb, user, watch_id)
    items = watches.items(kb, user, watch)
    watches.seen(kb, user, watch_id)
    return render(request, lang, "watch.html", watch=watch, new=found.new, items=items,
                  label=_labels(lang)[watch.kind])  # fmt: skip


@router.post("/volglijsten/{watch_id}/verwijderen")
def drop_watch(request: Request, kb: KB, user: User, lang: Lang, watch_id: int) -> Response:
    try:
        watches.remove(kb, user, watch_id)
    except watches.WatchError:
        raise HTTPException(404, lang.gettext("No such watch.")) from None
    return RedirectResponse("/volglijsten", status_code=303)


@router.get("/dekking", response_class=HTMLResponse)
def coverage_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    """What the base holds per source, dossier and year, when each source was last
    harvested, and the Kamerstukken letters cite that it lacks (analysts fetch them)."""
    return _coverage(request, kb, user, lang)


def _coverage(
    request: Request, kb: KB, user: User, lang: Lang, status: int = 200,
    fetched: object | None = None,
) -> HTMLResponse:  # fmt: skip
    from partnerships.services.coverage import coverage

    return render(request, lang, "coverage.html", status_code=status, c=coverage(kb, user),
                  can_fetch=user.may_edit, fetched=fetched)  # fmt: skip


@router.post("/dekking/ophalen", response_class=HTMLResponse)
async def fetch_kamerstuk(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    """Fetch a cited Kamerstuk from the publication office (as `harvest ob --kamerstuk`)."""
    from partnerships.services.harvest import harvest_ob

    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts fetch Kamerstukken."))
    form = await request.form()
    number = form_text(form, "kamerstuk").strip()
    report = harvest_ob(kb, [number])
    outcome = ("new" if report.new else "updated" if report.updated else
               "unchanged" if report.unchanged else "failed")  # fmt: skip
    reason = lang.said(report.failed[0][1]) if report.failed else ""
    return _coverage(request, kb, user, lang, 502 if report.failed else 200,
                     {"kamerstuk": number, "uitkomst": outcome, "reden": reason})  # fmt: skip


@router.get("/volglijsten/feed/{token}.atom")
def watch_feed(request: Request, kb: KB, token: str) -> Response:
    """The watch's Atom feed; the token in the address is the key (no login needed, so a
    feed reader can follow it), the owner's clearance decides what it shows."""
    try:
        body = watches.feed(kb, token, str(request.base_url))
    except watches.WatchError:
        raise HTTPException(404, "Onbekende volglijst.") from None
    return Response(body, media_type="application/atom+xml; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=300",
                             "Referrer-Policy": "no-referrer"})  # fmt: skip
