"""HTML pages (Jinja2, server-rendered, working without JavaScript).

Thin like the API: read parameters, call the read services, render a template. The pages
speak Dutch unless the reader chose English (``?taal=en``, kept in a cookie).
"""

from __future__ import annotations

import html
import threading
from collections import OrderedDict
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from partnerships.domain.context import UserContext
from partnerships.ingest.analyst_table import template_csv
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
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentFilter
from partnerships.web import auth, charts
from partnerships.web.i18n import DEFAULT, LANGUAGES, Language
from partnerships.web.problems import Refused, status_of

env = Environment(
    loader=PackageLoader("partnerships.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
router = APIRouter(include_in_schema=False)
PAGE = 20
#: newest items per dossier section; the rest is one link away
DOSSIER_ITEMS = 10


def kb_of(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


def current_user(request: Request) -> UserContext:
    return auth.user_of(request)


def language(request: Request, taal: Annotated[str | None, Query(max_length=2)] = None) -> Language:
    chosen = taal if taal in LANGUAGES else request.cookies.get("taal")
    return Language(chosen if chosen in LANGUAGES else DEFAULT)


KB = Annotated[KnowledgeBase, Depends(kb_of)]
User = Annotated[UserContext, Depends(current_user)]
Lang = Annotated[Language, Depends(language)]


class PageCache:
    """Rendered pages, reused while the knowledge base is unchanged. The key holds the URL,
    the language and the reader's clearance, so nobody gets a page made for someone else.

    Bounded twice, least recently used out first: by number of pages and by their total
    size (``max_bytes``), because one page of a 540-page letter is megabytes and 512 of them
    would hold gigabytes. A page larger than a tenth of the budget is not kept at all."""

    def __init__(self, size: int = 512, max_bytes: int = 64 * 1024 * 1024) -> None:
        self._size = size
        self.max_bytes = max_bytes
        self._pages: OrderedDict[tuple[Any, ...], str] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._rendering: dict[tuple[Any, ...], threading.Lock] = {}

    @staticmethod
    def _cost(page: str) -> int:
        return len(page) * 4 if not page.isascii() else len(page)  # CPython's widest case

    @property
    def nbytes(self) -> int:
        """What the kept pages take (an upper bound on their string storage)."""
        with self._lock:
            return self._bytes

    def __len__(self) -> int:
        with self._lock:
            return len(self._pages)

    def get(self, key: tuple[Any, ...]) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def rendering(self, key: tuple[Any, ...]) -> threading.Lock:
        """One lock per page being rendered (single flight); forgotten when done."""
        with self._lock:
            lock = self._rendering.get(key)
            if lock is None:
                lock = self._rendering[key] = threading.Lock()
                if len(self._rendering) > 4 * self._size:
                    for k in [k for k, v in self._rendering.items() if not v.locked()]:
                        del self._rendering[k]
            return lock

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def put(self, key: tuple[Any, ...], page: str) -> None:
        cost = self._cost(page)
        if cost > self.max_bytes // 10:
            return  # rendering it again is cheaper than holding it
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= self._cost(old)
            self._pages[key] = page
            self._bytes += cost
            while len(self._pages) > self._size or self._bytes > self.max_bytes:
                _k, dropped = self._pages.popitem(last=False)
                self._bytes -= self._cost(dropped)


#: query parameters that change what a page shows; anything else (a tracking parameter, a
#: cache-busting number) is left out of the cache key, so it cannot defeat the cache
PAGE_PARAMETERS = frozenset(
    "aan actie actor afzender alle beheer doel formaat gesignaleerd grootte indeling jaar land "
    "ongeclassificeerd organisatie pagina periode pijler q sleutel soort status "
    "verantwoordelijk volgende tot van opgeslagen gewichten w robuustheid kenmerk bijlagen "
    "definitief opnieuw".split()
)


def page_query(request: Request) -> str:
    """The part of the query string that can change the page, in a canonical order."""
    kept = sorted(
        (k, v)
        for k, v in request.query_params.multi_items()
        if (k in PAGE_PARAMETERS or k.startswith("w_")) and v != ""
    )
    return "&".join(f"{k}={v}" for k, v in kept)


CACHE = PageCache()


def cached(
    request: Request,
    kb: KnowledgeBase,
    user: UserContext,
    lang: Language,
    statistics_only: bool = False,
) -> tuple[tuple[Any, ...], HTMLResponse | None]:
    """A rendered page for this URL, language, role and clearance while the data it shows
    is unchanged (``statistics_only``: a page made of statistics and criteria only)."""
    key = (
        kb.url,
        str(request.url.path),
        page_query(request),
        lang.code,
        auth.logged_in(request),
        user.roles,
        user.clearance,
        queries.statistics_version(kb) if statistics_only else queries.data_version(kb),
        date.today(),
    )
    page = CACHE.get(key)
    if page is None:
        lock = CACHE.rendering(key)
        if lock.acquire(blocking=False):
            # this request renders the page; render() or the middleware releases the lock
            request.state.render_lock = lock
            return key, None
        # the same page is being rendered for someone else (after a change, everyone
        # misses at once): wait for that rendering instead of repeating it
        if lock.acquire(timeout=30):
            lock.release()
        page = CACHE.get(key)
        if page is None:
            return key, None
    response = HTMLResponse(_personal(page, request, user))
    response.headers["Content-Language"] = lang.code
    if request.query_params.get("taal") in LANGUAGES:
        response.set_cookie("taal", lang.code, max_age=365 * 86400, samesite="lax", httponly=True)
    return key, response


def release_render_lock(request: Request) -> None:
    lock: threading.Lock | None = getattr(request.state, "render_lock", None)
    if lock is not None:
        request.state.render_lock = None
        lock.release()


def _personal(page: str, request: Request, user: UserContext) -> str:
    """Cached pages are shared by everyone with the same roles and clearance; the user's
    name and CSRF token are filled in per response."""
    page = page.replace(auth.CSRF_SENTINEL, auth.csrf_token(request)).replace(
        auth.USER_SENTINEL, html.escape(user.user_id)
    )
    if WATCH_SENTINEL in page:  # the overview: what is new in the user's watches
        from partnerships.services.watches import new_count

        fresh = new_count(request.app.state.kb, user)
        if fresh is None:  # keeps no watches: no line about them
            start, end = page.find("<!--watches-->"), page.find("<!--/watches-->")
            page = page[:start] + page[end + len("<!--/watches-->") :]
        else:
            page = page.replace(WATCH_SENTINEL, str(fresh))
    return page


#: where the overview says how many items are new in the user's watches
WATCH_SENTINEL = "__WATCH_NEW__"


def form_text(form: Any, name: str) -> str:
    """A submitted form field as text; absent fields and file uploads are empty."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def render(
    request: Request, lang: Language, name: str, status_code: int = 200, **ctx: Any
) -> HTMLResponse:
    params = {k: v for k, v in request.query_params.items() if k != "taal"}
    other = "en" if lang.code == "nl" else "nl"
    switch = request.url.path + "?" + urlencode({**params, "taal": other})
    body = env.get_template(name).render(
        _=lang.gettext,
        ngettext=lang.ngettext,
        lang=lang,
        path=request.url.path,
        switch_url=switch,
        switch_label="English" if other == "en" else "Nederlands",
        switch_lang=other,
        csrf_token=auth.CSRF_SENTINEL,
        me=auth.user_of(request),
        me_name=auth.USER_SENTINEL,
        logged_in=auth.logged_in(request),
        # the single-user installation: the visitor on this computer is the analyst
        local_analyst=not auth.logged_in(request) and request.app.state.kb.settings.local_analyst,
        **ctx,
    )
    cache_key = ctx.get("cache_key")
    if cache_key is not None and status_code == 200:
        CACHE.put(cache_key, body)
    release_render_lock(request)
    body = _personal(body, request, auth.user_of(request))
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("taal") in LANGUAGES:
        response.set_cookie("taal", lang.code, max_age=365 * 86400, samesite="lax", httponly=True)
    response.headers["Content-Language"] = lang.code
    return response


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    data = dashboard.overview(kb, user, date.today())
    top = data["landen"]
    world = charts.world_map(
        tuple((c["numeriek"], c["code"], lang.country(c["code"]), c["vermeldingen"]) for c in top),
        lang.gettext("Mentions"),
        lang.gettext("World map: how often each country is mentioned in the letters"),
        lang.gettext("mentions"),
        lang.gettext("mention"),
    )
    summary = ""
    if top:
        summary = lang.gettext("Most mentioned: {names}.").format(
            names=", ".join(f"{lang.country(c['code'])} ({c['vermeldingen']})" for c in top[:5])
        )
    return render(
        request,
        lang,
        "overview.html",
        cache_key=key,
        data=data,
        world=Markup(world),
        summary=summary,
    )


@router.get("/landen", response_class=HTMLResponse)
def countries(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    items = queries.list_countries(kb, user, mentioned_only=True)
    items.sort(key=lambda c: (-c["vermeldingen"], c["naam"]))
    return render(request, lang, "countries.html", cache_key=key, countries=items)


@router.get("/landen/{code}", response_class=HTMLResponse)
def country(request: Request, kb: KB, user: User, lang: Lang, code: str) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    dossier = (
        queries.country_dossier(kb, user, code) if len(code) in (2, 3) and code.isalpha() else None
    )
    if dossier is None:
        raise HTTPException(404, lang.gettext("This country is not in ISO 3166."))
    per_year = tuple(sorted(dossier["vermeldingenPerJaar"].items()))
    chart = ""
    if per_year:
        chart = charts.bar_chart(
            per_year,
            lang.gettext("Year"),
            lang.gettext("Mentions"),
            lang.gettext("Mentions of {name} per year").format(name=dossier["naam"]),
        )
    docs = {d["id"]: d for d in dossier["documenten"]}
    from partnerships.services.commitments import motions_about

    motions_total, motions_here = motions_about(kb, user, dossier["code"])
    ind = indicators.country_indicators(kb, user, dossier["code"])
    crossings = indicators.nationality_detections(kb, user, dossier["code"])
    crossing_chart = ""
    if crossings["perMaand"]:
        crossing_chart = charts.line_chart(
            tuple(crossings["perMaand"].items()),
            lang.gettext("Month"),
            lang.gettext("Detections"),
            lang.gettext("Detections of {name} nationals per month").format(name=dossier["naam"]),
        )
    last_year = max((r["jaar"] for r in ind["routes"]), default=None) if ind else None
    routes_used = [
        r for r in (ind or {}).get("routes", []) if r["jaar"] == last_year and r["aandeel"]
    ]
    rates = tuple(
        (r["jaar"], r["effectiefTerugkeerpercentage"])
        for r in (ind or {}).get("reeks", [])
        if r["effectiefTerugkeerpercentage"] is not None
    )
    return_chart = (
        charts.bar_chart(rates, lang.gettext("Year"), "%",
                         lang.gettext("Effective return rate per year (EU)"))
        if rates else ""
    )  # fmt: skip
    assessment = return_cooperation.assessment(kb, user, dossier["code"])
    history = decisions.decision_history(kb, user, dossier["code"]) or []
    risk_register = risks.country_risks(kb, user, dossier["code"])
    funded = programmes.list_programmes(kb, user, dossier["code"])
    # the commitments about the country by their own paragraph (bounded whatever the base
    # holds); the tracker filtered by country has them all
    promised_total, promised = commitments.tracker_page(
        kb, user, date.today(), limit=DOSSIER_ITEMS, country=dossier["code"]
    )
    return render(
        request,
        lang,
        "country.html",
        assessment=assessment,
        history=history,
        risks=risk_register,
        funded=funded,
        promised=promised,
        promised_total=promised_total,
        motions=motions_here,
        motions_total=motions_total,
        can_decide=user.may_edit,
        cache_key=key,
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


@router.get("/documenten/nieuw", response_class=HTMLResponse)
def upload_page(request: Request, user: User, lang: Lang) -> Response:
    """Analysts add letters in the browser (one or many files)."""
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts and administrators add letters."))
    return render(request, lang, "upload.html", results=[], levels=user.levels())


@router.post("/documenten/nieuw", response_class=HTMLResponse)
async def upload(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    """Read each uploaded file and show what the extraction found before anything is
    stored (``direct``: store at once, as before); a file the extractor cannot read gets
    its message."""
    from starlette.datastructures import UploadFile as Upload

    from partnerships.services.documents import UploadError, add_letter, stage_letter

    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts and administrators add letters."))
    form = await request.form()
    level = form_text(form, "rubricering") or "openbaar"
    direct = form_text(form, "direct") == "1"
    results: list[dict[str, Any]] = []
    staged: list[dict[str, Any]] = []
    limit = kb.settings.max_file_mb * 1024 * 1024
    for item in form.getlist("bestanden"):
        if not isinstance(item, Upload):
            continue
        name = item.filename or "brief"
        data = await item.read(limit + 1)
        try:
            if len(data) > limit:
                raise UploadError(f"{name}: over {kb.settings.max_file_mb} MiB")
            if not direct:
                one = stage_letter(kb, user, name, data)
                staged.append({"token": one.token, "bestand": one.name, "doc": one.view,
                               "alinea": highlight(one.view), "bekend": one.known,
                               "waarschuwingen": list(one.warnings)})  # fmt: skip
                continue
            added = add_letter(kb, user, name, data, level)
        except (UploadError, PermissionError) as exc:
            results.append({"bestand": name, "fout": lang.said(exc)})
            continue
        results.append(_upload_result(lang, name, added))
    if staged:
        return render(request, lang, "upload_preview.html", staged=staged, errors=results,
                      levels=user.levels(), level=level)  # fmt: skip
    status = 200 if all("fout" not in r for r in results) and results else 400
    return render(request, lang, "upload.html", results=results, levels=user.levels(),
                  status_code=status)  # fmt: skip


def _upload_result(lang: Lang, name: str, added: Any) -> dict[str, Any]:
    said = {
        "new": lang.gettext("stored"),
        "updated": lang.gettext("updated"),
        "unchanged": lang.gettext("already in the base"),
    }
    return {"bestand": name, "id": added.document_id, "uitkomst": said[added.outcome],
            "waarschuwingen": list(added.warnings)}  # fmt: skip


@router.post("/documenten/nieuw/opslaan", response_class=HTMLResponse)
async def store_upload(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    """Store a file seen in the preview, with the corrections made there (kept as
    audited overrides, as on the letter page)."""
    from partnerships.services.documents import CORRECTIONS, UploadError, store_staged

    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts and administrators add letters."))
    form = await request.form()
    name = form_text(form, "bestand") or "brief"
    fields = {k: form_text(form, k).strip() for k in CORRECTIONS}
    extracted = {k: form_text(form, f"gelezen-{k}").strip() for k in CORRECTIONS}
    changes = {k: v for k, v in fields.items() if v and v != extracted[k]}
    try:
        level = form_text(form, "rubricering") or "openbaar"
        added = store_staged(kb, user, form_text(form, "token"), level, dict(changes))
        result = _upload_result(lang, name, added)
        status = 200
    except (UploadError, PermissionError) as exc:
        result, status = {"bestand": name, "fout": lang.said(exc)}, 400
    return render(request, lang, "upload.html", results=[result], levels=user.levels(),
                  status_code=status)  # fmt: skip


@router.post("/documenten/{doc_id}/correctie")
async def correct(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts correct fields the extraction read wrong; a field left as it was is not
    recorded as a correction."""
    from fastapi.responses import RedirectResponse

    from partnerships.services.documents import CORRECTIONS, UploadError, correct_letter

    form = await request.form()
    current = queries.get_document(kb, user, doc_id) if 0 < doc_id < 2**31 else None
    if current is None:
        raise HTTPException(404, lang.gettext("This letter does not exist."))
    was = {"onderwerp": current["onderwerp"], "datum": current["datum"],
           "kenmerk": current["kenmerk"], "geadresseerde": current["geadresseerde"],
           "afzenderMinisterie": current["afzender"]["ministerie"],
           "afzenderEenheid": current["afzender"]["eenheid"]}  # fmt: skip
    changes = {k: form_text(form, k).strip() for k in CORRECTIONS if k in form}
    changes = {k: v for k, v in changes.items() if v and v != (was.get(k) or "")}
    if changes:
        try:
            correct_letter(kb, user, doc_id, dict(changes))
        except PermissionError as exc:
            raise Refused(403, exc) from None
        except UploadError as exc:
            raise Refused(400, exc) from None
    return RedirectResponse(f"/documenten/{doc_id}", status_code=303)


@router.post("/documenten/{doc_id}/opnieuw-lezen")
def read_again(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts read a letter again from its kept original with the current extractor;
    corrections and verdicts stay."""
    from fastapi.responses import RedirectResponse

    from partnerships.services import documents

    if not 0 < doc_id < 2**31:
        raise HTTPException(404, lang.gettext("This letter does not exist."))
    try:
        documents.read_again(kb, user, doc_id)
    except (PermissionError, documents.UploadError) as exc:
        raise Refused(status_of(exc), exc) from None
    return RedirectResponse(f"/documenten/{doc_id}?opnieuw=1", status_code=303)


@router.get("/documenten/{doc_id}", response_class=HTMLResponse)
def letter(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    doc = queries.get_document(kb, user, doc_id) if 0 < doc_id < 2**31 else None
    if doc is None:
        raise HTTPException(404, lang.gettext("This letter does not exist."))
    from partnerships.services.documents import renditions

    paragraphs = highlight(doc)
    notes = {n["nummer"]: n for n in doc["voetnoten"]}
    return render(
        request,
        lang,
        "letter.html",
        cache_key=key,
        doc=doc,
        renditions=renditions(kb, doc_id),
        read_again=request.query_params.get("opnieuw") == "1",
        paragraphs=paragraphs,
        notes=notes,
        footnote_items=_footnote_items(doc),
        can_edit=user.may_edit,
        levels=user.levels(),
    )


@router.post("/documenten/{doc_id}/rubricering")
async def reclassify(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts change a letter's classification (audited); never beyond their clearance."""
    from fastapi.responses import RedirectResponse

    from partnerships.services.documents import set_classification

    form = await request.form()
    try:
        set_classification(kb, user, doc_id, form_text(form, "rubricering"))
    except PermissionError as exc:
        raise Refused(403, exc) from None
    except ValueError as exc:
        raise Refused(status_of(exc), exc) from None
    target = f"/documenten/{doc_id}"
    visible = queries.get_document(kb, user, doc_id) is not None
    return RedirectResponse(target if visible else "/", status_code=303)


@router.post("/documenten/{doc_id}/onderwerpen")
async def judge_topic(request: Request, kb: KB, user: User, lang: Lang, doc_id: int) -> Response:
    """Analysts confirm or reject a letter's topic, or withdraw their verdict (audited)."""
    from fastapi.responses import RedirectResponse

    from partnerships.services.topics import TopicError, set_topic

    form = await request.form()
    choice, code = form_text(form, "oordeel"), form_text(form, "code")
    verdict = None if choice == "" else choice == "ja"
    if choice not in ("ja", "nee", "") or not code.isdigit():
        raise HTTPException(400, lang.gettext("Choose yes, no or the suggestion."))
    try:
        set_topic(kb, user, doc_id, form_text(form, "schema"), int(code),
                  verdict, form_text(form, "toelichting"))  # fmt: skip
    except PermissionError as exc:
        raise Refused(403, exc) from None
    except TopicError as exc:
        raise Refused(status_of(exc), exc) from None
    return RedirectResponse(f"/documenten/{doc_id}#onderwerpen-kop", status_code=303)


@router.get("/zoeken", response_class=HTMLResponse)
def search_page(
    request: Request,
    kb: KB,
    user: User,
    lang: Lang,
    q: Annotated[str, Query(max_length=500)] = "",
    jaar: Annotated[int | None, Query(ge=1800, le=2200)] = None,
    aan: Annotated[str | None, Query(max_length=32)] = None,
    afzender: Annotated[str | None, Query(max_length=200)] = None,
    land: Annotated[str | None, Query(max_length=3)] = None,
    organisatie: Annotated[str | None, Query(max_length=64)] = None,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    flt = DocumentFilter(
        date_from=date(jaar, 1, 1) if jaar else None,
        date_to=date(jaar, 12, 31) if jaar else None,
        addressee=aan or None,
        sender=afzender or None,
        country=land.upper() if land else None,
        organisation=organisatie or None,
    )
    total: int = 0
    results: list[dict[str, Any]] = []
    facets: dict[str, list[dict[str, Any]]] = {}
    if q.strip():
        total, results, facets = queries.search_with_facets(
            kb, user, q, flt, (pagina - 1) * PAGE, PAGE
        )
    active = {k: v for k, v in (("jaar", jaar), ("aan", aan), ("afzender", afzender),
                                 ("land", land), ("organisatie", organisatie)) if v}  # fmt: skip

    def url(**changes: Any) -> str:
        params: dict[str, Any] = {"q": q, **active, **changes}
        return "/zoeken?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    pages = max(1, -(-total // PAGE))
    return render(
        request,
        lang,
        "search.html",
        cache_key=key,
        q=q,
        total=total,
        results=results,
        facets=facets,
        facet_sample=queries.FACET_SAMPLE,
        active=active,
        url=url,
        page=pagina,
        pages=pages,
        fragment=lambda f: Markup(f),
    )  # fragments are escaped by the service


@router.get("/sjablonen/indicatoren.csv")
def indicator_template() -> Response:
    """The analyst table template (Dutch Excel reads the semicolons)."""
    return Response(
        template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="indicatoren-sjabloon.csv"'},
    )


# -- letter text with its facts highlighted -------------------------------------------------

_KIND_CLASS = {
    "country": "ent-land", "region": "ent-regio", "organisation": "ent-org",
    "programme": "ent-prog", "amount": "fact-bedrag", "quantity": "fact-aantal",
    "percentage": "fact-pct", "reference": "ref", "commitment": "toezegging",
}  # fmt: skip


def _marks(doc: dict[str, Any]) -> list[tuple[int, int, str, str | None, str]]:
    """(start, end, css class, link, title) for body spans; longer spans win overlaps."""
    marks: list[tuple[int, int, str, str | None, str]] = []
    for e in doc["entiteiten"]:
        if e["voetnoot"] is None:
            link = f"/landen/{e['code']}" if e["soort"] == "country" else None
            marks.append((e["start"], e["eind"], _KIND_CLASS[e["soort"]], link, e["naam"]))
    for f in doc["feiten"]:
        if f["voetnoot"] is None:
            marks.append((f["start"], f["eind"], _KIND_CLASS[f["soort"]], None, str(f["waarde"])))
    for r in doc["verwijzingen"]:
        if r["voetnoot"] is None:
            link = f"/documenten/{r['document']['id']}" if r["document"] else r.get("url")
            marks.append((r["start"], r["eind"], "ref", link, r["soort"]))
    chosen: list[tuple[int, int, str, str | None, str]] = []
    for m in sorted(marks, key=lambda m: (-(m[1] - m[0]), m[0])):
        if all(m[1] <= c[0] or m[0] >= c[1] for c in chosen):
            chosen.append(m)
    return sorted(chosen)


def highlight(doc: dict[str, Any]) -> list[Markup]:
    """The clean body as HTML paragraphs: facts marked and linked, footnote markers placed,
    commitments underlined. Everything from the letter is escaped."""
    body: str = doc["tekst"]
    marks = _marks(doc)
    markers = sorted((n["markeringPositie"], n["nummer"]) for n in doc["voetnoten"]
                     if n["markeringPositie"] is not None)  # fmt: skip
    commits = [(c["start"], c["eind"]) for c in doc["toezeggingen"] if c["voetnoot"] is None]
    events: list[tuple[int, int, str]] = []  # (position, order, html)
    for s, e, cls, link, title in marks:
        t = html.escape(title, quote=True)
        if link:
            events.append(
                (
                    s,
                    2,
                    f'<a id="pos-{s}" class="{cls}" '
                    f'href="{html.escape(link, quote=True)}" title="{t}">',
                )
            )
            events.append((e, 0, "</a>"))
        else:
            events.append((s, 2, f'<mark id="pos-{s}" class="{cls}" title="{t}">'))
            events.append((e, 0, "</mark>"))
    for s, e in commits:
        events.append((s, 1, '<span class="toezegging">'))
        events.append((e, 1, "</span>"))
    for pos, number in markers:
        events.append(
            (
                pos,
                3,
                f'<sup class="noot"><a href="#noot-{number}" id="ref-{number}">{number}</a></sup>',
            )
        )
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out: list[str] = []
    pos = 0
    for at, _order, tag in events:
        if at > pos:
            out.append(html.escape(body[pos:at]))
            pos = at
        out.append(tag)
    out.append(html.escape(body[pos:]))
    text = "".join(out)
    return [Markup(p) for p in text.split("\n\n") if p.strip()]


def _footnote_items(doc: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    items: dict[int, list[dict[str, Any]]] = {}
    for r in doc["verwijzingen"]:
        if r["voetnoot"] is not None:
            items.setdefault(r["voetnoot"], []).append(r)
    return items


@router.get("/routes", response_class=HTMLResponse)
def routes_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang, statistics_only=True)
    if hit is not None:
        return hit
    routes = indicators.routes_overview(kb, user)
    years = sorted({y for r in routes for y in r["perJaar"]})[-6:]
    return render(request, lang, "routes.html", cache_key=key, routes=routes, years=years)


@router.get("/routes/{route_id}", response_class=HTMLResponse)
def route_page(request: Request, kb: KB, user: User, lang: Lang, route_id: str) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang, statistics_only=True)
    if hit is not None:
        return hit
    detail = indicators.route_detail(kb, user, route_id) if route_id.isalpha() else None
    if detail is None:
        raise HTTPException(404, lang.gettext("This route does not exist."))
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
    names = {c["code"]: c["naam"] for c in queries.list_countries(kb, user, mentioned_only=False)}
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
