"""The publication office's metadata.xml read safely and strictly: the publication it
names must be the one asked for; repeated fields (dossiers, signing ministers) kept; dates
checked; no DTD or external entity resolved. Fixture: constructed in the documented shape
(tests/fixtures/publications/README.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerships.ingest.extract import extract_file
from partnerships.ingest.ob_metadata import MetadataError, parse_metadata

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "publications"
METADATA = (FIXTURES.parent / "ob" / "constructed-kst-19637-2302.metadata.xml").read_bytes()


def test_the_statements_are_read() -> None:
    meta = parse_metadata(METADATA, "kst-19637-2302")
    assert meta.identifier == "kst-19637-2302" and meta.dossiers == ("19637",)
    assert meta.number == "2302" and meta.letter_date == date(2017, 2, 22)
    assert meta.issued == meta.available == date(2017, 2, 23)
    assert meta.submitters == ("K.H.D.M. Dijkhoff",) and meta.publication == "Kamerstuk"
    assert meta.year == "2016-2017" and meta.title and meta.title.startswith("Vreemdelingen")
    assert meta.changed == "2017-02-23"  # no DCTERMS.modified: the date it became available


def test_repeated_fields_and_case() -> None:
    data = b"""<metadata_gegevens>
    <metadata name="DC.identifier" content="KST-36600-VI-37"/>
    <metadata name="OVERHEIDop.dossiernummer" content="36 600-VI"/>
    <metadata name="OVERHEIDop.dossiernummer" content="19637"/>
    <metadata name="OVERHEIDop.dossiernummer" content="19637"/>
    <metadata name="OVERHEIDop.indiener" content="D.M. van Weel"/>
    <metadata name="OVERHEIDop.indiener" content="M.C.G. Keijzer"/>
    <metadata name="DCTERMS.modified" content="2025-01-03T10:00:00"/>
    </metadata_gegevens>"""
    meta = parse_metadata(data, "kst-36600-VI-37")
    assert meta.dossiers == ("36600-VI", "19637")
    assert meta.submitters == ("D.M. van Weel", "M.C.G. Keijzer")
    assert meta.changed == "2025-01-03T10:00:00" and meta.letter_date is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (METADATA.replace(b"kst-19637-2302", b"kst-19637-2301"),
         "the publication office says this is kst-19637-2301, not kst-19637-2302"),
        (METADATA.replace(b'<metadata name="DC.identifier"', b'<metadata name="DC.other"'),
         "no DC.identifier"),
        (METADATA.replace(b"</metadata_gegevens>", b'<metadata name="DC.identifier" '
                          b'content="kst-1-2"/></metadata_gegevens>'),
         "DC.identifier is stated twice"),
        (METADATA.replace(b'content="2017-02-22"', b'content="22 februari 2017"'),
         "OVERHEIDop.datumBrief '22 februari 2017' is not a date"),
        (b"<html><body>Niet gevonden</body></html>", "not the publication office's metadata"),
        (b"niet eens xml", "not XML"),
    ],
)  # fmt: skip
def test_what_is_not_the_asked_publication_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(MetadataError, match=r"^where\.xml: ") as raised:
        parse_metadata(data, "kst-19637-2302", "where.xml")
    assert problem in str(raised.value)


def test_no_external_entity_is_resolved() -> None:
    data = b"""<?xml version="1.0"?>
    <!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
    <metadata_gegevens><metadata name="DC.identifier" content="kst-19637-2302"/>
    <metadata name="DC.title" content="Brief &secret;"/></metadata_gegevens>"""
    with pytest.raises(MetadataError, match="not XML") as raised:  # refused, never read
        parse_metadata(data, "kst-19637-2302")
    assert "root:" not in str(raised.value)


def test_the_document_s_own_number_wins_over_its_file_name(tmp_path: Path) -> None:
    """A rendition served or saved under another number is that number's by name only."""
    renamed = tmp_path / "kst-19637-2303.xml"
    renamed.write_bytes((FIXTURES / "constructed-kst-19637-2302.xml").read_bytes())
    letter = extract_file(renamed)
    assert letter.kamerstuk is not None and letter.kamerstuk.number == "2302"
    assert any("file name says Kamerstuk 19637-2303" in w for w in letter.warnings)
    named = tmp_path / "kst-19637-2302.xml"
    named.write_bytes(renamed.read_bytes())
    assert not any("file name" in w for w in extract_file(named).warnings)
