"""kill -9 during an import or during a stream of edits leaves a consistent base: the
import is there completely or not at all, every stored decision has its audit entry, the
version numbers have no gaps, the audit chain is intact, and work goes on afterwards. Real
processes and databases (SQLite and PostgreSQL). Ingest: test_ingest_crash_safety.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from partnerships.domain.context import LOCAL_USER
from partnerships.domain.decisions import DecisionRecord
from partnerships.services import audit, decisions
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings
from partnerships.store.schema import AuditEntry, DecisionRow, ProgrammeRow

COMMAND = Path(sys.executable).parent / "partnerships"
IATI = next((Path(__file__).resolve().parents[3] / "examples" / "data" / "iati").glob("*.xml"))
EDITOR = """
import sys
from pathlib import Path
from partnerships.domain.context import UserContext
from partnerships.domain.decisions import DecisionRecord
from partnerships.services import decisions
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings
kb = KnowledgeBase(Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2] or None))
user = UserContext("editor", frozenset({"analyst"}), "vertrouwelijk")
i = 0
while True:
    i += 1
    country = ("MAR", "TUN", "NGA")[i % 3]
    decisions.record_decision(kb, user, DecisionRecord(country, f"Besluit {i}", (), "m", "a"))
"""


def _env(kb: KnowledgeBase, tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "PARTNERSHIPS_DATABASE_URL": kb.url,
        "PARTNERSHIPS_DATA_DIR": str(tmp_path),
    }


def _consistent(kb: KnowledgeBase) -> None:
    assert audit.verify(kb).intact
    if kb.url.startswith("sqlite"):
        with kb.session() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_kill_9_during_an_iati_import_keeps_all_or_nothing(
    kb_settings: Settings, tmp_path: Path
) -> None:
    kb = KnowledgeBase(kb_settings)
    kb.upgrade()
    env = _env(kb, tmp_path)
    seen = set()
    for delay in (0.3, 0.8, 1.5, 3.0):  # from reading the file to writing the activities
        proc = subprocess.Popen(
            [str(COMMAND), "import", "iati", str(IATI)],
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        with kb.session() as s:
            seen.add(s.scalar(select(func.count()).select_from(ProgrammeRow)))
        _consistent(kb)
    full = subprocess.run(
        [str(COMMAND), "import", "iati", str(IATI)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert full.returncode == 0, full.stderr
    with kb.session() as s:
        expected = s.scalar(select(func.count()).select_from(ProgrammeRow))
    assert expected and seen <= {0, expected}  # never a part of the file
    _consistent(kb)
    kb.engine.dispose()


def test_kill_9_during_edits_leaves_every_decision_with_its_audit_entry(
    kb_settings: Settings, tmp_path: Path
) -> None:
    kb = KnowledgeBase(kb_settings)
    kb.upgrade()
    kb.seed_countries()
    url = kb.url if not kb.url.startswith("sqlite") else str(kb_settings.database_url or "")
    proc = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(kb_settings.data_dir), url],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None and stored < 30:
        with kb.session() as s:
            stored = s.scalar(select(func.count()).select_from(DecisionRow)) or 0
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _consistent(kb)
    with kb.session() as s:
        rows = list(s.execute(select(DecisionRow.country, DecisionRow.version)))
        logged = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "decision")
        )
    assert len(rows) >= 30 and logged == len(
        rows
    )  # a decision and its audit entry: both or neither
    for country in {c for c, _ in rows}:
        versions = sorted(v for c, v in rows if c == country)
        assert versions == list(range(1, len(versions) + 1))
    after = decisions.record_decision(
        kb, LOCAL_USER, DecisionRecord("MAR", "Na de crash", (), "m", "a")
    )
    assert after.shown == 1 + sum(1 for c, _ in rows if c == "MAR")
    _consistent(kb)
    kb.engine.dispose()
