"""Documents that are motions (ingest/motion.py), on real publications of real motions."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerships.ingest.extract import ExtractOptions, extract_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "publications"

# file: (dossier, number, date, movers, subject, clauses)
EXPECTED = {
    "kst-19637-1662.txt": ("19637", "1662", "2013-05-22", ["Fritsma"],
                           "Motie van het lid Fritsma — Vreemdelingenbeleid", 6),
    "kst-19637-2709.txt": ("19637", "2709", "2021-04-14", ["Jasper van Dijk", "Kuik"],
                           "Motie van de leden Jasper van Dijk en Kuik — Vreemdelingenbeleid", 6),
    "kst-19637-2231.txt": ("19637", "2231", "2016-09-28",
                           ["Voordewind", "Gesthuizen", "Voortman", "Sjoerdsma"],
                           "Motie van het lid Voordewind c.s. — Vreemdelingenbeleid", 5),
    "tk-2021D33604.txt": ("27925", "829", "2021-09-15", ["Jansen"],
                          "Motie van het lid Jansen — Bestrijding internationaal terrorisme", 8),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_motion_is_read_as_a_motion(name: str) -> None:
    dossier, number, when, movers, subject, clauses = EXPECTED[name]
    letter = extract_file(FIXTURES / name, ExtractOptions())
    assert letter.kind == "motion"
    assert letter.kamerstuk is not None
    assert (letter.kamerstuk.dossier, letter.kamerstuk.number) == (dossier, number)
    assert letter.date == when
    assert [s.name for s in letter.signatories] == movers
    assert letter.subject == subject
    assert letter.addressee is None and letter.sender.ministry is None
    paragraphs = letter.body.split("\n\n")
    # its clauses are the paragraphs, from 'De Kamer,' to the closing formula
    assert len(paragraphs) == clauses
    assert paragraphs[0] == "De Kamer,"
    assert paragraphs[1] == "gehoord de beraadslaging,"
    assert paragraphs[-1].startswith("en gaat over tot de orde van de")
    assert any(p.startswith(("verzoekt de regering", "roept de regering op")) for p in paragraphs)
    # heading, movers and site chrome stay out of the body; a motion promises nothing
    for chrome in ("MOTIE VAN", "Voorgesteld", "Naar boven", "Ondertekenaars", "Motie :",
                   "Datum publicatie", movers[-1] + "\n"):  # fmt: skip
        assert chrome not in letter.body, chrome
    assert letter.commitments == []


def test_clauses_wrapped_over_lines_or_split_by_a_page_break_are_one_paragraph() -> None:
    wrapped = extract_file(FIXTURES / "tk-2021D33604.txt", ExtractOptions()).body
    assert ("overwegende dat de afgelopen tien jaar al honderdduizenden immigranten permanent "
            "naar Nederland zijn gekomen;") in wrapped.split("\n\n")  # fmt: skip
    broken = extract_file(FIXTURES / "kst-19637-2231.txt", ExtractOptions()).body
    assert "en dat de meest voorkomende afwijzingsgrond" in broken


def test_a_motion_citing_another_paper_by_stuk_nr_links_it() -> None:
    letter = extract_file(FIXTURES / "kst-19637-2709.txt", ExtractOptions())
    cited = {(r.dossier, r.number) for r in letter.references if r.kind == "kamerstuk"}
    assert cited == {("35483", "68")}


def test_a_letter_is_not_a_motion_even_when_it_quotes_one() -> None:
    assert extract_file(FIXTURES / "kst-19637-2302.txt", ExtractOptions()).kind == "letter"
    # constructed: a letter that quotes a motion's formula, without a 'MOTIE VAN' heading
    from partnerships.ingest.extract import extract_document
    from partnerships.ingest.readers.text import read_text

    text = ("19 637 Vreemdelingenbeleid\n\nNr. 2400 BRIEF VAN DE STAATSSECRETARIS VAN "
            "JUSTITIE EN VEILIGHEID\n\nAan de Voorzitter van de Tweede Kamer der "
            "Staten-Generaal\n\nDen Haag, 1 maart 2018\n\nDe motie luidde:\n\nDe Kamer,"
            "\n\ngehoord de beraadslaging,\n\nverzoekt de regering, te rapporteren,\n\nen "
            "gaat over tot de orde van de dag.\n\nIk zal uw Kamer voor de zomer informeren."
            "\n\nDe Staatssecretaris van Justitie en Veiligheid, M. Harbers\n")  # fmt: skip
    letter = extract_document(read_text("constructed.txt", text, "txt"))
    assert letter.kind == "letter"
    assert letter.commitments  # a letter's promises are read
