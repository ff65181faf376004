"""Money, counted quantities and percentages, in the forms the letters use."""

from __future__ import annotations

import pytest

from partnerships.ingest.numbers import (
    dutch_number_word,
    find_amounts,
    find_percentages,
    find_quantities,
)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("in totaal EUR 6 miljard komt", 6e9, "EUR"),
        ("additioneel EUR 485 mln. vrij", 485e6, "EUR"),
        ("oplopend tot 118\nmiljoen euro per jaar", 118e6, "EUR"),
        ("een bijdrage van € 3 miljard", 3e9, "EUR"),
        ("ruim zes miljoen euro", 6e6, "EUR"),
        ("bedraagt 128 miljoen euro waarmee", 128e6, "EUR"),
        ("USD 2,5 miljoen", 2.5e6, "USD"),
        ("EUR 1.250.000 voor", 1_250_000, "EUR"),
    ],
)
def test_amount_value_and_currency(text: str, value: float, currency: str) -> None:
    amounts = find_amounts(text)
    assert [(a.value, a.currency) for a in amounts] == [(value, currency)]
    assert text[amounts[0].start : amounts[0].end] == amounts[0].text


def test_year_before_currency_is_not_an_amount() -> None:
    text = "Zo zegden de EU-Lidstaten in oktober 2018 EUR 140 mln. toe"
    assert [a.value for a in find_amounts(text)] == [140e6]


@pytest.mark.parametrize(
    ("text", "value", "unit", "approximate"),
    [
        ("circa 26.840 vluchtelingen hervestigd", 26840, "vluchtelingen", True),
        ("ruim 685.000 kinderen", 685000, "kinderen", True),
        ("aan 1.7 miljoen vluchtelingen", 1.7e6, "vluchtelingen", False),
        ("opvangland voor ruim 3,5 mln. Syriërs", 3.5e6, "Syriërs", True),
        ("tot minder dan twintigduizend per jaar gedaald", 20000, None, True),
        ("bedroeg in 2019 7.020 personen", 7020, "personen", False),
        ("afgenomen tot minder dan 18.000. Het", 18000, None, True),
    ],
)
def test_quantity(text: str, value: float, unit: str | None, approximate: bool) -> None:
    found = find_quantities(text)
    assert [(q.value, q.unit, q.approximate) for q in found] == [(value, unit, approximate)]
    assert text[found[0].start : found[0].end] == found[0].text


def test_range_shares_its_noun() -> None:
    found = find_quantities("van circa 14.000 tot bijna 65.000 personen")
    assert [(q.value, q.unit) for q in found] == [(14000, "personen"), (65000, "personen")]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 zijn er meer gekomen",
        "sinds 4 maart 2016 tot 1 april 2020",
        "Per brief van 4 en 5 november zijn",
        "COVID-19 en de EU-27",
        "het 1:1 mechanisme",
        "1) het voorkomen van irreguliere migratie",
        "onder pijler 4 beschreven, artikel 25 en nr. 37",
        "in de periode 2016-2018",
        "Pagina 1 van 8",
    ],
)
def test_years_dates_and_numbering_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_excluded_spans_are_skipped() -> None:
    text = "Kamerstukken II 2019/20, 35 300 VI, nr. 37 en 500 mensen"
    found = find_quantities(text, exclude=[(0, 42)])
    assert [q.value for q in found] == [500]


def test_percentages() -> None:
    found = find_percentages("met 90% tot en 5 procent, 12,5% meer")
    assert [p.value for p in found] == [90, 5, 12.5]


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("zes", 6),
        ("twintig", 20),
        ("vijfentwintig", 25),
        ("tweeënveertig", 42),
        ("honderd", 100),
        ("driehonderdvijftig", 350),
        ("twintigduizend", 20000),
        ("vijfhonderdduizend", 500000),
        ("tafel", None),
    ],
)
def test_dutch_number_words(word: str, value: int | None) -> None:
    assert dutch_number_word(word) == value


def test_prepositions_before_a_number_do_not_hide_it() -> None:
    found = find_quantities("tot 65.000 personen in 2.300 gevallen")
    assert [q.value for q in found] == [65000, 2300]
