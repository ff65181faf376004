"""Analyst tables: the template, CSV (Dutch Excel and plain) and XLSX, strict validation,
releases that supersede, and the template offered by the web app."""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pytest

from partnerships.domain.context import LOCAL_USER
from partnerships.ingest.analyst_table import COLUMNS, read_table, template_csv
from partnerships.ingest.eurostat import ImportProblem
from partnerships.services.indicators import analyst_values, import_table
from partnerships.services.knowledge_base import KnowledgeBase

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HEADER = ";".join(COLUMNS)


def _csv(tmp_path: Path, name: str, lines: list[str], sep: str = ";") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER.replace(";", sep), *lines]) + "\n", "utf-8")
    return path


def test_the_template_is_a_valid_table(tmp_path: Path) -> None:
    path = tmp_path / "sjabloon.csv"
    path.write_text(template_csv(), "utf-8")
    (obs,) = read_table(path)
    assert (obs.geo, obs.time, obs.value) == ("MAR", "2024", 45.0)


def test_dutch_excel_csv_plain_csv_and_xlsx(tmp_path: Path) -> None:
    dutch = _csv(
        tmp_path,
        "nl.csv",
        [
            "Marokko;identificatie_reactietijd;2024;45,5;dagen;DT&V;",
            "TUN;diplomatieke_post;2025;ja;;BZ;",
            "Egypte;terugnameovereenkomst;2023-06;in werking;;BZ;x",
        ],
    )
    plain = _csv(tmp_path, "en.csv", ["MAR,identificatie_reactietijd,2024,45.5,dagen,DT&V,"], ",")
    wb = openpyxl.Workbook()
    wb.active.append(list(COLUMNS))
    wb.active.append(["NGA", "laissez_passer_acceptatie", "2024", 80, "%", "EU", ""])
    xlsx = tmp_path / "tabel.xlsx"
    wb.save(xlsx)
    nl = read_table(dutch)
    assert [(o.geo, o.value) for o in nl] == [("MAR", 45.5), ("TUN", 1.0), ("EGY", None)]
    assert dict(nl[2].dims)["categorie"] == "in werking"
    assert read_table(plain)[0].value == 45.5
    assert read_table(xlsx)[0].geo == "NGA"


@pytest.mark.parametrize(
    ("line", "column", "what"),
    [
        ("Atlantis;diplomatieke_post;2024;ja;;;", "land", "not a country"),
        ("EU28;diplomatieke_post;2024;ja;;;", "land", "not a country"),
        ("MAR;vriendschap;2024;ja;;;", "indicator", "unknown indicator"),
        ("MAR;diplomatieke_post;vorig jaar;ja;;;", "periode", "JJJJ"),
        ("MAR;diplomatieke_post;2024;misschien;;;", "waarde", "ja or nee"),
        ("MAR;identificatie_reactietijd;2024;snel;;;", "waarde", "number"),
        ("MAR;terugnameovereenkomst;2024;bijna;;;", "waarde", "one of"),
    ],
)
def test_a_wrong_cell_is_named(tmp_path: Path, line: str, column: str, what: str) -> None:
    path = _csv(tmp_path, "fout.csv", ["MAR;diplomatieke_post;2023;ja;;;", line])
    with pytest.raises(ImportProblem) as exc:
        read_table(path)
    assert (exc.value.row, exc.value.column) == (3, column) and what in str(exc.value)


def test_duplicate_rows_and_missing_columns(tmp_path: Path) -> None:
    dup = _csv(
        tmp_path,
        "dup.csv",
        ["MAR;diplomatieke_post;2023;ja;;;", "MAR;diplomatieke_post;2023;nee;;;"],
    )
    with pytest.raises(ImportProblem, match=r"row 3.*same country, indicator and period as row 2"):
        read_table(dup)
    bad = tmp_path / "kolommen.csv"
    bad.write_text("land;waarde\nMAR;1\n", "utf-8")
    with pytest.raises(ImportProblem, match="missing columns"):
        read_table(bad)


def test_import_supersedes_and_shows_sources(kb: KnowledgeBase, tmp_path: Path) -> None:
    first = _csv(tmp_path, "t1.csv", ["MAR;identificatie_reactietijd;2024;60;dagen;DT&V Q1;"])
    second = _csv(tmp_path, "t2.csv", ["MAR;identificatie_reactietijd;2024;45;dagen;DT&V Q4;"])
    assert import_table(kb, first, "Q1").status == "imported"
    assert import_table(kb, first, "Q1").status == "unchanged"
    assert import_table(kb, second, "Q4").status == "imported"
    (current,) = analyst_values(kb, LOCAL_USER, "MAR")
    assert (current.value, current.source, current.release) == (45.0, "DT&V Q4", "Q4")


def test_the_app_offers_the_template(kb: KnowledgeBase) -> None:
    from partnerships.web.app import create_app

    r = TestClient(create_app(kb)).get("/sjablonen/indicatoren.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"] and HEADER in r.text


def test_rows_are_the_lines_and_rows_a_person_sees(tmp_path: Path) -> None:
    """The template starts with explanation lines: a problem, and a value's footnote, name
    the file's own line (comments and blank lines count), and the spreadsheet's own row."""
    text = template_csv() + "\nMAR;diplomatieke_post;2024;misschien;;;;\n"
    path = tmp_path / "ingevuld.csv"
    path.write_text(text, "utf-8")
    line = text.splitlines().index("MAR;diplomatieke_post;2024;misschien;;;;") + 1
    assert line > 10
    with pytest.raises(ImportProblem) as exc:
        read_table(path)
    assert (exc.value.row, exc.value.column) == (line, "waarde")
    good = tmp_path / "goed.csv"
    good.write_text(text.replace("misschien", "ja"), "utf-8")
    kept = {dict(o.dims)["indicator"]: dict(o.dims) for o in read_table(good)}
    assert kept["diplomatieke_post"]["rij"] == str(line)
    assert kept["identificatie_reactietijd"]["ingevoerd_door"] == "naam analist, directie"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Tabel van de taskforce"])  # a title row, then a blank row
    ws.append([])
    ws.append(list(COLUMNS))
    ws.append(["MAR", "diplomatieke_post", "2024", "ja", "", "", "", "C. Collega"])
    sheet = tmp_path / "tabel.xlsx"
    wb.save(sheet)
    with pytest.raises(ImportProblem) as missing:
        read_table(sheet)  # the title row is taken as the header: named by its row
    assert missing.value.row == 1
    ws["A1"] = None  # the title removed: the first non-empty row (3) is the header
    wb.save(sheet)
    (value,) = read_table(sheet)
    assert dict(value.dims)["rij"] == "4" and dict(value.dims)["ingevoerd_door"] == "C. Collega"
