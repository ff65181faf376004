"""What the programme service answers: typed views of programmes, the budget and what needs
attention. The API's Dutch names are given to them in ``web/api_models/programmes.py``, in
one place; pages, API and the CLI's ``--json`` all show those models.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from partnerships.domain.programmes import SPENT, Programme


@dataclass(frozen=True, slots=True)
class ProgrammeView:
    """A programme as lists show it, with its money in euros (at the ECB rate of each
    value's date) and whether its evaluation is overdue."""

    programme: Programme
    committed: float
    spent: float
    #: amounts of a currency the ECB does not publish: not counted in the two above
    unconverted: int
    overdue: bool

    @property
    def pillars(self) -> list[int]:
        return self.programme.confirmed("ima")

    @property
    def objectives(self) -> list[int]:
        return self.programme.confirmed("gcm")

    @property
    def open_suggestions(self) -> int:
        return sum(1 for c in self.programme.classifications if c.status == "voorgesteld")

    @property
    def needs_attention(self) -> bool:
        return bool(self.programme.flag) or self.overdue


@dataclass(frozen=True, slots=True)
class ProgrammeDetail(ProgrammeView):
    """One programme whole: its IATI results with, per indicator period, the share of the
    target reached (``bereikt``, None without a target or an actual)."""

    results: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class YearTotal:
    """One year of the portfolio in EUR against its ceiling (None: no ceiling set)."""

    year: int
    spent: float
    oda: float
    non_oda: float
    committed: float
    budgeted: float
    ceiling: float | None
    room: float | None


#: the measures a budget group holds per year (only those it has money for)
GROUP_MEASURES = ("spent", "committed", "budgeted", "oda", "non_oda")


@dataclass(frozen=True, slots=True)
class BudgetGroup:
    """A country, pillar or partner: per year the measures of ``GROUP_MEASURES`` it has."""

    key: str
    per_year: dict[int, dict[str, float]]


@dataclass(frozen=True, slots=True)
class BudgetView:
    by: str
    years: list[int]
    totals: list[YearTotal]
    #: amounts left out for want of an ECB rate
    other_currency: int
    #: by spending, largest first
    groups: list[BudgetGroup]


@dataclass(frozen=True, slots=True)
class BehindTarget:
    """An indicator period whose actual is below its target."""

    programme_id: int
    title: str
    indicator: str
    period_end: str
    target: float
    actual: float
    reached: float


@dataclass(frozen=True, slots=True)
class Attention:
    """What needs attention in the portfolio the reader may see."""

    behind: list[BehindTarget]
    overdue: list[ProgrammeView]
    flagged: list[ProgrammeView]


def programme_view(p: Programme, today: date) -> ProgrammeView:
    return ProgrammeView(
        p,
        committed=sum(m.value_eur or 0.0 for m in p.money if m.kind == "commitment"),
        spent=sum(m.value_eur or 0.0 for m in p.money if m.kind in SPENT),
        unconverted=sum(
            1 for m in p.money if m.value_eur is None and m.kind in (*SPENT, "commitment")
        ),
        overdue=p.evaluation_overdue(today),
    )


def programme_detail(p: Programme, today: date) -> ProgrammeDetail:
    v = programme_view(p, today)
    return ProgrammeDetail(p, v.committed, v.spent, v.unconverted, v.overdue,
                           results(p.details.get("resultaten", [])))  # fmt: skip


def results(reported: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results with, per indicator period, actual against target (share reached); copies,
    so that the programme's own details are left as they were read."""

    def reached(period: dict[str, Any]) -> float | None:
        t, w = period.get("doel"), period.get("werkelijk")
        return round(100 * w / t, 1) if t not in (None, 0) and w is not None else None

    return [
        r | {"indicatoren": [
            ind | {"perioden": [p | {"bereikt": reached(p)} for p in ind["perioden"]]}
            for ind in r["indicatoren"]
        ]}
        for r in reported
    ]  # fmt: skip


def behind_target(p: Programme) -> list[BehindTarget]:
    assert p.id is not None
    return [
        BehindTarget(
            p.id,
            p.title,
            ind["titel"],
            period["tot"],
            period["doel"],
            period["werkelijk"],
            period["bereikt"],
        )
        for r in results(p.details.get("resultaten", []))
        for ind in r["indicatoren"]
        for period in ind["perioden"]
        if period["bereikt"] is not None and period["bereikt"] < 100
    ]
