"""The overview page's content: the newest letters, the countries mentioned, the open
commitments and the facts counted.

Its own module because it draws on both the read queries and the commitments tracker,
which itself uses the read queries: kept in ``queries`` it made the one import circle of
the services (issue 18).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerships.domain.context import UserContext
from partnerships.domain.letter import LetterSummary
from partnerships.domain.queries import DocumentFilter
from partnerships.services.commitments import OpenCommitments, open_commitments
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.letter_views import CountryCount
from partnerships.store.document_common import summary_of
from partnerships.store.document_records import country_of
from partnerships.store.repository import DocumentRepository

#: open commitments listed on the overview (the rest are counted)
OVERVIEW_ITEMS = 10
#: the newest letters the overview lists
OVERVIEW_LETTERS = 8


@dataclass(frozen=True, slots=True)
class Overview:
    """What the overview shows: how many letters the reader may see and the newest few,
    the countries they mention (most mentioned first), the open commitments (the first
    few by due date, the rest counted) and the figures the letters state."""

    letters: int
    recent: list[LetterSummary]
    countries: list[CountryCount]
    commitments: OpenCommitments
    #: the amounts stated in euros, summed, and the quantities stated, summed
    euros: int
    quantities: int

    @property
    def in_time(self) -> int:
        """Open commitments not yet overdue."""
        return self.commitments.open - self.commitments.overdue


def overview(kb: KnowledgeBase, ctx: UserContext, today: date) -> Overview:
    with kb.session() as s:
        repo = DocumentRepository(s)
        total, recent = repo.list_documents(ctx, DocumentFilter(), 0, OVERVIEW_LETTERS)
        counts = repo.country_mention_counts(ctx)
        countries = {c.iso3: country_of(c) for c in repo.countries()}
        facts = repo.fact_totals(ctx)
        letters = [summary_of(d) for d in recent]
    # the tracker's view: what people marked fulfilled or lapsed is no longer open; the
    # overview shows the first few and counts the rest in the database
    first = open_commitments(kb, ctx, today, OVERVIEW_ITEMS)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return Overview(
        letters=total, recent=letters,
        countries=[CountryCount(countries[code], n, docs) for code, (n, docs) in ranked
                   if code in countries],
        commitments=first, euros=int(facts.get("amount:EUR", 0)),
        quantities=int(facts.get("quantity:", 0)),
    )  # fmt: skip
