"""The extracted letter and the facts found in it.

Plain dataclasses, free of IO, ORM and web imports, so the same records flow from the
extractor into the store, the API and the reports. Every fact carries provenance: a
character span in the letter's clean body, or the number of the footnote it was found in
with a span into that footnote's text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

#: the version of ``ingest/data/letter.schema.json`` that ``Letter.to_dict`` follows
LETTER_SCHEMA_VERSION = 2


@dataclass(slots=True)
class Mention:
    """Something found in a letter, with where it was found.

    ``start``/``end`` index into the body when ``footnote`` is None, otherwise into the
    text of footnote ``footnote``.
    """

    text: str
    start: int
    end: int
    footnote: int | None = None


@dataclass(slots=True)
class Footnote:
    number: int
    text: str
    #: offset in the body right after which the footnote's marker stood (the marker itself
    #: is not part of the clean body); None when no marker for it was found
    marker_offset: int | None = None


@dataclass(slots=True)
class Reference(Mention):
    """A citation of another paper: a Kamerstuk, a motion, an EU legal act or a URL."""

    kind: str = "kamerstuk"  # kamerstuk | aanhangsel | handelingen | motion | eu_act | url
    dossier: str | None = None
    #: as written: '37', '42e' (a suffix), 'C' or 'AA' (Eerste Kamer letters); None when the
    #: citation names only the dossier
    number: str | None = None
    session: str | None = None
    chamber: str | None = None  # "Tweede Kamer" | "Eerste Kamer" | None
    names: list[str] = field(default_factory=list)
    act_type: str | None = None  # verordening | richtlijn | besluit
    act_id: str | None = None  # "2019/1155", "810/2009"
    url: str | None = None


@dataclass(slots=True)
class Entity(Mention):
    """A country, region, organisation or programme."""

    kind: str = "country"  # country | region | organisation | programme
    code: str = ""  # ISO 3166-1 alpha-3 for countries, gazetteer id otherwise
    name: str = ""


@dataclass(slots=True)
class Amount(Mention):
    value: float = 0.0
    currency: str = "EUR"


@dataclass(slots=True)
class Quantity(Mention):
    value: float = 0.0
    unit: str | None = None
    approximate: bool = False


@dataclass(slots=True)
class Percentage(Mention):
    value: float = 0.0


@dataclass(slots=True)
class StatedFigure(Mention):
    """A figure as the base keeps it, whatever its kind: an amount (``currency``), a
    quantity (``unit``, ``approximate``) or a percentage, in the letter ``document_id``."""

    kind: str = "amount"  # amount | quantity | percentage
    value: float = 0.0
    currency: str | None = None
    unit: str | None = None
    approximate: bool = False
    document_id: int = 0


@dataclass(slots=True)
class Commitment(Mention):
    """A promise to parliament, with its due date when the text gives one."""

    due_date: str | None = None  # YYYY-MM-DD
    due_text: str | None = None
    kind: str = "promise"  # promise | expected_delivery | fulfilment | intention
    #: who promised, from the letter's signature: 'Staatssecretaris van Justitie en
    #: Veiligheid (E. van der Burg)'; None when the letter has no signature
    promiser: str | None = None
    #: what the promise is about, in the sentence's words ('de uitkomsten van de evaluatie');
    #: None when the sentence does not say (e.g. 'Ik kom hierop terug')
    subject: str | None = None


@dataclass(slots=True)
class Topic:
    """A paragraph that touches an IMA pillar (``ima``) or a GCM objective (``gcm``).

    ``start``/``end`` span the paragraph in the body; ``basis`` says why: ``structure`` (the
    letter's own heading names the pillar) or ``terms`` (the words in ``terms``)."""

    scheme: str
    code: int
    confidence: float
    start: int
    end: int
    basis: str = "terms"
    terms: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Sender:
    ministry: str | None = None
    unit: str | None = None


@dataclass(slots=True)
class Signatory:
    name: str
    function: str | None = None


@dataclass(frozen=True, slots=True)
class KamerstukId:
    dossier: str
    #: as printed: '37', '42e', 'C'
    number: str


@dataclass(slots=True)
class Letter:
    """One letter to parliament (or another paper that came in as one), fully extracted."""

    source: str
    format: str
    #: 'letter', or 'motion' for a document that is a motion (its movers are the signatories)
    kind: str = "letter"
    kenmerk: str | None = None
    date: str | None = None
    subject: str | None = None
    addressee: str | None = None
    sender: Sender = field(default_factory=Sender)
    signatories: list[Signatory] = field(default_factory=list)
    attachments: int | None = None
    pages: int | None = None
    #: the letter's own number as a parliamentary paper, when the file states it
    #: (officielebekendmakingen file name 'kst-35300-VI-37', or its header '35 300 VI' + 'Nr. 37')
    kamerstuk: KamerstukId | None = None
    body: str = ""
    footnotes: list[Footnote] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    #: whether the letter is about international migration, derived from its content, with
    #: the confidence of that verdict (0.5–1); an analyst can override it in the base
    migration: bool = False
    migration_confidence: float = 0.5
    topics: list[Topic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The letter as the JSON Schema describes it, its version first."""
        return {"schema_version": LETTER_SCHEMA_VERSION, **asdict(self)}

    def footnote_text(self, number: int) -> str | None:
        for note in self.footnotes:
            if note.number == number:
                return note.text
        return None

    def mention_text(self, mention: Mention) -> str | None:
        """The text a mention's span points at, for checking provenance."""
        if mention.footnote is None:
            return self.body[mention.start : mention.end]
        text = self.footnote_text(mention.footnote)
        return None if text is None else text[mention.start : mention.end]


@dataclass(frozen=True, slots=True)
class LetterSummary:
    """What lists show of a stored letter — never its body: the columns a list reads
    (``SUMMARY_COLUMNS`` in the store)."""

    id: int
    kenmerk: str | None
    day: date | None  # the letter's date
    subject: str | None
    addressee: str | None
    sender_ministry: str | None
    sender_unit: str | None
    source_name: str
    format: str
    classification: str
    #: 'letter', or 'motion' for a document that is a motion
    kind: str
