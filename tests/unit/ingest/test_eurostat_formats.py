"""Eurostat's three download formats, read from the real files in ../shared/data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from partnerships.ingest.eurostat import ImportProblem, country_code, read_eurostat


@pytest.fixture(scope="module")
def eurostat(shared: Path) -> Path:
    return shared / "data" / "eurostat"


def test_old_export_csv_windows_1252_separators_missing_and_flags(eurostat: Path) -> None:
    ds, obs = read_eurostat(eurostat / "migr_eiord_by_citizenship_2017-export.csv")
    assert ds == "migr_eiord" and len(obs) == 28545
    first = obs[0]
    assert (first.geo, first.citizen, first.time, first.value, first.flags) == (
        "EU28", "HRV", "2012", 940.0, "d")  # fmt: skip
    mkd = next(o for o in obs if o.citizen == "MKD" and o.geo == "EU28" and o.time == "2012")
    assert mkd.value == 4675.0  # '4,675' with a thousands separator
    assert any(o.value is None for o in obs)  # ':' is missing, not zero
    assert {"CIV", "STP", "XKX", "CHN"} <= {
        o.citizen for o in obs
    }  # cp1252 names and Eurostat's own


def test_sdmx_csv_with_labels(eurostat: Path) -> None:
    ds, obs = read_eurostat(eurostat / "migr_asyappctza_sdmx.csv")
    assert ds == "migr_asyappctza" and len(obs) == 1080
    assert obs[0].geo == "AUT" and obs[0].citizen == "TOTAL" and obs[0].value == 12750.0
    assert ("asyl_app", "ASY_APP") in obs[0].dims


def _without_labels(src: Path, dst: Path) -> None:
    rows = list(csv.reader(src.open(encoding="utf-8")))
    keep = [i for i, h in enumerate(rows[0]) if h.isupper() or h.islower()]
    with dst.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([[r[i] for i in keep] for r in rows])


def test_sdmx_csv_without_labels(eurostat: Path, tmp_path: Path) -> None:
    plain = tmp_path / "migr_asyappctza_plain.csv"
    _without_labels(eurostat / "migr_asyappctza_sdmx.csv", plain)
    _, with_labels = read_eurostat(eurostat / "migr_asyappctza_sdmx.csv")
    _, without = read_eurostat(plain)
    assert [(*o.key, o.value) for o in without] == [(*o.key, o.value) for o in with_labels]


def test_tsv_bulk_format_with_flags_on_values(eurostat: Path, tmp_path: Path) -> None:
    _, obs = read_eurostat(eurostat / "migr_asyappctza_sdmx.csv")
    years = sorted({o.time for o in obs})
    geos = sorted({o.geo for o in obs if o.geo != "EU28"})[:5]
    by = {(o.geo, o.time): o.value for o in obs}
    lines = [
        "freq,citizen,sex,unit,age,asyl_app,geo\\TIME_PERIOD\t" + "\t".join(f"{y} " for y in years)
    ]
    alpha2 = {"AUT": "AT", "BEL": "BE", "BGR": "BG", "CHE": "CH", "CYP": "CY"}
    for g in geos:
        cells = []
        for i, y in enumerate(years):
            v = by.get((g, y))
            cells.append(":" if v is None else (f"{int(v)} p" if i == 0 else f"{int(v)} "))
        lines.append(f"A,TOTAL,T,PER,TOTAL,ASY_APP,{alpha2[g]}\t" + "\t".join(cells))
    tsv = tmp_path / "estat_migr_asyappctza.tsv"
    tsv.write_text("\n".join(lines) + "\n", "utf-8")
    ds, read = read_eurostat(tsv)
    assert ds == "migr_asyappctza"
    assert {(o.geo, o.time): o.value for o in read} == {k: v for k, v in by.items() if k[0] in geos}
    assert {o.flags for o in read if o.time == years[0]} == {"p"}


@pytest.mark.parametrize(
    ("line", "row", "column", "what"),
    [
        ('"2012","Belgium","Morocco","Person","12x5",""', 3, "Value", "number"),
        ('"twaalf","Belgium","Morocco","Person","125",""', 3, "TIME", "year"),
        ('"2012","Belgium","Atlantis","Person","125",""', 3, "CITIZEN", "Atlantis"),
        ('"2012","Belgium","Morocco","Person"', 3, None, "columns"),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_column(
    tmp_path: Path, line: str, row: int, column: str | None, what: str
) -> None:
    bad = tmp_path / "migr_eiord_bad.csv"
    bad.write_text(
        '"TIME","GEO","CITIZEN","UNIT","Value","Flag and Footnotes"\n'
        '"2012","Belgium","Morocco","Person","1,250",""\n' + line + "\n",
        "cp1252",
    )
    with pytest.raises(ImportProblem) as exc:
        read_eurostat(bad)
    assert (exc.value.row, exc.value.column) == (row, column)
    assert what in str(exc.value) and "migr_eiord_bad.csv" in str(exc.value)


def test_country_names_and_aggregates() -> None:
    assert country_code("Morocco") == "MAR"
    assert country_code("EL") == "GRC" and country_code("UK") == "GBR"
    assert country_code("European Union (28 countries)") == "EU28"
    assert country_code("Total") == "TOTAL" and country_code("Extra-EU-28") == "EXT_EU28"
    assert country_code("Germany (until 1990 former territory of the FRG)") == "DEU"
    assert country_code("Nowhere Land") is None
    with pytest.raises(ImportProblem, match="not a Eurostat"):
        read_eurostat(Path(__file__))  # not a Eurostat file: names the problem


def test_unknown_dataset_needs_naming(tmp_path: Path) -> None:
    f = tmp_path / "download.csv"
    f.write_text('"TIME","GEO","CITIZEN","UNIT","Value"\n"2012","Belgium","Morocco","Person","1"\n')
    with pytest.raises(ImportProblem, match="--dataset"):
        read_eurostat(f)
    ds, obs = read_eurostat(f, "migr_eirtn")
    assert ds == "migr_eirtn" and obs[0].citizen == "MAR"
