"""Criteria files: the TOML that says what counts in the focus-country ranking.

Criteria are data because the taskforce changes them (a new interest, another weight) more
often than the code changes, and because a ranking must be reproducible from the exact
configuration it was made with: every stored version is kept.
"""

from __future__ import annotations

import math
import tomllib
from importlib import resources
from typing import Any

import tomli_w

from partnerships.domain.decisions import (
    DIRECTIONS,
    MISSING_POLICIES,
    NORMALISATIONS,
    WEIGHT_MODES,
    CriteriaError,
    CriteriaSet,
    Criterion,
)
from partnerships.domain.errors import Refusal, problem

#: sources a criterion can take its value from (services/prioritisation.py computes them)
FIXED_SOURCES = {
    "eurostat.orders_to_leave": "Eurostat migr_eiord: ordered to leave, EU, latest year",
    "eurostat.return_gap": "100 − effective return rate (migr_eirtn ÷ migr_eiord), latest year",
    "eurostat.asylum_applications": "Eurostat migr_asyappctza: asylum applicants, EU, latest year",
    "eurostat.orders_to_leave_nl": "Eurostat migr_eiord: ordered to leave in the Netherlands, "
    "latest year",
    "eurostat.return_gap_nl": "100 − effective return rate in the Netherlands, latest year",
    "frontex.detections": "Frontex detections of nationals, latest complete year, all routes",
    "frontex.transit": "Frontex detections on the routes the country is a departure or transit "
    "country of (route_countries.toml), latest complete year",
    "table.bilateral_perspective": "diplomatic post (0/1) + readmission agreement status (0–3)",
}
_MAX_CRITERIA = 20


def known_sources() -> dict[str, str]:
    """Fixed sources plus ``table.<code>`` for every numeric or yes/no analyst indicator."""
    from partnerships.ingest.analyst_table import INDICATORS

    out = dict(FIXED_SOURCES)
    for spec in INDICATORS.values():
        if spec.kind in ("number", "yesno"):
            out[f"table.{spec.code}"] = f"analyst table: {spec.name_nl}"
    return out


def default_criteria_text() -> str:
    return (
        resources.files("partnerships.analysis").joinpath("data/criteria.toml").read_text("utf-8")
    )


#: where in a criteria file a problem is: the file, a criterion, a field (said in the
#: reader's language when it is a refusal of its own)
Where = str | Refusal


def _field(at: Where, name: str) -> Refusal:
    """'<criterion>: <field>' — the field name is the TOML key, as written."""
    return problem("%(at)s: %(field)s", at=at, field=name)


def parse_criteria(text: str, source: str = "criteria") -> CriteriaSet:
    """Parse and check a criteria file; every problem names the criterion and the field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError("%(source)s: not valid TOML: %(problem)s", source=source,
                            problem=str(exc)) from None  # fmt: skip
    return criteria_from_dict(raw, source)


def _number(value: Any, where: Where, low: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CriteriaError("%(where)s must be a number, found %(value)r", where=where, value=value)
    if low is not None and value < low:
        raise CriteriaError("%(where)s must be at least %(low)s, found %(value)r", where=where,
                            low=format(low, "g"), value=value)  # fmt: skip
    return float(value)


def _text(value: Any, where: Where, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise CriteriaError("%(where)s must be a non-empty text, found %(value)r", where=where,
                            value=value)  # fmt: skip
    return value.strip()


def _choice(value: Any, where: Where, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise CriteriaError("%(where)s must be one of %(allowed)s, found %(value)r", where=where,
                            allowed=list(allowed), value=value)  # fmt: skip
    return str(value)


_FIELDS = {
    "code",
    "name_nl",
    "name_en",
    "source",
    "description",
    "direction",
    "normalisation",
    "unit",
    "weight",
    "weight_low",
    "weight_high",
    "rank",
    "scale",
    "spread",
    "relative_spread",
    "sd",
}


def _scale(scale: Any, at: Refusal, normalisation: str) -> tuple[float, float] | None:
    """A criterion's fixed scale [low, high]: needed by 'fixed', not below 0 for 'log'."""
    scale_pair: tuple[float, float] | None = None
    if scale is not None:
        if not isinstance(scale, list) or len(scale) != 2:
            raise CriteriaError("%(at)s: scale must be [low, high]", at=at)
        lo, hi = (_number(v, _field(at, "scale")) for v in scale)
        if not hi > lo:
            raise CriteriaError("%(at)s: scale high must be above low, found %(scale)s", at=at,
                                scale=scale)  # fmt: skip
        scale_pair = (lo, hi)
    if normalisation == "fixed" and scale_pair is None:
        raise CriteriaError("%(at)s: normalisation 'fixed' needs scale = [low, high]", at=at)
    if normalisation == "log" and scale_pair is not None and scale_pair[0] < 0:
        raise CriteriaError("%(at)s: a log scale cannot start below 0", at=at)
    return scale_pair


