"""Repositories: the only code that reads and writes the knowledge base's tables.

Every read takes the caller's ``UserContext`` and filters through ``_visible`` — the one
place where access control applies (issue: access control and classification).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Select,
    String,
    cast,
    delete,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, load_only, selectinload

from partnerships.domain import Letter
from partnerships.domain.context import UserContext
from partnerships.ingest.references import find_motions
from partnerships.store import tallies
from partnerships.store.clearance import cleared
from partnerships.store.schema import (
    CitationRow,
    CommitmentPlace,
    CommitmentRow,
    Country,
    CountryAlias,
    Document,
    DocumentKey,
    DocumentSource,
    EntityRow,
    FactRow,
    FootnoteRow,
    Original,
    TopicRow,
)
from partnerships.store.search import ParsedQuery, fts5_query, stem_text, tsquery_parts


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    date_from: date | None = None
    date_to: date | None = None
    addressee: str | None = None
    sender: str | None = None
    country: str | None = None
    organisation: str | None = None
    has_commitments: bool | None = None
    cites_dossier: str | None = None


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


def _by_document(column: Any) -> Any:
    """``column`` in a form no index serves (``x || ''``), so the planner takes the index
    the rest of the query points to: the document_id index where a query restricts the
    letters to a few (the (kind, code) one reads every mention of a country in the base),
    the date index where a list is read newest first (the classification one sorts every
    letter)."""
    return column.concat("")


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


def _visible_newest(stmt: _S, ctx: UserContext) -> _S:
    """The same, for lists read newest first: checked on each row, so that the planner
    walks the date index and stops after a page instead of taking the classification
    index and sorting every letter (100 ms at 100,000 letters)."""
    return stmt.where(_by_document(Document.classification).in_(ctx.levels()))


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


class DocumentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    # -- writing --------------------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(hashes)
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(
                self.session.scalars(
                    select(DocumentSource.content_hash).where(
                        DocumentSource.content_hash.in_(chunk)
                    )
                )
            )
        return found

    def find_same_letter(self, letter: Letter, source_path: str) -> Document | None:
        """The document this file is a version of: the same file path (a changed file), the
        same kenmerk and date, or the same Kamerstuk number (another rendition of the same
        letter: the ministry's PDF, the publication, parliament's copy)."""
        doc = self.session.scalar(
            select(Document)
            .join(DocumentSource, DocumentSource.document_id == Document.id)
            .where(DocumentSource.source_path == source_path)
            .limit(1)
        )
        if doc is None and letter.kenmerk and letter.date:
            doc = self.session.scalar(
                select(Document)
                .where(
                    Document.kenmerk == letter.kenmerk,
                    Document.date == date.fromisoformat(letter.date),
                )
                .limit(1)
            )
        if doc is None and letter.kamerstuk:
            doc = self.session.scalar(
                select(Document).where(
                    Document.kamerstuk_dossier == letter.kamerstuk.dossier,
                    Document.kamerstuk_number == letter.kamerstuk.number,
                ).limit(1)
            )  # fmt: skip
        return doc

    def rendition_paths(self, doc_id: int) -> set[str]:
        """Where the document's renditions were fetched from (a handful per document)."""
        mine = DocumentSource.document_id == doc_id
        return set(self.session.scalars(select(DocumentSource.source_path).where(mine)))

    def renditions(self, doc_id: int, limit: int = 20) -> list[tuple[str, str, int, datetime]]:
        """(format, address, size, first seen) of each rendition, oldest first — the letter
        page lists them; bounded, as a list must be."""
        rows = self.session.execute(
            select(DocumentSource.format, DocumentSource.source_path, DocumentSource.size,
                   DocumentSource.seen_at)
            .where(DocumentSource.document_id == doc_id)
            .order_by(DocumentSource.seen_at, DocumentSource.id).limit(limit))  # fmt: skip
        return [(f, p, int(n), t) for f, p, n, t in rows]

    def record_rendition(self, doc_id: int, source: SourceFile, fmt: str) -> None:
        """A further rendition of a stored document (the publication's PDF beside its XML):
        recorded by address, size and fingerprint; its text is not read again. The same file
        twice is one row; a changed file at the same address replaces the old row."""
        if source.content_hash in self.known_hashes([source.content_hash]):
            return
        self.session.execute(
            delete(DocumentSource).where(DocumentSource.document_id == doc_id,
                                         DocumentSource.source_path == source.path))  # fmt: skip
        self.session.add(DocumentSource(document_id=doc_id, content_hash=source.content_hash,
                                        source_path=source.path, format=fmt, size=source.size,
                                        seen_at=_now()))  # fmt: skip

    def add_source(self, document: Document, source: SourceFile, fmt: str) -> None:
        self.session.add(
            DocumentSource(
                document_id=document.id,
                content_hash=source.content_hash,
                source_path=source.path,
                format=fmt,
                size=source.size,
                seen_at=_now(),
            )
        )

    def save(
        self, letter: Letter, source: SourceFile, existing: Document | None = None,
        stems: tuple[str, str] | None = None,
    ) -> Document:  # fmt: skip
        """Write a letter with all its facts; replaces ``existing`` in place (same id).
        ``stems``: subject and body as the index sees them, when a worker made them."""
        now = _now()
        if existing is not None:
            doc = existing
            tallies.add(self.session, doc.id, doc.classification, -1)
            for table in (FootnoteRow, CitationRow, EntityRow, FactRow, CommitmentRow, TopicRow,
                          CommitmentPlace, Original):  # fmt: skip
                self.session.execute(delete(table).where(table.document_id == doc.id))
            self.session.expire(
                doc, ["footnotes", "citations", "entities", "facts", "commitments", "original"]
            )
        else:
            doc = Document(ingested_at=now)
            self.session.add(doc)
        doc.content_hash = source.content_hash
        doc.source_path = source.path
        doc.source_name = source.path.rsplit("/", 1)[-1]
        doc.format = letter.format
        doc.kind = letter.kind
        doc.migration = letter.migration
        doc.migration_confidence = letter.migration_confidence
        doc.kenmerk = letter.kenmerk
        doc.date = date.fromisoformat(letter.date) if letter.date else None
        doc.subject = letter.subject
        doc.addressee = letter.addressee
        doc.sender_ministry = letter.sender.ministry
        doc.sender_unit = letter.sender.unit
        doc.signatories = [{"name": s.name, "function": s.function} for s in letter.signatories]
        doc.attachments = letter.attachments
        doc.kamerstuk_dossier = letter.kamerstuk.dossier if letter.kamerstuk else None
        doc.kamerstuk_number = letter.kamerstuk.number if letter.kamerstuk else None
        doc.pages = letter.pages
        doc.body = letter.body
        doc.warnings = list(letter.warnings)
        doc.updated_at = now
        doc.counts = {
            "footnotes": len(letter.footnotes),
            "citations": len(letter.references),
            "entities": len(letter.entities),
            "facts": len(letter.amounts) + len(letter.quantities) + len(letter.percentages),
            "commitments": len(letter.commitments),
            "topics": len(letter.topics),
        }
        doc.classification = doc.classification or "openbaar"
        self.session.flush()
        if existing is not None and "subject" in self.apply_overrides(doc):
            stems = None  # people's corrections survive re-extraction; the index follows
        self._insert_children(doc.id, letter)
        tallies.add(self.session, doc.id, doc.classification, rows=tallies.of_letter(letter))
        data, compression = _compressed(source.data)
        self.session.add(
            Original(
                document_id=doc.id,
                sha256=source.content_hash,
                size=source.size,
                media_type=source.media_type,
                path=source.path,
                data=data,
                compression=compression,
                stored=source.data is not None,
            )
        )
        self._index(doc, stems)
        self.session.flush()
        self.resolve_citations(doc)
        return doc

    def _insert_children(self, doc_id: int, letter: Letter) -> None:
        def span(m: Any) -> dict[str, Any]:
            return {
                "document_id": doc_id,
                "text": m.text,
                "start": m.start,
                "end": m.end,
                "footnote": m.footnote,
            }

        rows: list[tuple[type[Any], list[dict[str, Any]]]] = [
            (FootnoteRow, [
                {"document_id": doc_id, "position": i, "number": n.number, "text": n.text,
                 "marker_offset": n.marker_offset}
                for i, n in enumerate(letter.footnotes)
            ]),
            (CitationRow, [
                span(r) | {"kind": r.kind, "dossier": r.dossier, "number": r.number,
                           "session": r.session, "chamber": r.chamber, "names": r.names,
                           "act_type": r.act_type, "act_id": r.act_id, "url": r.url,
                           "target_key": citation_key(r.kind, r.dossier, r.number, r.names)}
                for r in letter.references
            ]),
            (EntityRow, [
                span(e) | {"kind": e.kind, "code": e.code, "name": e.name} for e in letter.entities
            ]),
            (FactRow, [
                span(a) | {"kind": "amount", "value": a.value, "currency": a.currency,
                           "unit": None, "approximate": False}
                for a in letter.amounts
            ] + [
                span(q) | {"kind": "quantity", "value": q.value, "currency": None,
                           "unit": q.unit, "approximate": q.approximate}
                for q in letter.quantities
            ] + [
                span(p) | {"kind": "percentage", "value": p.value, "currency": None,
                           "unit": None, "approximate": False}
                for p in letter.percentages
            ]),
            (CommitmentRow, [
                span(c) | {"kind": c.kind,
                           "due_date": date.fromisoformat(c.due_date) if c.due_date else None,
                           "due_text": c.due_text, "key": commitment_key(doc_id, c.text),
                           "promiser": c.promiser, "subject": c.subject}
                for c in letter.commitments
            ]),
            (TopicRow, [
                {"document_id": doc_id, "scheme": t.scheme, "code": t.code,
                 "confidence": t.confidence, "start": t.start, "end": t.end, "basis": t.basis,
                 "terms": list(t.terms)}
                for t in letter.topics
            ]),
        ]  # fmt: skip
        rows.append((CommitmentPlace, commitment_places(doc_id, letter)))
        for table, values in rows:
            if values:
                self.session.execute(table.__table__.insert(), values)

    #: the fields a person may correct, and how a stored value becomes the column's
    CORRECTABLE = ("subject", "date", "kenmerk", "addressee", "sender_ministry", "sender_unit")

    def apply_overrides(self, doc: Document) -> set[str]:
        """Put people's corrections on the document's columns; returns the fields."""
        from partnerships.store.schema import DocumentOverride

        applied = set()
        for o in self.session.scalars(select(DocumentOverride)
                                      .where(DocumentOverride.document_id == doc.id)):  # fmt: skip
            value: Any = o.value
            if o.field == "date":
                value = date.fromisoformat(o.value) if o.value else None
            setattr(doc, o.field, value)
            applied.add(o.field)
        return applied

    def correct(self, doc: Document, changes: dict[str, str | None], by: str) -> dict[str, Any]:
        """Record corrections (field -> value as text; the date ISO) and apply them; returns
        the old values. The search index follows a corrected title."""
        from partnerships.store.schema import DocumentOverride

        old: dict[str, Any] = {}
        for field_name, value in changes.items():
            if field_name not in self.CORRECTABLE:
                raise ValueError(f"{field_name} cannot be corrected")
            current = getattr(doc, field_name)
            old[field_name] = current.isoformat() if isinstance(current, date) else current
            mine = (DocumentOverride.document_id == doc.id, DocumentOverride.field == field_name)
            row = self.session.scalar(select(DocumentOverride).where(*mine))
            if row is None:
                row = DocumentOverride(document_id=doc.id, field=field_name)
                self.session.add(row)
            row.value, row.updated_by, row.updated_at = value, by, _now()
        self.session.flush()
        self.apply_overrides(doc)
        doc.updated_at = _now()
        if "subject" in changes:
            self._index(doc)
        self.session.flush()
        return old

    def _index(self, doc: Document, stems: tuple[str, str] | None = None) -> None:
        if self.dialect != "sqlite":
            return  # PostgreSQL computes search_vector itself (generated column)
        subject, body = stems or (stem_text(doc.subject or ""), stem_text(doc.body))
        self.session.execute(text("DELETE FROM documents_fts WHERE rowid = :id"), {"id": doc.id})
        self.session.execute(
            text("INSERT INTO documents_fts(rowid, subject, body) VALUES (:id, :s, :b)"),
            {"id": doc.id, "s": subject, "b": body},
        )

    def resolve_citations(self, doc: Document) -> None:
        """Point citations at documents in the base, both ways: what this document cites,
        and what already cited it. Both are indexed lookups on keys."""
        self.session.execute(delete(DocumentKey).where(DocumentKey.document_id == doc.id))
        keys = document_keys(doc.kamerstuk_dossier, doc.kamerstuk_number, doc.subject)
        for key in keys:
            self.session.add(DocumentKey(document_id=doc.id, key=key))
        self.session.flush()
        # outgoing: this document's citations of papers that are in the base
        wanted = self.session.execute(
            select(CitationRow.id, CitationRow.target_key).where(
                CitationRow.document_id == doc.id, CitationRow.target_key.is_not(None)
            )
        ).all()
        if wanted:
            found: dict[str, int] = {}
            for key, target in self.session.execute(
                select(DocumentKey.key, DocumentKey.document_id)
                .join(Document, Document.id == DocumentKey.document_id)
                .where(
                    DocumentKey.key.in_({k for _, k in wanted}),
                    DocumentKey.document_id != doc.id,
                )
                .order_by(Document.date, Document.id)
            ):
                found.setdefault(key, target)
            for cid, wanted_key in wanted:
                if wanted_key in found:
                    self.session.execute(
                        update(CitationRow)
                        .where(CitationRow.id == cid)
                        .values(target_id=found[wanted_key])
                    )
        # incoming: citations elsewhere that name this document and have no target yet
        if keys:
            self.session.execute(
                update(CitationRow)
                .where(
                    CitationRow.target_key.in_(keys),
                    CitationRow.target_id.is_(None),
                    CitationRow.document_id != doc.id,
                )
                .values(target_id=doc.id)
            )

    # -- reading --------------------------------------------------------------------------

    def get(self, ctx: UserContext, doc_id: int) -> Document | None:
        stmt = _visible(
            select(Document)
            .where(Document.id == doc_id)
            .options(
                selectinload(Document.footnotes),
                selectinload(Document.citations),
                selectinload(Document.entities),
                selectinload(Document.facts),
                selectinload(Document.commitments),
            ),
            ctx,
        )
        return self.session.scalar(stmt)

    def motion_outcome(self, doc_id: int) -> Any:
        """The stored outcome and votes of a motion (``MotionOutcome``), or None."""
        from partnerships.store.schema import MotionOutcome

        return self.session.get(MotionOutcome, doc_id)

    def get_summary(self, ctx: UserContext, doc_id: int) -> Document | None:
        """The letter's row without its body or children, if the user may see it."""
        stmt = _visible(select(Document).where(Document.id == doc_id)
                        .options(load_only(*SUMMARY_COLUMNS, Document.migration,
                                           Document.migration_confidence)), ctx)  # fmt: skip
        return self.session.scalar(stmt)

    def original_bytes(self, ctx: UserContext, doc_id: int) -> tuple[bytes, Original] | None:
        """The kept file as it was received (decompressed), with its row."""
        found = self.original(ctx, doc_id)
        if found is None or not found.stored or found.data is None:
            return None
        data = zlib.decompress(found.data) if found.compression == "zlib" else found.data
        return data, found

    def original(self, ctx: UserContext, doc_id: int) -> Original | None:
        stmt = _visible(
            select(Original)
            .join(Document, Document.id == Original.document_id)
            .where(Original.document_id == doc_id),
            ctx,
        )
        return self.session.scalar(stmt)

    def cited_by(self, ctx: UserContext, doc_id: int) -> list[tuple[CitationRow, Document]]:
        stmt = _visible(
            select(CitationRow, Document)
            .join(Document, Document.id == CitationRow.document_id)
            .where(CitationRow.target_id == doc_id)
            .order_by(Document.date, Document.id),
            ctx,
        )
        return [(c, d) for c, d in self.session.execute(stmt)]

    def titles(self, ctx: UserContext, ids: Iterable[int]) -> dict[int, Document]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        stmt = _visible(select(Document).where(Document.id.in_(wanted)), ctx)
        return {d.id: d for d in self.session.scalars(stmt)}

    def list_documents(
        self, ctx: UserContext, flt: DocumentFilter, offset: int, limit: int
    ) -> tuple[int, Sequence[Document]]:
        """A page of letters, newest first, with the columns lists show (never bodies)."""
        base = _filtered(_visible_newest(select(Document), ctx), flt)
        total = self.session.scalar(
            select(func.count()).select_from(_filtered(_visible(
                select(Document.id), ctx), flt).subquery())
        ) or 0  # fmt: skip
        rows = self.session.scalars(
            base.options(load_only(*SUMMARY_COLUMNS))
            .order_by(*newest_first(self.session)).offset(offset).limit(limit)
        ).all()  # fmt: skip
        return total, rows

    def _search_stmt(
        self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter, scored: bool = True
    ) -> tuple[Any, dict[str, Any]]:
        """SELECT id[, score] FROM matching documents (filtered, visible), and parameters.

        SQLite without filters asks the FTS index alone and leaves out the letters the user
        may not see (an indexed anti-join, usually empty): joining every match with its row
        in ``documents`` cost as much again as the full-text query itself. Counts leave
        bm25 out, so the database does not score what it only counts."""
        if self.dialect == "sqlite":
            cols: list[Any] = [literal_column("documents_fts.rowid").label("doc_id")]
            if scored:
                cols.append(literal_column("bm25(documents_fts, 2.0, 1.0)").label("score"))
            fts = (
                select(*cols).select_from(text("documents_fts"))
                .where(text("documents_fts MATCH :match")).subquery()
            )  # fmt: skip
            score: Any = -fts.c.score if scored else None  # bm25: lower is better
            params: dict[str, Any] = {"match": fts5_query(parsed)}
            picked: list[Any] = [fts.c.doc_id.label("id")]
            picked += [score.label("score")] if scored else []
            if flt == DocumentFilter():
                hidden = select(Document.id).where(Document.classification.not_in(ctx.levels()))
                return select(*picked).where(fts.c.doc_id.not_in(hidden)), params
            base = select(*picked).join(Document, fts.c.doc_id == Document.id)
        else:
            tsq: Any = None
            for fn, arg in tsquery_parts(parsed):
                part = getattr(func, fn)(literal_column("'dutch'::regconfig"), arg)
                tsq = part if tsq is None else tsq.op("&&")(part)
            search_vector: Any = literal_column("documents.search_vector")
            picked = [Document.id.label("id")]
            if scored:
                picked.append(func.ts_rank_cd(search_vector, tsq).label("score"))
            base = select(*picked).where(search_vector.op("@@")(tsq))
            params = {}
        return _filtered(_visible(base, ctx), flt), params

    def matching_ids(self, ctx: UserContext, parsed: ParsedQuery) -> tuple[Any, dict[str, Any]]:
        """SELECT id of every visible letter the query matches (unranked), and its
        parameters: for conditions such as a watch's 'letters this search finds'."""
        stmt, params = self._search_stmt(ctx, parsed, DocumentFilter(), scored=False)
        return select(stmt.subquery().c.id), params

    def _ranked(self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter) -> Any:
        base, params = self._search_stmt(ctx, parsed, flt)
        return base.order_by(text("score DESC"), text("id")), params

    def search(
        self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter, offset: int, limit: int
    ) -> tuple[int, list[tuple[Document, float]]]:
        if parsed.empty:
            return 0, []
        total = self.search_count(ctx, parsed, flt)
        # rank on ids and scores only; the page's letters are read afterwards, so the sort
        # never carries the bodies of every match
        ranked, params = self._ranked(ctx, parsed, flt)
        found = self.session.execute(ranked.offset(offset).limit(limit), params).all()
        docs = {d.id: d for d in self.session.scalars(
            select(Document).where(Document.id.in_([i for i, _ in found])))}  # fmt: skip
        return total, [(docs[i], float(sc)) for i, sc in found if i in docs]

    def best_ids(
        self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter, cap: int
    ) -> list[int]:
        """Ids of the ``cap`` best-ranked matches: what facets count over, so their cost is
        bounded whatever the size of the base."""
        return [i for i, _ in self.best(ctx, parsed, flt, cap)]

    def best(
        self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter, cap: int
    ) -> list[tuple[int, float]]:
        """(id, score) of the ``cap`` best-ranked matches, best first."""
        if parsed.empty:
            return []
        ranked, params = self._ranked(ctx, parsed, flt)
        return [(int(i), float(sc)) for i, sc in self.session.execute(ranked.limit(cap), params)]

    def search_count(self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter) -> int:
        if parsed.empty:
            return 0
        counted, params = self._search_stmt(ctx, parsed, flt, scored=False)
        stmt = select(func.count()).select_from(counted.subquery())
        return int(self.session.scalar(stmt, params) or 0)

    # -- countries ------------------------------------------------------------------------

    def country(self, code: str) -> Country | None:
        code = code.upper()
        if len(code) == 2:
            return self.session.scalar(select(Country).where(Country.iso2 == code))
        return self.session.get(Country, code)

    def country_named(self, text: str) -> Country | None:
        """A country as a person names it: its ISO code, its Dutch or English name, or an
        alias from the gazetteer ('Marokko', 'Morocco', 'MAR'), case aside."""
        raw = " ".join(text.split())
        if not raw:
            return None
        if len(raw) in (2, 3) and raw.isalpha():
            found = self.country(raw)
            if found is not None:
                return found
        low = raw.lower()
        by_name = or_(func.lower(Country.name_nl) == low, func.lower(Country.name_en) == low)
        found = self.session.scalar(select(Country).where(by_name).limit(1))
        if found is None:
            found = self.session.scalar(
                select(Country).join(CountryAlias, CountryAlias.iso3 == Country.iso3)
                .where(func.lower(CountryAlias.alias) == low).limit(1))  # fmt: skip
        return found

    def country_mention_counts(self, ctx: UserContext) -> dict[str, tuple[int, int]]:
        """iso3 -> (mentions, documents) over the letters the user may see: read from the
        tallies kept per classification level, not counted from the mentions."""
        return tallies.read(self.session, tallies.COUNTRY, ctx.levels())

    def countries(self) -> Sequence[Country]:
        return self.session.scalars(select(Country).order_by(Country.name_nl)).all()

    # -- the country dossier, bounded -----------------------------------------------------
    def _mentioning(self, iso3: str) -> Any:
        return select(EntityRow.document_id).where(
            EntityRow.kind == "country", EntityRow.code == iso3
        )

    def country_mentions_per_year(self, ctx: UserContext, iso3: str) -> dict[str, int]:
        """Mentions per year of the letter (kept tallies)."""
        prefix = f"{tallies.YEAR}{iso3}:"
        return {y: n for y, (n, _d) in tallies.read(self.session, prefix, ctx.levels()).items()}

    def documents_mentioning(
        self, ctx: UserContext, iso3: str, offset: int, limit: int
    ) -> tuple[int, list[Document]]:
        """How many letters mention the country, and the newest ``limit`` (list columns)."""
        total = tallies.one(self.session, tallies.COUNTRY + iso3, ctx.levels())[1]
        if total * WALK_SHARE >= letter_count(self.session):
            # a common country: walk the letters newest first and keep those that name it;
            # the next 20 come within a few hundred letters
            where: Any = exists().where(
                EntityRow.document_id == Document.id,
                _by_document(EntityRow.kind) == "country",
                _by_document(EntityRow.code) == iso3,
            )
        else:  # a rare one: its few letters, then sorted
            where = Document.id.in_(self._mentioning(iso3))
        stmt = _visible_newest(
            select(Document).where(where).options(load_only(*SUMMARY_COLUMNS))
            .order_by(*newest_first(self.session)).offset(offset).limit(limit),
            ctx,
        )  # fmt: skip
        return total, list(self.session.scalars(stmt))

    def mentions_of(
        self, iso3: str, doc_ids: Sequence[int], per_doc: int
    ) -> tuple[list[EntityRow], dict[int, int]]:
        """The first ``per_doc`` mentions of the country in each letter, and the number of
        mentions per letter (a 540-page letter may name a country thousands of times)."""
        if not doc_ids:
            return [], {}
        ids = sorted(set(doc_ids))
        base = (_by_document(EntityRow.kind) == "country", _by_document(EntityRow.code) == iso3,
                EntityRow.document_id.in_(ids))  # fmt: skip
        counts = dict(self.session.execute(
            select(EntityRow.document_id, func.count()).where(*base)
            .group_by(EntityRow.document_id)).all())  # fmt: skip
        number = func.row_number().over(
            partition_by=EntityRow.document_id,
            order_by=(EntityRow.footnote.is_not(None), EntityRow.footnote, EntityRow.start),
        )
        ranked = select(EntityRow.id.label("id"), number.label("n")).where(*base).subquery()
        rows = self.session.scalars(
            select(EntityRow).join(ranked, ranked.c.id == EntityRow.id)
            .where(ranked.c.n <= per_doc).order_by(EntityRow.document_id, EntityRow.start)
        )  # fmt: skip
        return list(rows), {int(k): int(v) for k, v in counts.items()}

    def text_windows(
        self, doc_id: int, windows: Sequence[tuple[int | None, int, int]]
    ) -> list[str]:
        """Pieces of a letter's body (footnote None) or of a footnote's text, cut by the
        database: (footnote, start, length) each; the whole text is never read."""
        out: list[str] = []
        body = [(i, w) for i, w in enumerate(windows) if w[0] is None]
        found: dict[int, str] = {}
        if body:
            cols = [func.substr(Document.body, start + 1, length).label(f"w{i}")
                    for i, (_f, start, length) in body]  # fmt: skip
            row = self.session.execute(select(*cols).where(Document.id == doc_id)).one_or_none()
            for (i, _w), text_ in zip(body, row or (), strict=False):
                found[i] = text_ or ""
        notes = sorted({w[0] for w in windows if w[0] is not None})
        if notes:
            stmt = select(FootnoteRow.number, FootnoteRow.text).where(
                FootnoteRow.document_id == doc_id, FootnoteRow.number.in_(notes)
            )
            texts = dict(self.session.execute(stmt).all())
            for i, (note, start, length) in enumerate(windows):
                if note is not None:
                    found[i] = (texts.get(note) or "")[start : start + length]
        for i in range(len(windows)):
            out.append(found.get(i, ""))
        return out

    def facts_within(
        self, ctx: UserContext, spans: Sequence[tuple[int, int | None, int, int]]
    ) -> list[FactRow]:
        """Figures (amounts, quantities) that start inside the given spans (document,
        footnote, start, end): the sentences that mention a country."""
        if not spans:
            return []
        # one condition per letter, its sentences merged, so the expression stays shallow
        grouped: dict[tuple[int, int | None], list[tuple[int, int]]] = {}
        for d, n, a, b in sorted(spans):
            merged = grouped.setdefault((d, n), [])
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], b))
            else:
                merged.append((a, b))
        # the letters' figures by the document_id index (a few dozen per letter), the spans
        # checked here: one OR-condition per sentence made the planner scan every figure
        stmt = _visible(
            select(FactRow)
            .join(Document, Document.id == FactRow.document_id)
            .where(FactRow.document_id.in_(sorted({d for d, _n in grouped})),
                   _by_document(FactRow.kind) != "percentage")
            .order_by(FactRow.document_id, FactRow.start),
            ctx,
        )  # fmt: skip
        return [
            f for f in self.session.scalars(stmt)
            if any(a <= f.start < b for a, b in grouped.get((f.document_id, f.footnote), ()))
        ]  # fmt: skip

    def named_with(
        self, ctx: UserContext, iso3: str, limit: int
    ) -> list[tuple[str, str, str, int]]:
        """Organisations and programmes named in the letters that mention the country, with
        the number of such letters, the most frequent first (kept tallies)."""
        found = tallies.read(self.session, f"{tallies.WITH}{iso3}:", ctx.levels())
        best = sorted(found.items(), key=lambda kv: (-kv[1][1], kv[0]))[:limit]
        out: list[tuple[str, str, str, int]] = []
        for key, (_n, d) in best:
            kind, _, code = key.partition(":")
            name = self.session.scalar(select(EntityRow.name).where(
                EntityRow.kind == kind, EntityRow.code == code).limit(1))  # fmt: skip
            out.append((kind, code, str(name or code), d))
        return out

    def facets(self, ids: Sequence[int], limit: int = 15) -> dict[str, list[tuple[str, str, int]]]:
        """(value, label, count) per facet over the documents ``ids`` (already restricted
        to what the user may see): counted by the database, the ``limit`` most frequent
        values per facet (every year)."""
        if not ids:
            return {}
        in_hits = Document.id.in_(ids)
        year = func.substr(cast(Document.date, String), 1, 4)
        out: dict[str, list[tuple[str, str, int]]] = {}
        for facet, column in (("jaar", year), ("geadresseerde", Document.addressee),
                              ("afzender", Document.sender_ministry)):  # fmt: skip
            n = func.count().label("n")
            order = (column.desc(),) if facet == "jaar" else (n.desc(), column)
            rows = self.session.execute(
                select(column, n).where(in_hits, column.is_not(None))
                .group_by(column).order_by(*order).limit(limit if facet != "jaar" else 200)
            )  # fmt: skip
            out[facet] = [(str(v), str(v), int(c)) for v, c in rows]
        for kind, facet in (("country", "land"), ("organisation", "organisatie")):
            docs = func.count(func.distinct(EntityRow.document_id)).label("n")
            # on the document_id index: the (kind, code) one would read every mention of
            # every country in the base (6× slower at 10,000 letters, and growing)
            rows = self.session.execute(
                select(EntityRow.code, func.min(EntityRow.name), docs)
                .where(_by_document(EntityRow.kind) == kind, EntityRow.document_id.in_(ids))
                .group_by(EntityRow.code)
                .order_by(docs.desc(), func.min(EntityRow.name)).limit(limit)
            )  # fmt: skip
            out[facet] = [(str(c), str(nm), int(n)) for c, nm, n in rows]
        return out

    def fact_totals(self, ctx: UserContext) -> dict[str, float]:
        """'kind:currency' -> how many such figures the visible letters hold (kept tallies)."""
        return {k: float(n) for k, (n, _d) in
                tallies.read(self.session, tallies.FACTS, ctx.levels()).items()}  # fmt: skip

    def consistency_problems(self) -> list[str]:
        """Documents whose stored child rows do not add up to their counts."""
        problems: list[str] = []
        tables: dict[str, Any] = {
            "footnotes": FootnoteRow,
            "citations": CitationRow,
            "entities": EntityRow,
            "facts": FactRow,
            "commitments": CommitmentRow,
            "topics": TopicRow,
        }
        actual: dict[str, dict[int, int]] = {}
        for name, table in tables.items():
            actual[name] = dict(
                self.session.execute(
                    select(table.document_id, func.count()).group_by(table.document_id)
                ).all()
            )
        for doc_id, counts in self.session.execute(select(Document.id, Document.counts)):
            for name in tables:
                if actual[name].get(doc_id, 0) != (counts or {}).get(name, 0):
                    problems.append(f"document {doc_id}: {name} rows do not match")
            if not self.session.scalar(
                select(func.count())
                .select_from(DocumentSource)
                .where(DocumentSource.document_id == doc_id)
            ):
                problems.append(f"document {doc_id}: no source")
        return problems + tallies.problems(self.session)


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
