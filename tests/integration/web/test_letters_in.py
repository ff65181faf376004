"""Letters in without a shell (SQLite and PostgreSQL): an analyst adds files in the browser
or through `POST /api/v1/documenten`, a bad file gets the extractor's message and leaves
nothing, and a correction (`PATCH`) is kept, audited and survives re-extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.services import documents
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.schema import AuditEntry, Document
from partnerships.web.app import create_app
from support.web import web_client

ANALYST = UserContext("a.analist", frozenset({"analyst"}), "intern")


def _count(kb: KnowledgeBase) -> int:
    with kb.session() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def test_add_and_correct_a_letter_through_the_service(kb: KnowledgeBase, letters_dir: Path) -> None:
    data = (letters_dir / "b-taskforce-internationale-migratie.ocr.txt").read_bytes()
    with pytest.raises(PermissionError):
        documents.add_letter(kb, ANONYMOUS, "brief.txt", data)
    with pytest.raises(PermissionError, match="clearance"):
        documents.add_letter(kb, ANALYST, "brief.txt", data, "vertrouwelijk")
    added = documents.add_letter(kb, ANALYST, "../b-taskforce.ocr.txt", data, "intern")
    assert added.outcome == "new" and _count(kb) == 1
    assert documents.add_letter(kb, ANALYST, "again.txt", data).outcome == "unchanged"
    with pytest.raises(documents.UploadError, match=r"kapot\.pdf"):
        documents.add_letter(kb, ANALYST, "kapot.pdf", b"%PDF-1.4\n niets")
    assert _count(kb) == 1  # nothing half-stored
    # the OCR'd letter has no letterhead: a person gives its title and sender
    documents.correct_letter(
        kb,
        ANALYST,
        added.document_id,
        {
            "onderwerp": "Internationale migratie: inzet van de taskforce",
            "afzenderMinisterie": "Ministerie van Asiel en Migratie",
            "datum": "2025-05-23",
        },
    )
    with pytest.raises(documents.UploadError, match="not a date"):
        documents.correct_letter(kb, ANALYST, added.document_id, {"datum": "gisteren"})
    with pytest.raises(documents.UploadError, match="cannot correct"):
        documents.correct_letter(kb, ANALYST, added.document_id, {"tekst": "x"})
    report = kb.reextract(workers=1)
    assert report.failed == []
    with kb.session() as s:
        doc = s.get(Document, added.document_id)
        assert doc is not None
        assert doc.subject == "Internationale migratie: inzet van de taskforce"
        assert doc.sender_ministry == "Ministerie van Asiel en Migratie"
        assert doc.date.isoformat() == "2025-05-23" and doc.classification == "intern"
        assert doc.source_name == "upload:b-taskforce.ocr.txt"  # the name, never a path
        log = [json.loads(e.detail) for e in s.scalars(select(AuditEntry))
               if e.target == f"letter:{added.document_id}"]  # fmt: skip
    assert any("correctie" in d for d in log) and any(d.get("bestand") for d in log)
    # the corrected title is what search finds
    from partnerships.domain.queries import DocumentFilter
    from partnerships.services import queries

    found = queries.search(kb, ANALYST, "taskforce inzet", DocumentFilter(), 0, 5)

    total, _hits = found.total, found.hits
    assert total >= 1


def test_the_browser_and_the_api(kb: KnowledgeBase, letters_dir: Path) -> None:
    if not kb.url.startswith("sqlite"):
        pytest.skip("pages and API are covered on SQLite")
    analyst = web_client(create_app(KnowledgeBase(kb.settings.model_copy(
        update={"local_analyst": True}))))  # fmt: skip
    reader = web_client(create_app(KnowledgeBase(kb.settings)))
    assert "Brieven toevoegen" in analyst.get("/documenten/nieuw").text
    assert reader.get("/documenten/nieuw").status_code == 403
    files = [("bestanden", ("a.md", (letters_dir / "a-migratieovereenkomsten.md").read_bytes(),
                            "text/markdown")),
             ("bestanden", ("kapot.pdf", b"%PDF-1.4\n niets", "application/pdf"))]  # fmt: skip
    # first what the extraction read, nothing stored; the unreadable file named
    preview = analyst.post("/documenten/nieuw", files=files, data={"rubricering": "openbaar"})
    assert preview.status_code == 200 and "Controleren voor het opslaan" in preview.text
    assert "kapot.pdf" in preview.text and _count(kb) == 0
    assert "kapot.pdf: geen leesbare PDF (beschadigd of afgebroken bestand)" in preview.text
    assert 'value="2971694"' in preview.text  # the kenmerk as read, to correct
    assert '<mark id="pos-' in preview.text or '<a id="pos-' in preview.text  # highlighted
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    form = {"token": token, "bestand": "a.md", "rubricering": "openbaar",
            "onderwerp": "Migratieovereenkomsten (gecorrigeerd)", "gelezen-onderwerp": "x",
            "kenmerk": "2971694", "gelezen-kenmerk": "2971694"}  # fmt: skip
    assert reader.post("/documenten/nieuw/opslaan", data=form).status_code == 403
    stored = analyst.post("/documenten/nieuw/opslaan", data=form)
    assert stored.status_code == 200 and "bewaard" in stored.text and _count(kb) == 1
    import re

    doc_id = int(re.search(r'href="/documenten/(\d+)"', stored.text).group(1))  # type: ignore[union-attr]
    assert "Migratieovereenkomsten (gecorrigeerd)" in analyst.get(f"/documenten/{doc_id}").text
    # the letter page corrects what the extraction read: addressee and sending unit too
    fixed = analyst.post(f"/documenten/{doc_id}/correctie", follow_redirects=False,
                         data={"geadresseerde": "Eerste Kamer",
                               "afzenderEenheid": "Directie Migratiebeleid"})  # fmt: skip
    assert fixed.status_code == 303
    shown = analyst.get(f"/documenten/{doc_id}").text
    assert 'id="c-geadresseerde" name="geadresseerde" value="Eerste Kamer"' in shown
    assert "Directie Migratiebeleid" in shown
    assert reader.post(f"/documenten/{doc_id}/correctie",
                       data={"geadresseerde": "x"}).status_code == 403  # fmt: skip
    # read again with the current extractor: the corrections stay, the action is audited
    assert 'action="/documenten/' + str(doc_id) + '/opnieuw-lezen"' in shown
    again = analyst.post(f"/documenten/{doc_id}/opnieuw-lezen", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].endswith("?opnieuw=1")
    after = analyst.get(again.headers["location"]).text
    assert "opnieuw gelezen met de huidige extractie" in after
    assert "Migratieovereenkomsten (gecorrigeerd)" in after and "Directie Migratiebeleid" in after
    assert reader.post(f"/documenten/{doc_id}/opnieuw-lezen").status_code == 403
    assert analyst.post("/documenten/999999/opnieuw-lezen").status_code == 404
    with kb.session() as s:
        actions = [(e.actor, e.action) for e in s.scalars(select(AuditEntry))
                   if e.target == f"letter:{doc_id}"]  # fmt: skip
    assert actions[-1][1] == "reextract" and actions[-1][0] != "system"
    gone = analyst.post("/documenten/nieuw/opslaan", data=form)  # stored already
    assert gone.status_code == 400 and "verlopen of al opgeslagen" in gone.text
    # or at once, as before: each file stored or refused on its own
    files[0] = ("bestanden", ("a.md", (letters_dir / "a-migratieovereenkomsten.md").read_bytes(),
                              "text/markdown"))  # fmt: skip
    page = analyst.post("/documenten/nieuw", files=files,
                        data={"rubricering": "openbaar", "direct": "1"})  # fmt: skip
    assert page.status_code == 400  # one of the two could not be read: said per file
    assert "al in de kennisbank" in page.text and "kapot.pdf" in page.text and _count(kb) == 1
    upload = {"bestand": ("c.md", (letters_dir / "c-voortgang-integrale-migratieagenda.md")
                          .read_bytes(), "text/markdown")}  # fmt: skip
    assert reader.post("/api/v1/documenten", files=upload).status_code == 401
    made = analyst.post("/api/v1/documenten", files=upload)
    assert made.status_code == 201 and made.headers["location"].startswith("/api/v1/documenten/")
    assert made.json()["kenmerk"] == "3001668"
    again = analyst.post("/api/v1/documenten", files=upload)
    assert again.status_code == 200 and again.headers["location"] == made.headers["location"]
    bad = analyst.post(
        "/api/v1/documenten", files={"bestand": ("x.pdf", b"%PDF-1.4\n niets", "application/pdf")}
    )
    assert bad.status_code == 400 and "x.pdf" in bad.json()["detail"]
    # the extractor's own words in the client's language
    assert bad.json()["detail"] == "x.pdf: geen leesbare PDF (beschadigd of afgebroken bestand)"
    english = analyst.post(
        "/api/v1/documenten", files={"bestand": ("x.pdf", b"%PDF-1.4\n niets", "application/pdf")},
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert english.json()["detail"] == "x.pdf: not a readable PDF (corrupt or truncated file)"
    fixed = analyst.patch(made.headers["location"], json={"geadresseerde": "Tweede Kamer"})
    assert fixed.status_code == 200 and fixed.json()["geadresseerde"] == "Tweede Kamer"
    assert analyst.patch(made.headers["location"], json={}).status_code == 400
    assert analyst.patch(made.headers["location"], json={"datum": "morgen"}).status_code == 400
    assert analyst.patch("/api/v1/documenten/999999",
                         json={"kenmerk": "X"}).status_code == 404  # fmt: skip
