"""/api/v1/programmas and /begroting: programmes, their classification and money."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import (
    APIRouter,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
)

from partnerships.services import (
    programmes,
)
from partnerships.web.api.common import (
    FORBIDDEN,
    KB,
    PROBLEMS,
    Grootte,
    Pagina,
    User,
    _sliced,
    _write_problems,
)
from partnerships.web.api_models import (
    Begroting,
    NieuweIndeling,
    NieuweMonitoring,
    NieuwProgramma,
    Programma,
    Programmas,
    ProgrammaSamenvatting,
)

router = APIRouter()


# ---------------------------------------------------------------- programmes


@router.get(
    "/programmas",
    response_model=Programmas,
    responses=PROBLEMS,
    operation_id="listProgrammas",
    summary="Programma's met bevestigde IMA-pijlers en GCM-doelen, te filteren",
)
def list_programmas(
    request: Request,
    kb: KB,
    user: User,
    land: Annotated[str | None, Query(pattern="^[A-Za-z]{2,3}$")] = None,
    pijler: Annotated[int | None, Query(ge=1, le=6)] = None,
    doel: Annotated[int | None, Query(ge=1, le=23)] = None,
    gesignaleerd: Annotated[
        bool, Query(description="Alleen met signaal of verlopen evaluatie")
    ] = False,
    ongeclassificeerd: Annotated[
        bool, Query(description="Alleen zonder bevestigde pijler")
    ] = False,
    pagina: Pagina = 1,
    paginaGrootte: Grootte = 20,
) -> dict[str, Any]:
    rows = programmes.list_programmes(kb, user, land, pijler, doel, gesignaleerd, ongeclassificeerd)
    page = _sliced(request, pagina, paginaGrootte, rows, "programmas")
    return page | {"programmas": [ProgrammaSamenvatting.of(v) for v in page["programmas"]]}


@router.get(
    "/programmas/{id}",
    response_model=Programma,
    responses=PROBLEMS,
    operation_id="getProgramma",
    summary="Eén programma: organisaties, landen, sectoren, geld, resultaten, indeling, monitoring",
)
def get_programma(kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Programma:
    data = programmes.programme(kb, user, id)
    if data is None:
        raise HTTPException(404, f"Programma {id} bestaat niet.")
    return Programma.of(data)


@router.post(
    "/programmas",
    response_model=Programma,
    status_code=201,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="createProgramma",
    summary="Een programma met de hand toevoegen (nog niet in IATI)",
)
def create_programma(response: Response, kb: KB, user: User, body: NieuwProgramma) -> Programma:
    data = {"identifier": body.identificatie, "title": body.titel,
            "description": body.omschrijving, "countries": body.landen,
            "budgets": body.begroting, "partner": body.partner, "flow": body.stroom,
            "classification": body.rubricering}  # fmt: skip
    with _write_problems(programmes.ProgrammeError, not_found=True):
        stored = programmes.add_manual(kb, user, data)
    response.headers["Location"] = f"/api/v1/programmas/{stored.programme.id}"
    return Programma.of(stored)


@router.post(
    "/programmas/{id}/indeling",
    response_model=Programma,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="classifyProgramma",
    summary="Een voorgestelde IMA-pijler of GCM-doel bevestigen of afwijzen",
)
def classify_programma(
    kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: NieuweIndeling
) -> Programma:
    with _write_problems(programmes.ProgrammeError, not_found=True):
        return Programma.of(programmes.classify(kb, user, id, body.schema_, body.code, body.status))


@router.put(
    "/programmas/{id}/monitoring",
    response_model=Programma,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="setMonitoring",
    summary="Evaluatie, signaal (contraproductief, negatieve bijeffecten) en bijsturing",
)
def set_programma_monitoring(
    kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: NieuweMonitoring
) -> Programma:
    b = body
    with _write_problems(programmes.ProgrammeError, not_found=True):
        stored = programmes.set_monitoring(kb, user, id, b.evaluatieGepland, b.evaluatieGedaan,
                                           b.signaal, b.toelichting, b.bijsturing)  # fmt: skip
    return Programma.of(stored)


@router.get(
    "/begroting",
    response_model=Begroting,
    responses=PROBLEMS,
    operation_id="getBegroting",
    summary="Verplichtingen, uitgaven en begroting per jaar (EUR), ODA en niet-ODA, per land, "
    "pijler of partner, tegen het jaarplafond",
)
def get_begroting(
    kb: KB,
    user: User,
    indeling: Annotated[str, Query(pattern="^(land|pijler|partner)$")] = "land",
    van: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    tot: Annotated[int | None, Query(ge=1990, le=2100)] = None,
) -> Begroting:
    by = {"land": "country", "pijler": "pillar", "partner": "partner"}[indeling]
    return Begroting.of(programmes.budget(kb, user, by, van, tot))
