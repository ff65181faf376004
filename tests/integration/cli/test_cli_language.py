"""The command line in one language at a time: help screens, and the readers' and
importers' problems (file, row, column, what is wrong), Dutch unless English is asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).parent / "partnerships"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture()
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "PARTNERSHIPS_DATABASE_URL": database_url,
        "PARTNERSHIPS_DATA_DIR": str(tmp_path),
        "PARTNERSHIPS_WORKERS": "1",
        "COLUMNS": "200",
    }


def test_help_screens_speak_the_setting_language(tmp_path: Path) -> None:
    base = os.environ | {"PARTNERSHIPS_DATA_DIR": str(tmp_path), "COLUMNS": "200"}
    dutch = run(base | {"PARTNERSHIPS_LANGUAGE": "nl"}, "--help")
    assert dutch.returncode == 0, dutch.stderr
    assert "Opdrachten" in dutch.stdout and "Toon deze hulptekst en stop." in dutch.stdout
    assert "Lees brieven en sla ze op in de kennisbank" in dutch.stdout
    assert "Extract and store letters" not in dutch.stdout
    table = run(base | {"PARTNERSHIPS_LANGUAGE": "nl"}, "import", "table", "--help")
    assert "Analistentabel (CSV of XLSX)." in table.stdout
    assert "[standaard: openbaar]" in table.stdout
    english = run(base | {"PARTNERSHIPS_LANGUAGE": "en"}, "import", "table", "--help")
    assert "Analyst table (CSV or XLSX)." in english.stdout and "Options" in english.stdout
    assert "Analistentabel" not in english.stdout


def test_reader_and_importer_problems_in_dutch_and_english(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert run(env, "db", "upgrade").returncode == 0
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"\x00\x01 no pdf at all \x00")
    refused = run(env, "ingest", str(broken))
    assert refused.returncode != 0
    assert f"{broken}: geen leesbare PDF (geen PDF-kop; beschadigd bestand?)" in refused.stderr
    english = run(env | {"PARTNERSHIPS_LANGUAGE": "en"}, "ingest", str(broken))
    assert f"{broken}: not a readable PDF (no PDF header; corrupt file?)" in english.stderr
    table = tmp_path / "tabel.csv"
    table.write_text(
        "land;indicator;periode;waarde\nMAR;diplomatieke_post;2024;misschien\n", "utf-8"
    )  # constructed: one row whose value is not ja or nee
    bad = run(env, "import", "table", str(table))
    assert bad.returncode != 0
    assert f"{table}, rij 2, kolom waarde: ja of nee verwacht, 'misschien' gevonden" in bad.stderr
    said = run(env | {"PARTNERSHIPS_LANGUAGE": "en"}, "import", "table", str(table))
    assert f"{table}, row 2, column waarde: expected ja or nee, found 'misschien'" in said.stderr
