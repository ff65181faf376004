"""Repositories: the only code that reads and writes the knowledge base's tables.

Every read takes the caller's ``UserContext`` and filters through ``_visible`` — the one
place where access control applies (issue: access control and classification). The
document repository is composed of its parts (writing, searching, mentions), each in a
module of its own; the helpers they share live in ``document_common``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    func,
    select,
)
from sqlalchemy.orm import Session, load_only, selectinload

from partnerships.domain import Letter
from partnerships.domain.context import UserContext
from partnerships.domain.letter import LetterSummary
from partnerships.store import tallies
from partnerships.store.document_common import (
    SUMMARY_COLUMNS,
    _visible,
    summary_of,
)
from partnerships.store.document_mentions import DocumentMentions
from partnerships.store.document_search import RANK_WINDOW, DocumentSearch
from partnerships.store.document_writes import DocumentWrites
from partnerships.store.schema import (
    CitationRow,
    CommitmentRow,
    Document,
    DocumentSource,
    EntityRow,
    FactRow,
    FootnoteRow,
    Original,
    TopicRow,
)


class DocumentRepository(DocumentWrites, DocumentSearch, DocumentMentions):
    def __init__(self, session: Session, rank_window: int = RANK_WINDOW) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self.rank_window = rank_window

    # -- writing --------------------------------------------------------------------------

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

    def cited_by(self, ctx: UserContext, doc_id: int) -> list[tuple[str, LetterSummary]]:
        """The visible letters that cite this one, oldest first, each with the citation's
        words: list columns only (a much-cited letter no longer reads every citing body)."""
        stmt = _visible(
            select(CitationRow.text, Document)
            .join(Document, Document.id == CitationRow.document_id)
            .where(CitationRow.target_id == doc_id)
            .options(load_only(*SUMMARY_COLUMNS))
            .order_by(Document.date, Document.id),
            ctx,
        )
        return [(text, summary_of(d)) for text, d in self.session.execute(stmt)]

    def summaries(self, ctx: UserContext, ids: Iterable[int]) -> dict[int, LetterSummary]:
        """The visible letters among ``ids`` as lists show them (never their bodies)."""
        wanted = list(set(ids))
        if not wanted:
            return {}
        stmt = _visible(select(Document).where(Document.id.in_(wanted))
                        .options(load_only(*SUMMARY_COLUMNS)), ctx)  # fmt: skip
        return {d.id: summary_of(d) for d in self.session.scalars(stmt)}

    def titles(self, ctx: UserContext, ids: Iterable[int]) -> dict[int, Document]:
        """The visible letters among ``ids``, whole (the search page cuts fragments from
        their bodies)."""
        wanted = list(set(ids))
        if not wanted:
            return {}
        stmt = _visible(select(Document).where(Document.id.in_(wanted)), ctx)
        return {d.id: d for d in self.session.scalars(stmt)}

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
