"""Listing and searching letters: pages, full-text search, ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session, load_only

from partnerships.domain.context import UserContext
from partnerships.domain.queries import DocumentFilter
from partnerships.store.document_common import (
    SUMMARY_COLUMNS,
    _filtered,
    _visible,
    _visible_newest,
    newest_first,
)
from partnerships.store.schema import (
    Document,
)
from partnerships.store.search import ParsedQuery, fts5_query, tsquery_parts


class DocumentSearch:
    """Part of ``DocumentRepository`` (store/repository.py): listing and searching letters —
    pages, full-text search, ranking."""

    session: Session
    dialect: str

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
