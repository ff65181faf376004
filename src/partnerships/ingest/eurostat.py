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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

import polars as pl

from partnerships.domain.countries import (  # noqa: F401  (re-exported: the importers' home)
    AGGREGATE_CODES,
    AGGREGATES,
    country_code,
    is_aggregate,
)
from partnerships.domain.eurostat import ATTRIBUTES, SIGNATURES, TOTALS, is_total
from partnerships.domain.eurostat import DATASETS as _DATASETS
from partnerships.domain.observations import Dims, Observation
from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.observations import Observations
from partnerships.ingest.tabular import LINE, Table, read_table

DATASETS = tuple(_DATASETS)


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
            raise ImportProblem(source, reader.line_num, None, "malformed CSV: %(reason)s",
                                reason=str(exc)) from None  # fmt: skip
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
            "not UTF-8 or Windows-1252 text (byte 0x%(byte)02x at offset %(offset)s)",
            byte=data[exc.start],
            offset=exc.start,
        ) from None


_TIME_RE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])|-?Q[1-4]|M(?:0[1-9]|1[0-2]))?$")
_VALUE_FLAG_RE = re.compile(r"^\s*(:|-?\d[\d,]*(?:\.\d+)?)\s*([a-z]*)\s*$")


def _value(raw: str, source: str, row: int, column: str) -> tuple[float | None, str]:
    m = _VALUE_FLAG_RE.match(raw)
    if not m:
        raise ImportProblem(source, row, column, "expected a number or ':', found %(value)r",
                            value=raw)  # fmt: skip
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
    observations: Sequence[Observation]
    #: the release date the file itself states (JSON-stat ``updated``), else None
    release: str | None = None


def read_eurostat(path: Path, dataset: str | None = None) -> tuple[str, Sequence[Observation]]:
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
        raise ImportProblem(source, None, None, "cannot read file: %(reason)s",
                            reason=exc.strerror or str(exc)) from exc  # fmt: skip
    text = decode_text(raw, source)
    first = text.split("\n", 1)[0]
    named = _dataset_from_name(path)
    release = None
    if text[:256].lstrip().startswith("{"):
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


def _check_names(source: str, in_file: str | None, given: str | None, named: str | None) -> None:
    """What the file, ``--dataset`` and the file's name say must be read and agree."""
    supported = ", ".join(DATASETS)
    if in_file and in_file not in _DATASETS:
        raise ImportProblem(source, None, None, "the file holds Eurostat dataset %(dataset)s, "
                            "which this product does not read (it reads %(supported)s)",
                            dataset=in_file, supported=supported)  # fmt: skip
    if given and given not in _DATASETS:
        raise ImportProblem(source, None, None, "unknown dataset %(dataset)r; one of %(supported)s",
                            dataset=given, supported=supported)  # fmt: skip
    if in_file and given and in_file != given:
        raise ImportProblem(source, None, None, "the file holds %(found)s, not %(given)s "
                            "(leave --dataset out)", found=in_file, given=given)  # fmt: skip
    if named and named not in _DATASETS and not (in_file or given):
        raise ImportProblem(source, None, None, "the file name says Eurostat dataset "
                            "%(dataset)s, which this product does not read (it reads "
                            "%(supported)s)", dataset=named, supported=supported)  # fmt: skip
    if named in _DATASETS and (in_file or given) and named != (in_file or given):
        if in_file:
            raise ImportProblem(source, None, None, "the file name says %(named)s, but the file "
                                "says %(found)s", named=named, found=in_file)  # fmt: skip
        raise ImportProblem(source, None, None, "the file name says %(named)s, but --dataset "
                            "says %(found)s", named=named, found=given)  # fmt: skip


