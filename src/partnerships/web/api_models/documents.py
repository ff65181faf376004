"""Letters: summaries, details, corrections, topics, search results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from pydantic import Field, StrictBool

from partnerships.web.api_models.common import (
    Datum,
    PageLinks,
    _Model,
)

if TYPE_CHECKING:
    from partnerships.domain.letter import LetterSummary


class Afzender(_Model):
    ministerie: str | None
    eenheid: str | None


class DocumentSamenvatting(_Model):
    id: int
    kenmerk: str | None
    datum: str | None = Field(description="YYYY-MM-DD")
    onderwerp: str | None
    geadresseerde: str | None = Field(description="Tweede Kamer, Eerste Kamer of null")
    afzender: Afzender
    bron: str = Field(description="Bestandsnaam van het origineel")
    formaat: str
    rubricering: str = Field(description="openbaar, intern of vertrouwelijk")
    soort: str = Field(description="brief, of motie voor een document dat een motie is")

    @classmethod
    def of(cls, letter: LetterSummary) -> Self:
        """A stored letter's summary under the API's Dutch names (also the pages')."""
        return cls(
            id=letter.id, kenmerk=letter.kenmerk,
            datum=letter.day.isoformat() if letter.day else None, onderwerp=letter.subject,
            geadresseerde=letter.addressee,
            afzender=Afzender(ministerie=letter.sender_ministry, eenheid=letter.sender_unit),
            bron=letter.source_name, formaat=letter.format, rubricering=letter.classification,
            soort="motie" if letter.kind == "motion" else "brief",
        )  # fmt: skip


class Span(_Model):
    tekst: str
    start: int
    eind: int
    voetnoot: int | None = Field(description="Nummer van de voetnoot; null: in de tekst")


class Verwijzing(Span):
    soort: str
    dossier: str | None
    nummer: str | None = Field(description="Zoals gedrukt: '37', '42e', 'C' (Eerste Kamer).")
    vergaderjaar: str | None
    kamer: str | None
    namen: list[str]
    besluitsoort: str | None
    besluitnummer: str | None
    url: str | None
    inBasis: bool = Field(description="Het verwezen document staat in de kennisbank")
    document: DocumentSamenvatting | None


class Entiteit(Span):
    soort: str
    code: str
    naam: str


class Feit(Span):
    soort: str = Field(description="amount, quantity of percentage")
    waarde: float
    valuta: str | None
    eenheid: str | None
    benaderd: bool


class LandFeit(Feit):
    document: int


class Toezegging(Span):
    soort: str
    uiterlijk: str | None
    termijnTekst: str | None
    toegezegdDoor: str | None = Field(description="Wie toezegde, uit de ondertekening")
    onderwerp: str | None = Field(description="Waarover, in de woorden van de zin")


class Voetnoot(_Model):
    nummer: int
    tekst: str
    markeringPositie: int | None


class Ondertekenaar(_Model):
    naam: str
    functie: str | None


class GeciteerdDoor(_Model):
    document: DocumentSamenvatting
    verwijzing: str


class Origineel(_Model):
    beschikbaar: bool
    sha256: str | None
    mediatype: str | None


class OnderwerpOordeel(_Model):
    waarde: bool = Field(description="true: het gaat erover; false: niet")
    toelichting: str
    door: str
    op: str = Field(description="Tijdstip (ISO 8601)")


class Onderwerp(_Model):
    schema_: str = Field(alias="schema", description="migratie, ima of gcm")
    code: int = Field(description="0 voor migratie; pijler 1-6; GCM-doel 1-23")
    naam: str
    voorgesteld: bool | None = Field(description="Voorstel van de extractie; null: geen "
                                     "voorstel (of nog niet beoordeeld)")  # fmt: skip
    zekerheid: float | None = Field(description="Zekerheid van het voorstel, 0-1")
    alineas: int = Field(description="Aantal alinea's waarin het voorkomt")
    basis: str | None = Field(description="structure (kop van de brief) of terms (woorden)")
    termen: list[str]
    analist: OnderwerpOordeel | None
    geldt: bool = Field(description="Wat telt: het oordeel van de analist, anders het voorstel")


class Onderwerpen(_Model):
    migratie: Onderwerp
    onderwerpen: list[Onderwerp]


class DocumentCorrectie(_Model):
    """Correcties van wat de extractie vond; ze gaan boven de extractie en blijven bij
    opnieuw inlezen."""

    onderwerp: str | None = Field(None, min_length=1, max_length=1_000)
    datum: Datum | None = None
    kenmerk: str | None = Field(None, min_length=1, max_length=128)
    geadresseerde: str | None = Field(None, pattern="^(Tweede Kamer|Eerste Kamer)$")
    afzenderMinisterie: str | None = Field(None, min_length=1, max_length=256)
    afzenderEenheid: str | None = Field(None, min_length=1, max_length=512)


class NieuwOnderwerpOordeel(_Model):
    oordeel: StrictBool | None = Field(description="true of false; null trekt het oordeel in")
    toelichting: str = Field("", max_length=2_000)


class Stem(_Model):
    fractie: str
    stem: str = Field(description="Voor, Tegen of Niet deelgenomen")
    zetels: int | None


class UitkomstMotie(_Model):
    zaak: str | None = Field(description="Zaaknummer bij de Tweede Kamer")
    uitkomst: str = Field(description="aangenomen, verworpen, aangehouden, ingetrokken of "
                          "onbekend")  # fmt: skip
    besluit: str
    stemmen: list[Stem]


class DocumentDetail(DocumentSamenvatting):
    uitkomstMotie: UitkomstMotie | None = Field(
        description="Voor een motie: de uitkomst en de stemmen per fractie (Tweede Kamer)"
    )
    onderwerpen: Onderwerpen | None
    ondertekenaars: list[Ondertekenaar]
    bijlagen: int | None
    paginas: int | None
    tekst: str
    voetnoten: list[Voetnoot]
    verwijzingen: list[Verwijzing]
    entiteiten: list[Entiteit]
    feiten: list[Feit]
    toezeggingen: list[Toezegging]
    geciteerdDoor: list[GeciteerdDoor]
    origineel: Origineel
    waarschuwingen: list[str]


class DocumentenPagina(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    documenten: list[DocumentSamenvatting]


class Zoekresultaat(DocumentSamenvatting):
    score: float
    fragment: str = Field(description="HTML-escaped fragment; treffers in <mark>")


class Zoekresultaten(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    gerangschiktBinnen: int | None = Field(
        default=None,
        description="Alleen wanneer niet elke treffer op relevantie is gerangschikt "
        "(PostgreSQL, meer treffers dan de instelling search_rank_window): zoveel van de "
        "nieuwste treffers staan op relevantie; de oudere volgen daarna, nieuwste eerst.",
    )
    zoekterm: str
    resultaten: list[Zoekresultaat]
