"""The Dutch names of /api/v1 are given to the letter and country views in one place (the
models' ``of``): each view field lands under its API name, absent parts as null.

The views here are constructed (a letter shaped like the bundled ones, with made-up
values), so that every field has a value that can only have come from one place."""

from __future__ import annotations

from datetime import date

from partnerships.domain.countries import CountryRecord
from partnerships.domain.letter import (
    Commitment,
    Entity,
    Footnote,
    LetterSummary,
    Mention,
    Reference,
    Signatory,
    StatedFigure,
)
from partnerships.services.letter_views import (
    Citation,
    CitedBy,
    CountryCount,
    CountryDossier,
    DossierLetter,
    LetterDetail,
    MotionResult,
    NamedWith,
    OriginalFile,
    QuotedMention,
    SearchHit,
    Vote,
)
from partnerships.services.topics import LetterTopics, TopicView, Verdict
from partnerships.web.api_models import (
    DocumentDetail,
    LandDossier,
    LandMetTelling,
    Zoekresultaat,
)

LETTER = LetterSummary(7, "2025-0000123", date(2025, 5, 23), "Voortgang", "Tweede Kamer",
                       "Ministerie van Asiel en Migratie", "DMB", "c.md", "md", "openbaar",
                       "letter")  # fmt: skip
MOTION = LetterSummary(9, None, None, None, None, None, None, "m.xml", "xml", "intern", "motion")
SUMMARY = {
    "id": 7, "kenmerk": "2025-0000123", "datum": "2025-05-23", "onderwerp": "Voortgang",
    "geadresseerde": "Tweede Kamer",
    "afzender": {"ministerie": "Ministerie van Asiel en Migratie", "eenheid": "DMB"},
    "bron": "c.md", "formaat": "md", "rubricering": "openbaar", "soort": "brief",
}  # fmt: skip
MOROCCO = CountryRecord("MAR", "MA", "504", "Marokko", "Morocco", "Afrika", "Africa", False)
FIGURE = StatedFigure("€ 6 miljard", 40, 51, None, kind="amount", value=6e9, currency="EUR",
                      document_id=7)  # fmt: skip


def _detail() -> LetterDetail:
    migration = TopicView("migratie", 0, "Migratie", True, 0.9, 0, None, (), None, True)
    verdict = Verdict(True, "ja", "analist", "2025-06-01T10:00:00+00:00")
    pillar = TopicView("ima", 2, "Pijler 2", None, None, 0, None, ("terugkeer",), verdict, True)
    return LetterDetail(
        letter=LETTER,
        motion=MotionResult("2025Z00001", "aangenomen", "Aangenomen.",
                            [Vote("VVD", "Voor", 24)]),
        topics=LetterTopics(migration, [pillar]),
        signatories=[Signatory("M. Minister", "minister")],
        attachments=1, pages=3, body="De tekst.",
        footnotes=[Footnote(1, "Kamerstuk 22112, nr. 1", 8)],
        citations=[Citation(Reference("motie-Becker", 0, 12, None, kind="motion",
                                      names=["Becker"]), MOTION),
                   Citation(Reference("22112, nr. 1", 0, 12, 1, dossier="22112", number="1"),
                            None)],
        entities=[Entity("Marokko", 20, 27, None, kind="country", code="MAR", name="Marokko")],
        figures=[FIGURE],
        commitments=[Commitment("Wij informeren u voor de zomer.", 30, 60, None,
                                due_date="2025-07-01", due_text="voor de zomer",
                                promiser="M. Minister")],
        cited_by=[CitedBy(MOTION, "brief van 23 mei")],
        original=OriginalFile(True, "ab" * 32, "text/markdown"),
        warnings=["geen datum in de kop"],
    )  # fmt: skip


