"""Eurostat migration statistics in the formats people download.

- the older 'Data.csv' export: English names, thousands separators, ':' for missing, a
  'Flag and Footnotes' column, Windows-1252;
- SDMX-CSV 1.0 and 2.0, with or without label columns (``STRUCTURE_ID`` or ``DATAFLOW``
  naming the dataset, also the data browser's ``$DEFAULTVIEW`` ids);
- the TSV bulk format (``freq,citizen,…,geo\\TIME_PERIOD`` first column, flags on values);
- JSON-stat 2.0 as Eurostat's API answers (``extension.datasetId``, ``updated``).

The dataset is read from the file where the file says it (SDMX-CSV, JSON-stat), else from
its name, else from a breakdown only one dataset has; a ``--dataset`` that contradicts the
file is refused, and so is a dataset the product does not read (naming it). Every row keeps
its breakdowns (age, sex, destination …); which row is the total is decided by
``eurostat_datasets.is_total``, and a file whose totals are ambiguous is refused.

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

from partnerships.domain.eurostat import ATTRIBUTES, SIGNATURES, TOTALS, is_total
from partnerships.domain.eurostat import DATASETS as _DATASETS

DATASETS = tuple(_DATASETS)

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
    found = re.search(r"migr_[a-z0-9]+", low)
    return found.group(0) if found else None


@dataclass(frozen=True, slots=True)
class EurostatFile:
    dataset: str
    observations: list[Observation]
    #: the release date the file itself states (JSON-stat ``updated``), else None
    release: str | None = None


def read_eurostat(path: Path, dataset: str | None = None) -> tuple[str, list[Observation]]:
    """Read a Eurostat file in any of its formats; returns (dataset, observations)."""
    found = read_eurostat_file(path, dataset)
    return found.dataset, found.observations


def read_eurostat_file(path: Path, dataset: str | None = None) -> EurostatFile:
    """Read a Eurostat file in any of its formats, checked: the dataset settled, every
    breakdown either totalled or known. Raises ImportProblem before anything is kept."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(source, None, None, f"cannot read file: {exc.strerror or exc}") from exc
    text = decode_text(raw, source)
    first = text.split("\n", 1)[0]
    named = _dataset_from_name(path)
    release = None
    if text.lstrip().startswith("{"):
        ds, obs, release = _read_jsonstat(source, text, dataset, named)
    elif "\t" in first and "\\" in first.split("\t", 1)[0]:
        ds, obs = _read_tsv(source, text, dataset, named)
    elif first.lstrip('\ufeff"').startswith(("STRUCTURE", "DATAFLOW")):
        ds, obs = _read_sdmx(source, text, dataset, named)
    elif '"TIME"' in first or first.startswith("TIME,"):
        ds, obs = _read_export(source, text, dataset, named)
    else:
        raise ImportProblem(
            source, 1, None, "not a Eurostat export, SDMX-CSV, TSV or JSON-stat file"
        )
    _check_breakdowns(source, ds, obs)
    return EurostatFile(ds, obs, release)


def _resolve(
    source: str, in_file: str | None, given: str | None, named: str | None, dims: list[str]
) -> str:
    """The dataset of a file: what the file says, else ``--dataset``, else its name, else a
    breakdown only one dataset has; contradictions are refused, never resolved silently."""
    supported = ", ".join(DATASETS)
    if in_file and in_file not in _DATASETS:
        raise ImportProblem(source, None, None, f"the file holds Eurostat dataset {in_file}, "
                            f"which this product does not read (it reads {supported})")  # fmt: skip
    if given and given not in _DATASETS:
        raise ImportProblem(source, None, None, f"unknown dataset {given!r}; one of {supported}")
    if in_file and given and in_file != given:
        raise ImportProblem(source, None, None, f"the file holds {in_file}, not {given} "
                            "(leave --dataset out)")  # fmt: skip
    if named and named not in _DATASETS and not (in_file or given):
        raise ImportProblem(source, None, None, f"the file name says Eurostat dataset {named}, "
                            f"which this product does not read (it reads {supported})")  # fmt: skip
    if named in _DATASETS and (in_file or given) and named != (in_file or given):
        said = f"{'the file' if in_file else '--dataset'} says {in_file or given}"
        raise ImportProblem(source, None, None, f"the file name says {named}, but {said}")
    by_dims = {SIGNATURES[d] for d in dims if d in SIGNATURES}
    ds = in_file or given or (named if named in _DATASETS else None)
    if ds is None and len(by_dims) == 1:
        ds = by_dims.pop()
    if ds is None:
        problem = f"cannot tell the dataset; name it (--dataset, one of {supported})"
        raise ImportProblem(source, None, None, problem)
    for d in dims:
        if d in SIGNATURES and SIGNATURES[d] != ds:
            raise ImportProblem(source, 1, d, f"a breakdown of {SIGNATURES[d]}, not of {ds}: "
                                f"is the file {SIGNATURES[d]}?")  # fmt: skip
    return ds


