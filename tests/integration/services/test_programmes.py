"""The programme portfolio on SQLite and PostgreSQL: IATI import all-or-nothing and
idempotent, re-import keeps what people added, classification by confirmation, budgets that
add up, monitoring, and the pages, API and CLI around it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.ingest.eurostat import ImportProblem
from partnerships.ingest.iati import read_iati
from partnerships.services import programmes
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings, get_settings
from partnerships.store.schema import ProgrammeMoney, ProgrammeRow
from partnerships.web.api_models import Begroting, Programma
from partnerships.web.app import create_app
from support.web import web_client

REPO = Path(__file__).resolve().parents[3]
IATI = next((REPO / "examples" / "data" / "iati").glob("*.xml"))
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
runner = CliRunner()


def _count(kb: KnowledgeBase, model: type) -> int:
    with kb.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _id(kb: KnowledgeBase, identifier: str) -> int:
    with kb.session() as s:
        pid = s.scalar(select(ProgrammeRow.id).where(ProgrammeRow.identifier == identifier))
    assert pid is not None
    return int(pid)


def test_import_is_idempotent_and_keeps_human_work(kb: KnowledgeBase, tmp_path: Path) -> None:
    first = programmes.import_iati(kb, IATI)
    assert (first.status, first.new, first.updated, first.other_publishers) == (
        "imported",
        73,
        0,
        27,
    )
    assert programmes.import_iati(kb, IATI).status == "unchanged"
    money = _count(kb, ProgrammeMoney)
    pid = _id(kb, "XM-DAC-7-PPR-4000003866")
    programmes.classify(kb, ANALYST, pid, "ima", 2, "bevestigd")
    programmes.classify(kb, ANALYST, pid, "gcm", 7, "afgewezen")
    programmes.set_monitoring(kb, ANALYST, pid, date(2021, 6, 1), None, "negatieve bijeffecten",
                              "verdringing lokale hulp", "partners bijgestuurd")  # fmt: skip
    newer = tmp_path / "newer.xml"
    text = IATI.read_text("utf-8")
    newer.write_text(
        text.replace("4-1165_DRA_JR_Nigeria COVID-19", "DRA Nigeria COVID-19 (herzien)")
    )
    again = programmes.import_iati(kb, newer)
    assert (again.status, again.new, again.updated) == ("imported", 0, 73)
    assert _count(kb, ProgrammeMoney) == money  # replaced, not doubled
    found = programmes.programme(kb, ANONYMOUS, pid)
    assert found is not None
    detail = Programma.of(found).model_dump(by_alias=True)
    assert detail["titel"] == "DRA Nigeria COVID-19 (herzien)"
    assert detail["pijlers"] == [2] and detail["doelen"] == []
    statuses = {(c["schema"], c["code"]): c["status"] for c in detail["indeling"]}
    assert statuses[("gcm", 7)] == "afgewezen"  # a rejection is not suggested again
    assert detail["monitoring"]["bijsturing"] == "partners bijgestuurd"
    assert detail["evaluatieVerlopen"]


def test_a_bad_file_writes_nothing(kb: KnowledgeBase, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    text = IATI.read_text("utf-8")
    last = text.rindex('<recipient-country code="')
    start = last + len('<recipient-country code="')
    bad.write_text(text[:start] + "XX" + text[start + 2 :], "utf-8")  # the last activity
    with pytest.raises(ImportProblem, match="recipient-country 'XX' is not ISO 3166-1"):
        programmes.import_iati(kb, bad)
    assert _count(kb, ProgrammeRow) == 0
    with pytest.raises(ImportProblem, match="no such file"):
        programmes.import_iati(kb, tmp_path / "missing.xml")


def test_budget_adds_up_and_meets_the_ceiling(kb: KnowledgeBase) -> None:
    programmes.import_iati(kb, IATI)
    parsed = read_iati(IATI)
    spent = {}
    for a in parsed.activities:
        for m in a.money:
            if m.kind in ("disbursement", "expenditure"):
                spent[m.start.year] = spent.get(m.start.year, 0.0) + m.value
    for by in ("country", "pillar", "partner"):
        b = Begroting.of(programmes.budget(kb, ANONYMOUS, by)).model_dump()
        totals = {t["jaar"]: t["uitgaven"] for t in b["totalen"] if t["uitgaven"]}
        assert totals == pytest.approx(spent)
        split = sum(e.get("uitgaven", 0.0) for g in b["groepen"] for e in g["perJaar"].values())
        assert split == pytest.approx(sum(spent.values()))
    kb.settings = kb.settings.model_copy(update={"budget_ceilings": "2020=200,2021=118"})
    totals = {
        t["jaar"]: t for t in Begroting.of(programmes.budget(kb, ANONYMOUS)).model_dump()["totalen"]
    }
    assert totals[2020]["plafond"] == 200e6
    assert totals[2020]["ruimte"] == pytest.approx(200e6 - spent[2020])
    assert totals[2022]["plafond"] is None
    with pytest.raises(programmes.ProgrammeError):
        programmes.budget(kb, ANONYMOUS, "colour")


def test_manual_programmes_classification_and_monitoring_rules(kb: KnowledgeBase) -> None:
    made = programmes.add_manual(kb, ANALYST, {
        "identifier": "NL-TF-2026-01", "title": "Terugkeer en herintegratie Marokko",
        "countries": ["Morocco"], "budgets": {"2026": 2_500_000}, "partner": "IOM"})  # fmt: skip
    created = Programma.of(made).model_dump(by_alias=True)
    assert created["bron"] == "handmatig" and created["landen"] == [
        {"code": "MAR", "percentage": 100.0}
    ]
    assert {("ima", 4), ("gcm", 21)} <= {(c["schema"], c["code"]) for c in created["indeling"]}
    with pytest.raises(programmes.ProgrammeError, match="already exists"):
        programmes.add_manual(kb, ANALYST, {"identifier": "NL-TF-2026-01", "title": "x"})
    with pytest.raises(PermissionError):
        programmes.add_manual(kb, ANONYMOUS, {"identifier": "x", "title": "x"})
    pid = created["id"]
    with pytest.raises(programmes.ProgrammeError, match="IMA pillars are 1–6"):
        programmes.classify(kb, ANALYST, pid, "ima", 9, "bevestigd")
    programmes.classify(kb, ANALYST, pid, "ima", 4, "bevestigd")
    assert [p.programme.id for p in programmes.list_programmes(kb, ANONYMOUS, pillar=4)] == [pid]
    assert programmes.list_programmes(kb, ANONYMOUS, country="MAR")[0].programme.partners() == [
        "IOM"
    ]
    with pytest.raises(programmes.ProgrammeError, match="needs the adaptive action"):
        programmes.set_monitoring(kb, ANALYST, pid, None, None, "contraproductief", "x", "")
    yesterday = date.today() - timedelta(days=1)
    programmes.set_monitoring(kb, ANALYST, pid, yesterday, None, "", "", "")
    attention = programmes.monitoring(kb, ANONYMOUS)
    assert [p.programme.id for p in attention.overdue] == [pid]
    assert programmes.list_programmes(kb, ANONYMOUS, flagged=True)[0].programme.id == pid


def test_pages_api_and_cli(kb_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    if not kb_settings.database_url or not kb_settings.database_url.startswith("sqlite"):
        pytest.skip("the web and CLI layers are covered on SQLite")
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", kb_settings.database_url)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(kb_settings.data_dir))
    get_settings.cache_clear()
    try:
        imported = runner.invoke(app, ["import", "iati", str(IATI)])
        assert imported.exit_code == 0, imported.output
        assert (
            "73 nieuwe, 0 bijgewerkte programma's; 27 activiteiten van andere publiceerders "
            "overgeslagen" in imported.stdout
        )
        listed = runner.invoke(app, ["programmes", "--country", "SYR"])
        assert "3 programma's" in listed.stdout
        pid = json.loads(runner.invoke(app, ["programmes", "--json", "--country", "SYR"]).stdout)[
            0
        ]["id"]
        confirmed = runner.invoke(app, ["classify", str(pid), "--ima", "2"])
        assert confirmed.exit_code == 0 and "pijlers [2]" in confirmed.stdout
        assert runner.invoke(app, ["classify", str(pid)]).exit_code == 2
        table = runner.invoke(app, ["budget", "--by", "pillar"])
        assert "2020" in table.stdout and "niet ingedeeld" in table.stdout
    finally:
        get_settings.cache_clear()
    analyst = web_client(
        create_app(KnowledgeBase(kb_settings.model_copy(update={"local_analyst": True})))
    )
    reader = web_client(create_app(KnowledgeBase(kb_settings)))
    page = reader.get("/programmas?land=SYR")
    assert page.status_code == 200 and "3 programma&#39;s" in page.text
    assert '<a href="/landen/SYR">Syrië</a>' in page.text  # names, not ISO codes
    detail = analyst.get(f"/programmas/{pid}")
    assert "IMA-pijlers en GCM-doelen" in detail.text and "Bevestigen" in detail.text
    assert "Bevestigen" not in reader.get(f"/programmas/{pid}").text
    done = analyst.post(f"/programmas/{pid}/indeling", data={"extra": "gcm:7", "status": "bevestigd"},  # noqa: E501
                        follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert reader.post(f"/programmas/{pid}/indeling", data={"extra": "gcm:7"}).status_code == 403
    wrong = analyst.post(f"/programmas/{pid}/monitoring", data={"signaal": "contraproductief"})
    assert wrong.status_code == 400 and "(geplande) bijsturing" in wrong.text
    assert analyst.get("/programmas/999999").status_code == 404
    budget = reader.get("/begroting?indeling=pijler")
    assert budget.status_code == 200 and "Minder illegaliteit" not in budget.text
    assert "Versterken opvang" in budget.text  # the confirmed pillar 2 is a row
    assert reader.get("/begroting?indeling=kleur").status_code == 400
    assert "Programma&#39;s en budget" in reader.get("/landen/SYR").text
    api = reader.get("/api/v1/programmas?land=SYR").json()["programmas"]
    assert len(api) == 3 and reader.get(f"/api/v1/programmas/{pid}").json()["doelen"] == [7]
    body = {"identificatie": "NL-HAND-9", "titel": "Voorlichting over irreguliere migratie",
            "landen": ["GIN"], "begroting": {"2026": 1000000}}  # fmt: skip
    assert (
        reader.post("/api/v1/programmas", json=body).status_code == 401
    )  # anonymous: authenticate first
    created = analyst.post("/api/v1/programmas", json=body)
    assert created.status_code == 201 and created.headers["location"].startswith(
        "/api/v1/programmas/"
    )
    new_id = created.json()["id"]
    put = analyst.put(f"/api/v1/programmas/{new_id}/monitoring",
                      json={"evaluatieGepland": "2027-01-01"})  # fmt: skip
    assert put.status_code == 200 and put.json()["monitoring"]["evaluatieGepland"] == "2027-01-01"
    cls = analyst.post(f"/api/v1/programmas/{new_id}/indeling",
                       json={"schema": "gcm", "code": 3, "status": "bevestigd"})  # fmt: skip
    assert cls.json()["doelen"] == [3]
    missing = {"schema": "gcm", "code": 3, "status": "bevestigd"}
    assert analyst.post("/api/v1/programmas/999999/indeling", json=missing).status_code == 404
    b = reader.get("/api/v1/begroting?indeling=land&van=2026&tot=2026").json()
    assert b["jaren"] == [2026]
    form = {"identificatie": "NL-HAND-10", "titel": "Opvang in de regio Libanon",
            "landen": "LBN", "partner": "UNHCR", "stroom": "ODA",
            "begroting": "2026=1.500.000, 2027=1500000", "omschrijving": ""}  # fmt: skip
    assert reader.post("/programmas/nieuw", data=form).status_code == 403
    made = analyst.post("/programmas/nieuw", data=form, follow_redirects=False)
    assert made.status_code == 303
    shown = analyst.get(made.headers["location"]).text
    assert "Opvang in de regio Libanon" in shown and "1.500.000" in shown
    wrong = analyst.post("/programmas/nieuw", data=form | {"identificatie": "NL-HAND-11",
                                                           "begroting": "veel"})  # fmt: skip
    assert (
        wrong.status_code == 400 and "write YEAR=EUR" in wrong.text and "NL-HAND-11" in wrong.text
    )
