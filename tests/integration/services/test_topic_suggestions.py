"""The pillar classifier's suggestions in the base (SQLite and PostgreSQL): trained on the
corpus letter organised per pillar, stored per paragraph of the other migration letters
with their strongest terms, counted consistently, replaced (not added to) on a rerun,
never for the letter that has headings, never beside the same pillar found by its terms;
an analyst's verdict still decides; the letter page says the model suggested it."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from partnerships.services import topics
from partnerships.services.identity import local_user
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.topic_model import suggest_pillars
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import AuditEntry, Document, TopicRow
from partnerships.store.topics import TRAINED


def _trained(kb: KnowledgeBase) -> list[TopicRow]:
    with kb.session() as s:
        return list(s.scalars(select(TopicRow).where(TopicRow.basis == TRAINED)))


def test_suggestions_are_stored_explained_and_replaced(loaded_kb: KnowledgeBase) -> None:
    kb = loaded_kb
    report = suggest_pillars(kb, min_confidence=0.25)
    assert report.examples >= 30 and report.letters == 1 and report.pillars == (1, 2, 3, 4, 5, 6)
    assert report.evaluation.accuracy is None  # one structured letter cannot grade itself
    rows = _trained(kb)
    assert rows and report.suggested == len(rows)
    with kb.session() as s:
        structured = {d for (d,) in s.execute(
            select(TopicRow.document_id).where(TopicRow.basis == "structure"))}  # fmt: skip
        others = {(r.document_id, r.code, r.start) for r in s.scalars(
            select(TopicRow).where(TopicRow.basis != TRAINED))}  # fmt: skip
        for r in rows:
            body = s.get(Document, r.document_id).body  # type: ignore[union-attr]
            paragraph = body[r.start : r.end].lower()
            assert r.document_id not in structured and r.confidence >= 0.25
            assert (r.document_id, r.code, r.start) not in others
            assert r.terms and all(w in paragraph for t in r.terms for w in t.split())
        assert DocumentRepository(s).consistency_problems() == []
        assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "suggest"
    again = suggest_pillars(kb, min_confidence=0.25)
    assert again.changed == 0 and len(_trained(kb)) == len(rows)  # replaced, not added
    stricter = suggest_pillars(kb, min_confidence=0.99)
    assert stricter.suggested == 0 and _trained(kb) == []
    with kb.session() as s:
        assert DocumentRepository(s).consistency_problems() == []


def test_the_letter_page_names_the_model_and_the_analyst_decides(
    loaded_kb: KnowledgeBase,
) -> None:
    if not loaded_kb.url.startswith("sqlite"):
        pytest.skip("the page is covered on SQLite")
    from partnerships.web.app import create_app
    from support.web import web_client

    kb = loaded_kb
    suggest_pillars(kb, min_confidence=0.25)
    row = _trained(kb)[0]
    # constructed: the same pillar's term readings in that letter removed, so the model is
    # the only reading of it (as in a letter whose words the vocabulary does not list)
    with kb.session() as s, s.begin():
        same = (TopicRow.document_id == row.document_id, TopicRow.code == row.code)
        s.execute(delete(TopicRow).where(*same, TopicRow.basis != TRAINED))
    page = web_client(create_app(kb)).get(f"/documenten/{row.document_id}").text
    assert "door het model dat leerde van brieven die per pijler zijn ingedeeld" in page
    me = local_user()
    topics.set_topic(kb, me, row.document_id, "ima", row.code, False, "niet over deze pijler")
    seen = topics.letter_topics(kb, me, row.document_id)
    assert seen is not None
    view = next(t for t in seen.topics if (t.scheme, t.code) == ("ima", row.code))
    assert view.basis == TRAINED and view.terms
    assert view.effective is False  # the analyst's verdict wins over the suggestion
