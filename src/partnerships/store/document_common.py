"""What the document repository's parts share: the filter a list is asked with, a
source file as stored, the clearance filters every read goes through, commitment keys and
places, and the citation keys a document is found by."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Select,
    exists,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from partnerships.domain import Letter
from partnerships.domain.context import UserContext
from partnerships.domain.letter import LetterSummary
from partnerships.domain.motions import find_motions
from partnerships.domain.queries import DocumentFilter
from partnerships.store.clearance import cleared
from partnerships.store.schema import (
    CitationRow,
    CommitmentRow,
    Document,
    EntityRow,
)


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: str
    content_hash: str
    size: int
    media_type: str
    data: bytes | None


def _now() -> datetime:
    return datetime.now(UTC)


_S = TypeVar("_S", bound=Select)  # type: ignore[type-arg]


#: the columns of a letter that lists show (never its body)
SUMMARY_COLUMNS = (Document.id, Document.kenmerk, Document.date, Document.subject,
                   Document.addressee, Document.sender_ministry, Document.sender_unit,
                   Document.source_name, Document.format, Document.classification,
                   Document.kind)  # fmt: skip


def summary_of(doc: Document) -> LetterSummary:
    """A stored letter as lists show it (read with ``SUMMARY_COLUMNS`` or more)."""
    return LetterSummary(doc.id, doc.kenmerk, doc.date, doc.subject, doc.addressee,
                         doc.sender_ministry, doc.sender_unit, doc.source_name, doc.format,
                         doc.classification, doc.kind)  # fmt: skip


def _by_document(column: Any, dialect: str) -> Any:
    """SQLite: ``column`` in a form no index serves (``x || ''``), so the planner takes the
    index the rest of the query points to: the document_id index where a query restricts
    the letters to a few (the (kind, code) one reads every mention of a country in the
    base), the date index where a list is read newest first (the classification one sorts
    every letter). PostgreSQL: the column as it is — its planner weighs the indexes with
    the tables' statistics, and the expression's made-up selectivity (0.5 %) had it read
    every letter instead (a dossier's newest letters: 430 ms against 0.5 ms at 100,000)."""
    return column if dialect == "postgresql" else column.concat("")


def newest_first(session: Session) -> tuple[Any, ...]:
    """Newest letters first, letters without a date last, in a form the date index
    serves: SQLite sorts NULL below every date, so ``date DESC`` already puts them last
    (spelling out NULLS LAST made it sort all 100,000 rows); PostgreSQL has an index in
    exactly that order (migration 0018)."""
    if session.get_bind().dialect.name == "sqlite":
        return Document.date.desc(), Document.id.desc()
    return Document.date.desc().nulls_last(), Document.id.desc()


#: a condition that at least 1 in this many letters meets is found by walking the letters
#: newest first until a page is full; a rarer one by taking its few letters and sorting them
WALK_SHARE = 50


def letter_count(session: Session) -> int:
    """About how many letters the base holds: what decides whether a condition is common
    enough to walk the letters newest first (``WALK_SHARE``), so an estimate will do. On
    PostgreSQL that is the planner's own (``pg_class.reltuples``, kept by autovacuum):
    counting 100,000 rows took 35 ms of every dossier; exact where it has none yet."""
    if session.get_bind().dialect.name == "postgresql":
        known = session.scalar(
            text("SELECT reltuples FROM pg_class WHERE oid = 'documents'::regclass"))  # fmt: skip
        if known is not None and known >= 0:
            return int(known)
    return int(session.scalar(select(func.count()).select_from(Document)) or 0)


def _compressed(data: bytes | None) -> tuple[bytes | None, str]:
    """zlib where it saves at least a tenth (text, HTML; a PDF is compressed already)."""
    if not data:
        return data, ""
    packed = zlib.compress(data, 6)
    return (packed, "zlib") if len(packed) < 0.9 * len(data) else (data, "")


def commitment_key(document_id: int, text: str) -> str:
    """Stable identity of an extracted commitment: its letter and its words (the row ids
    change when a letter is ingested again). Stored with the row, so the tracker joins the
    people's tracking state in the database."""
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8"), usedforsecurity=False)
    return f"doc{document_id}-{digest.hexdigest()[:16]}"


def commitment_places(doc_id: int, letter: Letter) -> list[dict[str, Any]]:
    """The countries each commitment is about: those named in the paragraph that holds it
    (a letter about Morocco that promises something on aviation in another paragraph does
    not make that promise Morocco's)."""
    from partnerships.domain.textnorm import paragraph_spans

    spans = paragraph_spans(letter.body)
    countries = [(e.code, e.start) for e in letter.entities
                 if e.kind == "country" and e.footnote is None and e.code]  # fmt: skip
    out = []
    for c in letter.commitments:
        if c.footnote is not None:
            continue
        para = next(((a, b) for a, b in spans if a <= c.start < b), None)
        if para is None:
            continue
        key = commitment_key(doc_id, c.text)
        for code in sorted({code for code, start in countries if para[0] <= start < para[1]}):
            out.append({"document_id": doc_id, "commitment_key": key, "country": code})
    return out


def _visible(stmt: _S, ctx: UserContext) -> _S:
    """Only documents the user's clearance allows."""
    return stmt.where(cleared(Document.classification, ctx.levels()))


def _visible_per_row(stmt: _S, ctx: UserContext, dialect: str) -> _S:
    """The same, for lists read newest first: on SQLite checked on each row, so that the
    planner walks the date index and stops after a page instead of taking the
    classification index and sorting every letter (100 ms at 100,000 letters); see
    ``_by_document`` for PostgreSQL."""
    return stmt.where(_by_document(Document.classification, dialect).in_(ctx.levels()))


def _filtered(stmt: _S, flt: DocumentFilter) -> _S:
    if flt.date_from:
        stmt = stmt.where(Document.date >= flt.date_from)
    if flt.date_to:
        stmt = stmt.where(Document.date <= flt.date_to)
    if flt.addressee:
        stmt = stmt.where(Document.addressee == flt.addressee)
    if flt.sender:
        like = f"%{flt.sender.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Document.sender_ministry).like(like),
                func.lower(Document.sender_unit).like(like),
            )
        )
    for kind, code in (("country", flt.country), ("organisation", flt.organisation)):
        if code:
            stmt = stmt.where(
                exists().where(
                    EntityRow.document_id == Document.id,
                    EntityRow.kind == kind,
                    EntityRow.code == code,
                )
            )
    if flt.has_commitments is not None:
        has = exists().where(
            CommitmentRow.document_id == Document.id,
            CommitmentRow.kind.not_in(("fulfilment", "intention")),
        )
        stmt = stmt.where(has if flt.has_commitments else ~has)
    if flt.cites_dossier:
        stmt = stmt.where(
            exists().where(
                CitationRow.document_id == Document.id,
                CitationRow.dossier == flt.cites_dossier.replace(" ", ""),
            )
        )
    return stmt


def citation_key(
    kind: str, dossier: str | None, number: str | None, names: list[str]
) -> str | None:
    """The key a citation looks for: a Kamerstuk by dossier and number, a motion by its
    first mover."""
    if kind == "kamerstuk" and dossier and number is not None:
        return f"kst:{dossier.upper()}:{number.upper()}"
    if kind == "motion" and names:
        return f"motie:{names[0].lower()}"
    return None


def document_keys(dossier: str | None, number: str | None, subject: str | None) -> set[str]:
    """What a document is, in citation keys: its own Kamerstuk number, and the motions its
    subject says it carries out ('Uitvoering motie Becker c.s. …')."""
    keys = set()
    own = citation_key("kamerstuk", dossier, number, [])
    if own:
        keys.add(own)
    for motion in find_motions(subject or ""):
        key = citation_key("motion", None, None, motion.names)
        if key:
            keys.add(key)
    return keys
