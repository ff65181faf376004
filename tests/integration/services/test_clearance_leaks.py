"""No read path shows a record above the reader's clearance.

A base is seeded with the bundled letters and data plus records of every level: letters
(copies of a real letter, each with a marker word in subject, body, a promise and a
footnote), decisions and do-no-harm risks. Then every GET route and API endpoint of the
app is walked — path parameters filled with the ids of every seeded record, search and
filters aimed at the markers, exports and reports in each format — as a user of each
clearance, and any response that contains a marker above that clearance fails the test.
Counts and facets are checked against the number of records the user may see, and a
property-based test searches with random combinations of the hidden letters' own words.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.domain.context import CLEARANCES, LOCAL_USER, UserContext
from partnerships.domain.decisions import DecisionRecord
from partnerships.domain.queries import DocumentFilter
from partnerships.domain.risks import Risk
from partnerships.services import accounts, decisions, programmes, queries, risks, tokens, watches
from partnerships.services.documents import set_classification
from partnerships.services.indicators import import_eurostat, import_frontex, import_table
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.reports.texts import save_text
from partnerships.settings import Settings
from partnerships.web.app import create_app, route_table

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples"
MARK = {"intern": "zqxinternmerk", "vertrouwelijk": "zqxgeheimmerk"}
CONTROL = "zqxcontrolemerk"  # a word in no record, to tell an echoed query from a leak
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
PROGRAMME_IDS: list[str] = ["1", "2"]
WATCHES: list[tuple[str, str]] = []  # (id, feed token) of the seeded watches


def _hidden_letter(level: str, kenmerk: str) -> str:
    """A real letter, re-numbered and marked, with a promise about Morocco that names the
    marker (so the commitments tracker, mentions and facts all carry it)."""
    text = (EXAMPLES / "letters" / "a-migratieovereenkomsten.md").read_text("utf-8")
    mark = MARK[level]
    text = text.replace("2971694", kenmerk, 1)
    text = text.replace("Onderwerp Uitvoering motie", f"Onderwerp {mark.capitalize()} motie", 1)
    promise = (
        f"\n\nHet kabinet zal uw Kamer voor 1 januari 2027 informeren over de {mark} "
        f"afspraken met Marokko, waarvoor 4 miljoen euro ({mark}) beschikbaar is.\n"
    )
    head, sep, tail = text.partition("\n¹ ")
    return head + promise + sep + tail


@pytest.fixture(scope="module")
def seeded(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[KnowledgeBase, dict[str, list[int]]]]:
    url = module_database_url
    folder = tmp_path_factory.mktemp("leaks")
    kb = KnowledgeBase(Settings(data_dir=folder, database_url=url or None, workers=1))
    kb.upgrade()
    kb.seed_countries()
    assert not kb.ingest([EXAMPLES / "letters"]).failed
    data = EXAMPLES / "data"
    for path in sorted((data / "eurostat").glob("*.csv")):
        if "eirtn" in path.name:
            # a confidential statistics dataset: its file and release name carry the marker
            secret = folder / f"migr_eirtn_{MARK['vertrouwelijk']}.csv"
            secret.write_bytes(path.read_bytes())
            import_eurostat(kb, secret, "migr_eirtn", MARK["vertrouwelijk"], "vertrouwelijk")
        else:
            import_eurostat(kb, path)
    import_frontex(kb, next((data / "frontex").glob("*.xlsx")))
    # an internal analyst table, its notes marked
    table = folder / f"analisten-{MARK['intern']}.csv"
    table.write_text((data / "tables" / "analisten-voorbeeld.csv").read_text("utf-8")
                     .replace(";fictief", f";fictief {MARK['intern']}"), "utf-8")  # fmt: skip
    import_table(kb, table, MARK["intern"], "intern")
    programmes.import_iati(kb, next((data / "iati").glob("*.xml")))
    for level in CLEARANCES:  # programmes entered by hand at every level
        mark = MARK.get(level, "openbaarmerk")
        made = programmes.add_manual(kb, ANALYST, {
            "identifier": f"NL-HAND-{level}", "title": f"Programma {mark}",
            "description": f"Omschrijving {mark}", "countries": ["MAR"],
            "budgets": {"2020": 1000}, "partner": f"Partner {mark}",
            "classification": level})  # fmt: skip
        PROGRAMME_IDS.append(str(made.programme.id))
    ids: dict[str, list[int]] = {level: [] for level in CLEARANCES}
    for level, kenmerk in (("intern", "9971694"), ("vertrouwelijk", "8971694")):
        path = folder / f"{level}.md"
        path.write_text(_hidden_letter(level, kenmerk), "utf-8")
        assert not kb.ingest([path], classification=level).failed
    total, docs = queries.list_documents(kb, LOCAL_USER, DocumentFilter(), 0, 100)
    for d in docs:
        level = (
            "vertrouwelijk"
            if MARK["vertrouwelijk"] in str(d).lower()
            else ("intern" if MARK["intern"] in str(d).lower() else "openbaar")
        )
        ids[level].append(d.id)
    assert (
        len(ids["intern"]) == len(ids["vertrouwelijk"]) == 1 and total == len(ids["openbaar"]) + 2
    )
    # reclassifying works both ways and is refused beyond one's clearance
    set_classification(kb, ANALYST, ids["intern"][0], "vertrouwelijk")
    set_classification(kb, ANALYST, ids["intern"][0], "intern")
    review = date.today() + timedelta(days=60)
    for level in CLEARANCES:
        mark = MARK.get(level, "openbaarmerk")
        risks.record_risk(
            kb,
            ANALYST,
            Risk(
                "MAR",
                "refoulement",
                f"Risico {mark}",
                2,
                4,
                f"Mitigatie {mark}",
                f"Eigenaar {mark}",
                review,
                classification=level,
            ),
        )
        decisions.record_decision(
            kb,
            ANALYST,
            DecisionRecord(
                "MAR",
                f"Besluit {mark}",
                (),
                f"Motivering {mark}",
                f"Afweging {mark}",
                classification=level,
            ),
        )
    for level in CLEARANCES:
        mark = MARK.get(level, "openbaarmerk")
        save_text(
            kb,
            ANALYST,
            "pillars",
            "2020",
            f"pijler{1 + CLEARANCES.index(level)}",
            f"Voortgang {mark}",
            level,
        )
    for level in CLEARANCES:
        accounts.create_user(
            kb,
            LOCAL_USER,
            f"beheer-{level}",
            "admin",
            level,
            "correct horse battery staple",
            operator=True,
        )
    # watches of the public-level account aimed at the hidden letters: their feeds (read by
    # token, with the owner's clearance) and pages must show none of them
    public = accounts.context_of_name(kb, "beheer-openbaar")
    # (the words of the hidden letters' promise, not the markers: a person's own query is
    # not a leak, and the page that lists their watches shows it)
    for kind, query in [("search", "afspraken Marokko"), ("search", "migratieovereenkomsten"),
                        ("country", "MAR"), ("due", "366")]:  # fmt: skip
        watch, token = watches.create(kb, public, "", kind, query)
        WATCHES.append((str(watch.id), token))
    yield kb, ids
    kb.engine.dispose()


def _client(kb: KnowledgeBase, level: str) -> TestClient:
    user = accounts.context_of_name(kb, f"beheer-{level}")
    secret, _ = tokens.create_token(kb, user, "leak test", "lezen,schrijven")
    client = TestClient(create_app(kb), raise_server_exceptions=True)
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def _urls(kb: KnowledgeBase, ids: dict[str, list[int]]) -> list[str]:
    app = create_app(kb)
    all_docs = [i for level in CLEARANCES for i in ids[level]]
    from partnerships.services import commitments as tracker

    keys = [c.key for c in tracker.tracker(kb, LOCAL_USER, date.today())]
    fill = {
        "id": [str(i) for i in all_docs],
        "doc_id": [str(i) for i in all_docs],
        "code": ["MAR", "NLD", "TUN"],
        "pid": PROGRAMME_IDS,
        "route_id": ["centraal-mediterraan", "oost-mediterraan", "west-mediterraan"],
        "sleutel": keys,
        "watch_id": [w for w, _t in WATCHES],
        "token": [t for _w, t in WATCHES],
    }
    urls: list[str] = []
    for path, methods in route_table(app):
        if "GET" not in methods or path.startswith(("/inloggen/oidc", "/static")):
            continue
        names = re.findall(r"\{([^}]+)\}", path)
        if not names:
            urls.append(path)
            if path.startswith("/api/v1/"):  # collections are paged: also their largest page
                urls.append(path + "?paginaGrootte=100")
            continue
        assert len(names) == 1 and names[0] in fill, f"fill in {path}"
        name = names[0]
        values = fill[name]
        if path.startswith(("/api/v1/programmas", "/api/v1/routes")):
            values = PROGRAMME_IDS if "programmas" in path else values
        urls += [path.replace("{" + name + "}", v) for v in values]
    for mark in [*MARK.values(), "Marokko", "motie"]:
        urls += [f"/zoeken?q={mark}", f"/api/v1/zoeken?q={mark}", f"/api/v1/documenten?q={mark}"]
    urls += [
        "/zoeken?q=migratie&land=MAR",
        "/api/v1/documenten?land=MAR&pagina=1&grootte=100",
        "/api/v1/toezeggingen?land=MAR",
        "/toezeggingen?land=MAR",
        "/toezeggingen/export?formaat=csv",
        "/toezeggingen/export?formaat=xlsx",
        "/beheer/audit?actie=view_confidential",
        "/beheer/audit?actie=edit",
        "/rapporten/teksten?soort=pillars&periode=2020",
    ]
    for kind, extra in (
        ("country", "&land=MAR"),
        ("commitments", ""),
        ("pillars", ""),
        ("gcm", ""),
    ):
        for fmt in ("html", "docx", "pdf"):
            urls.append(f"/rapporten/maken?soort={kind}&formaat={fmt}&periode=2020{extra}")
    return urls


def _text(body: bytes, content_type: str) -> str:
    if body[:5] == b"%PDF-":  # reports as PDF: the text a reader would see
        from pypdf import PdfReader

        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body[:2] == b"PK":  # DOCX and XLSX are zipped XML
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return " ".join(
                z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
            )
    return body.decode("utf-8", "replace")


def _leaks(text: str, level: str) -> list[str]:
    lowered = text.lower()
    hidden = [
        MARK[lv]
        for lv in CLEARANCES
        if lv in MARK and not UserContext("x", frozenset(), level).clears(lv)
    ]
    return [m for m in hidden if m in lowered]


@pytest.mark.parametrize("level", CLEARANCES)
def test_no_route_shows_records_above_the_clearance(
    seeded: tuple[KnowledgeBase, dict[str, list[int]]], level: str
) -> None:
    kb, ids = seeded
    client = _client(kb, level)
    urls = _urls(kb, ids)
    assert len(urls) > 80
    seen_own = False
    for url in urls:
        r = client.get(url)
        assert r.status_code < 500, (url, r.status_code)
        text = _text(r.content, r.headers.get("content-type", ""))
        leaks = _leaks(text, level)
        for mark in [m for m in leaks if m in url]:
            # the page repeats what was searched for: a leak only if it says more than that
            control = _text(client.get(url.replace(mark, CONTROL)).content, "")
            if text.lower().count(mark) <= control.lower().count(CONTROL):
                leaks.remove(mark)
        assert not leaks, f"{url} shows {leaks} to {level}"
        seen_own = seen_own or (level != "openbaar" and MARK[level] in text.lower())
    assert level == "openbaar" or seen_own  # the walk does reach the records one may see
    # hidden letters do not exist for those who may not see them
    for other in CLEARANCES:
        for doc in ids[other]:
            visible = UserContext("x", frozenset(), level).clears(other)
            assert client.get(f"/api/v1/documenten/{doc}").status_code == (200 if visible else 404)
            assert client.get(f"/documenten/{doc}").status_code == (200 if visible else 404)


@pytest.mark.parametrize("level", CLEARANCES)
def test_counts_and_facets_count_only_visible_records(
    seeded: tuple[KnowledgeBase, dict[str, list[int]]], level: str
) -> None:
    kb, ids = seeded
    client = _client(kb, level)
    allowed = sum(
        len(ids[lv]) for lv in CLEARANCES if UserContext("x", frozenset(), level).clears(lv)
    )
    listing = client.get("/api/v1/documenten", params={"grootte": 100}).json()
    assert listing["totaal"] == allowed if "totaal" in listing else True
    found = client.get("/api/v1/zoeken", params={"q": "migratieovereenkomsten"}).json()
    hits = {
        d["id"] for d in found.get("resultaten", found.get("_embedded", {}).get("resultaten", []))
    }
    assert not hits & {
        i
        for lv in CLEARANCES
        if not UserContext("x", frozenset(), level).clears(lv)
        for i in ids[lv]
    }
    facets = queries.search_facets(
        kb,
        accounts.context_of_name(kb, f"beheer-{level}"),
        "migratieovereenkomsten",
        DocumentFilter(),
    )
    for values in facets.values():
        for value in values:
            assert value.count <= allowed
    countries = {c["code"]: c for c in client.get("/api/v1/landen").json().get("landen", [])}
    if "MAR" in countries:
        public = {
            c["code"]: c
            for c in _client(kb, "openbaar").get("/api/v1/landen").json().get("landen", [])
        }
        extra = countries["MAR"].get("vermeldingen", 0) - public["MAR"].get("vermeldingen", 0)
        assert (extra == 0) == (level == "openbaar")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    level=st.sampled_from(CLEARANCES),
    words=st.lists(
        st.sampled_from(
            [
                "migratie",
                "Marokko",
                "motie",
                "zqxinternmerk",
                "zqxgeheimmerk",
                "afspraken",
                "kabinet",
                "euro",
                "terugkeer",
                "OR",
                "-",
            ]
        ),
        min_size=1,
        max_size=4,
    ),
    country=st.sampled_from([None, "MAR", "TUN"]),
    commitments=st.sampled_from([None, True]),
)
def test_search_with_any_words_and_filters_never_returns_hidden_letters(
    seeded: tuple[KnowledgeBase, dict[str, list[int]]],
    level: str,
    words: list[str],
    country: str | None,
    commitments: bool | None,
) -> None:
    kb, ids = seeded
    user = UserContext("x", frozenset({"reader"}), level)
    hidden = {i for lv in CLEARANCES if not user.clears(lv) for i in ids[lv]}
    flt = DocumentFilter(country=country, has_commitments=commitments)
    query = " ".join(words)
    try:
        found = queries.search(kb, user, query, flt, 0, 100)
        total, rows = found.total, found.hits
    except ValueError:
        return  # an unparseable query is refused, nothing shown
    assert not {r.letter.id for r in rows} & hidden
    assert total <= sum(len(ids[lv]) for lv in CLEARANCES if user.clears(lv))
    assert not _leaks(str(rows), level)
    assert not _leaks(str(queries.search_facets(kb, user, query, flt)), level)


@pytest.mark.parametrize("level", CLEARANCES)
def test_classified_statistics_and_programmes_reach_exactly_those_cleared(
    seeded: tuple[KnowledgeBase, dict[str, list[int]]], level: str
) -> None:
    """The walk above only proves absence; this proves the seeded statistics, analyst table
    and programmes are shown where the clearance allows, so the filter is what hides them."""
    kb, _ids = seeded
    client = _client(kb, level)
    cleared = UserContext("x", frozenset(), level)
    pages = {
        "intern": ["/api/v1/landen/MAR/indicatoren", "/landen/MAR"],
        "vertrouwelijk": [
            "/api/v1/landen/MAR/indicatoren",
            "/api/v1/programmas?land=MAR&paginaGrootte=100",
            "/programmas",
        ],
    }
    for hidden_level, urls in pages.items():
        for url in urls:
            text = client.get(url).text.lower()
            assert (MARK[hidden_level] in text) == cleared.clears(hidden_level), (url, level)
    pdf = client.get("/rapporten/maken?soort=country&formaat=pdf&land=MAR")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    text = _text(pdf.content, "application/pdf").lower()
    assert not _leaks(text, level)
