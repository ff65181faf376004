"""The do-no-harm risk register per partnership, and the gate it puts on decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from partnerships.analysis.measures import measure_codes
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.countries import country_code
from partnerships.domain.errors import Forbidden
from partnerships.domain.risks import RISK_CATEGORIES, Risk, RiskError, RiskState, assessment_state
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.risks import RiskRepository


def _iso3(code: str) -> str | None:
    iso3 = country_code(code)
    return iso3 if iso3 is not None and len(iso3) == 3 else None


def record_risk(kb: KnowledgeBase, user: UserContext, risk: Risk) -> dict[str, Any]:
    """Store a new risk entry, or (with ``risk.key``) the next version of one."""
    if not user.may_edit:
        raise Forbidden("only analysts may record risks")
    iso3 = _iso3(risk.country)
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
    with kb.session() as s, s.begin():
        repo = RiskRepository(s)
        if entry.key:
            before = repo.latest(entry.key)
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
            shown = len(repo.history(entry.key, user.levels())) + 1
        else:
            shown = 1
        stored = repo.add(entry)
        audit.in_session(
            s,
            user,
            "edit",
            f"risk:{stored.key}:{stored.version}",
            {"land": iso3, "status": stored.status},
        )
    return risk_to_dict(stored) | {"versie": shown}


def risk_state(kb: KnowledgeBase, code: str, today: date | None = None) -> RiskState:
    """The state of a country's assessment over all its entries, whoever asks: an active
    decision needs it current even when some entries are above the reader's clearance."""
    iso3 = _iso3(code) or code
    with kb.session() as s:
        risks = RiskRepository(s).current(iso3)
    return assessment_state(risks, today or date.today())


def country_risks(
    kb: KnowledgeBase, user: UserContext, code: str, today: date | None = None
) -> dict[str, Any] | None:
    iso3 = _iso3(code)
    if iso3 is None:
        return None
    with kb.session() as s:
        repo = RiskRepository(s)
        visible = repo.current(iso3, user.levels())
        secret = [r.key for r in visible if r.classification == "vertrouwelijk"]
        histories = {r.key: repo.history(r.key, user.levels()) for r in visible}
    state = risk_state(kb, iso3, today)
    if secret:
        audit.record(kb, user, "view_confidential", f"risks:{iso3}", {"sleutels": secret})
    return {
        "land": iso3,
        "toets": {"status": state.state, "toelichting": state.reason,
                  "volgendeHerbeoordeling": state.next_review.isoformat()
                  if state.next_review else None},
        "risicos": [risk_to_dict(r) | {"versie": len(histories[r.key]),
                                       "geschiedenis": visible_versions(histories[r.key])}
                    for r in visible],
    }  # fmt: skip


def visible_versions(history: list[Risk]) -> list[dict[str, Any]]:
    """Versions numbered among those the reader may see (newest first), so that a gap in the
    numbers never tells a reader that a version above their clearance exists."""
    return [risk_to_dict(h) | {"versie": len(history) - i} for i, h in enumerate(history)]


def risk_to_dict(r: Risk) -> dict[str, Any]:
    return {
        "sleutel": r.key, "versie": r.version, "land": r.country, "categorie": r.category,
        "categorieNaam": RISK_CATEGORIES.get(r.category, r.category),
        "omschrijving": r.description, "kans": r.likelihood, "impact": r.impact,
        "score": r.score, "niveau": r.level, "beoogdeEffecten": r.intended_effects,
        "onbedoeldeEffecten": r.unintended_effects, "mitigatie": r.mitigation,
        "eigenaar": r.owner, "herbeoordeling": r.review_date.isoformat(),
        "programma": r.programme or None, "instrument": r.instrument or None,
        "status": r.status, "rubricering": r.classification, "wijziging": r.note,
        "auteur": r.author, "tijdstip": r.created_at.isoformat() if r.created_at else None,
    }  # fmt: skip
