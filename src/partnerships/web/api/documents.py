"""/api/v1/documenten and /api/v1/zoeken: letters listed, added, corrected, read and searched."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
    UploadFile,
)

from partnerships.services import (
    queries,
    topics,
)
from partnerships.web.api.common import (
    FORBIDDEN,
    KB,
    ORIGINAL_TYPES,
    PROBLEMS,
    Filters,
    Grootte,
    Pagina,
    User,
    _page,
    _write_problems,
)
from partnerships.web.api_models import (
    DocumentCorrectie,
    DocumentDetail,
    DocumentenPagina,
    DocumentSamenvatting,
    NieuwOnderwerpOordeel,
    Onderwerpen,
    Zoekresultaat,
    Zoekresultaten,
)
from partnerships.web.downloads import content_disposition

router = APIRouter()


@router.get(
    "/documenten",
    response_model=DocumentenPagina,
    response_model_by_alias=True,
    response_model_exclude_unset=True,
    responses=PROBLEMS,
    operation_id="listDocumenten",
    summary="Documenten in de kennisbank, nieuwste eerst",
)
def list_documenten(
    request: Request,
    kb: KB,
    user: User,
    filters: Annotated[Filters, Depends()],
    pagina: Pagina = 1,
    paginaGrootte: Grootte = 20,
) -> dict[str, Any]:
    total, items = queries.list_documents(
        kb, user, filters.value, (pagina - 1) * paginaGrootte, paginaGrootte
    )
    return _page(request, pagina, paginaGrootte, total) | {
        "documenten": [DocumentSamenvatting.of(x) for x in items]
    }


@router.post(
    "/documenten",
    response_model=DocumentDetail,
    status_code=201,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="createDocument",
    summary="Een brief toevoegen: het bestand wordt gelezen zoals bij inlezen en bewaard",
)
def create_document(
    response: Response, kb: KB, user: User,
    bestand: Annotated[UploadFile, File(description="PDF, Word, tekst, markdown, HTML of "
                                        "Kamerstuk-XML")],
    rubricering: Annotated[str, Form(pattern="^(openbaar|intern|vertrouwelijk)$")] = "openbaar",
) -> DocumentDetail:  # fmt: skip
    from partnerships.services.documents import UploadError, add_letter

    data = bestand.file.read(kb.settings.max_file_mb * 1024 * 1024 + 1)
    if len(data) > kb.settings.max_file_mb * 1024 * 1024:
        raise HTTPException(400, f"{bestand.filename}: groter dan {kb.settings.max_file_mb} MiB")
    with _write_problems(UploadError):
        added = add_letter(kb, user, bestand.filename or "brief", data, rubricering)
    doc = queries.get_document(kb, user, added.document_id)
    if doc is None:
        raise HTTPException(404, f"Document {added.document_id} bestaat niet.")
    response.headers["Location"] = f"/api/v1/documenten/{added.document_id}"
    if added.outcome == "unchanged":
        response.status_code = 200
    return DocumentDetail.of(doc)


@router.patch(
    "/documenten/{id}",
    response_model=DocumentDetail,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="correctDocument",
    summary="Velden corrigeren die de extractie verkeerd las (onderwerp, datum, kenmerk, "
    "geadresseerde, afzender); bewaard, geaudit, blijvend bij opnieuw inlezen",
)
def correct_document(
    kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: DocumentCorrectie
) -> DocumentDetail:
    from partnerships.services.documents import UploadError, correct_letter

    changes = {k: (v.isoformat() if isinstance(v, date) else v)
               for k, v in body.model_dump(exclude_none=True).items()}  # fmt: skip
    if not changes:
        raise HTTPException(400, "Geef ten minste één veld om te corrigeren.")
    with _write_problems(UploadError, not_found=True):
        correct_letter(kb, user, id, changes)
    doc = queries.get_document(kb, user, id)
    if doc is None:
        raise HTTPException(404, f"Document {id} bestaat niet.")
    return DocumentDetail.of(doc)


@router.get(
    "/documenten/{id}",
    response_model=DocumentDetail,
    responses=PROBLEMS,
    operation_id="getDocument",
    summary="Eén document: metadata, schone tekst, voetnoten, alle feiten met vindplaats, "
    "verwijzingen en wie ernaar verwijst",
)
def get_document(
    kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> DocumentDetail:
    doc = queries.get_document(kb, user, id)
    if doc is None:
        raise HTTPException(404, f"Document {id} bestaat niet.")
    return DocumentDetail.of(doc)


@router.put(
    "/documenten/{id}/onderwerpen/{schema}/{code}",
    response_model=Onderwerpen,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="setOnderwerp",
    summary="Oordeel van een analist over een onderwerp van een brief (migratie, IMA-pijler, "
    "GCM-doel); gaat boven het voorstel van de extractie",
)
def set_onderwerp(
    kb: KB,
    user: User,
    id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    schema: Annotated[str, Path(pattern="^(migratie|ima|gcm)$")],
    code: Annotated[int, Path(ge=0, le=23)],
    body: NieuwOnderwerpOordeel,
) -> Onderwerpen:
    with _write_problems(topics.TopicError, not_found=True):
        topics.set_topic(kb, user, id, schema, code, body.oordeel, body.toelichting)
    about = topics.letter_topics(kb, user, id)
    if about is None:
        raise HTTPException(404, f"Document {id} bestaat niet.")
    return Onderwerpen.of(about)


@router.get(
    "/documenten/{id}/origineel",
    responses={
        200: {
            "content": {t: {} for t in ORIGINAL_TYPES},
            "description": "Het bestand zoals het is ingelezen",
        },
        **PROBLEMS,
    },
    operation_id="getOrigineel",
    summary="Het originele bestand",
    response_class=Response,
)
def get_origineel(kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    found = queries.get_original(kb, user, id)
    if found is None:
        raise HTTPException(404, f"Van document {id} is geen origineel bewaard.")
    data, media_type, name = found
    if media_type not in ORIGINAL_TYPES:
        media_type = "application/octet-stream"
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": content_disposition(name, inline=True),
            # an HTML letter is shown as a document, never run as a page of this site
            "Content-Security-Policy": "sandbox; default-src 'none'",
        },
    )


@router.get(
    "/zoeken",
    response_model=Zoekresultaten,
    response_model_by_alias=True,
    response_model_exclude_unset=True,
    responses=PROBLEMS,
    operation_id="zoeken",
    summary='Nederlandstalig zoeken (woorden, "zinnen", voorvoegsels*), met gemarkeerde fragmenten',
)
def zoeken(
    request: Request,
    kb: KB,
    user: User,
    filters: Annotated[Filters, Depends()],
    q: Annotated[str, Query(min_length=1, max_length=500, description="Zoekvraag")],
    pagina: Pagina = 1,
    paginaGrootte: Grootte = 20,
) -> dict[str, Any]:
    found = queries.search(kb, user, q, filters.value, (pagina - 1) * paginaGrootte, paginaGrootte)
    out = _page(request, pagina, paginaGrootte, found.total)
    if found.ranked_within is not None:
        out["gerangschiktBinnen"] = found.ranked_within
    return out | {"zoekterm": q, "resultaten": [Zoekresultaat.of(h) for h in found.hits]}
