"""API errors speak the client's language: Dutch by default, English when the request asks
for it first (Accept-Language); validation reasons in those words, not pydantic's."""

from __future__ import annotations

import pytest

from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web.app import create_app
from support.web import web_client


@pytest.fixture()
def client(kb: KnowledgeBase) -> object:
    if not kb.url.startswith("sqlite"):
        pytest.skip("the API's words do not depend on the database")
    return web_client(create_app(kb))


@pytest.mark.parametrize(
    ("url", "nl", "en"),
    [
        ("/api/v1/documenten?pagina=abc", "moet een geheel getal zijn", "must be a whole number"),
        ("/api/v1/documenten?paginaGrootte=100000", "moet ten hoogste 100 zijn",
         "must be at most 100"),
        ("/api/v1/documenten?paginaGrootte=0", "moet ten minste 1 zijn", "must be at least 1"),
    ],
)  # fmt: skip
def test_validation_reasons_in_dutch_and_english(client: object, url: str, nl: str,
                                                 en: str) -> None:  # fmt: skip
    dutch = client.get(url)  # type: ignore[attr-defined]
    assert dutch.status_code == 400
    body = dutch.json()
    assert body["title"] == "Ongeldig verzoek" and body["detail"].startswith("Een of meer")
    assert body["invalidParams"][0]["reason"] == nl
    english = client.get(url, headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})  # type: ignore[attr-defined]
    body = english.json()
    assert body["title"] == "Bad request" and body["detail"].startswith("One or more")
    assert body["invalidParams"][0]["reason"] == en
    # Dutch first wins
    assert client.get(url, headers={"Accept-Language": "nl,en;q=0.8"}).json()["title"] == (  # type: ignore[attr-defined]
        "Ongeldig verzoek"
    )


def test_titles_follow_the_language_and_starlettes_words_are_gone(client: object) -> None:
    missing = client.get("/api/v1/bestaat-niet", headers={"Accept-Language": "en"})  # type: ignore[attr-defined]
    assert missing.status_code == 404 and missing.json()["title"] == "Not found"
    assert missing.json()["detail"] is None  # not Starlette's English 'Not Found'
    assert client.get("/api/v1/bestaat-niet").json()["title"] == "Niet gevonden"  # type: ignore[attr-defined]
    slash = client.get("/api/v1/documenten/", headers={"Accept-Language": "en"})  # type: ignore[attr-defined]
    assert "never ends in a slash" in slash.json()["detail"]


def test_the_apis_own_details_in_english(client: object) -> None:
    dutch = client.get("/api/v1/landen/XXX").json()  # type: ignore[attr-defined]
    assert dutch["detail"] == "Land XXX bestaat niet in ISO 3166-1."
    english = client.get("/api/v1/landen/XXX", headers={"Accept-Language": "en"}).json()  # type: ignore[attr-defined]
    assert english["detail"] == "Country XXX does not exist in ISO 3166-1."
    gone = client.get("/api/v1/documenten/999999", headers={"Accept-Language": "en"}).json()  # type: ignore[attr-defined]
    assert gone["detail"] == "Document 999999 does not exist."
    unsigned = client.post("/api/v1/documenten", headers={"Accept-Language": "en"})  # type: ignore[attr-defined]
    assert unsigned.status_code == 401 and unsigned.json()["detail"].startswith(
        "Writing through the API needs an API token"
    )
