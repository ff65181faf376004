"""Importing statistics and reading indicators per country.

Imports validate the whole file first and write nothing when a row is wrong; the same file
again is a no-op; a newer release of a dataset supersedes the values it restates.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from partnerships.domain import provenance
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.countries import country_code
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.domain.eurostat import choose_area
from partnerships.domain.observations import Observation
from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.eurostat import read_eurostat_file
from partnerships.services import audit, routes
from partnerships.services.indicator_views import (
    AnalystValue,
    CountryIndicators,
    DetectionYear,
    NationalityDetections,
    RecognitionYear,
    ReturnYear,
    Standing,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.storage import storing
from partnerships.store.indicators import IndicatorRepository
from partnerships.store.routes import RouteRepository

RETURN_CAVEAT = (
    "Returned ÷ ordered to leave in the same year: the two populations differ (a return may "
    "follow an order of an earlier year), so the rate can exceed 100 %."
)


@dataclass(frozen=True, slots=True)
class ImportResult:
    dataset: str
    release: str
    rows: int
    status: str  # imported | unchanged
    release_stated: bool | None = None


def _file_sha(path: Path) -> str:
    """Content hash of an import file; a missing file is an ImportProblem, not a traceback."""
    if not path.exists():
        raise ImportProblem(str(path), None, None, "no such file")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _default_label(path: Path, release: str | None) -> tuple[str, bool]:
    """(date, stated): the release date given, else the day the file was written to disk
    (its download, in practice) — which is no release and is never called one."""
    if release:
        return release, True
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat(), False


def release_text(release: Any, lang: str = "nl") -> str:
    """How a stored release is named in sources (see domain/provenance.py)."""
    return provenance.release_text(release.release, release.release_stated, lang)


def _store_release(
    kb: KnowledgeBase,
    source: str,
    dataset: str,
    labelled: tuple[str, bool],
    path: Path,
    sha: str,
    observations: Sequence[Observation],
    before_write: Callable[[Session], None] | None = None,
    classification: str = "openbaar",
) -> ImportResult:
    """One transaction per file: a file already imported (same hash) is a no-op. Every
    release of a dataset has the dataset's one classification (a newer value supersedes an
    older one only within a level), so a release at another level is refused."""
    if classification not in CLEARANCES:
        raise ImportProblem(str(path), None, None, "unknown classification %(level)r; "
                            "choose from %(choices)s", level=classification,
                            choices=", ".join(CLEARANCES))  # fmt: skip
    label, stated = labelled
    with storing(str(path)), kb.session() as s, s.begin():
        repo = IndicatorRepository(s)
        held = repo.dataset_classification(dataset)
        if held is not None and held != classification:
            raise ImportProblem(
                str(path), None, None,
                "dataset %(dataset)s is classified %(held)s in the base; import this file as "
                "%(held)s, or reclassify the dataset first (`partnerships classification "
                "dataset:%(dataset)s %(level)s`)",
                dataset=dataset, held=held, level=classification,
            )  # fmt: skip
        if repo.release_by_hash(sha) is not None:
            held_release = repo.release_by_hash(sha)
            return ImportResult(dataset, label, len(observations), "unchanged",
                                getattr(held_release, "release_stated", None))  # fmt: skip
        if before_write is not None:
            before_write(s)
        repo.add_release(source, dataset, label, path.name, sha, observations, classification,
                         release_stated=stated)  # fmt: skip
        audit.in_session(
            s,
            "system",
            "import",
            f"{source}:{path.name}",
            {
                "dataset": dataset,
                "release": label,
                "releaseVermeld": stated,
                "rijen": len(observations),
                "sha256": sha,
                "rubricering": classification,
            },
        )
    return ImportResult(dataset, label, len(observations), "imported", stated)


def import_eurostat(
    kb: KnowledgeBase, path: Path, dataset: str | None = None, release: str | None = None,
    classification: str = "openbaar",
) -> ImportResult:  # fmt: skip
    """Validate and import one Eurostat file in one transaction."""
    kb.check_schema()
    sha = _file_sha(path)
    found = read_eurostat_file(path, dataset)  # raises before anything is written
    label = (release, True) if release else (
        (found.release, True) if found.release else _default_label(path, None))  # fmt: skip
    return _store_release(
        kb, "eurostat", found.dataset, label, path, sha, found.observations,
        classification=classification,
    )  # fmt: skip


def import_frontex(kb: KnowledgeBase, path: Path, classification: str = "openbaar") -> ImportResult:
    """Validate and import the Frontex detections workbook, with its routes."""
    from partnerships.ingest.frontex import DATASET, read_frontex

    kb.check_schema()
    sha = _file_sha(path)
    release, found, observations = read_frontex(path)  # raises before anything is written

    def merge_routes(s: Session) -> None:
        RouteRepository(s).save(found)

    # the workbook's own date (Monthly_detections_of_IBC_2025-06-03.xlsx) is Frontex's
    return _store_release(kb, "frontex", DATASET, (release, True), path, sha, observations,
                          merge_routes, classification)  # fmt: skip


def import_table(
    kb: KnowledgeBase, path: Path, release: str | None = None, classification: str = "openbaar"
) -> ImportResult:
    """Validate and import an analyst table (CSV or XLSX, see the template)."""
    from partnerships.ingest.analyst_table import DATASET, read_table

    kb.check_schema()
    sha = _file_sha(path)
    observations = read_table(path)  # raises before anything is written
    return _store_release(
        kb, "table", DATASET, _default_label(path, release), path, sha, observations,
        classification=classification,
    )  # fmt: skip


def analyst_values(kb: KnowledgeBase, user: UserContext, iso3: str) -> list[AnalystValue]:
    """The analysts' current values for one country, newest period first, with source."""
    from partnerships.ingest.analyst_table import DATASET, INDICATORS

    with kb.session() as s:
        rows = IndicatorRepository(s, user.levels()).series(DATASET, iso3, iso3)
    out = []
    for value, release in sorted(rows, key=lambda vr: vr[0].period, reverse=True):
        code = value.dims.get("indicator", "")
        spec = INDICATORS.get(code)
        dims = value.dims
        out.append(AnalystValue(
            code, spec.name_nl if spec else code, value.period, value.value,
            dims.get("categorie") or None, dims.get("eenheid") or None,
            dims.get("bron") or None, dims.get("toelichting") or None, release.file_name,
            release.release, provenance.is_example(dims.get("bron"), dims.get("toelichting")),
        ))  # fmt: skip
    return out