def _resolve(
    source: str, in_file: str | None, given: str | None, named: str | None, dims: list[str]
) -> str:
    """The dataset of a file: what the file says, else ``--dataset``, else its name, else a
    breakdown only one dataset has; contradictions are refused, never resolved silently."""
    supported = ", ".join(DATASETS)
    _check_names(source, in_file, given, named)
    by_dims = {SIGNATURES[d] for d in dims if d in SIGNATURES}
    ds = in_file or given or (named if named in _DATASETS else None)
    if ds is None and len(by_dims) == 1:
        ds = by_dims.pop()
    if ds is None:
        raise ImportProblem(source, None, None, "cannot tell the dataset; name it (--dataset, "
                            "one of %(supported)s)", supported=supported)  # fmt: skip
    for d in dims:
        if d in SIGNATURES and SIGNATURES[d] != ds:
            raise ImportProblem(source, 1, d, "a breakdown of %(other)s, not of %(dataset)s: "
                                "is the file %(other)s?", other=SIGNATURES[d],
                                dataset=ds)  # fmt: skip
    return ds


def _check_breakdowns(source: str, dataset: str, obs: Sequence[Observation]) -> None:
    """Every breakdown of the file is one whose total is known, or has one value; and each
    country and period has at most one total row. Otherwise no total can be chosen without
    guessing, and the file is refused. (Works on the distinct breakdowns, which are few.)"""
    if isinstance(obs, Observations):
        distinct = set(obs.breakdowns.values())
    else:
        distinct = set(map(attrgetter("dims"), obs))
    _check_totals_known(source, distinct)
    totals = {dims for dims in distinct if is_total(dims)}
    if isinstance(obs, Observations):
        if obs.totals_unique(totals):
            return
    else:
        keys = [(o.geo, o.citizen, o.time) for o in obs if o.dims in totals]
        if len(set(keys)) == len(keys):
            return
    _refuse_duplicate_totals(source, obs, totals)


def _check_totals_known(source: str, distinct: set[tuple[tuple[str, str], ...]]) -> None:
    """Every breakdown with two or more values must be one whose total is known."""
    values: dict[str, set[str]] = {}
    for dims in distinct:
        for name, value in dims:
            values.setdefault(name, set()).add(value)
    for name, seen in values.items():
        if name in TOTALS or name in ATTRIBUTES or len(seen) < 2:
            continue
        shown = ", ".join(sorted(seen)[:5])
        raise ImportProblem(source, None, name, "values are broken down by %(name)r "
                            "(%(values)s) and its total is not known: download the file with "
                            "one value of it", name=name,
                            values=shown + (", …" if len(seen) > 5 else ""))  # fmt: skip


def _refuse_duplicate_totals(
    source: str, obs: Sequence[Observation], totals: set[tuple[tuple[str, str], ...]]
) -> None:
    """Name the first country and period with two total rows (called once they are known
    to exist)."""
    seen_keys: dict[tuple[str, str, str], tuple[tuple[str, str], ...]] = {}
    for o in obs:
        if o.dims not in totals:
            continue
        key = (o.geo, o.citizen, o.time)
        if key in seen_keys and seen_keys[key] != o.dims:
            differ = sorted({n for n, v in o.dims} ^ {n for n, v in seen_keys[key]}
                            | {n for (n, v), (_, w) in zip(o.dims, seen_keys[key], strict=False)
                               if v != w})  # fmt: skip
            raise ImportProblem(source, None, None, "two total rows for %(geo)s, %(citizen)s, "
                                "%(time)s (they differ in %(differ)s): which one counts cannot "
                                "be told", geo=o.geo, citizen=o.citizen, time=o.time,
                                differ=", ".join(differ) or "—")  # fmt: skip
        if key in seen_keys:
            raise ImportProblem(source, None, None, "%(geo)s, %(citizen)s, %(time)s occurs "
                                "twice with the same breakdown", geo=o.geo, citizen=o.citizen,
                                time=o.time)  # fmt: skip
        seen_keys[key] = o.dims


def _country(source: str, row: int, column: str, raw: str) -> str:
    code = country_code(raw)
    if code is None:
        raise ImportProblem(source, row, column, "unknown country or aggregate %(value)r",
                            value=raw)  # fmt: skip
    return code


