"""Listing and searching letters: pages, full-text search, ranking."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    _visible_per_row,
    newest_first,
)
from partnerships.store.schema import (
    Document,
)
from partnerships.store.search import ParsedQuery, fts5_query, tsquery_parts

#: PostgreSQL ranks at most this many hits of a search by relevance (the newest ones) unless
#: the repository is told otherwise (``Settings.search_rank_window``)
RANK_WINDOW = 5_000


@contextmanager
def _bitmap_scans(session: Session) -> Iterator[None]:
    """PostgreSQL: find a search's hits through the GIN index's bitmap, also for a word
    nearly every letter has. Left to itself the planner reads the table (or walks the
    classification or date index) and tests every row, because it does not count what a
    test costs — fetching that letter's whole ``tsvector`` (7.5 kB on average, out of
    line). At 100,000 letters counting a common word took 660 ms that way and 45 ms from
    the bitmap, which needs no vector; taking the newest 5,000 hits of a word in one letter
    in five, 300 ms walking the date index against 20 ms from the bitmap and a sort.
    Switched off for these statements only (local to the transaction, put back after);
    when a statement fails, the rollback puts them back."""
    session.execute(text("SELECT set_config('enable_seqscan', 'off', true), "
                         "set_config('enable_indexscan', 'off', true)"))  # fmt: skip
    yield
    # back to what the session had (its own, the role's or the server's setting)
    session.execute(text("RESET enable_seqscan"))
    session.execute(text("RESET enable_indexscan"))


def _cleared_per_row(stmt: Any, ctx: UserContext) -> Any:
    """PostgreSQL: only letters the reader may see, checked on each hit the GIN index
    gives, so that the planner cannot take the classification index's bitmap instead and
    test every letter's text vector (660 ms for the prefix 'migr*' at 100,000 letters)."""
    return stmt.where(Document.classification.concat("").in_(ctx.levels()))


