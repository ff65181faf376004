"""Response models of /api/v1: they document the API in its OpenAPI description and are
checked against every response (schemathesis in the tests)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


def _iso_date(value: object) -> object:
    """Dates arrive as JJJJ-MM-DD text; a number is not silently read as seconds since 1970
    (found by schemathesis: ``0`` became 1 January 1970)."""
    if isinstance(value, int | float | bool):
        raise ValueError("een datum als JJJJ-MM-DD")
    return value


Datum = Annotated[date, BeforeValidator(_iso_date)]


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
    rubricering: str = Field(description="openbaar, intern of vertrouwelijk")
    soort: str = Field(description="brief, of motie voor een document dat een motie is")


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
    vermeldingenTotaal: int = Field(description="Alle vermeldingen in deze brief")


class SamenGenoemd(_Model):
    soort: str
    code: str
    naam: str
    documenten: int


class LandDossier(Land):
    aliassen: list[str]
    vermeldingenPerJaar: dict[str, int]
    documentenTotaal: int = Field(description="Alle brieven die het land noemen")
    documenten: list[DocumentMetVermeldingen] = Field(
        description="De nieuwste brieven (per pagina), met hoogstens 5 vermeldingen elk"
    )
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
    voorbeeld: bool = Field(False, description="Gemarkeerd als voorbeeld of fictief "
                            "(bron of toelichting): illustreert, beslist niet")  # fmt: skip
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


class EigenLand(_Model):
    rapporterend: str = Field(description="Het eigen land (instelling home_country)")
    reeks: list[ReeksRij]


class LandIndicatoren(_Model):
    land: str
    rapporterend: str = Field(description="Het gebied waarvan de cijfers zijn (EU27_2020, "
                              "EU28, …)")  # fmt: skip
    reeks: list[ReeksRij]
    kanttekening: str
    routes: list[RouteAandeel]
    analisten: list[AnalistWaarde]
    erkenning: list[Erkenning]
    positie: Positie | None
    eigenLand: EigenLand = Field(description="Dezelfde reeks voor Nederland alleen, naast "
                                 "die van de Unie")  # fmt: skip


class Route(_Model):
    id: str
    naam: str
    naamEngels: str
    zones: str
    landen: list[str]
    perJaar: dict[str, int]


class Routes(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
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


# ---------------------------------------------------------------- decision support


class Criterium(_Model):
    code: str
    naam: str
    name_nl: str
    name_en: str
    source: str = Field(description="Bron van de waarde (zie docs/prioritisation.md)")
    description: str
    direction: str = Field(description="benefit (meer = hogere prioriteit) of cost")
    normalisation: str = Field(description="linear, log of fixed")
    unit: str
    weight: float
    weight_low: float | None = None
    weight_high: float | None = None
    rank: int | None = None
    scale: list[float] | None = None
    spread: float | None = None
    relative_spread: float | None = None
    sd: float | None = None


class Bijdrage(_Model):
    criterium: str
    waarde: float | None = Field(description="Waarde in de eenheid van het criterium; "
                                 "null = ontbreekt")  # fmt: skip
    periode: str | None
    bron: str | None
    ontbreekt: bool
    voorbeeld: bool = Field(False, description="Een voorbeeldwaarde (fictief) uit de "
                            "analistentabel: illustreert, beslist niet")  # fmt: skip
    deelwaarde: float | None = Field(description="Deelwaarde 0–1 op de schaal")
    gewicht: float
    bijdrage: float = Field(description="gewicht × deelwaarde; de bijdragen tellen op tot de score")


class AcceptatieGroep(_Model):
    rangen: str
    aandeel: float


class PrioriteitLand(_Model):
    code: str
    naam: str
    rang: int
    score: float
    topsisRang: int
    topsisScore: float
    bijdragen: list[Bijdrage]
    ontbrekend: int
    rangBasis: int | None = None
    verschuiving: int | None = Field(None, description="Rangen gestegen t.o.v. de ingestelde "
                                     "gewichten (what-if)")  # fmt: skip
    acceptatie: list[float] | None = Field(None, description="Rangacceptatie voor rang 1–10")
    acceptatieGroepen: list[AcceptatieGroep] | None = None
    holistisch: float | None = None
    vertrouwen: float | None = None
    centraleGewichten: dict[str, float] | None = None


class Methode(_Model):
    gewichten: str
    ontbrekend: str
    steekproeven: int
    seed: int
    minimaalBekend: int


class Robuustheid(_Model):
    steekproeven: int
    seed: int
    gewichtsinformatie: str


class Prioritering(_Model):
    criteriaVersie: int | None
    criteria: list[Criterium]
    methode: Methode
    landen: list[PrioriteitLand]
    aantal: int
    robuustheid: Robuustheid | None = None
    waarschuwingen: list[str] = Field(default_factory=list, description="Wat de uitkomst "
                                      "minder stellig maakt: criteria zonder gegevens voor de "
                                      "meeste landen, een onzekere eerste plaats, "
                                      "voorbeeldwaarden")  # fmt: skip


class CriteriaVersie(_Model):
    versie: int
    auteur: str
    toelichting: str
    tijdstip: str


class CriteriaSet(_Model):
    versie: int | None
    methode: dict[str, str | int]
    criteria: list[Criterium]
    toml: str
    geschiedenis: list[CriteriaVersie]


class Instrument(_Model):
    code: str
    naam: str
    naamEngels: str
    niveau: str
    richting: str
    rechtsgrond: str
    grenzen: str
    afwegingen: list[str]
    passendBij: list[str]
    voorwaarden: dict[str, list[str]]
    beschikbaar: bool


class Instrumenten(_Model):
    instrumenten: list[Instrument]
    algemeneAfwegingen: list[str]


class Optie(Instrument):
    optie: bool = Field(description="Een optie voor dit land nu (een suggestie, geen besluit)")
    reden: str


class IndicatorOordeel(_Model):
    code: str
    naam: str
    artikel: str
    waarde: float | None
    eenheid: str
    oordeel: str | None = Field(description="voldoende, deels voldoende, onvoldoende; null = "
                                "geen gegevens")  # fmt: skip
    toelichting: str
    bronnen: list[str]


class VorigJaar(_Model):
    jaar: str
    oordeel: str
    punten: float | None


class Terugkeersamenwerking(_Model):
    land: str
    jaar: str | None
    jaren: list[str]
    oordeel: str | None
    punten: float | None = None
    redenen: list[str] = []
    lacunes: list[str] = []
    trend: str | None = None
    indicatoren: list[IndicatorOordeel] = []
    context: list[IndicatorOordeel] = []
    vorigJaar: VorigJaar | None = None
    feiten: dict[str, str | None]
    opties: list[Optie]
    kanttekening: str | None = None
    toelichting: str | None = None
    reeks: list[dict[str, float | str | None]] = []


class BesluitInstrument(_Model):
    code: str
    naam: str


class Bewijs(_Model):
    soort: str = Field(description="document, indicator, assessment, ranking of other")
    verwijzing: str = Field(min_length=1, max_length=200)
    omschrijving: str = Field("", max_length=500)


class Besluit(_Model):
    land: str
    versie: int
    status: str
    rubricering: str
    titel: str
    instrumenten: list[BesluitInstrument]
    motivering: str
    afweging: str
    bewijs: list[Bewijs]
    wijziging: str
    auteur: str
    tijdstip: str | None


class Besluiten(_Model):
    besluiten: list[Besluit]


class NieuwBesluit(_Model):
    titel: str = Field(min_length=1, max_length=500)
    instrumenten: list[str] = Field(default_factory=list, max_length=30)
    motivering: str = Field(min_length=1, max_length=20_000)
    afweging: str = Field(min_length=1, max_length=20_000)
    bewijs: list[Bewijs] = Field(default_factory=list, max_length=100)
    status: str = Field("concept", pattern="^(concept|actief|ingetrokken)$")
    rubricering: str = Field("intern", pattern="^(openbaar|intern|vertrouwelijk)$")
    wijziging: str = Field("", max_length=2_000)


class NieuweCriteria(_Model):
    toml: str = Field(min_length=1, max_length=100_000, description="Het criteriabestand (TOML)")
    toelichting: str = Field("", max_length=2_000, description="Waarom de criteria veranderen")


class RisicoVersie(_Model):
    sleutel: str
    versie: int
    land: str
    categorie: str
    categorieNaam: str
    omschrijving: str
    kans: int
    impact: int
    score: int = Field(description="kans × impact (1–25)")
    niveau: str = Field(description="laag (< 6), middel (6–14), hoog (≥ 15)")
    beoogdeEffecten: str
    onbedoeldeEffecten: str
    mitigatie: str
    eigenaar: str
    herbeoordeling: str
    programma: str | None
    instrument: str | None
    status: str
    rubricering: str
    wijziging: str
    auteur: str
    tijdstip: str | None


class Risico(RisicoVersie):
    geschiedenis: list[RisicoVersie]


class Toets(_Model):
    status: str = Field(description="ontbreekt, verlopen of actueel")
    toelichting: str
    volgendeHerbeoordeling: str | None


class Risicos(_Model):
    land: str
    toets: Toets
    risicos: list[Risico]


class NieuwRisico(_Model):
    sleutel: str = Field("", max_length=40, description="Leeg: nieuw risico; anders een nieuwe "
                         "versie van dit risico")  # fmt: skip
    categorie: str = Field(pattern="^(refoulement|detentie|uitbuiting|mensenhandel|"
                           "discriminatie|maatschappelijke_ruimte|overig)$")  # fmt: skip
    omschrijving: str = Field(min_length=1, max_length=5_000)
    kans: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    mitigatie: str = Field(min_length=1, max_length=5_000)
    eigenaar: str = Field(min_length=1, max_length=128)
    herbeoordeling: Datum
    beoogdeEffecten: str = Field("", max_length=5_000)
    onbedoeldeEffecten: str = Field("", max_length=5_000)
    programma: str = Field("", max_length=128)
    instrument: str = Field("", max_length=64)
    status: str = Field("open", pattern="^(open|gesloten)$")
    rubricering: str = Field("intern", pattern="^(openbaar|intern|vertrouwelijk)$")
    wijziging: str = Field("", max_length=2_000)


class ProgrammaLand(_Model):
    code: str
    percentage: float


class ProgrammaSamenvatting(_Model):
    id: int
    identificatie: str
    bron: str = Field(description="iati of handmatig")
    titel: str
    status: str
    stroom: str = Field(description="ODA of non-ODA")
    humanitair: bool
    start: str | None
    einde: str | None
    landen: list[ProgrammaLand]
    pijlers: list[int] = Field(description="Bevestigde IMA-pijlers")
    doelen: list[int] = Field(description="Bevestigde GCM-doelen")
    voorstellen: int = Field(description="Aantal nog niet beoordeelde voorstellen")
    gecommitteerd: float = Field(description="In EUR (ECB-koers van de valutadatum)")
    uitgegeven: float = Field(description="In EUR (ECB-koers van de valutadatum)")
    nietOmgerekend: int = Field(0, description="Bedragen zonder ECB-koers (niet meegeteld)")
    partners: list[str]
    evaluatieVerlopen: bool
    signaal: str | None
    rubricering: str = "openbaar"


class Programmas(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    programmas: list[ProgrammaSamenvatting]


class Indeling(_Model):
    schema_: str = Field(alias="schema")
    code: int
    status: str
    score: float
    reden: str
    door: str | None
    op: str | None


class Geld(_Model):
    soort: str
    van: str
    tot: str
    bedrag: float = Field(description="In de eigen munt")
    munt: str
    bedragEur: float | None = Field(None, description="In EUR; null: geen ECB-koers")
    koersEur: float | None = Field(None, description="EUR per eenheid van de munt (ECB)")
    koersDatum: str | None = Field(None, description="Datum van de ECB-referentiekoers")
    tegenpartij: str | None


class Monitoring(_Model):
    evaluatieGepland: str | None
    evaluatieGedaan: str | None
    signaal: str | None
    toelichting: str | None
    bijsturing: str | None


class Programma(ProgrammaSamenvatting):
    omschrijving: str
    rapporteur: str
    rapporteurRef: str
    munt: str
    organisaties: list[dict[str, str]]
    regios: list[dict[str, str | float]]
    sectoren: list[dict[str, str | float]]
    resultaten: list[dict[str, object]]
    geld: list[Geld]
    indeling: list[Indeling]
    monitoring: Monitoring
    bijgewerkt: str


class NieuwProgramma(_Model):
    identificatie: str = Field(min_length=1, max_length=128)
    titel: str = Field(min_length=1, max_length=500)
    omschrijving: str = Field("", max_length=10_000)
    landen: list[str] = Field(default_factory=list, max_length=50)
    begroting: dict[str, float] = Field(default_factory=dict, description="Jaar → bedrag in EUR")
    partner: str = Field("", max_length=200)
    stroom: str = Field("ODA", pattern="^(ODA|non-ODA)$")
    rubricering: str = Field("openbaar", pattern="^(openbaar|intern|vertrouwelijk)$")


class NieuweIndeling(_Model):
    schema_: str = Field(alias="schema", pattern="^(ima|gcm)$")
    code: int = Field(ge=1, le=23)
    status: str = Field(pattern="^(bevestigd|afgewezen)$")


class NieuweMonitoring(_Model):
    evaluatieGepland: Datum | None = None
    evaluatieGedaan: Datum | None = None
    signaal: str = Field("", pattern="^(|contraproductief|negatieve bijeffecten)$")
    toelichting: str = Field("", max_length=5_000)
    bijsturing: str = Field("", max_length=5_000)


class BegrotingTotaal(_Model):
    jaar: int
    uitgaven: float
    oda: float
    nietOda: float
    verplichtingen: float
    begroting: float
    plafond: float | None
    ruimte: float | None


class BegrotingGroep(_Model):
    sleutel: str
    perJaar: dict[str, dict[str, float]]


class Begroting(_Model):
    indeling: str
    jaren: list[int]
    totalen: list[BegrotingTotaal]
    anderValuta: int
    groepen: list[BegrotingGroep]


class Voorstel(_Model):
    document: DocumentSamenvatting
    redenen: list[str]


class GevolgdeToezegging(_Model):
    sleutel: str
    tekst: str
    soort: str = Field(description="promise, expected_delivery of handmatig")
    handmatig: bool
    status: str = Field(description="open, te laat, vervuld, deels vervuld of vervallen")
    uiterlijk: str | None
    termijnTekst: str | None
    verantwoordelijk: str
    toegezegdDoor: str | None = Field(description="Wie toezegde, uit de ondertekening")
    onderwerp: str | None = Field(description="Waarover, in de woorden van de zin")
    toelichting: str | None
    document: DocumentSamenvatting | None
    start: int | None
    vervuldDoor: DocumentSamenvatting | None
    voorstellen: list[Voorstel] = Field(description="Latere brieven die de toezegging mogelijk "
                                        "vervullen, ter bevestiging")  # fmt: skip


class Toezeggingen(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    toezeggingen: list[GevolgdeToezegging]


class ToezeggingWijziging(_Model):
    status: str | None = Field(None, pattern="^(open|vervuld|deels vervuld|vervallen)$")
    verantwoordelijk: str | None = Field(None, max_length=128)
    uiterlijk: Datum | None = None
    vervuldDoor: int | None = Field(None, ge=1, le=2**31 - 1)
    afgewezenVoorstel: int | None = Field(None, ge=1, le=2**31 - 1)
    toelichting: str | None = Field(None, max_length=2_000)


class NieuweToezegging(_Model):
    tekst: str = Field(min_length=1, max_length=5_000)
    verantwoordelijk: str = Field(min_length=1, max_length=128)
    uiterlijk: Datum | None = None
    document: int | None = Field(None, ge=1, le=2**31 - 1)
    toelichting: str = Field("", max_length=2_000)


class Motie(_Model):
    sleutel: str
    tekst: str
    leden: list[str]
    dossier: str | None
    nummer: str | None = Field(description="Zoals gedrukt: '37', '42e', 'C' (Eerste Kamer).")
    brieven: list[DocumentSamenvatting]


class Moties(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    moties: list[Motie]
    perLid: dict[str, list[str]]
    perDossier: dict[str, list[str]]
