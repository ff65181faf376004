"""The value of every ranking criterion per candidate country, from the statistics, the
analyst table and the letters, each with its source (what ``prioritisation`` ranks).

The constants the criteria file refers to (non-partner countries, agreement points,
example marks) live here too, with ``SourceValue``, the value with its source."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from partnerships.analysis.criteria import (
    known_sources,
)
from partnerships.domain.countries import is_aggregate
from partnerships.domain.decisions import CriteriaError
from partnerships.domain.eurostat import choose_area
from partnerships.domain.provenance import is_example
from partnerships.services.computed_once import ComputedOnce
from partnerships.services.knowledge_base import EU_MEMBERS, KnowledgeBase
from partnerships.store.indicators import IndicatorRepository

#: Schengen and EU states are not partner countries of the migration policy
NOT_PARTNERS = EU_MEMBERS | {"ISL", "LIE", "NOR", "CHE"}
_AGREEMENT_POINTS = {"geen": 0.0, "onderhandeling": 1.0, "getekend": 2.0, "in werking": 3.0}
_ASYLUM_GEOS = ("EU27_2020", "EU28")


#: how an example value's source begins, wherever it is shown
EXAMPLE_MARK = "VOORBEELD (fictieve waarde):"


@dataclass(frozen=True, slots=True)
class SourceValue:
    value: float
    period: str
    source: str  # dataset, file and what was computed
    #: an analyst value marked as an example or fictitious (domain/provenance.is_example)
    example: bool = False


# ---------------------------------------------------------------- source values


def _latest(values: dict[tuple[str, str], tuple[float, str]]) -> tuple[str | None, set[str]]:
    years = {y for (_c, y) in values}
    return (max(years) if years else None), {c for (c, _y) in values}


def _area(repo: IndicatorRepository, wanted: str) -> str:
    """The reporting area for the return figures (setting ``statistics_area``)."""
    found = choose_area(repo.areas("migr_eiord") | repo.areas("migr_eirtn"), wanted)
    return found or (wanted if wanted != "auto" else "EU27_2020")


def _orders_to_leave(repo: IndicatorRepository, area: str) -> dict[str, SourceValue]:
    rows = repo.series("migr_eiord", None, area, totals=True)
    latest = max((v.period for v, _ in rows if v.value is not None), default=None)
    return {
        v.citizen: SourceValue(
            v.value, v.period, f"Eurostat migr_eiord, {area}, {v.period} ({r.file_name})"
        )
        for v, r in rows
        if v.period == latest and v.value is not None and not is_aggregate(v.citizen)
    }


def _return_gap(repo: IndicatorRepository, area: str) -> dict[str, SourceValue]:
    orders = {
        (v.citizen, v.period): (v.value, r.file_name)
        for v, r in repo.series("migr_eiord", None, area, totals=True)
        if v.value is not None
    }
    returned_rows = repo.series("migr_eirtn", None, area, totals=True)
    returned = {
        (v.citizen, v.period): (v.value, r.file_name)
        for v, r in returned_rows
        if v.value is not None
    }
    both = set(orders) & set(returned)
    latest = max((p for _c, p in both), default=None)
    out = {}
    for citizen, period in both:
        o, ofile = orders[(citizen, period)]
        r, rfile = returned[(citizen, period)]
        if period != latest or is_aggregate(citizen) or not o:
            continue
        rate = 100.0 * (r or 0.0) / o
        out[citizen] = SourceValue(
            max(0.0, 100.0 - rate),
            period,
            f"100 − effectief terugkeerpercentage {rate:.1f} % = migr_eirtn {r:g} ÷ migr_eiord "
            f"{o:g}, {area}, {period} ({rfile}, {ofile})",
        )
    return out


def _asylum(repo: IndicatorRepository) -> dict[str, SourceValue]:
    rows = [(v, r) for v, r in repo.series("migr_asyappctza", totals=True) if v.value is not None]
    sums: dict[tuple[str, str], float] = defaultdict(float)
    agg: dict[tuple[str, str], tuple[float, str]] = {}
    files: dict[str, str] = {}
    for v, r in rows:
        if is_aggregate(v.citizen) or v.value is None:
            continue
        files[v.citizen] = r.file_name
        if v.geo in _ASYLUM_GEOS:
            prev = agg.get((v.citizen, v.period))
            if prev is None or _ASYLUM_GEOS.index(v.geo) < _ASYLUM_GEOS.index(prev[1]):
                agg[(v.citizen, v.period)] = (v.value, v.geo)
        elif not is_aggregate(v.geo):
            sums[(v.citizen, v.period)] += v.value
    latest = max((p for _c, p in set(sums) | set(agg)), default=None)
    out = {}
    for citizen in {c for c, p in set(sums) | set(agg) if p == latest}:
        if (citizen, latest) in agg:
            value, geo = agg[(citizen, str(latest))]
            how = geo
        else:
            value, how = sums[(citizen, str(latest))], "som van de rapporterende landen"
        out[citizen] = SourceValue(
            value, str(latest), f"Eurostat migr_asyappctza, {how}, {latest} ({files[citizen]})"
        )
    return out


def _detections(repo: IndicatorRepository) -> dict[str, SourceValue]:
    totals = repo.yearly_totals("frontex_ibc")
    complete = {y for _c, y, _s, n, _f in totals if n == 12}
    if not complete:
        return {}
    year = max(complete)
    per: dict[str, float] = defaultdict(float)
    files: dict[str, str] = {}
    for citizen, y, total, _n, file_name in totals:
        if y == year and not is_aggregate(citizen):
            per[citizen] += total
            files[citizen] = file_name
    return {
        c: SourceValue(n, year, f"Frontex detecties, alle routes, {year} ({files[c]})")
        for c, n in per.items()
    }


@lru_cache(maxsize=1)
def route_countries() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per Frontex route: (departure countries, transit countries), from
    ``analysis/data/route_countries.toml`` (an analyst's reading, kept as data)."""
    text = resources.files("partnerships.analysis").joinpath("data/route_countries.toml")
    raw = tomllib.loads(text.read_text("utf-8"))
    return {route: (frozenset(v.get("departure", [])), frozenset(v.get("transit", [])))
            for route, v in raw.items()}  # fmt: skip


