"""The audit trail on SQLite and PostgreSQL: changes record themselves in their own
transaction, views of confidential records and exports are recorded, and `audit verify`
detects an altered or a removed entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.domain.context import ANONYMOUS, LOCAL_USER, UserContext
from partnerships.domain.decisions import DecisionError, DecisionRecord
from partnerships.services import audit, decisions
from partnerships.services.indicators import import_table
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import get_settings
from partnerships.web.app import create_app
from support.web import web_client

REPO = Path(__file__).resolve().parents[3]
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
runner = CliRunner()


def actions(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    return [(e.actor, e.action, e.target) for e in reversed(audit.entries(kb, LOCAL_USER))]


def test_changes_imports_views_and_exports_are_recorded(kb: KnowledgeBase) -> None:
    import_table(kb, REPO / "examples" / "data" / "tables" / "analisten-voorbeeld.csv")
    secret = DecisionRecord("MAR", "Geheim", (), "r", "w", classification="vertrouwelijk")
    decisions.record_decision(kb, ANALYST, secret)
    with pytest.raises(DecisionError):  # refused: nothing stored, nothing recorded
        decisions.record_decision(kb, ANALYST, DecisionRecord("MAR", "", (), "r", "w"))
    decisions.decision_history(kb, ANONYMOUS, "MAR")  # sees nothing confidential
    decisions.decision_history(kb, ANALYST, "MAR")
    got = actions(kb)
    assert got[0][:2] == ("system", "import") and got[0][2].startswith("table:")
    assert got[1] == ("a.analist", "decision", "decision:MAR:1")
    assert got[2] == ("a.analist", "view_confidential", "decisions:MAR")
    assert len(got) == 3
    report = audit.verify(kb)
    assert report.intact and report.entries == 3
    with pytest.raises(PermissionError):
        audit.entries(kb, ANALYST)  # analysts are not administrators


def test_verify_detects_alteration_and_removal(kb: KnowledgeBase) -> None:
    for n in range(5):
        audit.record(kb, ANALYST, "edit", f"test:{n}", {"n": n})
    assert audit.verify(kb).intact
    with kb.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = '{\"n\": 99}' WHERE id = 3"))
    broken = audit.verify(kb)
    assert not broken.intact and "entry 3: contents changed" in broken.problems[0]
    with kb.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET detail = '{\"n\": 2}' WHERE id = 3"))
        conn.execute(text("DELETE FROM audit_log WHERE id = 2"))
    removed = audit.verify(kb)
    assert any("missing" in p for p in removed.problems)
    assert any("entry 3: does not follow" in p for p in removed.problems)


def test_cli_and_admin_page(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    audit.record(kb, ANALYST, "edit", "test:1")
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", kb.url)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(kb.settings.data_dir))
    get_settings.cache_clear()
    try:
        ok = runner.invoke(app, ["audit", "verify"])
        assert ok.exit_code == 0 and "1 regels" in ok.stdout and "intact" in ok.stdout
        listed = runner.invoke(app, ["audit", "list"])
        assert "test:1" in listed.stdout
        with kb.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'iemand anders'"))
        bad = runner.invoke(app, ["audit", "verify"])
        assert bad.exit_code == 1 and "GEBROKEN: entry 1: contents changed" in bad.stderr
    finally:
        get_settings.cache_clear()
    admin = web_client(
        create_app(KnowledgeBase(kb.settings.model_copy(update={"local_analyst": True})))
    )
    reader = web_client(create_app(KnowledgeBase(kb.settings)))
    page = admin.get("/beheer/audit")
    assert page.status_code == 200 and "De hashketen is verbroken" in page.text
    assert reader.get("/beheer/audit").status_code == 403
    assert admin.get("/beheer/audit?actie=kraken").status_code == 400
