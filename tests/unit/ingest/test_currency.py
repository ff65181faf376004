"""Euros at the ECB reference rate (ingest/currency.py): the rate of the value date or the
last working day before it, the newest rate for a date after the shipped history, and no
euro amount — said why — where the ECB has no rate."""

from __future__ import annotations

from datetime import date

from partnerships.ingest.currency import to_eur


def test_euros_stay_euros() -> None:
    assert to_eur(1234.5, "EUR", date(2024, 1, 1)) == to_eur(1234.5, "eur", date(2024, 1, 1))
    assert to_eur(10.0, "EUR", date(1990, 1, 1)).eur == 10.0


def test_a_holiday_takes_the_last_working_days_rate() -> None:
    christmas = to_eur(100.0, "USD", date(2023, 12, 25))
    before = to_eur(100.0, "USD", date(2023, 12, 22))
    assert christmas.rate_date == date(2023, 12, 22) and christmas.eur == before.eur


def test_a_date_after_the_history_uses_the_newest_rate_and_says_its_date() -> None:
    far = to_eur(100.0, "GBP", date(2099, 1, 1))
    assert far.eur is not None and far.rate_date is not None and far.rate_date < date(2099, 1, 1)


def test_no_rate_is_no_euro_amount_and_says_why() -> None:
    early = to_eur(100.0, "USD", date(1995, 6, 1))
    assert early.eur is None and "before the first ECB rate" in early.problem
    unknown = to_eur(100.0, "XOF", date(2020, 1, 1))
    assert unknown.eur is None and unknown.rate is None and "XOF" in unknown.problem
