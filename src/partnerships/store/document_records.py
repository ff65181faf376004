"""Stored rows as the domain's records: what the read services hand on, so that no ORM
object leaves a session and each row becomes a record in one place (issue 18: the same
rows were made into Dutch dicts in three layers)."""

from __future__ import annotations

from partnerships.domain.countries import CountryRecord
from partnerships.domain.letter import (
    Commitment,
    Entity,
    Footnote,
    Mention,
    Reference,
    Signatory,
    StatedFigure,
)
from partnerships.store.schema import (
    CitationRow,
    CommitmentRow,
    Country,
    Document,
    EntityRow,
    FactRow,
    FootnoteRow,
)


def country_of(row: Country) -> CountryRecord:
    return CountryRecord(row.iso3, row.iso2, row.numeric, row.name_nl, row.name_en,
                         row.region_nl, row.region, row.eu_member)  # fmt: skip


def mention_of(row: EntityRow) -> Mention:
    return Mention(row.text, row.start, row.end, row.footnote)


def reference_of(row: CitationRow) -> Reference:
    return Reference(row.text, row.start, row.end, row.footnote, kind=row.kind,
                     dossier=row.dossier, number=row.number, session=row.session,
                     chamber=row.chamber, names=list(row.names or []), act_type=row.act_type,
                     act_id=row.act_id, url=row.url)  # fmt: skip


def entity_of(row: EntityRow) -> Entity:
    return Entity(row.text, row.start, row.end, row.footnote, kind=row.kind, code=row.code,
                  name=row.name)  # fmt: skip


def figure_of(row: FactRow) -> StatedFigure:
    return StatedFigure(row.text, row.start, row.end, row.footnote, kind=row.kind,
                        value=row.value, currency=row.currency, unit=row.unit,
                        approximate=row.approximate, document_id=row.document_id)  # fmt: skip


def commitment_of(row: CommitmentRow) -> Commitment:
    return Commitment(row.text, row.start, row.end, row.footnote,
                      due_date=row.due_date.isoformat() if row.due_date else None,
                      due_text=row.due_text, kind=row.kind, promiser=row.promiser,
                      subject=row.subject)  # fmt: skip


def footnote_of(row: FootnoteRow) -> Footnote:
    return Footnote(row.number, row.text, row.marker_offset)


def signatories_of(doc: Document) -> list[Signatory]:
    return [Signatory(x["name"], x["function"]) for x in doc.signatories or []]
