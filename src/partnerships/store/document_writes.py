"""Storing a letter: its rows, sources and renditions, corrections, the search index and
citations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import (
    delete,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from partnerships.domain import Letter
from partnerships.store import tallies
from partnerships.store.document_common import (
    SourceFile,
    _compressed,
    _now,
    citation_key,
    commitment_key,
    commitment_places,
    document_keys,
)
from partnerships.store.schema import (
    CitationRow,
    CommitmentPlace,
    CommitmentRow,
    Document,
    DocumentKey,
    DocumentSource,
    EntityRow,
    FactRow,
    FootnoteRow,
    Original,
    TopicRow,
)
from partnerships.store.search import stem_text


class DocumentWrites:
    """Part of ``DocumentRepository`` (store/repository.py): storing a letter — its rows,
    sources and renditions, corrections, the search index and citations."""

    session: Session
    dialect: str

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

    #: the fields a person may correct, and how a stored value becomes the column's
    CORRECTABLE = ("subject", "date", "kenmerk", "addressee", "sender_ministry", "sender_unit")

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
