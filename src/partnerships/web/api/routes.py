"""/api/v1/routes: migration routes (Frontex) and their detections."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import (
    APIRouter,
    HTTPException,
    Path,
    Request,
)

from partnerships.services import (
    routes,
)
from partnerships.web.api.common import (
    KB,
    PROBLEMS,
    Grootte,
    Pagina,
    User,
    _sliced,
)
from partnerships.web.api_models import (
    Route,
    RouteDetail,
    Routes,
)

router = APIRouter()


@router.get(
    "/routes",
    response_model=Routes,
    responses=PROBLEMS,
    operation_id="listRoutes",
    summary="Migratieroutes (Frontex) met detecties per jaar",
)
def list_routes(
    request: Request, kb: KB, user: User, pagina: Pagina = 1, paginaGrootte: Grootte = 20
) -> dict[str, Any]:
    rows = [Route.of(r) for r in routes.routes_overview(kb, user)]
    return _sliced(request, pagina, paginaGrootte, rows, "routes")


@router.get(
    "/routes/{id}",
    response_model=RouteDetail,
    responses=PROBLEMS,
    operation_id="getRoute",
    summary="Eén route: detecties per jaar en maand, nationaliteiten, landen langs de route",
)
def get_route(kb: KB, user: User, id: Annotated[str, Path(pattern="^[A-Za-z]{3}$")]) -> RouteDetail:
    data = routes.route_detail(kb, user, id)
    if data is None:
        raise HTTPException(404, f"Route {id} bestaat niet.")
    return RouteDetail.of(data)
