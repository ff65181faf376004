"""Text helpers: folding keeps offsets, letter-spacing repair, Dutch numbers."""

from __future__ import annotations

import pytest

from partnerships.domain.textnorm import fold, parse_dutch_number, repair_letter_spacing
from partnerships.ingest.metadata import normalise_kenmerk


def test_fold_keeps_length_and_strips_diacritics() -> None:
    text = "Tunesië, Jordanié – “Syriërs” ‘x’"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "Tunesie, Jordanie - \"Syriers\" 'x'"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("een vertrouwelijke t echnische briefing", "een vertrouwelijke technische briefing"),
        ("P agina 1 van 9", "Pagina 1 van 9"),
        ("dat u kunt en a la carte", "dat u kunt en a la carte"),
        ("T 070-456 0000", "T 070-456 0000"),
        ("zo'n 13.000 en 's avonds", "zo'n 13.000 en 's avonds"),
    ],
)
def test_letter_spacing_repair(raw: str, fixed: str) -> None:
    assert repair_letter_spacing(raw) == fixed


@pytest.mark.parametrize(
    ("raw", "kenmerk"),
    [
        ("I E NW/BSK-2022/268034", "IENW/BSK-2022/268034"),
        ("DGBI – I&K/ 26844711", "DGBI-I&K/26844711"),
        ("2971694", "2971694"),
        ("**3001668**", "3001668"),
        ("", None),
    ],
)
def test_kenmerk_normalisation(raw: str, kenmerk: str | None) -> None:
    assert normalise_kenmerk(raw) == kenmerk


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("26.840", 26840),
        ("1.7", 1.7),
        ("3,5", 3.5),
        ("1.250.000", 1250000),
        ("118", 118),
        ("1,250,000.5", 1250000.5),
        ("abc", None),
        ("", None),
    ],
)
def test_dutch_numbers(raw: str, value: float | None) -> None:
    assert parse_dutch_number(raw) == value
