"""Response models of /api/v1: they document the API in its OpenAPI description and are
checked against every response (schemathesis in the tests)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class Link(_Model):
    href: str


class PageLinks(_Model):
    self: Link
    first: Link
    last: Link
    prev: Link | None = None
    next: Link | None = None


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


class Span(_Model):
    tekst: str
    start: int
    eind: int
    voetnoot: int | None = Field(description="Nummer van de voetnoot; null: in de tekst")


class Verwijzing(Span):
    soort: str
    dossier: str | None
    nummer: int | None
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


class DocumentDetail(DocumentSamenvatting):
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
    zoekterm: str
    resultaten: list[Zoekresultaat]


class Land(_Model):
    code: str = Field(description="ISO 3166-1 alpha-3")
    iso2: str
    numeriek: str
    naam: str
    naamEngels: str
    regio: str | None
    eu: bool


class LandMetTelling(Land):
    vermeldingen: int
    documenten: int


class Landen(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    landen: list[LandMetTelling]


class Vermelding(Span):
    zin: str


class DocumentMetVermeldingen(DocumentSamenvatting):
    vermeldingen: list[Vermelding]


class SamenGenoemd(_Model):
    soort: str
    code: str
    naam: str
    documenten: int


class LandDossier(Land):
    aliassen: list[str]
    vermeldingenPerJaar: dict[str, int]
    documenten: list[DocumentMetVermeldingen]
    feiten: list[LandFeit]
    samenGenoemd: list[SamenGenoemd]


class InvalidParam(_Model):
    name: str
    reason: str


class Problem(_Model):
    """RFC 9457 problem details (application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalidParams: list[InvalidParam] | None = None


class ReeksRij(_Model):
    jaar: str
    uitzettingsbevelen: float | None
    teruggekeerd: float | None
    effectiefTerugkeerpercentage: float | None
    vlaggen: str
    bronnen: list[str]


class RouteAandeel(_Model):
    route: str
    naam: str
    jaar: str
    detecties: int
    aandeel: float | None


class AnalistWaarde(_Model):
    indicator: str
    naam: str
    periode: str
    waarde: float | None
    categorie: str | None
    eenheid: str | None
    bron: str | None
    toelichting: str | None
    bestand: str
    release: str


class Erkenning(_Model):
    jaar: str
    beslissingen: float
    positief: float
    erkenningspercentage: float | None
    bron: str


class Positie(_Model):
    jaar: str
    rang: int
    van: int
    uitzettingsbevelen: float | None


class LandIndicatoren(_Model):
    land: str
    rapporterend: str
    reeks: list[ReeksRij]
    kanttekening: str
    routes: list[RouteAandeel]
    analisten: list[AnalistWaarde]
    erkenning: list[Erkenning]
    positie: Positie | None


class Route(_Model):
    id: str
    naam: str
    naamEngels: str
    zones: str
    landen: list[str]
    perJaar: dict[str, int]


class Routes(_Model):
    routes: list[Route]


class RouteNationaliteit(_Model):
    code: str
    detecties: int
    aandeel: float | None


class RouteDetail(_Model):
    id: str
    naam: str
    naamEngels: str
    zones: str
    landen: list[str]
    perJaar: dict[str, int]
    perMaand: dict[str, int]
    laatsteJaar: str | None
    nationaliteiten: list[RouteNationaliteit]
    bron: str | None
