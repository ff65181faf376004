"""Read services: documents, citations, search and country views, as plain JSON-ready data.

Every function takes the ``UserContext`` of whoever asks and passes it to the repository,
which applies access control in one place. The web API and the CLI render these views.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.domain.queries import DocumentFilter
from partnerships.ingest.commitments import split_sentences
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import CitationRow, Document
from partnerships.store.search import ParsedQuery, parse_query, snippet

_SNIPPET_AROUND = 160


@dataclass(frozen=True, slots=True)
class SearchResults:
    """One page of a search: how many letters match, the page's hits, and — when not every
    hit could be ranked by relevance (PostgreSQL, more hits than ``search_rank_window``) —
    how many of the newest were; the older hits follow those, newest first. The search page
    also gets facets over the best ``FACET_SAMPLE`` hits."""

    total: int
    hits: list[dict[str, Any]]
    ranked_within: int | None = None
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def document_summary(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "kenmerk": doc.kenmerk,
        "datum": doc.date.isoformat() if doc.date else None,
        "onderwerp": doc.subject,
        "geadresseerde": doc.addressee,
        "afzender": {"ministerie": doc.sender_ministry, "eenheid": doc.sender_unit},
        "bron": doc.source_name,
        "formaat": doc.format,
        "rubricering": doc.classification,
        "soort": "motie" if doc.kind == "motion" else "brief",
    }


def _span(row: Any) -> dict[str, Any]:
    return {"tekst": row.text, "start": row.start, "eind": row.end, "voetnoot": row.footnote}


def _fact(row: Any) -> dict[str, Any]:
    return _span(row) | {
        "soort": row.kind,
        "waarde": row.value,
        "valuta": row.currency,
        "eenheid": row.unit,
        "benaderd": row.approximate,
    }


def _citation(row: CitationRow, targets: dict[int, Document]) -> dict[str, Any]:
    target = targets.get(row.target_id) if row.target_id else None
    return _span(row) | {
        "soort": row.kind,
        "dossier": row.dossier,
        "nummer": row.number,
        "vergaderjaar": row.session,
        "kamer": row.chamber,
        "namen": list(row.names or []),
        "besluitsoort": row.act_type,
        "besluitnummer": row.act_id,
        "url": row.url,
        "inBasis": target is not None,
        "document": document_summary(target) if target else None,
    }


def get_document(kb: KnowledgeBase, ctx: UserContext, doc_id: int) -> dict[str, Any] | None:
    with kb.session() as s:
        repo = DocumentRepository(s)
        doc = repo.get(ctx, doc_id)
        if doc is None:
            return None
        targets = repo.titles(ctx, (c.target_id for c in doc.citations if c.target_id))
        incoming = repo.cited_by(ctx, doc_id)
        original = repo.original(ctx, doc_id)
        from partnerships.services import topics

        about = topics.letter_topics(kb, ctx, doc_id)
        outcome = repo.motion_outcome(doc_id)
        return document_summary(doc) | {
            "uitkomstMotie": None
            if outcome is None
            else {
                "zaak": outcome.case_number,
                "uitkomst": outcome.outcome,
                "besluit": outcome.decision_text,
                "stemmen": [
                    {
                        "fractie": v.get("fractie", ""),
                        "stem": v.get("stem", ""),
                        "zetels": v.get("zetels"),
                    }
                    for v in outcome.votes or []
                ],
            },
            "onderwerpen": topics.as_dict(about) if about else None,
            "ondertekenaars": [
                {"naam": x["name"], "functie": x["function"]} for x in doc.signatories or []
            ],
            "bijlagen": doc.attachments,
            "paginas": doc.pages,
            "tekst": doc.body,
            "voetnoten": [
                {"nummer": f.number, "tekst": f.text, "markeringPositie": f.marker_offset}
                for f in doc.footnotes
            ],
            "verwijzingen": [_citation(c, targets) for c in doc.citations],
            "entiteiten": [
                _span(e) | {"soort": e.kind, "code": e.code, "naam": e.name} for e in doc.entities
            ],
            "feiten": [_fact(f) for f in doc.facts],
            "toezeggingen": [
                _span(c)
                | {
                    "soort": c.kind,
                    "uiterlijk": c.due_date.isoformat() if c.due_date else None,
                    "termijnTekst": c.due_text,
                    "toegezegdDoor": c.promiser,
                    "onderwerp": c.subject,
                }
                for c in doc.commitments
            ],
            "geciteerdDoor": [
                {"document": document_summary(d), "verwijzing": c.text} for c, d in incoming
            ],
            "origineel": {
                "beschikbaar": original is not None and original.stored,
                "sha256": original.sha256 if original else None,
                "mediatype": original.media_type if original else None,
            },
            "waarschuwingen": list(doc.warnings or []),
        }


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
) -> tuple[int, list[dict[str, Any]]]:
    with kb.session() as s:
        total, rows = DocumentRepository(s).list_documents(ctx, flt, offset, limit)
        return total, [document_summary(d) for d in rows]


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


def list_countries(
    kb: KnowledgeBase, ctx: UserContext, mentioned_only: bool
) -> list[dict[str, Any]]:
    with kb.session() as s:
        repo = DocumentRepository(s)
        counts = repo.country_mention_counts(ctx)
        out = []
        for c in repo.countries():
            mentions, docs = counts.get(c.iso3, (0, 0))
            if mentioned_only and not mentions:
                continue
            out.append(_country(c) | {"vermeldingen": mentions, "documenten": docs})
        return out


def _country(c: Any) -> dict[str, Any]:
    return {
        "code": c.iso3,
        "iso2": c.iso2,
        "numeriek": c.numeric,
        "naam": c.name_nl,
        "naamEngels": c.name_en,
        "regio": c.region_nl,
        "regioEngels": c.region,
        "eu": c.eu_member,
    }


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
) -> dict[str, Any] | None:  # fmt: skip
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
        by_doc: dict[int, list[Any]] = defaultdict(list)
        for ent in mentions:
            by_doc[ent.document_id].append(ent)
        entries: list[dict[str, Any]] = []
        spans: list[tuple[int, int | None, int, int]] = []
        for doc in docs:
            ents = by_doc.get(doc.id, [])
            windows = [(e.footnote, max(0, e.start - _WINDOW), e.end - max(0, e.start - _WINDOW)
                        + _WINDOW) for e in ents]  # fmt: skip
            texts = repo.text_windows(doc.id, windows)
            quoted: list[dict[str, Any]] = []
            for ent, (_note, origin, _length), piece in zip(ents, windows, texts, strict=True):
                sentences = split_sentences(piece)
                rel_start, rel_end = ent.start - origin, ent.end - origin
                if len(quoted) < DOSSIER_QUOTES:
                    zin = _sentence(piece, rel_start, rel_end, sentences)
                    quoted.append(_span(ent) | {"zin": zin})
                a, b = _sentence_span(sentences, rel_start)
                spans.append((doc.id, ent.footnote, origin + a, origin + b))
            summary = document_summary(doc)
            entries.append(summary | {"vermeldingen": quoted,
                                      "vermeldingenTotaal": counts.get(doc.id, 0)})  # fmt: skip
        facts = repo.facts_within(ctx, spans)
        named = repo.named_with(ctx, iso3, DOSSIER_NAMES)
        return _country(country) | {
            "aliassen": sorted(a.alias for a in country.aliases),
            "vermeldingenPerJaar": dict(sorted(per_year.items())),
            "documentenTotaal": total,
            "documenten": entries,
            "feiten": [_fact(f) | {"document": f.document_id} for f in facts],
            "samenGenoemd": [
                {"soort": k, "code": c, "naam": n, "documenten": d} for k, c, n, d in named
            ],
        }


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


def _hits(rows: Iterable[tuple[Document, float]], parsed: ParsedQuery) -> list[dict[str, Any]]:
    return [
        document_summary(doc) | {"score": round(score, 6), "fragment": snippet(doc.body, parsed)}
        for doc, score in rows
    ]


def _facets(found: dict[str, list[tuple[str, str, int]]]) -> dict[str, list[dict[str, Any]]]:
    return {
        facet: [{"waarde": v, "label": label, "aantal": n} for v, label, n in values]
        for facet, values in found.items()
    }


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
) -> dict[str, list[dict[str, Any]]]:
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
