"""Eurostat migration statistics in the formats people download.

- the older 'Data.csv' export: English names, thousands separators, ':' for missing, a
  'Flag and Footnotes' column, Windows-1252;
- SDMX-CSV, with or without label columns;
- the TSV bulk format (``freq,citizen,…,geo\\TIME_PERIOD`` first column, flags on values).

Each gives ``Observation`` rows with countries as ISO 3166-1 alpha-3 codes and aggregates
('European Union (28 countries)', 'Total', 'Extra-EU-28', 'Unknown', 'Stateless') kept as
aggregate codes, never mistaken for countries. A file with a row that cannot be read
raises ``ImportProblem`` naming the file, row and column; nothing is half-read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry

DATASETS = ("migr_eiord", "migr_eirtn", "migr_asyappctza", "migr_asydcfsta")

# Eurostat's aggregates and codes that are not ISO 3166 countries
AGGREGATES = {
    "european union (28 countries)": "EU28",
    "european union (27 countries)": "EU27_2007",
    "european union - 27 countries (from 2020)": "EU27_2020",
    "european union - 28 countries (2013-2020)": "EU28",
    "extra-eu-28": "EXT_EU28",
    "extra-eu27 (from 2020)": "EXT_EU27_2020",
    "total": "TOTAL",
    "unknown": "UNK",
    "stateless": "STLS",
    "recognised non-citizens": "RNC",
    "european free trade association": "EFTA",
    "euro area": "EA",
    "third-country": "TCN",
    "unspecified sub-saharan nationals": "SSA_UNSPEC",
    "not specified": "UNK",
    "other": "OTHER",
}
AGGREGATE_CODES = frozenset(
    {"EU28", "EU27_2007", "EU27_2020", "EXT_EU28", "EXT_EU27_2020", "TOTAL", "UNK", "STLS",
     "RNC", "EFTA", "EA", "EA19", "EA20", "EU", "EXT_EU", "NRP", "TCN", "SSA_UNSPEC",
     "OTHER"}
)  # fmt: skip
# English names Eurostat uses that pycountry does not know as such
_NAMES = {
    "germany (until 1990 former territory of the frg)": "DEU",
    "former yugoslav republic of macedonia, the": "MKD",
    "north macedonia": "MKD",
    "kosovo (under united nations security council resolution 1244/99)": "XKX",
    "kosovo": "XKX",
    "china (including hong kong)": "CHN",
    "myanmar/burma": "MMR",
    "gambia, the": "GMB",
    "cape verde": "CPV",
    "democratic republic of the congo": "COD",
    "congo": "COG",
    "north korea": "PRK",
    "south korea": "KOR",
    "federated states of micronesia": "FSM",
    "vatican city state": "VAT",
    "cook islands (nz)": "COK",
    "congo (brazzaville)": "COG",
    "congo (kinshasa)": "COD",
    "saint helena": "SHN",
    "czech republic": "CZE",
    "czechia": "CZE",
    "iran": "IRN",
    "syria": "SYR",
    "russia": "RUS",
    "turkey": "TUR",
    "türkiye": "TUR",
    "moldova": "MDA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "laos": "LAO",
    "vietnam": "VNM",
    "palestine": "PSE",
    "swaziland": "SWZ",
    "brunei darussalam": "BRN",
    "são tomé and príncipe": "STP",
    "sao tome and principe": "STP",
    "côte d'ivoire": "CIV",
    "cote d'ivoire": "CIV",
    "united states": "USA",
    "united kingdom": "GBR",
}
# ISO 3166-1 alpha-2 codes Eurostat writes differently
_ALPHA2 = {"EL": "GRC", "UK": "GBR", "XK": "XKX"}


class ImportProblem(ValueError):
    """A row that cannot be read: '<file>, row N, column C: what is wrong'."""

    def __init__(self, source: str, row: int | None, column: str | None, problem: str) -> None:
        where = source
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column}"
        super().__init__(f"{where}: {problem}")
        self.source, self.row, self.column, self.problem = source, row, column, problem


@dataclass(frozen=True, slots=True)
class Observation:
    dataset: str
    geo: str
    citizen: str
    time: str
    value: float | None
    flags: str = ""
    dims: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def key(self) -> tuple[str, str, str, str, tuple[tuple[str, str], ...]]:
        return (self.dataset, self.geo, self.citizen, self.time, self.dims)


@lru_cache(maxsize=4096)
def country_code(name_or_code: str) -> str | None:
    """ISO alpha-3 (or an aggregate code) for an English name or an ISO/Eurostat code."""
    raw = name_or_code.strip().rstrip("*^").strip()  # Frontex marks Kosovo* and Palestine^
    low = raw.lower()
    if low in AGGREGATES:
        return AGGREGATES[low]
    if raw.upper() in AGGREGATE_CODES:
        return raw.upper()
    if low in _NAMES:
        return _NAMES[low]
    if raw.upper() in _ALPHA2:
        return _ALPHA2[raw.upper()]
    if re.fullmatch(r"[A-Z]{2,3}", raw):
        found = pycountry.countries.get(alpha_2=raw) or pycountry.countries.get(alpha_3=raw)
        return found.alpha_3 if found else None
    try:
        return str(pycountry.countries.lookup(raw).alpha_3)
    except LookupError:
        return None


def is_aggregate(code: str) -> bool:
    return code in AGGREGATE_CODES


def csv_rows(text: str, source: str, delimiter: str = ",") -> Iterator[list[str]]:
    """CSV rows; a malformed line (a stray quote or line break) is an ImportProblem with
    its line number, not a csv.Error."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportProblem(source, reader.line_num, None, f"malformed CSV: {exc}") from None
        yield row


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (old Eurostat and Dutch Excel exports);
    anything else is refused with the byte that is wrong."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            source,
            None,
            None,
            f"not UTF-8 or Windows-1252 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
        ) from None


