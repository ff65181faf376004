"""Return cooperation (Article 25a), decisions and do-no-harm risks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from pydantic import Field

from partnerships.web.api_models.common import (
    Datum,
    _Model,
)
from partnerships.web.api_models.prioritisation import (
    Optie,
)

if TYPE_CHECKING:
    from partnerships.services.decisions import DecisionVersion
    from partnerships.services.risks import CountryRisks, RiskEntry, RiskVersion


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

    @classmethod
    def of(cls, version: DecisionVersion) -> Self:
        """The service's view under the API's Dutch names (also the CLI's)."""
        r = version.record
        return cls(
            land=r.country, versie=version.shown, status=r.status, rubricering=r.classification,
            titel=r.title,
            instrumenten=[BesluitInstrument(code=i.code, naam=i.name_nl)
                          for i in version.instruments],
            motivering=r.rationale, afweging=r.weighed,
            bewijs=[Bewijs(soort=e.kind, verwijzing=e.ref, omschrijving=e.label)
                    for e in r.evidence],
            wijziging=r.note, auteur=r.author,
            tijdstip=r.created_at.isoformat() if r.created_at else None,
        )  # fmt: skip


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

    @classmethod
    def of(cls, version: RiskVersion) -> Self:
        """The service's view under the API's Dutch names (also the pages' and the CLI's)."""
        r = version.risk
        return cls(
            sleutel=r.key, versie=version.shown, land=r.country, categorie=r.category,
            categorieNaam=version.category_name, omschrijving=r.description,
            kans=r.likelihood, impact=r.impact, score=r.score, niveau=r.level,
            beoogdeEffecten=r.intended_effects, onbedoeldeEffecten=r.unintended_effects,
            mitigatie=r.mitigation, eigenaar=r.owner, herbeoordeling=r.review_date.isoformat(),
            programma=r.programme or None, instrument=r.instrument or None, status=r.status,
            rubricering=r.classification, wijziging=r.note, auteur=r.author,
            tijdstip=r.created_at.isoformat() if r.created_at else None,
        )  # fmt: skip


class Risico(RisicoVersie):
    geschiedenis: list[RisicoVersie]

    @classmethod
    def of_entry(cls, entry: RiskEntry) -> Self:
        current = RisicoVersie.of(entry.current).model_dump()
        return cls(**current, geschiedenis=[RisicoVersie.of(v) for v in entry.history])


class Toets(_Model):
    status: str = Field(description="ontbreekt, verlopen of actueel")
    toelichting: str
    volgendeHerbeoordeling: str | None


class Risicos(_Model):
    land: str
    toets: Toets
    risicos: list[Risico]

    @classmethod
    def of(cls, register: CountryRisks) -> Self:
        state = register.state
        toets = Toets(
            status=state.state,
            toelichting=state.reason,
            volgendeHerbeoordeling=state.next_review.isoformat() if state.next_review else None,
        )
        return cls(
            land=register.country,
            toets=toets,
            risicos=[Risico.of_entry(e) for e in register.entries],
        )


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
