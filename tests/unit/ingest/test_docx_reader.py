"""Word letters (ingest/readers/docx.py), as parliament's open data serves many of them:
a constructed letter made with python-docx, with a footnote added to the package the way
Word writes it (word/footnotes.xml and a w:footnoteReference in the text)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document

from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.extract import ExtractOptions, extract_file

FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Kamerstuk 19 637, nr. 2302.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def _letter(path: Path) -> Path:
    d = Document()
    d.add_paragraph("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal")
    d.add_paragraph("Datum 4 maart 2024")
    d.add_paragraph("Betreft Voortgang terugkeersamenwerking")
    d.add_paragraph("Het kabinet zet in op terugkeer naar Marokko en Tunesië, zoals eerder "
                    "gemeld aan uw KamerFOOTNOTE.")  # fmt: skip
    d.add_paragraph(
        "Ik zal uw Kamer voor de zomer informeren over de uitkomsten van de gesprekken."
    )
    d.add_paragraph("De Staatssecretaris van Justitie en Veiligheid,")
    d.add_paragraph("Eric van der Burg")
    buf = io.BytesIO()
    d.save(buf)
    # put a footnote reference where FOOTNOTE stands, and the footnotes part beside it
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"FOOTNOTE", b'</w:t></w:r><w:r><w:footnoteReference w:id="1"/>'
                                    b'</w:r><w:r><w:t xml:space="preserve">')  # fmt: skip
            z.writestr(item, data)
        z.writestr("word/footnotes.xml", FOOTNOTES)
    path.write_bytes(out.getvalue())
    return path


def test_a_word_letter_is_read_like_the_others(tmp_path: Path) -> None:
    letter = extract_file(_letter(tmp_path / "brief.docx"), ExtractOptions())
    assert (letter.format, letter.date, letter.subject) == (
        "docx",
        "2024-03-04",
        "Voortgang terugkeersamenwerking",
    )
    assert [(s.function, s.name) for s in letter.signatories] == [
        ("De Staatssecretaris van Justitie en Veiligheid", "Eric van der Burg")
    ]
    assert "Eric van der Burg" not in letter.body and "Betreft" not in letter.body
    assert {e.code for e in letter.entities if e.kind == "country"} == {"MAR", "TUN"}
    (note,) = letter.footnotes
    assert note.number == 1 and note.text == "Kamerstuk 19 637, nr. 2302."
    assert note.marker_offset == letter.body.index("uw Kamer") + len("uw Kamer")
    assert any(r.footnote == 1 and r.number == "2302" for r in letter.references)
    (promise,) = letter.commitments
    assert promise.subject == "de uitkomsten van de gesprekken"


def test_a_broken_word_file_is_refused_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.docx"
    bad.write_bytes(b"PK\x03\x04 word/ not really a zip")
    with pytest.raises(ExtractionError, match=r"kapot\.docx"):
        extract_file(bad, ExtractOptions())
