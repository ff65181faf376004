"""The OData queries and entries of parliament's open data (ingest/tk_odata.py), on
constructed entries with the information model's field names."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

from partnerships.ingest.tk_odata import Malformed, TkDocument, documents_url, parse, parse_motion


def test_the_query_names_the_scope_and_orders_by_change() -> None:
    url = unquote(documents_url("https://example.nl/OData/v4/2.0/", "2024-01-01T00:00:00Z",
                                ["Brief regering", "Motie"], ["19637", "36410-XVII"]))  # fmt: skip
    assert url.startswith("https://example.nl/OData/v4/2.0/Document?$filter=")
    assert "Soort eq 'Brief regering' or Soort eq 'Motie'" in url
    assert "d/Nummer eq 19637" in url and "d/Nummer eq 36410 and d/Toevoeging eq 'XVII'" in url
    assert "ApiGewijzigdOp ge 2024-01-01T00:00:00Z" in url
    assert url.endswith("$expand=Kamerstukdossier&$orderby=ApiGewijzigdOp asc,Id asc")
    assert "O'Brien" not in documents_url("x", None, ["O'Brien"], [])  # quotes doubled


def test_entries_become_documents_or_say_what_is_wrong() -> None:
    doc = parse({"Id": "g1", "Soort": "Brief regering", "DocumentNummer": "2024D1",
                 "Datum": "2024-03-12T00:00:00+01:00", "ApiGewijzigdOp": "2024-03-12T10:00:00Z",
                 "Volgnummer": 3001, "Verwijderd": False, "ContentType": "application/pdf",
                 "Kamerstukdossier": [{"Nummer": 36410, "Toevoeging": "XVII"}]})  # fmt: skip
    assert isinstance(doc, TkDocument)
    assert (doc.when, doc.dossiers, doc.sequence) == (date(2024, 3, 12), ("36410-XVII",), "3001")
    assert isinstance(parse({"Soort": "x"}), Malformed)
    bad = parse({"Id": "g2", "ApiGewijzigdOp": "2024-01-01T00:00:00Z", "Datum": "gisteren"})
    assert isinstance(bad, Malformed) and "not a date" in str(bad.problem)
    assert isinstance(parse(["not", "an", "object"]), Malformed)


def test_a_motion_without_a_case_has_no_outcome_and_a_withdrawn_one_is_read() -> None:
    assert parse_motion({"Id": "m", "Zaak": []}) is None
    result = parse_motion(
        {
            "Zaak": [
                {
                    "Nummer": "2024Z1",
                    "Soort": "Motie",
                    "Besluit": [
                        {
                            "BesluitSoort": "Ingetrokken",
                            "BesluitTekst": "Ingetrokken.",
                            "Stemming": [],
                        }
                    ],
                }
            ]
        }
    )
    assert result is not None and result.outcome == "ingetrokken" and result.votes == ()
