"""Programmes, their classification, monitoring and the budget."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from pydantic import Field

from partnerships.web.api_models.common import (
    Datum,
    PageLinks,
    _Model,
)
from partnerships.web.api_models.documents import (
    DocumentSamenvatting,
)

if TYPE_CHECKING:
    from partnerships.services.commitments import ProposedLetter


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

    @classmethod
    def of(cls, proposed: ProposedLetter) -> Self:
        return cls(document=DocumentSamenvatting.of(proposed.letter),
                   redenen=list(proposed.reasons))  # fmt: skip
