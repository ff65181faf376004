"""Backup and restore round trip on SQLite and PostgreSQL: every table is compared row by
row; a bad backup file is refused and leaves the base as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.domain.context import UserContext
from partnerships.domain.decisions import DecisionRecord
from partnerships.services import decisions
from partnerships.services.indicators import import_table
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import get_settings
from partnerships.store.backup import BackupError

REPO = Path(__file__).resolve().parents[3]
ANALYST = UserContext("a.analist", frozenset({"analyst"}), "vertrouwelijk")
runner = CliRunner()


def snapshot(kb: KnowledgeBase) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (FTS shadow tables included), in a stable order."""
    out = {}
    with kb.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            out[table] = sorted(tuple(map(repr, r)) for r in rows)
    return out


def test_round_trip_restores_every_table(loaded_kb: KnowledgeBase, tmp_path: Path) -> None:
    kb = loaded_kb
    import_table(kb, REPO / "examples" / "data" / "tables" / "analisten-voorbeeld.csv")
    decisions.record_decision(kb, ANALYST, DecisionRecord("MAR", "v1", (), "r", "w"))
    target = tmp_path / "backup.dump"
    assert kb.backup(target).size > 0  # records itself in the audit trail first
    before = snapshot(kb)
    assert sum(len(rows) for rows in before.values()) > 1000
    assert any(row[3] == "'backup'" for row in before["audit_log"])
    # change the base after the backup: a new decision, a letter removed
    decisions.record_decision(kb, ANALYST, DecisionRecord("MAR", "v2", (), "r", "w"))
    with kb.engine.begin() as conn:
        conn.execute(text("DELETE FROM documents WHERE id = (SELECT MIN(id) FROM documents)"))
    assert snapshot(kb) != before
    kb.restore(target)
    assert snapshot(kb) == before
    kb.check_schema()


def test_a_bad_backup_changes_nothing(loaded_kb: KnowledgeBase, tmp_path: Path) -> None:
    before = snapshot(loaded_kb)
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a backup at all" * 10)
    with pytest.raises(BackupError, match=r"not an? "):
        loaded_kb.restore(junk)
    with pytest.raises(BackupError, match="no such backup file"):
        loaded_kb.restore(tmp_path / "missing.dump")
    assert snapshot(loaded_kb) == before


def test_cli(loaded_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", loaded_kb.url)
    get_settings.cache_clear()
    try:
        target = tmp_path / "cli.backup"
        made = runner.invoke(app, ["backup", str(target)])
        assert made.exit_code == 0 and "geback-upt naar" in made.stdout
        refused = runner.invoke(app, ["restore", str(target)], input="n\n")
        assert refused.exit_code == 1
        done = runner.invoke(app, ["restore", "--yes", str(target)])
        assert done.exit_code == 0 and "teruggezet" in done.stdout
        bad = runner.invoke(app, ["restore", "--yes", str(tmp_path / "nope")])
        assert bad.exit_code == 1 and "no such backup file" in bad.stderr
    finally:
        get_settings.cache_clear()
