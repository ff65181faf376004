"""Signatures set side by side (constructed fixtures, see tests/fixtures/signatures): every
signatory with its own function, nothing of the signature in the body."""

from __future__ import annotations

from pathlib import Path

from partnerships.ingest.extract import ExtractOptions, extract_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "signatures"


def test_four_signatories_in_two_columns_of_a_pdf() -> None:
    letter = extract_file(FIXTURES / "constructed-four-signatories-side-by-side.pdf")
    assert [(s.function, s.name) for s in letter.signatories] == [
        ("De Minister van Buitenlandse Zaken", "Hanke Bruins Slot"),
        ("De Staatssecretaris van Justitie en Veiligheid", "Eric van der Burg"),
        ("De Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking",
         "Geoffrey van Leeuwen"),
        ("De Minister van Sociale Zaken en Werkgelegenheid", "C.E.G. van Gennip"),
    ]  # fmt: skip
    assert letter.body.endswith("over de evaluatie van de pilots.")
    for part in ("Minister", "Bruins Slot", "Gennip", "Werkgelegenheid"):
        assert part not in letter.body
    # the letter has no letterhead: the first signatory's function names the sender
    assert letter.sender.ministry == "Ministerie van Buitenlandse Zaken"
    (promise,) = letter.commitments
    assert promise.promiser == "Minister van Buitenlandse Zaken (Hanke Bruins Slot)"


def test_two_signatories_in_a_text_layout() -> None:
    letter = extract_file(FIXTURES / "constructed-two-signatories-layout.txt", ExtractOptions())
    assert [(s.function, s.name) for s in letter.signatories] == [
        ("De Minister van Buitenlandse Zaken", "Hanke Bruins Slot"),
        ("De Staatssecretaris van Justitie en Veiligheid", "Eric van der Burg"),
    ]
    assert "Staatssecretaris" not in letter.body and "Hanke" not in letter.body


def test_a_table_in_the_body_is_not_read_as_columns_of_signatures() -> None:
    from partnerships.ingest.extract import extract_document
    from partnerships.ingest.readers.text import read_text

    text = (
        "Datum 12 maart 2024\nBetreft Terugkeer\n\nDe cijfers per land:\n\n"
        "Marokko      1.200      350\nTunesië       800      120\n\n"
        "Ik zal uw Kamer voor de zomer informeren.\n\n"
        "De Staatssecretaris van Justitie en Veiligheid,\n\nEric van der Burg\n"
    )  # constructed
    letter = extract_document(read_text("constructed.txt", text, "txt"))
    assert "Marokko 1.200 350" in " ".join(letter.body.split())
    assert [s.name for s in letter.signatories] == ["Eric van der Burg"]
