"""Instrument options for return cooperation: which measures fit an assessment, and why.

The catalogue (``data/measures.toml``) holds every instrument's legal basis, level,
direction and legal limits. ``options`` says for each one whether it is an option for this
country now and the reason; instruments the letters rule out as a migration lever (landing
rights) are listed with that reason instead of being left out, so nobody has to wonder.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from partnerships.domain.decisions import (
    INSUFFICIENT,
    Measure,
    MeasureOption,
    ReturnAssessment,
)


@lru_cache(maxsize=1)
def catalogue() -> tuple[tuple[Measure, ...], tuple[str, ...]]:
    """All measures, and the considerations that apply to every one of them."""
    text = (
        resources.files("partnerships.analysis").joinpath("data/measures.toml").read_text("utf-8")
    )
    raw = tomllib.loads(text)
    measures = []
    for item in raw["measure"]:
        requires = tuple(
            (key, tuple(str(v) for v in allowed))
            for key, allowed in sorted(item.get("requires", {}).items())
        )
        measures.append(
            Measure(
                code=item["code"],
                name_nl=item["name_nl"],
                name_en=item["name_en"],
                level=item["level"],
                direction=item["direction"],
                legal_basis=item["legal_basis"],
                limits=item["limits"],
                considerations=tuple(item.get("considerations", ())),
                suggest_when=tuple(item.get("suggest_when", ())),
                requires=requires,
                persistent_only=bool(item.get("persistent_only", False)),
                available=bool(item.get("available", True)),
                pillar=int(item.get("pillar", 4)),
            )
        )
    return tuple(measures), tuple(raw["general"]["considerations"])


def measure_codes() -> set[str]:
    return {m.code for m in catalogue()[0]}


def options(assessment: ReturnAssessment, facts: Mapping[str, str | None]) -> list[MeasureOption]:
    """Every measure with whether it is an option here and why (``facts``: the country's
    latest analyst categories, e.g. ``{"eu_mandaat": "nee"}``; None = unknown)."""
    out = []
    cls = assessment.classification
    persistent = (
        assessment.previous is not None and assessment.previous.classification == INSUFFICIENT
    )
    for m in catalogue()[0]:
        if not m.available:
            out.append(MeasureOption(m, False, "Geen instrument voor migratiebeleid: " + m.limits))
            continue
        if cls not in m.suggest_when:
            wanted = ", ".join(m.suggest_when) or "—"
            out.append(MeasureOption(m, False, f"Past bij oordeel {wanted}; nu: {cls}."))
            continue
        if m.persistent_only and not persistent:
            out.append(
                MeasureOption(
                    m,
                    False,
                    "Pas als de samenwerking onvoldoende blijft "
                    "(vorig jaar niet onvoldoende of onbekend).",
                )
            )
            continue
        unmet = []
        unknown = []
        for key, allowed in m.requires:
            have = facts.get(key)
            if have is None:
                unknown.append(key)
            elif have not in allowed:
                unmet.append(f"{key} = {have} (nodig: {' of '.join(allowed)})")
        if unmet:
            out.append(MeasureOption(m, False, "Voorwaarde niet vervuld: " + "; ".join(unmet)))
            continue
        reason = f"Oordeel {cls}" + (" (aanhoudend)" if m.persistent_only else "")
        if unknown:
            reason += (
                "; controleer eerst: " + ", ".join(unknown) + " (onbekend in de analistentabel)"
            )
        out.append(MeasureOption(m, True, reason + "."))
    return out


def measure_to_dict(m: Measure) -> dict[str, Any]:
    return {
        "code": m.code,
        "naam": m.name_nl,
        "naamEngels": m.name_en,
        "niveau": m.level,
        "richting": m.direction,
        "rechtsgrond": m.legal_basis,
        "grenzen": m.limits,
        "afwegingen": list(m.considerations),
        "passendBij": list(m.suggest_when),
        "voorwaarden": {k: list(v) for k, v in m.requires},
        "beschikbaar": m.available,
    }


def option_to_dict(o: MeasureOption) -> dict[str, Any]:
    return measure_to_dict(o.measure) | {"optie": o.suggested, "reden": o.reason}
