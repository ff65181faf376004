"""Restore only what is a whole backup of this application, never under a running server;
the audit head kept outside the base catches removed newest entries (issue #21, items 1, 2
and 8). Each case reproduces what an attack found, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from integration.store.test_backup import snapshot
from partnerships.cli import app
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import get_settings
from partnerships.store.backup import BackupError, manifest_path
from partnerships.store.in_use import BaseInUse, ServerHold
from partnerships.web.app import create_app
from support.server import serving

runner = CliRunner()
COMMAND = Path(sys.executable).parent / "partnerships"


def _sqlite(kb: KnowledgeBase) -> bool:
    return kb.url.startswith("sqlite")


def _foreign_backup(kb: KnowledgeBase, tmp_path: Path) -> Path:
    """A backup file of another application: one table, no schema version, no trail."""
    if _sqlite(kb):
        path = tmp_path / "foreign.sqlite3"
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        con.execute("INSERT INTO notes (body) VALUES ('hello')")
        con.commit()
        con.close()
        return path
    base = kb.url.rsplit("/", 1)[0]
    admin = create_engine(f"{base}/postgres".replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")  # fmt: skip
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS partnerships_foreign"))
        conn.execute(text("CREATE DATABASE partnerships_foreign"))
    admin.dispose()
    foreign_url = f"{base}/partnerships_foreign"
    eng = create_engine(foreign_url.replace("postgresql://", "postgresql+psycopg://"))
    with eng.begin() as conn:
        conn.execute(text("CREATE TABLE notes (id serial PRIMARY KEY, body text)"))
        conn.execute(text("INSERT INTO notes (body) VALUES ('hello')"))
    eng.dispose()
    from partnerships.store.backup import _pg_env, _run

    path = tmp_path / "foreign.dump"
    args, env = _pg_env(foreign_url)
    _run(["pg_dump", "-Fc", "-f", str(path), *args], env, "dump")
    return path


def test_a_foreign_database_is_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    before = snapshot(kb)
    with pytest.raises(BackupError, match="not a backup of this application"):
        kb.restore(_foreign_backup(kb, tmp_path))
    assert snapshot(kb) == before
    assert audit.verify(kb).intact


def test_a_tampered_audit_trail_in_the_backup_is_refused(
    loaded_kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb = loaded_kb
    target = tmp_path / "base.backup"
    made = kb.backup(target)
    assert made.audit_entries >= 2 and made.schema
    manifest_path(target).unlink()  # no manifest to compare: the content check must catch it
    if _sqlite(kb):
        con = sqlite3.connect(target)
        con.execute("UPDATE audit_log SET actor = 'nobody' WHERE id = 1")
        con.commit()
        con.close()
    else:  # alter the base, back it up again: the dump carries the broken chain
        with kb.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'nobody' WHERE id = 1"))
        from partnerships.store.backup import _pg_env, _run

        args, env = _pg_env(kb.url)
        _run(["pg_dump", "-Fc", "-f", str(target), *args], env, "dump")
        with kb.engine.begin() as conn:
            conn.execute(text("DELETE FROM documents"))  # so that a restore would show
    before = snapshot(kb)
    with pytest.raises(BackupError, match="audit trail in the backup is not intact"):
        kb.restore(target)
    assert snapshot(kb) == before


def test_a_changed_backup_does_not_match_its_manifest(
    loaded_kb: KnowledgeBase, tmp_path: Path
) -> None:
    kb = loaded_kb
    target = tmp_path / "base.backup"
    kb.backup(target)
    manifest = json.loads(manifest_path(target).read_text())
    assert manifest["application"] == "partnerships" and manifest["tables"]["documents"] > 0
    with target.open("ab") as fh:
        fh.write(b"\0" * 16)
    with pytest.raises(BackupError, match="does not match its manifest"):
        kb.restore(target)


def test_a_backup_of_a_newer_or_unknown_schema_is_refused(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    if not _sqlite(kb):
        pytest.skip("the revision check is shared; the SQLite file is easy to alter")
    target = tmp_path / "base.backup"
    kb.backup(target)
    manifest_path(target).unlink()
    con = sqlite3.connect(target)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(BackupError, match="newer version"):
        kb.restore(target)


def test_restore_is_refused_while_a_server_runs(loaded_kb: KnowledgeBase, tmp_path: Path) -> None:
    kb = loaded_kb
    target = tmp_path / "base.backup"
    kb.backup(target)
    with TestClient(create_app(kb)) as client:  # the lifespan holds the base, as uvicorn does
        assert client.get("/api/v1/documenten").status_code == 200
        with pytest.raises(BaseInUse, match="a server is using this knowledge base"):
            kb.restore(target)
        assert client.get("/api/v1/documenten").status_code == 200
    kb.restore(target)  # server stopped: allowed


def test_a_server_does_not_start_during_a_restore(kb: KnowledgeBase) -> None:
    from partnerships.store.in_use import exclusive_use

    with exclusive_use(kb.url), pytest.raises(BaseInUse, match="being restored"):
        ServerHold(kb.url)
    ServerHold(kb.url).release()


def test_restore_under_a_real_server_process_is_refused(
    loaded_kb: KnowledgeBase, tmp_path: Path
) -> None:
    """`partnerships serve` as a process of its own, then `partnerships restore`."""
    kb = loaded_kb
    target = tmp_path / "base.backup"
    kb.backup(target)
    env = {
        **os.environ,
        "PARTNERSHIPS_DATABASE_URL": kb.url,
        "PARTNERSHIPS_DATA_DIR": str(tmp_path),
    }
    with serving(COMMAND, env):
        done = subprocess.run(
            [str(COMMAND), "restore", "--yes", str(target)], env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 1
        assert "a server is using this knowledge base" in done.stderr
    done = subprocess.run([str(COMMAND), "restore", "--yes", str(target)], env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_removed_newest_audit_entries_are_detected(kb: KnowledgeBase) -> None:
    for n in range(5):
        audit.record(kb, "tester", "edit", f"thing:{n}")
    anchor = kb.audit_anchor()
    assert anchor is not None and anchor[0] == 5
    assert audit.verify(kb).intact
    with kb.engine.begin() as conn:  # someone with access to the base drops the newest two
        conn.execute(text("DELETE FROM audit_log WHERE id > 3"))
    report = audit.verify(kb)
    assert not report.intact
    assert any("newest entries removed" in p for p in report.problems)


def test_restore_anchors_the_restored_head(kb: KnowledgeBase, tmp_path: Path) -> None:
    audit.record(kb, "tester", "edit", "before")
    target = tmp_path / "base.backup"
    made = kb.backup(target)
    for n in range(3):
        audit.record(kb, "tester", "edit", f"after:{n}")
    kb.restore(target)
    assert kb.audit_anchor() == (made.audit_entries, made.audit_head)
    assert audit.verify(kb).intact


def test_backups_and_the_base_are_private(kb: KnowledgeBase, tmp_path: Path) -> None:
    target = tmp_path / "out" / "base.backup"
    kb.backup(target)
    for path in (target, manifest_path(target), kb.settings.audit_head_file):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    if _sqlite(kb):
        base = Path(kb.url.split("///", 1)[1])
        assert stat.S_IMODE(base.stat().st_mode) == 0o600
        assert stat.S_IMODE(Path(kb.settings.data_dir).stat().st_mode) == 0o700


def test_cli_says_what_to_do_under_a_server(
    loaded_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERSHIPS_DATABASE_URL", loaded_kb.url)
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        target = tmp_path / "cli.backup"
        assert runner.invoke(app, ["backup", str(target)]).exit_code == 0
        hold = ServerHold(loaded_kb.url)
        try:
            refused = runner.invoke(app, ["restore", "--yes", str(target)])
        finally:
            hold.release()
        assert refused.exit_code == 1
        assert "stop every server process" in refused.stderr
        foreign = _foreign_backup(loaded_kb, tmp_path)
        refused = runner.invoke(app, ["restore", "--yes", str(foreign)])
        assert refused.exit_code == 1 and "not a backup of this application" in refused.stderr
    finally:
        get_settings.cache_clear()
