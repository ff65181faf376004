"""Migration routes (Frontex) and the detections counted on them.

A route is named by Frontex (Eastern Mediterranean, Central Mediterranean …); its zones
say where it runs, and the countries are those whose borders it crosses. Detections are
counted per month and nationality, so a route's totals are sums of those months.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Route:
    id: str
    name: str
    name_nl: str
    zones: str
    countries: tuple[str, ...]  # ISO alpha-3 of the countries whose borders the route crosses


@dataclass(frozen=True, slots=True)
class Detection:
    """One month's detections of one nationality on one route."""

    period: str  # YYYY-MM
    citizen: str  # ISO alpha-3
    value: float


@dataclass(frozen=True, slots=True)
class ReleaseRef:
    """The file a figure was read from, and its release date (``stated``: by the source;
    False: the download date; None: not recorded)."""

    file_name: str
    release: str
    stated: bool | None
