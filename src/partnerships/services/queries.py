"""Read services: documents, citations, search and country views, as plain JSON-ready data.

Every function takes the ``UserContext`` of whoever asks and passes it to the repository,
which applies access control in one place. The web API and the CLI render these views.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import date
from typing import Any

from partnerships.domain.context import UserContext
from partnerships.ingest.commitments import split_sentences
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentFilter, DocumentRepository
from partnerships.store.schema import CitationRow, Document
from partnerships.store.search import parse_query, snippet

_SNIPPET_AROUND = 160


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
        return document_summary(doc) | {
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
                }
                for c in doc.commitments
            ],
            "geciteerdDoor": [
                {"document": document_summary(d), "verwijzing": c.text} for c, d in incoming
            ],
            "origineel": {
                "beschikbaar": original is not None and original.data is not None,
                "sha256": original.sha256 if original else None,
                "mediatype": original.media_type if original else None,
            },
            "waarschuwingen": list(doc.warnings or []),
        }


def get_original(kb: KnowledgeBase, ctx: UserContext, doc_id: int) -> tuple[bytes, str, str] | None:
    """(data, media type, file name) of the kept original, or None."""
    with kb.session() as s:
        original = DocumentRepository(s).original(ctx, doc_id)
        if original is None or original.data is None:
            return None
        return original.data, original.media_type, original.path.rsplit("/", 1)[-1]


def list_documents(
    kb: KnowledgeBase, ctx: UserContext, flt: DocumentFilter, offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    with kb.session() as s:
        total, rows = DocumentRepository(s).list_documents(ctx, flt, offset, limit)
        return total, [document_summary(d) for d in rows]


def search(
    kb: KnowledgeBase, ctx: UserContext, query: str, flt: DocumentFilter, offset: int, limit: int
) -> tuple[int, list[dict[str, Any]]]:
    parsed = parse_query(query)
    with kb.session() as s:
        total, rows = DocumentRepository(s).search(ctx, parsed, flt, offset, limit)
        return total, [
            document_summary(doc)
            | {"score": round(score, 6), "fragment": snippet(doc.body, parsed)}
            for doc, score in rows
        ]


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
        "eu": c.eu_member,
    }


def country_dossier(kb: KnowledgeBase, ctx: UserContext, code: str) -> dict[str, Any] | None:
    """Everything the base says about one country: mentions over time with the sentence
    around each, the figures stated in the sentences that mention it (each with its
    source), and the organisations and programmes named in the same letters."""
    with kb.session() as s:
        repo = DocumentRepository(s)
        country = repo.country(code)
        if country is None:
            return None
        mentions = repo.country_mentions(ctx, country.iso3)
        per_doc: dict[int, dict[str, Any]] = {}
        per_year: dict[str, int] = defaultdict(int)
        spans_of: dict[int, list[tuple[int, int]]] = {}
        about: dict[tuple[int, int | None], list[tuple[int, int]]] = defaultdict(list)
        for ent, doc in mentions:
            entry = per_doc.setdefault(doc.id, document_summary(doc) | {"vermeldingen": []})
            text = (
                doc.body
                if ent.footnote is None
                else next((f.text for f in doc.footnotes if f.number == ent.footnote), "")
            )
            if id(text) not in spans_of:
                spans_of[id(text)] = split_sentences(text)
            sentence = _sentence(text, ent.start, ent.end, spans_of[id(text)])
            about[(doc.id, ent.footnote)].append(_sentence_span(spans_of[id(text)], ent.start))
            entry["vermeldingen"].append(_span(ent) | {"zin": sentence})
            per_year[str(doc.date.year) if doc.date else "onbekend"] += 1
        facts = [
            f
            for f in repo.facts_in(ctx, per_doc)
            if any(a <= f.start < b for a, b in about.get((f.document_id, f.footnote), []))
        ]
        related = repo.entities_in(ctx, per_doc)
        names: dict[tuple[str, str], dict[str, Any]] = {}
        for e in related:
            item = names.setdefault(
                (e.kind, e.code),
                {"soort": e.kind, "code": e.code, "naam": e.name, "documenten": set()},
            )
            item["documenten"].add(e.document_id)
        return _country(country) | {
            "aliassen": sorted(a.alias for a in country.aliases),
            "vermeldingenPerJaar": dict(sorted(per_year.items())),
            "documenten": list(per_doc.values()),
            "feiten": [_fact(f) | {"document": f.document_id} for f in facts],
            "samenGenoemd": sorted(
                ({**v, "documenten": len(v["documenten"])} for v in names.values()),
                key=lambda v: (-v["documenten"], v["naam"]),
            ),
        }


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


def search_facets(
    kb: KnowledgeBase, ctx: UserContext, query: str, flt: DocumentFilter
) -> dict[str, list[dict[str, Any]]]:
    """Counts per year, addressee, sender, country and organisation over all hits."""
    parsed = parse_query(query)
    with kb.session() as s:
        repo = DocumentRepository(s)
        ids = repo.search_ids(ctx, parsed, flt)
        return {
            facet: [{"waarde": v, "label": label, "aantal": n} for v, label, n in values]
            for facet, values in repo.facets(ctx, ids).items()
        }


def commitments(
    kb: KnowledgeBase,
    ctx: UserContext,
    today: date,
    kind: str | None = None,
    country: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    """Commitments with their letter; ``state``: open (due date ahead or none), overdue."""
    with kb.session() as s:
        out = []
        for c, d in DocumentRepository(s).commitments(ctx, kind, country):
            overdue = c.kind != "fulfilment" and c.due_date is not None and c.due_date < today
            if state == "overdue" and not overdue:
                continue
            if state == "open" and (overdue or c.kind == "fulfilment"):
                continue
            out.append(
                _span(c)
                | {
                    "soort": c.kind,
                    "uiterlijk": c.due_date.isoformat() if c.due_date else None,
                    "termijnTekst": c.due_text,
                    "verlopen": overdue,
                    "document": document_summary(d),
                }
            )
        return out


def overview(kb: KnowledgeBase, ctx: UserContext, today: date) -> dict[str, Any]:
    with kb.session() as s:
        repo = DocumentRepository(s)
        total, recent = repo.list_documents(ctx, DocumentFilter(), 0, 8)
        counts = repo.country_mention_counts(ctx)
        countries = {c.iso3: c for c in repo.countries()}
        facts = repo.fact_totals(ctx)
        recent_docs = [document_summary(d) for d in recent]
    from partnerships.services.commitments import OVERDUE, tracker

    # the tracker's view: what people marked fulfilled or lapsed is no longer open
    open_items = [
        c | {"verlopen": c["status"] == OVERDUE}
        for c in tracker(kb, ctx, today)
        if c["status"] in ("open", OVERDUE)
    ]
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
        "open": sum(1 for c in open_items if not c["verlopen"]),
        "verlopen": sum(1 for c in open_items if c["verlopen"]),
        "bedragen": int(facts.get("amount:EUR", 0)),
        "aantallen": int(facts.get("quantity:", 0)),
    }


def statistics_version(kb: KnowledgeBase) -> tuple[Any, ...]:
    """Changes when a statistics release, a route or a criteria version is added, changed or
    removed: the key of pages made of statistics only (ranking, routes), which a decision
    or a letter does not change. One primary-key lookup (store/versions.py)."""
    from partnerships.store.versions import version

    with kb.session() as s:
        return ("statistics", version(s, "statistics"))


def data_version(kb: KnowledgeBase) -> tuple[Any, ...]:
    """Changes whenever anything a page shows is added, changed or removed (letters,
    statistics, decisions, risks, programmes, commitments, report texts, criteria): the key
    under which rendered pages may be reused. One primary-key lookup, not a scan."""
    from partnerships.store.versions import version

    with kb.session() as s:
        return ("data", version(s, "data"))
