"""Read services: letters, citations, search and countries, as typed views
(``services/letter_views.py``).

Every function takes the ``UserContext`` of whoever asks and passes it to the repository,
which applies access control in one place. The web API, the pages and the CLI render these
views under the API's Dutch names (``web/api_models``).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.domain.letter import LetterSummary
from partnerships.domain.queries import DocumentFilter
from partnerships.ingest.commitments import split_sentences
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.letter_views import (
    Citation,
    CitedBy,
    CountryCount,
    CountryDossier,
    DossierLetter,
    FacetCount,
    LetterDetail,
    MotionResult,
    NamedWith,
    OriginalFile,
    QuotedMention,
    SearchHit,
    SearchResults,
    Vote,
)
from partnerships.store.document_common import summary_of
from partnerships.store.document_records import (
    commitment_of,
    country_of,
    entity_of,
    figure_of,
    footnote_of,
    mention_of,
    reference_of,
    signatories_of,
)
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import Document, EntityRow
from partnerships.store.search import ParsedQuery, parse_query, snippet

_SNIPPET_AROUND = 160


def get_document(kb: KnowledgeBase, ctx: UserContext, doc_id: int) -> LetterDetail | None:
    """One letter whole, if the reader may see it; the letters it cites and that cite it
    only as far as the reader may see them."""
    with kb.session() as s:
        repo = DocumentRepository(s)
        doc = repo.get(ctx, doc_id)
        if doc is None:
            return None
        targets = repo.summaries(ctx, (c.target_id for c in doc.citations if c.target_id))
        incoming = repo.cited_by(ctx, doc_id)
        original = repo.original(ctx, doc_id)
        outcome = repo.motion_outcome(doc_id)
        from partnerships.services import topics

        about = topics.letter_topics(kb, ctx, doc_id)
        motion = None if outcome is None else MotionResult(
            outcome.case_number, outcome.outcome, outcome.decision_text,
            [Vote(v.get("fractie", ""), v.get("stem", ""), v.get("zetels"))
             for v in outcome.votes or []],
        )  # fmt: skip
        return LetterDetail(
            letter=summary_of(doc), motion=motion, topics=about,
            signatories=signatories_of(doc), attachments=doc.attachments, pages=doc.pages,
            body=doc.body, footnotes=[footnote_of(f) for f in doc.footnotes],
            citations=[Citation(reference_of(c), targets.get(c.target_id) if c.target_id
                                else None) for c in doc.citations],
            entities=[entity_of(e) for e in doc.entities],
            figures=[figure_of(f) for f in doc.facts],
            commitments=[commitment_of(c) for c in doc.commitments],
            cited_by=[CitedBy(letter, text) for text, letter in incoming],
            original=OriginalFile(original is not None and original.stored,
                                  original.sha256 if original else None,
                                  original.media_type if original else None),
            warnings=list(doc.warnings or []),
        )  # fmt: skip


def get_summary(kb: KnowledgeBase, ctx: UserContext, doc_id: int) -> LetterSummary | None:
    """A letter as lists show it, if the reader may see it (its body and findings unread:
    what a form needs to compare or a redirect to decide)."""
    with kb.session() as s:
        doc = DocumentRepository(s).get_summary(ctx, doc_id)
        return summary_of(doc) if doc is not None else None


def get_original(kb: KnowledgeBase, ctx: UserContext, doc_id: int) -> tuple[bytes, str, str] | None:
    """(data, media type, file name) of the kept original, or None."""
    with kb.session() as s:
        found = DocumentRepository(s).original_bytes(ctx, doc_id)
        if found is None:
            return None
        data, original = found
        return data, original.media_type, original.path.rsplit("/", 1)[-1]


def list_documents(
    kb: KnowledgeBase, ctx: UserContext, flt: DocumentFilter, offset: int, limit: int
) -> tuple[int, list[LetterSummary]]:
    """How many letters pass the filter, and one page of them, newest first."""
    with kb.session() as s:
        total, rows = DocumentRepository(s).list_documents(ctx, flt, offset, limit)
        return total, [summary_of(d) for d in rows]


def _documents(kb: KnowledgeBase, s: Any) -> DocumentRepository:
    return DocumentRepository(s, rank_window=kb.settings.search_rank_window)


def search(
    kb: KnowledgeBase, ctx: UserContext, query: str, flt: DocumentFilter, offset: int, limit: int
) -> SearchResults:
    parsed = parse_query(query)
    with kb.session() as s:
        repo = _documents(kb, s)
        total, rows = repo.search(ctx, parsed, flt, offset, limit)
        return SearchResults(total, _hits(rows, parsed), repo.ranking_window(total))


def list_countries(kb: KnowledgeBase, ctx: UserContext, mentioned_only: bool) -> list[CountryCount]:
    """Every country of ISO 3166 by its Dutch name (or only those the reader's letters
    mention), with how often and in how many letters they are mentioned."""
    with kb.session() as s:
        repo = DocumentRepository(s)
        counts = repo.country_mention_counts(ctx)
        out = []
        for c in repo.countries():
            mentions, docs = counts.get(c.iso3, (0, 0))
            if mentioned_only and not mentions:
                continue
            out.append(CountryCount(country_of(c), mentions, docs))
        return out


#: letters shown per page of a dossier, mentions quoted per letter, names listed
DOSSIER_LETTERS = 20
DOSSIER_QUOTES = 5
#: mentions per letter whose sentences are searched for figures
DOSSIER_FACT_MENTIONS = 50
DOSSIER_NAMES = 30
#: characters read on each side of a mention to find its sentence
_WINDOW = 600


def country_dossier(
    kb: KnowledgeBase, ctx: UserContext, code: str, offset: int = 0,
    limit: int = DOSSIER_LETTERS,
) -> CountryDossier | None:  # fmt: skip
    """What the base says about one country: mentions per year, the newest letters that
    mention it with the sentence around (at most ``DOSSIER_QUOTES``) mentions each, the
    figures stated in those sentences (each with its source), and the organisations and
    programmes named in the same letters.

    Bounded by design (found at 20,000 letters: the dossier read every mention with its
    letter's whole body): counts and the names are aggregated by the database, letters are
    paged, and a sentence is found in a window of the text cut by the database around the
    mention, so neither the size of the base nor of one letter changes what is read."""
    with kb.session() as s:
        repo = DocumentRepository(s)
        country = repo.country(code)
        if country is None:
            return None
        iso3 = country.iso3
        per_year = repo.country_mentions_per_year(ctx, iso3)
        total, docs = repo.documents_mentioning(ctx, iso3, offset, limit)
        mentions, counts = repo.mentions_of(iso3, [d.id for d in docs], DOSSIER_FACT_MENTIONS)
        by_doc: dict[int, list[EntityRow]] = defaultdict(list)
        for ent in mentions:
            by_doc[ent.document_id].append(ent)
        entries: list[DossierLetter] = []
        spans: list[tuple[int, int | None, int, int]] = []
        for doc in docs:
            ents = by_doc.get(doc.id, [])
            windows = [(e.footnote, max(0, e.start - _WINDOW), e.end - max(0, e.start - _WINDOW)
                        + _WINDOW) for e in ents]  # fmt: skip
            texts = repo.text_windows(doc.id, windows)
            quoted: list[QuotedMention] = []
            for ent, (_note, origin, _length), piece in zip(ents, windows, texts, strict=True):
                sentences = split_sentences(piece)
                rel_start, rel_end = ent.start - origin, ent.end - origin
                if len(quoted) < DOSSIER_QUOTES:
                    zin = _sentence(piece, rel_start, rel_end, sentences)
                    quoted.append(QuotedMention(mention_of(ent), zin))
                a, b = _sentence_span(sentences, rel_start)
                spans.append((doc.id, ent.footnote, origin + a, origin + b))
            entries.append(DossierLetter(summary_of(doc), quoted, counts.get(doc.id, 0)))
        facts = repo.facts_within(ctx, spans)
        named = repo.named_with(ctx, iso3, DOSSIER_NAMES)
        return CountryDossier(
            country=country_of(country),
            aliases=sorted(a.alias for a in country.aliases),
            mentions_per_year=dict(sorted(per_year.items())),
            letters_total=total,
            letters=entries,
            figures=[figure_of(f) for f in facts],
            named_with=[NamedWith(k, c, n, d) for k, c, n, d in named],
        )


def country_name(kb: KnowledgeBase, code: str) -> tuple[str, str] | None:
    """ISO 3166 alpha-3 and Dutch name of a country code (alpha-2 or -3), or None."""
    with kb.session() as s:
        country = DocumentRepository(s).country(code)
        return (country.iso3, country.name_nl) if country is not None else None


def country_named(kb: KnowledgeBase, text: str) -> str | None:
    """The ISO 3166 alpha-3 code of a country as a person names it: a code or English name
    (as the importers read them), else a Dutch name or an alias ('Marokko', 'Turkije')."""
    with kb.unit_of_work() as uow:
        return uow.directory.country_named(text)


def _sentence_span(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(spans, (pos, 2**62)) - 1
    if 0 <= i < len(spans) and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return (pos, pos + 1)


def _sentence(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The sentence around a mention (shortened around it when very long)."""
    i = bisect.bisect_right(spans, (start, len(text) + 1)) - 1
    for s_start, s_end in spans[max(0, i) : i + 2]:
        if s_start <= start < s_end:
            sentence = text[s_start:s_end]
            if len(sentence) > 2 * _SNIPPET_AROUND:
                a = max(0, start - s_start - _SNIPPET_AROUND)
                b = min(len(sentence), end - s_start + _SNIPPET_AROUND)
                sentence = ("…" if a else "") + sentence[a:b] + ("…" if b < len(sentence) else "")
            return sentence
    return text[max(0, start - _SNIPPET_AROUND) : end + _SNIPPET_AROUND]


#: facets count over at most this many of the best-ranked hits (the page says so)
FACET_SAMPLE = 2000


def _hits(rows: Iterable[tuple[Document, float]], parsed: ParsedQuery) -> list[SearchHit]:
    return [SearchHit(summary_of(doc), round(score, 6), snippet(doc.body, parsed))
            for doc, score in rows]  # fmt: skip


def _facets(found: dict[str, list[tuple[str, str, int]]]) -> dict[str, list[FacetCount]]:
    return {facet: [FacetCount(v, label, n) for v, label, n in values]
            for facet, values in found.items()}  # fmt: skip


def search_with_facets(
    kb: KnowledgeBase, ctx: UserContext, query: str, flt: DocumentFilter, offset: int, limit: int
) -> SearchResults:
    """The search page's answers from one ranking: the number of hits, one page of them,
    and the facets over the ``FACET_SAMPLE`` best (ranking every match is the expensive
    part of a search over a large base; the page is a slice of that ranking)."""
    parsed = parse_query(query)
    if parsed.empty:
        return SearchResults(0, [])
    with kb.session() as s:
        repo = _documents(kb, s)
        total = repo.search_count(ctx, parsed, flt)
        best = repo.best(ctx, parsed, flt, FACET_SAMPLE)
        if offset + limit <= FACET_SAMPLE:
            page = best[offset : offset + limit]
            docs = repo.titles(ctx, [i for i, _ in page])
            rows = [(docs[i], sc) for i, sc in page if i in docs]
        else:
            rows = repo.search(ctx, parsed, flt, offset, limit)[1]
        return SearchResults(total, _hits(rows, parsed), repo.ranking_window(total),
                             _facets(repo.facets([i for i, _ in best])))  # fmt: skip


def search_facets(
    kb: KnowledgeBase, ctx: UserContext, query: str, flt: DocumentFilter
) -> dict[str, list[FacetCount]]:
    """Counts per year, addressee, sender, country and organisation over the best-ranked
    ``FACET_SAMPLE`` hits (all of them when there are fewer)."""
    parsed = parse_query(query)
    if parsed.empty:
        return {}
    with kb.session() as s:
        repo = _documents(kb, s)
        return _facets(repo.facets(repo.best_ids(ctx, parsed, flt, FACET_SAMPLE)))


def statistics_version(kb: KnowledgeBase) -> tuple[Any, ...]:
    """Changes when a statistics release, a route or a criteria version is added, changed or
    removed: the key of pages made of statistics only (ranking, routes), which a decision
    or a letter does not change. One primary-key lookup (store/versions.py)."""
    from partnerships.store.versions import version

    with kb.session() as s:
        return ("statistics", *version(s, "statistics"))


def country_version(kb: KnowledgeBase, iso3: str) -> tuple[Any, ...]:
    """Changes whenever anything a country's dossier shows changes: what every page shows
    (letters, statistics, programmes, commitments …) and this country's decisions and
    risks, but not another country's (store/versions.py). One primary-key lookup."""
    from partnerships.store.versions import country_scope, versions

    with kb.session() as s:
        return ("country", iso3, *versions(s, "content", country_scope(iso3)))


def data_version(kb: KnowledgeBase) -> tuple[Any, ...]:
    """Changes whenever anything a page shows is added, changed or removed (letters,
    statistics, decisions, risks, programmes, commitments, report texts, criteria): the key
    under which rendered pages may be reused. One primary-key lookup, not a scan."""
    from partnerships.store.versions import version

    with kb.session() as s:
        return ("data", *version(s, "data"))
