"""Frontex 'Monthly detections of illegal border crossings' workbook.

Sheet ``Detections_of_IBC``: route × border type × nationality × month (``JAN2009`` …);
``Dictionary`` describes each route's zones; ``Notes`` says which FRAN data it holds. Read
with python-calamine (Rust, MIT), which reads the whole workbook in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import fastexcel
import numpy as np
import polars as pl
import pycountry
from python_calamine import CalamineError, CalamineWorkbook

from partnerships.domain.countries import country_code
from partnerships.domain.observations import Dims, Observation
from partnerships.domain.routes import Route
from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.observations import Observations

DATASET = "frontex_ibc"
_MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}  # fmt: skip
_MONTH_RE = re.compile(r"^(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(\d{4})$")
# route as the data names it -> (id, Dutch name, name in the Dictionary sheet)
ROUTES = {
    "Eastern Mediterranean Route": ("EMR", "Oostelijke Mediterrane route", "Eastern Mediterranean"),
    "Central Mediterranean Route": ("CMR", "Centrale Mediterrane route", "Central Mediterranean"),
    "Western Mediterranean Route": ("WMR", "Westelijke Mediterrane route", "Western Mediterranean"),
    "Western African Route": ("WAR", "West-Afrikaanse route", "Western African"),
    "Western Balkan Route": ("WBR", "Westelijke Balkanroute", "Western Balkans"),
    "Eastern Borders Route": ("EBR", "Oostelijke landgrenzen", "Eastern Land Borders"),
    "Black Sea Route": ("BSR", "Zwarte Zee-route", "Black Sea"),
    "Circular Route from Albania to Greece": (
        "CAG", "Circulaire route Albanië–Griekenland", "Circular route from Albania to Greece"),
    "Other": ("OTH", "Overige", "Other"),
}  # fmt: skip


def _countries_in(text: str) -> tuple[str, ...]:
    """ISO codes of the countries an English zone description names."""
    found: list[tuple[int, str]] = []
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name)}:
            short = name.split(",")[0]
            m = re.search(rf"\b{re.escape(short)}\b", text)
            if m:
                found.append((m.start(), c.alpha_3))
    for alias, code in (("Turkey", "TUR"), ("Russian Federation", "RUS"), ("Moldova", "MDA"),
                        ("North Macedonia", "MKD"), ("Canary Islands", "ESP")):  # fmt: skip
        m = re.search(rf"\b{alias}\b", text)
        if m:
            found.append((m.start(), code))
    seen: list[str] = []
    for _pos, code in sorted(found):
        if code not in seen:
            seen.append(code)
    return tuple(seen)


def read_frontex(path: Path) -> tuple[str, list[Route], Sequence[Observation]]:
    source = str(path)
    try:
        wb = CalamineWorkbook.from_path(source)
    except (CalamineError, OSError, ValueError) as exc:
        raise ImportProblem(source, None, None, "not a readable workbook: %(reason)s",
                            reason=str(exc)) from exc  # fmt: skip
    if "Detections_of_IBC" not in wb.sheet_names:
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python()
            for k, row in enumerate(rows[:5]):
                head = [str(c).strip() for c in row]
                if set(_ARCHIVE_COLUMNS) <= set(head):
                    return _read_archive(source, path, wb, rows, k, head)
        raise ImportProblem(source, None, None, "no sheet 'Detections_of_IBC' (and no sheet "
                            "in the archive layout Route, BorderLocation, "
                            "NationalityLong)")  # fmt: skip
    zones = _zones(wb)
    columnar = _read_columnar(source, path, zones)
    if columnar is not None:
        routes, observations = columnar
        return _release(wb, path), routes, observations
    rows = wb.get_sheet_by_name("Detections_of_IBC").to_python()
    routes, out = _read_rows(source, rows, zones)
    return _release(wb, path), routes, out


def _read_rows(
    source: str, rows: Sequence[Sequence[object]], zones: dict[str, str]
) -> tuple[list[Route], list[Observation]]:
    """The current layout cell by cell: slower, and it names the row and column of any
    cell that is wrong."""
    if not rows or [str(c).strip() for c in rows[0][:3]] != [
        "Route",
        "Border type or inland",
        "Nationality",
    ]:
        raise ImportProblem(
            source,
            1,
            None,
            "expected columns Route, Border type or inland, Nationality, then months",
        )
    periods = _month_columns(source, rows[0][3:])
    routes: dict[str, Route] = {}
    out: list[Observation] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in row):
            continue
        name, border, nationality = (str(c).strip() for c in row[:3])
        if name not in ROUTES:
            raise ImportProblem(source, n, "A", "unknown route %(value)r", value=name)
        if border not in ("Land", "Sea"):
            raise ImportProblem(source, n, "B", "expected Land or Sea, found %(value)r",
                                value=border)  # fmt: skip
        code = country_code(nationality)
        if code is None:
            raise ImportProblem(source, n, "C", "unknown nationality %(value)r",
                                value=nationality)  # fmt: skip
        rid = _route(routes, name, zones)
        for j, (period, cell) in enumerate(zip(periods, row[3:], strict=False), start=4):
            value = _number(source, n, j, cell)
            out.append(Observation(DATASET, rid, code, period, value, "", (("border", border),)))
    return sorted(routes.values(), key=lambda r: r.id), out


def _month_columns(source: str, header: Sequence[object]) -> list[str]:
    """The current layout's month columns (JAN2009 …) as periods (2009-01 …)."""
    periods: list[str] = []
    for j, cell in enumerate(header, start=4):
        m = _MONTH_RE.match(str(cell).strip())
        if not m:
            raise ImportProblem(
                source, 1, _column(j), "expected a month like JAN2009, found %(value)r", value=cell
            )
        periods.append(f"{m.group(2)}-{_MONTHS[m.group(1)]:02d}")
    return periods


