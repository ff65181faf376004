"""What the statistics service answers for one citizenship: typed views of its return
figures, recognition rates, the analysts' values, its routes and its Frontex detections.
The API's Dutch names are given to them in ``web/api_models/countries.py``
(``LandIndicatoren.of``), in one place; the dossier page and the country fiche read the
views' own fields (issue 18).
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerships.services.routes import RouteYear


@dataclass(frozen=True, slots=True)
class ReturnYear:
    """One year of a citizenship in one reporting area: ordered to leave, returned and the
    effective return rate (returned ÷ ordered, a ratio of two populations), with the
    Eurostat flags and the release of each value."""

    year: str
    orders: float | None
    returned: float | None
    rate: float | None
    flags: str
    sources: list[str]


@dataclass(frozen=True, slots=True)
class RecognitionYear:
    """First-instance asylum decisions in one year: all, positive, and the share positive."""

    year: str
    decisions: float
    positive: float
    rate: float | None
    source: str


@dataclass(frozen=True, slots=True)
class AnalystValue:
    """A value an analyst entered in the indicator table, with its file and release;
    ``example``: its source or note marks it as an example (it illustrates, never decides)."""

    indicator: str
    name: str
    period: str
    value: float | None
    category: str | None
    unit: str | None
    source: str | None
    note: str | None
    file_name: str
    release: str
    example: bool


@dataclass(frozen=True, slots=True)
class Standing:
    """Where the citizenship stands among all by orders to leave in the latest year."""

    year: str
    rank: int
    of: int
    orders: float | None


@dataclass(frozen=True, slots=True)
class CountryIndicators:
    """The statistics of one citizenship: in the reporting area ``area`` (the Union's
    newest aggregate, unless asked otherwise) and, beside it, in the home country."""

    country: str
    area: str
    series: list[ReturnYear]
    caveat: str
    routes: list[RouteYear]
    analysts: list[AnalystValue]
    recognition: list[RecognitionYear]
    standing: Standing | None
    home_area: str
    home_series: list[ReturnYear]


@dataclass(frozen=True, slots=True)
class DetectionYear:
    """A year of Frontex detections of one nationality. ``change`` is on the year before,
    only between two complete years; a partial year is compared on the same months of the
    year before (``change_same_months``, the months named in ``months_compared``)."""

    year: str
    detections: int
    months: int
    complete: bool
    change: float | None
    change_same_months: float | None
    months_compared: str | None


@dataclass(frozen=True, slots=True)
class NationalityDetections:
    """Frontex detections of one nationality per month and per year, and their release."""

    per_month: dict[str, int]
    per_year: list[DetectionYear]
    source: str | None
