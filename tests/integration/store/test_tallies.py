"""The tallies the overview and the dossiers read (store/tallies.py) stay equal to a fresh
count through everything that changes them: storing, replacing and reclassifying letters,
on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from partnerships.domain.context import ANONYMOUS, LOCAL_USER
from partnerships.services import dashboard, queries
from partnerships.services.documents import set_classification
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store import tallies
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import Document, EntityRow


def _live_country_counts(kb: KnowledgeBase, levels: tuple[str, ...]) -> dict[str, tuple[int, int]]:
    with kb.session() as s:
        stmt = (
            select(EntityRow.code, func.count(), func.count(func.distinct(EntityRow.document_id)))
            .join(Document, Document.id == EntityRow.document_id)
            .where(EntityRow.kind == "country", Document.classification.in_(levels))
            .group_by(EntityRow.code)
        )
        return {c: (int(n), int(d)) for c, n, d in s.execute(stmt)}


def test_tallies_follow_storing_replacing_and_reclassifying(
    loaded_kb: KnowledgeBase, letters_dir: Path, tmp_path: Path
) -> None:
    kb = loaded_kb
    with kb.session() as s:
        assert tallies.problems(s) == []
        assert DocumentRepository(s).country_mention_counts(ANONYMOUS) == _live_country_counts(
            kb, ANONYMOUS.levels()
        )
        doc_id, n_countries = s.execute(
            select(Document.id, func.count(EntityRow.id))
            .join(EntityRow, EntityRow.document_id == Document.id)
            .where(EntityRow.kind == "country")
            .group_by(Document.id)
            .order_by(func.count(EntityRow.id).desc())
            .limit(1)
        ).one()
    assert n_countries > 0
    before = dashboard.overview(kb, ANONYMOUS, date(2026, 12, 1))

    # a confidential letter leaves the public tallies, and stays in the analyst's
    set_classification(kb, LOCAL_USER, doc_id, "vertrouwelijk")
    with kb.session() as s:
        assert tallies.problems(s) == []
        public = DocumentRepository(s).country_mention_counts(ANONYMOUS)
        everything = DocumentRepository(s).country_mention_counts(LOCAL_USER)
    assert public == _live_country_counts(kb, ANONYMOUS.levels())
    assert everything == _live_country_counts(kb, LOCAL_USER.levels())
    assert sum(n for n, _ in public.values()) == sum(n for n, _ in everything.values()) - (
        n_countries
    )
    after = dashboard.overview(kb, ANONYMOUS, date(2026, 12, 1))
    assert after.letters == before.letters - 1
    assert after.euros <= before.euros
    set_classification(kb, LOCAL_USER, doc_id, "openbaar")
    with kb.session() as s:
        assert tallies.problems(s) == []
        assert DocumentRepository(s).country_mention_counts(ANONYMOUS) == _live_country_counts(
            kb, ANONYMOUS.levels()
        )

    # a letter replaced by a better rendition: its old tallies go, its new ones come
    md = next(p for p in sorted(letters_dir.iterdir()) if p.suffix == ".md")
    folder = tmp_path / "again"
    folder.mkdir()
    changed = folder / md.name
    text = md.read_text("utf-8")
    shutil.copy(md, changed)
    changed.write_text(text + "\n\nOok Marokko en Tunesië werken hieraan mee.\n", "utf-8")
    report = kb.ingest([folder])
    assert not report.failed
    with kb.session() as s:
        assert tallies.problems(s) == []
        assert DocumentRepository(s).consistency_problems() == []


def test_dossier_counts_come_from_the_tallies(loaded_kb: KnowledgeBase) -> None:
    d = queries.country_dossier(loaded_kb, LOCAL_USER, "TUR")
    assert d is not None
    live = _live_country_counts(loaded_kb, LOCAL_USER.levels())["TUR"]
    assert d.letters_total == live[1]
    assert sum(d.mentions_per_year.values()) == live[0]
    with loaded_kb.session() as s:
        named = {
            code: n
            for code, n in s.execute(
                select(EntityRow.code, func.count(func.distinct(EntityRow.document_id)))
                .where(
                    EntityRow.kind.in_(("organisation", "programme")),
                    EntityRow.document_id.in_(
                        select(EntityRow.document_id).where(
                            EntityRow.kind == "country", EntityRow.code == "TUR"
                        )
                    ),
                )
                .group_by(EntityRow.code)
            )
        }
    assert d.named_with
    for item in d.named_with:
        assert named[item.code] == item.documents
    shown = [x.documents for x in d.named_with]
    assert shown == sorted(shown, reverse=True)
