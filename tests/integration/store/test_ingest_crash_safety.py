"""Killing ingest half-way (SIGKILL) leaves a consistent base, and the next run completes
the work. Real processes, real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings
from partnerships.store.repository import DocumentRepository
from partnerships.store.schema import Document

COMMAND = Path(sys.executable).parent / "partnerships"
N_LETTERS = 40


def _corpus(letters_dir: Path, folder: Path) -> None:
    """Distinct letters (kenmerk, date and figures vary) made from the real letter c."""
    source = (letters_dir / "c-voortgang-integrale-migratieagenda.md").read_text("utf-8")
    folder.mkdir()
    for i in range(N_LETTERS):
        text = (
            source.replace("3001668", str(4000000 + i))
            .replace("11 januari 2021", f"{1 + i % 28} februari 2021")
            .replace("76.000", f"{76 + i}.000")
        )
        (folder / f"brief-{i:03d}.md").write_text(text, "utf-8")


def test_kill_9_during_ingest_leaves_a_consistent_base(
    kb_settings: Settings, letters_dir: Path, tmp_path: Path
) -> None:
    kb = KnowledgeBase(kb_settings)
    kb.upgrade()
    folder = tmp_path / "brieven"
    _corpus(letters_dir, folder)
    env = os.environ | {
        "PARTNERSHIPS_DATABASE_URL": kb.url,
        "PARTNERSHIPS_DATA_DIR": str(tmp_path),
        "PARTNERSHIPS_WORKERS": "2",
        # small batches, so that the kill falls between and inside committed batches
        "PARTNERSHIPS_INGEST_BATCH": "4",
    }
    proc = subprocess.Popen(
        [str(COMMAND), "ingest", str(folder)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        with kb.session() as s:
            stored = s.scalar(select(func.count()).select_from(Document)) or 0
        if stored >= 5:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with kb.session() as s:
        partial = s.scalar(select(func.count()).select_from(Document)) or 0
        assert 5 <= partial < N_LETTERS
        assert DocumentRepository(s).consistency_problems() == []
        if kb.url.startswith("sqlite"):
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            fts = s.execute(text("SELECT count(*) FROM documents_fts")).scalar()
            assert fts == partial

    rerun = subprocess.run(
        [str(COMMAND), "ingest", str(folder)],
        env=env,
        timeout=600,
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{N_LETTERS - partial} nieuw" in rerun.stderr
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == N_LETTERS
        assert DocumentRepository(s).consistency_problems() == []
    kb.engine.dispose()
