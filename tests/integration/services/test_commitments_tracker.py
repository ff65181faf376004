"""The commitments and motions tracker on the real letters (SQLite and PostgreSQL):
statuses with overdue computed, a later letter proposed as fulfilment and confirmed or
rejected by a person, commitments entered by hand, exports, motions, pages, API and CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.services import commitments, dashboard
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import get_settings
from partnerships.store.schema import Document
from partnerships.web.api_models import GevolgdeToezegging
from partnerships.web.app import create_app
from support.web import web_client

as_api = GevolgdeToezegging.listed  # the tracker's views as the API's documents

ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
TODAY = date(2026, 11, 22)
runner = CliRunner()


def _doc(kb: KnowledgeBase, kenmerk: str) -> int:
    with kb.session() as s:
        found = s.scalar(select(Document.id).where(Document.kenmerk == kenmerk))
    assert found is not None
    return int(found)


def _promise_of_letter_a(items: list[dict]) -> dict:  # type: ignore[type-arg]
    return next(i for i in items if i["document"] and i["document"]["kenmerk"] == "2971694")


def test_statuses_proposals_and_confirmation(loaded_kb: KnowledgeBase) -> None:
    kb = loaded_kb
    items = as_api(commitments.tracker(kb, ANONYMOUS, TODAY))
    assert items and {i["status"] for i in items} <= {"open", "te laat"}
    assert all(i["soort"] != "fulfilment" for i in items)
    overdue = [i for i in items if i["status"] == "te laat"]
    assert overdue and all(i["uiterlijk"] < TODAY.isoformat() for i in overdue)
    assert all(i["verantwoordelijk"].startswith("Ministerie") for i in items)
    promise = _promise_of_letter_a(items)
    (proposal,) = promise["voorstellen"]
    assert proposal["document"]["kenmerk"] == "3001668"
    assert "verwijst naar de brief 2971694" in proposal["redenen"]
    assert any("motie (becker)" in r for r in proposal["redenen"])
    with pytest.raises(PermissionError):
        commitments.update(kb, ANONYMOUS, promise["sleutel"], "vervuld")
    with pytest.raises(commitments.CommitmentError, match="needs the letter"):
        commitments.update(kb, ANALYST, promise["sleutel"], "vervuld")
    with pytest.raises(commitments.CommitmentError, match="no commitment"):
        commitments.update(kb, ANALYST, "doc0-unknown", "open")
    later = _doc(kb, "3001668")
    before = dashboard.overview(kb, ANONYMOUS, TODAY)
    assert before.in_time + before.commitments.overdue == len(items)
    done = GevolgdeToezegging.of(commitments.update(
        kb, ANALYST, promise["sleutel"], fulfilled_by=later,
        responsible="Ministerie van Justitie en Veiligheid")).model_dump()  # fmt: skip
    assert done["status"] == "vervuld" and done["vervuldDoor"]["kenmerk"] == "3001668"
    assert done["voorstellen"] == []
    assert [i["sleutel"] for i in as_api(commitments.tracker(kb, ANONYMOUS, TODAY, "vervuld"))] == [
        promise["sleutel"]
    ]
    again = _promise_of_letter_a(as_api(commitments.tracker(kb, ANONYMOUS, TODAY)))
    assert again["status"] == "vervuld"
    after = dashboard.overview(kb, ANONYMOUS, TODAY)  # the overview follows the tracker
    assert after.in_time == before.in_time - 1
    assert after.commitments.overdue == before.commitments.overdue


def test_rejected_proposals_stay_rejected(loaded_kb: KnowledgeBase) -> None:
    promise = _promise_of_letter_a(as_api(commitments.tracker(loaded_kb, ANONYMOUS, TODAY)))
    commitments.reject_proposal(loaded_kb, ANALYST, promise["sleutel"], _doc(loaded_kb, "3001668"))
    again = _promise_of_letter_a(as_api(commitments.tracker(loaded_kb, ANONYMOUS, TODAY)))
    assert again["voorstellen"] == [] and again["status"] == "open"


def test_manual_commitments_and_exports(loaded_kb: KnowledgeBase) -> None:
    kb = loaded_kb
    with pytest.raises(commitments.CommitmentError, match="responsible ministry"):
        commitments.add_manual(kb, ANALYST, "x", None, " ")
    item = GevolgdeToezegging.of(commitments.add_manual(
        kb, ANALYST, "Kamer informeren over de pilot arbeidsmigratie", date(2020, 1, 1),
        "Ministerie van SZW", None, "commissiedebat 12 maart")).model_dump()  # fmt: skip
    assert item["handmatig"] and item["status"] == "te laat" and item["document"] is None
    rows = commitments.tracker(kb, ANONYMOUS, TODAY)
    data = commitments.export(rows, "csv")
    assert data.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0] == list(commitments.EXPORT_COLUMNS) and len(parsed) == len(rows) + 1
    assert any(r[4] == "Kamer informeren over de pilot arbeidsmigratie" for r in parsed)
    book = load_workbook(io.BytesIO(commitments.export(rows, "xlsx")))
    sheet = book["Toezeggingen"]
    assert sheet.max_row == len(rows) + 1 and sheet.cell(1, 1).value == "sleutel"
    with pytest.raises(commitments.CommitmentError):
        commitments.export(rows, "pdf")


def test_motions_per_member_and_dossier(loaded_kb: KnowledgeBase) -> None:
    m = commitments.motions(loaded_kb, ANONYMOUS).cited
    becker = next(x for x in m.items if x.key == "motie:becker")
    assert [d.kenmerk for d in becker.letters] == ["2971694", "3001668"]
    assert becker.letters_total == 2
    assert m.per_member["Becker"] == ["motie:becker"]
    assert sum(len(v) for v in m.per_dossier.values()) == m.total == len(m.items)


def test_cited_motions_are_grouped_counted_and_paged_by_the_database(
    loaded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page holds its share of the motions in key order, every motion once; a motion
    lists its oldest citing letters and counts all of them; the index places each motion
    on its page (found at 100,000 letters: the page read every motion citation)."""
    everything = commitments.cited_motions(loaded_kb, ANONYMOUS, 0, 1000)
    keys = [m.key for m in everything.items]
    assert keys == sorted(keys) and len(keys) == everything.total >= 2
    pages = [commitments.cited_motions(loaded_kb, ANONYMOUS, i, 1) for i in range(len(keys))]
    assert [p.items[0].key for p in pages] == keys
    assert all(p.total == everything.total for p in pages)
    assert everything.order == {k: i for i, k in enumerate(keys)}
    monkeypatch.setattr(commitments, "CITING_LETTERS", 1)
    becker = next(m for m in commitments.cited_motions(loaded_kb, ANONYMOUS).items
                  if m.key == "motie:becker")  # fmt: skip
    assert [d.kenmerk for d in becker.letters] == ["2971694"] and becker.letters_total == 2


