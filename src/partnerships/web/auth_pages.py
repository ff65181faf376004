"""Logging in and out (password or OpenID Connect), one's own API tokens, and the account
administration for admins. Thin: the rules are in services.accounts."""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.services import accounts, tokens
from partnerships.services.identity import signing_key
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web import auth
from partnerships.web.page_support import KB, Lang, User, form_text, render
from partnerships.web.problems import Refused

router = APIRouter(include_in_schema=False)
OIDC_NAME = "idp"


def configure_oidc(app: FastAPI, kb: KnowledgeBase) -> None:
    """Register the identity provider when one is configured. The login state (nonce,
    PKCE verifier) lives ten minutes in a signed cookie of its own."""
    settings = kb.settings
    app.state.oauth = None
    if not settings.oidc_issuer:
        return
    oauth = OAuth()
    oauth.register(
        OIDC_NAME,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile email", "code_challenge_method": "S256"},
    )
    app.state.oauth = oauth
    app.add_middleware(
        SessionMiddleware,
        secret_key=signing_key(settings),
        session_cookie="oidc_login",
        max_age=600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )


def _next(value: str) -> str:
    """Only paths on this site: never an open redirect."""
    return value if value.startswith("/") and not value.startswith(("//", "/\\")) else "/"


def _login_page(
    request: Request, lang: Any, status: int = 200, error: str | None = None, nxt: str = "/"
) -> HTMLResponse:
    return render(
        request,
        lang,
        "login.html",
        status_code=status,
        error=error,
        next=nxt,
        oidc=request.app.state.oauth is not None,
    )


def _start(request: Request, result: accounts.LoginResult, nxt: str) -> Response:
    response = RedirectResponse(_next(nxt), status_code=303)
    max_age = int((result.expires_at - accounts._now()).total_seconds())
    response.set_cookie(
        auth.SESSION_COOKIE,
        result.secret,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=auth.is_secure(request),
        path="/",
    )
    auth.rotate_csrf(request)
    return response


@router.get("/inloggen", response_class=HTMLResponse)
def login_form(request: Request, lang: Lang) -> HTMLResponse:
    return _login_page(request, lang, nxt=_next(request.query_params.get("volgende", "/")))


@router.post("/inloggen")
async def login(request: Request, kb: KB, lang: Lang) -> Response:
    form = await request.form()
    nxt = _next(form_text(form, "volgende"))
    client = auth.client_address(request)
    wait = await run_in_threadpool(
        accounts.login_allowed, kb, client, kb.settings.login_rate_per_minute
    )
    if wait:
        page = _login_page(
            request, lang, 429, lang.gettext("Too many attempts. Wait a minute and try again."), nxt
        )
        page.headers["Retry-After"] = str(int(wait) + 1)
        return page
    name, password = form_text(form, "gebruikersnaam").strip(), form_text(form, "wachtwoord")
    try:
        result = await run_in_threadpool(accounts.login, kb, name, password, client)
    except accounts.LoginFailed:
        return _login_page(
            request,
            lang,
            401,
            lang.gettext(
                "Unknown user name or wrong password, or the account is locked for a while."
            ),
            nxt,
        )
    return _start(request, result, nxt)


@router.post("/uitloggen")
def logout(request: Request, kb: KB) -> Response:
    secret = request.cookies.get(auth.SESSION_COOKIE)
    if secret:
        accounts.logout(kb, secret)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    auth.rotate_csrf(request)
    return response


@router.get("/inloggen/oidc")
async def oidc_start(request: Request) -> Response:
    oauth = request.app.state.oauth
    if oauth is None:
        raise HTTPException(404)
    redirect_uri = str(request.url_for("oidc_callback"))
    response: Response = await oauth.create_client(OIDC_NAME).authorize_redirect(
        request, redirect_uri
    )
    return response


@router.get("/inloggen/oidc/terug", name="oidc_callback")
async def oidc_callback(request: Request, kb: KB, lang: Lang) -> Response:
    oauth = request.app.state.oauth
    if oauth is None:
        raise HTTPException(404)
    try:
        token = await oauth.create_client(OIDC_NAME).authorize_access_token(request)
    except (OAuthError, KeyError, ValueError) as exc:
        return _login_page(
            request,
            lang,
            400,
            lang.gettext("The identity provider did not confirm the login.") + f" ({exc})",
        )
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        return _login_page(
            request, lang, 400, lang.gettext("The identity provider did not confirm the login.")
        )
    try:
        result = await run_in_threadpool(
            accounts.oidc_login, kb, kb.settings.oidc_issuer, claims, auth.client_address(request)
        )
    except accounts.LoginFailed:
        return _login_page(
            request, lang, 403, lang.gettext("There is no active account for this identity.")
        )
    return _start(request, result, "/")


