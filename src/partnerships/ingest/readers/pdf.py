"""PDF reader: text objects with their boxes and real font sizes, via pypdfium2.

Why text objects and not pdfium's page text: pdfium's reading order joins lines that sit
side by side (a body line and the sidebar's kenmerk become one line) and runs footnote lines
together. Text objects are the styled runs the PDF itself holds, each with a box and a font
size; from them we rebuild lines per column ourselves. See docs/adr/0001-pdf-library.md for
the measurements behind the library choice.

Geometry decides the roles the text alone cannot: the sidebar is everything right of the
column edge, derived per document from where the sidebar labels ('Ons kenmerk', 'Datum',
'Pagina') sit; footnotes are the run of smaller-font lines at the foot of a page that starts
with a marker; superscript numbers inside body lines are footnote markers.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from partnerships.domain.textnorm import repair_letter_spacing
from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.layout import Line, Marker, RawDocument, Role

_SIDEBAR_LABEL_RE = re.compile(
    r"^\s*(?:Ons\s+kenmerk|Onze\s+referentie|Uw\s+kenmerk|Kenmerk|Datum|Bijlage|Pagina|P\s?agina)\b",
    re.I,
)
_FOOTER_RE = re.compile(r"^\s*P\s?a\s?g\s?i\s?n\s?a\s+\d+\s+v\s?a\s?n\s+\d+\s*$", re.I)
_DIGITS_RE = re.compile(r"^\s*(\d{1,3})\s*$")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*P\s?a\s?g\s?i\s?n\s?a\s+\d+", re.I
)
_TEXT_TYPE = pdfium_c.FPDF_PAGEOBJ_TEXT
_FORM_TYPE = pdfium_c.FPDF_PAGEOBJ_FORM


@dataclass(slots=True)
class _Run:
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    text: str
    bold: bool = False

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class _PdfLine:
    runs: list[_Run] = field(default_factory=list)
    y0: float = math.inf
    y1: float = -math.inf

    def add(self, run: _Run) -> None:
        self.runs.append(run)
        self.y0 = min(self.y0, run.y0)
        self.y1 = max(self.y1, run.y1)

    @property
    def size(self) -> float:
        """The size of the line's main text: the size carrying the most characters."""
        weight: dict[float, int] = {}
        for run in self.runs:
            key = round(run.size, 1)
            weight[key] = weight.get(key, 0) + len(run.text.strip())
        return max(weight, key=lambda k: weight[k]) if weight else 0.0

    @property
    def x0(self) -> float:
        return min(r.x0 for r in self.runs)


