"""A commitment belongs to a country when its own paragraph names it (SQLite and
PostgreSQL): written with the letter, filled by migration 0031 for the letters already in
the base, used by the tracker's country filter and the dossier; analysts' corrections are
kept by the commitment's key (surviving re-extraction) and audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from partnerships.domain.context import UserContext
from partnerships.services import commitments
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.migrate import _config
from partnerships.store.schema import AuditEntry, CommitmentPlace, CommitmentRow, EntityRow

ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
READER = UserContext("lezer", frozenset({"reader"}), "vertrouwelijk")


#: constructed (in the form of the corpus letters): one promise in a paragraph about
#: Morocco, one in a paragraph that names no country, while the letter names Tunisia too
CONSTRUCTED = """Aan de Voorzitter van de Tweede Kamer
der Staten-Generaal

Datum 3 maart 2026
Onderwerp Voortgang terugkeersamenwerking

Het kabinet zet in op terugkeer naar Marokko. Ik zal uw Kamer voor de zomer informeren
over de uitkomsten van de gesprekken met Marokko.

Met Tunesië is in februari gesproken over arbeidsmigratie en over de opvang in de regio.

Ik zal uw Kamer voor 1 juli 2026 informeren over de nieuwe regeling voor visa.

De Minister van Asiel en Migratie,

M.H.M. Faber
"""


@pytest.fixture()
def based(loaded_kb: KnowledgeBase, tmp_path: Path) -> KnowledgeBase:
    letter = tmp_path / "constructed-terugkeer.md"
    letter.write_text(CONSTRUCTED, "utf-8")
    assert not loaded_kb.ingest([letter]).failed
    return loaded_kb


def _places(kb: KnowledgeBase) -> set[tuple[str, str]]:
    with kb.session() as s:
        return {(p.commitment_key, p.country) for p in s.scalars(select(CommitmentPlace))}


def _keys(kb: KnowledgeBase, country: str) -> set[str]:
    rows = commitments.tracker_page(kb, ANALYST, date(2026, 12, 1), status=None,
                                    country=country, limit=500).items  # fmt: skip
    return {r.key for r in rows}


def test_a_commitment_is_about_the_countries_of_its_own_paragraph(
    based: KnowledgeBase,
) -> None:
    kb = based
    places = _places(kb)
    with kb.session() as s:
        texts = {c.key: c.text for c in s.scalars(select(CommitmentRow))}
    # the constructed letter: the promise about Morocco is Morocco's, the visa promise
    # nobody's although its letter names Morocco and Tunisia
    assert {texts[k][:40]: c for k, c in places} == {
        "Ik zal uw Kamer voor de zomer informeren": "MAR"
    }
    # the real corpus letters: none of their promises is about one country (the
    # confidential briefing, 'Grip op migratie' …), though the letters name dozens
    with kb.session() as s:
        body_of = {}
        for c in s.scalars(select(CommitmentRow).where(CommitmentRow.footnote.is_(None))):
            body_of[c.key] = c
        named_in_letter: dict[int, set[str]] = {}
        for e in s.scalars(select(EntityRow).where(EntityRow.kind == "country")):
            named_in_letter.setdefault(e.document_id, set()).add(e.code)
    # fewer than the letter-level reading: a promise is not every country its letter names
    letter_level = {(k, code) for k, c in body_of.items()
                    for code in named_in_letter.get(c.document_id, set())}  # fmt: skip
    assert places < letter_level and len(letter_level) > 20
    # the tracker's country filter follows the paragraphs
    assert _keys(kb, "MAR") == {k for k, c in places if c == "MAR"}
    assert _keys(kb, "TUN") == set()
    # the migration fills the same for a base made before it
    command.downgrade(_config(kb.engine), "0030")
    kb.upgrade()
    assert _places(kb) == places


def test_analysts_correct_an_attribution_and_it_survives_reextraction(
    based: KnowledgeBase,
) -> None:
    kb = based
    key, country = sorted(_places(kb))[0]
    with pytest.raises(PermissionError):
        commitments.set_country(kb, READER, key, country, False)
    with pytest.raises(commitments.CommitmentError, match="not a country"):
        commitments.set_country(kb, ANALYST, key, "Atlantis", False)
    with pytest.raises(commitments.CommitmentError) as missing:
        commitments.set_country(kb, ANALYST, "doc1-0000000000000000", country, False)
    assert missing.value.missing
    assert country not in commitments.set_country(kb, ANALYST, key, country, False)
    assert key not in _keys(kb, country)
    assert "TUR" in commitments.set_country(kb, ANALYST, key, "Turkije", True)  # Dutch name
    assert key in _keys(kb, "TUR")
    assert kb.reextract(workers=1).failed == []
    assert key not in _keys(kb, country) and key in _keys(kb, "TUR")  # kept by the key
    assert commitments.countries_of(kb, [key])[key].count("TUR") == 1
    commitments.set_country(kb, ANALYST, key, country, None)  # back to the paragraph
    assert key in _keys(kb, country)
    with kb.session() as s:
        logged = [e.detail for e in s.scalars(select(AuditEntry))
                  if e.target == f"commitment:{key}"]  # fmt: skip
    assert len(logged) == 3 and '"land": "TUR"' in logged[1]


def test_the_dossier_lists_and_analysts_take_away(based: KnowledgeBase) -> None:
    if not based.url.startswith("sqlite"):
        pytest.skip("the pages are covered on SQLite")
    from partnerships.web.app import create_app
    from support.web import web_client

    kb = based
    key = sorted(k for k, c in _places(kb) if c == "MAR")[0]
    analyst = web_client(create_app(KnowledgeBase(kb.settings.model_copy(
        update={"local_analyst": True}))))  # fmt: skip
    reader = web_client(create_app(KnowledgeBase(kb.settings)))
    page = analyst.get("/landen/MAR").text
    assert "Toezeggingen over dit land" in page and f'name="sleutel" value="{key}"' in page
    assert 'action="/toezeggingen/land"' not in reader.get("/landen/MAR").text
    refused = reader.post("/toezeggingen/land",
                          data={"sleutel": key, "land": "MAR", "oordeel": "nee"})  # fmt: skip
    assert refused.status_code == 403
    done = analyst.post("/toezeggingen/land", follow_redirects=False,
                        data={"sleutel": key, "land": "MAR", "oordeel": "nee"})  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].startswith("/landen/MAR")
    assert f'name="sleutel" value="{key}"' not in analyst.get("/landen/MAR").text
    bad = analyst.post("/toezeggingen/land", data={"sleutel": key, "land": "MAR",
                                                   "oordeel": "misschien"})  # fmt: skip
    assert bad.status_code == 400
    gone = analyst.post("/toezeggingen/land", data={"sleutel": "doc1-0000000000000000",
                                                    "land": "MAR", "oordeel": "nee"})  # fmt: skip
    assert gone.status_code == 404 and "geen toezegging" in gone.text