def recognition_rates(
    kb: KnowledgeBase, user: UserContext, citizen: str, geo: str
) -> list[RecognitionYear]:
    """First-instance asylum recognition rate: positive ÷ all decisions, per year (SDMX
    codes TOTAL_POS/TOTAL or the export's labels)."""
    with kb.session() as s:
        rows = IndicatorRepository(s, user.levels()).series("migr_asydcfsta", citizen, geo)
    totals: dict[str, float] = {}
    positive: dict[str, float] = {}
    sources: dict[str, str] = {}
    for value, release in rows:
        dims = value.dims
        if dims.get("sex", "Total") not in ("Total", "T") or dims.get("age", "Total") not in (
            "Total",
            "TOTAL",
        ):
            continue
        decision = dims.get("decision", "")
        if value.value is None:
            continue
        if decision in ("Total", "TOTAL"):
            totals[value.period] = value.value
        elif decision in ("Total positive decisions", "TOTAL_POS"):
            positive[value.period] = value.value
        sources[value.period] = f"migr_asydcfsta ({release.file_name}, {release_text(release)})"
    return [
        RecognitionYear(year, totals[year], positive[year],
                        round(100 * positive[year] / totals[year], 1) if totals[year] else None,
                        sources[year])
        for year in sorted(set(totals) & set(positive))
    ]  # fmt: skip


