"""Knowledge-base fixtures: every store test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``PARTNERSHIPS_TEST_POSTGRES_URL`` (set by .ci/run, which installs
and starts the server). Without it the PostgreSQL half is skipped locally and fails in CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings

PG_URL = os.environ.get("PARTNERSHIPS_TEST_POSTGRES_URL")


def _reset_postgres(url: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.sqlite3'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("PARTNERSHIPS_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL")
        pytest.skip("no PostgreSQL (set PARTNERSHIPS_TEST_POSTGRES_URL)")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture()
def kb_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path, workers=1)


@pytest.fixture()
def kb(kb_settings: Settings) -> Iterator[KnowledgeBase]:
    base = KnowledgeBase(kb_settings)
    base.upgrade()
    yield base
    base.engine.dispose()


@pytest.fixture()
def loaded_kb(kb: KnowledgeBase, letters_dir: Path) -> KnowledgeBase:
    report = kb.ingest([letters_dir])
    assert not report.failed, report.failed
    return kb


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """One base per module and backend, for modules that build an expensive base once."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('module') / 'kb.sqlite3'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("PARTNERSHIPS_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL")
        pytest.skip("no PostgreSQL (set PARTNERSHIPS_TEST_POSTGRES_URL)")
    _reset_postgres(PG_URL)
    return PG_URL
