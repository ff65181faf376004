"""Letters in their official publication (ingest/publication.py), on real renditions from
officielebekendmakingen.nl, tweedekamer.nl and a monitoring site (tests/fixtures/
publications, each with its source; one file constructed and marked so)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partnerships.ingest.extract import ExtractOptions, extract_document, extract_file
from partnerships.ingest.readers.html import read_html
from partnerships.ingest.references import find_motions

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "publications"
#: what no body may hold: the publication's parts and the sites' chrome
PARTS = ("BRIEF VAN", "Aan de Voorzitter", "Den Haag,", "Naar boven", "X Noot",
         "Directe link naar document", "Gerelateerde personen", "Brief regering",
         "Datum publicatie", "Vergaderjaar", "Preview document", "Nummer: 20")  # fmt: skip

# file: date, addressee, sender ministry, dossier, number, subject starts with
EXPECTED = {
    "kst-19637-2302.txt": ("2017-02-22", "Tweede Kamer", "Ministerie van Veiligheid en Justitie",
                           "19637", "2302", "Vreemdelingenbeleid"),
    "kst-32175-18.txt": ("2011-09-02", "Tweede Kamer",
                         "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
                         "32175", "18", "Huwelijks- en gezinsmigratie"),
    "kst-29344-128.txt": ("2015-11-05", "Tweede Kamer", "Ministerie van Veiligheid en Justitie",
                          "29344", "128", "Terugkeerbeleid"),
    "kst-34700-19.txt": ("2017-05-29", "Tweede Kamer", None, "34700", "19",
                         "Kabinetsformatie 2017"),
    "tk-2024D09102.txt": ("2024-03-11", "Tweede Kamer", "Ministerie van Buitenlandse Zaken",
                          "36410-XVII", "53", "Vaststelling van de begrotingsstaat"),
    "tkconv-2023D16300.txt": ("2023-04-17", "Tweede Kamer", "Ministerie van Buitenlandse Zaken",
                              "36180", "53", "Doen waar Nederland goed in is"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_of_real_publications(name: str) -> None:
    letter = extract_file(FIXTURES / name, ExtractOptions())
    when, addressee, ministry, dossier, number, subject = EXPECTED[name]
    assert letter.date == when
    assert letter.addressee == addressee
    assert letter.sender.ministry == ministry
    assert letter.kamerstuk is not None
    assert (letter.kamerstuk.dossier, letter.kamerstuk.number) == (dossier, number)
    assert letter.subject is not None and letter.subject.startswith(subject)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_no_header_signature_footnote_block_or_chrome_in_the_body(name: str) -> None:
    letter = extract_file(FIXTURES / name, ExtractOptions())
    for part in PARTS:
        assert part not in letter.body, (name, part)
    assert "Dijkhoff" not in letter.body and "Koenders" not in letter.body
    # a self-link of the monitoring site is not a citation of the letter
    assert not any(r.number == "53" and r.dossier == "36180" for r in letter.references)


def test_one_line_signature() -> None:
    letter = extract_file(FIXTURES / "kst-19637-2302.txt", ExtractOptions())
    assert [(s.name, s.function) for s in letter.signatories] == [
        ("K.H.D.M. Dijkhoff", "De Staatssecretaris van Veiligheid en Justitie")
    ]
    assert letter.body.endswith("waarna ik uw Kamer spoedig zal informeren.")
    assert not letter.warnings


def test_two_signatories_titles_and_footnotes_linked_to_their_markers() -> None:
    """Constructed from kst-19637-2302 (see the fixtures' README)."""
    letter = extract_file(FIXTURES / "constructed-notes-two-signatories.txt", ExtractOptions())
    assert [(s.name, s.function) for s in letter.signatories] == [
        ("K.H.D.M. Dijkhoff", "De Staatssecretaris van Veiligheid en Justitie"),
        ("mr. dr. B.G. Koenders", "De Minister van Buitenlandse Zaken"),
    ]
    notes = {n.number: n for n in letter.footnotes}
    assert notes[1].text == "Kamerstuk 19 637, nr. 2301."
    assert notes[2].text == "Zie ook Kamerstuk 19 637, nr. 2290."
    one, two = notes[1].marker_offset, notes[2].marker_offset
    assert one is not None and letter.body[:one].endswith("aangenomen.")
    assert two is not None and letter.body[:two].endswith("spoedig zal informeren.")
    assert "aangenomen.1" not in letter.body and "informeren.2" not in letter.body
    # the footnote's citation is found in the footnote, with its number
    assert any(r.footnote == 2 and r.number == "2290" for r in letter.references)


def test_paragraphs_of_a_rendition_that_wraps_lines() -> None:
    letter = extract_file(FIXTURES / "tk-2024D09102.txt", ExtractOptions())
    paragraphs = letter.body.split("\n\n")
    # a wrapped line is joined to its paragraph; a line that ends a sentence may end one
    assert paragraphs[0].startswith("Recentelijk rondde de Directie")
    assert "(IOB) van het Ministerie" in paragraphs[0]
    assert paragraphs[0].endswith("in de periode 2016–2021.")
    heading = paragraphs.index("Belang steun «Opvang in de Regio»")
    assert paragraphs[heading - 1].endswith("vanuit het kabinet.")
    assert paragraphs[heading + 1].startswith("In reactie op grootschalige ontheemding")
    assert paragraphs[heading + 1].endswith("richting Europa.")


def test_the_html_rendition_reads_the_same() -> None:
    """Constructed: the real text of kst-19637-2302 in the HTML elements of the site."""
    text = (FIXTURES / "kst-19637-2302.txt").read_text("utf-8")
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    html = (
        "<html><body><div class='stuk'>"
        + "".join(f"<p>{b}</p>" for b in blocks)
        + ("</div></body></html>")
    )
    letter = extract_document(read_html("kst-19637-2302.html", html))
    plain = extract_file(FIXTURES / "kst-19637-2302.txt", ExtractOptions())
    assert (letter.date, letter.addressee, letter.sender, letter.kamerstuk) == (
        plain.date, plain.addressee, plain.sender, plain.kamerstuk
    )  # fmt: skip
    assert letter.body == plain.body
    assert letter.signatories == plain.signatories


def test_a_ministry_letter_is_not_taken_for_a_publication() -> None:
    examples = Path(__file__).resolve().parents[3] / "examples" / "letters"
    for path in sorted(examples.glob("*.md")):
        letter = extract_file(path, ExtractOptions())
        assert not any("publication" in w for w in letter.warnings), path.name


def test_a_title_naming_votes_on_motions_is_not_a_motion() -> None:
    text = ("Bij de stemmingen (Handelingen II 2016/17, nr. 55, Stemmingen moties "
            "Vreemdelingen- en asielbeleid) is de motie Voordewind c.s. aangenomen.")  # fmt: skip
    assert [r.names for r in find_motions(text)] == [["Voordewind"]]


# -- the publication office's XML -------------------------------------------------------

XML = FIXTURES / "constructed-kst-19637-2302.xml"


def test_publication_xml_reads_into_the_same_record_as_the_text() -> None:
    letter = extract_file(XML, ExtractOptions())
    text = extract_file(FIXTURES / "kst-19637-2302.txt", ExtractOptions())
    assert letter.format == "xml"
    assert (letter.date, letter.addressee, letter.sender, letter.kamerstuk, letter.subject) == (
        text.date, text.addressee, text.sender, text.kamerstuk, text.subject
    )  # fmt: skip
    assert letter.signatories == text.signatories
    assert letter.body == text.body  # no tags, no header, no signature in the body
    assert "<" not in letter.body
    (note,) = letter.footnotes
    assert note.number == 1 and note.text == "Handelingen II 2016/17, nr. 55, item 26."
    assert note.marker_offset is not None
    assert letter.body[: note.marker_offset].endswith("aangenomen.")


def test_publication_xml_is_recognised_by_content_not_extension(tmp_path: Path) -> None:
    renamed = tmp_path / "download.txt"
    renamed.write_bytes(XML.read_bytes())
    assert (
        extract_file(renamed, ExtractOptions()).kamerstuk
        == extract_file(XML, ExtractOptions()).kamerstuk
    )


def _xml(tmp_path: Path, body: str, name: str = "doc.xml") -> Path:
    path = tmp_path / name
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + body, "utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<officiele-publicatie><staatscourant><al>Regeling</al></staatscourant>"
         "</officiele-publicatie>", "not a Kamerstuk (Staatscourant)"),
        ("<officiele-publicatie><handelingen><al>De voorzitter</al></handelingen>"
         "</officiele-publicatie>", "not a Kamerstuk (Handelingen)"),
        ("<officiele-publicatie><kamerstuk><dossier><dossiernummer><dossiernr>19637"
         "</dossiernr></dossiernummer><titel>Vreemdelingenbeleid</titel></dossier><stuk>"
         "<stuknr>Nr. <ondernummer>2301</ondernummer></stuknr><titel>MOTIE VAN HET LID "
         "VOORDEWIND C.S.</titel><algemeen><al>De Kamer, gehoord de beraadslaging,</al>"
         "</algemeen></stuk></kamerstuk></officiele-publicatie>", "not a letter"),
        ("<rss><channel><title>Nieuws</title></channel></rss>", "not an officiële publicatie"),
        ("<officiele-publicatie><kamerstuk><stuk>", "not well-formed XML"),
    ],
)  # fmt: skip
def test_other_xml_is_refused_with_what_it_is(tmp_path: Path, body: str, message: str) -> None:
    from partnerships.ingest.errors import ExtractionError

    with pytest.raises(ExtractionError, match=re.escape(message)):
        extract_file(_xml(tmp_path, body), ExtractOptions())


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPGEHEIM", "utf-8")
    body = (
        XML.read_text("utf-8")
        .split("\n", 1)[1]
        .replace("<al>Deze bespreking", "<al>&e; Deze bespreking")
    )
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>\n{body}',
        "utf-8",
    )
    letter = extract_file(path, ExtractOptions())
    assert "TOPGEHEIM" not in letter.body


