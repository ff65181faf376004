"""The Frontex detections workbook: routes as objects, nationalities as ISO codes, shares
by route; a workbook that is not right is refused with file, row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from partnerships.domain.context import LOCAL_USER
from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.frontex import read_frontex
from partnerships.services.indicators import import_frontex
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.routes import route_detections
from partnerships.store.schema import IndicatorValue, RouteRow


@pytest.fixture(scope="module")
def workbook(shared: Path) -> Path:
    return next((shared / "data" / "frontex").glob("*.xlsx"))


def test_read_the_real_workbook(workbook: Path) -> None:
    release, routes, obs = read_frontex(workbook)
    assert release == "2025-06-03"
    assert {r.id for r in routes} == {"EMR", "CMR", "WMR", "WAR", "WBR", "EBR", "BSR", "CAG", "OTH"}
    emr = next(r for r in routes if r.id == "EMR")
    assert emr.name_nl == "Oostelijke Mediterrane route" and {"GRC", "TUR"} <= set(emr.countries)
    assert len(obs) == 885 * 196
    assert {o.time for o in obs} >= {"2009-01", "2025-04"}
    assert {"SYR", "XKX", "PSE", "COD", "TCN"} <= {o.citizen for o in obs}


def test_columns_and_cells_give_the_same_answer(workbook: Path) -> None:
    """The columnar reader (fastexcel) and the careful one (cell by cell, naming any cell
    that is wrong) read the real workbook to the same routes and values, in order."""
    from python_calamine import CalamineWorkbook

    from partnerships.ingest.frontex import _read_rows, _zones
    from partnerships.ingest.observations import Observations

    _, routes, obs = read_frontex(workbook)
    assert isinstance(obs, Observations)  # the fast path was taken
    wb = CalamineWorkbook.from_path(str(workbook))
    rows = wb.get_sheet_by_name("Detections_of_IBC").to_python()
    careful_routes, careful = _read_rows(str(workbook), rows, _zones(wb))
    assert routes == careful_routes
    assert list(obs) == careful


def test_a_text_among_the_numbers_is_named_by_its_cell(workbook: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    book["Detections_of_IBC"].cell(row=10, column=6, value="n/a")
    path = tmp_path / "frontex.xlsx"
    book.save(path)
    with pytest.raises(ImportProblem) as exc:
        read_frontex(path)
    assert (exc.value.row, exc.value.column) == (10, "F")
    assert "expected a number, found 'n/a'" in str(exc.value)


def test_import_shares_and_idempotence(kb: KnowledgeBase, workbook: Path) -> None:
    assert import_frontex(kb, workbook).status == "imported"
    assert import_frontex(kb, workbook).status == "unchanged"
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 885 * 196
        assert s.scalar(select(func.count()).select_from(RouteRow)) == 9
    syr = [r for r in route_detections(kb, LOCAL_USER, "SYR") if r.year == "2015"]
    assert syr and syr[0].route == "EMR"  # 2015: Syrians came by the Eastern Mediterranean
    assert abs(sum(r.share or 0 for r in syr) - 100) < 0.5
    everyone = [r for r in route_detections(kb, LOCAL_USER) if r.year == "2016"]
    assert sum(r.detections for r in everyone) > 400_000


def _workbook(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Detections_of_IBC"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("header", "rows", "row", "column", "what"),
    [
        (["Route", "Border", "Nationality", "JAN2020"], [], 1, None, "expected columns"),
        (["Route", "Border type or inland", "Nationality", "2020-01"], [], 1, "D", "JAN2009"),
        (
            ["Route", "Border type or inland", "Nationality", "JAN2020"],
            [["Moon Route", "Sea", "Syria", 1]],
            2,
            "A",
            "unknown route",
        ),
        (
            ["Route", "Border type or inland", "Nationality", "JAN2020"],
            [["Black Sea Route", "Air", "Syria", 1]],
            2,
            "B",
            "Land or Sea",
        ),
        (
            ["Route", "Border type or inland", "Nationality", "JAN2020"],
            [["Black Sea Route", "Sea", "Atlantis", 1]],
            2,
            "C",
            "Atlantis",
        ),
        (
            ["Route", "Border type or inland", "Nationality", "JAN2020"],
            [["Black Sea Route", "Sea", "Syria", "veel"]],
            2,
            "D",
            "number",
        ),
    ],
)
def test_a_wrong_workbook_is_refused_with_its_place(
    tmp_path: Path,
    header: list[str],
    rows: list[list[object]],
    row: int,
    column: str | None,
    what: str,
) -> None:
    path = _workbook(tmp_path / "frontex.xlsx", header, rows)
    with pytest.raises(ImportProblem) as exc:
        read_frontex(path)
    assert (exc.value.row, exc.value.column) == (row, column)
    assert what in str(exc.value) and "frontex.xlsx" in str(exc.value)


def test_not_a_workbook(tmp_path: Path, kb: KnowledgeBase) -> None:
    fake = tmp_path / "detections.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportProblem, match="not a readable workbook"):
        import_frontex(kb, fake)
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0


def test_route_api_and_pages(kb: KnowledgeBase, workbook: Path, shared: Path) -> None:
    import warnings

    from partnerships.services.indicators import import_eurostat
    from partnerships.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    import_frontex(kb, workbook)
    import_eurostat(kb, shared / "data" / "eurostat" / "migr_eiord_by_citizenship_2017-export.csv")
    client = TestClient(create_app(kb))
    routes = client.get("/api/v1/routes").json()["routes"]
    assert {r["id"] for r in routes} >= {"EMR", "CMR"}
    emr = client.get("/api/v1/routes/EMR").json()
    assert emr["perJaar"]["2015"] > 800_000 and "TUR" in emr["landen"]
    assert client.get("/api/v1/routes/XYZ").status_code == 404
    ind = client.get("/api/v1/landen/MAR/indicatoren").json()
    assert ind["positie"]["rang"] >= 1 and ind["routes"]
    page = client.get("/routes/EMR").text
    assert "Oostelijke Mediterrane route" in page and 'href="/landen/TUR"' in page
    dossier = client.get("/landen/MAR").text
    assert "Effectief terugkeerpercentage" in dossier and 'href="/routes/WMR"' in dossier


def test_nationality_detections_monthly_yearly_and_trend(kb: KnowledgeBase, workbook: Path) -> None:
    from partnerships.services.indicators import nationality_detections

    import_frontex(kb, workbook)
    syr = nationality_detections(kb, LOCAL_USER, "SYR")
    assert syr.per_month["2015-10"] > 10_000
    years = {r.year: r for r in syr.per_year}
    assert years["2009"].change is None
    assert (years["2016"].change or 0) < 0  # after the 2015 peak, far fewer
    assert sum(syr.per_month[f"2015-{m:02d}"] for m in range(1, 13)) == years["2015"].detections
    assert "release 2025-06-03" in (syr.source or "")


def test_a_partial_year_is_never_compared_with_a_full_one(
    kb: KnowledgeBase, workbook: Path
) -> None:
    """The real workbook of 3 June 2025 covers 2025 up to April: 2025 is a partial year,
    its change is on January–April 2024, never on the whole of 2024."""
    from partnerships.services.indicators import nationality_detections

    import_frontex(kb, workbook)
    syr = nationality_detections(kb, LOCAL_USER, "SYR")
    years = {r.year: r for r in syr.per_year}
    latest = years[max(years)]
    assert latest.complete is False and latest.change is None
    assert 0 < latest.months < 12 and (latest.months_compared or "").startswith("jan–")
    months = [f"{latest.year}-{m:02d}" for m in range(1, latest.months + 1)]
    before = [f"{int(latest.year) - 1}-{m:02d}" for m in range(1, latest.months + 1)]
    now = sum(syr.per_month.get(m, 0) for m in months)
    then = sum(syr.per_month.get(m, 0) for m in before)
    assert latest.change_same_months == round(100 * (now - then) / then, 1)
    assert years["2024"].complete is True and years["2024"].change is not None


def test_the_2018_archive_layout_is_read_by_its_header(tmp_path: Path, kb: KnowledgeBase) -> None:
    """Constructed in the shape of Frontex's 2018 archive workbook (Route, BorderLocation,
    NationalityLong, one column per month headed by a date): read into the same routes and
    values; an unknown route is refused with its place and nothing is written."""
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Detections_2018"
    ws.append(["Route", "BorderLocation", "NationalityLong", "NationalityShort",
               datetime.datetime(2018, 1, 1), datetime.datetime(2018, 2, 1)])  # fmt: skip
    ws.append(["Central Mediterranean Route", "Sea", "Tunisia", "TUN", 120, 80])
    ws.append(["Western Mediterranean", "Land", "Morocco", "MAR", 30, None])
    path = tmp_path / "Monthly_detections_of_IBC_2018-03-10.xlsx"
    wb.save(path)
    release, routes, obs = read_frontex(path)
    assert release == "2018-03-10" and [r.id for r in routes] == ["CMR", "WMR"]
    got = {(o.geo, o.citizen, o.time): o.value for o in obs}
    assert got == {("CMR", "TUN", "2018-01"): 120.0, ("CMR", "TUN", "2018-02"): 80.0,
                   ("WMR", "MAR", "2018-01"): 30.0, ("WMR", "MAR", "2018-02"): None}  # fmt: skip
    assert import_frontex(kb, path).status == "imported"
    ws.append(["Atlantic Route", "Sea", "Senegal", "SEN", 5, 5])
    bad = tmp_path / "bad-2018.xlsx"
    wb.save(bad)
    with pytest.raises(ImportProblem, match="unknown route 'Atlantic Route'") as exc:
        import_frontex(kb, bad)
    assert (exc.value.row, exc.value.column) == (4, "A")
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 4