def _check_breakdowns(source: str, dataset: str, obs: list[Observation]) -> None:
    """Every breakdown of the file is one whose total is known, or has one value; and each
    country and period has at most one total row. Otherwise no total can be chosen without
    guessing, and the file is refused."""
    values: dict[str, set[str]] = {}
    for o in obs:
        for name, value in o.dims:
            values.setdefault(name, set()).add(value)
    for name, seen in values.items():
        if name in TOTALS or name in ATTRIBUTES or len(seen) < 2:
            continue
        shown = ", ".join(sorted(seen)[:5])
        raise ImportProblem(source, None, name, f"values are broken down by {name!r} ({shown}"
                            f"{', …' if len(seen) > 5 else ''}) and its total is not known: "
                            "download the file with one value of it")  # fmt: skip
    seen_keys: dict[tuple[str, str, str], tuple[tuple[str, str], ...]] = {}
    for o in obs:
        if not is_total(o.dims):
            continue
        key = (o.geo, o.citizen, o.time)
        if key in seen_keys and seen_keys[key] != o.dims:
            differ = sorted({n for n, v in o.dims} ^ {n for n, v in seen_keys[key]}
                            | {n for (n, v), (_, w) in zip(o.dims, seen_keys[key], strict=False)
                               if v != w})  # fmt: skip
            raise ImportProblem(source, None, None, f"two total rows for {o.geo}, {o.citizen}, "
                                f"{o.time} (they differ in {', '.join(differ) or 'nothing'}): "
                                "which one counts cannot be told")  # fmt: skip
        if key in seen_keys and seen_keys[key] == o.dims:
            raise ImportProblem(source, None, None, f"{o.geo}, {o.citizen}, {o.time} occurs "
                                "twice with the same breakdown")  # fmt: skip
        seen_keys[key] = o.dims


def _country(source: str, row: int, column: str, raw: str) -> str:
    code = country_code(raw)
    if code is None:
        raise ImportProblem(source, row, column, f"unknown country or aggregate {raw!r}")
    return code


def _read_export(
    source: str, text: str, given: str | None, named: str | None
) -> tuple[str, list[Observation]]:
    reader = csv_rows(text, source)
    header = next(reader, [])
    needed = {"TIME", "GEO", "CITIZEN", "Value"}
    if not needed <= set(header):
        raise ImportProblem(source, 1, None, f"missing columns {sorted(needed - set(header))}")
    idx = {h: i for i, h in enumerate(header)}
    flag_col = next((h for h in header if h.lower().startswith("flag")), None)
    dim_cols = [h for h in header if h not in needed and h != flag_col]
    ds = _resolve(source, None, given, named, [c.lower() for c in dim_cols])
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


#: 'ESTAT:MIGR_EIORD(1.0)', 'ESTAT:MIGR_EIRTN$DEFAULTVIEW(1.0)'
_STRUCTURE_ID_RE = re.compile(r":([A-Z0-9_]+)(?:\$[A-Z0-9_]+)?\(")