def test_pages_api_and_cli(loaded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = loaded_kb.settings
    if not loaded_kb.url.startswith("sqlite"):
        pytest.skip("pages, API and CLI are covered on SQLite")
    analyst = web_client(
        create_app(KnowledgeBase(settings.model_copy(update={"local_analyst": True})))
    )
    reader = web_client(create_app(KnowledgeBase(settings)))
    page = analyst.get("/toezeggingen")
    assert "Mogelijk vervuld door" in page.text and "Bevestigen" in page.text
    assert "Bevestigen" not in reader.get("/toezeggingen").text
    key = _promise_of_letter_a(as_api(commitments.tracker(loaded_kb, ANONYMOUS, TODAY)))["sleutel"]
    later = _doc(loaded_kb, "3001668")
    link = {"sleutel": key, "document": later, "besluit": "bevestigd"}
    assert reader.post("/toezeggingen/koppeling", data=link).status_code == 403
    done = analyst.post("/toezeggingen/koppeling",
                        data={"sleutel": key, "document": later, "besluit": "bevestigd"},
                        follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert key in analyst.get("/toezeggingen?status=vervuld").text
    bad = analyst.post("/toezeggingen/wijzig", data={"sleutel": key, "status": "vervuld",
                                                     "uiterlijk": "morgen"})  # fmt: skip
    assert bad.status_code == 400
    new = analyst.post("/toezeggingen/nieuw", data={"tekst": "Brief over terugkeerhubs",
                                                    "verantwoordelijk": "Ministerie van AenM",
                                                    "uiterlijk": "2099-01-01"},
                       follow_redirects=False)  # fmt: skip
    assert new.status_code == 303
    csv_export = reader.get("/toezeggingen/export?status=all&formaat=csv")
    assert csv_export.headers["content-type"].startswith("text/csv")
    assert "Brief over terugkeerhubs" in csv_export.content.decode("utf-8-sig")
    dutch = csv_export.content.decode("utf-8-sig").splitlines()
    assert dutch[0].startswith('"sleutel";"status";"uiterlijk";"verantwoordelijk"')
    assert any('";"vervuld";"' in line for line in dutch[1:])
    english = reader.get("/toezeggingen/export?status=all&formaat=csv&taal=en")
    assert "commitments-" in english.headers["content-disposition"]
    rows = english.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith('"key";"status";"due";"responsible";"commitment"')
    assert any('";"fulfilled";"' in line for line in rows[1:]) and len(rows) == len(dutch)
    xlsx = reader.get("/toezeggingen/export?formaat=xlsx")
    assert xlsx.content[:2] == b"PK"
    assert reader.get("/toezeggingen/export?formaat=pdf").status_code == 400
    assert "motie Becker c.s." in reader.get("/moties").text
    api = reader.get("/api/v1/toezeggingen?status=vervuld").json()["toezeggingen"]
    assert [t["sleutel"] for t in api] == [key]
    assert reader.get(f"/api/v1/toezeggingen/{key}").json()["vervuldDoor"]["kenmerk"] == "3001668"
    assert reader.get("/api/v1/toezeggingen/doc0-nope").status_code == 404
    body = {"tekst": "Overzicht moties sturen", "verantwoordelijk": "Ministerie van JenV"}
    assert (
        reader.post("/api/v1/toezeggingen", json=body).status_code == 401
    )  # anonymous: authenticate first
    made = analyst.post("/api/v1/toezeggingen", json=body)
    assert made.status_code == 201
    patched = analyst.patch(made.headers["location"], json={"status": "vervallen"})
    assert patched.status_code == 200 and patched.json()["status"] == "vervallen"
    assert (
        analyst.patch("/api/v1/toezeggingen/doc0-nope", json={"status": "open"}).status_code == 404
    )
    assert "becker" in json.dumps(reader.get("/api/v1/moties").json())
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", loaded_kb.url)
    get_settings.cache_clear()
    try:
        listed = runner.invoke(app, ["commitments", "--status", "vervuld"])
        assert listed.exit_code == 0 and key in listed.stdout
        changed = runner.invoke(app, ["commitment", key, "--status", "deels vervuld"])
        assert changed.exit_code == 0 and "deels vervuld (vervuld door 3001668)" in changed.stdout
        assert runner.invoke(app, ["commitment", "doc0-x", "--status", "open"]).exit_code == 1
        assert "motie Becker c.s." in runner.invoke(app, ["motions"]).stdout
    finally:
        get_settings.cache_clear()


def test_a_dossier_asks_for_the_commitments_of_its_letters_only(loaded_kb: KnowledgeBase) -> None:
    today = date(2026, 12, 1)
    found = commitments.tracker_page(loaded_kb, ANALYST, today, proposals=False)
    total, every = found.total, as_api(found.items)
    by_letter: dict[int, int] = {}
    for c in every:
        if c["document"]:
            by_letter[c["document"]["id"]] = by_letter.get(c["document"]["id"], 0) + 1
    letter, n = max(by_letter.items(), key=lambda kv: kv[1])
    found = commitments.tracker_page(loaded_kb, ANALYST, today, proposals=False,
                                     documents=[letter])  # fmt: skip
    got_total, got = found.total, as_api(found.items)
    assert got_total == n and {c["document"]["id"] for c in got} == {letter}
    assert commitments.tracker_page(loaded_kb, ANALYST, today, documents=[]).total == 0
    # the country filter and the per-letter one agree with the unfiltered list
    country_total = commitments.tracker_page(loaded_kb, ANALYST, today, country="TUR").total
    # no promise of the corpus is about Turkey by its own paragraph (test_commitment_places)
    assert country_total == 0 < total


def test_totals_and_pages_agree_with_the_whole_list_for_every_filter(
    loaded_kb: KnowledgeBase,
) -> None:
    """The total comes with the page for a text search (a window count) and from its own
    count otherwise, and from its own count past the last page; each agrees with
    filtering the whole list by hand, and the pages put together are the whole list."""
    kb = loaded_kb
    everything = commitments.tracker_page(kb, ANALYST, TODAY, proposals=False).items
    assert len(everything) > 4
    word = next(w for w in everything[0].text.lower().split() if len(w) > 5)
    ministry = everything[0].responsible.lower()[-12:]
    cases = {
        "none": ({}, everything),
        "query": ({"query": word}, [c for c in everything if word in c.text.lower()]),
        "responsible": ({"responsible": ministry},
                        [c for c in everything if ministry in c.responsible.lower()]),
    }  # fmt: skip
    for name, (filters, expected) in cases.items():
        assert expected, name
        pages, offset = [], 0
        while True:
            page = commitments.tracker_page(kb, ANALYST, TODAY, offset=offset, limit=3,
                                            proposals=False, **filters)  # fmt: skip
            assert page.total == len(expected), name
            if not page.items:
                break
            pages += page.items
            offset += 3
        assert [c.key for c in pages] == [c.key for c in expected], name
        past = commitments.tracker_page(kb, ANALYST, TODAY, offset=10_000, limit=3, **filters)
        assert (past.total, past.items) == (len(expected), []), name
