"""/api/v1/prioritering, /criteria and /instrumenten: ranking candidate countries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Query,
    Response,
)

from partnerships.domain.decisions import CriteriaError
from partnerships.services import (
    prioritisation,
    return_cooperation,
)
from partnerships.web.api.common import (
    FORBIDDEN,
    KB,
    PROBLEMS,
    User,
    _write_problems,
)
from partnerships.web.api_models import (
    CriteriaSet,
    Instrumenten,
    NieuweCriteria,
    Prioritering,
)
from partnerships.web.problems import Refused

router = APIRouter()


def _parse_weights(raw: str | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in (raw or "").split(","):
        if not part.strip():
            continue
        code, _, value = part.partition(":")
        out[code.strip()] = float(value)
    return out


@router.get(
    "/prioritering",
    response_model=Prioritering,
    responses=PROBLEMS,
    operation_id="getPrioritering",
    summary="Rangorde van kandidaat-focuslanden (waardemodel, TOPSIS) met bijdragen per "
    "criterium en robuustheid (SMAA-2)",
)
def get_prioritering(
    kb: KB,
    user: User,
    gewichten: Annotated[
        str | None,
        Query(
            pattern=r"^[a-z0-9_]+:\d+(\.\d+)?(,[a-z0-9_]+:\d+(\.\d+)?)*$",
            max_length=1000,
            description="What-if-gewichten, bijv. transit:0.4,return_caseload:0.2",
        ),
    ] = None,
    robuustheid: Annotated[bool, Query(description="SMAA-2 uitvoeren")] = True,
    steekproeven: Annotated[int | None, Query(ge=100, le=100_000)] = None,
    taal: Annotated[str, Query(pattern="^(nl|en)$")] = "nl",
) -> dict[str, Any]:
    try:
        return prioritisation.rank(kb, user, _parse_weights(gewichten), None, taal,
                                   robuustheid, steekproeven)  # fmt: skip
    except CriteriaError as exc:
        raise Refused(400, exc) from None


@router.get(
    "/criteria",
    response_model=CriteriaSet,
    responses=PROBLEMS,
    operation_id="getCriteria",
    summary="De geldende prioriteringscriteria (ook als TOML) en hun versies",
)
def get_criteria(kb: KB) -> dict[str, Any]:
    from partnerships.analysis.criteria import criteria_to_dict, criteria_to_toml

    cs, version = prioritisation.current_criteria(kb)
    raw = criteria_to_dict(cs)
    names = {c.code: c.name_nl for c in cs.criteria}
    return {
        "versie": version,
        "methode": raw["method"],
        "criteria": [c | {"naam": names[c["code"]]} for c in raw["criterion"]],
        "toml": criteria_to_toml(cs),
        "geschiedenis": prioritisation.criteria_history(kb),
    }


@router.post(
    "/criteria",
    response_model=CriteriaSet,
    status_code=201,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="createCriteria",
    summary="Een nieuwe versie van de prioriteringscriteria vastleggen (alleen analisten)",
)
def create_criteria(kb: KB, user: User, body: NieuweCriteria, response: Response) -> dict[str, Any]:
    with _write_problems(CriteriaError):
        prioritisation.save_criteria(kb, user, body.toml, body.toelichting)
    response.headers["Location"] = "/api/v1/criteria"
    return get_criteria(kb)


@router.get(
    "/instrumenten",
    response_model=Instrumenten,
    responses=PROBLEMS,
    operation_id="listInstrumenten",
    summary="Instrumenten voor terugkeersamenwerking met rechtsgrond, niveau, richting en grenzen",
)
def list_instrumenten() -> dict[str, Any]:
    return return_cooperation.measures_catalogue()