def _read_export(
    source: str, text: str, given: str | None, named: str | None
) -> tuple[str, Sequence[Observation]]:
    """The older 'Data.csv' export, checked and converted column by column in one polars
    query (one regular expression per column, not one call per value)."""
    table = read_table(source, text)
    header = table.header
    needed = {"TIME", "GEO", "CITIZEN", "Value"}
    if not needed <= set(header):
        raise ImportProblem(source, 1, None, "missing columns %(columns)s",
                            columns=", ".join(sorted(needed - set(header))))  # fmt: skip
    flag_col = next((h for h in header if h.lower().startswith("flag")), None)
    dim_cols = [h for h in header if h not in needed and h != flag_col]
    ds = _resolve(source, None, given, named, [c.lower() for c in dim_cols])
    dims = [(c.lower(), c) for c in dim_cols]
    return ds, _columnar(source, table, ds, Columns("TIME", "Value", flag_col, "GEO", "CITIZEN",
                                                    dims))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Columns:
    """Which header holds what, in a file with one value per record."""

    time: str
    value: str
    flag: str | None
    geo: str
    citizen: str
    #: (breakdown name, header) of every breakdown column
    dims: list[tuple[str, str]]


def _columnar(source: str, table: Table, ds: str, cols: Columns) -> Observations:
    """Check and convert a table of one value per record in one polars query: the time
    must be a period, the value a number (or ':' or empty for 'not available', with a
    flag after it or in its own column), geo and citizen known countries or aggregates.
    The first record that is wrong is refused with its line and column."""
    col = table.col
    value = col(cols.value).str.strip_chars()
    plain = bool(table.frame.lazy().select(value.str.contains(_PLAIN_VALUE).all())
                 .collect().item())  # fmt: skip
    if plain:  # nearly every file: numbers, ':' or nothing; no flag written after them
        number, flag = value, pl.lit("")
    else:
        empty = value == ""  # an empty cell is 'not available'; a flag needs a value
        number = pl.when(empty).then(pl.lit("")).otherwise(value.str.extract(_VALUE_PATTERN, 1))
        flag = pl.when(empty).then(pl.lit("")).otherwise(
            value.str.extract(_VALUE_PATTERN, 2).fill_null(""))  # fmt: skip
    if cols.flag:
        written = col(cols.flag).str.strip_chars()
        flag = pl.when(written == "").then(flag).otherwise(written)
    time = col(cols.time).str.strip_chars()
    checked = table.frame.lazy().select(
        line=pl.col(LINE),
        time=time,
        time_ok=time.str.contains(_TIME_PATTERN),
        raw_value=col(cols.value),
        number=number,
        flags=flag,
        geo_raw=col(cols.geo),
        citizen_raw=col(cols.citizen),
        breakdown=_breakdown_key([col(c) for _, c in cols.dims]),
    ).collect()  # fmt: skip
    _refuse_first(source, checked, ~checked["time_ok"], cols.time,
                  "expected a year or period, found %(value)r", "time")  # fmt: skip
    _refuse_first(source, checked, checked["number"].is_null(), cols.value,
                  "expected a number or ':', found %(value)r", "raw_value")  # fmt: skip
    codes = _country_map(source, checked, "geo_raw", cols.geo)
    codes |= _country_map(source, checked, "citizen_raw", cols.citizen)
    by_name = len(set(codes.values())) == len(codes)  # else two names, one code: map here
    missing = pl.col("number").is_in([":", ""])
    frame = checked.lazy().select(
        geo=pl.col("geo_raw") if by_name
        else pl.col("geo_raw").replace_strict(codes, return_dtype=pl.String),
        citizen=pl.col("citizen_raw") if by_name
        else pl.col("citizen_raw").replace_strict(codes, return_dtype=pl.String),
        time=pl.col("time"),
        value=pl.when(missing).then(None)
        .otherwise(pl.col("number").str.replace_all(",", "", literal=True)).cast(pl.Float64),
        flags=pl.col("flags"),
        breakdown=pl.col("breakdown"),
    ).collect()  # fmt: skip
    names = [name for name, _ in cols.dims]
    breakdowns = _breakdowns(names, frame["breakdown"])
    return Observations(ds, frame, breakdowns, codes if by_name else None)


#: the same patterns as _TIME_RE and _VALUE_FLAG_RE, for polars (Rust regex, ASCII classes)
_TIME_PATTERN = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])|-?Q[1-4]|M(?:0[1-9]|1[0-2]))?$"
_PLAIN_VALUE = r"^(?:-?[0-9][0-9,]*(?:\.[0-9]+)?|:|)$"
_VALUE_PATTERN = r"^[ \t]*(:|-?[0-9][0-9,]*(?:\.[0-9]+)?)[ \t]*([a-z]*)[ \t]*$"
_KEY_SEPARATOR = "\x1f"


