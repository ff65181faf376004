"""Repository for imported statistics: releases and their values."""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from partnerships.domain.eurostat import DATASETS as EUROSTAT
from partnerships.domain.eurostat import is_total
from partnerships.domain.observations import Observation
from partnerships.store.clearance import cleared
from partnerships.store.schema import IndicatorRelease, IndicatorValue
from partnerships.store.versions import version, writes_pending

# dimensions that describe a value rather than identify it
#: analyst-table dims that describe a value rather than identify it: a newer table with
#: the same country, indicator and period supersedes the value whatever these say
_ATTRIBUTES = frozenset({"categorie", "eenheid", "bron", "toelichting", "rij", "ingevoerd_door"})


def key_hash(obs: Observation) -> str:
    dims = [d for d in obs.dims if d[0] not in _ATTRIBUTES]
    raw = json.dumps([obs.dataset, obs.geo, obs.citizen, obs.time, dims])
    return hashlib.sha1(raw.encode("utf-8"), usedforsecurity=False).hexdigest()


#: per database, what a dataset's current values cover (areas, periods) as of a statistics
#: version: a dossier asks it four times, and each answer reads every value of the
#: dataset (Frontex: 173,000 rows, ~60 ms), though it changes only with an import
_COVERAGE: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)
_COVERAGE_MAX = 512
_Row = TypeVarTuple("_Row")


def forget_coverage(bind: Any) -> None:
    """Forget what was remembered for a database whose content was replaced wholesale (a
    restored backup may bring back a statistics version this process saw with other
    values)."""
    _COVERAGE.pop(bind, None)


