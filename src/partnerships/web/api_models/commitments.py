"""Commitments to parliament and motions."""

from __future__ import annotations

from pydantic import Field

from partnerships.web.api_models.common import (
    Datum,
    PageLinks,
    _Model,
)
from partnerships.web.api_models.documents import (
    DocumentSamenvatting,
)
from partnerships.web.api_models.programmes import (
    Voorstel,
)


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
