"""The ingest summary tells the truth, and what is not a letter is never stored (issue #21,
items 6 and 7): files rolled back on a full disk are failures only; two ingests of one
folder at once neither fail nor double-count; empty and non-letter files are refused with
a specific message; an import on a full disk is one line, not a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.ingest.eurostat import ImportProblem
from partnerships.services.indicators import import_table
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings, get_settings
from partnerships.store.schema import Document, IndicatorRelease

REPO = Path(__file__).resolve().parents[3]
COMMAND = Path(sys.executable).parent / "partnerships"
runner = CliRunner()


def _sqlite_kb(tmp_path: Path) -> KnowledgeBase:
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", workers=1))
    kb.upgrade()
    return kb


def _fill_the_disk(kb: KnowledgeBase, spare_pages: int) -> None:
    """SQLite's own 'database or disk is full', as on a real full disk: the file may not
    grow past its current size plus ``spare_pages``."""
    with kb.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()
    limit = pages + spare_pages

    @event.listens_for(kb.engine, "connect")
    def _limit(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {limit}")

    kb.engine.dispose()


def _documents(kb: KnowledgeBase) -> int:
    with kb.session() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def test_files_rolled_back_on_a_full_disk_are_counted_as_failed(
    tmp_path: Path, letters_dir: Path
) -> None:
    kb = _sqlite_kb(tmp_path)
    _fill_the_disk(kb, spare_pages=60)
    report = kb.ingest([letters_dir])
    stored = _documents(kb)
    assert report.failed, "the limit must make some files fail"
    assert all("full" in str(reason) for _path, reason in report.failed)
    assert len(report.new) == stored  # 'new' means stored
    assert len(report.new) + len(report.updated) + len(report.unchanged) + len(report.failed) == (
        report.total
    )
    counted = [p for group in (report.new, report.updated, report.unchanged) for p in group]
    assert not set(counted) & {p for p, _ in report.failed}  # no file in two groups


def test_import_on_a_full_disk_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = _sqlite_kb(tmp_path)
    _fill_the_disk(kb, spare_pages=1)
    table = REPO / "examples" / "data" / "tables" / "analisten-voorbeeld.csv"
    with pytest.raises(ImportProblem, match=r"could not be stored, nothing was written: .*full"):
        import_table(kb, table)
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorRelease)) == 0


def test_two_ingests_of_one_folder_at_once(tmp_path: Path, letters_dir: Path) -> None:
    folder = tmp_path / "letters"
    shutil.copytree(letters_dir, folder)
    kb = _sqlite_kb(tmp_path)
    env = {"PARTNERSHIPS_DATA_DIR": str(tmp_path / "data"), "PARTNERSHIPS_WORKERS": "1",
           "PATH": str(COMMAND.parent)}  # fmt: skip
    procs = [
        subprocess.Popen(
            [str(COMMAND), "ingest", str(folder)],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, (out, err)
        assert "IntegrityError" not in out + err and "Traceback" not in err
    counts = [re.search(r"(\d+) nieuw, (\d+) bijgewerkt, (\d+) ongewijzigd, (\d+) mislukt", err)
              for _, err in outputs]  # fmt: skip
    assert all(counts)
    new = sum(int(m.group(1)) for m in counts if m)
    # every letter is new in exactly one of the two runs; the base holds each once
    assert new == _documents(kb)
    assert all(int(m.group(4)) == 0 for m in counts if m)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bom-only.md", b"\xef\xbb\xbf", "the body is empty"),
        ("empty.html", b"<html><head><title></title></head><body></body></html>", "body is empty"),
        ("hello.xyz", b"hello", "unsupported file type '.xyz'"),
        ("hello.txt", b"hello", "no letter found: 1 word"),
        ("garbage.txt", bytes(range(1, 32)) * 40 + b"abc" * 10, "not readable text"),
        ("glyphs.txt", ("\x03\x11\x0f\x1c" * 2000).encode(), "not readable text"),
        ("invalid-utf8.md", b"\xff\xfe\xfa\xfb\x80\x81" * 300, "not readable text"),
        (
            "mojibake.txt",
            (
                "De staatssecretaris heeft de CoÃ¶rdinatie en het Ã©Ã©n â€™ overleg gevoerd. " * 30
            ).encode(),
            "garbled",
        ),
    ],
)
def test_what_is_not_a_letter_is_refused(tmp_path: Path, name: str, content: bytes,
                                         problem: str) -> None:  # fmt: skip
    kb = _sqlite_kb(tmp_path)
    path = tmp_path / name
    path.write_bytes(content)
    report = kb.ingest([path])
    assert not report.new and not report.updated
    assert len(report.failed) == 1 and problem in str(report.failed[0][1]), report.failed
    assert str(report.failed[0][1]).startswith(str(path))
    assert _documents(kb) == 0


def test_cli_import_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    kb = _sqlite_kb(tmp_path)
    kb.engine.dispose()
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(data))
    get_settings.cache_clear()
    from partnerships.store import engine as engine_module

    real = engine_module.make_engine

    def limited(url: str):  # type: ignore[no-untyped-def]
        made = real(url)

        @event.listens_for(made, "connect")
        def _limit(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 1}")

        return made

    monkeypatch.setattr("partnerships.services.knowledge_base.make_engine", limited)
    try:
        table = REPO / "examples" / "data" / "tables" / "analisten-voorbeeld.csv"
        done = runner.invoke(app, ["import", "table", str(table)])
    finally:
        get_settings.cache_clear()
    assert done.exit_code == 1
    assert ("Traceback" not in done.output and done.exception is None) or isinstance(
        done.exception, SystemExit
    )
    assert "kon niet worden opgeslagen, er is niets geschreven" in done.stderr  # Dutch CLI
    assert len(done.stderr.strip().splitlines()) == 1
