"""Queries for what letters are about: the extractor's topics per paragraph and analysts'
verdicts that override them (``document_topics``, ``topic_overrides``)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from partnerships.store.schema import Document, TopicOverride, TopicRow

#: the scheme of the letter-level verdict 'about international migration' (code 0)
MIGRATION = "migratie"


class TopicRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def summary(self, doc_id: int) -> list[tuple[str, int, float, int, str]]:
        """Per pillar and objective the letter touches: (scheme, code, highest confidence,
        paragraphs, basis of the surest), surest first — one GROUP BY, however long the
        letter."""
        rows = self.session.execute(
            select(TopicRow.scheme, TopicRow.code, func.max(TopicRow.confidence),
                   func.count(), func.min(TopicRow.basis))  # 'structure' < 'terms'
            .where(TopicRow.document_id == doc_id)
            .group_by(TopicRow.scheme, TopicRow.code)
        ).all()  # fmt: skip
        out = [(str(s), int(c), float(conf), int(n), str(b)) for s, c, conf, n, b in rows]
        return sorted(out, key=lambda r: (r[0], -r[2], r[1]))

    def terms(self, doc_id: int, scheme: str, code: int, limit: int = 50) -> list[list[str]]:
        """The terms of the first ``limit`` paragraphs found for one topic (the reason)."""
        return [list(t or []) for (t,) in self.session.execute(
            select(TopicRow.terms).where(TopicRow.document_id == doc_id,
                                         TopicRow.scheme == scheme, TopicRow.code == code)
            .order_by(TopicRow.start).limit(limit))]  # fmt: skip

    def overrides(self, doc_id: int) -> dict[tuple[str, int], TopicOverride]:
        rows = self.session.scalars(
            select(TopicOverride).where(TopicOverride.document_id == doc_id)
        )
        return {(r.scheme, r.code): r for r in rows}

    def set_override(
        self, doc_id: int, scheme: str, code: int, verdict: bool | None, note: str, by: str
    ) -> TopicOverride | None:
        """Record an analyst's verdict (None: withdraw it, the extractor's suggestion counts
        again). Returns the row as stored, or None when withdrawn."""
        current = self.overrides(doc_id).get((scheme, code))
        if verdict is None:
            if current is not None:
                self.session.execute(delete(TopicOverride).where(TopicOverride.id == current.id))
            return None
        if current is None:
            current = TopicOverride(document_id=doc_id, scheme=scheme, code=code)
            self.session.add(current)
        current.verdict = verdict
        current.note = note
        current.updated_by = by
        current.updated_at = datetime.now(UTC)
        self.session.flush()
        return current

    def passages(
        self, doc_ids: list[int], scheme: str, min_confidence: float = 0.45,
        confirmed_only: bool = False,
    ) -> list[tuple[int, int, int, int, float, str]]:  # fmt: skip
        """(document, code, start, end, confidence, basis) of the paragraphs of these letters
        that touch a pillar or objective, surest first — without the topics an analyst
        rejected for that letter; ``confirmed_only``: only topics an analyst confirmed (what a
        final report may quote)."""
        if not doc_ids:
            return []
        rejected = select(TopicOverride.id).where(
            TopicOverride.document_id == TopicRow.document_id,
            TopicOverride.scheme == TopicRow.scheme, TopicOverride.code == TopicRow.code,
            TopicOverride.verdict.is_(False))  # fmt: skip
        stmt = (
            select(TopicRow.document_id, TopicRow.code, TopicRow.start, TopicRow.end,
                   TopicRow.confidence, TopicRow.basis)
            .where(and_(TopicRow.document_id.in_(doc_ids), TopicRow.scheme == scheme,
                        TopicRow.confidence >= min_confidence), ~rejected.exists())
            .order_by(TopicRow.confidence.desc(), TopicRow.document_id, TopicRow.start)
        )  # fmt: skip
        if confirmed_only:
            confirmed = select(TopicOverride.id).where(
                TopicOverride.document_id == TopicRow.document_id,
                TopicOverride.scheme == TopicRow.scheme, TopicOverride.code == TopicRow.code,
                TopicOverride.verdict.is_(True))  # fmt: skip
            stmt = stmt.where(confirmed.exists())
        return [(int(d), int(c), int(a), int(b), float(conf), str(basis))
                for d, c, a, b, conf, basis in self.session.execute(stmt)]  # fmt: skip


#: the basis of a paragraph's pillar suggested by the trained classifier (analysis/topic_model.py)
TRAINED = "trained"


class TrainingRepository:
    """What the topic classifier learns from and where its suggestions are kept."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def structured(self, scheme: str = "ima") -> list[tuple[int, int, int, int]]:
        """(document, code, start, end) of every paragraph whose pillar the letter's own
        headings name — the training set; a few thousand rows even for a large base."""
        rows = self.session.execute(
            select(TopicRow.document_id, TopicRow.code, TopicRow.start, TopicRow.end)
            .where(TopicRow.scheme == scheme, TopicRow.basis == "structure")
            .order_by(TopicRow.document_id, TopicRow.start))  # fmt: skip
        return [(int(d), int(c), int(s), int(e)) for d, c, s, e in rows]

    def bodies(self, doc_ids: list[int]) -> dict[int, str]:
        """The texts of these letters (a batch: the caller bounds how many at a time)."""
        rows = self.session.execute(select(Document.id, Document.body)
                                    .where(Document.id.in_(doc_ids)))  # fmt: skip
        return {int(i): str(b) for i, b in rows}

    def candidates(self, after: int, limit: int) -> list[int]:
        """Letters the classifier may suggest pillars for, by id from ``after``: about
        international migration (the extractor's judgement) and without headings of their
        own (those letters say their pillars themselves)."""
        structured = select(TopicRow.id).where(
            TopicRow.document_id == Document.id, TopicRow.basis == "structure"
        )
        return [int(i) for i in self.session.scalars(
            select(Document.id).where(Document.id > after, Document.migration.is_(True),
                                      ~structured.exists())
            .order_by(Document.id).limit(limit))]  # fmt: skip

    def existing(self, doc_ids: list[int], scheme: str) -> set[tuple[int, int, int]]:
        """(document, code, start) of the paragraphs already found by other means."""
        rows = self.session.execute(
            select(TopicRow.document_id, TopicRow.code, TopicRow.start)
            .where(TopicRow.document_id.in_(doc_ids), TopicRow.scheme == scheme,
                   TopicRow.basis != TRAINED))  # fmt: skip
        return {(int(d), int(c), int(s)) for d, c, s in rows}

    def replace_trained(
        self, doc_id: int, scheme: str, rows: list[tuple[int, float, int, int, list[str]]]
    ) -> int:
        """The classifier's suggestions for one letter, (code, confidence, start, end, terms)
        each, in place of its earlier ones; the letter's topic count follows. Returns how
        many rows changed hands (0: the same as before)."""
        mine = and_(TopicRow.document_id == doc_id, TopicRow.scheme == scheme,
                    TopicRow.basis == TRAINED)  # fmt: skip
        before = {(r.code, r.start, r.end, round(r.confidence, 2), tuple(r.terms or ()))
                  for r in self.session.scalars(select(TopicRow).where(mine))}  # fmt: skip
        after = {(c, s, e, round(p, 2), tuple(t)) for c, p, s, e, t in rows}
        if before == after:
            return 0
        self.session.execute(delete(TopicRow).where(mine))
        for code, confidence, start, end, terms in rows:
            self.session.add(TopicRow(document_id=doc_id, scheme=scheme, code=code,
                                      confidence=confidence, start=start, end=end,
                                      basis=TRAINED, terms=list(terms)))  # fmt: skip
        self.session.flush()
        doc = self.session.get(Document, doc_id)
        if doc is not None:
            total = self.session.scalar(select(func.count()).select_from(TopicRow)
                                        .where(TopicRow.document_id == doc_id))  # fmt: skip
            doc.counts = {**(doc.counts or {}), "topics": int(total or 0)}
        return len(before ^ after)