def _refuse_first(
    source: str, checked: pl.DataFrame, bad: pl.Series, column: str, problem: str, shown: str
) -> None:
    """Raise for the first record where ``bad`` holds, naming its line and value."""
    if bad.any():
        at = int(bad.arg_true()[0])
        line = int(checked[LINE][at])
        raise ImportProblem(source, line, column, problem, value=checked[shown][at])


def _country_map(source: str, checked: pl.DataFrame, raw: str, column: str) -> dict[str, str]:
    """ISO alpha-3 (or aggregate) code of each distinct name; an unknown one is refused
    with the first line it is on."""
    codes = {name: country_code(name) for name in checked[raw].unique().to_list()}
    unknown = [name for name, code in codes.items() if code is None]
    if unknown:
        _refuse_first(source, checked, checked[raw].is_in(unknown), column,
                      "unknown country or aggregate %(value)r", raw)  # fmt: skip
    return {name: code for name, code in codes.items() if code is not None}


def _breakdown_key(columns: list[pl.Expr]) -> pl.Expr:
    """One string per record that identifies its breakdown values (stripped)."""
    if not columns:
        return pl.lit("")
    return pl.concat_str([c.str.strip_chars() for c in columns], separator=_KEY_SEPARATOR)


def _breakdowns(names: list[str], keys: pl.Series) -> dict[str, Dims]:
    """The distinct breakdowns, ((name, value), …) by key: files have a handful of them
    and tens of thousands of records."""
    if not names:
        return {"": ()}
    return {key: tuple(zip(names, key.split(_KEY_SEPARATOR), strict=True))
            for key in keys.unique().to_list()}  # fmt: skip


_SDMX_FIXED = {"STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "DATAFLOW",
               "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS", "OBS_STATUS"}  # fmt: skip


#: 'ESTAT:MIGR_EIORD(1.0)', 'ESTAT:MIGR_EIRTN$DEFAULTVIEW(1.0)'
_STRUCTURE_ID_RE = re.compile(r":([A-Z0-9_]+)(?:\$[A-Z0-9_]+)?\(")


def _read_sdmx(
    source: str, text: str, given: str | None, named: str | None
) -> tuple[str, Sequence[Observation]]:
    table = read_table(source, text)
    header = table.header
    # with labels, each code column is followed by a column of readable labels
    codes = [h for h in header if re.fullmatch(r"[a-z][a-z0-9_]*", h) or h in _SDMX_FIXED]
    for name in ("TIME_PERIOD", "OBS_VALUE", "geo", "citizen"):
        if name not in codes:
            raise ImportProblem(source, 1, name, "missing column")
    id_col = next((h for h in ("STRUCTURE_ID", "DATAFLOW") if h in codes), None)
    plain_dims = [h for h in codes if re.fullmatch(r"[a-z][a-z0-9_]*", h)]
    dims = [h for h in plain_dims if h not in ("geo", "citizen", "freq")]
    in_file: str | None = None
    if id_col is not None and table.height:
        ids = table.column(id_col).unique().to_list()
        found = {m.group(1).lower() if (m := _STRUCTURE_ID_RE.search(i)) else None for i in ids}
        if len(found) > 1:
            shown = ", ".join(sorted(str(f) for f in found))
            raise ImportProblem(source, None, id_col, "the file holds more than one dataset "
                                "(%(datasets)s): download one at a time",
                                datasets=shown)  # fmt: skip
        in_file = found.pop()
    ds = _resolve(source, in_file, given, named, dims)
    flag = "OBS_FLAG" if "OBS_FLAG" in codes else None
    cols = Columns("TIME_PERIOD", "OBS_VALUE", flag, "geo", "citizen", [(d, d) for d in dims])
    return ds, _columnar(source, table, ds, cols)