def _read_sdmx(
    source: str, text: str, given: str | None, named: str | None
) -> tuple[str, list[Observation]]:
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
    ds: str | None = None
    for n, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) < len(header):
            raise ImportProblem(
                source, n, None, f"expected {len(header)} columns, found {len(row)}"
            )
        if ds is None:
            m = _STRUCTURE_ID_RE.search(row[id_col]) if id_col is not None else None
            ds = _resolve(source, m.group(1).lower() if m else None, given, named, dims)
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
    return ds or _resolve(source, None, given, named, dims), out


def _read_tsv(
    source: str, text: str, given: str | None, named: str | None
) -> tuple[str, list[Observation]]:
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
    ds = _resolve(source, None, given, named, dims)
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


def _read_jsonstat(
    source: str, text: str, given: str | None, named: str | None
) -> tuple[str, list[Observation], str | None]:
    """JSON-stat 2.0 as Eurostat's API answers: ``id``/``size`` give the dimensions in
    row-major order, ``value`` and ``status`` are lists or {flat index: …} objects."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(source, exc.lineno, None, f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise ImportProblem(source, None, None, "not a JSON-stat 2.0 dataset (class 'dataset')")
    try:
        ids = [str(i) for i in data["id"]]
        sizes = [int(n) for n in data["size"]]
        dimension = data["dimension"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportProblem(source, None, None, f"JSON-stat without {exc}") from None
    if len(ids) != len(sizes):
        raise ImportProblem(source, None, "size", "'id' and 'size' differ in length")
    time_id = next((i for i in ids if i.lower() in ("time", "time_period")), None)
    for need in ("geo", "citizen"):
        if need not in ids:
            raise ImportProblem(source, None, need, "missing dimension")
    if time_id is None:
        raise ImportProblem(source, None, "time", "missing dimension")
    codes: list[list[str]] = []
    for dim_id, size in zip(ids, sizes, strict=True):
        index = dimension.get(dim_id, {}).get("category", {}).get("index")
        if isinstance(index, dict):
            ordered = [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
        elif isinstance(index, list):
            ordered = [str(c) for c in index]
        else:
            raise ImportProblem(source, None, dim_id, "dimension without a category index")
        if len(ordered) != size:
            raise ImportProblem(source, None, dim_id, f"{len(ordered)} categories, size {size}")
        codes.append(ordered)
    dims = [i for i in ids if i not in ("geo", "citizen", "freq", time_id)]
    extension = data.get("extension") or {}
    in_file = str(extension.get("datasetId") or extension.get("id") or "").lower() or None
    ds = _resolve(source, in_file, given, named, dims)
    values = data.get("value")
    status = data.get("status") or {}
    cells: Iterator[tuple[int, object]]
    if isinstance(values, dict):
        cells = ((int(k), v) for k, v in values.items())
    elif isinstance(values, list):
        cells = enumerate(values)
    else:
        raise ImportProblem(source, None, "value", "no values")
    total = 1
    for size in sizes:
        total *= size
    out: list[Observation] = []
    for flat, value in cells:
        if not 0 <= flat < total:
            raise ImportProblem(source, None, "value", f"index {flat} outside the cube")
        if value is not None and not isinstance(value, int | float):
            raise ImportProblem(source, None, "value", f"index {flat}: {value!r} is no number")
        at, rest = [], flat
        for size in reversed(sizes):
            at.append(rest % size)
            rest //= size
        at.reverse()
        cell = {d: codes[k][at[k]] for k, d in enumerate(ids)}
        flag = status.get(str(flat), "") if isinstance(status, dict) else (
            status[flat] if isinstance(status, list) and flat < len(status) else "")  # fmt: skip
        out.append(Observation(
            dataset=ds, geo=_country(source, flat, "geo", cell["geo"]),
            citizen=_country(source, flat, "citizen", cell["citizen"]),
            time=cell[time_id], value=None if value is None else float(value),
            flags=str(flag or ""), dims=tuple((d, cell[d]) for d in dims),
        ))  # fmt: skip
    updated = str(data.get("updated") or "")
    release = updated[:10] if re.match(r"\d{4}-\d{2}-\d{2}", updated) else None
    return ds, out, release
