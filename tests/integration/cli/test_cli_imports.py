"""`partnerships import table|frontex` as a user runs them: one line per file, a refused file
named on stderr with exit code 1, the same file again reported unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerships.cli import app
from partnerships.ingest.analyst_table import COLUMNS
from partnerships.settings import get_settings

runner = CliRunner()


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("PARTNERSHIPS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PARTNERSHIPS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_import_table_reports_each_run(data_dir: Path) -> None:
    table = data_dir / "tabel.csv"
    table.write_text(
        ";".join(COLUMNS) + "\nMarokko;identificatie_reactietijd;2024;45,5;dagen;DT&V;\n", "utf-8"
    )
    first = runner.invoke(app, ["import", "table", str(table), "--release", "2024-Q4"])
    assert first.exit_code == 0, first.output
    assert f"{table}: analyst_table, release 2024-Q4: 1 rijen geïmporteerd" in first.stdout
    again = runner.invoke(app, ["import", "table", str(table), "--release", "2024-Q4"])
    assert "1 rijen ongewijzigd" in again.stdout


def test_a_refused_file_exits_1_and_names_the_problem(data_dir: Path) -> None:
    bad = data_dir / "fout.csv"
    bad.write_text(";".join(COLUMNS) + "\nAtlantis;diplomatieke_post;2024;ja;;BZ;\n", "utf-8")
    result = runner.invoke(app, ["import", "table", str(bad)])
    assert result.exit_code == 1
    assert "fout.csv, rij 2, kolom land: geen land: 'Atlantis'" in result.stderr
    missing = runner.invoke(app, ["import", "frontex", str(data_dir / "geen.xlsx")])
    assert missing.exit_code == 1
    assert "geen.xlsx" in missing.stderr and "bestand bestaat niet" in missing.stderr
