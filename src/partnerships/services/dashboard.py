"""The overview page's content: the newest letters, the countries mentioned, the open
commitments and the facts counted.

Its own module because it draws on both the read queries and the commitments tracker,
which itself uses the read queries: kept in ``queries`` it made the one import circle of
the services (issue 18).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.domain.queries import DocumentFilter
from partnerships.services.commitments import open_commitments
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.queries import document_summary
from partnerships.store.repository import DocumentRepository

#: open commitments listed on the overview (the rest are counted)
OVERVIEW_ITEMS = 10


def overview(kb: KnowledgeBase, ctx: UserContext, today: date) -> dict[str, Any]:
    with kb.session() as s:
        repo = DocumentRepository(s)
        total, recent = repo.list_documents(ctx, DocumentFilter(), 0, 8)
        counts = repo.country_mention_counts(ctx)
        countries = {c.iso3: c for c in repo.countries()}
        facts = repo.fact_totals(ctx)
        recent_docs = [document_summary(d) for d in recent]
    # the tracker's view: what people marked fulfilled or lapsed is no longer open; the
    # overview shows the first few and counts the rest in the database
    first = open_commitments(kb, ctx, today, OVERVIEW_ITEMS)
    open_total, open_items, overdue_total = first.open, first.first, first.overdue
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return {
        "documenten": total,
        "recent": recent_docs,
        "landen": [
            {
                "code": code,
                "numeriek": countries[code].numeric,
                "naam": countries[code].name_nl,
                "vermeldingen": n,
                "documenten": docs,
            }
            for code, (n, docs) in ranked
            if code in countries
        ],
        "toezeggingen": open_items,
        "toezeggingenTotaal": open_total,
        "open": open_total - overdue_total,
        "verlopen": overdue_total,
        "bedragen": int(facts.get("amount:EUR", 0)),
        "aantallen": int(facts.get("quantity:", 0)),
    }
