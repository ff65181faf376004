"""Decision support in plain terms: criteria, return-cooperation grades, measure options and
the decision a country team records.

The system weighs and suggests; people decide. That is why a measure option carries the
considerations the letters demand next to it, and why only a ``DecisionRecord`` — written
by a named person, versioned, with its evidence — says what the Netherlands does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from partnerships.domain.errors import Invalid, Refusal, problem

DIRECTIONS = ("benefit", "cost")
NORMALISATIONS = ("linear", "log", "fixed")
WEIGHT_MODES = ("exact", "intervals", "rank", "none")
MISSING_POLICIES = ("worst", "refuse")

#: grades of one Article 25a(2) indicator and of the whole assessment
SUFFICIENT, PARTLY, INSUFFICIENT = "voldoende", "deels voldoende", "onvoldoende"
NOT_ASSESSABLE = "niet te beoordelen"
GRADE_POINTS = {SUFFICIENT: 2, PARTLY: 1, INSUFFICIENT: 0}

DECISION_STATUSES = ("concept", "actief", "ingetrokken")
EVIDENCE_KINDS = ("document", "indicator", "assessment", "ranking", "other")


class CriteriaError(Invalid):
    """A criteria file that cannot be used, with where and what is wrong."""


class DecisionError(Invalid):
    """A decision record that cannot be stored as given."""


@dataclass(frozen=True, slots=True)
class Criterion:
    """One prioritisation criterion: where its value comes from and how it counts."""

    code: str
    name_nl: str
    name_en: str
    source: str
    direction: str = "benefit"
    normalisation: str = "linear"
    unit: str = ""
    weight: float = 1.0
    weight_low: float | None = None
    weight_high: float | None = None
    rank: int | None = None
    scale: tuple[float, float] | None = None
    spread: float = 0.0  # absolute ± uncertainty of every value (scores)
    relative_spread: float = 0.0  # relative ± uncertainty (counts)
    description: str = ""
    sd: float = 0.0  # standard deviation of every value: normal instead of uniform uncertainty

    @property
    def benefit(self) -> bool:
        return self.direction == "benefit"


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    """The whole configuration of a ranking, as kept in a criteria TOML file."""

    criteria: tuple[Criterion, ...]
    weights: str = "exact"
    missing: str = "worst"
    samples: int = 10_000
    seed: int = 20260101
    min_known: int = 2  # a country is ranked when at least this many criteria are known

    def codes(self) -> list[str]:
        return [c.code for c in self.criteria]

    def with_weights(self, weights: dict[str, float]) -> CriteriaSet:
        """The same set with some exact weights replaced (the what-if panel)."""
        unknown = sorted(set(weights) - set(self.codes()))
        if unknown:
            raise CriteriaError("unknown criteria %(unknown)s; known: %(known)s",
                                unknown=unknown, known=self.codes())  # fmt: skip
        crit = tuple(
            _replace_weight(c, weights[c.code]) if c.code in weights else c for c in self.criteria
        )
        return CriteriaSet(crit, self.weights, self.missing, self.samples, self.seed,
                           self.min_known)  # fmt: skip


def _replace_weight(c: Criterion, weight: float) -> Criterion:
    if not weight >= 0:
        raise CriteriaError(
            "criterion %(code)s: weight must be a number ≥ 0, got %(weight)s",
            code=c.code,
            weight=weight,
        )
    return Criterion(
        c.code, c.name_nl, c.name_en, c.source, c.direction, c.normalisation, c.unit, weight,
        c.weight_low, c.weight_high, c.rank, c.scale, c.spread, c.relative_spread,
        c.description, c.sd,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class IndicatorGrade:
    """One Article 25a(2) indicator for one year: its value, grade and why."""

    code: str
    name: str
    article: str
    value: float | None
    unit: str
    grade: str | None  # None = a data gap
    reason: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReturnAssessment:
    country: str
    year: str
    grades: tuple[IndicatorGrade, ...]
    classification: str
    score: float | None  # mean grade points, 0–2
    reasons: tuple[str, ...]
    gaps: tuple[str, ...]
    context: tuple[IndicatorGrade, ...] = ()
    trend: str | None = None  # verbeterd | gelijk | verslechterd | None (no earlier year)
    previous: ReturnAssessment | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    """An instrument from the catalogue, with its legal frame and what must be weighed."""

    code: str
    name_nl: str
    name_en: str
    level: str  # NL | Benelux | EU
    direction: str  # positief | negatief | positief/negatief
    legal_basis: str
    limits: str
    considerations: tuple[str, ...]
    suggest_when: tuple[str, ...] = ()  # classifications for which it is an option
    requires: tuple[tuple[str, tuple[str, ...]], ...] = ()  # analyst indicator → allowed
    persistent_only: bool = False  # only after an earlier insufficient year
    available: bool = True  # False: named in the letters but not usable as a migration lever
    pillar: int = 4  # the IMA pillar it serves (reports group decisions by it)


@dataclass(frozen=True, slots=True)
class MeasureOption:
    measure: Measure
    suggested: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: str  # document | indicator | assessment | ranking | other
    ref: str  # document id, dataset/period, assessment year, ranking criteria version…
    label: str


def _evidence_problems(ev: Evidence) -> list[Refusal]:
    problems = []
    if ev.kind not in EVIDENCE_KINDS:
        problems.append(problem("evidence kind %(kind)r is not one of %(choices)s",
                                kind=ev.kind, choices=EVIDENCE_KINDS))  # fmt: skip
    if not ev.ref.strip():
        problems.append(problem("evidence without a reference"))
    return problems


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """What the Netherlands does with one country, why, and on what evidence."""

    country: str
    title: str
    instruments: tuple[str, ...]
    rationale: str
    weighed: str
    evidence: tuple[Evidence, ...] = ()
    status: str = "concept"
    classification: str = "intern"
    version: int = 0
    author: str = ""
    created_at: datetime | None = None
    note: str = ""  # what changed in this version
    extra: dict[str, str] = field(default_factory=dict)

    def validate(self, known_instruments: set[str], clearances: tuple[str, ...]) -> None:
        """Refuse records that would not stand up later: no reasons, unknown instruments."""
        unknown = sorted(set(self.instruments) - known_instruments)
        checks = [
            (not self.title.strip(), problem("title is empty")),
            (not self.rationale.strip(), problem("rationale (why) is empty")),
            (not self.weighed.strip(), problem("the interests weighed are empty")),
            (bool(unknown), problem("unknown instruments %(unknown)s", unknown=unknown)),
            (self.status not in DECISION_STATUSES,
             problem("status must be one of %(choices)s", choices=DECISION_STATUSES)),
            (self.classification not in clearances,
             problem("classification must be one of %(choices)s", choices=clearances)),
        ]  # fmt: skip
        problems = [said for failed, said in checks if failed]
        problems += [p for ev in self.evidence for p in _evidence_problems(ev)]
        if problems:
            raise DecisionError.of(problems)
