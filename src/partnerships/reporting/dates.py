"""Dates as a Dutch letter writes them ('23 mei 2025'), by Babel's Dutch calendar."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date


def dutch_date(d: object) -> str:
    """'23 mei 2025'; 'datum onbekend' for what is no date."""
    if not isinstance(d, date):
        return "datum onbekend"
    return str(format_date(d, format="d MMMM y", locale="nl"))
