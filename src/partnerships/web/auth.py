"""Who is asking, and proof that a form was sent by our own page.

- A bearer token (``Authorization: Bearer pmt_…``) identifies an API client; a wrong one is
  a 401, never a silent downgrade to anonymous.
- A session cookie (``sessie``, HttpOnly, SameSite=Lax, Secure behind TLS) identifies a
  logged-in browser.
- Otherwise the single-user local analyst (``local_analyst`` on loopback) or an anonymous
  reader, who sees public records only.

CSRF: every unsafe request that is not token-authenticated must carry the value of the
``csrf`` cookie (SameSite=Strict, HttpOnly) in the form field ``csrf_token`` or the header
``X-CSRF-Token`` (double submit). Logging in replaces the cookie, so a token planted before
login is worthless after it.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request, Response

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.services import accounts, tokens
from partnerships.services.identity import web_user
from partnerships.services.knowledge_base import KnowledgeBase

SESSION_COOKIE = "sessie"
CSRF_COOKIE = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
#: stands for the CSRF token in cached pages; replaced per response (see pages.render)
CSRF_SENTINEL = "__CSRF_TOKEN__"
USER_SENTINEL = "__USER_NAME__"
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def _kb(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


def bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    scheme, _, secret = value.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def user_of(request: Request) -> UserContext:
    """Resolved once per request and kept on ``request.state``."""
    known: UserContext | None = getattr(request.state, "user", None)
    if known is not None:
        return known
    kb = _kb(request)
    secret = bearer(request)
    if secret is not None:
        user = tokens.token_user(kb, secret)
        if user is None:
            # the error page that answers this request asks who is asking too: it must see
            # an anonymous reader, not raise again (that was a 500 without security headers)
            request.state.user, request.state.auth = ANONYMOUS, "none"
            raise HTTPException(
                401,
                "Het API-token is onbekend, ingetrokken of verlopen.",
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        request.state.auth = "token"
    else:
        user = accounts.session_user(kb, request.cookies.get(SESSION_COOKIE, ""))
        request.state.auth = "session" if user is not None else "none"
        if user is None:
            user = web_user(kb.settings)
    request.state.user = user
    return user


def logged_in(request: Request) -> bool:
    user_of(request)
    return getattr(request.state, "auth", "none") == "session"


def is_secure(request: Request) -> bool:
    return request.url.scheme == "https" or _kb(request).settings.secure_cookies


def csrf_token(request: Request) -> str:
    """The token this browser must send back; a fresh one is set by the middleware."""
    token: str | None = getattr(request.state, "csrf", None)
    if token is None:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf = token
    return token


def set_csrf_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        CSRF_COOKIE, token, httponly=True, samesite="strict", secure=is_secure(request), path="/"
    )


def rotate_csrf(request: Request) -> str:
    request.state.csrf = secrets.token_urlsafe(32)
    request.state.csrf_rotated = True
    return str(request.state.csrf)


async def csrf_protect(request: Request) -> None:
    """App-wide dependency: refuses unsafe requests without the matching token."""
    if request.method in SAFE or bearer(request) is not None:
        return
    if (request.url.path.startswith("/api/") and not request.cookies.get(SESSION_COOKIE)
            and not _kb(request).settings.local_analyst):  # fmt: skip
        # an API write with neither a token nor a session: say how to authenticate (401),
        # not that a form expired (the CSRF check is for browsers)
        raise HTTPException(
            401,
            "Schrijven via de API vraagt een API-token met scope 'schrijven' "
            "(Authorization: Bearer …) of een sessie met X-CSRF-Token.",
            headers={"WWW-Authenticate": 'Bearer realm="partnerships"'},
        )
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise HTTPException(
            403,
            "Het formulier is verlopen of komt niet van deze site (CSRF-controle). "
            "Laad de pagina opnieuw en probeer het nog eens.",
        )


def client_address(request: Request) -> str:
    """The connecting address. ``serve`` lets uvicorn replace it from X-Forwarded-For only
    for the proxies named in ``trusted_proxies``, so a forged header changes nothing."""
    return request.client.host if request.client else "?"
