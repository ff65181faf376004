"""Countries as the sources name them: ISO 3166 alpha-3 codes for English names, ISO or
Eurostat codes, and the aggregates Eurostat and Frontex use that are no country.

One home for this lookup (issue 18): the importers, the services, the API and the command
line all resolve a country the same way; pycountry holds the ISO data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

# Eurostat's aggregates and codes that are not ISO 3166 countries
AGGREGATES = {
    "european union (28 countries)": "EU28",
    "european union (27 countries)": "EU27_2007",
    "european union - 27 countries (from 2020)": "EU27_2020",
    "european union - 28 countries (2013-2020)": "EU28",
    "extra-eu-28": "EXT_EU28",
    "extra-eu27 (from 2020)": "EXT_EU27_2020",
    "total": "TOTAL",
    "unknown": "UNK",
    "stateless": "STLS",
    "recognised non-citizens": "RNC",
    "european free trade association": "EFTA",
    "euro area": "EA",
    "third-country": "TCN",
    "unspecified sub-saharan nationals": "SSA_UNSPEC",
    "not specified": "UNK",
    "other": "OTHER",
}
AGGREGATE_CODES = frozenset(
    {"EU28", "EU27_2007", "EU27_2020", "EXT_EU28", "EXT_EU27_2020", "TOTAL", "UNK", "STLS",
     "RNC", "EFTA", "EA", "EA19", "EA20", "EU", "EXT_EU", "NRP", "TCN", "SSA_UNSPEC",
     "OTHER"}
)  # fmt: skip
# English names Eurostat uses that pycountry does not know as such
_NAMES = {
    "germany (until 1990 former territory of the frg)": "DEU",
    "former yugoslav republic of macedonia, the": "MKD",
    "north macedonia": "MKD",
    "kosovo (under united nations security council resolution 1244/99)": "XKX",
    "kosovo": "XKX",
    "china (including hong kong)": "CHN",
    "myanmar/burma": "MMR",
    "gambia, the": "GMB",
    "cape verde": "CPV",
    "democratic republic of the congo": "COD",
    "congo": "COG",
    "north korea": "PRK",
    "south korea": "KOR",
    "federated states of micronesia": "FSM",
    "vatican city state": "VAT",
    "cook islands (nz)": "COK",
    "congo (brazzaville)": "COG",
    "congo (kinshasa)": "COD",
    "saint helena": "SHN",
    "czech republic": "CZE",
    "czechia": "CZE",
    "iran": "IRN",
    "syria": "SYR",
    "russia": "RUS",
    "turkey": "TUR",
    "türkiye": "TUR",
    "moldova": "MDA",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "laos": "LAO",
    "vietnam": "VNM",
    "palestine": "PSE",
    "swaziland": "SWZ",
    "brunei darussalam": "BRN",
    "são tomé and príncipe": "STP",
    "sao tome and principe": "STP",
    "côte d'ivoire": "CIV",
    "cote d'ivoire": "CIV",
    "united states": "USA",
    "united kingdom": "GBR",
}
# ISO 3166-1 alpha-2 codes Eurostat writes differently
_ALPHA2 = {"EL": "GRC", "UK": "GBR", "XK": "XKX"}


@lru_cache(maxsize=4096)
def country_code(name_or_code: str) -> str | None:
    """ISO alpha-3 (or an aggregate code) for an English name or an ISO/Eurostat code."""
    raw = name_or_code.strip().rstrip("*^").strip()  # Frontex marks Kosovo* and Palestine^
    low = raw.lower()
    if low in AGGREGATES:
        return AGGREGATES[low]
    if raw.upper() in AGGREGATE_CODES:
        return raw.upper()
    if low in _NAMES:
        return _NAMES[low]
    if raw.upper() in _ALPHA2:
        return _ALPHA2[raw.upper()]
    if re.fullmatch(r"[A-Z]{2,3}", raw):
        found = pycountry.countries.get(alpha_2=raw) or pycountry.countries.get(alpha_3=raw)
        return found.alpha_3 if found else None
    try:
        return str(pycountry.countries.lookup(raw).alpha_3)
    except LookupError:
        return None


def country_iso3(name_or_code: str) -> str | None:
    """The ISO alpha-3 code of one country for an English name or an ISO/Eurostat code;
    None for what is not a single country (an aggregate such as EU27_2020, or nothing)."""
    code = country_code(name_or_code)
    return code if code is not None and len(code) == 3 else None


def is_aggregate(code: str) -> bool:
    return code in AGGREGATE_CODES


@dataclass(frozen=True, slots=True)
class CountryRecord:
    """A country as the base keeps it (ISO 3166 with Dutch and English names and the UN
    region): what lists, dossiers and the API show of it."""

    iso3: str
    iso2: str
    numeric: str
    name_nl: str
    name_en: str
    region_nl: str | None
    region_en: str | None
    eu_member: bool
