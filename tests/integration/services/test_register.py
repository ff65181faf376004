"""Parliament's register of commitments (SQLite and PostgreSQL), harvested from a local
OData server on loopback that answers with **constructed** Toezegging entries shaped as
the information model names its fields: stored with the cursor, a second run adds
nothing, a withdrawn entry is marked and a malformed one reported; beside the letters'
commitments with the disagreements; a match proposed by shared words and confirmed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from partnerships.domain.context import LOCAL_USER, UserContext
from partnerships.domain.register import likeness, state, words
from partnerships.ingest.tk_odata import Client
from partnerships.services import register
from partnerships.services.commitments import tracker
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.schema import Document, HarvestedItem, RegisterRow
from partnerships.web.api_models import GevolgdeToezegging
from support.tk_server import Script, serving

ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")


def _entry(ident: str, changed: str, text: str, due: str | None, status: str = "Openstaand",
           letters: tuple[str, ...] = (), deleted: bool = False) -> dict[str, Any]:  # fmt: skip
    """A Toezegging with the information model's field names (constructed)."""
    return {
        "Id": ident, "Nummer": f"TZ{ident[-4:]}", "Tekst": text, "Voornaam": "Marjolein",
        "Tussenvoegsel": None, "Achternaam": "Faber", "Functie": "minister van Asiel en Migratie",
        "Ministerie": "Asiel en Migratie", "Status": status, "DatumNakoming": due,
        "Aanmaakdatum": "2020-07-01T00:00:00+02:00", "ActiviteitNummer": "2020A01234",
        "Verwijderd": deleted, "ApiGewijzigdOp": changed,
        "KamerbriefNakoming": [{"DocumentNummer": n} for n in letters],
    }  # fmt: skip


def test_status_words_and_likeness() -> None:
    assert [state(s) for s in ("Openstaand", "Voldaan", "Deels voldaan", "Niet voldaan",
                               "Vervallen", "iets anders")] == [
        "open", "fulfilled", "partial", "open", "lapsed", "open"]  # fmt: skip
    a = words("De minister zal de Kamer informeren over de terugkeer naar Marokko")
    b = words("Ik zal uw Kamer informeren over terugkeer naar Marokko en Tunesië")
    assert a == {"terugkeer", "marokko"} and likeness(a, b) == pytest.approx(2 / 3)


