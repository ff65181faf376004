"""Return-cooperation assessment after Article 25a(2) of the Visa Code.

The Commission's yearly assessment is not public per indicator, so the taskforce keeps its
own: the same indicators, graded against thresholds kept as data
(``data/return_cooperation.toml``), combined into one classification with the reasons
spelled out. A missing value is a gap that is shown, never a zero grade; too many gaps make a
country "not assessable" rather than "insufficient".
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from partnerships.domain.decisions import (
    GRADE_POINTS,
    INSUFFICIENT,
    NOT_ASSESSABLE,
    PARTLY,
    SUFFICIENT,
    IndicatorGrade,
    ReturnAssessment,
)

#: inputs the service computes from the base; analyst scores use their table code
RETURN_DECISIONS = "return_decisions"
#: inputs Article 25a names that are weighed with the grades but not graded themselves:
#: (key in the yearly inputs, name, article, unit)
CONTEXT = (
    ("betrekkingen_algemeen", "Algemene betrekkingen van de Unie met het land", "25a(6)",
     "van 5"),
    ("melding_lidstaat", "Meldingen van lidstaten van substantiële problemen", "25a(4)",
     "meldingen"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    code: str
    name_nl: str
    name_en: str
    article: str
    unit: str
    sufficient: float
    partly: float
    source: str  # key in the yearly inputs
    lower_is_better: bool = False

    def grade(self, value: float) -> str:
        if self.lower_is_better:
            if value <= self.sufficient:
                return SUFFICIENT
            return PARTLY if value <= self.partly else INSUFFICIENT
        if value >= self.sufficient:
            return SUFFICIENT
        return PARTLY if value >= self.partly else INSUFFICIENT

    def explain(self, value: float, grade: str) -> str:
        """The grade's reason in Dutch, numbers as Dutch writes them ('32,5 %')."""
        from babel.numbers import format_decimal

        def nl(x: float) -> str:
            return str(format_decimal(x, format="#,##0.###", locale="nl"))

        cmp = "≤" if self.lower_is_better else "≥"
        return (
            f"{self.name_nl} {nl(value)} {self.unit}: {grade} "
            f"(voldoende {cmp} {nl(self.sufficient)}, deels {cmp} {nl(self.partly)})"
        )


@dataclass(frozen=True, slots=True)
class Thresholds:
    rules: tuple[IndicatorRule, ...]
    sufficient: float
    partly: float
    min_indicators: int
    trend_margin: float
    relevant_return_decisions: float


class ThresholdsError(ValueError):
    pass


def parse_thresholds(text: str, source: str = "return_cooperation.toml") -> Thresholds:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdsError(f"{source}: not valid TOML: {exc}") from None
    cls = raw.get("classification", {})
    try:
        rules = []
        for code, item in raw.get("indicator", {}).items():
            rule = IndicatorRule(
                code=code,
                name_nl=str(item["name_nl"]),
                name_en=str(item["name_en"]),
                article=str(item["article"]),
                unit=str(item.get("unit", "")),
                sufficient=float(item["sufficient"]),
                partly=float(item["partly"]),
                source=str(item.get("source", code)),
                lower_is_better=bool(item.get("lower_is_better", False)),
            )
            ordered = (
                rule.sufficient <= rule.partly
                if rule.lower_is_better
                else rule.sufficient >= rule.partly
            )
            if not ordered:
                raise ThresholdsError(
                    f"{source}: indicator {code}: 'sufficient' must be stricter than 'partly'"
                )
            rules.append(rule)
        out = Thresholds(
            tuple(rules),
            float(cls["sufficient"]),
            float(cls["partly"]),
            int(cls["min_indicators"]),
            float(cls["trend_margin"]),
            float(cls.get("relevant_return_decisions", 0)),
        )
    except KeyError as exc:
        raise ThresholdsError(f"{source}: missing field {exc}") from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, ThresholdsError):
            raise
        raise ThresholdsError(f"{source}: {exc}") from None
    if not rules:
        raise ThresholdsError(f"{source}: no [indicator.*] tables")
    if not 0 <= out.partly <= out.sufficient <= 2:
        raise ThresholdsError(f"{source}: need 0 ≤ partly ≤ sufficient ≤ 2 (grade points)")
    return out


def default_thresholds() -> Thresholds:
    text = (
        resources.files("partnerships.analysis")
        .joinpath("data/return_cooperation.toml")
        .read_text("utf-8")
    )
    return parse_thresholds(text)


#: value and its sources, per input key, for one year
YearInputs = Mapping[str, tuple[float | None, tuple[str, ...]]]


