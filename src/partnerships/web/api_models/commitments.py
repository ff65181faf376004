"""Commitments to parliament and motions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

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
    from partnerships.services.register import (
        LetterPromise,
        Proposal,
        RegisterItem,
        RegisterPage,
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


class RegisterBriefToezegging(_Model):
    """A letter's commitment beside parliament's register (the register page)."""

    sleutel: str
    tekst: str
    uiterlijk: str | None
    document: DocumentSamenvatting

    @classmethod
    def of(cls, p: LetterPromise) -> Self:
        return cls(**_promise(p))


def _promise(p: LetterPromise) -> dict[str, Any]:
    """A letter's promise under ``RegisterBriefToezegging``'s names (also a proposal's)."""
    return {"sleutel": p.key, "tekst": p.text, "uiterlijk": p.due.isoformat() if p.due else None,
            "document": DocumentSamenvatting.of(p.letter)}  # fmt: skip


class RegisterVoorstel(RegisterBriefToezegging):
    gelijkenis: float = Field(description="Aandeel gedeelde woorden, 0-1")

    @classmethod
    def of(cls, p: Proposal) -> Self:  # type: ignore[override]
        return cls(**_promise(p.promise), gelijkenis=p.likeness)


class Registertoezegging(_Model):
    id: int
    nummer: str | None
    tekst: str
    bewindspersoon: str
    functie: str
    ministerie: str
    status: str
    staat: str
    uiterlijk: str | None
    gedaan: str | None
    activiteit: str | None
    nakoming: list[DocumentSamenvatting]
    nakomingOntbreekt: list[str]
    gekoppeld: list[RegisterBriefToezegging]
    voorstellen: list[RegisterVoorstel]
    teLaatZonderBrief: bool

    @classmethod
    def of(cls, item: RegisterItem) -> Self:
        e = item.entry
        return cls(
            id=item.id, nummer=e.number, tekst=e.text, bewindspersoon=e.minister,
            functie=e.function, ministerie=e.ministry, status=e.status, staat=item.state,
            uiterlijk=e.due.isoformat() if e.due else None,
            gedaan=e.made.isoformat() if e.made else None, activiteit=e.activity,
            nakoming=[DocumentSamenvatting.of(d) for d in item.fulfilled_by],
            nakomingOntbreekt=list(item.missing),
            gekoppeld=[RegisterBriefToezegging.of(p) for p in item.matched],
            voorstellen=[RegisterVoorstel.of(p) for p in item.proposals],
            teLaatZonderBrief=item.past_due_without_letter,
        )  # fmt: skip


class NietInRegister(_Model):
    toezeggingen: list[RegisterBriefToezegging]
    getoond: int


class Registerpagina(_Model):
    """One page of parliament's register beside the letters (the register page)."""

    toezeggingen: list[Registertoezegging]
    totaal: int
    pagina: int
    paginas: int
    alleenTeLaat: bool
    nietInRegister: NietInRegister

    @classmethod
    def of(cls, page: RegisterPage) -> Self:
        unmatched = [RegisterBriefToezegging.of(p) for p in page.unmatched]
        return cls(toezeggingen=[Registertoezegging.of(i) for i in page.items],
                   totaal=page.total, pagina=page.page, paginas=page.pages,
                   alleenTeLaat=page.past_due_only,
                   nietInRegister=NietInRegister(toezeggingen=unmatched,
                                                 getoond=len(unmatched)))  # fmt: skip