def _read_tsv(
    source: str, text: str, given: str | None, named: str | None
) -> tuple[str, Sequence[Observation]]:
    lines = text.splitlines()
    header = lines[0].split("\t")
    keys = header[0].split("\\")[0].split(",")
    periods = [p.strip() for p in header[1:]]
    for j, p in enumerate(periods, start=2):
        if not _TIME_RE.match(p):
            raise ImportProblem(source, 1, str(j), "expected a period, found %(value)r", value=p)
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
                source,
                n,
                None,
                "expected %(expected)s columns, found %(found)s",
                expected=len(header),
                found=len(cells),
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
) -> tuple[str, Sequence[Observation], str | None]:
    """JSON-stat 2.0 as Eurostat's API answers: ``id``/``size`` give the dimensions in
    row-major order, ``value`` and ``status`` are lists or {flat index: …} objects."""
    data = _jsonstat_dataset(source, text)
    ids, sizes, dimension = _jsonstat_shape(source, data)
    time_id = next((i for i in ids if i.lower() in ("time", "time_period")), None)
    for need in ("geo", "citizen"):
        if need not in ids:
            raise ImportProblem(source, None, need, "missing dimension")
    if time_id is None:
        raise ImportProblem(source, None, "time", "missing dimension")
    codes = [_jsonstat_categories(source, dimension, d, n) for d, n in zip(ids, sizes, strict=True)]
    dims = [i for i in ids if i not in ("geo", "citizen", "freq", time_id)]
    extension = data.get("extension") or {}
    in_file = str(extension.get("datasetId") or extension.get("id") or "").lower() or None
    ds = _resolve(source, in_file, given, named, dims)
    status = data.get("status") or {}
    total = 1
    for size in sizes:
        total *= size
    out: list[Observation] = []
    for flat, value in _jsonstat_cells(source, data.get("value"), total):
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


def _jsonstat_dataset(source: str, text: str) -> dict[str, Any]:
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(source, exc.lineno, None, "not JSON: %(reason)s",
                            reason=exc.msg) from None  # fmt: skip
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise ImportProblem(source, None, None, "not a JSON-stat 2.0 dataset (class 'dataset')")
    return data


def _jsonstat_shape(source: str, data: dict[str, Any]) -> tuple[list[str], list[int], Any]:
    """The dimensions' ids and sizes (equally many) and their descriptions."""
    try:
        ids = [str(i) for i in data["id"]]
        sizes = [int(n) for n in data["size"]]
        dimension = data["dimension"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportProblem(source, None, None, "JSON-stat without %(key)s",
                            key=str(exc)) from None  # fmt: skip
    if len(ids) != len(sizes):
        raise ImportProblem(source, None, "size", "'id' and 'size' differ in length")
    return ids, sizes, dimension


def _jsonstat_categories(source: str, dimension: Any, dim_id: str, size: int) -> list[str]:
    """A dimension's category codes in index order; as many as its size says."""
    index = dimension.get(dim_id, {}).get("category", {}).get("index")
    if isinstance(index, dict):
        ordered = [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    elif isinstance(index, list):
        ordered = [str(c) for c in index]
    else:
        raise ImportProblem(source, None, dim_id, "dimension without a category index")
    if len(ordered) != size:
        raise ImportProblem(source, None, dim_id, "%(count)s categories, size %(size)s",
                            count=len(ordered), size=size)  # fmt: skip
    return ordered


def _jsonstat_cells(
    source: str, values: object, total: int
) -> Iterator[tuple[int, float | int | None]]:
    """(flat index, value) of every cell given, each checked to lie in the cube and to be a
    number or empty."""
    cells: Iterable[tuple[int, object]]
    if isinstance(values, dict):
        cells = ((int(k), v) for k, v in values.items())
    elif isinstance(values, list):
        cells = enumerate(values)
    else:
        raise ImportProblem(source, None, "value", "no values")
    for flat, value in cells:
        if not 0 <= flat < total:
            raise ImportProblem(source, None, "value", "index %(index)s outside the cube",
                                index=flat)  # fmt: skip
        if value is not None and not isinstance(value, int | float):
            raise ImportProblem(source, None, "value", "index %(index)s: %(value)r is no number",
                                index=flat, value=value)  # fmt: skip
        yield flat, value
