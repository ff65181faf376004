"""Commitments to parliament and their due dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerships.ingest.commitments import find_commitments, split_sentences
from partnerships.ingest.dates import parse_full_date, resolve_deadline

LETTER = date(2020, 7, 10)


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Uw Kamer is toegezegd dat hierover een briefing kan worden gegeven.", None),
        ("Voor het zomerreces ontvangt uw Kamer de evaluatie.", "2021-07-01"),
        ("Het rapport wordt in het eerste kwartaal van 2021 verwacht.", "2021-03-31"),
        ("Ik zal uw Kamer in het najaar nader informeren over de uitkomst.", "2020-12-20"),
        ("De Kamer zal in de tweede helft van 2023 worden geïnformeerd.", "2023-12-31"),
        ("Ik zal uw Kamer voor 1 oktober 2020 informeren.", "2020-10-01"),
    ],
)
def test_commitment_and_due_date(sentence: str, due: str | None) -> None:
    (found,) = find_commitments(sentence, LETTER)
    assert found.due_date == due
    assert sentence[found.start : found.end] == found.text


def test_past_reports_are_not_commitments() -> None:
    text = (
        "Hier is uw Kamer recentelijk over geïnformeerd. In oktober 2019 is uw Kamer een "
        "voortgangsrapportage toegegaan. De resultaten worden verwacht."
    )
    assert find_commitments(text, LETTER) == []


def test_fulfilment_is_recognised() -> None:
    text = "Met deze brief geven wij inzicht, conform de toezegging van 15 mei jl. aan uw Kamer."
    (found,) = find_commitments(text, date(2025, 5, 23))
    assert found.kind == "fulfilment"
    assert found.due_date is None


def test_deadline_in_the_past_is_not_the_due_date() -> None:
    text = (
        "In februari van 2020 heb ik de toezegging gedaan het plan te bestuderen en in "
        "het eerste kwartaal van 2021 te reageren."
    )
    (found,) = find_commitments(text, date(2021, 1, 11))
    assert found.due_date == "2021-03-31"


def test_sentences_respect_abbreviations_and_paragraphs() -> None:
    text = "De motie Becker c.s. vraagt EUR 20 mln. extra. Tweede zin.\n\nKop\n\nDerde."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "De motie Becker c.s. vraagt EUR 20 mln. extra.",
        "Tweede zin.",
        "Kop",
        "Derde.",
    ]


def test_dates() -> None:
    assert parse_full_date("Datum 10 juli 2020") == date(2020, 7, 10)
    assert parse_full_date("31 februari 2020") is None
    assert resolve_deadline("voor het zomerreces", date(2020, 9, 1))[0] == date(2021, 7, 1)
    assert resolve_deadline("eind 2021", LETTER)[0] == date(2021, 12, 31)
    assert resolve_deadline("geen tijd genoemd", LETTER) == (None, None)


def test_leap_day_without_a_year_rolls_to_the_next_year() -> None:
    assert resolve_deadline("voor 29 februari", date(2024, 3, 1))[0] == date(2025, 2, 28)


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=0, max_value=40),
    st.sampled_from(["januari", "februari", "maart", "april", "juni", "september", "november"]),
    st.sampled_from(["", " 2021", " 2024"]),
)
def test_any_day_and_month_resolves_or_is_ignored(
    ref: date, day: int, month: str, year: str
) -> None:
    due, _ = resolve_deadline(f"voor {day} {month}{year} en in het najaar", ref)
    assert due is None or isinstance(due, date)


# the explicit forms and their kinds (issue #15)
EXPLICIT = [
    ("Ook zeg ik toe dat ik de Kamer voor de zomer een evaluatie stuur.", "promise"),
    ("Ik zeg u toe dat ik de motie zal uitvoeren.", "promise"),
    ("Voor het zomerreces zal ik uw Kamer over de uitkomsten informeren.", "promise"),
    ("Begin volgend jaar ontvangt uw Kamer de voortgangsrapportage.", "promise"),
    ("Na de Europese Raad kom ik hierop terug.", "promise"),
    ("Ik kom hier in het najaar bij uw Kamer op terug.", "promise"),
    ("Zoals ik in het debat van 3 maart heb toegezegd, stuur ik u hierbij het rapport.",
     "fulfilment"),
    ("Zoals toegezegd informeer ik u over de stand van zaken.", "fulfilment"),
    ("Conform de toezegging van de minister tijdens het commissiedebat stuur ik u deze brief.",
     "fulfilment"),
    ("Het kabinet zal de mogelijkheden voor arbeidsmigratie in kaart brengen.", "intention"),
    ("Nederland zal zich blijven inzetten voor terugkeer.", "intention"),
    ("In het commissiedebat van 3 maart heb ik toegezegd een analyse te maken.", "promise"),
    ("Wij hebben in het debat toegezegd de pilot te evalueren.", "promise"),
    # what the letter delivers now is no promise
    ("Hierbij ontvangt uw Kamer de gevraagde brief.", "fulfilment"),
    ("Met deze brief informeer ik uw Kamer over de stand van zaken in het najaar.", "fulfilment"),
    ("Bijgaand stuur ik u het rapport dat ik in het debat heb toegezegd.", "fulfilment"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "kind"), EXPLICIT)
def test_explicit_forms_and_their_kind(sentence: str, kind: str) -> None:
    found = find_commitments(sentence, date(2023, 5, 1))
    assert [c.kind for c in found] == [kind]
    assert found[0].text == sentence


def test_no_commitment_in_plain_statements() -> None:
    for sentence in ("De teruggang in aantallen is duidelijk.",
                     "Het kabinet heeft de Kamer in mei geïnformeerd.",
                     "Er is ruim een miljoen euro besteed."):  # fmt: skip
        assert find_commitments(sentence, date(2023, 5, 1)) == []


# what each promise is about, in the sentence's own words, without its time phrase
SUBJECTS = [
    ("Ik zal uw Kamer in het najaar nader informeren over de uitkomst.", "de uitkomst"),
    ("Voor het zomerreces ontvangt uw Kamer de evaluatie.", "de evaluatie"),
    ("Het rapport wordt in het eerste kwartaal van 2021 verwacht.", "Het rapport"),
    ("De Kamer zal over alle berekeningen en het vervolg in het derde kwartaal van 2021 "
     "worden geïnformeerd.", "alle berekeningen en het vervolg"),
    ("De Kamer wordt over de resultaten hiervan naar verwachting in het voorjaar van 2021 via "
     "de voortgangsbrief geïnformeerd.", "de resultaten hiervan"),
    ("Ik zal uw Kamer voor 1 oktober 2020 de kabinetsreactie sturen.", "de kabinetsreactie"),
    ("Na de Europese Raad kom ik hierop terug.", None),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "subject"), SUBJECTS)
def test_what_a_promise_is_about(sentence: str, subject: str | None) -> None:
    (found,) = find_commitments(sentence, LETTER)
    assert found.subject == subject


def test_who_promised_comes_from_the_signature() -> None:
    from partnerships.ingest.commitments import commitment_promiser

    signed = [("M.H.M. Faber - van de Klashorst", "De Minister van Asiel en Migratie"),
              ("R.J. Schoof", "De Minister-President")]  # fmt: skip
    assert commitment_promiser("Ik zal uw Kamer informeren.", signed) == (
        "Minister van Asiel en Migratie (M.H.M. Faber - van de Klashorst)"
    )
    assert commitment_promiser("De minister-president zal uw Kamer informeren.", signed) == (
        "Minister-President (R.J. Schoof)"
    )
    capitals = [("Mark Harbers", "DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT")]
    assert commitment_promiser("Ik zal uw Kamer informeren.", capitals) == (
        "Minister van Infrastructuur en Waterstaat (Mark Harbers)"
    )
    assert commitment_promiser("Ik zal uw Kamer informeren.", []) is None