# -- a letter without letterhead --------------------------------------------------------

SHARED_OCR = (
    Path(__file__).resolve().parents[4] / "shared" / "corpus" / "letters"
    / "b-taskforce-internationale-migratie.ocr.txt"
)  # fmt: skip


@pytest.mark.skipif(not SHARED_OCR.exists(), reason="needs ../shared")
def test_sender_of_a_letter_without_letterhead_comes_from_its_signature() -> None:
    letter = extract_file(SHARED_OCR, ExtractOptions())
    assert letter.sender.ministry == "Ministerie van Asiel en Migratie"
    assert letter.subject is None  # no heading, no subject line: never the file name


def test_title_and_sender_of_a_retyped_letter(tmp_path: Path) -> None:
    """Constructed: a letter typed without letterhead, with a subject line."""
    path = tmp_path / "brief-zonder-briefhoofd.txt"
    path.write_text(
        "Betreft: Voortgang migratiepartnerschap met Marokko\n\n"
        "Met deze brief informeer ik uw Kamer over de samenwerking met Marokko op het "
        "gebied van terugkeer en legale migratie.\n\n"
        "De Minister van Asiel en Migratie,\n\nM.H.M. Faber - van de Klashorst\n",
        "utf-8",
    )
    letter = extract_file(path, ExtractOptions())
    assert letter.subject == "Voortgang migratiepartnerschap met Marokko"
    assert letter.sender.ministry == "Ministerie van Asiel en Migratie"
    assert "brief-zonder-briefhoofd" not in (letter.subject or "")
