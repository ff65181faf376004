"""The do-no-harm risk register per partnership, and the gate it puts on decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerships.analysis.measures import measure_codes
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.countries import country_iso3
from partnerships.domain.errors import Forbidden
from partnerships.domain.risks import RISK_CATEGORIES, Risk, RiskError, RiskState, assessment_state
from partnerships.services.unit_of_work import UnitOfWork, Units


@dataclass(frozen=True, slots=True)
class RiskVersion:
    """One version of a risk entry as a reader sees it. ``shown`` numbers it among the
    versions that reader may see, so that a gap never tells of a version above their
    clearance; ``risk.version`` is the stored number, which footnotes cite."""

    risk: Risk
    shown: int

    @property
    def category_name(self) -> str:
        return RISK_CATEGORIES.get(self.risk.category, self.risk.category)


@dataclass(frozen=True, slots=True)
class RiskEntry:
    """An entry's newest visible version and its visible history (newest first)."""

    current: RiskVersion
    history: tuple[RiskVersion, ...]


@dataclass(frozen=True, slots=True)
class CountryRisks:
    """A country's do-no-harm assessment: its state (over every entry, whoever asks) and the
    entries the reader may see, highest score first."""

    country: str
    state: RiskState
    entries: tuple[RiskEntry, ...]


def record_risk(base: Units, user: UserContext, risk: Risk) -> RiskVersion:
    """Store a new risk entry, or (with ``risk.key``) the next version of one."""
    if not user.may_edit:
        raise Forbidden("only analysts may record risks")
    iso3 = country_iso3(risk.country)
    if iso3 is None:
        raise RiskError("not a country: %(country)r", country=risk.country)
    if not user.clears(risk.classification):
        raise Forbidden("you cannot record a risk above your own clearance")
    entry = Risk(
        country=iso3, category=risk.category, description=risk.description.strip(),
        likelihood=risk.likelihood, impact=risk.impact, mitigation=risk.mitigation.strip(),
        owner=risk.owner.strip(), review_date=risk.review_date,
        intended_effects=risk.intended_effects.strip(),
        unintended_effects=risk.unintended_effects.strip(), programme=risk.programme.strip(),
        instrument=risk.instrument.strip(), status=risk.status,
        classification=risk.classification, key=risk.key, author=user.user_id,
        note=risk.note.strip(),
    )  # fmt: skip
    entry.validate(CLEARANCES, measure_codes())
    with base.unit_of_work() as uow:
        shown = _next_shown(uow, user, entry, iso3)
        stored = uow.risks.add(entry)
        uow.audit.append(
            user.user_id,
            "edit",
            f"risk:{stored.key}:{stored.version}",
            {"land": iso3, "status": stored.status},
        )
        uow.commit()
    return RiskVersion(stored, shown)


def _next_shown(uow: UnitOfWork, user: UserContext, entry: Risk, iso3: str) -> int:
    """The number the reader will see for the version about to be stored; refuses a key
    that is unknown, hidden from the author or of another country."""
    if not entry.key:
        return 1
    before = uow.risks.latest(entry.key)
    # an entry above the author's clearance is answered exactly like a missing one:
    # neither its existence nor its country is revealed, and it is never superseded
    if before is None or not user.clears(before.classification):
        raise RiskError("no risk entry %(key)r", key=entry.key, missing=True)
    if before.country != iso3:
        raise RiskError(
            "risk entry %(key)s belongs to %(country)s, not %(iso3)s",
            key=entry.key,
            country=before.country,
            iso3=iso3,
        )
    return len(uow.risks.history(entry.key, user.levels())) + 1


def risk_state(base: Units, code: str, today: date | None = None) -> RiskState:
    """The state of a country's assessment over all its entries, whoever asks: an active
    decision needs it current even when some entries are above the reader's clearance."""
    iso3 = country_iso3(code) or code
    with base.unit_of_work() as uow:
        risks = uow.risks.current(iso3)
    return assessment_state(risks, today or date.today())


def country_risks(
    base: Units, user: UserContext, code: str, today: date | None = None
) -> CountryRisks | None:
    """The register of one country as the reader may see it; None for no country. Reading
    a confidential entry is recorded in the audit trail."""
    iso3 = country_iso3(code)
    if iso3 is None:
        return None
    with base.unit_of_work() as uow:
        every = uow.risks.current(iso3)
        visible = [r for r in every if r.classification in user.levels()]
        entries = tuple(_entry(uow.risks.history(r.key, user.levels())) for r in visible)
        secret = [r.key for r in visible if r.classification == "vertrouwelijk"]
        if secret:
            uow.audit.append(user.user_id, "view_confidential", f"risks:{iso3}",
                             {"sleutels": secret})  # fmt: skip
            uow.commit()
    return CountryRisks(iso3, assessment_state(every, today or date.today()), entries)


def _entry(history: list[Risk]) -> RiskEntry:
    """Versions numbered among those the reader may see (newest first)."""
    versions = tuple(RiskVersion(h, len(history) - i) for i, h in enumerate(history))
    return RiskEntry(versions[0], versions)
