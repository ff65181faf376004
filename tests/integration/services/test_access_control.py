"""Login, sessions, lockout, rate limit, CSRF, security headers, API tokens and OIDC, on
SQLite and PostgreSQL. Each test is named after the rule it checks."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from partnerships.domain.context import LOCAL_USER
from partnerships.services import accounts, audit, tokens
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.schema import ApiToken, UserRow
from partnerships.web.app import create_app, route_table
from support.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider

PASSWORD = "correct horse battery staple"


def _client(kb: KnowledgeBase, https: bool = False) -> TestClient:
    return TestClient(
        create_app(kb), base_url="https://testserver" if https else "http://testserver"
    )


def _login(client: TestClient, name: str, password: str = PASSWORD) -> httpx.Response:
    client.get("/inloggen")
    return client.post(
        "/inloggen",
        data={
            "gebruikersnaam": name,
            "wachtwoord": password,
            "csrf_token": client.cookies.get("csrf"),
        },
        follow_redirects=False,
    )


def _users(kb: KnowledgeBase) -> None:
    accounts.create_user(
        kb, LOCAL_USER, "beheer", "admin", "vertrouwelijk", PASSWORD, operator=True
    )
    accounts.create_user(kb, LOCAL_USER, "lezer", "reader", "openbaar", PASSWORD)
    accounts.create_user(kb, LOCAL_USER, "analist", "analyst", "intern", PASSWORD)


def _actions(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(e.action, e.target) for e in reversed(audit.entries(kb, LOCAL_USER, limit=500))]


def test_passwords_are_stored_as_argon2id_and_short_ones_refused(kb: KnowledgeBase) -> None:
    _users(kb)
    with kb.session() as s:
        hashes = list(s.scalars(select(UserRow.password_hash)))
    assert hashes and all(h and h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in (h or "") for h in hashes)
    with pytest.raises(accounts.AccountError, match="at least 12"):
        accounts.create_user(kb, LOCAL_USER, "kort", "reader", "openbaar", "short")
    with pytest.raises(accounts.AccountError, match="unknown role"):
        accounts.create_user(kb, LOCAL_USER, "x", "koning", "openbaar", PASSWORD)
    with pytest.raises(PermissionError):
        accounts.create_user(
            kb, accounts.context_of_name(kb, "analist"), "y", "reader", "openbaar", PASSWORD
        )


def test_login_sets_a_secure_httponly_session_cookie_and_logout_ends_it(kb: KnowledgeBase) -> None:
    _users(kb)
    client = _client(kb, https=True)
    before = client.cookies.get("csrf")
    r = _login(client, "analist")
    assert r.status_code == 303
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("sessie="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie
    assert client.cookies.get("csrf") != before  # the token is replaced at login
    page = client.get("/account")
    assert page.status_code == 200 and "analist" in page.text and "intern" in page.text
    assert page.headers["cache-control"] == "no-store"
    secret = client.cookies.get("sessie")
    client.post("/uitloggen", data={"csrf_token": client.cookies.get("csrf")})
    assert accounts.session_user(kb, secret or "") is None
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert ("login", "user:analist") in _actions(kb)


def test_wrong_passwords_lock_the_account_and_are_audited(kb: KnowledgeBase) -> None:
    _users(kb)
    client = _client(kb)
    for _ in range(kb.settings.login_max_failures):
        assert _login(client, "lezer", "not the password at all").status_code == 401
    # locked: even the right password fails, with the same message
    r = _login(client, "lezer")
    assert r.status_code == 401 and "Onbekende gebruikersnaam" in r.text
    details = [e.detail for e in audit.entries(kb, LOCAL_USER, "login_failed")]
    assert sum("wrong password" in d for d in details) == 5 and any("locked" in d for d in details)
    assert _login(client, "niemand").status_code == 401  # unknown names are audited too
    assert ("login_failed", "user:niemand") in _actions(kb)
    accounts.update_user(kb, LOCAL_USER, "lezer", unlock=True)
    assert _login(client, "lezer").status_code == 303
    with kb.session() as s, s.begin():  # a lock in the past is no lock
        s.execute(update(UserRow).values(locked_until=datetime.now(UTC) - timedelta(minutes=1)))
    assert _login(client, "analist").status_code == 303


def test_login_attempts_are_rate_limited_per_client(kb: KnowledgeBase) -> None:
    client = _client(kb)
    limit = kb.settings.login_rate_per_minute
    codes = [_login(client, f"iemand{i}").status_code for i in range(limit + 1)]
    assert codes[:limit] == [401] * limit and codes[-1] == 429
    assert int(_login(client, "x").headers["retry-after"]) >= 1


def test_every_unsafe_route_refuses_a_request_without_the_csrf_token(kb: KnowledgeBase) -> None:
    _users(kb)
    app = create_app(kb)
    client = TestClient(app)
    _login(client, "beheer")
    unsafe = [
        (m, path)
        for path, methods in route_table(app)
        for m in sorted(methods)
        if m not in ("GET", "HEAD")
    ]
    assert len(unsafe) >= 20
    for method, path in unsafe:
        url = re.sub(r"\{[^}]+\}", "1", path).replace("/landen/1", "/landen/MAR")
        for headers in ({}, {"X-CSRF-Token": "guessed"}):
            r = client.request(method, url, headers=headers, data={"csrf_token": "guessed"})
            assert r.status_code == 403, (method, url, r.status_code)
            assert "CSRF" in r.text


def test_security_headers_on_pages_and_api(kb: KnowledgeBase) -> None:
    plain, tls = _client(kb), _client(kb, https=True)
    for path in ("/", "/inloggen", "/api/v1/documenten"):
        h = plain.get(path).headers
        script_src = re.search(r"script-src ([^;]+)", h["content-security-policy"])
        assert script_src and "unsafe-inline" not in script_src.group(1)
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-frame-options"] == "DENY" and h["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in h  # HSTS only over TLS
        assert "max-age=31536000" in tls.get(path).headers["strict-transport-security"]


def test_api_tokens_are_scoped_revocable_and_expire(kb: KnowledgeBase) -> None:
    _users(kb)
    analyst = accounts.context_of_name(kb, "analist")
    reader = accounts.context_of_name(kb, "lezer")
    read, _ = tokens.create_token(kb, analyst, "dashboard", "lezen")
    write, made = tokens.create_token(kb, analyst, "koppeling", ["lezen", "schrijven"])
    with pytest.raises(PermissionError):
        tokens.create_token(kb, reader, "x", "lezen,schrijven")
    with kb.session() as s:
        assert read not in str(list(s.scalars(select(ApiToken.secret_hash))))
    client = _client(kb)
    body = {
        "titel": "Besluit",
        "instrumenten": [],
        "motivering": "m",
        "afweging": "a",
        "bewijs": [],
        "status": "concept",
        "rubricering": "intern",
    }
    url = "/api/v1/landen/MAR/besluiten"
    kb.seed_countries()
    assert client.get(url, headers={"Authorization": f"Bearer {read}"}).status_code == 200
    refused = client.post(url, json=body, headers={"Authorization": f"Bearer {read}"})
    assert refused.status_code == 403
    done = client.post(url, json=body, headers={"Authorization": f"Bearer {write}"})
    assert done.status_code == 201, done.text  # no CSRF token needed: no cookie involved
    tokens.revoke_token(kb, analyst, made.id)
    gone = client.get(url, headers={"Authorization": f"Bearer {write}"})
    assert gone.status_code == 401 and "invalid_token" in gone.headers["www-authenticate"]
    assert gone.headers["content-type"].startswith("application/problem+json")
    with kb.session() as s, s.begin():
        s.execute(update(ApiToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert client.get(url, headers={"Authorization": f"Bearer {read}"}).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer pmt_guess"}).status_code == 401
    changes = [d for a, d in _actions(kb) if a == "permission"]
    assert f"token:{made.id}" in changes


def test_lowering_a_clearance_ends_sessions_and_is_audited(kb: KnowledgeBase) -> None:
    _users(kb)
    client = _client(kb)
    _login(client, "analist")
    assert client.get("/account").status_code == 200
    accounts.update_user(kb, LOCAL_USER, "analist", clearance="openbaar")
    assert client.get("/account", follow_redirects=False).status_code == 303  # logged out
    entry = audit.entries(kb, LOCAL_USER, "permission")[0]
    assert entry.target == "user:analist" and "openbaar" in entry.detail


def test_admin_page_manages_accounts_and_others_are_refused(kb: KnowledgeBase) -> None:
    _users(kb)
    admin, reader = _client(kb), _client(kb)
    _login(admin, "beheer")
    _login(reader, "lezer")
    assert reader.get("/beheer/gebruikers").status_code == 403
    page = admin.get("/beheer/gebruikers")
    assert page.status_code == 200 and "analist" in page.text
    made = admin.post(
        "/beheer/gebruikers",
        data={
            "gebruikersnaam": "nieuw",
            "naam": "Nieuwe Collega",
            "rol": "analyst",
            "rubricering": "intern",
            "wachtwoord": PASSWORD,
            "csrf_token": admin.cookies.get("csrf"),
        },
    )
    assert made.status_code == 200 and "Nieuwe Collega" in made.text
    bad = admin.post(
        "/beheer/gebruikers",
        data={
            "gebruikersnaam": "nieuw",
            "rol": "analyst",
            "rubricering": "intern",
            "wachtwoord": PASSWORD,
            "csrf_token": admin.cookies.get("csrf"),
        },
    )
    assert bad.status_code == 400 and "bestaat al" in bad.text  # in the page's language
    admin.post(
        "/beheer/gebruikers/nieuw",
        data={
            "rol": "reader",
            "rubricering": "openbaar",
            "actief": "1",
            "csrf_token": admin.cookies.get("csrf"),
        },
    )
    assert accounts.context_of_name(kb, "nieuw").roles == frozenset({"reader"})
    refused = reader.post(
        "/beheer/gebruikers/nieuw", data={"rol": "admin", "csrf_token": reader.cookies.get("csrf")}
    )
    assert refused.status_code == 403
    assert accounts.context_of_name(kb, "nieuw").roles == frozenset({"reader"})


def test_account_page_makes_and_revokes_tokens(kb: KnowledgeBase) -> None:
    _users(kb)
    client = _client(kb)
    _login(client, "lezer")
    made = client.post(
        "/account/tokens",
        data={
            "naam": "rapportage",
            "scope_lezen": "1",
            "dagen": "30",
            "csrf_token": client.cookies.get("csrf"),
        },
    )
    secret = re.search(r"pmt_[\w-]+", made.text)
    assert made.status_code == 200 and secret
    assert client.get("/account").text.count(secret.group(0)) == 0  # shown once
    refused = client.post(
        "/account/tokens",
        data={"naam": "x", "scope_schrijven": "1", "csrf_token": client.cookies.get("csrf")},
    )
    assert refused.status_code == 400
    token_id = tokens.list_tokens(kb, accounts.context_of_name(kb, "lezer"))[0].id
    client.post(
        f"/account/tokens/{token_id}/intrekken", data={"csrf_token": client.cookies.get("csrf")}
    )
    assert tokens.token_user(kb, secret.group(0)) is None


def test_oidc_login_against_a_local_provider(kb: KnowledgeBase) -> None:
    person = {
        "sub": "0001-ab",
        "preferred_username": "j.jansen",
        "name": "Jan Jansen",
        "email": "j.jansen@minbuza.example",
    }
    with running_provider(person) as provider:
        settings = kb.settings.model_copy(
            update={
                "oidc_issuer": provider.issuer,
                "oidc_client_id": CLIENT_ID,
                "oidc_client_secret": CLIENT_SECRET,
                "secret_key": "k" * 40,
            }
        )
        client = TestClient(create_app(KnowledgeBase(settings)))
        assert "/inloggen/oidc" in client.get("/inloggen").text
        start = client.get("/inloggen/oidc", follow_redirects=False)
        assert start.status_code == 302 and start.headers["location"].startswith(provider.issuer)
        assert "code_challenge=" in start.headers["location"]
        back = httpx.get(start.headers["location"], follow_redirects=False)
        callback = back.headers["location"].replace("http://testserver", "")
        done = client.get(callback, follow_redirects=False)
        assert done.status_code == 303, done.text
        page = client.get("/account")
        assert "j.jansen" in page.text and "openbaar" in page.text  # provisioned as a reader
        # a replayed callback (code used, state gone) logs nobody in
        other = TestClient(create_app(KnowledgeBase(settings)))
        assert other.get(callback).status_code == 400
        # without provisioning, an unknown identity gets no account
        closed = settings.model_copy(update={"oidc_provision": False})
        provider.person = {**person, "sub": "0002", "preferred_username": "onbekend"}
        third = TestClient(create_app(KnowledgeBase(closed)))
        hop = httpx.get(third.get("/inloggen/oidc", follow_redirects=False).headers["location"])
        refused = third.get(hop.headers["location"].replace("http://testserver", ""))
        assert refused.status_code == 403
    logins = [e for e in audit.entries(kb, LOCAL_USER, "login") if "oidc" in e.detail]
    assert logins and logins[0].actor == "j.jansen"
    assert any(e.target == "user:onbekend" for e in audit.entries(kb, LOCAL_USER, "login_failed"))


def test_reclassifying_a_letter_on_its_page_hides_it_at_once(loaded_kb: KnowledgeBase) -> None:
    kb = loaded_kb
    _users(kb)
    analyst, reader = _client(kb), _client(kb)
    _login(analyst, "analist")  # clearance intern
    _login(reader, "lezer")  # clearance openbaar
    assert reader.get("/documenten/1").status_code == 200  # now in the reader's page cache
    page = analyst.get("/documenten/1")
    assert "Rubricering wijzigen" in page.text and "vertrouwelijk</option>" not in page.text
    refused = analyst.post(
        "/documenten/1/rubricering",
        data={"rubricering": "vertrouwelijk", "csrf_token": analyst.cookies.get("csrf")},
    )
    assert refused.status_code == 403
    done = analyst.post(
        "/documenten/1/rubricering",
        follow_redirects=False,
        data={"rubricering": "intern", "csrf_token": analyst.cookies.get("csrf")},
    )
    assert done.status_code == 303 and done.headers["location"] == "/documenten/1"
    assert reader.get("/documenten/1").status_code == 404  # the cached page is not served
    ids = [
        d["id"]
        for d in reader.get("/api/v1/documenten", params={"grootte": 100}).json()["documenten"]
    ]
    assert 1 not in ids
    assert analyst.get("/api/v1/documenten/1").json()["rubricering"] == "intern"
    assert (
        reader.post(
            "/documenten/2/rubricering",
            data={"rubricering": "openbaar", "csrf_token": reader.cookies.get("csrf")},
        ).status_code
        == 403
    )
    edit = audit.entries(kb, LOCAL_USER, "edit")[0]
    assert edit.actor == "analist" and edit.target == "letter:1"
