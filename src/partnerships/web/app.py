"""The web application: the REST API under /api/v1 (NL API Design Rules).

- ``/core/uri-version``: the major version is in the path (/api/v1);
- ``/core/no-trailing-slash``: a trailing slash is a 404, never a redirect;
- ``/core/version-header``: every response carries ``API-Version``;
- ``/core/publish-openapi``: the OpenAPI 3 document at /api/v1/openapi.json, unauthenticated;
- ``/core/error-handling``: errors as application/problem+json (RFC 9457);
- ``/core/naming-collections``: Dutch plural nouns (/documenten, /landen).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

from partnerships import __version__
from partnerships.services import prioritisation
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web import (
    auth,
    auth_pages,
    charts,
    decision_pages,
    page_support,
    pages,
    problems,
    programme_pages,
    report_pages,
    tracker_pages,
    watch_pages,
)
from partnerships.web.api import router
from partnerships.web.i18n import Language

API_VERSION = "1.0.0"
API_BASE = "/api/v1"
PROBLEM = "application/problem+json"
log = logging.getLogger(__name__)


def _problem(
    status: int,
    title: str,
    detail: str | None,
    request: Request,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update(extra or {})
    return JSONResponse(
        body,
        status_code=status,
        media_type=PROBLEM,
        headers={"API-Version": API_VERSION, **(headers or {})},
    )


# no inline script anywhere; inline style attributes only (server-rendered SVG charts)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def _error_page(
    request: Request, status: int, detail: object, headers: dict[str, str] | None = None
) -> Response:
    """The same look as the other pages, and never a stack trace."""
    lang = Language(request.cookies.get("taal") or "nl")
    titles = {
        400: lang.gettext("The request is not valid"),
        401: lang.gettext("Not logged in"),
        403: lang.gettext("Not allowed"),
        404: lang.gettext("Page not found"),
        500: lang.gettext("Something went wrong"),
    }
    messages = {
        400: lang.gettext("Check the address or the form and try again."),
        401: lang.gettext("The API token is unknown, revoked or expired."),
        403: lang.gettext("Your role does not allow this."),
        404: lang.gettext("The page you asked for does not exist (any more)."),
        500: lang.gettext("The error has been logged. Please try again later."),
    }
    if isinstance(detail, BaseException):  # a service's refusal: said in the page's language
        message: str | None = lang.said(detail)
    else:
        message = (
            detail
            if isinstance(detail, str)
            and status in (403, 404)
            and detail not in ("Not Found", "Forbidden")
            else None
        )
    response = page_support.render(
        request,
        lang,
        "error.html",
        status_code=status,
        title=titles.get(status, titles[500]),
        message=message or messages.get(status, messages[500]),
    )
    response.headers.update(headers or {})
    return response


_DATE_FIELD = re.compile(r"^(date|datum)$|(\w+D|_[dD])(ate|atum)")


def nl_api_rules(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document as the NL API Design Rules (and the Logius spectral ruleset)
    ask for it, from what FastAPI generates:

    - /core/uri-version: the server URL carries the major version (``/api/v1``) and the
      paths are relative to it;
    - /core/version-header: every response declares the ``API-Version`` header it sends;
    - /core/error-handling: errors are ``application/problem+json`` with the Problem schema;
      FastAPI's 422 (which the app never sends: validation errors are 400 problems) goes;
    - /core/error-handling: writes declare the 401 they give without credentials;
    - dates: every date field says ``format: date``."""
    spec["servers"] = [{"url": API_BASE, "description": "Major version 1"}]
    spec["paths"] = {
        (path[len(API_BASE) :] or "/") if path.startswith(API_BASE + "/") else path: item
        for path, item in spec.get("paths", {}).items()
    }
    components = spec.setdefault("components", {})
    components.setdefault("headers", {})["API-Version"] = {
        "description": "De volledige versie van de API (semver)",
        "schema": {"type": "string", "example": API_VERSION},
    }
    for item in spec["paths"].values():
        for method, op in item.items():
            _problem_responses(method, op.get("responses", {}))
    schemas = components.get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    spec = _camel_case_form_bodies(spec)
    for schema in spec.get("components", {}).get("schemas", {}).values():
        for field, prop in schema.get("properties", {}).items():
            if _DATE_FIELD.search(field) and "format" not in prop:
                prop["format"] = "date"
    return spec


