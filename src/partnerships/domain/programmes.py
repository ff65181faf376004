"""Programmes as the portfolio knows them: what IATI (or a person) says about an activity,
its money, and the links to IMA pillars and GCM objectives that people confirm.

Plain records and the rules that belong to them, so the programme service can be tested
on in-memory repositories: which of a re-imported activity's suggestions replace the old
ones (people's decisions stay), how a programme's money is split over countries, pillars or
partners, and when its evaluation is overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

#: a programme's monitoring signal: none, or one of these two
FLAGS = ("", "contraproductief", "negatieve bijeffecten")
#: a link's states: suggested by the rules, then confirmed or rejected by a person
CLASS_STATUSES = ("voorgesteld", "bevestigd", "afgewezen")
#: the kinds of money that count as spent
SPENT = ("disbursement", "expenditure")
#: the groups a budget can be split by
SPLITS = ("country", "pillar", "partner")


@dataclass(frozen=True, slots=True)
class ProgrammeShare:
    """A recipient country and its percentage of the programme (IATI's recipient-country)."""

    iso3: str
    percentage: float


@dataclass(frozen=True, slots=True)
class ProgrammeMoney:
    """A budget, planned disbursement or transaction in its own currency and in euros at the
    ECB reference rate of ``rate_date`` (``value_eur`` None: no rate for the currency)."""

    kind: str
    period_start: date
    period_end: date
    value: float
    currency: str
    counterpart: str = ""
    value_eur: float | None = None
    eur_rate: float | None = None
    rate_date: date | None = None


@dataclass(slots=True)
class ProgrammeLink:
    """A link to an IMA pillar (``ima``, 1–6) or GCM objective (``gcm``, 1–23)."""

    scheme: str
    code: int
    status: str
    score: float
    reason: str
    decided_by: str = ""
    decided_at: datetime | None = None


@dataclass(slots=True)
class Programme:
    """One programme: an IATI activity (``source`` iati) or one entered by hand
    (handmatig). The monitoring fields are the taskforce's own and survive re-imports."""

    identifier: str
    source: str
    title: str
    classification: str = "openbaar"
    id: int | None = None
    import_id: int | None = None
    reporting_org: str = ""
    reporting_name: str = ""
    description: str = ""
    status: str = ""
    start_date: date | None = None
    end_date: date | None = None
    flow: str = "ODA"
    currency: str = "EUR"
    humanitarian: bool = False
    details: dict[str, Any] = field(default_factory=dict)
    evaluation_due: date | None = None
    evaluation_done: date | None = None
    flag: str = ""
    flag_note: str = ""
    adaptive_action: str = ""
    updated_at: datetime | None = None
    countries: list[ProgrammeShare] = field(default_factory=list)
    money: list[ProgrammeMoney] = field(default_factory=list)
    classifications: list[ProgrammeLink] = field(default_factory=list)

    def link(self, scheme: str, code: int) -> ProgrammeLink | None:
        return next((c for c in self.classifications if (c.scheme, c.code) == (scheme, code)), None)

    def confirmed(self, scheme: str) -> list[int]:
        """The confirmed pillars (``ima``) or objectives (``gcm``), in order."""
        return sorted(
            c.code for c in self.classifications if c.scheme == scheme and c.status == "bevestigd"
        )

    def partners(self) -> list[str]:
        """The implementing organisations, as the activity names them."""
        return [
            o["naam"] for o in self.details.get("organisaties", []) if o["rol"] == "implementing"
        ]

    def evaluation_overdue(self, today: date) -> bool:
        due = self.evaluation_due
        return bool(due and not self.evaluation_done and due < today)

    def refresh_suggestions(self, fresh: Iterable[ProgrammeLink]) -> None:
        """Take the rules' new suggestions: people's decisions (confirmed, rejected) stay as
        they are, open suggestions the rules no longer make go, the others get the new
        score and reason in place, and new ones are added as suggestions."""
        proposals = {(sg.scheme, sg.code): sg for sg in fresh}
        kept = []
        for link in self.classifications:
            key = (link.scheme, link.code)
            if link.status == "voorgesteld":
                if key not in proposals:
                    continue
                link.score, link.reason = proposals[key].score, proposals[key].reason
            kept.append(link)
        known = {(c.scheme, c.code) for c in kept}
        for key, sg in proposals.items():
            if key not in known:
                kept.append(ProgrammeLink(sg.scheme, sg.code, "voorgesteld", sg.score, sg.reason))
        self.classifications = kept

    def decide(self, scheme: str, code: int, status: str, by: str, when: datetime) -> None:
        """Confirm or reject a link; one the rules did not suggest is added as decided."""
        link = self.link(scheme, code)
        if link is None:
            link = ProgrammeLink(scheme, code, status, 0.0, "toegevoegd door een gebruiker")
            self.classifications.append(link)
        link.status, link.decided_by, link.decided_at = status, by, when

    def shares(self, by: str) -> list[tuple[str, float]]:
        """How the programme's money is split over the groups of ``by``: countries by their
        recipient percentages (the rest regional), confirmed IMA pillars or implementing
        partners equally."""
        if by == "country":
            shares = [(c.iso3, c.percentage / 100) for c in self.countries]
            rest = 1 - sum(p for _c, p in shares)
            if rest > 0.005:
                shares.append(("regionaal/overig", rest))
            return shares
        if by == "pillar":
            pillars = self.confirmed("ima")
            return [(str(p), 1 / len(pillars)) for p in pillars] or [("niet ingedeeld", 1)]
        partners = self.partners() or ["onbekend"]
        return [(p, 1 / len(partners)) for p in partners]


@dataclass(frozen=True, slots=True)
class ProgrammeImport:
    """One IATI file as imported: by its SHA-256, with the publisher filters it was read
    under (``reporting_org``: comma-separated; ``*`` for every publisher)."""

    file_name: str
    sha256: str
    reporting_org: str
    activities: int
    imported_at: datetime
    id: int | None = None

    @property
    def filters(self) -> set[str]:
        return set(self.reporting_org.split(","))
