"""/api/v1/toezeggingen and /moties: commitments to parliament and motions."""

from __future__ import annotations

from datetime import date
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
    commitments,
)
from partnerships.web.api.common import (
    FORBIDDEN,
    KB,
    PROBLEMS,
    Grootte,
    Pagina,
    User,
    _page,
    _write_problems,
)
from partnerships.web.api_models import (
    GevolgdeToezegging,
    Motie,
    Moties,
    NieuweToezegging,
    Toezeggingen,
    ToezeggingWijziging,
)

router = APIRouter()


# ---------------------------------------------------------------- commitments and motions


@router.get(
    "/toezeggingen",
    response_model=Toezeggingen,
    responses=PROBLEMS,
    operation_id="listToezeggingen",
    summary="Toezeggingen met status, termijn, verantwoordelijk ministerie en voorgestelde "
    "vervullende brieven",
)
def list_toezeggingen(
    request: Request,
    kb: KB,
    user: User,
    status: Annotated[
        str | None, Query(pattern="^(open|te laat|vervuld|deels vervuld|vervallen)$")
    ] = None,
    verantwoordelijk: Annotated[str | None, Query(max_length=80)] = None,
    land: Annotated[str | None, Query(pattern="^[A-Za-z]{2,3}$")] = None,
    q: Annotated[str | None, Query(max_length=80)] = None,
    pagina: Pagina = 1,
    paginaGrootte: Grootte = 20,
) -> dict[str, Any]:
    found = commitments.tracker_page(
        kb, user, date.today(), status, verantwoordelijk, land.upper() if land else None, q,
        (pagina - 1) * paginaGrootte, paginaGrootte,
    )  # fmt: skip
    return _page(request, pagina, paginaGrootte, found.total) | {
        "toezeggingen": [GevolgdeToezegging.of(i) for i in found.items]}  # fmt: skip


@router.post(
    "/toezeggingen",
    response_model=GevolgdeToezegging,
    status_code=201,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="createToezegging",
    summary="Een toezegging vastleggen die niet in een brief staat (debat, commissie)",
)
def create_toezegging(
    response: Response, kb: KB, user: User, body: NieuweToezegging
) -> GevolgdeToezegging:
    with _write_problems(commitments.CommitmentError, not_found=True):
        item = commitments.add_manual(
            kb,
            user,
            body.tekst,
            body.uiterlijk,
            body.verantwoordelijk,
            body.document,
            body.toelichting,
        )
    response.headers["Location"] = f"/api/v1/toezeggingen/{item.key}"
    return GevolgdeToezegging.of(item)


@router.get(
    "/toezeggingen/{sleutel}",
    response_model=GevolgdeToezegging,
    responses=PROBLEMS,
    operation_id="getToezegging",
    summary="Eén toezegging",
)
def get_toezegging(
    kb: KB, user: User, sleutel: Annotated[str, Path(pattern="^[a-z0-9-]{1,64}$")]
) -> GevolgdeToezegging:
    item = commitments.find(kb, user, sleutel)
    if item is None:
        raise HTTPException(404, f"Toezegging {sleutel} bestaat niet.")
    return GevolgdeToezegging.of(item)


@router.patch(
    "/toezeggingen/{sleutel}",
    response_model=GevolgdeToezegging,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="updateToezegging",
    summary="Status, termijn, verantwoordelijke of vervullende brief wijzigen; een voorstel "
    "afwijzen",
)
def update_toezegging(
    kb: KB,
    user: User,
    sleutel: Annotated[str, Path(pattern="^[a-z0-9-]{1,64}$")],
    body: ToezeggingWijziging,
) -> GevolgdeToezegging:
    with _write_problems(commitments.CommitmentError, not_found=True):
        if body.afgewezenVoorstel is not None:
            commitments.reject_proposal(kb, user, sleutel, body.afgewezenVoorstel)
        return GevolgdeToezegging.of(commitments.update(
            kb, user, sleutel, body.status, body.verantwoordelijk, body.uiterlijk,
            body.vervuldDoor, body.toelichting))  # fmt: skip


@router.get(
    "/moties",
    response_model=Moties,
    responses=PROBLEMS,
    operation_id="listMoties",
    summary="Moties uit de brieven, per lid en per dossier, met de brieven die erop ingaan",
)
def list_moties(
    request: Request, kb: KB, user: User, pagina: Pagina = 1, paginaGrootte: Grootte = 20
) -> dict[str, Any]:
    found = commitments.cited_motions(kb, user, (pagina - 1) * paginaGrootte, paginaGrootte)
    return _page(request, pagina, paginaGrootte, found.total) | {
        "moties": [Motie.of(m) for m in found.items],
        "perLid": found.per_member,
        "perDossier": found.per_dossier,
    }
