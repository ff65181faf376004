"""/api/v1/landen: countries, a country's dossier and its indicators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import (
    APIRouter,
    HTTPException,
    Path,
    Query,
    Request,
)

from partnerships.services import (
    indicators,
    queries,
)
from partnerships.web.api.common import (
    KB,
    PROBLEMS,
    Grootte,
    Pagina,
    User,
    _page,
)
from partnerships.web.api_models import (
    LandDossier,
    Landen,
    LandIndicatoren,
    LandMetTelling,
)

router = APIRouter()


@router.get(
    "/landen",
    response_model=Landen,
    response_model_by_alias=True,
    response_model_exclude_unset=True,
    responses=PROBLEMS,
    operation_id="listLanden",
    summary="Landen (ISO 3166) met het aantal vermeldingen in de kennisbank",
)
def list_landen(
    request: Request,
    kb: KB,
    user: User,
    vermeld: Annotated[
        bool, Query(description="Alleen landen die in documenten voorkomen")
    ] = False,
    pagina: Pagina = 1,
    paginaGrootte: Grootte = 50,
) -> dict[str, Any]:
    items = queries.list_countries(kb, user, vermeld)
    start = (pagina - 1) * paginaGrootte
    return _page(request, pagina, paginaGrootte, len(items)) | {
        "landen": [LandMetTelling.of(c) for c in items[start : start + paginaGrootte]]
    }


@router.get(
    "/landen/{code}",
    response_model=LandDossier,
    responses=PROBLEMS,
    operation_id="getLand",
    summary="Eén land: vermeldingen door de tijd met de zin eromheen, feiten met bron, "
    "organisaties en programma's die samen genoemd worden",
)
def get_land(
    kb: KB,
    user: User,
    code: Annotated[
        str, Path(pattern="^[A-Za-z]{2,3}$", description="ISO 3166-1 alpha-3 (of alpha-2)")
    ],
    pagina: Pagina = 1,
    paginaGrootte: Grootte = 20,
) -> LandDossier:
    dossier = queries.country_dossier(kb, user, code, (pagina - 1) * paginaGrootte, paginaGrootte)
    if dossier is None:
        raise HTTPException(404, f"Land {code} bestaat niet in ISO 3166-1.")
    return LandDossier.of(dossier)


@router.get(
    "/landen/{code}/indicatoren",
    response_model=LandIndicatoren,
    responses=PROBLEMS,
    operation_id="getLandIndicatoren",
    summary="Statistieken voor één nationaliteit: terugkeer, erkenning, routes, analistenwaarden",
)
def get_land_indicatoren(
    kb: KB,
    user: User,
    code: Annotated[str, Path(pattern="^[A-Za-z]{2,3}$", description="ISO 3166-1 alpha-3")],
    rapporterend: Annotated[
        str,
        Query(
            pattern="^[A-Za-z0-9_]{2,16}$",
            description="Rapporterend gebied: auto (het nieuwste EU-aggregaat in de data), "
            "EU27_2020, EU28 of een landcode",
        ),
    ] = "auto",
) -> LandIndicatoren:
    area = "auto" if rapporterend.lower() == "auto" else rapporterend.upper()
    data = indicators.country_indicators(kb, user, code, area)
    if data is None:
        raise HTTPException(404, f"Land {code} is onbekend.")
    return LandIndicatoren.of(data)
