"""/api/v1 against the NL API Design Rules; each test is named after the rule it checks."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web.app import API_VERSION, create_app
from support.web import web_client


@pytest.fixture()
def client(loaded_kb: KnowledgeBase) -> TestClient:
    return web_client(create_app(loaded_kb))


URLS = [
    "/api/v1/documenten",
    "/api/v1/documenten/1",
    "/api/v1/zoeken?q=migratie",
    "/api/v1/landen",
    "/api/v1/landen/MAR",
    "/api/v1/landen/MAR/indicatoren",
    "/api/v1/routes",
    "/api/v1/routes/EMR",
    "/api/v1/documenten/999999",
]


def test_core_publish_openapi(client: TestClient) -> None:
    """/core/publish-openapi and /core/doc-openapi: OpenAPI 3 in JSON at a standard place,
    without authentication, with contact information."""
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    doc = r.json()
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["contact"]["email"]
    assert doc["info"]["version"] == API_VERSION


def test_core_uri_version(client: TestClient) -> None:
    """/core/uri-version: the major version is in the URI."""
    doc = client.get("/api/v1/openapi.json").json()
    assert [srv["url"] for srv in doc["servers"]] == ["/api/v1"]
    assert doc["paths"] and all(p.startswith("/") and "/v1" not in p for p in doc["paths"])
    # every path the document names answers under the server URL
    assert client.get("/api/v1" + "/documenten").status_code == 200


@pytest.mark.parametrize("url", [*URLS, "/api/v1/openapi.json", "/api/v1/documenten/"])
def test_core_version_header(client: TestClient, url: str) -> None:
    """/core/version-header: every response carries the full API version."""
    assert client.get(url).headers["API-Version"] == API_VERSION


def test_core_no_trailing_slash(client: TestClient) -> None:
    """/core/no-trailing-slash: a trailing slash gives 404, not a redirect."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not [p for p in paths if p.endswith("/")]
    for url in ("/api/v1/documenten/", "/api/v1/landen/", "/api/v1/zoeken/?q=x"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 404, url
        assert r.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/documenten/999999", 404),
        ("/api/v1/documenten/abc", 400),
        ("/api/v1/documenten?pagina=0", 400),
        ("/api/v1/documenten?van=gisteren", 400),
        ("/api/v1/zoeken", 400),
        ("/api/v1/landen/1", 400),
        ("/api/v1/bestaatniet", 404),
    ],
)
def test_core_error_handling_problem_details(client: TestClient, url: str, status: int) -> None:
    """/core/error-handling: errors as application/problem+json (RFC 9457)."""
    r = client.get(url)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["title"] and body["instance"] == url.split("?")[0]
    if status == 400:
        assert body["invalidParams"]


def test_core_http_methods(client: TestClient) -> None:
    """/core/http-methods: only standard methods; others are refused with a problem."""
    r = client.delete("/api/v1/documenten")
    assert r.status_code == 405
    assert r.headers["content-type"] == "application/problem+json"


def test_core_naming_collections(client: TestClient) -> None:
    """/core/naming-collections and /core/interface-language: Dutch plural nouns."""
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/documenten",
        "/documenten/{id}",
        "/landen",
        "/landen/{code}",
        "/zoeken",
    } <= paths


def test_pagination_with_links(client: TestClient) -> None:
    """Collections are paged, with HAL links to first, previous, next and last pages."""
    first = client.get("/api/v1/documenten?paginaGrootte=2").json()
    assert first["totaal"] == 6 and len(first["documenten"]) == 2
    links: dict[str, Any] = first["_links"]
    assert "prev" not in links and "pagina=3" in links["last"]["href"]
    second = client.get(links["next"]["href"]).json()
    assert second["pagina"] == 2 and second["_links"]["prev"]["href"]
    ids = [d["id"] for d in first["documenten"] + second["documenten"]]
    assert len(set(ids)) == 4


def test_document_resource_has_everything_with_spans(client: TestClient) -> None:
    doc = client.get("/api/v1/documenten/1").json()
    assert doc["tekst"] and doc["voetnoten"] and doc["entiteiten"] and doc["feiten"]
    for key in ("verwijzingen", "entiteiten", "feiten", "toezeggingen"):
        for item in doc[key]:
            if item["voetnoot"] is None:
                assert doc["tekst"][item["start"] : item["eind"]] == item["tekst"]
    assert "geciteerdDoor" in doc
    original = client.get("/api/v1/documenten/1/origineel")
    assert original.status_code == 200 and original.content


def test_country_resource(client: TestClient) -> None:
    land = client.get("/api/v1/landen/TUR").json()
    assert land["naam"] == "Turkije" and land["documenten"] and land["feiten"]
    mentioned = client.get("/api/v1/landen?vermeld=true&paginaGrootte=100").json()
    assert {c["code"] for c in mentioned["landen"]} >= {"TUR", "MAR", "SYR"}
    assert all(c["vermeldingen"] > 0 for c in mentioned["landen"])


#: answers that hold lists but are one document, each list bounded by what it describes
BOUNDED_DOCUMENTS = {
    "/landen/{code}/indicatoren": "one nationality's yearly series",
    "/landen/{code}/terugkeersamenwerking": "one assessment: its indicators and options",
    "/landen/{code}/besluiten": "the version history of one country's decision",
    "/landen/{code}/risicos": "one country's do-no-harm register",
    "/prioritering": "one ranking, at most MAX_ALTERNATIVES countries",
    "/criteria": "the criteria in force and their version history",
    "/instrumenten": "the catalogue of measures",
    "/begroting": "totals per year and group",
}


def test_pagination_every_collection_is_paged(client: TestClient) -> None:
    """Pagination (NL API Design Rules, HAL links): every GET that answers with a collection
    of resources takes `pagina` and `paginaGrootte` (at most 100) and answers with
    `_links`, `totaal`, `pagina` and `paginaGrootte` — no collection is returned whole
    (issue #14). Answers that are one document with bounded lists are listed, with why."""
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    unpaged = []
    for path, item in doc["paths"].items():
        op = item.get("get")
        if op is None or path in BOUNDED_DOCUMENTS:
            continue
        ref = (op["responses"]["200"].get("content", {}).get("application/json", {})
               .get("schema", {}).get("$ref", ""))  # fmt: skip
        props = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}) if ref else {}
        lists = [n for n, p in props.items()
                 if p.get("type") == "array" and "$ref" in p.get("items", {})]  # fmt: skip
        if not lists or "{" in path.rsplit("/", 1)[-1]:
            continue  # one resource: its lists are parts of it
        params = {p["name"]: p for p in op.get("parameters", [])}
        if not ({"pagina", "paginaGrootte"} <= set(params) and {"_links", "totaal"} <= set(props)):
            unpaged.append(path)
            continue
        assert params["paginaGrootte"]["schema"]["maximum"] <= 100, path
    assert unpaged == [], unpaged
    for url in ("/api/v1/programmas", "/api/v1/moties", "/api/v1/routes", "/api/v1/toezeggingen"):
        body = client.get(url, params={"paginaGrootte": 1}).json()
        assert body["paginaGrootte"] == 1 and "self" in body["_links"], url
