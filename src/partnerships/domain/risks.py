"""Do-no-harm: risks to migrants' human rights in a partnership, assessed before it starts.

The letters make a human-rights risk assessment a precondition of every partnership; this
module says what a risk entry must hold and when a country's assessment counts as current,
because a decision may only become active on a current assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from partnerships.domain.errors import Invalid, problem

RISK_CATEGORIES = {
    "refoulement": "Refoulement",
    "detentie": "Willekeurige detentie",
    "uitbuiting": "Uitbuiting en misbruik",
    "mensenhandel": "Mensenhandel",
    "discriminatie": "Discriminatie",
    "maatschappelijke_ruimte": "Krimpende maatschappelijke ruimte",
    "overig": "Overig (ook: geen significante risico's gevonden)",
}
RISK_STATUSES = ("open", "gesloten")


class RiskError(Invalid):
    """A risk entry that cannot be stored as given."""


@dataclass(frozen=True, slots=True)
class Risk:
    """One version of one risk entry for a partnership (a country, optionally narrowed to a
    programme or an instrument)."""

    country: str
    category: str
    description: str
    likelihood: int  # 1 (rare) … 5 (almost certain)
    impact: int  # 1 (minor) … 5 (severe)
    mitigation: str
    owner: str
    review_date: date
    intended_effects: str = ""
    unintended_effects: str = ""
    programme: str = ""  # IATI identifier or manual programme reference
    instrument: str = ""  # measure code from the catalogue
    status: str = "open"
    classification: str = "intern"
    key: str = ""  # stable identity across versions
    version: int = 0
    author: str = ""
    created_at: datetime | None = None
    note: str = ""

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        """Risk matrix 5 × 5: hoog from 15, middel from 6."""
        return "hoog" if self.score >= 15 else "middel" if self.score >= 6 else "laag"

    def validate(self, clearances: tuple[str, ...], instruments: set[str]) -> None:
        checks = [
            (self.category not in RISK_CATEGORIES,
             problem("category must be one of %(choices)s", choices=sorted(RISK_CATEGORIES))),
            (not self.description.strip(), problem("description is empty")),
            (not 1 <= self.likelihood <= 5,
             problem("likelihood must be 1…5, found %(value)s", value=self.likelihood)),
            (not 1 <= self.impact <= 5,
             problem("impact must be 1…5, found %(value)s", value=self.impact)),
            (not self.mitigation.strip(), problem("mitigation is empty")),
            (not self.owner.strip(), problem("owner is empty")),
            (self.status not in RISK_STATUSES,
             problem("status must be one of %(choices)s", choices=RISK_STATUSES)),
            (self.classification not in clearances,
             problem("classification must be one of %(choices)s", choices=clearances)),
            (bool(self.instrument) and self.instrument not in instruments,
             problem("unknown instrument %(instrument)r", instrument=self.instrument)),
        ]  # fmt: skip
        problems = [said for failed, said in checks if failed]
        if problems:
            raise RiskError.of(problems)


@dataclass(frozen=True, slots=True)
class RiskState:
    """Whether a country's do-no-harm assessment allows an active decision today."""

    state: str  # ontbreekt | verlopen | actueel
    reason: str
    next_review: date | None = None

    @property
    def current(self) -> bool:
        return self.state == "actueel"


def assessment_state(risks: list[Risk], today: date) -> RiskState:
    """Missing without entries; lapsed when any open entry is past its review date; current
    otherwise (closed entries no longer need review)."""
    if not risks:
        return RiskState("ontbreekt", "geen do-no-harm-toets vastgelegd")
    open_risks = [r for r in risks if r.status == "open"]
    overdue = sorted((r for r in open_risks if r.review_date < today), key=lambda r: r.review_date)
    if overdue:
        first = overdue[0]
        return RiskState(
            "verlopen",
            f"herbeoordeling van '{RISK_CATEGORIES[first.category]}' was uiterlijk "
            f"{first.review_date.isoformat()}",
            first.review_date,
        )
    upcoming = min((r.review_date for r in open_risks), default=None)
    reason = f"actueel tot {upcoming.isoformat()}" if upcoming else "alle risico's gesloten"
    return RiskState("actueel", reason, upcoming)
