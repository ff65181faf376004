"""Countries in the letters: mentions, facts, co-mentions and facets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    String,
    cast,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, load_only

from partnerships.domain.context import UserContext
from partnerships.store import tallies
from partnerships.store.document_common import (
    SUMMARY_COLUMNS,
    WALK_SHARE,
    _by_document,
    _visible,
    _visible_per_row,
    letter_count,
    newest_first,
)
from partnerships.store.schema import (
    Country,
    CountryAlias,
    Document,
    EntityRow,
    FactRow,
    FootnoteRow,
)


class DocumentMentions:
    """Part of ``DocumentRepository`` (store/repository.py): countries in the letters —
    mentions, facts, co-mentions and facets."""

    session: Session
    dialect: str

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
                _by_document(EntityRow.kind, self.dialect) == "country",
                _by_document(EntityRow.code, self.dialect) == iso3,
            )
        else:  # a rare one: its few letters, then sorted
            where = Document.id.in_(self._mentioning(iso3))
        stmt = _visible_per_row(
            select(Document).where(where).options(load_only(*SUMMARY_COLUMNS))
            .order_by(*newest_first(self.session)).offset(offset).limit(limit),
            ctx, self.dialect,
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
        kind, code = (_by_document(c, self.dialect) for c in (EntityRow.kind, EntityRow.code))
        base = (kind == "country", code == iso3, EntityRow.document_id.in_(ids))
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
                   _by_document(FactRow.kind, self.dialect) != "percentage")
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
                .where(_by_document(EntityRow.kind, self.dialect) == kind,
                       EntityRow.document_id.in_(ids))
                .group_by(EntityRow.code)
                .order_by(docs.desc(), func.min(EntityRow.name)).limit(limit)
            )  # fmt: skip
            out[facet] = [(str(c), str(nm), int(n)) for c, nm, n in rows]
        return out

    def fact_totals(self, ctx: UserContext) -> dict[str, float]:
        """'kind:currency' -> how many such figures the visible letters hold (kept tallies)."""
        return {k: float(n) for k, (n, _d) in
                tallies.read(self.session, tallies.FACTS, ctx.levels()).items()}  # fmt: skip
