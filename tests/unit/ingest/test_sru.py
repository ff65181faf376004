"""The publication office's search answers read safely: identifiers, dates and XML
addresses taken from the gzd records; no DTD or external entity is ever resolved."""

from __future__ import annotations

from datetime import date

import pytest

from partnerships.ingest.sru import SruError, parse, search_url

ANSWER = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<sru:searchRetrieveResponse xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse"
 xmlns:gzd="http://standaarden.overheid.nl/gzd" xmlns:dcterms="http://purl.org/dc/terms/">
<sru:numberOfRecords>1</sru:numberOfRecords><sru:records><sru:record><sru:recordData>
<gzd:gzd><gzd:originalData><dcterms:identifier>kst-36600-XVII-12</dcterms:identifier>
<dcterms:title>Brief &secret;</dcterms:title><dcterms:date>2024-11-05</dcterms:date>
</gzd:originalData><gzd:enrichedData>
<gzd:itemUrl manifestation="pdf">https://x/kst.pdf</gzd:itemUrl>
<gzd:itemUrl manifestation="xml">https://x/kst.xml</gzd:itemUrl></gzd:enrichedData>
</gzd:gzd></sru:recordData></sru:record></sru:records></sru:searchRetrieveResponse>"""


def test_records_are_read_and_entities_never_resolved() -> None:
    total, following, (rec,) = parse(ANSWER)
    assert (total, following) == (1, None)
    assert rec.identifier == "kst-36600-XVII-12" and rec.kamerstuk == "36600-XVII-12"
    assert rec.published == date(2024, 11, 5) and rec.xml_url == "https://x/kst.xml"
    assert "root:" not in rec.title


def test_what_is_not_an_sru_answer_is_refused() -> None:
    with pytest.raises(SruError, match="not an SRU"):
        parse(b"<html/>")
    with pytest.raises(SruError, match="not XML"):
        parse(b"<<<")


def test_the_query_names_the_dossier_and_the_date() -> None:
    url = search_url("https://repository.overheid.nl/sru", "19637", date(2024, 1, 1), 51, 50)
    assert "w.dossiernummer%3D%3D%2219637%22" in url and "dt.date%3E%3D2024-01-01" in url
    assert "startRecord=51" in url and "maximumRecords=50" in url and "version=2.0" in url