def test_a_letter_whole_under_the_api_names() -> None:
    out = DocumentDetail.of(_detail()).model_dump(by_alias=True)
    assert {k: out[k] for k in SUMMARY} == SUMMARY
    vote = {"fractie": "VVD", "stem": "Voor", "zetels": 24}
    assert out["uitkomstMotie"] == {"zaak": "2025Z00001", "uitkomst": "aangenomen",
                                    "besluit": "Aangenomen.", "stemmen": [vote]}  # fmt: skip
    pillar = out["onderwerpen"]["onderwerpen"][0]
    assert pillar["schema"] == "ima" and pillar["voorgesteld"] is None
    assert pillar["analist"] == {"waarde": True, "toelichting": "ja", "door": "analist",
                                 "op": "2025-06-01T10:00:00+00:00"}  # fmt: skip
    assert out["onderwerpen"]["migratie"]["analist"] is None
    assert out["ondertekenaars"] == [{"naam": "M. Minister", "functie": "minister"}]
    assert (out["bijlagen"], out["paginas"], out["tekst"]) == (1, 3, "De tekst.")
    assert out["voetnoten"] == [{"nummer": 1, "tekst": "Kamerstuk 22112, nr. 1",
                                 "markeringPositie": 8}]  # fmt: skip
    motion, paper = out["verwijzingen"]
    assert motion["inBasis"] and motion["document"]["soort"] == "motie"
    assert motion["document"]["datum"] is None and motion["namen"] == ["Becker"]
    assert not paper["inBasis"] and paper["document"] is None and paper["voetnoot"] == 1
    assert (paper["dossier"], paper["nummer"]) == ("22112", "1")
    assert out["entiteiten"] == [{"tekst": "Marokko", "start": 20, "eind": 27,
                                  "voetnoot": None, "soort": "country", "code": "MAR",
                                  "naam": "Marokko"}]  # fmt: skip
    assert out["feiten"] == [{"tekst": "€ 6 miljard", "start": 40, "eind": 51, "voetnoot": None,
                              "soort": "amount", "waarde": 6e9, "valuta": "EUR",
                              "eenheid": None, "benaderd": False}]  # fmt: skip
    promise = out["toezeggingen"][0]
    assert (promise["uiterlijk"], promise["termijnTekst"], promise["toegezegdDoor"]) == (
        "2025-07-01", "voor de zomer", "M. Minister")  # fmt: skip
    (citing,) = out["geciteerdDoor"]
    assert citing["verwijzing"] == "brief van 23 mei"
    assert (citing["document"]["id"], citing["document"]["rubricering"]) == (9, "intern")
    assert out["origineel"] == {"beschikbaar": True, "sha256": "ab" * 32,
                                "mediatype": "text/markdown"}  # fmt: skip
    assert out["waarschuwingen"] == ["geen datum in de kop"]
    # what the pages show validates as the API's own answer
    assert DocumentDetail.model_validate(out).model_dump(by_alias=True) == out


def test_a_search_hit_and_a_country_with_its_counts() -> None:
    hit = Zoekresultaat.of(SearchHit(LETTER, 1.25, "de <mark>terugkeer</mark>")).model_dump()
    assert hit == SUMMARY | {"score": 1.25, "fragment": "de <mark>terugkeer</mark>"}
    listed = LandMetTelling.of(CountryCount(MOROCCO, 12, 3)).model_dump()
    assert listed == {"code": "MAR", "iso2": "MA", "numeriek": "504", "naam": "Marokko",
                      "naamEngels": "Morocco", "regio": "Afrika", "eu": False,
                      "vermeldingen": 12, "documenten": 3}  # fmt: skip


def test_a_dossier_under_the_api_names() -> None:
    dossier = CountryDossier(
        country=MOROCCO, aliases=["Marokkaans"], mentions_per_year={"2025": 12},
        letters_total=3,
        letters=[DossierLetter(LETTER, [QuotedMention(Mention("Marokko", 20, 27),
                                                      "Samen met Marokko.")], 4)],
        figures=[FIGURE],
        named_with=[NamedWith("organisation", "IOM", "IOM", 2)],
    )  # fmt: skip
    out = LandDossier.of(dossier).model_dump()
    assert out["code"] == "MAR" and out["aliassen"] == ["Marokkaans"]
    assert (out["vermeldingenPerJaar"], out["documentenTotaal"]) == ({"2025": 12}, 3)
    (letter,) = out["documenten"]
    assert {k: letter[k] for k in SUMMARY} == SUMMARY and letter["vermeldingenTotaal"] == 4
    assert letter["vermeldingen"] == [{"tekst": "Marokko", "start": 20, "eind": 27,
                                       "voetnoot": None, "zin": "Samen met Marokko."}]  # fmt: skip
    assert out["feiten"][0]["document"] == 7 and out["feiten"][0]["waarde"] == 6e9
    assert out["samenGenoemd"] == [{"soort": "organisation", "code": "IOM", "naam": "IOM",
                                    "documenten": 2}]  # fmt: skip