# own account and tokens -----------------------------------------------------------------
@router.get("/account", response_class=HTMLResponse)
def account(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not auth.logged_in(request):
        return RedirectResponse("/inloggen?volgende=/account", status_code=303)
    return render(
        request,
        lang,
        "account.html",
        tokens=tokens.list_tokens(kb, user),
        scopes=accounts.SCOPES,
        new_secret=None,
        error=None,
    )


@router.post("/account/tokens", response_class=HTMLResponse)
async def new_token(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not auth.logged_in(request):
        raise HTTPException(403, lang.gettext("Log in to manage API tokens."))
    form = await request.form()
    scopes = [s for s in accounts.SCOPES if form_text(form, f"scope_{s}")] or ["lezen"]
    days_text = form_text(form, "dagen") or "90"
    secret, error = None, None
    try:
        days = int(days_text)
        if not 1 <= days <= 366:
            raise accounts.AccountError(lang.gettext("A token lasts 1 to 366 days."))
        secret, _ = tokens.create_token(kb, user, form_text(form, "naam"), scopes, days)
    except ValueError as exc:
        error = (
            lang.said(exc)
            if isinstance(exc, accounts.AccountError)
            else lang.gettext("A token lasts 1 to 366 days.")
        )
    except PermissionError as exc:
        error = lang.said(exc)
    return render(
        request,
        lang,
        "account.html",
        status_code=400 if error else 200,
        tokens=tokens.list_tokens(kb, user),
        scopes=accounts.SCOPES,
        new_secret=secret,
        error=error,
    )


@router.post("/account/tokens/{token_id}/intrekken")
def revoke(request: Request, kb: KB, user: User, token_id: int) -> Response:
    if not auth.logged_in(request):
        raise HTTPException(403)
    try:
        tokens.revoke_token(kb, user, token_id)
    except accounts.AccountError as exc:
        raise Refused(404, exc) from None
    back = (
        "/beheer/gebruikers"
        if "admin" in user.roles and request.query_params.get("beheer")
        else "/account"
    )
    return RedirectResponse(back, status_code=303)


# administration ---------------------------------------------------------------------------
def _admin_page(
    request: Request,
    kb: KnowledgeBase,
    user: UserContext,
    lang: Any,
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    try:
        users = accounts.list_users(kb, user)
    except PermissionError:
        raise HTTPException(403, lang.gettext("Only administrators manage accounts.")) from None
    return render(
        request,
        lang,
        "users.html",
        status_code=status,
        users=users,
        tokens=tokens.list_tokens(kb, user, everyone=True),
        requests=accounts.clearance_requests(kb, user),
        roles=accounts.ROLES,
        clearances=CLEARANCES,
        error=error,
    )


@router.get("/beheer/gebruikers", response_class=HTMLResponse)
def users_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    return _admin_page(request, kb, user, lang)


@router.post("/beheer/gebruikers", response_class=HTMLResponse)
async def create_user(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    form = await request.form()
    try:
        await run_in_threadpool(
            accounts.create_user,
            kb,
            user,
            form_text(form, "gebruikersnaam"),
            form_text(form, "rol"),
            form_text(form, "rubricering"),
            form_text(form, "wachtwoord") or None,
            form_text(form, "naam"),
        )
    except accounts.AccountError as exc:
        return _admin_page(request, kb, user, lang, 400, lang.said(exc))
    except PermissionError:
        raise HTTPException(403, lang.gettext("Only administrators manage accounts.")) from None
    return RedirectResponse("/beheer/gebruikers", status_code=303)


@router.post("/beheer/gebruikers/{username}", response_class=HTMLResponse)
async def update_user(request: Request, kb: KB, user: User, lang: Lang, username: str) -> Response:
    form = await request.form()
    try:
        await run_in_threadpool(
            lambda: accounts.update_user(
                kb,
                user,
                username,
                roles=form_text(form, "rol") or None,
                clearance=form_text(form, "rubricering") or None,
                active=bool(form_text(form, "actief")),
                password=form_text(form, "wachtwoord") or None,
                unlock=bool(form_text(form, "deblokkeren")),
            )
        )
    except accounts.AccountError as exc:
        return _admin_page(request, kb, user, lang, 400, lang.said(exc))
    except PermissionError:
        raise HTTPException(403, lang.gettext("Only administrators manage accounts.")) from None
    return RedirectResponse("/beheer/gebruikers", status_code=303)


@router.post("/beheer/rubriceringsverzoeken/{request_id}", response_class=HTMLResponse)
async def decide_clearance(
    request: Request, kb: KB, user: User, lang: Lang, request_id: int
) -> Response:
    """A second administrator approves or rejects raising a clearance to vertrouwelijk."""
    form = await request.form()
    approve = form_text(form, "besluit") == "goedkeuren"
    try:
        await run_in_threadpool(accounts.decide_clearance, kb, user, request_id, approve)
    except accounts.AccountError as exc:
        return _admin_page(request, kb, user, lang, 400, lang.said(exc))
    except PermissionError:
        raise HTTPException(403, lang.gettext("Only administrators manage accounts.")) from None
    return RedirectResponse("/beheer/gebruikers", status_code=303)
