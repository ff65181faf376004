"""Eurostat imports into the knowledge base (SQLite and PostgreSQL): all or nothing,
idempotent, newer releases supersede but keep older values, effective return rate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from partnerships.domain.context import LOCAL_USER
from partnerships.ingest.eurostat import ImportProblem
from partnerships.services.indicators import country_indicators, import_eurostat, releases
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.indicators import IndicatorRepository
from partnerships.store.schema import IndicatorRelease, IndicatorValue


@pytest.fixture()
def eurostat(shared: Path) -> Path:
    return shared / "data" / "eurostat"


def _count(kb: KnowledgeBase, model: type) -> int:
    with kb.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_import_all_real_files_and_again(kb: KnowledgeBase, eurostat: Path) -> None:
    results = [import_eurostat(kb, f) for f in sorted(eurostat.iterdir())]
    assert [r.status for r in results] == ["imported"] * 4
    assert sum(r.rows for r in results) == _count(kb, IndicatorValue) == 60006
    again = [import_eurostat(kb, f) for f in sorted(eurostat.iterdir())]
    assert [r.status for r in again] == ["unchanged"] * 4
    assert _count(kb, IndicatorValue) == 60006 and _count(kb, IndicatorRelease) == 4


def test_effective_return_rate(kb: KnowledgeBase, eurostat: Path) -> None:
    for name in (
        "migr_eiord_by_citizenship_2017-export.csv",
        "migr_eirtn_by_citizenship_2017-export.csv",
    ):
        import_eurostat(kb, eurostat / name)
    data = country_indicators(kb, LOCAL_USER, "Morocco")
    assert data is not None and data.country == "MAR"
    y2012 = next(r for r in data.series if r.year == "2012")
    assert (y2012.orders, y2012.returned) == (35510.0, 14385.0)
    assert y2012.rate == 40.5
    assert len(y2012.sources) == 2 and "populations differ" in data.caveat
    assert country_indicators(kb, LOCAL_USER, "Atlantis") is None


def test_a_bad_file_writes_nothing(kb: KnowledgeBase, eurostat: Path, tmp_path: Path) -> None:
    good = (eurostat / "migr_eiord_by_citizenship_2017-export.csv").read_bytes()
    bad = tmp_path / "migr_eiord_broken.csv"
    bad.write_bytes(good + b'"2016","Belgium","Morocco","Person","veel",""\r\n')
    with pytest.raises(ImportProblem, match=r"row 28547, column Value"):
        import_eurostat(kb, bad)
    assert _count(kb, IndicatorValue) == 0 and _count(kb, IndicatorRelease) == 0


def test_newer_release_supersedes_and_keeps_the_old(
    kb: KnowledgeBase, eurostat: Path, tmp_path: Path
) -> None:
    first = tmp_path / "migr_eiord_v1.csv"
    shutil.copy(eurostat / "migr_eiord_by_citizenship_2017-export.csv", first)
    import_eurostat(kb, first, release="2017-03")
    text = (
        first.read_bytes()
        .decode("cp1252")
        .replace('"2012","Belgium","Morocco","Person","', '"2012","Belgium","Morocco","Person","9')
    )
    second = tmp_path / "migr_eiord_v2.csv"
    second.write_bytes(text.encode("cp1252"))
    assert import_eurostat(kb, second, release="2018-03").status == "imported"
    with kb.session() as s:
        repo = IndicatorRepository(s)
        now = repo.series("migr_eiord", "MAR", "BEL")
        both = repo.series("migr_eiord", "MAR", "BEL", include_superseded=True)
    current_2012 = [v for v, _ in now if v.period == "2012"]
    assert len(current_2012) == 1 and str(int(current_2012[0].value or 0)).startswith("9")
    assert len([v for v, _ in both if v.period == "2012"]) == 2
    listed = {r["release"]: r for r in releases(kb, LOCAL_USER)}
    assert listed["2017-03"]["actueel"] == 0 and listed["2018-03"]["actueel"] == 28545


def test_cli_import_and_indicators(database_url: str, tmp_path: Path, eurostat: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    command = Path(sys.executable).parent / "partnerships"
    env = os.environ | {
        "PARTNERSHIPS_DATABASE_URL": database_url,
        "PARTNERSHIPS_DATA_DIR": str(tmp_path),
    }
    bad = tmp_path / "migr_eirtn_bad.csv"
    bad.write_text(
        '"TIME","GEO","CITIZEN","UNIT","Value"\n"2012","Belgium","Atlantis","Person","1"\n',
        "cp1252",
    )
    files = [str(p) for p in sorted(eurostat.iterdir())]
    run = subprocess.run(
        [str(command), "import", "eurostat", *files, str(bad)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 1
    assert run.stdout.count("rijen geïmporteerd") == 4
    assert "migr_eirtn_bad.csv, rij 2, kolom CITIZEN: onbekend land of aggregaat" in run.stderr
    shown = subprocess.run(
        [str(command), "indicators", "MAR", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    data = json.loads(shown.stdout)
    assert data["land"] == "MAR" and data["reeks"][0]["effectiefTerugkeerpercentage"] == 40.5


def test_asylum_recognition_rate(kb: KnowledgeBase, eurostat: Path) -> None:
    import_eurostat(kb, eurostat / "migr_asydcfsta_2017-export.csv")
    data = country_indicators(kb, LOCAL_USER, "Extra-EU-28")
    assert data is not None
    y2008 = next(r for r in data.recognition if r.year == "2008")
    assert (y2008.decisions, y2008.positive) == (213925.0, 57945.0)
    assert y2008.rate == 27.1
