"""What letters are about, stored and judged (SQLite and PostgreSQL): the extractor's
suggestions in the base, an analyst's verdict that wins, survives re-ingesting and is
audited, on the letter page and through the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from partnerships.domain.context import ANONYMOUS, UserContext
from partnerships.ingest.extract import extract_file
from partnerships.services import topics
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.document_common import SourceFile
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import AuditEntry, Document
from partnerships.web.app import create_app
from support.web import web_client

ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")


def _doc(kb: KnowledgeBase, kenmerk: str) -> int:
    with kb.session() as s:
        found = s.scalar(select(Document.id).where(Document.kenmerk == kenmerk))
    assert found is not None
    return int(found)


def test_suggestions_are_stored_and_an_analyst_verdict_wins(
    loaded_kb: KnowledgeBase, letters_dir: Path
) -> None:
    kb = loaded_kb
    ima = _doc(kb, "3001668")  # the IMA progress letter, organised per pillar
    about = topics.letter_topics(kb, ANONYMOUS, ima)
    assert about is not None
    assert about.migration.suggested is True and about.migration.effective
    structured = {v.code for v in about.topics if v.scheme == "ima" and v.basis == "structure"}
    assert structured == {1, 2, 3, 4, 5, 6}
    assert all(v.effective and v.analyst is None for v in about.topics)
    with kb.session() as s:
        assert DocumentRepository(s).consistency_problems() == []
    # readers may not judge; an analyst rejects pillar 6 and adds GCM 19 (diaspora)
    with pytest.raises(PermissionError):
        topics.set_topic(kb, ANONYMOUS, ima, "ima", 6, False)
    with pytest.raises(topics.TopicError, match="has no topic"):
        topics.set_topic(kb, ANALYST, ima, "ima", 7, True)
    with pytest.raises(topics.TopicError, match="no document"):
        topics.set_topic(kb, ANALYST, 999_999, "ima", 1, True)
    topics.set_topic(kb, ANALYST, ima, "ima", 6, False, "integratie is binnenlands beleid")
    topics.set_topic(kb, ANALYST, ima, "gcm", 19, True)
    after = topics.letter_topics(kb, ANONYMOUS, ima)
    assert after is not None
    pillar6 = next(v for v in after.topics if (v.scheme, v.code) == ("ima", 6))
    assert pillar6.suggested is True and pillar6.effective is False
    assert (
        pillar6.analyst is not None and pillar6.analyst.note == "integratie is binnenlands beleid"
    )
    added = next(v for v in after.topics if (v.scheme, v.code) == ("gcm", 19))
    assert added.suggested is None and added.effective is True
    # re-reading the letter replaces the suggestions, never the verdicts
    letter = extract_file(letters_dir / "c-voortgang-integrale-migratieagenda.md")
    source = SourceFile(path="c.md", content_hash="c" * 64, size=1, media_type="text/markdown",
                        data=b"c")  # fmt: skip
    with kb.session() as s, s.begin():
        repo = DocumentRepository(s)
        repo.save(letter, source, existing=s.get(Document, ima))
    again = topics.letter_topics(kb, ANONYMOUS, ima)
    assert again is not None
    assert next(v for v in again.topics if (v.scheme, v.code) == ("ima", 6)).effective is False
    # withdrawing a verdict lets the suggestion count again
    topics.set_topic(kb, ANALYST, ima, "ima", 6, None)
    final = topics.letter_topics(kb, ANONYMOUS, ima)
    assert final is not None
    assert next(v for v in final.topics if (v.scheme, v.code) == ("ima", 6)).effective is True
    with kb.session() as s:
        log = s.scalars(select(AuditEntry).order_by(AuditEntry.id))
        entries = [d for e in log if e.target == f"letter:{ima}"
                   and "topic" in (d := json.loads(e.detail))]  # fmt: skip
    assert [e["verdict"] for e in entries] == [[None, False], [None, True], [False, None]]
    # a letter of another ministry on another subject is not about migration
    other = topics.letter_topics(kb, ANONYMOUS, _doc(kb, "IENW/BSK-2022/268034"))
    assert other is not None and other.migration.effective is False and other.topics == []


def test_letter_page_and_api(loaded_kb: KnowledgeBase) -> None:
    if not loaded_kb.url.startswith("sqlite"):
        pytest.skip("pages and API are covered on SQLite")
    settings = loaded_kb.settings
    analyst = web_client(
        create_app(KnowledgeBase(settings.model_copy(update={"local_analyst": True})))
    )
    reader = web_client(create_app(KnowledgeBase(settings)))
    ima = _doc(loaded_kb, "3001668")
    page = reader.get(f"/documenten/{ima}").text
    assert "Over internationale migratie" in page and "Minder illegaliteit, meer terugkeer" in page
    assert "volgens de koppen van de brief" in page and "Oordeel opslaan" not in page
    assert "Oordeel opslaan" in analyst.get(f"/documenten/{ima}").text
    form = {"schema": "migratie", "code": "0", "oordeel": "nee"}
    assert reader.post(f"/documenten/{ima}/onderwerpen", data=form).status_code == 403
    assert analyst.post(f"/documenten/{ima}/onderwerpen",
                        data=form | {"oordeel": "misschien"}).status_code == 400  # fmt: skip
    done = analyst.post(f"/documenten/{ima}/onderwerpen", data=form, follow_redirects=False)
    assert done.status_code == 303
    detail = reader.get(f"/api/v1/documenten/{ima}").json()
    assert detail["onderwerpen"]["migratie"]["geldt"] is False
    assert detail["onderwerpen"]["migratie"]["analist"]["waarde"] is False
    url = f"/api/v1/documenten/{ima}/onderwerpen/gcm/21"
    assert reader.put(url, json={"oordeel": False}).status_code == 401
    assert analyst.put(f"/api/v1/documenten/{ima}/onderwerpen/gcm/24",
                       json={"oordeel": True}).status_code == 400  # fmt: skip
    answer = analyst.put(url, json={"oordeel": False, "toelichting": "geen terugkeer"})
    assert answer.status_code == 200
    gcm21 = next(o for o in answer.json()["onderwerpen"] if (o["schema"], o["code"]) == ("gcm", 21))
    assert gcm21["geldt"] is False and gcm21["voorgesteld"] is True
    assert analyst.put("/api/v1/documenten/999999/onderwerpen/gcm/21",
                       json={"oordeel": True}).status_code == 404  # fmt: skip


def test_reextract_reads_every_kept_original_again_and_keeps_what_people_decided(
    loaded_kb: KnowledgeBase,
) -> None:
    """A base stored before topics were read (as migration 0022 leaves it) gets them from
    ``reextract``; classification and analysts' verdicts stay."""
    from sqlalchemy import delete, update

    from partnerships.services.documents import set_classification
    from partnerships.store.schema import TopicRow

    kb = loaded_kb
    ima = _doc(kb, "3001668")
    with kb.session() as s, s.begin():
        s.execute(delete(TopicRow))
        s.execute(update(Document).values(migration=None, migration_confidence=None))
        for doc in s.scalars(select(Document)):
            doc.counts = {k: v for k, v in doc.counts.items() if k != "topics"}
    before = topics.letter_topics(kb, ANONYMOUS, ima)
    assert before is not None and before.migration.suggested is None and before.topics == []
    set_classification(kb, ANALYST, ima, "intern")
    topics.set_topic(kb, ANALYST, ima, "ima", 6, False)
    with kb.session() as s:
        total = len(list(s.scalars(select(Document.id))))
    report = kb.reextract(workers=2)
    assert len(report.updated) == total and report.failed == []
    after = topics.letter_topics(kb, ANALYST, ima)
    assert after is not None and after.migration.suggested is True
    assert next(v for v in after.topics if (v.scheme, v.code) == ("ima", 6)).effective is False
    with kb.session() as s:
        doc = s.get(Document, ima)
        assert doc is not None and doc.classification == "intern"
        assert DocumentRepository(s).consistency_problems() == []
    # without kept bytes there is nothing to read again: said so, nothing changed
    with kb.session() as s, s.begin():
        from partnerships.store.schema import Original

        s.execute(update(Original).where(Original.document_id == ima)
                  .values(stored=False, data=None))  # fmt: skip
    again = kb.reextract(workers=1)
    assert [reason for _p, reason in again.failed if "fingerprint" in str(reason)] and len(
        again.failed) == 1  # fmt: skip
