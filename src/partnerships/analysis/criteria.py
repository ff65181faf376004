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


def parse_criteria(text: str, source: str = "criteria") -> CriteriaSet:
    """Parse and check a criteria file; every problem names the criterion and the field."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError(f"{source}: not valid TOML: {exc}") from None
    return criteria_from_dict(raw, source)


def _number(value: Any, where: str, low: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CriteriaError(f"{where} must be a number, found {value!r}")
    if low is not None and value < low:
        raise CriteriaError(f"{where} must be at least {low:g}, found {value!r}")
    return float(value)


def _text(value: Any, where: str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise CriteriaError(f"{where} must be a non-empty text, found {value!r}")
    return value.strip()


def _choice(value: Any, where: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise CriteriaError(f"{where} must be one of {list(allowed)}, found {value!r}")
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


def _criterion(item: Any, n: int, source: str, sources: dict[str, str]) -> Criterion:
    if not isinstance(item, dict):
        raise CriteriaError(f"{source}: criterion {n} is not a table")
    code = item.get("code")
    at = f"{source}: criterion {n} ({code!r})"
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise CriteriaError(f"{at}: unknown fields {unknown}; allowed: {sorted(_FIELDS)}")
    code = _text(code, f"{at}: code")
    if not code.replace("_", "").isalnum() or not code.isascii():
        raise CriteriaError(f"{at}: code must be letters, digits and underscores")
    src = _text(item.get("source"), f"{at}: source")
    if src not in sources:
        raise CriteriaError(f"{at}: unknown source {src!r}; one of {sorted(sources)}")
    normalisation = _choice(
        item.get("normalisation", "linear"), f"{at}: normalisation", NORMALISATIONS
    )
    scale = item.get("scale")
    scale_pair: tuple[float, float] | None = None
    if scale is not None:
        if not isinstance(scale, list) or len(scale) != 2:
            raise CriteriaError(f"{at}: scale must be [low, high]")
        lo, hi = (_number(v, f"{at}: scale") for v in scale)
        if not hi > lo:
            raise CriteriaError(f"{at}: scale high must be above low, found {scale}")
        scale_pair = (lo, hi)
    if normalisation == "fixed" and scale_pair is None:
        raise CriteriaError(f"{at}: normalisation 'fixed' needs scale = [low, high]")
    if normalisation == "log" and scale_pair is not None and scale_pair[0] < 0:
        raise CriteriaError(f"{at}: a log scale cannot start below 0")
    weight = _number(item.get("weight", 1.0), f"{at}: weight", 0.0)
    wl = item.get("weight_low")
    wh = item.get("weight_high")
    low = None if wl is None else _number(wl, f"{at}: weight_low", 0.0)
    high = None if wh is None else _number(wh, f"{at}: weight_high", 0.0)
    if low is not None and high is not None and low > high:
        raise CriteriaError(f"{at}: weight_low {low:g} is above weight_high {high:g}")
    sd = _number(item.get("sd", 0.0), f"{at}: sd", 0.0)
    if sd and (item.get("spread") or item.get("relative_spread")):
        raise CriteriaError(f"{at}: give a uniform spread or a normal sd, not both")
    rank = item.get("rank")
    if rank is not None and (isinstance(rank, bool) or not isinstance(rank, int) or rank < 1):
        raise CriteriaError(f"{at}: rank must be a whole number ≥ 1, found {rank!r}")
    return Criterion(
        code=code,
        name_nl=_text(item.get("name_nl"), f"{at}: name_nl"),
        name_en=_text(item.get("name_en"), f"{at}: name_en"),
        source=src,
        direction=_choice(item.get("direction", "benefit"), f"{at}: direction", DIRECTIONS),
        normalisation=normalisation,
        unit=_text(item.get("unit"), f"{at}: unit", required=False),
        weight=weight,
        weight_low=low,
        weight_high=high,
        rank=rank,
        scale=scale_pair,
        spread=_number(item.get("spread", 0.0), f"{at}: spread", 0.0),
        relative_spread=_number(item.get("relative_spread", 0.0), f"{at}: relative_spread", 0.0),
        description=_text(item.get("description"), f"{at}: description", required=False),
        sd=sd,
    )


def criteria_from_dict(raw: dict[str, Any], source: str = "criteria") -> CriteriaSet:
    sources = known_sources()
    unknown = sorted(set(raw) - {"method", "criterion"})
    if unknown:
        raise CriteriaError(
            f"{source}: unknown sections {unknown}; expected [method] and [[criterion]]"
        )
    method = raw.get("method", {})
    if not isinstance(method, dict):
        raise CriteriaError(f"{source}: [method] must be a table")
    extra = sorted(set(method) - {"weights", "missing", "samples", "seed", "min_known"})
    if extra:
        raise CriteriaError(f"{source}: [method] has unknown fields {extra}")
    items = raw.get("criterion", [])
    if not isinstance(items, list) or not items:
        raise CriteriaError(f"{source}: no [[criterion]] tables")
    if len(items) > _MAX_CRITERIA:
        raise CriteriaError(f"{source}: at most {_MAX_CRITERIA} criteria, found {len(items)}")
    criteria = tuple(_criterion(item, n, source, sources) for n, item in enumerate(items, 1))
    codes = [c.code for c in criteria]
    doubles = sorted({c for c in codes if codes.count(c) > 1})
    if doubles:
        raise CriteriaError(f"{source}: criteria codes used twice: {doubles}")
    if sum(c.weight for c in criteria) <= 0:
        raise CriteriaError(f"{source}: the weights are all zero")
    mode = _choice(method.get("weights", "exact"), f"{source}: [method] weights", WEIGHT_MODES)
    if mode == "intervals":
        missing_bounds = [c.code for c in criteria if c.weight_low is None or c.weight_high is None]
        if missing_bounds:
            raise CriteriaError(
                f"{source}: weights = 'intervals' needs weight_low and "
                f"weight_high on every criterion; missing on {missing_bounds}"
            )
        lows = sum(c.weight_low or 0.0 for c in criteria)
        highs = sum(c.weight_high or 0.0 for c in criteria)
        if lows > 1 or highs < 1:
            raise CriteriaError(
                f"{source}: weight intervals cannot sum to one (lows sum to "
                f"{lows:g}, highs to {highs:g})"
            )
    if mode == "rank":
        missing_rank = [c.code for c in criteria if c.rank is None]
        if missing_rank:
            raise CriteriaError(
                f"{source}: weights = 'rank' needs a rank on every criterion; "
                f"missing on {missing_rank}"
            )
    samples = method.get("samples", 10_000)
    if isinstance(samples, bool) or not isinstance(samples, int) or not 100 <= samples <= 1_000_000:
        raise CriteriaError(f"{source}: [method] samples must be 100…1,000,000, found {samples!r}")
    seed = method.get("seed", 20260101)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise CriteriaError(f"{source}: [method] seed must be a whole number ≥ 0")
    min_known = method.get("min_known", 2)
    if (
        isinstance(min_known, bool)
        or not isinstance(min_known, int)
        or not 1 <= min_known <= len(criteria)
    ):
        raise CriteriaError(f"{source}: [method] min_known must be 1…{len(criteria)}")
    return CriteriaSet(
        criteria=criteria,
        weights=mode,
        missing=_choice(
            method.get("missing", "worst"), f"{source}: [method] missing", MISSING_POLICIES
        ),
        samples=samples,
        seed=seed,
        min_known=min_known,
    )


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
