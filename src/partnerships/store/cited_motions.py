"""The motions the letters cite, grouped by the motion they cite, counted and paged by the
database: found at 100,000 letters, the motions page read every motion citation in the
base with its letter (each synthetic letter cites one; real letters often do) and listed
every citing letter under its motion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased, load_only

from partnerships.domain.context import UserContext
from partnerships.domain.motions import CitedMotion, MotionIndexEntry
from partnerships.store.document_common import SUMMARY_COLUMNS, _visible, summary_of
from partnerships.store.schema import CitationRow, Document

#: what a citation of a motion is grouped by: the motion it resolves to, else its words
_KEY = func.coalesce(CitationRow.target_key, CitationRow.text)


class CitedMotions:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _groups(self, ctx: UserContext) -> Any:
        """Per cited motion the reader may see cited: its first citation, its first
        citation with a dossier, and how many letters cite it."""
        return _visible(
            select(
                _KEY.label("key"),
                func.min(CitationRow.id).label("first"),
                func.min(case((CitationRow.dossier.is_not(None), CitationRow.id))).label(
                    "with_dossier"
                ),
                func.count(func.distinct(CitationRow.document_id)).label("letters"),
            )
            .join(Document, Document.id == CitationRow.document_id)
            .where(CitationRow.kind == "motion")
            .group_by(_KEY),
            ctx,
        ).subquery()

    def page(
        self, ctx: UserContext, offset: int, limit: int, per_motion: int
    ) -> tuple[list[MotionIndexEntry], list[CitedMotion]]:
        """Every motion the visible letters cite, by key (the index: one entry per motion,
        from one grouping of the citations), and one page of them, each with its
        ``per_motion`` oldest citing letters (letters without a date first)."""
        index = self.index(ctx)
        page = index[offset : offset + limit]
        if not page:
            return index, []
        ids = {i for g in page for i in (g.first, g.with_dossier) if i is not None}
        rows = {c.id: c for c in self.session.scalars(
            select(CitationRow).where(CitationRow.id.in_(ids)))}  # fmt: skip
        letters = self._oldest_citing(ctx, [g.key for g in page], per_motion)
        out = []
        for g in page:
            first = rows[g.first]
            placed = rows.get(g.with_dossier) if g.with_dossier is not None else None
            out.append(CitedMotion(
                g.key, first.text, list(first.names or []),
                placed.dossier if placed else None, placed.number if placed else None,
                g.letters, letters.get(g.key, []),
            ))  # fmt: skip
        return index, out

    def _oldest_citing(self, ctx: UserContext, keys: list[str], per_motion: int) -> Any:
        pairs = _visible(
            select(_KEY.label("key"), Document.id.label("doc"), Document.date.label("day"))
            .join(Document, Document.id == CitationRow.document_id)
            .where(CitationRow.kind == "motion", _KEY.in_(keys))
            .distinct(),
            ctx,
        ).subquery()
        ranked = select(
            pairs.c.key, pairs.c.doc,
            func.row_number().over(
                partition_by=pairs.c.key,
                order_by=(pairs.c.day.is_not(None), pairs.c.day, pairs.c.doc),
            ).label("n"),
        ).subquery()  # fmt: skip
        chosen = self.session.execute(
            select(ranked.c.key, ranked.c.doc).where(ranked.c.n <= per_motion)
            .order_by(ranked.c.key, ranked.c.n)
        ).all()  # fmt: skip
        docs = {d.id: summary_of(d) for d in self.session.scalars(
            select(Document).where(Document.id.in_({doc for _k, doc in chosen}))
            .options(load_only(*SUMMARY_COLUMNS)))}  # fmt: skip
        out: dict[str, list[Any]] = {}
        for key, doc in chosen:
            out.setdefault(key, []).append(docs[doc])
        return out

    def index(self, ctx: UserContext) -> list[MotionIndexEntry]:
        """Every cited motion by key with the movers of its first citation, a dossier and
        how many letters cite it: one row per motion, not per citation."""
        groups = self._groups(ctx)
        first, placed = aliased(CitationRow), aliased(CitationRow)
        rows = self.session.execute(
            select(groups.c.key, first.names, placed.dossier, groups.c.first,
                   groups.c.with_dossier, groups.c.letters)
            .join(first, first.id == groups.c.first)
            .outerjoin(placed, placed.id == groups.c.with_dossier)
            .order_by(groups.c.key)
        ).all()  # fmt: skip
        return [MotionIndexEntry(key, list(names or []), dossier, one, with_dossier, letters)
                for key, names, dossier, one, with_dossier, letters in rows]  # fmt: skip