def _transit(repo: IndicatorRepository) -> dict[str, SourceValue]:
    """Transit and departure significance: the detections of the latest complete year on
    every route a country lies on as a departure or transit country — not the number of its
    own nationals detected (that is the criterion 'irregular_arrivals')."""
    totals = repo.yearly_totals("frontex_ibc", per="geo")
    complete = {y for _g, y, _s, n, _f in totals if n == 12}
    if not complete:
        return {}
    year = max(complete)
    per_route = {g: (t, f) for g, y, t, _n, f in totals if y == year}
    # a country the Frontex data know (as a nationality) and no route runs through has a
    # transit significance of zero, not an unknown one
    per: dict[str, float] = {c: 0.0 for c in _detections(repo)}
    via: dict[str, list[str]] = defaultdict(list)
    files: set[str] = set()
    for route, (departure, transit) in route_countries().items():
        if route not in per_route:
            continue
        total, file_name = per_route[route]
        files.add(file_name)
        for country in departure | transit:
            per[country] = per.get(country, 0.0) + total
            role = "vertrek" if country in departure else "doorreis"
            via[country].append(f"{route} {total:,.0f} ({role})".replace(",", "."))
    return {
        c: SourceValue(
            n,
            year,
            f"Frontex detecties op routes via dit land, {year}: "
            f"{'; '.join(sorted(via[c])) or 'op geen route'} (routelanden: route_countries.toml; "
            f"{', '.join(sorted(files))})",
        )
        for c, n in per.items()
    }


def _analyst(repo: IndicatorRepository, code: str) -> dict[str, tuple[str, float | None, str, str]]:
    """Latest analyst entry per country: (period, value, category, source). Status
    indicators (e.g. the readmission agreement) have a category and no number. A value
    marked as an example carries 'VOORBEELD' in its source."""
    from partnerships.ingest.analyst_table import DATASET

    out: dict[str, tuple[str, float | None, str, str]] = {}
    for v, r in repo.series(DATASET, dims={"indicator": code}):
        category = v.dims.get("categorie", "")
        if v.value is None and not category:
            continue
        have = out.get(v.citizen)
        if have is None or v.period >= have[0]:
            src = f"analistentabel {code}, {v.period} ({r.file_name}"
            src += f"; {v.dims['bron']})" if v.dims.get("bron") else ")"
            if is_example(v.dims.get("bron"), v.dims.get("toelichting")):
                src = f"{EXAMPLE_MARK} {src}"
            out[v.citizen] = (v.period, v.value, category, src)
    return out


