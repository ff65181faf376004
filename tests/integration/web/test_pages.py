"""The HTML pages over a real knowledge base (SQLite and PostgreSQL): content, language,
escaping, error pages and the page cache's invalidation."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web.app import create_app


@pytest.fixture()
def client(loaded_kb: KnowledgeBase) -> TestClient:
    return TestClient(create_app(loaded_kb), raise_server_exceptions=False)


def test_main_pages_in_dutch(client: TestClient) -> None:
    for url, text in [
        ("/", "Aandacht per land"),
        ("/landen", "Turkije"),
        ("/landen/TUR", "Vermeldingen door de tijd"),
        ("/zoeken?q=terugkeer", "gevonden"),
        ("/toezeggingen", "Uiterlijk"),
    ]:
        r = client.get(url)
        assert r.status_code == 200 and text in r.text, url
        assert '<html lang="nl">' in r.text
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]


def test_english_switch_sets_a_cookie(client: TestClient) -> None:
    r = client.get("/landen?taal=en")
    assert '<html lang="en">' in r.text and "<h1>Countries</h1>" in r.text
    assert "taal=en" in r.headers["set-cookie"]
    assert "<h1>Commitments</h1>" in client.get("/toezeggingen").text


def test_letter_page_shows_evidence(client: TestClient) -> None:
    r = client.get("/documenten/1")
    assert r.status_code == 200
    assert 'class="ent-land"' in r.text and 'href="/landen/TUR"' in r.text
    assert 'class="fact-bedrag"' in r.text
    assert r.text.count('class="noot"') == 9
    assert 'id="noot-1"' in r.text
    assert "Geciteerd door" in r.text and "/documenten/" in r.text


def test_country_figures_link_to_their_sentence(client: TestClient) -> None:
    page = client.get("/landen/TUR").text
    anchors = re.findall(r'href="/documenten/(\d+)#pos-(\d+)"', page)
    assert anchors
    doc, pos = anchors[0]
    assert f'id="pos-{pos}"' in client.get(f"/documenten/{doc}").text


def test_error_pages_have_the_site_look_and_no_trace(client: TestClient) -> None:
    for url, status in [
        ("/bestaat-niet", 404),
        ("/documenten/999999", 404),
        ("/landen/QQQ", 404),
        ("/documenten/abc", 400),
    ]:
        r = client.get(url)
        assert r.status_code == status
        assert "site-header" in r.text and "Traceback" not in r.text


def test_letter_text_is_escaped(kb: KnowledgeBase, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Datum 1 maart 2024\nOnderwerp Test\n\nEen zin met <script>alert(1)</script> "
        "over Marokko en EUR 5 miljoen.\n",
        "utf-8",
    )
    kb.ingest([evil])
    client = TestClient(create_app(kb))
    page = client.get("/documenten/1").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_page_cache_follows_the_data(kb: KnowledgeBase, letters_dir: Path) -> None:
    client = TestClient(create_app(kb))
    before = client.get("/").text
    assert "Nog geen brieven" in before
    kb.ingest([letters_dir / "a-migratieovereenkomsten.md"])
    after = client.get("/").text
    assert "Nog geen brieven" not in after and "Turkije" in after


def test_a_dossier_follows_its_own_countrys_decisions_and_risks_and_no_others(
    loaded_kb: KnowledgeBase, letters_dir: Path, tmp_path: Path
) -> None:
    """A dossier is kept under what every page shows and its own country's decisions and
    risks (store/versions.py): a decision about Tunisia leaves Morocco's dossier standing,
    one about Morocco shows at once, and so do a risk, a new letter and a bulk change."""
    from datetime import date, timedelta

    from sqlalchemy import update

    from partnerships.domain.context import LOCAL_USER
    from partnerships.domain.decisions import DecisionRecord
    from partnerships.domain.risks import Risk
    from partnerships.services import decisions, queries, risks
    from partnerships.store.schema import DecisionRow

    kb = loaded_kb
    client = TestClient(create_app(kb))

    def decide(country: str, title: str) -> None:
        decisions.record_decision(kb, LOCAL_USER, DecisionRecord(
            country, title, (), "reden", "afweging", (), classification="openbaar"))  # fmt: skip

    assert client.get("/landen/TUR").status_code == 200
    mar, tur = queries.country_version(kb, "MAR"), queries.country_version(kb, "TUR")
    data = queries.data_version(kb)
    decide("TUN", "Besluit over Tunesië")
    assert queries.country_version(kb, "MAR") == mar  # Morocco's dossier stands
    assert queries.country_version(kb, "TUR") == tur
    assert queries.data_version(kb) != data  # every other page follows
    decide("TUR", "Besluit over Turkije")
    assert queries.country_version(kb, "TUR") != tur
    assert "Besluit over Turkije" in client.get("/landen/TUR").text
    assert queries.country_version(kb, "MAR") == mar
    risks.record_risk(kb, LOCAL_USER, Risk(
        "TUR", "refoulement", "Terugzending naar een onveilig land", 2, 3, "monitoring",
        "DMM", date.today() + timedelta(days=90), classification="openbaar"))  # fmt: skip
    assert "Terugzending naar een onveilig land" in client.get("/landen/TUR").text
    assert queries.country_version(kb, "MAR") == mar
    letter = tmp_path / "nieuw.md"
    letter.write_text((letters_dir / "a-migratieovereenkomsten.md").read_text("utf-8")
                      .replace("Turkije", "Marokko"), "utf-8")  # fmt: skip
    kb.ingest([letter])  # a letter may mention any country: every dossier follows
    assert queries.country_version(kb, "MAR") != mar
    mar = queries.country_version(kb, "MAR")
    with kb.session() as s, s.begin():  # a change that names no rows: every dossier follows
        s.execute(update(DecisionRow).where(DecisionRow.country == "TUN").values(note="n"))
    assert queries.country_version(kb, "MAR") != mar


def test_the_header_says_who_the_visitor_is_on_a_single_user_installation(
    tmp_path: Path,
) -> None:
    """On loopback with local_analyst the visitor is the analyst: the header says so, beside
    the way to log in, instead of suggesting nobody is logged in."""
    from partnerships.settings import Settings
    from partnerships.web.app import create_app
    from support.web import web_client

    settings = Settings(data_dir=tmp_path, workers=1)
    kb = KnowledgeBase(settings.model_copy(update={"local_analyst": True}))
    kb.upgrade()
    local = web_client(create_app(kb)).get("/").text
    assert "Lokale analist (deze computer)" in local and "Inloggen" in local
    anonymous = web_client(create_app(KnowledgeBase(settings))).get("/").text
    assert "Lokale analist" not in anonymous and "Inloggen" in anonymous