_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _problem_responses(method: str, responses: dict[str, Any]) -> None:
    """One operation's responses: 400 problems instead of FastAPI's 422, the 401 of a write
    without credentials, the API-Version header on each, problem+json for every error."""
    if responses.pop("422", None) is not None and "400" not in responses:
        responses["400"] = {"description": "Ongeldig verzoek", "content": _PROBLEM}
    if method in ("post", "put", "patch", "delete"):
        # a write with neither a token nor a session (web/auth.py csrf_protect)
        responses.setdefault("401", {"description": "Niet geauthenticeerd",
                                     "content": _PROBLEM})  # fmt: skip
    for code, response in responses.items():
        response.setdefault("headers", {})["API-Version"] = {
            "$ref": "#/components/headers/API-Version"
        }
        if code[:1] in ("4", "5"):
            response["content"] = _PROBLEM


def _camel_case_form_bodies(spec: dict[str, Any]) -> dict[str, Any]:
    """FastAPI names a form body 'Body_<operation>': the design rules want UpperCamelCase,
    so each becomes 'Formulier<Operation>', references included."""
    schemas = spec.get("components", {}).get("schemas", {})
    renamed = {n: "Formulier" + n.removeprefix("Body_")[:1].upper() + n.removeprefix("Body_")[1:]
               for n in list(schemas) if n.startswith("Body_")}  # fmt: skip
    if not renamed:
        return spec
    for old, new in renamed.items():
        schemas[new] = schemas.pop(old)
    text = json.dumps(spec)
    for old, new in renamed.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed_spec: dict[str, Any] = json.loads(text)
    return renamed_spec


def route_table(app: FastAPI) -> list[tuple[str, frozenset[str]]]:
    """Every endpoint's full path and methods, also inside included routers (FastAPI keeps
    those behind inclusion objects). The leak and CSRF tests walk this table."""
    table = []
    for ctx in iter_route_contexts(app.router.routes):
        methods = getattr(ctx, "methods", None) or getattr(ctx.original_route, "methods", None)
        if ctx.path and methods and isinstance(ctx.original_route, APIRoute | Route):
            table.append((ctx.path, frozenset(methods)))
    return table


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    methods: set[str] = set()
    for template, allowed in route_table(app):
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
            methods |= allowed
    return sorted(methods)


@asynccontextmanager
async def _holding_the_base(app: FastAPI) -> AsyncIterator[None]:
    """A running server holds the base (store/in_use.py), so that no restore replaces it
    underneath; a server does not start while a restore is under way."""
    kb: KnowledgeBase = app.state.kb
    hold = kb.hold_for_server()
    # the chart renderer's first use starts its JavaScript engine (~0.3 s): do that now,
    # beside the first requests, not inside the first overview someone asks for
    threading.Thread(target=charts.warm_up, name="charts-warm-up", daemon=True).start()
    if app.state.warm_up:
        threading.Thread(target=_warm_up_ranking, args=(kb,), name="ranking-warm-up",
                         daemon=True).start()  # fmt: skip
    try:
        yield
    finally:
        hold.release()


def _warm_up_ranking(kb: KnowledgeBase) -> None:
    try:
        prioritisation.warm_up(kb)
    except SQLAlchemyError:  # the first reader to ask meets the same error, and is told
        log.warning("the ranking could not be prepared at start", exc_info=True)


