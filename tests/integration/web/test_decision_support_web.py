"""Decision support as users meet it: `partnerships rank|assess|criteria|decide|decisions`,
the pages (what-if, criteria editor, assessment, decision form) and the API, including who
may write."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.services.indicators import import_eurostat, import_frontex, import_table
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings, get_settings
from partnerships.web.app import create_app
from support.web import web_client

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "examples" / "data"
runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("web-decisions")
    kb = KnowledgeBase(Settings(data_dir=tmp, workers=1))
    kb.upgrade()
    assert not kb.ingest([REPO / "examples" / "letters"]).failed
    for name in ("migr_eiord", "migr_eirtn"):
        import_eurostat(kb, DATA / "eurostat" / f"{name}_by_citizenship_2017-export.csv")
    import_frontex(kb, next((DATA / "frontex").glob("*.xlsx")))
    import_table(kb, DATA / "tables" / "analisten-voorbeeld.csv")
    kb.engine.dispose()
    return tmp


@pytest.fixture()
def cli_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PARTNERSHIPS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


def _client(data_dir: Path, analyst: bool) -> TestClient:
    kb = KnowledgeBase(Settings(data_dir=data_dir, workers=1, local_analyst=analyst))
    return web_client(create_app(kb), raise_server_exceptions=False)


@pytest.fixture()
def analyst(data_dir: Path) -> TestClient:
    return _client(data_dir, True)


@pytest.fixture()
def reader(data_dir: Path) -> TestClient:
    return _client(data_dir, False)


def test_cli_rank_table_and_json(cli_env: Path) -> None:
    table = runner.invoke(app, ["rank", "--top", "5", "--samples", "500"])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert "landen; criteria versie standaard" in lines[0]
    assert len(lines) == 2 + 5 and lines[2].split()[0] == "1"
    what_if = runner.invoke(app, ["rank", "--json", "--no-robustness", "-w", "transit=0.9"])
    data = json.loads(what_if.stdout)
    assert "acceptatie" not in data["landen"][0] and "verschuiving" in data["landen"][0]
    bad = runner.invoke(app, ["rank", "-w", "transit"])
    assert bad.exit_code == 2 and "CODE=GETAL verwacht" in bad.output
    unknown = runner.invoke(app, ["rank", "-w", "colour=1"])
    assert unknown.exit_code == 1 and "onbekende criteria" in unknown.stderr


def test_cli_assess(cli_env: Path) -> None:
    out = runner.invoke(app, ["assess", "Morocco"])
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("MAR 2016: deels voldoende, trend: verbeterd")
    assert "ontbreekt: Acceptatie van terugkeervluchten" in out.stdout
    assert "Terug- en overnameovereenkomst" in out.stdout and "geen besluit" in out.stdout
    as_json = json.loads(runner.invoke(app, ["assess", "MAR", "--year", "2015", "--json"]).stdout)
    assert as_json["oordeel"] == "onvoldoende"
    assert runner.invoke(app, ["assess", "Atlantis"]).exit_code == 2


def test_cli_criteria_round_trip_and_refusal(cli_env: Path, tmp_path: Path) -> None:
    exported = tmp_path / "criteria.toml"
    assert runner.invoke(app, ["criteria", "export", "-o", str(exported)]).exit_code == 0
    exported.write_text(exported.read_text("utf-8").replace("weight = 0.2\n", "weight = 0.3\n"))
    stored = runner.invoke(app, ["criteria", "import", str(exported), "--note", "meer transit"])
    assert stored.exit_code == 0 and "opgeslagen als criteriaversie" in stored.stdout
    history = runner.invoke(app, ["criteria", "history"])
    assert "meer transit" in history.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text(
        exported.read_text("utf-8").replace('direction = "benefit"', 'direction = "x"', 1)
    )
    refused = runner.invoke(app, ["criteria", "import", str(broken)])
    assert refused.exit_code == 1 and "direction moet een van" in refused.stderr
    again = runner.invoke(app, ["criteria", "export"])
    assert "weight = 0.3" in again.stdout
    assert runner.invoke(app, ["criteria", "export", "--version", "999"]).exit_code == 1


def test_cli_decide_and_decisions(cli_env: Path) -> None:
    ok = runner.invoke(app, ["decide", "DZA", "--title", "Brede aanpak", "--rationale", "r",
                             "--weighed", "w", "--instrument", "oda_package",
                             "--evidence", "assessment:2016 art. 25a"])  # fmt: skip
    assert ok.exit_code == 0 and "besluit versie 1 vastgelegd" in ok.stdout, ok.output
    bad = runner.invoke(app, ["decide", "DZA", "--title", "x", "--rationale", "r", "--weighed",
                              "w", "--evidence", "document"])  # fmt: skip
    assert bad.exit_code == 1 and "schrijf soort:verwijzing label" in bad.stderr
    listed = runner.invoke(app, ["decisions", "DZA", "--json"])
    history = json.loads(listed.stdout)
    assert [h["versie"] for h in history] == [1] and history[0]["bewijs"][0]["verwijzing"] == "2016"


def test_ranking_page_with_what_if(analyst: TestClient) -> None:
    page = analyst.get("/prioritering")
    assert page.status_code == 200
    assert "Prioritering van focuslanden" in page.text and "Rangacceptatie" in page.text
    assert page.text.count("<details>") == 50 and "toon alle" in page.text
    moved = analyst.get("/prioritering?w_transit=0.9")
    assert (
        "Terug naar de ingestelde gewichten" in moved.text and "plaatsen verschoven" in moved.text
    )
    everything = analyst.get("/prioritering?alle=1")
    assert everything.text.count("<details>") > 100
    wrong = analyst.get("/prioritering?w_transit=veel")
    assert wrong.status_code == 200 and "Geen getal: veel" in wrong.text


def test_criteria_page_saves_a_version_for_analysts_only(
    analyst: TestClient, reader: TestClient
) -> None:
    page = analyst.get("/prioritering/criteria")
    assert 'name="weight_transit"' in page.text
    form = {"weights": "intervals", "missing": "worst", "samples": "2000", "min_known": "2",
            "note": "intervallen"}  # fmt: skip
    toml = analyst.get("/prioritering/criteria.toml")
    assert toml.headers["content-type"].startswith("application/toml")
    import tomllib

    for c in tomllib.loads(toml.text)["criterion"]:
        for key in ("direction", "normalisation", "weight", "weight_low", "weight_high", "rank"):
            form[f"{key}_{c['code']}"] = str(c.get(key, ""))
    saved = analyst.post("/prioritering/criteria", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert "Opgeslagen als versie" in analyst.get(saved.headers["location"]).text
    form["weight_high_transit"] = "0.01"  # below its low bound
    refused = analyst.post("/prioritering/criteria", data=form)
    assert refused.status_code == 400  # said in the page's language
    assert "weight_low 0.1 ligt boven weight_high 0.01" in refused.text
    assert "Alleen analisten" in reader.get("/prioritering/criteria").text
    assert reader.post("/prioritering/criteria", data=form).status_code == 403


def test_return_page_and_dossier_sections(analyst: TestClient, reader: TestClient) -> None:
    page = analyst.get("/landen/MAR/terugkeer")
    assert page.status_code == 200 and "deels voldoende" in page.text
    assert "25a(2)(d)(4)" in page.text and "lacune" in page.text
    assert "Landingsrechten" in page.text  # listed among the non-options with the reason
    assert analyst.get("/landen/MAR/terugkeer?jaar=2015").status_code == 200
    assert analyst.get("/landen/MAR/terugkeer?jaar=twee").status_code == 400
    assert analyst.get("/landen/XXX/terugkeer").status_code == 404
    dossier = reader.get("/landen/MAR")
    assert "Beoordeling art. 25a 2016" in dossier.text
    assert "Nieuwe versie van het besluit vastleggen" not in dossier.text


def test_decision_form_records_versions_and_keeps_input_on_error(
    analyst: TestClient, reader: TestClient
) -> None:
    form = analyst.get("/landen/TUN/besluit")
    assert form.status_code == 200 and "een optie na de beoordeling" in form.text
    data = {"titel": "Visumvrijstelling diplomatieke paspoorten conditioneel",
            "instrumenten": ["dipl_visa_waiver", "working_arrangement"],
            "motivering": "Geen EU-mandaat", "afweging": "Handel en dialoog",
            "bewijs": "assessment:2016 beoordeling\nindicator:migr_eiord Eurostat",
            "status": "concept", "rubricering": "openbaar", "wijziging": ""}  # fmt: skip
    saved = analyst.post("/landen/TUN/besluit", data=data, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/landen/TUN#besluiten-kop"
    dossier = analyst.get("/landen/TUN")
    assert "Visumvrijstelling diplomatieke paspoorten conditioneel" in dossier.text
    assert 'href="/landen/TUN/terugkeer?jaar=2016"' in dossier.text
    prefilled = analyst.get("/landen/TUN/besluit")
    assert (
        "Geen EU-mandaat" in prefilled.text and 'value="dipl_visa_waiver" checked' in prefilled.text
    )
    wrong = analyst.post("/landen/TUN/besluit", data=data | {"bewijs": "document:999999 x"})
    assert wrong.status_code == 400  # the service's refusal, in the page's language
    assert "document &#39;999999&#39; staat niet in de kennisbank" in wrong.text
    assert "Geen EU-mandaat" in wrong.text  # the input is kept
    # readers see the public version, may not write
    assert "Visumvrijstelling diplomatieke" in reader.get("/landen/TUN").text
    assert reader.get("/landen/TUN/besluit").status_code == 403
    assert reader.post("/landen/TUN/besluit", data=data).status_code == 403


def test_api_decision_support(analyst: TestClient, reader: TestClient) -> None:
    r = reader.get("/api/v1/prioritering?gewichten=transit:0.5&robuustheid=false")
    assert r.status_code == 200 and r.json()["landen"][0]["rangBasis"] >= 1
    unknown = reader.get("/api/v1/prioritering?gewichten=kleur:1")
    assert unknown.status_code == 400  # the service's refusal in the client's language
    assert unknown.json()["detail"].startswith("onbekende criteria ['kleur']; bekend zijn: ")
    english = reader.get("/api/v1/prioritering?gewichten=kleur:1",
                         headers={"Accept-Language": "en"}).json()  # fmt: skip
    assert english["detail"].startswith("unknown criteria ['kleur']; known: ")
    assert reader.get("/api/v1/criteria").json()["toml"].startswith("# Focus-country")
    catalogue = reader.get("/api/v1/instrumenten").json()
    assert any(i["code"] == "eu_25a5a" for i in catalogue["instrumenten"])
    a = reader.get("/api/v1/landen/MAR/terugkeersamenwerking?jaar=2016").json()
    assert a["oordeel"] == "deels voldoende" and a["opties"]
    body = {"titel": "API-besluit", "motivering": "m", "afweging": "a",
            "instrumenten": ["reintegration_support"], "rubricering": "vertrouwelijk",
            "bewijs": [{"soort": "indicator", "verwijzing": "migr_eirtn"}]}  # fmt: skip
    created = analyst.post("/api/v1/landen/SEN/besluiten", json=body)
    assert (
        created.status_code == 201 and created.headers["location"] == "/api/v1/landen/SEN/besluiten"
    )
    assert created.json()["auteur"] and created.json()["versie"] == 1
    assert [
        b["versie"] for b in analyst.get("/api/v1/landen/SEN/besluiten").json()["besluiten"]
    ] == [1]
    assert reader.get("/api/v1/landen/SEN/besluiten").json() == {"besluiten": []}  # confidential
    # an anonymous write: told to authenticate (401), not that a form expired
    forbidden = reader.post("/api/v1/landen/SEN/besluiten", json=body)
    assert forbidden.status_code == 401 and "Bearer" in forbidden.headers["www-authenticate"]
    assert forbidden.headers["content-type"] == "application/problem+json"
    invalid = analyst.post("/api/v1/landen/SEN/besluiten", json=body | {"instrumenten": ["x"]})
    assert invalid.status_code == 400 and "onbekende instrumenten" in invalid.json()["detail"]
    assert analyst.post("/api/v1/landen/ZZZ/besluiten", json=body).status_code == 404


def test_api_criteria_versions(analyst: TestClient, reader: TestClient) -> None:
    current = reader.get("/api/v1/criteria").json()
    body = {"toml": current["toml"].replace("weight = 0.1\n", "weight = 0.12\n", 1),
            "toelichting": "via de API"}  # fmt: skip
    assert (
        reader.post("/api/v1/criteria", json=body).status_code == 401
    )  # anonymous: authenticate first
    created = analyst.post("/api/v1/criteria", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["versie"] == reader.get("/api/v1/criteria").json()["versie"]
    assert created.json()["geschiedenis"][0]["toelichting"] == "via de API"
    refused = analyst.post("/api/v1/criteria", json={"toml": "[method]\nweights = 'x'"})
    assert refused.status_code == 400 and "geen [[criterion]]-tabellen" in refused.json()["detail"]


def test_cli_risk_and_risks(cli_env: Path) -> None:
    ok = runner.invoke(app, ["risk", "MLI", "--category", "uitbuiting", "--description",
                             "Uitbuiting onderweg", "--likelihood", "3", "--impact", "4",
                             "--mitigation", "Bescherming via IOM", "--owner", "DMM",
                             "--review", "2099-01-01"])  # fmt: skip
    assert ok.exit_code == 0
    assert "versie 1 vastgelegd (middel, herbeoordeling 2099-01-01)" in ok.stdout
    shown = runner.invoke(app, ["risks", "MLI"])
    assert "do-no-harm-toets actueel" in shown.stdout and "Uitbuiting onderweg" in shown.stdout
    bad = runner.invoke(app, ["risk", "MLI", "--category", "weer", "--description", "x",
                              "--likelihood", "9", "--impact", "1", "--mitigation", "m",
                              "--owner", "o", "--review", "morgen"])  # fmt: skip
    assert bad.exit_code == 1 and "fout:" in bad.stderr


def test_risk_form_and_dossier(analyst: TestClient, reader: TestClient) -> None:
    assert "do-no-harm" in analyst.get("/landen/NER").text.lower()
    assert "ontbreekt" in analyst.get("/landen/NER").text
    form = {"categorie": "refoulement", "kans": "2", "impact": "5",
            "herbeoordeling": "2099-06-30",
            "omschrijving": "Terugsturen naar Libië", "beoogd": "", "onbedoeld": "",
            "mitigatie": "Monitoring", "eigenaar": "DMM", "programma": "", "instrument": "",
            "status": "open", "rubricering": "openbaar", "wijziging": "",
            "sleutel": ""}  # fmt: skip
    saved = analyst.post("/landen/NER/risico", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/landen/NER#risicos-kop"
    dossier = analyst.get("/landen/NER").text
    assert "Terugsturen naar Libië" in dossier and "2 × 5 = 10 (middel)" in dossier
    key = dossier.split("/landen/NER/risico?sleutel=")[1].split('"')[0]
    revise = analyst.get(f"/landen/NER/risico?sleutel={key}")
    assert "Terugsturen naar Libië" in revise.text
    change = {"sleutel": key, "kans": "4", "wijziging": "meer meldingen"}
    again = analyst.post("/landen/NER/risico", data=form | change)
    assert again.status_code == 200  # followed the redirect to the dossier
    assert "Geschiedenis (2)" in again.text and "meer meldingen" in again.text
    wrong = analyst.post("/landen/NER/risico", data=form | {"kans": "veel"})
    assert wrong.status_code == 400 and "Terugsturen naar Libië" in wrong.text
    assert analyst.get("/landen/NER/risico?sleutel=nope").status_code == 404
    assert reader.get("/landen/NER/risico").status_code == 403
    assert reader.post("/landen/NER/risico", data=form).status_code == 403
    assert "Terugsturen naar Libië" in reader.get("/landen/NER").text  # public entry


def test_api_risks(analyst: TestClient, reader: TestClient) -> None:
    body = {"categorie": "discriminatie", "omschrijving": "Etnisch profileren bij grens",
            "kans": 3, "impact": 3, "mitigatie": "Training", "eigenaar": "KMar",
            "herbeoordeling": "2099-01-01", "rubricering": "intern"}  # fmt: skip
    assert (
        reader.post("/api/v1/landen/SDN/risicos", json=body).status_code == 401
    )  # anonymous: authenticate first
    created = analyst.post("/api/v1/landen/SDN/risicos", json=body)
    assert created.status_code == 201 and created.json()["niveau"] == "middel"
    listed = analyst.get("/api/v1/landen/SDN/risicos").json()
    assert listed["toets"]["status"] == "actueel" and len(listed["risicos"]) == 1
    assert reader.get("/api/v1/landen/SDN/risicos").json()["risicos"] == []  # intern
    change = {"sleutel": created.json()["sleutel"], "status": "gesloten"}
    revised = analyst.post("/api/v1/landen/SDN/risicos", json=body | change)
    assert revised.json()["versie"] == 2
    assert analyst.post("/api/v1/landen/SDN/risicos", json=body | {"kans": 7}).status_code == 400


def test_a_server_prepares_the_ranking_at_start_and_a_test_app_does_not(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`partnerships serve` makes its app with warm_up=True: the ranking's values and
    robustness are computed beside the first requests, so that fifty readers arriving
    together after a start do not each wait for them (the load test timed out on
    /prioritering)."""
    import threading

    from partnerships.services import criterion_values, prioritisation
    from partnerships.web import page_support

    kb = KnowledgeBase(Settings(data_dir=data_dir, workers=1))
    prioritisation.clear_robustness_cache()
    with TestClient(create_app(kb)):
        pass
    assert len(criterion_values.VALUES) == 0
    with TestClient(create_app(kb, warm_up=True)) as client:
        for t in threading.enumerate():
            if t.name == "ranking-warm-up":
                t.join(60)
        assert len(criterion_values.VALUES) >= 1

        def refused(*_args: object, **_kwargs: object) -> object:
            raise AssertionError("computed again after the warm-up")

        monkeypatch.setattr(criterion_values, "_source_values", refused)
        monkeypatch.setattr(prioritisation, "smaa2", refused)
        monkeypatch.setattr(page_support, "CACHE", page_support.PageCache())  # no page kept
        page = client.get("/prioritering")
        assert page.status_code == 200
        assert "robuustheid" in page.text.lower()