def _weights(item: dict[str, Any], at: Refusal) -> tuple[float, float | None, float | None]:
    """A criterion's weight and its interval (low ≤ high when both are given)."""
    weight = _number(item.get("weight", 1.0), _field(at, "weight"), 0.0)
    wl = item.get("weight_low")
    wh = item.get("weight_high")
    low = None if wl is None else _number(wl, _field(at, "weight_low"), 0.0)
    high = None if wh is None else _number(wh, _field(at, "weight_high"), 0.0)
    if low is not None and high is not None and low > high:
        raise CriteriaError("%(at)s: weight_low %(low)s is above weight_high %(high)s", at=at,
                            low=format(low, "g"), high=format(high, "g"))  # fmt: skip
    return weight, low, high


def _criterion(item: Any, n: int, source: str, sources: dict[str, str]) -> Criterion:
    if not isinstance(item, dict):
        raise CriteriaError("%(source)s: criterion %(n)s is not a table", source=source, n=n)
    code = item.get("code")
    at = problem("%(source)s: criterion %(n)s (%(code)r)", source=source, n=n, code=code)
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise CriteriaError("%(at)s: unknown fields %(unknown)s; allowed: %(allowed)s", at=at,
                            unknown=unknown, allowed=sorted(_FIELDS))  # fmt: skip
    code = _text(code, _field(at, "code"))
    if not code.replace("_", "").isalnum() or not code.isascii():
        raise CriteriaError("%(at)s: code must be letters, digits and underscores", at=at)
    src = _text(item.get("source"), _field(at, "source"))
    if src not in sources:
        raise CriteriaError("%(at)s: unknown source %(source)r; one of %(choices)s", at=at,
                            source=src, choices=sorted(sources))  # fmt: skip
    normalisation = _choice(
        item.get("normalisation", "linear"), _field(at, "normalisation"), NORMALISATIONS
    )
    scale_pair = _scale(item.get("scale"), at, normalisation)
    weight, low, high = _weights(item, at)
    sd = _number(item.get("sd", 0.0), _field(at, "sd"), 0.0)
    if sd and (item.get("spread") or item.get("relative_spread")):
        raise CriteriaError("%(at)s: give a uniform spread or a normal sd, not both", at=at)
    rank = item.get("rank")
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or rank < 1):
        raise CriteriaError("%(at)s: rank must be a whole number ≥ 1, found %(rank)r", at=at,
                            rank=rank)  # fmt: skip
    return Criterion(
        code=code,
        name_nl=_text(item.get("name_nl"), _field(at, "name_nl")),
        name_en=_text(item.get("name_en"), _field(at, "name_en")),
        source=src,
        direction=_choice(item.get("direction", "benefit"), _field(at, "direction"), DIRECTIONS),
        normalisation=normalisation,
        unit=_text(item.get("unit"), _field(at, "unit"), required=False),
        weight=weight,
        weight_low=low,
        weight_high=high,
        rank=rank,
        scale=scale_pair,
        spread=_number(item.get("spread", 0.0), _field(at, "spread"), 0.0),
        relative_spread=_number(
            item.get("relative_spread", 0.0), _field(at, "relative_spread"), 0.0
        ),
        description=_text(item.get("description"), _field(at, "description"), required=False),
        sd=sd,
    )


def criteria_from_dict(raw: dict[str, Any], source: str = "criteria") -> CriteriaSet:
    sources = known_sources()
    unknown = sorted(set(raw) - {"method", "criterion"})
    if unknown:
        raise CriteriaError("%(source)s: unknown sections %(unknown)s; expected [method] and "
                            "[[criterion]]", source=source, unknown=unknown)  # fmt: skip
    method = _method(raw, source)
    items = raw.get("criterion", [])
    if not isinstance(items, list) or not items:
        raise CriteriaError("%(source)s: no [[criterion]] tables", source=source)
    if len(items) > _MAX_CRITERIA:
        raise CriteriaError("%(source)s: at most %(maximum)s criteria, found %(found)s",
                            source=source, maximum=_MAX_CRITERIA, found=len(items))  # fmt: skip
    criteria = tuple(_criterion(item, n, source, sources) for n, item in enumerate(items, 1))
    codes = [c.code for c in criteria]
    doubles = sorted({c for c in codes if codes.count(c) > 1})
    if doubles:
        raise CriteriaError("%(source)s: criteria codes used twice: %(doubles)s", source=source,
                            doubles=doubles)  # fmt: skip
    if sum(c.weight for c in criteria) <= 0:
        raise CriteriaError("%(source)s: the weights are all zero", source=source)
    mode = _choice(method.get("weights", "exact"), _field(source, "[method] weights"), WEIGHT_MODES)
    _check_weight_mode(mode, criteria, source)
    samples, seed, min_known = _sampling(method, source, len(criteria))
    return CriteriaSet(
        criteria=criteria,
        weights=mode,
        missing=_choice(
            method.get("missing", "worst"), _field(source, "[method] missing"), MISSING_POLICIES
        ),
        samples=samples,
        seed=seed,
        min_known=min_known,
    )