def _route(routes: dict[str, Route], key: str, zones: dict[str, str]) -> str:
    """The id of the route named ``key`` (a name of ROUTES), described once from the
    workbook's Dictionary."""
    rid, name_nl, dict_name = ROUTES[key]
    if rid not in routes:
        text = zones.get(dict_name, "")
        routes[rid] = Route(rid, key, name_nl, text, _countries_in(text))
    return rid


def _number(source: str, row: int, j: int, cell: object) -> float | None:
    """A month cell: empty, or a number; anything else is refused with its row and column
    (``j``: the column's number, 1 for A)."""
    if cell in ("", None):
        return None
    if isinstance(cell, (int, float)):
        return float(cell)
    raise ImportProblem(source, row, _column(j), "expected a number, found %(value)r",
                        value=cell)  # fmt: skip


def _read_columnar(
    source: str, path: Path, zones: dict[str, str]
) -> tuple[list[Route], Observations] | None:
    """The current layout read into columns by fastexcel (Rust, Arrow), checked column by
    column: six times faster than cell by cell. Any cell that does not fit — a text among
    the numbers, an unknown route, border or nationality, a header that differs — gives
    None, and ``_read_rows`` reads the sheet again to name it. (Error cells such as #N/A
    are empty in both.)"""
    try:
        book = fastexcel.read_excel(source)
        frame = book.load_sheet_by_name(
            "Detections_of_IBC", dtype_coercion="strict", schema_sample_rows=None
        ).to_polars()
        # fastexcel reads 'n/a', 'NA' and the like as empty numbers; read as text, they
        # are not empty: such a cell is refused by the careful reader, never taken as 0
        as_text = book.load_sheet_by_name("Detections_of_IBC", dtypes="string").to_polars()
    except Exception:  # noqa: BLE001 — any trouble: the careful reader says what it is
        return None
    present = pl.all().is_not_null()
    if as_text.shape != frame.shape or not as_text.select(present).equals(frame.select(present)):
        return None
    head = frame.columns
    if head[:3] != ["Route", "Border type or inland", "Nationality"] or len(head) < 4:
        return None
    periods = [_period(name) for name in head[3:]]
    months = head[3:]
    if any(p is None or not _MONTH_RE.match(name) for p, name in zip(periods, months, strict=True)):
        return None
    if any(frame.schema[m] not in (pl.Float64, pl.Int64, pl.Null) for m in months):
        return None
    frame = frame.filter(~pl.all_horizontal(pl.all().is_null()))
    route, border, nationality = (frame.to_series(i).str.strip_chars() for i in range(3))
    if route.is_null().any() or border.is_null().any() or nationality.is_null().any():
        return None
    if not route.is_in(list(ROUTES)).all() or not border.is_in(["Land", "Sea"]).all():
        return None
    codes = {name: country_code(name) for name in nationality.unique().to_list()}
    if any(code is None for code in codes.values()):
        return None
    routes: dict[str, Route] = {}
    for name in route.unique().to_list():
        rid, name_nl, dict_name = ROUTES[name]
        text = zones.get(dict_name, "")
        routes[rid] = Route(rid, name, name_nl, text, _countries_in(text))
    n, m = frame.height, len(months)
    by_row = np.repeat(np.arange(n), m)  # row-major, as the sheet reads
    values = frame.select(pl.col(months).cast(pl.Float64)).to_numpy().ravel()
    long = pl.DataFrame({
        "geo": route.replace_strict({k: v[0] for k, v in ROUTES.items()}).gather(by_row),
        "citizen": nationality.replace_strict(codes, return_dtype=pl.String).gather(by_row),
        "time": pl.Series([p for p in periods if p], dtype=pl.String).gather(
            np.tile(np.arange(m), n)),
        "value": pl.Series(values, nan_to_null=True),
        "flags": pl.repeat("", n * m, eager=True, dtype=pl.String),
        "breakdown": border.gather(by_row),
    })  # fmt: skip
    breakdowns: dict[str, Dims] = {b: (("border", b),) for b in ("Land", "Sea")}
    return sorted(routes.values(), key=lambda r: r.id), Observations(DATASET, long, breakdowns)