_TIME_RE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])|-?Q[1-4]|M(?:0[1-9]|1[0-2]))?$")
_VALUE_FLAG_RE = re.compile(r"^\s*(:|-?\d[\d,]*(?:\.\d+)?)\s*([a-z]*)\s*$")


def _value(raw: str, source: str, row: int, column: str) -> tuple[float | None, str]:
    m = _VALUE_FLAG_RE.match(raw)
    if not m:
        raise ImportProblem(source, row, column, f"expected a number or ':', found {raw!r}")
    number, flag = m.groups()
    if number == ":":
        return None, flag
    return float(number.replace(",", "")), flag


def _dataset_from_name(path: Path) -> str | None:
    low = path.name.lower()
    for code in DATASETS:
        if code in low:
            return code
    return None


def read_eurostat(path: Path, dataset: str | None = None) -> tuple[str, list[Observation]]:
    """Read a Eurostat file in any of the three formats; returns (dataset, observations)."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(source, None, None, f"cannot read file: {exc.strerror or exc}") from exc
    text = decode_text(raw, source)
    first = text.split("\n", 1)[0]
    if "\t" in first and "\\" in first.split("\t", 1)[0]:
        return _read_tsv(source, text, dataset or _dataset_from_name(path))
    if first.startswith(("STRUCTURE,", "DATAFLOW,", '"STRUCTURE"', '"DATAFLOW"')):
        return _read_sdmx(source, text, dataset)
    if '"TIME"' in first or first.startswith("TIME,"):
        return _read_export(source, text, dataset or _dataset_from_name(path))
    raise ImportProblem(source, 1, None, "not a Eurostat export, SDMX-CSV or TSV file")


def _need_dataset(source: str, dataset: str | None) -> str:
    if dataset is None:
        raise ImportProblem(
            source, None, None, "cannot tell the dataset; name it (--dataset migr_eiord, …)"
        )
    if dataset not in DATASETS:
        raise ImportProblem(source, None, None, f"unknown dataset {dataset!r}; one of {DATASETS}")
    return dataset


def _country(source: str, row: int, column: str, raw: str) -> str:
    code = country_code(raw)
    if code is None:
        raise ImportProblem(source, row, column, f"unknown country or aggregate {raw!r}")
    return code


def _read_export(source: str, text: str, dataset: str | None) -> tuple[str, list[Observation]]:
    ds = _need_dataset(source, dataset)
    reader = csv_rows(text, source)
    header = next(reader, [])
    needed = {"TIME", "GEO", "CITIZEN", "Value"}
    if not needed <= set(header):
        raise ImportProblem(source, 1, None, f"missing columns {sorted(needed - set(header))}")
    idx = {h: i for i, h in enumerate(header)}
    flag_col = next((h for h in header if h.lower().startswith("flag")), None)
    dim_cols = [h for h in header if h not in needed and h != flag_col]
    out: list[Observation] = []
    for n, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise ImportProblem(
                source, n, None, f"expected {len(header)} columns, found {len(row)}"
            )
        time = row[idx["TIME"]].strip()
        if not _TIME_RE.match(time):
            raise ImportProblem(source, n, "TIME", f"expected a year or period, found {time!r}")
        value, flag = _value(row[idx["Value"]], source, n, "Value")
        flags = (row[idx[flag_col]].strip() if flag_col else "") or flag
        out.append(Observation(
            dataset=ds,
            geo=_country(source, n, "GEO", row[idx["GEO"]]),
            citizen=_country(source, n, "CITIZEN", row[idx["CITIZEN"]]),
            time=time, value=value, flags=flags,
            dims=tuple((c.lower(), row[idx[c]].strip()) for c in dim_cols),
        ))  # fmt: skip
    return ds, out


_SDMX_FIXED = {"STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "DATAFLOW",
               "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS", "OBS_STATUS"}  # fmt: skip


def _read_sdmx(source: str, text: str, dataset: str | None) -> tuple[str, list[Observation]]:
    reader = csv_rows(text, source)
    header = next(reader, [])
    # with labels, each code column is followed by a column of readable labels
    codes = [
        (i, h)
        for i, h in enumerate(header)
        if re.fullmatch(r"[a-z][a-z0-9_]*", h) or h in _SDMX_FIXED
    ]
    idx = {h: i for i, h in codes}
    for col in ("TIME_PERIOD", "OBS_VALUE", "geo", "citizen"):
        if col not in idx:
            raise ImportProblem(source, 1, col, "missing column")
    id_col = idx.get("STRUCTURE_ID", idx.get("DATAFLOW"))
    dims = [
        h
        for _i, h in codes
        if re.fullmatch(r"[a-z][a-z0-9_]*", h) and h not in ("geo", "citizen", "freq")
    ]
    out: list[Observation] = []
    ds = dataset
    for n, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) < len(header):
            raise ImportProblem(
                source, n, None, f"expected {len(header)} columns, found {len(row)}"
            )
        if ds is None and id_col is not None:
            m = re.search(r":([A-Z0-9_]+)\(", row[id_col])
            ds = m.group(1).lower() if m else None
        ds = _need_dataset(source, ds)
        time = row[idx["TIME_PERIOD"]].strip()
        if not _TIME_RE.match(time):
            raise ImportProblem(
                source, n, "TIME_PERIOD", f"expected a year or period, found {time!r}"
            )
        raw = row[idx["OBS_VALUE"]].strip()
        value, _ = _value(raw, source, n, "OBS_VALUE") if raw else (None, "")
        flags = row[idx["OBS_FLAG"]].strip() if "OBS_FLAG" in idx else ""
        out.append(Observation(
            dataset=ds,
            geo=_country(source, n, "geo", row[idx["geo"]]),
            citizen=_country(source, n, "citizen", row[idx["citizen"]]),
            time=time, value=value, flags=flags,
            dims=tuple((d, row[idx[d]].strip()) for d in dims),
        ))  # fmt: skip
    return _need_dataset(source, ds), out


def _read_tsv(source: str, text: str, dataset: str | None) -> tuple[str, list[Observation]]:
    ds = _need_dataset(source, dataset)
    lines = text.splitlines()
    header = lines[0].split("\t")
    keys = header[0].split("\\")[0].split(",")
    periods = [p.strip() for p in header[1:]]
    for j, p in enumerate(periods, start=2):
        if not _TIME_RE.match(p):
            raise ImportProblem(source, 1, f"{j}", f"expected a period, found {p!r}")
    if "geo" not in keys or "citizen" not in keys:
        raise ImportProblem(source, 1, header[0], "the first column must name geo and citizen")
    dims = [k for k in keys if k not in ("geo", "citizen", "freq")]
    out: list[Observation] = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ImportProblem(
                source, n, None, f"expected {len(header)} columns, found {len(cells)}"
            )
        parts = dict(zip(keys, cells[0].split(","), strict=False))
        geo = _country(source, n, "geo", parts.get("geo", ""))
        citizen = _country(source, n, "citizen", parts.get("citizen", ""))
        for period, cell in zip(periods, cells[1:], strict=True):
            value, flag = _value(cell, source, n, period)
            out.append(
                Observation(
                    ds,
                    geo,
                    citizen,
                    period,
                    value,
                    flag,
                    tuple((d, parts.get(d, "")) for d in dims),
                )
            )
    return ds, out
