"""Dutch dates: full dates ('10 juli 2020') and the deadlines letters promise
('voor het zomerreces', 'in het eerste kwartaal van 2021', 'rond de zomer 2023').

A deadline is resolved to the last day of the period it names, relative to the letter's
date when the text leaves the year out ('voor het zomerreces' in a January letter means
this year's recess; in a September letter, next year's).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from partnerships.domain.textnorm import DUTCH_MONTHS, MONTH_PATTERN

_FULL_DATE_RE = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_PATTERN})\s+((?:19|20)\d{{2}})\b", re.I)


def parse_full_date(text: str) -> date | None:
    m = _FULL_DATE_RE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), DUTCH_MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# (pattern, month, day) for named periods: the deadline is that day of the resolved year.
_SEASONS: list[tuple[str, int, int]] = [
    (r"zomerreces", 7, 1),
    (r"kerstreces", 12, 18),
    (r"herfstreces", 10, 15),
    (r"voorjaarsreces|krokusreces", 2, 15),
    (r"meireces", 4, 25),
    (r"voorjaar", 6, 20),
    (r"(?:na\s+de\s+)?zomer", 9, 22),
    (r"najaar", 12, 20),
    (r"winter", 3, 20),
    (r"jaarwisseling|einde\s+van\s+(?:het|dit)\s+jaar|eind\s+van\s+het\s+jaar", 12, 31),
]
_YEAR = r"(?:\s+(?:van\s+)?(?P<year>(?:19|20)\d{2}))?"
_QUARTER_WORDS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4}
_QUARTER_RE = re.compile(
    rf"(?P<q>eerste|tweede|derde|vierde|laatste)\s+kwartaal{_YEAR}|\bQ(?P<qn>[1-4])\s*(?P<qy>(?:19|20)\d{{2}})?",
    re.I,
)
_HALF_RE = re.compile(rf"(?P<h>eerste|tweede)\s+(?:helft|half\s*jaar){_YEAR}", re.I)
_MONTH_YEAR_RE = re.compile(
    rf"(?:(?P<mod>begin|medio|half|eind|einde|in|voor|uiterlijk|vóór)\s+)?"
    rf"(?P<day>\d{{1,2}}\s+)?(?P<month>{MONTH_PATTERN})(?:\s+(?P<year>(?:19|20)\d{{2}}))?",
    re.I,
)
_EDGE_YEAR_RE = re.compile(
    r"\b(?P<mod>begin|medio|eind|einde|in|voor|uiterlijk)\s+(?P<year>(?:19|20)\d{2})\b", re.I
)
_RELATIVE_YEAR_RE = re.compile(
    r"\b(?:dit|komend|volgend|het\s+komende|het\s+volgende)\s+jaar\b", re.I
)


def _roll(ref: date, candidate: date, explicit_year: bool) -> date:
    """Without an explicit year a named period means its next occurrence after ``ref``."""
    if explicit_year or candidate >= ref:
        return candidate
    if candidate.month == 2 and candidate.day == 29:
        return date(candidate.year + 1, 2, 28)  # no 29 February next year
    return candidate.replace(year=candidate.year + 1)


def resolve_deadline(text: str, ref: date | None) -> tuple[date | None, str | None]:
    """Return the deadline a phrase names and the phrase found, or (None, None)."""
    if ref is None:
        ref = date.today()
    for resolver in _RESOLVERS:  # the most precise phrase first
        found = resolver(text, ref)
        if found is not None:
            return found
    return None, None


_Deadline = tuple[date, str]


def _by_quarter(text: str, ref: date) -> _Deadline | None:
    m = _QUARTER_RE.search(text)
    if not m:
        return None
    quarter = _QUARTER_WORDS[m.group("q").lower()] if m.group("q") else int(m.group("qn"))
    year_s = m.group("year") or m.group("qy")
    year = int(year_s) if year_s else ref.year
    due = _end_of_month(year, quarter * 3)
    return _roll(ref, due, bool(year_s)), m.group(0)


def _by_half(text: str, ref: date) -> _Deadline | None:
    m = _HALF_RE.search(text)
    if not m:
        return None
    year = int(m.group("year")) if m.group("year") else ref.year
    due = _end_of_month(year, 6 if m.group("h").lower() == "eerste" else 12)
    return _roll(ref, due, bool(m.group("year"))), m.group(0)


def _by_season(text: str, ref: date) -> _Deadline | None:
    for pattern, month, day in _SEASONS:
        sm = re.search(rf"\b(?:{pattern}){_YEAR}", text, re.I)
        if sm:
            year = int(sm.group("year")) if sm.group("year") else ref.year
            return _roll(ref, date(year, month, day), bool(sm.group("year"))), sm.group(0)
    return None


def _by_month(text: str, ref: date) -> _Deadline | None:
    """'voor 1 juli 2025', 'begin maart', 'medio mei', 'in juni': a day or part of a month."""
    for m in _MONTH_YEAR_RE.finditer(text):
        month = DUTCH_MONTHS[m.group("month").lower()]
        year = int(m.group("year")) if m.group("year") else ref.year
        if m.group("day"):
            try:
                due = date(year, month, int(m.group("day")))
            except ValueError:
                continue
        else:
            mod = (m.group("mod") or "").lower()
            day = {"begin": 10, "medio": 15, "half": 15}.get(mod)
            due = date(year, month, day) if day else _end_of_month(year, month)
        return _roll(ref, due, bool(m.group("year"))), m.group(0)
    return None


def _by_edge_of_year(text: str, ref: date) -> _Deadline | None:
    m = _EDGE_YEAR_RE.search(text)
    if not m:
        return None
    year = int(m.group("year"))
    mod = m.group("mod").lower()
    due = {"begin": date(year, 3, 31), "medio": date(year, 6, 30)}.get(mod, date(year, 12, 31))
    return due, m.group(0)


def _by_relative_year(text: str, ref: date) -> _Deadline | None:
    m = _RELATIVE_YEAR_RE.search(text)
    if not m:
        return None
    year = ref.year if m.group(0).lower().startswith("dit") else ref.year + 1
    return date(year, 12, 31), m.group(0)


_RESOLVERS = (_by_quarter, _by_half, _by_season, _by_month, _by_edge_of_year, _by_relative_year)
