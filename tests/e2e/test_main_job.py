"""The main job as a user runs it: the installed `partnerships` command in its own process,
over the letters bundled in examples/ (end-to-end, no test doubles)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COMMAND = Path(sys.executable).parent / "partnerships"


def test_extract_bundled_examples_as_json_lines() -> None:
    proc = subprocess.run(
        [str(COMMAND), "extract", "--json", str(REPO / "examples" / "letters")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    by_name = {Path(r["source"]).name: r for r in rows}
    assert len(by_name) == 7
    assert by_name["d-emissies-luchtvaart.pdf"]["kenmerk"] == "IENW/BSK-2022/268034"
    assert by_name["e-herijkte-missies.pdf"]["signatories"][0]["name"] == "M.A.M. Adriaansens"
    assert by_name["c-voortgang-integrale-migratieagenda.md"]["addressee"] == "Eerste Kamer"
    assert by_name["f-bnc-fiche-not-a-letter.pdf"]["date"] is None


def test_summary_and_exit_code_with_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf")
    proc = subprocess.run(
        [
            str(COMMAND),
            "extract",
            str(REPO / "examples" / "letters" / "a-migratieovereenkomsten.md"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert "2971694" in proc.stdout
    assert "kapot.pdf" in proc.stderr
    assert "2 bestanden: 1 gelezen, 1 mislukt" in proc.stderr