class DocumentSearch:
    """Part of ``DocumentRepository`` (store/repository.py): listing and searching letters —
    pages, full-text search, ranking."""

    session: Session
    dialect: str
    rank_window: int = RANK_WINDOW

    def ranking_window(self, total: int) -> int | None:
        """How many of ``total`` hits were ranked by relevance when not all were: on
        PostgreSQL with more hits than the window, the newest ``rank_window`` are ranked and
        the older ones follow, newest first. None when every hit is ranked."""
        if self.dialect == "sqlite" or total <= self.rank_window:
            return None
        return self.rank_window

    def list_documents(
        self, ctx: UserContext, flt: DocumentFilter, offset: int, limit: int
    ) -> tuple[int, Sequence[Document]]:
        """A page of letters, newest first, with the columns lists show (never bodies)."""
        base = _filtered(_visible_per_row(select(Document), ctx, self.dialect), flt)
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
        """SELECT id[, score] FROM matching documents (filtered, visible), and parameters
        (the score on SQLite only; PostgreSQL ranks in ``_ranked_in_window``).

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
            tsq = _tsquery(parsed)
            search_vector: Any = literal_column("documents.search_vector")
            # ranked by _ranked_in_window, which scores the hits it keeps only
            base = select(Document.id.label("id")).where(search_vector.op("@@")(tsq))
            return _filtered(_cleared_per_row(base, ctx), flt), {}
        return _filtered(_visible(base, ctx), flt), params

    def matching_ids(self, ctx: UserContext, parsed: ParsedQuery) -> tuple[Any, dict[str, Any]]:
        """SELECT id of every visible letter the query matches (unranked), and its
        parameters: for conditions such as a watch's 'letters this search finds'."""
        stmt, params = self._search_stmt(ctx, parsed, DocumentFilter(), scored=False)
        return select(stmt.subquery().c.id), params

    def _ranked(
        self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter, offset: int, limit: int
    ) -> list[tuple[int, float]]:
        """(id, score) of the hits at ``offset`` .. ``offset + limit`` of the ranking, best
        first; ids and scores only, so the sort never carries the bodies of every match."""
        if self.dialect != "sqlite":
            return self._ranked_in_window(ctx, parsed, flt, offset, limit)
        base, params = self._search_stmt(ctx, parsed, flt)
        stmt = base.order_by(text("score DESC"), text("id")).offset(offset).limit(limit)
        return [(int(i), float(sc)) for i, sc in self.session.execute(stmt, params)]

    def _newest_hits(self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter) -> Any:
        """PostgreSQL: the visible hits newest first, as (id, date, vector) — the vector as a
        reference the ranking reads only for the hits it keeps."""
        tsq = _tsquery(parsed)
        search_vector: Any = literal_column("documents.search_vector")
        base = select(Document.id.label("id"), Document.date.label("date"),
                      search_vector.label("sv")).where(search_vector.op("@@")(tsq))  # fmt: skip
        return _filtered(_cleared_per_row(base, ctx), flt).order_by(*newest_first(self.session))

    def _ranked_in_window(
        self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter, offset: int, limit: int
    ) -> list[tuple[int, float]]:
        """PostgreSQL's ranking, bounded: the newest ``rank_window`` hits by relevance
        (ts_rank_cd reads each one's whole vector: 0.5 s for a word in 96,000 letters),
        then the older hits newest first, each with its score. With fewer hits than the
        window, that is every hit by relevance, as on SQLite."""
        tsq = _tsquery(parsed)
        window, out = self.rank_window, []
        with _bitmap_scans(self.session):
            if offset < window:
                hits = self._newest_hits(ctx, parsed, flt).limit(window).subquery()
                score = func.ts_rank_cd(hits.c.sv, tsq).label("score")
                stmt = (select(hits.c.id, score).order_by(score.desc(), hits.c.id)
                        .offset(offset).limit(min(limit, window - offset)))  # fmt: skip
                out = [(int(i), float(sc)) for i, sc in self.session.execute(stmt)]
            if offset + limit > window:
                start = max(offset, window)
                older = self._newest_hits(ctx, parsed, flt).offset(start)
                older = older.limit(offset + limit - start).subquery()
                stmt = select(older.c.id, func.ts_rank_cd(older.c.sv, tsq)).order_by(
                    older.c.date.desc().nulls_last(), older.c.id.desc()
                )
                out += [(int(i), float(sc)) for i, sc in self.session.execute(stmt)]
        return out

    def search(
        self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter, offset: int, limit: int
    ) -> tuple[int, list[tuple[Document, float]]]:
        if parsed.empty:
            return 0, []
        total = self.search_count(ctx, parsed, flt)
        # the page's letters are read after ranking, so the sort never carries the bodies
        found = self._ranked(ctx, parsed, flt, offset, limit)
        docs = {d.id: d for d in self.session.scalars(
            select(Document).where(Document.id.in_([i for i, _ in found])))}  # fmt: skip
        return total, [(docs[i], sc) for i, sc in found if i in docs]

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
        return self._ranked(ctx, parsed, flt, 0, cap)

    def search_count(self, ctx: UserContext, parsed: ParsedQuery, flt: DocumentFilter) -> int:
        """Every visible hit, counted (on PostgreSQL from the GIN index's bitmap)."""
        if parsed.empty:
            return 0
        counted, params = self._search_stmt(ctx, parsed, flt, scored=False)
        stmt = select(func.count()).select_from(counted.subquery())
        if self.dialect == "sqlite":
            return int(self.session.scalar(stmt, params) or 0)
        with _bitmap_scans(self.session):
            return int(self.session.scalar(stmt, params) or 0)


def _tsquery(parsed: ParsedQuery) -> Any:
    """PostgreSQL: the parsed query as one tsquery, its parts AND-ed."""
    tsq: Any = None
    for fn, arg in tsquery_parts(parsed):
        part = getattr(func, fn)(literal_column("'dutch'::regconfig"), arg)
        tsq = part if tsq is None else tsq.op("&&")(part)
    return tsq
