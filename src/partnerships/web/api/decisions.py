"""A country's return cooperation (Article 25a), decisions and do-no-harm risks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import (
    APIRouter,
    HTTPException,
    Query,
    Request,
    Response,
)

from partnerships.services import (
    decisions,
    return_cooperation,
    risks,
)
from partnerships.web.api.common import (
    FORBIDDEN,
    KB,
    PROBLEMS,
    CountryCode,
    User,
    _known_country,
    _write_problems,
)
from partnerships.web.api_models import (
    Besluit,
    Besluiten,
    NieuwBesluit,
    NieuwRisico,
    Risicos,
    RisicoVersie,
    Terugkeersamenwerking,
)

router = APIRouter()


@router.get(
    "/landen/{code}/terugkeersamenwerking",
    response_model=Terugkeersamenwerking,
    responses=PROBLEMS,
    operation_id="getTerugkeersamenwerking",
    summary="Beoordeling van de terugkeersamenwerking (art. 25a Visumcode) met opties",
)
def get_terugkeersamenwerking(
    kb: KB,
    user: User,
    code: CountryCode,
    jaar: Annotated[str | None, Query(pattern="^(19|20)[0-9]{2}$")] = None,
) -> dict[str, Any]:
    data = return_cooperation.assessment(kb, user, code, jaar)
    if data is None:
        raise HTTPException(404, f"Land {code} is onbekend.")
    return data


@router.get(
    "/landen/{code}/besluiten",
    response_model=Besluiten,
    responses=PROBLEMS,
    operation_id="listBesluiten",
    summary="Besluiten over een land, nieuwste versie eerst (naar rubricering zichtbaar)",
)
def list_besluiten(kb: KB, user: User, code: CountryCode) -> Besluiten:
    history = decisions.decision_history(kb, user, code)
    if history is None:
        raise HTTPException(404, f"Land {code} is onbekend.")
    return Besluiten(besluiten=[Besluit.of(v) for v in history])


@router.post(
    "/landen/{code}/besluiten",
    response_model=Besluit,
    status_code=201,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="createBesluit",
    summary="Een nieuwe versie van het besluit over een land vastleggen",
)
def create_besluit(
    request: Request, response: Response, kb: KB, user: User, code: CountryCode, body: NieuwBesluit
) -> Besluit:
    from partnerships.domain.decisions import DecisionError, DecisionRecord, Evidence

    _known_country(code)
    record = DecisionRecord(
        country=code, title=body.titel, instruments=tuple(body.instrumenten),
        rationale=body.motivering, weighed=body.afweging,
        evidence=tuple(Evidence(b.soort, b.verwijzing, b.omschrijving) for b in body.bewijs),
        status=body.status, classification=body.rubricering, note=body.wijziging,
    )  # fmt: skip
    with _write_problems(DecisionError):
        stored = decisions.record_decision(kb, user, record)
    response.headers["Location"] = f"/api/v1/landen/{stored.record.country}/besluiten"
    return Besluit.of(stored)


@router.get(
    "/landen/{code}/risicos",
    response_model=Risicos,
    responses=PROBLEMS,
    operation_id="listRisicos",
    summary="Do-no-harm-toets van een land: de stand en de risico's met hun geschiedenis",
)
def list_risicos(kb: KB, user: User, code: CountryCode) -> Risicos:
    data = risks.country_risks(kb, user, code)
    if data is None:
        raise HTTPException(404, f"Land {code} is onbekend.")
    return Risicos.of(data)


@router.post(
    "/landen/{code}/risicos",
    response_model=RisicoVersie,
    status_code=201,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="createRisico",
    summary="Een risico vastleggen, of met 'sleutel' een nieuwe versie ervan",
)
def create_risico(
    response: Response, kb: KB, user: User, code: CountryCode, body: NieuwRisico
) -> RisicoVersie:
    from partnerships.domain.risks import Risk, RiskError

    _known_country(code)
    entry = Risk(
        country=code, category=body.categorie, description=body.omschrijving,
        likelihood=body.kans, impact=body.impact, mitigation=body.mitigatie,
        owner=body.eigenaar, review_date=body.herbeoordeling,
        intended_effects=body.beoogdeEffecten, unintended_effects=body.onbedoeldeEffecten,
        programme=body.programma, instrument=body.instrument, status=body.status,
        classification=body.rubricering, key=body.sleutel, note=body.wijziging,
    )  # fmt: skip
    with _write_problems(RiskError):
        stored = risks.record_risk(kb, user, entry)
    response.headers["Location"] = f"/api/v1/landen/{stored.risk.country}/risicos"
    return RisicoVersie.of(stored)
