"""Times as the store gives them back: SQLite returns naive datetimes for values written in
UTC (PostgreSQL keeps the zone), so every time read from a row is made aware of UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


@overload
def aware(moment: datetime) -> datetime: ...


@overload
def aware(moment: None) -> None: ...


def aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
