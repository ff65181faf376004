"""The demo base holds a recorded harvest, replayed through the real harvester (no network):
a real motion with a constructed outcome and votes, and constructed register entries; a
second replay adds nothing; what is not recorded answers 404, as the source would."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import func, select

from partnerships.cli import EXAMPLES, _demo_harvest
from partnerships.ingest.recorded import transport
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import Document, RegisterRow

FOLDER = Path(EXAMPLES).parent / "harvest"


def test_what_is_not_recorded_answers_404() -> None:
    with httpx.Client(transport=transport(FOLDER)) as client:
        base = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
        assert client.get(f"{base}/Document?$filter=x").json()["value"]
        assert client.get(f"{base}/Document(bestaat-niet)/resource").status_code == 404
        assert client.get(f"{base}/Persoon").status_code == 404


def test_the_demo_replays_a_harvest_once(kb: KnowledgeBase) -> None:
    _demo_harvest(kb)
    with kb.session() as s:
        motion = s.scalar(select(Document).where(Document.kind == "motion"))
        assert motion is not None and (motion.kamerstuk_dossier, motion.kamerstuk_number) == (
            "19637", "1662")  # fmt: skip
        assert DocumentRepository(s).motion_outcome(motion.id).outcome == "verworpen"
        assert s.scalar(select(func.count()).select_from(RegisterRow)) == 3
    from partnerships.services import watches
    from partnerships.services.identity import local_user

    assert [w.watch.name for w in watches.mine(kb, local_user())] == ["Terugkeer"]  # a feed to read
    _demo_harvest(kb)  # the cursor says it is all in: nothing new, nothing twice
    assert len(watches.mine(kb, local_user())) == 1
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
        assert s.scalar(select(func.count()).select_from(RegisterRow)) == 3
    if not kb.url.startswith("sqlite"):
        return
    from partnerships.web.app import create_app
    from support.web import web_client

    client = web_client(create_app(kb))
    assert "<strong>verworpen</strong>" in client.get("/moties").text
    assert "TZ-DEMO-1" in client.get("/toezeggingen/register").text
    assert "register:Toezegging" in client.get("/dekking").text
