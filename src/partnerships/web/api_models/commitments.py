"""Commitments to parliament and motions."""

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
from partnerships.web.api_models.programmes import (
    Voorstel,
)

if TYPE_CHECKING:
    from partnerships.domain.motions import CitedMotion, MotionInBase
    from partnerships.services.commitments import TrackedCommitment


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

    @classmethod
    def of(cls, item: TrackedCommitment) -> Self:
        """The tracker's view under the API's Dutch names (also the pages' and the CLI's)."""
        return cls(
            sleutel=item.key, tekst=item.text, soort=item.kind, handmatig=item.manual,
            status=item.status, uiterlijk=item.due.isoformat() if item.due else None,
            termijnTekst=item.due_text, verantwoordelijk=item.responsible,
            toegezegdDoor=item.promiser, onderwerp=item.subject, toelichting=item.note,
            document=DocumentSamenvatting.of(item.letter) if item.letter else None,
            start=item.start,
            vervuldDoor=DocumentSamenvatting.of(item.fulfilled_by) if item.fulfilled_by else None,
            voorstellen=[Voorstel.of(p) for p in item.proposals],
        )  # fmt: skip

    @classmethod
    def listed(cls, items: list[TrackedCommitment]) -> list[dict[str, object]]:
        """The items as the pages render them: the API's documents as dictionaries."""
        return [cls.of(i).model_dump(by_alias=True) for i in items]


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
    brieven: list[DocumentSamenvatting] = Field(
        description="De oudste brieven die naar de motie verwijzen (hoogstens 10)"
    )
    brievenTotaal: int = Field(description="Alle brieven die naar de motie verwijzen")

    @classmethod
    def of(cls, m: CitedMotion) -> Self:
        return cls(sleutel=m.key, tekst=m.text, leden=list(m.members), dossier=m.dossier,
                   nummer=m.number, brieven=[DocumentSamenvatting.of(x) for x in m.letters],
                   brievenTotaal=m.letters_total)  # fmt: skip


class MotieInBasis(_Model):
    """A motion that is a document in the base (the motions page and the dossier; the
    command line's ``motions --json``)."""

    document: DocumentSamenvatting
    indieners: list[str]
    dossier: str | None
    nummer: str | None
    uitkomst: str | None = Field(description="aangenomen, verworpen, aangehouden, "
                                 "ingetrokken of onbekend; null: niet geoogst")  # fmt: skip
    stemmen: dict[str, list[str]] = Field(description="Fracties (met zetels) per stem")
    antwoorden: list[DocumentSamenvatting]

    @classmethod
    def of(cls, m: MotionInBase) -> Self:
        return cls(document=DocumentSamenvatting.of(m.letter), indieners=list(m.movers),
                   dossier=m.dossier, nummer=m.number, uitkomst=m.outcome,
                   stemmen={k: list(v) for k, v in m.votes.items()},
                   antwoorden=[DocumentSamenvatting.of(a) for a in m.answers])  # fmt: skip


class Moties(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    moties: list[Motie]
    perLid: dict[str, list[str]]
    perDossier: dict[str, list[str]]
