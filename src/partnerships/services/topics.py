"""What a letter is about, and analysts' verdicts on it.

The extractor suggests (ingest/topics.py): whether a letter is about international
migration, and which IMA pillars and GCM objectives its paragraphs touch, each with a
confidence. An analyst confirms or rejects each suggestion — or adds one the extractor
missed — and that verdict wins, survives re-extraction and is audited. Reports and dossiers
read the effective topic: the analyst's verdict where there is one, else the suggestion.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from partnerships.domain.context import UserContext
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.domain.reference import names
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import TopicOverride
from partnerships.store.topics import MIGRATION, TopicRepository

SCHEMES = (MIGRATION, "ima", "gcm")


class TopicError(Invalid):
    """A verdict that cannot be recorded (unknown scheme or code, unknown letter)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """An analyst's verdict: ``value`` True (it is), False (it is not)."""

    value: bool
    note: str
    by: str
    at: str


@dataclass(frozen=True, slots=True)
class TopicView:
    scheme: str  # migratie | ima | gcm
    code: int
    name: str
    #: the extractor's suggestion: None when it did not suggest this topic (or, for the
    #: migration verdict, when the letter was stored before topics were read)
    suggested: bool | None
    confidence: float | None
    paragraphs: int
    basis: str | None  # structure | terms
    terms: tuple[str, ...]
    analyst: Verdict | None
    #: what counts: the analyst's verdict, else the suggestion (False when neither)
    effective: bool


@dataclass(frozen=True, slots=True)
class LetterTopics:
    migration: TopicView
    topics: list[TopicView] = field(default_factory=list)


def _name(scheme: str, code: int, lang: str) -> str:
    if scheme == MIGRATION:
        return "Internationale migratie" if lang == "nl" else "International migration"
    return names(lang)[scheme].get(code, f"{scheme} {code}")


def _valid(scheme: str, code: int) -> None:
    if scheme not in SCHEMES:
        raise TopicError("unknown topic scheme %(scheme)r; choose from %(choices)s",
                         scheme=scheme, choices=", ".join(SCHEMES))  # fmt: skip
    allowed = {MIGRATION: {0}, "ima": set(range(1, 7)), "gcm": set(range(1, 24))}[scheme]
    if code not in allowed:
        raise TopicError("%(scheme)s has no topic %(code)s", scheme=scheme, code=code)


def _verdict(row: TopicOverride | None) -> Verdict | None:
    if row is None:
        return None
    return Verdict(value=bool(row.verdict), note=row.note or "", by=row.updated_by,
                   at=row.updated_at.isoformat())  # fmt: skip


def letter_topics(
    kb: KnowledgeBase, user: UserContext, doc_id: int, lang: str = "nl"
) -> LetterTopics | None:
    """The letter's topics as the user may see them; None when the letter is not visible."""
    with kb.session() as s:
        doc = DocumentRepository(s).get_summary(user, doc_id)
        if doc is None:
            return None
        repo = TopicRepository(s)
        overrides = repo.overrides(doc_id)
        mig_override = _verdict(overrides.get((MIGRATION, 0)))
        suggested = doc.migration
        migration = TopicView(
            MIGRATION, 0, _name(MIGRATION, 0, lang), suggested, doc.migration_confidence, 0,
            None, (), mig_override,
            mig_override.value if mig_override else bool(suggested),
        )  # fmt: skip
        views: list[TopicView] = []
        seen: set[tuple[str, int]] = set()
        for scheme, code, confidence, paragraphs, basis in repo.summary(doc_id):
            seen.add((scheme, code))
            counted = Counter(t for terms in repo.terms(doc_id, scheme, code) for t in terms)
            verdict = _verdict(overrides.get((scheme, code)))
            views.append(TopicView(
                scheme, code, _name(scheme, code, lang), True, confidence, paragraphs, basis,
                tuple(t for t, _ in counted.most_common(5)), verdict,
                verdict.value if verdict else True,
            ))  # fmt: skip
        for (scheme, code), row in sorted(overrides.items()):
            if scheme == MIGRATION or (scheme, code) in seen:
                continue  # an analyst added a topic the extractor did not suggest
            verdict = _verdict(row)
            views.append(TopicView(scheme, code, _name(scheme, code, lang), None, None, 0,
                                   None, (), verdict, bool(verdict and verdict.value)))  # fmt: skip
        return LetterTopics(migration=migration, topics=views)


def set_topic(
    kb: KnowledgeBase, user: UserContext, doc_id: int, scheme: str, code: int,
    verdict: bool | None, note: str = "",
) -> None:  # fmt: skip
    """Record (or, with ``verdict`` None, withdraw) an analyst's verdict on one topic of a
    letter; audited. Only analysts and administrators who may see the letter."""
    _valid(scheme, code)
    if not user.may_edit:
        raise Forbidden("only analysts and administrators judge a letter's topics")
    with kb.session() as s, s.begin():
        doc = DocumentRepository(s).get_summary(user, doc_id)
        if doc is None:
            raise TopicError("no document %(doc_id)s", doc_id=doc_id, missing=True)
        before = TopicRepository(s).overrides(doc_id).get((scheme, code))
        old = None if before is None else before.verdict
        TopicRepository(s).set_override(doc_id, scheme, code, verdict, note.strip(),
                                        user.user_id)  # fmt: skip
        doc.updated_at = datetime.now(UTC)  # changes the data version: cached pages go
        audit.in_session(s, user, "edit", f"letter:{doc_id}",
                         {"topic": f"{scheme}:{code}", "verdict": [old, verdict],
                          "note": note.strip()})  # fmt: skip
