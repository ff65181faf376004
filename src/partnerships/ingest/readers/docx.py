"""Word (.docx) reader: letters as parliament's open data serves many of them (the file
behind a Document's ``/resource`` is a PDF or a Word file).

python-docx gives the body's paragraphs in order with their style; a heading style marks a
heading, an empty paragraph a paragraph break, and tables are read row by row, cells joined.
Footnotes live in a part python-docx does not expose; their text is read from
``word/footnotes.xml`` with lxml (no entities, no network), their markers from the
``w:footnoteReference`` elements, so they are linked as in the other readers.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from lxml import etree

from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.layout import Line, Marker, RawDocument, Role

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _footnotes(data: bytes) -> dict[int, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/footnotes.xml" not in z.namelist():
                return {}
            xml = z.read("word/footnotes.xml")
    except zipfile.BadZipFile:
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    out = {}
    for note in root.iter(f"{_W}footnote"):
        ident = note.get(f"{_W}id")
        if ident is None or not ident.lstrip("-").isdigit() or int(ident) <= 0:
            continue  # separators have ids -1 and 0
        text = " ".join("".join(t.text or "" for t in p.iter(f"{_W}t"))
                        for p in note.iter(f"{_W}p")).strip()  # fmt: skip
        if text:
            out[int(ident)] = text
    return out


def read_docx(source: str, data: bytes) -> RawDocument:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(
            source, "not a readable Word file: %(reason)s", reason=str(exc)
        ) from None
    notes = _footnotes(data)
    lines: list[Line] = []
    gap = True
    for block in doc.element.body.iterchildren():
        if block.tag == f"{_W}p":
            line = _paragraph(block, notes)
            gap = line is None
            if line is not None:
                lines.append(line)
        elif block.tag == f"{_W}tbl":
            for row in block.iter(f"{_W}tr"):
                cells = [" ".join("".join(t.text or "" for t in c.iter(f"{_W}t")).split())
                         for c in row.iter(f"{_W}tc")]  # fmt: skip
                if any(cells):
                    lines.append(Line(text="  ".join(c for c in cells if c), gap_before=gap))
                    gap = False
            gap = True
    for number, text in sorted(notes.items()):
        lines.append(Line(text=text, role=Role.FOOTNOTE, footnote_number=number,
                          gap_before=True))  # fmt: skip
    return RawDocument(source=source, format="docx", lines=lines)


def _paragraph(block: Any, notes: dict[int, str]) -> Line | None:
    """A paragraph's text with its footnote markers, and whether its style is a heading;
    None for an empty paragraph."""
    parts: list[str] = []
    markers: list[Marker] = []
    for el in block.iter(f"{_W}t", f"{_W}footnoteReference"):
        if el.tag == f"{_W}footnoteReference":
            ident = el.get(f"{_W}id")
            if ident and ident.isdigit() and int(ident) in notes:
                at = sum(len(x) for x in parts)
                markers.append(Marker(at, at + len(ident), int(ident)))
                parts.append(ident)
            continue
        parts.append(el.text or "")
    text = "".join(parts)
    if not text.strip():
        return None
    style = block.find(f"{_W}pPr/{_W}pStyle")
    name = (style.get(f"{_W}val") or "") if style is not None else ""
    heading = name.lower().startswith(("heading", "kop", "title"))
    return Line(text=text, gap_before=True, markers=markers, heading=heading)
