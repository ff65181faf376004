"""Programmes, their classification, monitoring and the budget."""

from __future__ import annotations

from datetime import date, datetime
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
    from partnerships.domain.programmes import ProgrammeLink, ProgrammeMoney
    from partnerships.services.commitments import ProposedLetter
    from partnerships.services.programme_views import (
        BudgetView,
        ProgrammeDetail,
        ProgrammeView,
        YearTotal,
    )

#: the budget's measures as the API names them (services/programme_views.GROUP_MEASURES)
_MEASURES = {"spent": "uitgaven", "committed": "verplichtingen", "budgeted": "begroting",
             "oda": "oda", "non_oda": "nietOda"}  # fmt: skip


def _day(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


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

    @classmethod
    def of(cls, v: ProgrammeView) -> Self:
        return cls.model_validate(cls._fields(v))

    @staticmethod
    def _fields(v: ProgrammeView) -> dict[str, object]:
        p = v.programme
        return {
            "id": p.id, "identificatie": p.identifier, "bron": p.source, "titel": p.title,
            "status": p.status, "stroom": p.flow, "humanitair": p.humanitarian,
            "start": _day(p.start_date), "einde": _day(p.end_date),
            "landen": [{"code": c.iso3, "percentage": c.percentage} for c in p.countries],
            "pijlers": v.pillars, "doelen": v.objectives, "voorstellen": v.open_suggestions,
            "gecommitteerd": v.committed, "uitgegeven": v.spent, "nietOmgerekend": v.unconverted,
            "partners": p.partners(), "evaluatieVerlopen": v.overdue, "signaal": p.flag or None,
            "rubricering": p.classification,
        }  # fmt: skip


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

    @classmethod
    def of(cls, c: ProgrammeLink) -> Self:
        fields = {"schema": c.scheme, "code": c.code, "status": c.status, "score": c.score,
                  "reden": c.reason, "door": c.decided_by or None,
                  "op": _day(c.decided_at)}  # fmt: skip
        return cls.model_validate(fields)


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

    @classmethod
    def of(cls, m: ProgrammeMoney) -> Self:
        return cls(soort=m.kind, van=m.period_start.isoformat(), tot=m.period_end.isoformat(),
                   bedrag=m.value, munt=m.currency, bedragEur=m.value_eur, koersEur=m.eur_rate,
                   koersDatum=_day(m.rate_date), tegenpartij=m.counterpart or None)  # fmt: skip


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

    @classmethod
    def of(cls, v: ProgrammeDetail) -> Self:  # type: ignore[override]
        """A programme whole: only a detail view carries its results (a list's does not)."""
        p = v.programme
        return cls.model_validate(ProgrammaSamenvatting._fields(v) | {
            "omschrijving": p.description, "rapporteur": p.reporting_name,
            "rapporteurRef": p.reporting_org, "munt": p.currency,
            "organisaties": p.details.get("organisaties", []),
            "regios": p.details.get("regios", []), "sectoren": p.details.get("sectoren", []),
            "resultaten": v.results,
            "geld": [Geld.of(m) for m in sorted(p.money, key=lambda m: (m.period_start, m.kind))],
            "indeling": [Indeling.of(c)
                         for c in sorted(p.classifications, key=lambda c: (c.scheme, c.code))],
            "monitoring": Monitoring(
                evaluatieGepland=_day(p.evaluation_due), evaluatieGedaan=_day(p.evaluation_done),
                signaal=p.flag or None, toelichting=p.flag_note or None,
                bijsturing=p.adaptive_action or None),
            "bijgewerkt": _day(p.updated_at),
        })  # fmt: skip


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

    @classmethod
    def of(cls, t: YearTotal) -> Self:
        return cls(jaar=t.year, uitgaven=t.spent, oda=t.oda, nietOda=t.non_oda,
                   verplichtingen=t.committed, begroting=t.budgeted, plafond=t.ceiling,
                   ruimte=t.room)  # fmt: skip


class BegrotingGroep(_Model):
    sleutel: str
    perJaar: dict[str, dict[str, float]]


class Begroting(_Model):
    indeling: str
    jaren: list[int]
    totalen: list[BegrotingTotaal]
    anderValuta: int
    groepen: list[BegrotingGroep]

    @classmethod
    def of(cls, b: BudgetView) -> Self:
        return cls(indeling=b.by, jaren=b.years, totalen=[BegrotingTotaal.of(t) for t in b.totals],
                   anderValuta=b.other_currency,
                   groepen=[BegrotingGroep(sleutel=g.key, perJaar={
                       str(y): {_MEASURES[k]: v for k, v in per.items()}
                       for y, per in g.per_year.items()}) for g in b.groups])  # fmt: skip


class Voorstel(_Model):
    document: DocumentSamenvatting
    redenen: list[str]

    @classmethod
    def of(cls, proposed: ProposedLetter) -> Self:
        return cls(document=DocumentSamenvatting.of(proposed.letter),
                   redenen=list(proposed.reasons))  # fmt: skip
