"""Strict, fast reading of delimited statistics files into string columns.

polars parses the file (Rust, all cores; 3–5× Python's csv module), but it is lenient
where this product must not be: a record with too few fields is silently filled, and a
stray quote is read otherwise than the csv module reads it. So before polars reads, one
regular expression checks that every line has exactly the header's number of fields,
each quoted properly or not at all. Only when a line does not fit — a ragged row, a
stray quote, a quoted line break, a blank line — does Python's csv module read the file:
it names the exact line that is wrong, or, when all is well after all, its records are
used. Either way every record carries its line in the file (``line``), so a problem
found later names the line a person can open.
"""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from partnerships.ingest.errors import ImportProblem

#: the column of a Table's frame that holds each record's line in the file
LINE = "line"


@dataclass(frozen=True, slots=True)
class Table:
    """A delimited file's header and records. ``frame`` has one string column per header
    field, named by position (``c0``, ``c1`` …, since headers need not be valid or unique
    names), an empty field being '' quoted or not, and ``line``: the file line of each
    record."""

    header: list[str]
    frame: pl.DataFrame

    @property
    def height(self) -> int:
        return self.frame.height

    def col(self, name: str) -> pl.Expr:
        """The column headed ``name``, for a polars query on ``frame``."""
        return pl.col(f"c{self.header.index(name)}")

    def column(self, name: str) -> pl.Series:
        return self.frame[f"c{self.header.index(name)}"]


def read_table(source: str, text: str, delimiter: str = ",") -> Table:
    """Every record of ``text``, each with exactly as many fields as the header; blank
    lines are skipped. Raises ImportProblem naming the line that does not fit."""
    body = text.replace("\r\n", "\n") if "\r" in text else text
    if not body or body.isspace():  # (strip() would copy the whole text)
        raise ImportProblem(source, None, None, "the file is empty")
    if not body.endswith("\n"):
        body += "\n"
    if "\r" in body:  # a lone CR is a line break to the csv module
        return _read_with_csv(source, text, None, delimiter)
    try:
        header = next(csv.reader([body.split("\n", 1)[0]], delimiter=delimiter), [])
    except csv.Error:  # a header the csv module reads over more than one line
        return _read_with_csv(source, text, None, delimiter)
    _check_header(source, header)
    lines = body.count("\n")
    if len(header) < 2:
        return _read_with_csv(source, text, header, delimiter)
    # the check runs beside polars' parse (both release the GIL): 40 % of the time
    fits = _CHECKS.submit(_all_fit, body, delimiter, len(header), lines)
    try:
        data = pl.read_csv(
            body.encode("utf-8"), has_header=True, separator=delimiter, quote_char='"',
            infer_schema=False, empty_string_is_null=False, truncate_ragged_lines=False,
            new_columns=[f"c{i}" for i in range(len(header))],
        )  # fmt: skip
    except pl.exceptions.PolarsError:
        data = None
    if not fits.result() or data is None:
        return _read_with_csv(source, text, header, delimiter)
    if data.height != lines - 1 or data.width != len(header):
        return _read_with_csv(source, text, header, delimiter)
    return Table(header, data.with_row_index(LINE, offset=2))


_CHECKS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csv-check")


def _all_fit(body: str, delimiter: str, fields: int, lines: int) -> bool:
    """Whether every line has exactly ``fields`` fields, each quoted as RFC 4180 says or
    not quoted at all: one Rust regular expression over the text (4 ms for 3 MB) counts
    the lines that fit. A quoted line break joins two lines into one match, so it fails
    here too and the csv module reads that file."""
    if fields > _MAX_FIELDS:  # the expression would grow past the engine's size limit
        return False
    d = "\\t" if delimiter == "\t" else re.escape(delimiter)
    field = f'(?:"[^"]*(?:""[^"]*)*"|[^{d}"\\n]*)'
    pattern = f"(?m)^{field}(?:{d}{field}){{{fields - 1}}}$"
    # a blank line does not fit either (polars would read it as a record of empty fields)
    try:
        matched = pl.Series([body], dtype=pl.String).str.count_matches(pattern)[0]
    except pl.exceptions.PolarsError:
        return False
    return matched is not None and int(matched) == lines


#: files with more columns than this are read by the csv module (Eurostat's have < 30)
_MAX_FIELDS = 300


def _check_header(source: str, header: list[str]) -> None:
    if len(set(header)) != len(header):
        twice = next(h for h in header if header.count(h) > 1)
        raise ImportProblem(source, 1, twice, "this column occurs twice in the header")


def _read_with_csv(source: str, text: str, header: list[str] | None, delimiter: str) -> Table:
    """The careful path: the csv module's records, or the line that is wrong (``header``:
    as read from the first line, or None to take the csv module's first record)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    line_numbers: list[int] = []
    try:
        first = next(reader, None)
        if header is None:
            header = first or []
            _check_header(source, header)
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if len(row) != len(header):
                raise ImportProblem(source, reader.line_num, None,
                                    "expected %(expected)s columns, found %(found)s",
                                    expected=len(header), found=len(row))  # fmt: skip
            records.append(row)
            line_numbers.append(reader.line_num)
    except csv.Error as exc:
        raise ImportProblem(source, reader.line_num, None, "malformed CSV: %(reason)s",
                            reason=str(exc)) from None  # fmt: skip
    columns = [pl.Series(f"c{i}", [r[i] for r in records], dtype=pl.String)
               for i in range(len(header))]  # fmt: skip
    frame = pl.DataFrame([*columns, pl.Series(LINE, line_numbers, dtype=pl.Int64)])
    return Table(header, frame)