def _by_period(rows: list[tuple[Any, Any]]) -> dict[str, tuple[float | None, str, Any]]:
    """One value per period; two would mean a broken invariant (imports keep one current
    total per country, area and year), and a guess between them is never made."""
    out: dict[str, tuple[float | None, str, Any]] = {}
    for v, r in rows:
        if v.period in out:
            raise ValueError(f"{v.dataset}: two current values for {v.citizen}, {v.geo}, "
                             f"{v.period}; re-import the newest release")  # fmt: skip
        out[v.period] = (v.value, v.flags, r)
    return out


def country_indicators(
    kb: KnowledgeBase, user: UserContext, code: str, geo: str = "auto"
) -> CountryIndicators | None:
    """Return statistics for one citizenship: orders to leave, returns, the effective
    return rate (with its caveat), per year, with the source of every value. ``geo``: the
    reporting area, or 'auto' (setting ``statistics_area``; the newest Union aggregate in
    the data); the answer names the area it used."""
    iso3 = country_code(code)
    if iso3 is None:
        return None
    with kb.session() as s:
        repo = IndicatorRepository(s, user.levels())
        if geo == "auto":
            wanted = kb.settings.statistics_area
            available = set().union(*(repo.areas(d) for d in
                                       ("migr_eiord", "migr_eirtn", "migr_asydcfsta")))  # fmt: skip
            geo = choose_area(available, wanted) or (wanted if wanted != "auto" else "EU27_2020")
        rows = _return_rows(repo, iso3, geo)
        # the Netherlands' own view beside the Union's: orders and returns of this
        # citizenship in the Netherlands (Eurostat geo NL), when the base has them
        home = kb.settings.home_country or "NLD"
        nl_rows = _return_rows(repo, iso3, home) if geo != home else []
    return CountryIndicators(
        country=iso3, area=geo, series=rows, caveat=RETURN_CAVEAT,
        routes=routes.route_detections(kb, user, iso3),
        analysts=analyst_values(kb, user, iso3),
        recognition=recognition_rates(kb, user, iso3, geo),
        standing=position(kb, user, iso3, geo), home_area=home, home_series=nl_rows,
    )  # fmt: skip


def _return_rows(repo: IndicatorRepository, iso3: str, geo: str) -> list[ReturnYear]:
    """Per year: orders to leave, returns and the effective return rate of one citizenship
    in one reporting area, each with its flags and sources (totals of every breakdown)."""
    orders = _by_period(repo.series("migr_eiord", iso3, geo, totals=True))
    returned = _by_period(repo.series("migr_eirtn", iso3, geo, totals=True))
    rows = []
    for year in sorted(set(orders) | set(returned)):
        o = orders.get(year)
        r = returned.get(year)
        rate = None
        if o and r and o[0] and r[0] is not None:
            rate = round(100 * r[0] / o[0], 1)
        rows.append(ReturnYear(
            year, o[0] if o else None, r[0] if r else None, rate,
            ",".join(f for f in ((o[1] if o else ""), (r[1] if r else "")) if f),
            sorted({f"{x[2].dataset} ({x[2].file_name}, {release_text(x[2])})"
                    for x in (o, r) if x}),
        ))  # fmt: skip
    return rows


def releases(kb: KnowledgeBase, user: UserContext) -> list[dict[str, Any]]:
    with kb.session() as s:
        return [
            {"bron": r.source, "dataset": r.dataset, "release": r.release, "bestand": r.file_name,
             "rijen": r.rows, "actueel": current, "geimporteerd": r.imported_at.isoformat(),
             "rubricering": r.classification}
            for r, current in IndicatorRepository(s, user.levels()).releases()
        ]  # fmt: skip


def position(kb: KnowledgeBase, user: UserContext, iso3: str, geo: str = "EU28") -> Standing | None:
    """Where a citizenship stands among all countries by orders to leave in the latest year."""
    from partnerships.domain.countries import is_aggregate

    with kb.session() as s:
        rows = IndicatorRepository(s, user.levels()).series("migr_eiord", None, geo, totals=True)
    latest = max((v.period for v, _ in rows), default=None)
    if latest is None:
        return None
    ranked = sorted(
        ((v.citizen, v.value) for v, _ in rows
         if v.period == latest and v.value is not None and not is_aggregate(v.citizen)),
        key=lambda cv: -(cv[1] or 0),
    )  # fmt: skip
    for rank, (citizen, value) in enumerate(ranked, start=1):
        if citizen == iso3:
            return Standing(latest, rank, len(ranked), value)
    return None


