"""Ranking candidate countries: criteria, contributions, robustness, instruments."""

from __future__ import annotations

from pydantic import Field

from partnerships.web.api_models.common import (
    _Model,
)

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


class NieuweCriteria(_Model):
    toml: str = Field(min_length=1, max_length=100_000, description="Het criteriabestand (TOML)")
    toelichting: str = Field("", max_length=2_000, description="Waarom de criteria veranderen")
