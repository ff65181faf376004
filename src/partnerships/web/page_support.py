"""What every page shares: the templates, the reader's language, the dependencies, the
bounded page cache with its key, and rendering with the CSRF token and the header."""

from __future__ import annotations

import html
import threading
from collections import OrderedDict
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from partnerships.domain.context import UserContext
from partnerships.services import (
    queries,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web import auth
from partnerships.web.i18n import DEFAULT, LANGUAGES, Language

env = Environment(
    loader=PackageLoader("partnerships.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
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
    country: str | None = None,
) -> tuple[tuple[Any, ...], HTMLResponse | None]:
    """A rendered page for this URL, language, role and clearance while the data it shows
    is unchanged (``statistics_only``: a page made of statistics and criteria only;
    ``country``: a page about one country, which no other country's decisions or risks
    change)."""
    if statistics_only:
        shown = queries.statistics_version(kb)
    elif country is not None:
        shown = queries.country_version(kb, country)
    else:
        shown = queries.data_version(kb)
    key = (
        kb.url,
        str(request.url.path),
        page_query(request),
        lang.code,
        auth.logged_in(request),
        user.roles,
        user.clearance,
        shown,
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
