"""Countries, a country's dossier and its indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from pydantic import Field

from partnerships.web.api_models.common import (
    PageLinks,
    _Model,
)
from partnerships.web.api_models.documents import (
    DocumentSamenvatting,
    LandFeit,
    Span,
    _summary,
    _where,
)

if TYPE_CHECKING:
    from partnerships.domain.countries import CountryRecord
    from partnerships.services.indicator_views import (
        AnalystValue,
        CountryIndicators,
        RecognitionYear,
        ReturnYear,
        Standing,
    )
    from partnerships.services.letter_views import (
        CountryCount,
        CountryDossier,
        DossierLetter,
        NamedWith,
        QuotedMention,
    )
    from partnerships.services.routes import RouteYear


def _country(c: CountryRecord) -> dict[str, Any]:
    """A country's fields under ``Land``'s names."""
    return {"code": c.iso3, "iso2": c.iso2, "numeriek": c.numeric, "naam": c.name_nl,
            "naamEngels": c.name_en, "regio": c.region_nl, "eu": c.eu_member}  # fmt: skip


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

    @classmethod
    def of(cls, c: CountryCount) -> Self:
        return cls(**_country(c.country), vermeldingen=c.mentions, documenten=c.documents)


class Landen(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    landen: list[LandMetTelling]


class Vermelding(Span):
    zin: str

    @classmethod
    def of(cls, q: QuotedMention) -> Self:
        return cls(**_where(q.mention), zin=q.sentence)


class DocumentMetVermeldingen(DocumentSamenvatting):
    vermeldingen: list[Vermelding]
    vermeldingenTotaal: int = Field(description="Alle vermeldingen in deze brief")

    @classmethod
    def of(cls, d: DossierLetter) -> Self:  # type: ignore[override]
        return cls(**_summary(d.letter),
                   vermeldingen=[Vermelding.of(q) for q in d.mentions],
                   vermeldingenTotaal=d.mentions_total)  # fmt: skip


class SamenGenoemd(_Model):
    soort: str
    code: str
    naam: str
    documenten: int

    @classmethod
    def of(cls, n: NamedWith) -> Self:
        return cls(soort=n.kind, code=n.code, naam=n.name, documenten=n.documents)


class LandDossier(Land):
    aliassen: list[str]
    vermeldingenPerJaar: dict[str, int]
    documentenTotaal: int = Field(description="Alle brieven die het land noemen")
    documenten: list[DocumentMetVermeldingen] = Field(
        description="De nieuwste brieven (per pagina), met hoogstens 5 vermeldingen elk"
    )
    feiten: list[LandFeit]
    samenGenoemd: list[SamenGenoemd]

    @classmethod
    def of(cls, d: CountryDossier) -> Self:
        """A country's dossier under the API's Dutch names (also the dossier page's)."""
        return cls(**_country(d.country), aliassen=list(d.aliases),
                   vermeldingenPerJaar=dict(d.mentions_per_year),
                   documentenTotaal=d.letters_total,
                   documenten=[DocumentMetVermeldingen.of(x) for x in d.letters],
                   feiten=[LandFeit.of(f) for f in d.figures],
                   samenGenoemd=[SamenGenoemd.of(n) for n in d.named_with])  # fmt: skip


class ReeksRij(_Model):
    jaar: str
    uitzettingsbevelen: float | None
    teruggekeerd: float | None
    effectiefTerugkeerpercentage: float | None
    vlaggen: str
    bronnen: list[str]

    @classmethod
    def of(cls, y: ReturnYear) -> Self:
        return cls(jaar=y.year, uitzettingsbevelen=y.orders, teruggekeerd=y.returned,
                   effectiefTerugkeerpercentage=y.rate, vlaggen=y.flags,
                   bronnen=list(y.sources))  # fmt: skip


class RouteAandeel(_Model):
    route: str
    naam: str
    jaar: str
    detecties: int
    aandeel: float | None

    @classmethod
    def of(cls, r: RouteYear) -> Self:
        return cls(route=r.route, naam=r.name_nl, jaar=r.year, detecties=r.detections,
                   aandeel=r.share)  # fmt: skip


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

    @classmethod
    def of(cls, a: AnalystValue) -> Self:
        return cls(indicator=a.indicator, naam=a.name, periode=a.period, waarde=a.value,
                   categorie=a.category, eenheid=a.unit, bron=a.source, toelichting=a.note,
                   voorbeeld=a.example, bestand=a.file_name, release=a.release)  # fmt: skip


class Erkenning(_Model):
    jaar: str
    beslissingen: float
    positief: float
    erkenningspercentage: float | None
    bron: str

    @classmethod
    def of(cls, r: RecognitionYear) -> Self:
        return cls(jaar=r.year, beslissingen=r.decisions, positief=r.positive,
                   erkenningspercentage=r.rate, bron=r.source)  # fmt: skip


class Positie(_Model):
    jaar: str
    rang: int
    van: int
    uitzettingsbevelen: float | None

    @classmethod
    def of(cls, p: Standing) -> Self:
        return cls(jaar=p.year, rang=p.rank, van=p.of, uitzettingsbevelen=p.orders)


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

    @classmethod
    def of(cls, v: CountryIndicators) -> Self:
        """A citizenship's statistics under the API's Dutch names (also the dossier's)."""
        return cls(
            land=v.country, rapporterend=v.area, reeks=[ReeksRij.of(y) for y in v.series],
            kanttekening=v.caveat, routes=[RouteAandeel.of(r) for r in v.routes],
            analisten=[AnalistWaarde.of(a) for a in v.analysts],
            erkenning=[Erkenning.of(r) for r in v.recognition],
            positie=Positie.of(v.standing) if v.standing else None,
            eigenLand=EigenLand(rapporterend=v.home_area,
                                reeks=[ReeksRij.of(y) for y in v.home_series]),
        )  # fmt: skip