_ARCHIVE_COLUMNS = ("Route", "BorderLocation", "NationalityLong")
_BY_LOWER = {k.lower(): k for k in ROUTES} | {v[2].lower(): k for k, v in ROUTES.items()}
_ISO_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?")


def _period(cell: object) -> str | None:
    """A month column's header: a date (the archive's cells), 'JAN2018' or '2018-01'."""
    if isinstance(cell, date):
        return f"{cell.year}-{cell.month:02d}"
    text = str(cell).strip()
    if m := _MONTH_RE.match(text):
        return f"{m.group(2)}-{_MONTHS[m.group(1)]:02d}"
    if (m := _ISO_MONTH_RE.match(text)) and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{m.group(2)}"
    return None


def _read_archive(
    source: str, path: Path, wb: CalamineWorkbook, rows: Sequence[Sequence[object]], at: int,
    head: list[str],
) -> tuple[str, list[Route], Sequence[Observation]]:  # fmt: skip
    """The archive layout (2018 and earlier workbooks): columns Route, BorderLocation,
    NationalityLong (other descriptive columns ignored), then one column per month headed by
    a date. Routes are recognised by the names of the current layout or its Dictionary;
    anything else is refused with its row and column."""
    idx = {c: head.index(c) for c in _ARCHIVE_COLUMNS}
    months = [(j, p) for j in range(len(rows[at])) if (p := _period(rows[at][j])) is not None]
    if not months:
        raise ImportProblem(source, at + 1, None, "the archive layout without month columns")
    zones = _zones(wb)
    routes: dict[str, Route] = {}
    out: list[Observation] = []
    for n, row in enumerate(rows[at + 1 :], start=at + 2):
        if not any(str(c).strip() for c in row):
            continue
        name = str(row[idx["Route"]]).strip()
        key = _BY_LOWER.get(name.lower()) or _BY_LOWER.get(name.lower().removesuffix(" route"))
        if key is None:
            raise ImportProblem(source, n, _column(idx["Route"] + 1), "unknown route %(value)r",
                                value=name)  # fmt: skip
        border = str(row[idx["BorderLocation"]]).strip().capitalize()
        if border not in ("Land", "Sea"):
            raise ImportProblem(source, n, _column(idx["BorderLocation"] + 1),
                                "expected Land or Sea, found %(value)r", value=border)  # fmt: skip
        nationality = str(row[idx["NationalityLong"]]).strip()
        code = country_code(nationality)
        if code is None:
            raise ImportProblem(source, n, _column(idx["NationalityLong"] + 1),
                                "unknown nationality %(value)r", value=nationality)  # fmt: skip
        rid = _route(routes, key, zones)
        for j, period in months:
            value = _number(source, n, j + 1, row[j] if j < len(row) else None)
            out.append(Observation(DATASET, rid, code, period, value, "", (("border", border),)))
    return _release(wb, path), sorted(routes.values(), key=lambda r: r.id), out


def _column(j: int) -> str:
    letters = ""
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _zones(wb: CalamineWorkbook) -> dict[str, str]:
    if "Dictionary" not in wb.sheet_names:
        return {}
    out = {}
    for row in wb.get_sheet_by_name("Dictionary").to_python()[1:]:
        if len(row) >= 4 and str(row[2]).strip():
            out[str(row[2]).strip()] = str(row[3]).strip()
    return out


def _release(wb: CalamineWorkbook, path: Path) -> str:
    """'FRAN data as of 03JUN25' in the Notes, else a date in the file name."""
    if "Notes" in wb.sheet_names:
        for row in wb.get_sheet_by_name("Notes").to_python():
            m = re.search(r"as of (\d{2})([A-Z]{3})(\d{2})", " ".join(str(c) for c in row))
            if m and m.group(2) in _MONTHS:
                return f"20{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{m.group(1)}"
    m = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
    return m.group(1) if m else path.stem