class IndicatorRepository:
    """``levels``: the classifications the reader may see; every read of values or
    releases is limited to releases of those levels. ``None`` only for imports and
    bookkeeping that show nothing to anyone."""

    def __init__(self, session: Session, levels: Sequence[str] | None = None) -> None:
        self.session = session
        self.levels = list(levels) if levels is not None else None

    def _visible_values(self, stmt: Select[*_Row]) -> Select[*_Row]:
        if self.levels is None:
            return stmt
        visible = select(IndicatorRelease.id).where(
            cleared(IndicatorRelease.classification, self.levels)
        )
        return stmt.where(IndicatorValue.release_id.in_(visible))

    def dataset_classification(self, dataset: str) -> str | None:
        """The level the dataset's releases have (one per dataset), or None if none."""
        return self.session.scalar(
            select(IndicatorRelease.classification)
            .where(IndicatorRelease.dataset == dataset).limit(1)
        )  # fmt: skip

    def reclassify_dataset(self, dataset: str, level: str) -> int:
        done = self.session.execute(
            update(IndicatorRelease).where(IndicatorRelease.dataset == dataset)
            .values(classification=level)
        )  # fmt: skip
        return int(getattr(done, "rowcount", 0) or 0)

    def release_by_hash(self, sha256: str) -> IndicatorRelease | None:
        return self.session.scalar(
            select(IndicatorRelease).where(IndicatorRelease.sha256 == sha256)
        )

    def add_release(
        self,
        source: str,
        dataset: str,
        release: str,
        file_name: str,
        sha256: str,
        observations: Sequence[Observation],
        classification: str = "openbaar",
        release_stated: bool | None = None,
    ) -> IndicatorRelease:
        """Store a release; values it restates supersede the current ones (kept). A
        Eurostat total supersedes the current total of its country and year whatever the
        breakdowns of either file (an old export without age and sex, a new SDMX-CSV with
        them); a breakdown supersedes the same breakdown."""
        rel = IndicatorRelease(
            source=source, dataset=dataset, release=release, file_name=file_name,
            sha256=sha256, rows=len(observations), imported_at=datetime.now(UTC),
            classification=classification, release_stated=release_stated,
        )  # fmt: skip
        self.session.add(rel)
        self.session.flush()
        hashes = [key_hash(o) for o in observations]
        totals = ([is_total(o.dims) for o in observations] if dataset in EUROSTAT
                  else [None] * len(observations))  # fmt: skip
        unique = sorted({h for h, t in zip(hashes, totals, strict=True) if not t})
        total_keys = sorted({(o.geo, o.citizen, o.time)
                             for o, t in zip(observations, totals, strict=True) if t})  # fmt: skip
        has_current = self.session.scalar(
            select(IndicatorValue.id)
            .where(IndicatorValue.dataset == dataset, IndicatorValue.superseded_by.is_(None),
                   IndicatorValue.release_id != rel.id)
            .limit(1)
        )  # fmt: skip
        for i in range(0, len(unique) if has_current else 0, 500):
            chunk = unique[i : i + 500]
            self.session.execute(
                update(IndicatorValue)
                .where(
                    IndicatorValue.dataset == dataset,
                    IndicatorValue.superseded_by.is_(None),
                    IndicatorValue.key_hash.in_(chunk),
                )
                .values(superseded_by=rel.id)
            )
        for i in range(0, len(total_keys) if has_current else 0, 300):
            self.session.execute(
                update(IndicatorValue)
                .where(
                    IndicatorValue.dataset == dataset,
                    IndicatorValue.superseded_by.is_(None),
                    IndicatorValue.is_total.is_(True),
                    tuple_(IndicatorValue.geo, IndicatorValue.citizen, IndicatorValue.period)
                    .in_(total_keys[i : i + 300]),
                )
                .values(superseded_by=rel.id)
            )  # fmt: skip
        rows = [
            {"release_id": rel.id, "dataset": o.dataset, "geo": o.geo, "citizen": o.citizen,
             "period": o.time, "dims": dict(o.dims), "key_hash": h, "value": o.value,
             "flags": o.flags, "superseded_by": None, "is_total": t}
            for o, h, t in zip(observations, hashes, totals, strict=True)
        ]  # fmt: skip
        for i in range(0, len(rows), 5000):
            self.session.execute(insert(IndicatorValue), rows[i : i + 5000])
        return rel

    def series(
        self,
        dataset: str,
        citizen: str | None = None,
        geo: str | None = None,
        dims: dict[str, str] | None = None,
        include_superseded: bool = False,
        totals: bool = False,
    ) -> list[tuple[IndicatorValue, IndicatorRelease]]:
        """``totals``: only the total of every breakdown (Eurostat), one value per country,
        reporting area and period — never one breakdown's row taken for the total."""
        stmt = (
            select(IndicatorValue, IndicatorRelease)
            .join(IndicatorRelease, IndicatorRelease.id == IndicatorValue.release_id)
            .where(IndicatorValue.dataset == dataset)
        )
        if totals:
            stmt = stmt.where(IndicatorValue.is_total.is_(True))
        if citizen:
            stmt = stmt.where(IndicatorValue.citizen == citizen)
        if geo:
            stmt = stmt.where(IndicatorValue.geo == geo)
        if not include_superseded:
            stmt = stmt.where(IndicatorValue.superseded_by.is_(None))
        if self.levels is not None:
            stmt = stmt.where(cleared(IndicatorRelease.classification, self.levels))
        out = []
        for value, release in self.session.execute(stmt.order_by(IndicatorValue.period)):
            if dims and any(value.dims.get(k) != v for k, v in dims.items()):
                continue
            out.append((value, release))
        return out

    def _covered(self, what: str, dataset: str, stmt: Select[Any]) -> frozenset[str]:
        """The distinct values ``stmt`` selects, remembered per database under the
        statistics version (which every import, in every process, changes in its own
        transaction) and the reader's levels; read afresh inside a transaction that has
        written and not yet committed."""

        def read() -> frozenset[str]:
            return frozenset(str(v) for (v,) in self.session.execute(stmt))

        if writes_pending(self.session):
            return read()
        levels = tuple(self.levels) if self.levels is not None else None
        key = (what, dataset, levels, version(self.session, "statistics"))
        memo = _COVERAGE.setdefault(self.session.get_bind(), {})
        found = memo.get(key)
        if found is None:
            found = read()
            if len(memo) >= _COVERAGE_MAX:
                memo.clear()
            memo[key] = found
        return found

    def areas(self, dataset: str) -> set[str]:
        """The reporting areas (geo) the current totals of a dataset have."""
        stmt = self._visible_values(
            select(IndicatorValue.geo).distinct()
            .where(IndicatorValue.dataset == dataset, IndicatorValue.superseded_by.is_(None),
                   IndicatorValue.is_total.is_(True))
        )  # fmt: skip
        return set(self._covered("areas", dataset, stmt))

    def monthly_sums(
        self, dataset: str, citizen: str
    ) -> tuple[list[tuple[str, float]], IndicatorRelease | None]:
        """Per period the sum of one nationality's current values (all routes), added up by
        the database, and the release of the earliest: a dossier showed Morocco's 1,960
        Frontex values as objects to add them up (~200 ms, 5 of them in SQL)."""
        current = (IndicatorValue.dataset == dataset, IndicatorValue.citizen == citizen,
                   IndicatorValue.superseded_by.is_(None),
                   IndicatorValue.value.is_not(None))  # fmt: skip
        per_period = (
            select(IndicatorValue.period, func.sum(IndicatorValue.value))
            .where(*current).group_by(IndicatorValue.period).order_by(IndicatorValue.period)
        )  # fmt: skip
        sums = self._visible_values(per_period)
        first = select(IndicatorValue.release_id).where(*current[:3])
        first = self._visible_values(first).order_by(IndicatorValue.period, IndicatorValue.id)
        release_id = self.session.scalar(first.limit(1))
        release = None if release_id is None else self.session.get(IndicatorRelease, release_id)
        rows = self.session.execute(sums)
        return [(str(p), float(n)) for p, n in rows if n is not None], release

    def periods(self, dataset: str) -> list[str]:
        """The periods the current values of a dataset cover (a release's months)."""
        stmt = self._visible_values(
            select(IndicatorValue.period).distinct()
            .where(IndicatorValue.dataset == dataset, IndicatorValue.superseded_by.is_(None))
        )  # fmt: skip
        return sorted(self._covered("periods", dataset, stmt))

    def totals_by_geo_and_year(
        self, dataset: str, citizen: str | None = None
    ) -> list[tuple[str, str, float]]:
        """Sums per geo and year, added up by the database: the route pages need totals of
        ~100,000 monthly values, which as objects took seconds under load."""
        year = func.substr(IndicatorValue.period, 1, 4)
        stmt = (
            select(IndicatorValue.geo, year, func.sum(IndicatorValue.value))
            .where(
                IndicatorValue.dataset == dataset,
                IndicatorValue.superseded_by.is_(None),
                IndicatorValue.value.is_not(None),
            )
            .group_by(IndicatorValue.geo, year)
        )
        if citizen:
            stmt = stmt.where(IndicatorValue.citizen == citizen)
        stmt = self._visible_values(stmt)
        return [(g, y, float(v or 0)) for g, y, v in self.session.execute(stmt)]

    def releases(self) -> list[tuple[IndicatorRelease, int]]:
        current = (
            select(IndicatorValue.release_id, func.count(IndicatorValue.id))
            .where(IndicatorValue.superseded_by.is_(None))
            .group_by(IndicatorValue.release_id)
        )
        counts = dict(self.session.execute(current).all())
        listed = select(IndicatorRelease).order_by(IndicatorRelease.id)
        if self.levels is not None:
            listed = listed.where(cleared(IndicatorRelease.classification, self.levels))
        rels = self.session.scalars(listed)
        return [(r, int(counts.get(r.id, 0))) for r in rels]

    def yearly_totals(
        self, dataset: str, geo: str | None = None, per: str = "citizen"
    ) -> list[tuple[str, str, float, int, str]]:
        """Per citizenship (``per="geo"``: per reporting geo, a Frontex route) and year: the
        sum of current values, the number of distinct periods (12 = a complete year of
        monthly data) and the release file it came from. Aggregated in the database, because
        a Frontex release has ~170,000 rows."""
        key = IndicatorValue.geo if per == "geo" else IndicatorValue.citizen
        year = func.substr(IndicatorValue.period, 1, 4)
        stmt = (
            select(
                key,
                year,
                func.sum(IndicatorValue.value),
                func.count(func.distinct(IndicatorValue.period)),
                func.max(IndicatorRelease.file_name),
            )
            .join(IndicatorRelease, IndicatorRelease.id == IndicatorValue.release_id)
            .where(
                IndicatorValue.dataset == dataset,
                IndicatorValue.superseded_by.is_(None),
                IndicatorValue.value.is_not(None),
            )
            .group_by(key, year)
        )
        if geo is not None:
            stmt = stmt.where(IndicatorValue.geo == geo)
        if self.levels is not None:
            stmt = stmt.where(cleared(IndicatorRelease.classification, self.levels))
        return [
            (str(c), str(y), float(s or 0.0), int(n), str(f))
            for c, y, s, n, f in self.session.execute(stmt)
        ]

    def visible_release_ids(self) -> tuple[int, ...]:
        """The releases this reader may see (all of them without levels)."""
        stmt = select(IndicatorRelease.id).order_by(IndicatorRelease.id)
        if self.levels is not None:
            stmt = stmt.where(cleared(IndicatorRelease.classification, self.levels))
        return tuple(self.session.scalars(stmt))

    def data_key(self) -> tuple[int, int, str]:
        """Changes whenever a release is imported, removed or reclassified: a cache key for
        analyses (which also key on the reader's levels)."""
        count, top = self.session.execute(
            select(func.count(IndicatorRelease.id), func.max(IndicatorRelease.id))
        ).one()
        levels = self.session.execute(
            select(IndicatorRelease.dataset, IndicatorRelease.classification).distinct()
            .order_by(IndicatorRelease.dataset)
        ).all()  # fmt: skip
        return int(count or 0), int(top or 0), ",".join(f"{d}={c}" for d, c in levels)