def create_app(kb: KnowledgeBase, warm_up: bool = False) -> FastAPI:
    """The web app and API on ``kb``. ``warm_up``: a server's app (``partnerships serve``)
    computes the ranking's values and robustness at start, beside the first requests; an
    app made for a test or a script does not spend that time."""
    app = FastAPI(
        lifespan=_holding_the_base,
        title="Migration Partnerships Monitor API",
        version=API_VERSION,
        description="Kennisbank van Kamerbrieven over migratiepartnerschappen: documenten met "
        "hun geciteerde feiten, Nederlandstalig zoeken en landen.",
        contact={
            "name": "Migration Partnerships Monitor",
            "email": "beheer@example.org",
            "url": "https://example.org/partnerships",
        },
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the Swagger and ReDoc pages load scripts from a CDN: not here
        redoc_url=None,
        redirect_slashes=False,
        servers=[{"url": API_BASE}],
        dependencies=[Depends(auth.csrf_protect)],
    )
    app.state.kb = kb
    app.state.warm_up = warm_up
    page_support.CACHE.max_bytes = kb.settings.page_cache_mb * 1024 * 1024
    app.include_router(router, prefix="/api/v1")
    app.include_router(decision_pages.router)
    app.include_router(programme_pages.router)
    app.include_router(tracker_pages.router)
    app.include_router(report_pages.router)
    app.include_router(watch_pages.router)
    app.include_router(auth_pages.router)
    auth_pages.configure_oidc(app, kb)
    app.include_router(pages.router)
    static = resources.files("partnerships.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    app.middleware("http")(_security_headers)
    app.add_exception_handler(StarletteHTTPException, _http_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_problem)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _server_problem)
    app.state.software_version = __version__
    plain_openapi = app.openapi

    def openapi_with_security() -> dict[str, Any]:
        """Document the two ways in: an API token (bearer) or the browser session; without
        either a client reads public records only."""
        if app.openapi_schema is None:
            spec = plain_openapi()
            spec.setdefault("components", {})["securitySchemes"] = {
                "apiToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "API-token (pmt_…), lezen of lezen+schrijven",
                },
                "sessie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": auth.SESSION_COOKIE,
                    "description": "Sessie na inloggen; schrijven vraagt ook X-CSRF-Token",
                },
            }
            spec["security"] = [{}, {"apiToken": []}, {"sessie": []}]
            app.openapi_schema = nl_api_rules(spec)
        return app.openapi_schema

    app.openapi = openapi_with_security  # type: ignore[method-assign]
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    token = auth.csrf_token(request)
    try:
        response = await call_next(request)
    finally:  # a page that failed to render must not keep others waiting
        page_support.release_render_lock(request)
    response.headers["API-Version"] = API_VERSION
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if auth.is_secure(request):
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    kb = request.app.state.kb
    if getattr(request.state, "auth", "none") != "none" or kb.settings.local_analyst:
        # pages for a known user may hold classified records: no copies in caches
        response.headers["Cache-Control"] = "no-store"
    rotated = getattr(request.state, "csrf_rotated", False)
    if rotated or request.cookies.get(auth.CSRF_COOKIE) != token:
        auth.set_csrf_cookie(request, response, request.state.csrf if rotated else token)
    return response


async def _http_problem(request: Request, exc: StarletteHTTPException) -> Response:
    refusal = exc.refusal if isinstance(exc, problems.Refused) else None
    if not request.url.path.startswith("/api/"):
        return _error_page(request, exc.status_code, refusal or exc.detail,
                           dict(exc.headers or {}))  # fmt: skip
    detail: str | None = exc.detail if isinstance(exc.detail, str) else None
    if detail in ("Not Found", "Method Not Allowed"):  # Starlette's own words
        detail = None
    if refusal is not None:
        detail = Language("en" if problems.english(request) else "nl").said(refusal)
    elif exc.status_code == 404 and request.url.path.endswith("/") and request.url.path != "/":
        detail = problems.pick(request, problems.TRAILING_SLASH)
    else:
        detail = problems.detail(request, detail)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # one resource may be served by several routes (GET and POST): list them all
        headers["Allow"] = ", ".join(_allowed_methods(request.app, request.url.path))
    return _problem(
        exc.status_code,
        problems.title(request, exc.status_code),
        detail,
        request,
        headers=headers,
    )


async def _validation_problem(request: Request, exc: RequestValidationError) -> Response:
    if not request.url.path.startswith("/api/"):
        return _error_page(request, 400, None)
    params = [
        {
            "name": ".".join(str(p) for p in err.get("loc", ())[1:]) or "body",
            "reason": problems.reason(request, err),
        }
        for err in exc.errors()
    ]
    return _problem(
        400,
        problems.title(request, 400),
        problems.pick(request, problems.INVALID),
        request,
        {"invalidParams": params},
    )


async def _server_problem(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path)
    if not request.url.path.startswith("/api/"):
        return _error_page(request, 500, None)
    said = problems.pick(request, problems.INTERNAL)
    return _problem(500, problems.title(request, 500), said, request)


def create_app_from_settings() -> FastAPI:
    """Factory for server processes started by uvicorn (``serve --workers N``)."""
    from partnerships.settings import get_settings

    return create_app(KnowledgeBase(get_settings()), warm_up=True)