class _ObjectReader:
    """Reads text runs through pdfium's C API with reused buffers (the hot loop)."""

    def __init__(self) -> None:
        self._l = ctypes.c_float()
        self._b = ctypes.c_float()
        self._r = ctypes.c_float()
        self._t = ctypes.c_float()
        self._fs = ctypes.c_float()
        self._matrix = pdfium_c.FS_MATRIX()
        self._cap = 4096
        self._buf = (pdfium_c.FPDF_WCHAR * self._cap)()
        self._bold: dict[int, bool] = {}
        self._name = ctypes.create_string_buffer(128)

    def _is_bold(self, obj: object) -> bool:
        """Bold by the font's weight or name; cached per font (a few fonts per letter)."""
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        if not font:
            return False
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in self._bold:
            weight = pdfium_c.FPDFFont_GetWeight(font)
            n = pdfium_c.FPDFFont_GetBaseFontName(font, self._name, 128)
            name = self._name.raw[: max(0, n - 1)].decode("latin-1", "replace")
            self._bold[key] = weight >= 600 or "bold" in name.lower() or "black" in name.lower()
        return self._bold[key]

    def runs(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[_Run]:
        out: list[_Run] = []
        self._collect(page.raw, textpage.raw, None, None, out)
        return out

    def _collect(
        self,
        page_raw: object,
        tp_raw: object,
        form: object | None,
        outer: tuple[float, float, float, float, float, float] | None,
        out: list[_Run],
    ) -> None:
        if form is None:
            count = pdfium_c.FPDFPage_CountObjects(page_raw)
        else:
            count = pdfium_c.FPDFFormObj_CountObjects(form)
        for i in range(count):
            obj = (
                pdfium_c.FPDFPage_GetObject(page_raw, i)
                if form is None
                else pdfium_c.FPDFFormObj_GetObject(form, i)
            )
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == _FORM_TYPE:
                m = self._matrix
                pdfium_c.FPDFPageObj_GetMatrix(obj, m)
                mat = (m.a, m.b, m.c, m.d, m.e, m.f)
                self._collect(page_raw, tp_raw, obj, _compose(mat, outer), out)
                continue
            if kind != _TEXT_TYPE:
                continue
            text = self._text(obj, tp_raw)
            if text is None:
                continue
            run = self._run(obj, text, outer)
            if run is not None:
                out.append(run)

    def _text(self, obj: object, tp_raw: object) -> str | None:
        """A text object's text, its letter spacing repaired; None when it is blank."""
        n = pdfium_c.FPDFTextObj_GetText(obj, tp_raw, self._buf, self._cap * 2)
        if n <= 2:
            return None
        if n > self._cap * 2:
            self._cap = n
            self._buf = (pdfium_c.FPDF_WCHAR * self._cap)()
            n = pdfium_c.FPDFTextObj_GetText(obj, tp_raw, self._buf, self._cap * 2)
        text = bytes(memoryview(self._buf)[: n // 2 - 1]).decode("utf-16-le", "replace")
        text = repair_letter_spacing(
            text.replace("\x00", "").replace("\x02", "-").replace("\r", "").replace("\n", " ")
        )
        return text if text.strip() else None

    def _run(
        self, obj: object, text: str, outer: tuple[float, float, float, float, float, float] | None
    ) -> _Run | None:
        """The text object's box and font size on the page (through the forms it sits in)."""
        if not pdfium_c.FPDFPageObj_GetBounds(obj, self._l, self._b, self._r, self._t):
            return None
        x0, y0, x1, y1 = self._l.value, self._b.value, self._r.value, self._t.value
        pdfium_c.FPDFTextObj_GetFontSize(obj, self._fs)
        m = self._matrix
        pdfium_c.FPDFPageObj_GetMatrix(obj, m)
        scale = math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
        size = self._fs.value * scale
        if outer is not None:
            x0, y0 = _apply(outer, x0, y0)
            x1, y1 = _apply(outer, x1, y1)
            size *= math.sqrt(abs(outer[0] * outer[3] - outer[1] * outer[2])) or 1.0
            x0, x1 = min(x0, x1), max(x0, x1)
            y0, y1 = min(y0, y1), max(y0, y1)
        return _Run(x0, y0, x1, y1, size, text, self._is_bold(obj))


def _compose(
    inner: tuple[float, float, float, float, float, float],
    outer: tuple[float, float, float, float, float, float] | None,
) -> tuple[float, float, float, float, float, float]:
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(
    m: tuple[float, float, float, float, float, float], x: float, y: float
) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "security" in msg:
            raise ExtractionError(str(path), "the PDF is encrypted and needs a password") from exc
        if "format" in msg or "file" in msg:
            raise ExtractionError(
                str(path), "not a readable PDF (corrupt or truncated file)"
            ) from exc
        raise ExtractionError(str(path), "cannot open PDF: %(reason)s", reason=str(exc)) from exc


def _column_edge(pages: list[list[_Run]], width: float) -> float:
    """x where the sidebar begins: just left of the sidebar labels (none: no sidebar)."""
    xs = [
        run.x0
        for runs in pages
        for run in runs
        if run.x0 > width * 0.5 and _SIDEBAR_LABEL_RE.match(run.text)
    ]
    if xs:
        return statistics.median(xs) - 4.0
    return math.inf  # no sidebar labels: a one-column paper


def _group_lines(runs: list[_Run]) -> list[_PdfLine]:
    """Cluster runs into lines by vertical overlap, top to bottom."""
    runs = sorted(runs, key=lambda r: (-r.cy, r.x0))
    lines: list[_PdfLine] = []
    for run in runs:
        height = max(run.y1 - run.y0, 0.1)
        target = None
        for line in reversed(lines[-3:]):
            overlap = min(line.y1, run.y1) - max(line.y0, run.y0)
            line_h = max(line.y1 - line.y0, 0.1)
            if overlap >= 0.45 * min(height, line_h):
                target = line
                break
        if target is None:
            target = _PdfLine()
            lines.append(target)
        target.add(run)
    for line in lines:
        line.runs.sort(key=lambda r: r.x0)
    lines.sort(key=lambda ln: -(ln.y0 + ln.y1) / 2)
    return lines


_SIGNER_RE = re.compile(
    r"^\s*(?:De|Het|DE|HET)\s+(?:Minister|Staatssecretaris|MINISTER|STAATSSECRETARIS)", re.I
)


def _segments(line: _PdfLine, gap: float) -> list[list[_Run]]:
    """The line's runs in groups separated by at least ``gap`` of white space."""
    groups: list[list[_Run]] = [[line.runs[0]]]
    for prev, run in itertools.pairwise(line.runs):
        if run.x0 - prev.x1 >= gap:
            groups.append([])
        groups[-1].append(run)
    return groups


def _line_of(runs: list[_Run]) -> _PdfLine:
    out = _PdfLine()
    for run in runs:
        out.add(run)
    return out


def _signature_columns(lines: list[_PdfLine], body_size: float) -> list[_PdfLine]:
    """Signature blocks set side by side ('De Minister van …,' left, 'De Staatssecretaris
    van …,' right, names below each) are grouped into one line per row by height; read so,
    both functions run together and no signatory is found. Such a block — rows whose
    columns each start with a minister's or state secretary's function — is re-read column
    by column, row by row. Only there: a table in the body keeps its lines."""
    gap = 2.5 * body_size
    out: list[_PdfLine] = []
    i = 0
    while i < len(lines):
        segs = _segments(lines[i], gap) if lines[i].runs else []
        texts = ["".join(r.text for r in g).strip() for g in segs]
        if len(segs) < 2 or not all(_SIGNER_RE.match(t) for t in texts):
            out.append(lines[i])
            i += 1
            continue
        starts = [g[0].x0 for g in segs]
        columns: list[list[_PdfLine]] = [[] for _ in starts]
        j = i
        while j < len(lines):
            parts = _segments(lines[j], gap) if lines[j].runs else []
            part_texts = ["".join(r.text for r in g).strip() for g in parts]
            if j > i and len(parts) == len(starts) and all(_SIGNER_RE.match(t) for t in part_texts):
                break  # the next row of signatories
            placed: list[tuple[int, list[_Run]]] = []
            for part in parts:
                k = min(range(len(starts)), key=lambda c: abs(starts[c] - part[0].x0))
                if abs(starts[k] - part[0].x0) > 3 * body_size:
                    placed = []
                    break
                placed.append((k, part))
            if not placed:
                break  # no longer in the block's columns
            for k, part in placed:
                columns[k].append(_line_of(part))
            j += 1
        for column in columns:
            out.extend(column)
        i = j
    return out


def _join_runs(line: _PdfLine, main_size: float) -> tuple[str, list[Marker]]:
    """Text of a line with spaces where the gaps are, and superscript markers found."""
    parts: list[str] = []
    markers: list[Marker] = []
    length = 0
    prev: _Run | None = None
    base_y0 = min((r.y0 for r in line.runs if abs(r.size - main_size) < 0.6), default=line.y0)
    for run in line.runs:
        text = run.text
        is_marker = (
            _DIGITS_RE.match(text) is not None
            and run.size < main_size * 0.8
            and run.y0 > base_y0 + 0.8
        )
        if prev is not None:
            gap = run.x0 - prev.x1
            ends_space = parts[-1].endswith(" ") if parts else True
            glued = text[:1] in ",.;:!?)]’”" or parts[-1][-1:] in "([‘“/"
            if (
                not is_marker
                and not ends_space
                and not glued
                and not text.startswith(" ")
                and gap > 0.22 * main_size
            ):
                parts.append(" ")
                length += 1
            elif ends_space and text.startswith(" "):
                text = text.lstrip(" ")
            if (
                text[:1] in ",.;:!?)"
                and parts
                and parts[-1].endswith(" ")
                and gap < 0.5 * main_size
            ):
                parts[-1] = parts[-1].rstrip(" ")
                length = sum(len(p) for p in parts)
        if is_marker:
            if (
                parts
                and parts[-1].endswith(" ")
                and prev is not None
                and run.x0 - prev.x1 < 0.3 * main_size
            ):
                parts[-1] = parts[-1].rstrip(" ")
                length = sum(len(p) for p in parts)
            digits = text.strip()
            markers.append(Marker(length, length + len(digits), int(digits)))
            parts.append(digits)
            length += len(digits)
            if run.text.endswith(" "):
                parts.append(" ")
                length += 1
        else:
            parts.append(text)
            length += len(text)
        prev = run
    return "".join(parts), markers


def read_pdf(path: Path) -> RawDocument:
    pdf = _open(path)
    try:
        return _read(pdf, path)
    finally:
        pdf.close()


def _read(pdf: pdfium.PdfDocument, path: Path) -> RawDocument:
    page_runs, width = _page_runs(pdf, path)
    if not any(page_runs):
        raise ExtractionError(
            str(path), "the PDF has no text layer (scanned images?); run OCR first"
        )
    edge = _column_edge(page_runs, width)
    body_size = _body_size(page_runs, edge)
    grouped = [
        (
            _group_lines([r for r in runs if r.x0 < edge]),
            _group_lines([r for r in runs if r.x0 >= edge]),
        )
        for runs in page_runs
    ]
    pitch = _line_pitch([body for body, _ in grouped], body_size)
    lines: list[Line] = []
    for page_no, (body_lines, side_lines) in enumerate(grouped, start=1):
        body_lines = _signature_columns(body_lines, body_size)
        lines += _body_lines(body_lines, page_no, body_size, pitch)
        lines += _side_lines(side_lines, page_no)
    return RawDocument(
        source=str(path), format="pdf", lines=lines, pages=len(page_runs), geometric=True
    )


def _page_runs(pdf: pdfium.PdfDocument, path: Path) -> tuple[list[list[_Run]], float]:
    """Every page's text runs, and the first page's width."""
    reader = _ObjectReader()
    page_runs: list[list[_Run]] = []
    width = 595.0
    for index in range(len(pdf)):
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            raise ExtractionError(
                str(path), "cannot read page: %(reason)s", page=index + 1, reason=str(exc)
            ) from exc
        if index == 0:
            width = page.get_width()
        textpage = page.get_textpage()
        page_runs.append(reader.runs(page, textpage))
        textpage.close()
        page.close()
    return page_runs, width


def _body_size(page_runs: list[list[_Run]], edge: float) -> float:
    """The font size most of the main column's text is set in."""
    sizes: dict[float, int] = {}
    for runs in page_runs:
        for run in runs:
            if run.x0 < edge:
                key = round(run.size, 1)
                sizes[key] = sizes.get(key, 0) + len(run.text)
    return max(sizes, key=lambda k: sizes[k]) if sizes else 10.0


def _footnotes_from(body_lines: list[_PdfLine], body_size: float) -> int:
    """Where the footnote block starts: small-font lines at the foot of the page, from the
    first line that starts with a marker (the number of lines when there is none)."""
    i = len(body_lines) - 1
    while i >= 0 and (
        body_lines[i].size < body_size * 0.93 or _DIGITS_RE.match(_plain(body_lines[i]))
    ):
        i -= 1
    for j in range(i + 1, len(body_lines)):
        first = body_lines[j].runs[0]
        if _DIGITS_RE.match(first.text) or re.match(r"^\s*\d{1,3}\s", first.text):
            return j
    return len(body_lines)


def _body_lines(
    body_lines: list[_PdfLine], page_no: int, body_size: float, pitch: float
) -> list[Line]:
    """A page's main column: its lines, then its footnotes, then its page numbers."""
    page_numbers: list[_PdfLine] = []
    while body_lines and _PAGE_NUMBER_RE.match(_plain(body_lines[-1])):
        page_numbers.append(body_lines.pop())
    foot_from = _footnotes_from(body_lines, body_size)
    lines: list[Line] = []
    prev_base: float | None = None
    for k, pl in enumerate(body_lines):
        main = pl.size
        text, markers = _join_runs(pl, main)
        if not text.strip():
            continue
        if k >= foot_from:
            line = _footnote_line(pl, text, page_no)
        else:
            role = Role.FOOTER if _FOOTER_RE.match(text) else None
            line = Line(
                text=text,
                page=page_no,
                role=role,
                markers=markers,
                font_size=main,
                x0=pl.x0,
                x1=max(r.x1 for r in pl.runs),
                heading=len(text) < 160 and all(r.bold for r in pl.runs if r.text.strip()),
            )
            line.gap_before = prev_base is not None and (prev_base - pl.y0) > pitch * 1.4
            prev_base = pl.y0
        line.page_start = not lines
        lines.append(line)
    for pl in page_numbers:
        lines.append(Line(text=_plain(pl), page=page_no, role=Role.FOOTER, x0=pl.x0))
    return lines


def _side_lines(side_lines: list[_PdfLine], page_no: int) -> list[Line]:
    """The side column (a letterhead's sender block, say): sidebar or footer lines."""
    lines: list[Line] = []
    for pl in side_lines:
        text, _ = _join_runs(pl, pl.size)
        if not text.strip():
            continue
        role = Role.FOOTER if _FOOTER_RE.match(text) else Role.SIDEBAR
        lines.append(
            Line(
                text=text.rstrip(),
                page=page_no,
                role=role,
                font_size=pl.size,
                x0=pl.x0,
                gap_before=True,
            )
        )
    return lines


def _plain(line: _PdfLine) -> str:
    return "".join(r.text for r in line.runs).strip()


def _line_pitch(pages: list[list[_PdfLine]], body_size: float) -> float:
    """The usual distance between baselines of body text, for telling paragraph gaps."""
    steps = [
        a.y0 - b.y0
        for lines in pages
        for a, b in itertools.pairwise(lines)
        if abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6 and a.y0 > b.y0
    ]
    steps = [s for s in steps if body_size * 0.8 < s < body_size * 3]
    return statistics.median(steps) if steps else body_size * 1.3


def _footnote_line(pl: _PdfLine, text: str, page_no: int) -> Line:
    first = pl.runs[0]
    m = _DIGITS_RE.match(first.text) or re.match(r"^\s*(\d{1,3})\s", first.text)
    if m and (first.size < pl.size * 0.9 or len(pl.runs) > 1 or first.text.strip() != text.strip()):
        number = int(m.group(1))
        rest = text.strip()[len(m.group(1)) :].strip()
        return Line(
            text=rest,
            page=page_no,
            role=Role.FOOTNOTE,
            footnote_number=number,
            font_size=pl.size,
            x0=pl.x0,
        )
    return Line(text=text.strip(), page=page_no, role=Role.FOOTNOTE, font_size=pl.size, x0=pl.x0)