def _assess_year(country: str, year: str, inputs: YearInputs, th: Thresholds) -> ReturnAssessment:
    grades: list[IndicatorGrade] = []
    reasons: list[str] = []
    gaps: list[str] = []
    for rule in th.rules:
        value, sources = inputs.get(rule.source, (None, ()))
        if value is None:
            grades.append(
                IndicatorGrade(
                    rule.code,
                    rule.name_nl,
                    rule.article,
                    None,
                    rule.unit,
                    None,
                    "geen gegevens",
                    sources,
                )
            )
            gaps.append(f"{rule.name_nl} (art. {rule.article})")
            continue
        grade = rule.grade(value)
        why = rule.explain(value, grade)
        grades.append(
            IndicatorGrade(
                rule.code, rule.name_nl, rule.article, value, rule.unit, grade, why, sources
            )
        )
        reasons.append(why)
    context = []
    decisions, dsources = inputs.get(RETURN_DECISIONS, (None, ()))
    context.append(
        IndicatorGrade(
            RETURN_DECISIONS,
            "Terugkeerbesluiten (uitzettingsbevelen)",
            "25a(2)(a)",
            decisions,
            "personen",
            None,
            "omvang, geen beoordeling",
            dsources,
        )
    )
    for key, name, article, unit in CONTEXT:
        value, ksources = inputs.get(key, (None, ()))
        if value is not None:
            context.append(IndicatorGrade(key, name, article, value, unit, None,
                                          "context, geen beoordeling", ksources))  # fmt: skip
    if decisions is None:
        gaps.append("Terugkeerbesluiten (art. 25a(2)(a))")
    elif decisions < th.relevant_return_decisions:
        reasons.append(
            f"Minder dan {th.relevant_return_decisions:g} terugkeerbesluiten "
            f"({decisions:g}): beperkte relevantie voor terugkeer"
        )
    graded = [g for g in grades if g.grade is not None]
    score: float | None = None
    if len(graded) < th.min_indicators:
        classification = NOT_ASSESSABLE
        reasons.insert(
            0,
            f"{len(graded)} van {len(grades)} indicatoren met gegevens; minimaal "
            f"{th.min_indicators} nodig voor een oordeel",
        )
    else:
        score = sum(GRADE_POINTS[g.grade] for g in graded if g.grade) / len(graded)
        if score >= th.sufficient:
            classification = SUFFICIENT
        elif score >= th.partly:
            classification = PARTLY
        else:
            classification = INSUFFICIENT
        reasons.insert(
            0,
            f"Gemiddeld {score:.2f} punten over {len(graded)} indicatoren "
            f"(voldoende ≥ {th.sufficient:g}, deels ≥ {th.partly:g})",
        )
    return ReturnAssessment(
        country,
        year,
        tuple(grades),
        classification,
        score,
        tuple(reasons),
        tuple(gaps),
        tuple(context),
    )


def assess(
    country: str, year: str, by_year: Mapping[str, YearInputs], th: Thresholds
) -> ReturnAssessment:
    """Assess one year, with the year before as the trend's reference when it has data."""
    current = _assess_year(country, year, by_year.get(year, {}), th)
    prev_year = str(int(year) - 1)
    prev_inputs = by_year.get(prev_year)
    if not prev_inputs or all(v is None for v, _ in prev_inputs.values()):
        return current
    previous = _assess_year(country, prev_year, prev_inputs, th)
    trend = None
    if current.score is not None and previous.score is not None:
        delta = current.score - previous.score
        if delta >= th.trend_margin:
            trend = "verbeterd"
        elif delta <= -th.trend_margin:
            trend = "verslechterd"
        else:
            trend = "gelijk"
    return ReturnAssessment(
        current.country,
        current.year,
        current.grades,
        current.classification,
        current.score,
        current.reasons,
        current.gaps,
        current.context,
        trend,
        previous,
    )


def assessment_to_dict(a: ReturnAssessment) -> dict[str, Any]:
    def grade(g: IndicatorGrade) -> dict[str, Any]:
        return {
            "code": g.code,
            "naam": g.name,
            "artikel": g.article,
            "waarde": g.value,
            "eenheid": g.unit,
            "oordeel": g.grade,
            "toelichting": g.reason,
            "bronnen": list(g.sources),
        }

    return {
        "land": a.country,
        "jaar": a.year,
        "oordeel": a.classification,
        "punten": None if a.score is None else round(a.score, 3),
        "redenen": list(a.reasons),
        "lacunes": list(a.gaps),
        "trend": a.trend,
        "indicatoren": [grade(g) for g in a.grades],
        "context": [grade(g) for g in a.context],
        "vorigJaar": None
        if a.previous is None
        else {
            "jaar": a.previous.year,
            "oordeel": a.previous.classification,
            "punten": None if a.previous.score is None else round(a.previous.score, 3),
        },
    }
