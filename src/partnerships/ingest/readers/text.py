"""Plain-text reader: PDF text dumps (pdftotext), OCR output, text exports.

A text dump has no geometry, but it keeps traces of the page: a form feed or a
'Pagina N van M' footer ends a page; pdftotext draws the footnote rule as a long run of
spaces and puts superscript markers on lines of their own. This reader turns those traces
into line roles (footnote, footer) and markers; everything else is left to the assembler.
"""

from __future__ import annotations

import re

from partnerships.domain.textnorm import repair_letter_spacing
from partnerships.ingest.layout import Line, Marker, RawDocument, Role

_RULE_RE = re.compile(r"^(?:[ \t]{20,}|\s*[_\-‐–—]{8,}\s*)$")
_FOOTER_RE = re.compile(r"^\s*P\s?a\s?g\s?i\s?n\s?a\s+\d+\s+v\s?a\s?n\s+\d+\s*$", re.I)
_MARKER_LINE_RE = re.compile(r"^\s*(\d{1,3})\s*$")
_FOOTNOTE_START_RE = re.compile(r"^\s*(\d{1,3})(?:\s+(\S.*))?$")
_GAP_PUNCT_RE = re.compile(r"(?<=\S) (?=[.,;:!?](?:\s|$))")


def decode_text(data: bytes) -> str:
    """UTF-8 when it is UTF-8 (with or without BOM); otherwise let charset-normalizer judge."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            return data.decode("cp1252", errors="replace")
        return str(best)


def read_text(source: str, text: str, fmt: str = "txt") -> RawDocument:
    raw = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = raw.split("\n")
    lines: list[Line] = []
    page = 1
    page_start = True
    gap = False
    pending_marker: int | None = None
    i = 0
    n = len(rows)
    while i < n:
        row = rows[i]
        if "\f" in row:
            # a form feed starts a new page; whatever stood before it on the row is page chrome
            page += row.count("\f")
            row = row.rsplit("\f", 1)[-1]
            page_start = True
        if _RULE_RE.match(row):
            i = _read_footnotes(rows, i + 1, lines, page)
            continue
        if not row.strip():
            gap = True
            i += 1
            continue
        if _FOOTER_RE.match(row):
            lines.append(Line(text=row.strip(), page=page, role=Role.FOOTER, source_line=i + 1))
            page += 1
            page_start = True
            gap = True
            i += 1
            continue
        marker = _MARKER_LINE_RE.match(row)
        if marker and i + 1 < n and rows[i + 1].strip() and not _MARKER_LINE_RE.match(rows[i + 1]):
            # pdftotext puts a superscript footnote marker on a line of its own, just before
            # the line that carries it
            pending_marker = int(marker.group(1))
            i += 1
            continue
        line = Line(
            text=repair_letter_spacing(row),
            page=page,
            gap_before=gap,
            page_start=page_start,
            source_line=i + 1,
        )
        if pending_marker is not None:
            _place_marker(line, pending_marker)
            pending_marker = None
        lines.append(line)
        gap = False
        page_start = False
        i += 1
    return RawDocument(source=source, format=fmt, lines=lines, pages=None)


def _place_marker(line: Line, number: int) -> None:
    """Put a marker that lost its place where the superscript left a gap ('gegeven .')."""
    m = _GAP_PUNCT_RE.search(line.text)
    if m:
        pos = m.start()
        line.text = line.text[:pos] + line.text[pos + 1 :]
    else:
        pos = len(line.text.rstrip())
        line.text = line.text.rstrip()
    digits = str(number)
    line.text = line.text[:pos] + digits + line.text[pos:]
    line.markers.append(Marker(pos, pos + len(digits), number))


def _read_footnotes(rows: list[str], i: int, lines: list[Line], page: int) -> int:
    """Read the footnote area after a rule; return the index of the first row after it."""
    current: Line | None = None
    n = len(rows)
    while i < n:
        row = rows[i]
        if _FOOTER_RE.match(row) or "\f" in row:
            return i
        if not row.strip():
            # a blank row ends the area unless a footnote continues after it
            j = i + 1
            while j < n and not rows[j].strip():
                j += 1
            if j < n and (_FOOTNOTE_START_RE.match(rows[j]) or _FOOTER_RE.match(rows[j])):
                i = j
                continue
            return j
        start = _FOOTNOTE_START_RE.match(row)
        if start:
            text = start.group(2)
            if text is None and i + 1 < n:
                i += 1
                text = rows[i].strip()
            current = Line(
                text=(text or "").strip(),
                page=page,
                role=Role.FOOTNOTE,
                footnote_number=int(start.group(1)),
                source_line=i + 1,
            )
            lines.append(current)
        else:
            lines.append(Line(text=row.strip(), page=page, role=Role.FOOTNOTE, source_line=i + 1))
        i += 1
    return i