def test_the_register_beside_the_letters(loaded_kb: KnowledgeBase) -> None:
    kb = loaded_kb
    promised = [c for c in tracker(kb, LOCAL_USER, date.today(), proposals=False) if c.letter]
    assert promised, "the bundled letters hold commitments"
    target = GevolgdeToezegging.of(promised[0]).model_dump()  # as the API shows it
    with kb.session() as s, s.begin():  # the letter as if harvested under a DocumentNummer
        s.add(HarvestedItem(source="tk", item_id="letter-1", document_id=target["document"]["id"],
                            number="2020D99999", changed="2020-07-10T00:00:00Z", deleted=False,
                            harvested_at=datetime.now(UTC)))  # fmt: skip
    past = (date.today() - timedelta(days=30)).isoformat()
    pages = [[
        _entry("00000000-0000-0000-0000-000000000001", "2024-01-01T10:00:00Z",
               target["tekst"], "2030-01-01T00:00:00+01:00"),
        {"Id": "00000000-0000-0000-0000-000000000002", "Tekst": "zonder datum van wijziging"},
        _entry("00000000-0000-0000-0000-000000000003", "2024-01-02T10:00:00Z",
               "Een brief over de opvang van alleenstaande minderjarige vreemdelingen", past),
    ], [
        _entry("00000000-0000-0000-0000-000000000004", "2024-01-03T10:00:00Z",
               "Een toezegging die is ingetrokken", None, deleted=True),
        _entry("00000000-0000-0000-0000-000000000005", "2024-01-04T10:00:00Z",
               "Een brief over werkafspraken", past, "Voldaan", ("2020D99999", "2020D00001")),
    ]]  # fmt: skip
    script = Script(pages=[[]], resources={}, collections={"Toezegging": pages})
    with serving(script) as url:
        kb.settings.harvest_tk_url = url
        client = Client(0.0, 5.0, 0)
        first = register.harvest_register(kb, client=client)
        assert sorted(first.new) == ["TZ0001", "TZ0003", "TZ0005"]
        assert first.deleted == ["TZ0004"]
        assert [(n, str(r)) for n, r in first.failed] == [("00000000-0000-0000-0000-000000000002",
                                 "malformed entry: no ApiGewijzigdOp")]  # fmt: skip
        again = register.harvest_register(kb, client=client)
        assert again.new == again.updated == [] and again.failed  # the malformed one again
        assert any("ApiGewijzigdOp%20ge%202024-01-04" in p for p, _a in script.seen)
    with kb.session() as s:
        assert {r.number for r in s.scalars(select(RegisterRow))} == {
            "TZ0001", "TZ0003", "TZ0004", "TZ0005"}  # fmt: skip
    page = register.register_page(kb, LOCAL_USER, date.today())
    by_number = {x.entry.number: x for x in page.items}
    assert set(by_number) == {"TZ0001", "TZ0003", "TZ0005"}  # the withdrawn one is not shown
    assert by_number["TZ0003"].past_due_without_letter
    assert not by_number["TZ0001"].past_due_without_letter
    fulfilled = by_number["TZ0005"]
    assert [d.id for d in fulfilled.fulfilled_by] == [target["document"]["id"]]
    assert fulfilled.missing == ["2020D00001"] and not fulfilled.past_due_without_letter
    proposals = by_number["TZ0001"].proposals
    assert proposals and proposals[0].promise.key == target["sleutel"]
    late = register.register_page(kb, LOCAL_USER, date.today(), past_due=True)
    assert [x.entry.number for x in late.items] == ["TZ0003"]
    assert target["sleutel"] in {c.key for c in page.unmatched}
    register.decide(kb, ANALYST, by_number["TZ0001"].id, target["sleutel"], "bevestigd")
    page = register.register_page(kb, LOCAL_USER, date.today())
    matched = next(x for x in page.items if x.entry.number == "TZ0001")
    assert [c.key for c in matched.matched] == [target["sleutel"]]
    assert target["sleutel"] not in {p.promise.key for p in matched.proposals}
    assert target["sleutel"] not in {c.key for c in page.unmatched}
    with pytest.raises(register.RegisterError, match="verdict must be"):
        register.decide(kb, ANALYST, matched.id, target["sleutel"], "misschien")
    with pytest.raises(register.RegisterError, match="no commitment"):
        register.decide(kb, ANALYST, matched.id, "doc0-bestaat-niet", "bevestigd")
    with pytest.raises(PermissionError):
        register.decide(kb, UserContext("lezer", frozenset({"reader"})), matched.id,
                        target["sleutel"], "afgewezen")  # fmt: skip
    if not kb.url.startswith("sqlite"):
        return
    from partnerships.web.app import create_app
    from support.web import web_client

    reader = web_client(create_app(KnowledgeBase(kb.settings)))
    html = reader.get("/toezeggingen/register").text
    assert "Toezeggingenregister van de Kamer" in html and "TZ0003" in html
    assert "Te laat en geen brief in de kennisbank die haar nakomt" in html
    assert 'action="/toezeggingen/register/' not in html  # readers do not match
    analyst = web_client(create_app(KnowledgeBase(kb.settings.model_copy(
        update={"local_analyst": True}))))  # fmt: skip
    late_page = analyst.get("/toezeggingen/register?status=te+laat").text
    assert "TZ0003" in late_page and "TZ0005" not in late_page
    answer = analyst.post(f"/toezeggingen/register/{matched.id}/koppeling",
                          data={"sleutel": target["sleutel"], "oordeel": "afgewezen"},
                          follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    assert reader.post(f"/toezeggingen/register/{matched.id}/koppeling",
                       data={"sleutel": target["sleutel"], "oordeel": "bevestigd"}
                       ).status_code == 403  # fmt: skip
    with kb.session() as s:
        assert s.scalar(select(Document.id).limit(1)) is not None
