"""Importing statistics and reading indicators per country.

Imports validate the whole file first and write nothing when a row is wrong; the same file
again is a no-op; a newer release of a dataset supersedes the values it restates.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from partnerships.ingest.eurostat import ImportProblem, country_code, read_eurostat
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.indicators import IndicatorRepository

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


def import_eurostat(
    kb: KnowledgeBase, path: Path, dataset: str | None = None, release: str | None = None
) -> ImportResult:
    """Validate and import one Eurostat file in one transaction."""
    kb.check_schema()
    data = path.read_bytes() if path.exists() else None
    if data is None:
        raise ImportProblem(str(path), None, None, "no such file")
    sha = hashlib.sha256(data).hexdigest()
    ds, observations = read_eurostat(path, dataset)  # raises before anything is written
    label = release or datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
    with kb.session() as s, s.begin():
        repo = IndicatorRepository(s)
        if repo.release_by_hash(sha) is not None:
            return ImportResult(ds, label, len(observations), "unchanged")
        repo.add_release("eurostat", ds, label, path.name, sha, observations)
    return ImportResult(ds, label, len(observations), "imported")


def _by_period(rows: list[tuple[Any, Any]]) -> dict[str, tuple[float | None, str, Any]]:
    return {v.period: (v.value, v.flags, r) for v, r in rows}


def country_indicators(kb: KnowledgeBase, code: str, geo: str = "EU28") -> dict[str, Any] | None:
    """Return statistics for one citizenship: orders to leave, returns, the effective
    return rate (with its caveat), per year, with the source of every value."""
    iso3 = country_code(code)
    if iso3 is None:
        return None
    with kb.session() as s:
        repo = IndicatorRepository(s)
        orders = _by_period(repo.series("migr_eiord", iso3, geo))
        returned = _by_period(
            repo.series("migr_eirtn", iso3, geo, {"indic_mg": "Total number of persons returned"})
            or repo.series("migr_eirtn", iso3, geo)
        )
        years = sorted(set(orders) | set(returned))
        rows = []
        for year in years:
            o = orders.get(year)
            r = returned.get(year)
            rate = None
            if o and r and o[0] and r[0] is not None:
                rate = round(100 * r[0] / o[0], 1)
            rows.append({
                "jaar": year,
                "uitzettingsbevelen": o[0] if o else None,
                "teruggekeerd": r[0] if r else None,
                "effectiefTerugkeerpercentage": rate,
                "vlaggen": ",".join(f for f in ((o[1] if o else ""), (r[1] if r else "")) if f),
                "bronnen": sorted({f"{x[2].dataset} ({x[2].file_name}, release {x[2].release})"
                                   for x in (o, r) if x}),
            })  # fmt: skip
        return {"land": iso3, "rapporterend": geo, "reeks": rows, "kanttekening": RETURN_CAVEAT}


def releases(kb: KnowledgeBase) -> list[dict[str, Any]]:
    with kb.session() as s:
        return [
            {"bron": r.source, "dataset": r.dataset, "release": r.release, "bestand": r.file_name,
             "rijen": r.rows, "actueel": current, "geimporteerd": r.imported_at.isoformat()}
            for r, current in IndicatorRepository(s).releases()
        ]  # fmt: skip
