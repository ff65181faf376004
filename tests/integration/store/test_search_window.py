"""A search with more hits than PostgreSQL ranks (``search_rank_window``).

PostgreSQL ranks the newest hits of the window by relevance and lists the older ones after
them, newest first; every hit is still on exactly one page, the total is exact, and the
API, the search page and the CLI say that not every hit was ranked. SQLite's index ranks
every hit whatever the window. The window is set to 2 on the bundled letters here; at
100,000 letters (README, scale) it is what keeps a common word's search under a second.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.domain.context import LOCAL_USER
from partnerships.domain.queries import DocumentFilter
from partnerships.services import queries
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import get_settings
from partnerships.store.schema import Document
from partnerships.web.app import create_app

WORD = "kabinet"


def _narrow(kb: KnowledgeBase) -> KnowledgeBase:
    return KnowledgeBase(kb.settings.model_copy(update={"search_rank_window": 2}), kb.engine)


def _newest_first(kb: KnowledgeBase, ids: list[int]) -> list[int]:
    with kb.session() as s:
        rows = s.execute(select(Document.id, Document.date).where(Document.id.in_(ids))).all()
    # newest first, undated letters last, the higher id first on the same date
    return [i for i, _ in sorted(rows, key=lambda r: (r[1] or date.min, r[0]), reverse=True)]


def test_every_hit_is_listed_once_and_the_newest_are_ranked(loaded_kb: KnowledgeBase) -> None:
    flt = DocumentFilter()
    everything = queries.search(loaded_kb, LOCAL_USER, WORD, flt, 0, 50)
    assert everything.ranked_within is None and everything.total >= 4
    ranked_all = [h.letter.id for h in everything.hits]
    narrow = _narrow(loaded_kb)
    pages = [queries.search(narrow, LOCAL_USER, WORD, flt, n, 1) for n in range(len(ranked_all))]
    listed = [p.hits[0].letter.id for p in pages]
    assert sorted(listed) == sorted(ranked_all)  # each hit once, none left out
    assert {p.total for p in pages} == {everything.total}  # the count stays exact
    # a page across the window's edge is the same slice of the same order
    across = queries.search(narrow, LOCAL_USER, WORD, flt, 1, 3)
    assert [h.letter.id for h in across.hits] == listed[1:4]
    if loaded_kb.url.startswith("sqlite"):
        assert listed == ranked_all and {p.ranked_within for p in pages} == {None}
        return
    assert {p.ranked_within for p in pages} == {2}
    newest = _newest_first(loaded_kb, ranked_all)
    assert set(listed[:2]) == set(newest[:2])  # the window: the two newest hits ...
    scores = [p.hits[0].score for p in pages[:2]]
    assert scores == sorted(scores, reverse=True)  # ... by relevance
    assert listed[2:] == [i for i in newest if i not in listed[:2]]  # then newest first


def test_the_api_the_page_and_the_cli_say_not_every_hit_was_ranked(
    loaded_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = _narrow(loaded_kb)
    client = TestClient(create_app(narrow))
    api = client.get("/api/v1/zoeken", params={"q": WORD}).json()
    page = client.get("/zoeken", params={"q": WORD}).text
    note = "De nieuwste 2 treffers staan op relevantie; de oudere volgen daarna, nieuwste eerst."
    if loaded_kb.url.startswith("sqlite"):
        assert "gerangschiktBinnen" not in api and note not in page
    else:
        assert api["gerangschiktBinnen"] == 2 and api["totaal"] > 2
        assert note in page
    wide = TestClient(create_app(loaded_kb)).get("/api/v1/zoeken", params={"q": WORD}).json()
    assert "gerangschiktBinnen" not in wide and wide["totaal"] == api["totaal"]
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", loaded_kb.url)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(loaded_kb.settings.data_dir))
    monkeypatch.setenv("PARTNERSHIPS_SEARCH_RANK_WINDOW", "2")
    get_settings.cache_clear()
    try:
        text = CliRunner().invoke(app, ["search", WORD])
        as_json = CliRunner().invoke(app, ["search", WORD, "--json"])
    finally:
        get_settings.cache_clear()
    assert text.exit_code == 0 and as_json.exit_code == 0
    said = "De nieuwste 2 treffers staan op relevantie"
    if loaded_kb.url.startswith("sqlite"):
        assert said not in text.stdout and "gerangschiktBinnen" not in json.loads(as_json.stdout)
    else:
        assert said in text.stdout and json.loads(as_json.stdout)["gerangschiktBinnen"] == 2