_MONTHS_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def nationality_detections(
    kb: KnowledgeBase, user: UserContext, iso3: str
) -> NationalityDetections:
    """Frontex detections of one nationality: per month (all routes), per year with the
    change on the year before (the trend), and the source.

    A year is complete when the release covers all twelve of its months (the release's
    months, not this nationality's: a month without detections is a zero). A partial year
    is never compared with a full one: its change is on the same months of the year before
    (``change_same_months``, with the months named), and ``change`` is given only between
    two complete years."""
    with kb.session() as s:
        repo = IndicatorRepository(s, user.levels())
        sums, release = repo.monthly_sums("frontex_ibc", iso3)
        covered = repo.periods("frontex_ibc")
    monthly: dict[str, float] = defaultdict(float, sums)
    months_of: dict[str, list[str]] = defaultdict(list)
    for period in covered:
        months_of[period[:4]].append(period)
    yearly: dict[str, float] = defaultdict(float)
    for period, n in monthly.items():
        yearly[period[:4]] += n
    years = sorted(set(yearly) | {y for y in months_of if yearly})
    per_year = []
    for i, year in enumerate(years):
        months = sorted(months_of.get(year, []))
        complete = len(months) == 12
        before = years[i - 1] if i else None
        change, same = None, None
        if before is not None and before == str(int(year) - 1):
            change, same = _year_on_year(year, before, months, months_of, yearly, monthly)
        span = None
        if months and not complete:
            first, last = int(months[0][-2:]), int(months[-1][-2:])
            span = f"{_MONTHS_NL[first - 1]}–{_MONTHS_NL[last - 1]}"
        per_year.append(DetectionYear(year, int(yearly[year]), len(months), complete, change,
                                      same, span))  # fmt: skip
    return NationalityDetections(
        per_month={p: int(n) for p, n in sorted(monthly.items())},
        per_year=per_year,
        source=f"Frontex {release.file_name}, {release_text(release)}" if release else None,
    )


def _year_on_year(
    year: str, before: str, months: list[str], months_of: dict[str, list[str]],
    yearly: dict[str, float], monthly: dict[str, float],
) -> tuple[float | None, float | None]:  # fmt: skip
    """The change on the year before: between two complete years, or for a partial year on
    the same months a year earlier (when the release covers them)."""
    complete = len(months) == 12
    if complete and len(months_of.get(before, [])) == 12 and yearly[before]:
        return round(100 * (yearly[year] - yearly[before]) / yearly[before], 1), None
    if complete or not months:
        return None, None
    earlier = [f"{before}{m[4:]}" for m in months]
    if not all(e in months_of.get(before, []) for e in earlier):
        return None, None
    base = sum(monthly.get(e, 0.0) for e in earlier)
    now = sum(monthly.get(m, 0.0) for m in months)
    return None, (round(100 * (now - base) / base, 1) if base else None)


def classify_dataset(kb: KnowledgeBase, user: UserContext, dataset: str, level: str) -> str:
    """Reclassify every release of a dataset; returns the old level. Like letters: only
    analysts who may see both the old and the new level."""
    if level not in CLEARANCES:
        raise Invalid(
            "unknown classification %(level)r; choose from %(choices)s",
            level=level,
            choices=", ".join(CLEARANCES),
        )
    if not user.may_edit:
        raise Forbidden("only analysts and administrators classify statistics")
    with kb.session() as s, s.begin():
        repo = IndicatorRepository(s)
        old = repo.dataset_classification(dataset)
        if old is None or not user.clears(old):
            raise Invalid("no dataset %(dataset)r in the base", dataset=dataset, missing=True)
        if not user.clears(level):
            raise Forbidden("your clearance does not reach %(level)s", level=level)
        if old != level:
            repo.reclassify_dataset(dataset, level)
            audit.in_session(
                s, user, "edit", f"dataset:{dataset}", {"classification": [old, level]}
            )
        return old