def _analyst_values(repo: IndicatorRepository, code: str) -> dict[str, SourceValue]:
    return {
        c: SourceValue(value, period, src, src.startswith(EXAMPLE_MARK))
        for c, (period, value, _cat, src) in _analyst(repo, code).items()
        if value is not None
    }


def _bilateral(repo: IndicatorRepository) -> dict[str, SourceValue]:
    post = _analyst(repo, "diplomatieke_post")
    agreement = _analyst(repo, "terugnameovereenkomst")
    out = {}
    for country in set(post) & set(agreement):
        p_period, p_value, _c, p_src = post[country]
        a_period, _v, status, a_src = agreement[country]
        if p_value is None or status not in _AGREEMENT_POINTS:
            continue
        example = p_src.startswith(EXAMPLE_MARK) or a_src.startswith(EXAMPLE_MARK)
        clean = [x.removeprefix(EXAMPLE_MARK).strip() for x in (p_src, a_src)]
        text = (f"diplomatieke post {'ja' if p_value else 'nee'} ({clean[0]}) + overeenkomst "
                f"'{status}' ({clean[1]})")  # fmt: skip
        out[country] = SourceValue(
            p_value + _AGREEMENT_POINTS[status], max(p_period, a_period),
            f"{EXAMPLE_MARK} {text}" if example else text, example,
        )  # fmt: skip
    return out


#: the values per (base, statistics, sources, releases seen, area); the robustness
#: analysis keeps its own (services/prioritisation.py)
VALUES: ComputedOnce[dict[str, dict[str, SourceValue]]] = ComputedOnce(limit=16)


def source_values(
    kb: KnowledgeBase, sources: Iterable[str], levels: Sequence[str]
) -> dict[str, dict[str, SourceValue]]:
    """The values of the given sources per country from the releases a reader with
    ``levels`` may see, reused while no release is imported or reclassified (the what-if
    panel recomputes rankings many times on the same data), and shared by readers who see
    the same releases (usually all: statistics are seldom classified)."""
    wanted = tuple(sorted(set(sources)))
    key = (kb.url, data_key(kb, levels), wanted, kb.settings.statistics_area)
    return VALUES.get(key, lambda: _source_values(kb, wanted, levels))


def _source_values(
    kb: KnowledgeBase, sources: Iterable[str], levels: Sequence[str]
) -> dict[str, dict[str, SourceValue]]:
    out = {}
    with kb.session() as s:
        repo = IndicatorRepository(s, levels)
        area = _area(repo, kb.settings.statistics_area)
        home = kb.settings.home_country or "NLD"
        fixed: dict[str, Callable[[IndicatorRepository], dict[str, SourceValue]]] = {
            "eurostat.orders_to_leave": lambda r: _orders_to_leave(r, area),
            "eurostat.return_gap": lambda r: _return_gap(r, area),
            "eurostat.orders_to_leave_nl": lambda r: _orders_to_leave(r, home),
            "eurostat.return_gap_nl": lambda r: _return_gap(r, home),
            "eurostat.asylum_applications": _asylum,
            "frontex.detections": _detections,
            "frontex.transit": _transit,
            "table.bilateral_perspective": _bilateral,
        }
        for src in set(sources):
            if src in fixed:
                out[src] = fixed[src](repo)
            elif src.startswith("table.") and src in known_sources():
                out[src] = _analyst_values(repo, src[6:])
            else:
                raise CriteriaError("unknown source %(src)r", src=src)
    return out


def data_key(kb: KnowledgeBase, levels: Sequence[str]) -> tuple[Any, ...]:
    """Changes when a release is imported, removed or reclassified; the same for two
    readers who see the same releases."""
    with kb.session() as s:
        repo = IndicatorRepository(s, levels)
        return (*repo.data_key(), repo.visible_release_ids())
