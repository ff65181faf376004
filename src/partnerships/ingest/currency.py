"""Money in other currencies, in euros at the ECB reference rate of its value date.

IATI values carry their currency and a value date (``value/@value-date``, else the period
or transaction date). The ECB publishes one euro reference rate per working day; the
``currencyconverter`` package ships that history (from 1999), so no network is needed. The
rate used is the one of the value date, or of the last working day before it with a rate
(weekends, holidays); a value date after the shipped history uses the newest rate, and says
which date that is. A currency the ECB publishes no rate for (e.g. XOF) or a date before its
first rate gives no euro amount: it is counted apart, never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from currency_converter import CurrencyConverter, RateNotFoundError


@dataclass(frozen=True, slots=True)
class Conversion:
    eur: float | None
    #: euros per unit of the currency, and the ECB date of that rate
    rate: float | None
    rate_date: date | None
    #: why there is no euro amount ('' when there is one)
    problem: str = ""


@lru_cache(maxsize=1)
def _converter() -> CurrencyConverter:
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def to_eur(value: float, currency: str, when: date) -> Conversion:
    """``value`` in ``currency`` on ``when``, in euros with the rate and its date."""
    code = currency.strip().upper()
    if code == "EUR":
        return Conversion(value, 1.0, when)
    conv = _converter()
    if code not in conv.currencies:
        return Conversion(None, None, None, f"the ECB publishes no euro rate for {code}")
    first, last = conv.bounds[code]
    if when < first:
        return Conversion(None, None, None, f"before the first ECB rate for {code} ({first})")
    day = min(when, last)
    for _ in range(15):  # the longest run of days without a rate is a holiday week
        try:
            rate = float(conv.convert(1, code, "EUR", date=day))
        except RateNotFoundError:
            day -= timedelta(days=1)
            continue
        return Conversion(value * rate, rate, day)
    return Conversion(None, None, None, f"no ECB rate for {code} near {when}")