def _method(raw: dict[str, Any], source: str) -> dict[str, Any]:
    method = raw.get("method", {})
    if not isinstance(method, dict):
        raise CriteriaError("%(source)s: [method] must be a table", source=source)
    extra = sorted(set(method) - {"weights", "missing", "samples", "seed", "min_known"})
    if extra:
        raise CriteriaError("%(source)s: [method] has unknown fields %(extra)s", source=source,
                            extra=extra)  # fmt: skip
    return method


def _check_weight_mode(mode: str, criteria: tuple[Criterion, ...], source: str) -> None:
    """'intervals' needs an interval on every criterion, intervals that can sum to one;
    'rank' a rank on every criterion."""
    if mode == "intervals":
        missing_bounds = [c.code for c in criteria if c.weight_low is None or c.weight_high is None]
        if missing_bounds:
            raise CriteriaError("%(source)s: weights = 'intervals' needs weight_low and "
                                "weight_high on every criterion; missing on %(lacking)s",
                                source=source, lacking=missing_bounds)  # fmt: skip
        lows = sum(c.weight_low or 0.0 for c in criteria)
        highs = sum(c.weight_high or 0.0 for c in criteria)
        if lows > 1 or highs < 1:
            raise CriteriaError("%(source)s: weight intervals cannot sum to one (lows sum to "
                                "%(lows)s, highs to %(highs)s)", source=source,
                                lows=format(lows, "g"), highs=format(highs, "g"))  # fmt: skip
    if mode == "rank":
        missing_rank = [c.code for c in criteria if c.rank is None]
        if missing_rank:
            raise CriteriaError("%(source)s: weights = 'rank' needs a rank on every criterion; "
                                "missing on %(lacking)s", source=source,
                                lacking=missing_rank)  # fmt: skip


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sampling(method: dict[str, Any], source: str, count: int) -> tuple[int, int, int]:
    """[method] samples, seed and min_known, each checked."""
    samples = method.get("samples", 10_000)
    if not _whole(samples) or not 100 <= samples <= 1_000_000:
        raise CriteriaError("%(source)s: [method] samples must be 100…1,000,000, found "
                            "%(samples)r", source=source, samples=samples)  # fmt: skip
    seed = method.get("seed", 20260101)
    if not _whole(seed) or seed < 0:
        raise CriteriaError("%(source)s: [method] seed must be a whole number ≥ 0", source=source)
    min_known = method.get("min_known", 2)
    if not _whole(min_known) or not 1 <= min_known <= count:
        raise CriteriaError("%(source)s: [method] min_known must be 1…%(maximum)s", source=source,
                            maximum=count)  # fmt: skip
    return samples, seed, min_known


def criteria_to_dict(cs: CriteriaSet) -> dict[str, Any]:
    items = []
    for c in cs.criteria:
        item: dict[str, Any] = {
            "code": c.code,
            "name_nl": c.name_nl,
            "name_en": c.name_en,
            "source": c.source,
            "description": c.description,
            "direction": c.direction,
            "normalisation": c.normalisation,
            "unit": c.unit,
            "weight": c.weight,
        }
        if c.weight_low is not None:
            item["weight_low"] = c.weight_low
        if c.weight_high is not None:
            item["weight_high"] = c.weight_high
        if c.rank is not None:
            item["rank"] = c.rank
        if c.scale is not None:
            item["scale"] = list(c.scale)
        if c.spread:
            item["spread"] = c.spread
        if c.relative_spread:
            item["relative_spread"] = c.relative_spread
        if c.sd:
            item["sd"] = c.sd
        items.append(item)
    method = {
        "weights": cs.weights,
        "missing": cs.missing,
        "samples": cs.samples,
        "seed": cs.seed,
        "min_known": cs.min_known,
    }
    return {"method": method, "criterion": items}


def criteria_to_toml(cs: CriteriaSet) -> str:
    header = (
        "# Focus-country prioritisation criteria (see docs/prioritisation.md).\n"
        "# Written by Migration Partnerships Monitor; edit and import again with\n"
        "# `partnerships criteria import FILE`.\n\n"
    )
    return header + tomli_w.dumps(criteria_to_dict(cs))
