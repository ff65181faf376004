"""Letters: summaries, details, corrections, topics, search results."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from pydantic import Field, StrictBool

from partnerships.web.api_models.common import (
    Datum,
    PageLinks,
    _Model,
)

if TYPE_CHECKING:
    from partnerships.domain.letter import (
        Commitment,
        Entity,
        Footnote,
        LetterSummary,
        Mention,
        Signatory,
        StatedFigure,
    )
    from partnerships.services.letter_views import (
        Citation,
        CitedBy,
        LetterDetail,
        MotionResult,
        OriginalFile,
        SearchHit,
    )
    from partnerships.services.topics import LetterTopics, TopicView


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

    @classmethod
    def of(cls, letter: LetterSummary) -> Self:
        """A stored letter's summary under the API's Dutch names (also the pages')."""
        return cls(**_summary(letter))


def _summary(letter: LetterSummary) -> dict[str, Any]:
    """A letter's summary fields under ``DocumentSamenvatting``'s names: what the models
    that extend it (a letter whole, a search hit, a dossier's letter) start from."""
    return {
        "id": letter.id, "kenmerk": letter.kenmerk,
        "datum": letter.day.isoformat() if letter.day else None, "onderwerp": letter.subject,
        "geadresseerde": letter.addressee,
        "afzender": Afzender(ministerie=letter.sender_ministry, eenheid=letter.sender_unit),
        "bron": letter.source_name, "formaat": letter.format,
        "rubricering": letter.classification,
        "soort": "motie" if letter.kind == "motion" else "brief",
    }  # fmt: skip


class Span(_Model):
    tekst: str
    start: int
    eind: int
    voetnoot: int | None = Field(description="Nummer van de voetnoot; null: in de tekst")


def _where(m: Mention) -> dict[str, Any]:
    """The span fields of anything found in a letter (``Span``'s names)."""
    return {"tekst": m.text, "start": m.start, "eind": m.end, "voetnoot": m.footnote}


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

    @classmethod
    def of(cls, c: Citation) -> Self:
        r = c.reference
        return cls(**_where(r), soort=r.kind, dossier=r.dossier, nummer=r.number,
                   vergaderjaar=r.session, kamer=r.chamber, namen=list(r.names),
                   besluitsoort=r.act_type, besluitnummer=r.act_id, url=r.url,
                   inBasis=c.target is not None,
                   document=DocumentSamenvatting.of(c.target) if c.target else None)  # fmt: skip


class Entiteit(Span):
    soort: str
    code: str
    naam: str

    @classmethod
    def of(cls, e: Entity) -> Self:
        return cls(**_where(e), soort=e.kind, code=e.code, naam=e.name)


class Feit(Span):
    soort: str = Field(description="amount, quantity of percentage")
    waarde: float
    valuta: str | None
    eenheid: str | None
    benaderd: bool

    @classmethod
    def of(cls, f: StatedFigure) -> Self:
        return cls(**_where(f), soort=f.kind, waarde=f.value, valuta=f.currency,
                   eenheid=f.unit, benaderd=f.approximate)  # fmt: skip


class LandFeit(Feit):
    document: int

    @classmethod
    def of(cls, f: StatedFigure) -> Self:
        return cls(**_where(f), soort=f.kind, waarde=f.value, valuta=f.currency,
                   eenheid=f.unit, benaderd=f.approximate, document=f.document_id)  # fmt: skip


class Toezegging(Span):
    soort: str
    uiterlijk: str | None
    termijnTekst: str | None
    toegezegdDoor: str | None = Field(description="Wie toezegde, uit de ondertekening")
    onderwerp: str | None = Field(description="Waarover, in de woorden van de zin")

    @classmethod
    def of(cls, c: Commitment) -> Self:
        return cls(**_where(c), soort=c.kind, uiterlijk=c.due_date, termijnTekst=c.due_text,
                   toegezegdDoor=c.promiser, onderwerp=c.subject)  # fmt: skip


class Voetnoot(_Model):
    nummer: int
    tekst: str
    markeringPositie: int | None

    @classmethod
    def of(cls, f: Footnote) -> Self:
        return cls(nummer=f.number, tekst=f.text, markeringPositie=f.marker_offset)


class Ondertekenaar(_Model):
    naam: str
    functie: str | None

    @classmethod
    def of(cls, s: Signatory) -> Self:
        return cls(naam=s.name, functie=s.function)


class GeciteerdDoor(_Model):
    document: DocumentSamenvatting
    verwijzing: str

    @classmethod
    def of(cls, c: CitedBy) -> Self:
        return cls(document=DocumentSamenvatting.of(c.letter), verwijzing=c.text)


class Origineel(_Model):
    beschikbaar: bool
    sha256: str | None
    mediatype: str | None

    @classmethod
    def of(cls, o: OriginalFile) -> Self:
        return cls(beschikbaar=o.available, sha256=o.sha256, mediatype=o.media_type)


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

    @classmethod
    def of(cls, v: TopicView) -> Self:
        verdict = v.analyst
        return cls(schema=v.scheme, code=v.code, naam=v.name, voorgesteld=v.suggested,
                   zekerheid=v.confidence, alineas=v.paragraphs, basis=v.basis,
                   termen=list(v.terms), geldt=v.effective,
                   analist=None if verdict is None else OnderwerpOordeel(
                       waarde=verdict.value, toelichting=verdict.note, door=verdict.by,
                       op=verdict.at))  # fmt: skip


class Onderwerpen(_Model):
    migratie: Onderwerp
    onderwerpen: list[Onderwerp]

    @classmethod
    def of(cls, topics: LetterTopics) -> Self:
        return cls(migratie=Onderwerp.of(topics.migration),
                   onderwerpen=[Onderwerp.of(v) for v in topics.topics])  # fmt: skip


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

    @classmethod
    def of(cls, m: MotionResult) -> Self:
        return cls(zaak=m.case_number, uitkomst=m.outcome, besluit=m.decision,
                   stemmen=[Stem(fractie=v.party, stem=v.vote, zetels=v.seats)
                            for v in m.votes])  # fmt: skip


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

    @classmethod
    def of(cls, d: LetterDetail) -> Self:  # type: ignore[override]
        """One letter whole under the API's Dutch names (also the letter page's)."""
        return cls(
            **_summary(d.letter),
            uitkomstMotie=UitkomstMotie.of(d.motion) if d.motion else None,
            onderwerpen=Onderwerpen.of(d.topics) if d.topics else None,
            ondertekenaars=[Ondertekenaar.of(x) for x in d.signatories],
            bijlagen=d.attachments, paginas=d.pages, tekst=d.body,
            voetnoten=[Voetnoot.of(f) for f in d.footnotes],
            verwijzingen=[Verwijzing.of(c) for c in d.citations],
            entiteiten=[Entiteit.of(e) for e in d.entities],
            feiten=[Feit.of(f) for f in d.figures],
            toezeggingen=[Toezegging.of(c) for c in d.commitments],
            geciteerdDoor=[GeciteerdDoor.of(c) for c in d.cited_by],
            origineel=Origineel.of(d.original),
            waarschuwingen=list(d.warnings),
        )  # fmt: skip


class DocumentenPagina(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    documenten: list[DocumentSamenvatting]


class Zoekresultaat(DocumentSamenvatting):
    score: float
    fragment: str = Field(description="HTML-escaped fragment; treffers in <mark>")

    @classmethod
    def of(cls, hit: SearchHit) -> Self:  # type: ignore[override]
        return cls(**_summary(hit.letter), score=hit.score,
                   fragment=hit.fragment)  # fmt: skip


class Zoekresultaten(_Model):
    links: PageLinks = Field(alias="_links")
    totaal: int
    pagina: int
    paginaGrootte: int
    gerangschiktBinnen: int | None = Field(
        default=None,
        description="Alleen wanneer niet elke treffer op relevantie is gerangschikt "
        "(PostgreSQL, meer treffers dan de instelling search_rank_window): zoveel van de "
        "nieuwste treffers staan op relevantie; de oudere volgen daarna, nieuwste eerst.",
    )
    zoekterm: str
    resultaten: list[Zoekresultaat]
