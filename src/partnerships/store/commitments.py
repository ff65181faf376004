"""Repository of the commitments tracker: extracted commitments with their tracking state,
commitments entered by hand, the citations that suggest a fulfilling letter, and motions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, load_only

from partnerships.domain.context import UserContext
from partnerships.domain.letter import LetterSummary
from partnerships.domain.tracker import TrackerFilter, TrackerRow, Tracking
from partnerships.store.clearance import cleared
from partnerships.store.document_common import (
    SUMMARY_COLUMNS,
    WALK_SHARE,
    _by_document,
    _visible,
    _visible_per_row,
    commitment_key,
    letter_count,
    newest_first,
    summary_of,
)
from partnerships.store.places import about_country
from partnerships.store.schema import (
    CitationRow,
    CommitmentLink,
    CommitmentRow,
    CommitmentTracking,
    Document,
    EntityRow,
)

#: extracted kinds that promise parliament nothing: a report that a promise is kept, and a
#: policy intention
NOT_TRACKED = ("fulfilment", "intention")

__all__ = ["CommitmentRepository", "TrackerFilter", "TrackerRow", "commitment_key"]


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class CommitmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name

    def get(self, key: str) -> CommitmentTracking | None:
        return self.session.scalar(select(CommitmentTracking).where(CommitmentTracking.key == key))

    def tracking(self, key: str) -> Tracking | None:
        """What people recorded about the commitment, or None."""
        row = self.get(key)
        if row is None:
            return None
        return Tracking(row.due_date, row.responsible, row.status, row.fulfilled_by, row.note)

    def upsert(self, key: str, **values: object) -> CommitmentTracking:
        row = self.get(key)
        if row is None:
            row = CommitmentTracking(key=key, **values)
            self.session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        row.updated_at = datetime.now(UTC)
        self.session.flush()
        return row

    def documents(self, ctx: UserContext, ids: Sequence[int]) -> dict[int, Document]:
        """The letters with these ids the user may see, with the columns a list shows."""
        if not ids:
            return {}
        stmt = (
            select(Document)
            .where(Document.id.in_(sorted(set(ids))))
            .options(load_only(*SUMMARY_COLUMNS))
        )
        return {d.id: d for d in self.session.scalars(_visible(stmt, ctx))}

    def letters(self, ctx: UserContext, ids: Sequence[int]) -> dict[int, LetterSummary]:
        """The letters with these ids the user may see, as lists show them."""
        return {i: summary_of(d) for i, d in self.documents(ctx, ids).items()}

    # -- the tracker, in the database ------------------------------------------------------
    def _union(self, ctx: UserContext, slim: bool = False, text: bool = False,
               responsible: bool = False, country: str | None = None) -> Any:  # fmt: skip
        """Extracted and hand-entered commitments as one table. ``slim``: only what the
        filters and the order need (key, status, due, letter; the sentence only to search
        it with ``text``, the responsible ministry — which needs the letter's row — only
        with ``responsible``), so counting and ordering 100,000 commitments never carries
        their sentences nor joins every letter; the visible letters are found by an
        indexed anti-join on the few the user may not see. ``country``: only the
        commitments about it, filtered inside each half so that the database starts from
        the country's keys (a filter on the union's column made SQLite scan them all)."""
        t = CommitmentTracking
        hidden = select(Document.id).where(Document.classification.not_in(ctx.levels()))
        with_text, with_responsible = not slim or text, not slim or responsible
        cols: list[Any] = [
            CommitmentRow.key.label("key"),
            false().label("manual"),
            func.coalesce(t.due_date, CommitmentRow.due_date).label("due"),
            func.coalesce(t.status, literal("open")).label("status"),
            CommitmentRow.document_id.label("document_id"),
        ]
        source = Document.__table__.alias("source_doc")
        mcols: list[Any] = [t.key, true(), t.due_date, t.status, t.source_document_id]
        if with_text:
            cols.append(CommitmentRow.text.label("text"))
            mcols.append(t.text)
        if with_responsible:
            cols.append(func.coalesce(
                func.nullif(t.responsible, ""), Document.sender_ministry, literal("")
            ).label("responsible"))  # fmt: skip
            mcols.append(t.responsible)
        if not slim:
            cols += [
                CommitmentRow.kind.label("kind"),
                CommitmentRow.due_text.label("due_text"),
                func.coalesce(t.note, literal("")).label("note"),
                t.fulfilled_by.label("fulfilled_by"),
                CommitmentRow.start.label("start"),
                CommitmentRow.promiser.label("promiser"),
                CommitmentRow.subject.label("subject"),
            ]
            mcols += [literal("handmatig"), null(), t.note, t.fulfilled_by, null(), null(),
                      null()]  # fmt: skip
        extracted = (
            select(*cols).outerjoin(t, t.key == CommitmentRow.key)
            .where(CommitmentRow.kind.not_in(NOT_TRACKED), CommitmentRow.document_id.not_in(hidden))
        )  # fmt: skip
        if with_responsible:
            extracted = extracted.join(Document, Document.id == CommitmentRow.document_id)
        if country:
            extracted = extracted.where(about_country(CommitmentRow.key, country))
        manual = (
            select(*mcols)
            .outerjoin(source, source.c.id == t.source_document_id)
            .where(t.manual.is_(True),
                   or_(t.source_document_id.is_(None),
                       cleared(source.c.classification, ctx.levels())))
        )  # fmt: skip
        if country:
            manual = manual.where(about_country(t.key, country))
        return union_all(extracted, manual).subquery("tracker")

    def _where(self, u: Any, f: TrackerFilter) -> list[Any]:
        conds: list[Any] = []
        overdue = and_(u.c.status == "open", u.c.due.is_not(None), u.c.due < f.today)
        if f.status == "openstaand":  # open, in time or not
            conds.append(u.c.status == "open")
        elif f.status == "te laat":
            conds.append(overdue)
        elif f.status == "open":
            conds.append(and_(u.c.status == "open", ~overdue))
        elif f.status:
            conds.append(u.c.status == f.status)
        if f.responsible:
            conds.append(func.lower(u.c.responsible).like(_like(f.responsible), escape="\\"))
        if f.query:
            conds.append(func.lower(u.c.text).like(_like(f.query), escape="\\"))
        if f.documents is not None:
            conds.append(u.c.document_id.in_(sorted(f.documents)))
        if f.key:
            conds.append(u.c.key == f.key)
        return conds

    def tracker_rows(
        self, ctx: UserContext, f: TrackerFilter, offset: int = 0, limit: int | None = None
    ) -> tuple[int, list[TrackerRow]]:
        """The total and one page of commitments (by due date, undated last), filtered,
        counted and paged by the database; no letter body is read.

        A search in the commitments' text or responsible ministry scans every sentence,
        so its total comes with the page (``count(*) OVER ()`` over the rows the ordering
        reads anyway; a separate count doubled the scan: 530 -> 300 ms at 100,000
        letters). Without one, a separate count and a top-N sort are cheaper than the
        window, which sorts every row (260 against 340 ms). A page past the end, which
        has no row to carry the total, counts on its own."""
        # order over the slim table, then read the page's rows in full; the country (by
        # the commitment's own paragraph, store/places.py) is filtered inside the union
        slim = self._union(ctx, slim=True, text=bool(f.query), responsible=bool(f.responsible),
                           country=f.country)  # fmt: skip
        conds = self._where(slim, f)
        scanning = bool(f.query or f.responsible)
        carried = func.count().over() if scanning else literal(None)
        order: Select[Any] = (
            select(slim.c.key, carried.label("total")).where(*conds)
            .order_by(slim.c.due.is_(None), slim.c.due, slim.c.key).offset(offset)
        )  # fmt: skip
        if limit is not None:
            order = order.limit(limit)
        page = self.session.execute(order).all()
        if page and scanning:
            total = int(page[0].total)
        else:
            total = int(self.session.scalar(select(func.count()).select_from(slim).where(*conds))
                        or 0)  # fmt: skip
        return total, self._full_rows(ctx, [r.key for r in page])

    def page_rows(
        self, ctx: UserContext, f: TrackerFilter, offset: int = 0, limit: int | None = None
    ) -> list[TrackerRow]:
        """One page as ``tracker_rows`` gives it, without counting the matches: for a
        caller that counts them otherwise (the overview, with ``open_counts``)."""
        slim = self._union(ctx, slim=True, text=bool(f.query), responsible=bool(f.responsible),
                           country=f.country)  # fmt: skip
        order = (
            select(slim.c.key).where(*self._where(slim, f))
            .order_by(slim.c.due.is_(None), slim.c.due, slim.c.key).offset(offset)
        )  # fmt: skip
        if limit is not None:
            order = order.limit(limit)
        return self._full_rows(ctx, list(self.session.scalars(order)))

    def open_counts(self, ctx: UserContext, today: date) -> tuple[int, int]:
        """How many commitments the reader may see are open (in time or not), and how many
        of those are overdue, counted in one pass (two counts read the table twice: ~150 ms
        each at 100,000 letters)."""
        slim = self._union(ctx, slim=True)
        is_open = slim.c.status == "open"
        late = and_(is_open, slim.c.due.is_not(None), slim.c.due < today)
        row = self.session.execute(select(
            func.coalesce(func.sum(case((is_open, 1), else_=0)), 0),
            func.coalesce(func.sum(case((late, 1), else_=0)), 0),
        ).select_from(slim)).one()  # fmt: skip
        return int(row[0]), int(row[1])

    def _full_rows(self, ctx: UserContext, keys: list[str]) -> list[TrackerRow]:
        """The rows of these keys in full, in the keys' order (a page ordered over the slim
        table)."""
        if not keys:
            return []
        u = self._union(ctx)
        found = {r.key: r for r in self.session.execute(select(u).where(u.c.key.in_(keys)))}
        rows = [TrackerRow(key=r.key, text=r.text, kind=r.kind, manual=bool(r.manual),
                           due=r.due, due_text=r.due_text, status=r.status,
                           responsible=r.responsible or "", note=r.note or "",
                           fulfilled_by=r.fulfilled_by, start=r.start,
                           document_id=r.document_id, promiser=r.promiser,
                           subject=r.subject)
                for r in (found[k] for k in keys if k in found)]  # fmt: skip
        return rows

    def proposal_candidates(
        self, ctx: UserContext, sources: Sequence[int], per_source: int
    ) -> dict[int, dict[int, list[tuple[str, str]]]]:
        """For each promising letter: the later letters that cite it, or cite a motion it
        cites, with the reasons (kind, detail); at most ``per_source`` letters each (the
        most recent), so a motion cited by thousands of letters stays one bounded query."""
        if not sources:
            return {}
        ids = sorted(set(sources))
        out: dict[int, dict[int, list[tuple[str, str]]]] = {i: {} for i in ids}
        letters = letter_count(self.session)
        for target in ids:
            cites: Any = CitationRow.target_id == target
            for doc in self._newest_citing(ctx, cites, letters, 4 * per_source):
                out[target].setdefault(doc, []).append(("letter", ""))
        motions = self.session.execute(
            select(CitationRow.document_id, CitationRow.target_key).where(
                CitationRow.document_id.in_(ids), CitationRow.kind == "motion",
                CitationRow.target_key.is_not(None)).distinct()
        ).all()  # fmt: skip
        keys = sorted({k for _d, k in motions if k})
        by_key: dict[str, list[int]] = {}
        for motion_key in keys:
            cites = and_(_by_document(CitationRow.kind, self.dialect) == "motion",
                         CitationRow.target_key == motion_key)  # fmt: skip
            by_key[motion_key] = self._newest_citing(ctx, cites, letters, 4 * per_source)
        for source, key in motions:
            for doc in by_key.get(key or "", ()):
                if doc != source:
                    out[source].setdefault(doc, []).append(("motion", key or ""))
        return out

    def _newest_citing(self, ctx: UserContext, cites: Any, letters: int, limit: int) -> list[int]:
        """The newest ``limit`` letters the user may see with a citation matching ``cites``.
        For a paper or motion cited by many letters the date index is walked until enough
        are found; for a rarely cited one its few letters are taken and sorted. (One query
        over every citation of every paper on the page grew with the base: a letterhead's
        Kamerstuk is cited by thousands.) Whether it is much cited is counted up to the
        threshold only."""
        cited = select(CitationRow.document_id).where(cites)
        threshold = max(1, letters // WALK_SHARE)
        bounded = select(func.count()).select_from(cited.limit(threshold).subquery())
        if int(self.session.scalar(bounded) or 0) >= threshold:
            where: Any = exists().where(CitationRow.document_id == Document.id, cites)
        else:
            where = Document.id.in_(cited)
        stmt = _visible_per_row(
            select(Document.id).where(where).order_by(*newest_first(self.session)).limit(limit),
            ctx,
            self.dialect,
        )
        return list(self.session.scalars(stmt))

    def fulfilment_documents_among(self, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        return set(self.session.scalars(
            select(CommitmentRow.document_id).where(
                CommitmentRow.kind == "fulfilment", CommitmentRow.document_id.in_(sorted(set(ids))))
        ))  # fmt: skip

    def links_for(self, keys: Sequence[str]) -> dict[tuple[str, int], str]:
        if not keys:
            return {}
        rows = self.session.scalars(select(CommitmentLink).where(
            CommitmentLink.key.in_(sorted(set(keys)))))  # fmt: skip
        return {(r.key, r.document_id): r.status for r in rows}

    def motion_documents(
        self, ctx: UserContext, offset: int, limit: int, country: str | None = None
    ) -> tuple[int, list[tuple[Document, Any]]]:
        """Motions that are documents in the base (harvested or added), newest first, with
        their outcome (``MotionOutcome`` or None): how many, and one page; ``country``:
        only motions that mention it."""
        from partnerships.store.schema import MotionOutcome

        about = (exists().where(EntityRow.document_id == Document.id, EntityRow.kind == "country",
                                EntityRow.code == country)
                 if country else None)  # fmt: skip
        base = _visible(select(Document.id).where(Document.kind == "motion"), ctx)
        if about is not None:
            base = base.where(about)
        total = self.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        stmt = _visible(
            select(Document, MotionOutcome)
            .outerjoin(MotionOutcome, MotionOutcome.document_id == Document.id)
            .where(Document.kind == "motion", *([about] if about is not None else []))
            .options(load_only(*SUMMARY_COLUMNS, Document.signatories,
                               Document.kamerstuk_dossier, Document.kamerstuk_number))
            .order_by(*newest_first(self.session)).offset(offset).limit(limit),
            ctx,
        )  # fmt: skip
        return total, [(d, o) for d, o in self.session.execute(stmt)]

    def answering(
        self, ctx: UserContext, motion_ids: Sequence[int], per_motion: int = 10
    ) -> dict[int, list[Document]]:
        """The letters that cite each motion document (oldest first, at most
        ``per_motion`` each): the government's answers to it."""
        if not motion_ids:
            return {}
        stmt = _visible(
            select(CitationRow.target_id, Document)
            .join(Document, Document.id == CitationRow.document_id)
            .where(CitationRow.target_id.in_(list(motion_ids)), Document.kind != "motion")
            .options(load_only(*SUMMARY_COLUMNS))
            .order_by(Document.date, Document.id),
            ctx,
        )  # fmt: skip
        out: dict[int, list[Document]] = {}
        for target, doc in self.session.execute(stmt):
            if target is None:
                continue
            letters = out.setdefault(int(target), [])
            if len(letters) < per_motion and doc.id not in {d.id for d in letters}:
                letters.append(doc)
        return out

    def decide_link(self, key: str, document_id: int, status: str, user: str) -> None:
        row = self.session.scalar(
            select(CommitmentLink).where(
                CommitmentLink.key == key, CommitmentLink.document_id == document_id
            )
        )
        if row is None:
            row = CommitmentLink(key=key, document_id=document_id)
            self.session.add(row)
        row.status, row.decided_by, row.decided_at = status, user, datetime.now(UTC)
        self.session.flush()
