"""Tables people open in a spreadsheet program: CSV and XLSX that cannot run formulas.

A commitment's text comes from a letter or a form, so an attacker can make a cell begin with
``=HYPERLINK(…)`` by writing such a sentence in a public letter. Excel and LibreOffice run a
cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, after a tab or carriage return, the
same) as a formula. Following OWASP's guidance on CSV injection, every such cell is prefixed
with an apostrophe in CSV (which spreadsheet programs show as text and hide) and every cell
is quoted; in XLSX every string is written as a string cell, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

#: characters that make a spreadsheet program read a cell as a formula (OWASP)
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: object) -> str:
    """The cell's text, with a leading apostrophe where it would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with BOM and semicolons (opens as columns in Dutch Excel), every cell quoted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet; every value a string cell, so nothing in it is evaluated."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    for r, row in enumerate([header, *rows], start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = "" if value is None else str(value)
            cell.data_type = "s"  # openpyxl would store '=…' as a formula otherwise
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
