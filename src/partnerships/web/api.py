"""Routes of /api/v1. Thin: parse parameters, call the read services, shape pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

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
from fastapi.exceptions import RequestValidationError

from partnerships.domain.context import UserContext
from partnerships.domain.decisions import CriteriaError
from partnerships.ingest.eurostat import country_code
from partnerships.services import (
    commitments,
    decisions,
    indicators,
    prioritisation,
    programmes,
    queries,
    return_cooperation,
    risks,
    topics,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentFilter
from partnerships.web import auth
from partnerships.web.api_models import (
    Begroting,
    Besluit,
    Besluiten,
    CriteriaSet,
    DocumentCorrectie,
    DocumentDetail,
    DocumentenPagina,
    GevolgdeToezegging,
    Instrumenten,
    LandDossier,
    Landen,
    LandIndicatoren,
    Moties,
    NieuwBesluit,
    NieuweCriteria,
    NieuweIndeling,
    NieuweMonitoring,
    NieuweToezegging,
    NieuwOnderwerpOordeel,
    NieuwProgramma,
    NieuwRisico,
    Onderwerpen,
    Prioritering,
    Problem,
    Programma,
    Programmas,
    Risicos,
    RisicoVersie,
    RouteDetail,
    Routes,
    Terugkeersamenwerking,
    Toezeggingen,
    ToezeggingWijziging,
    Zoekresultaten,
)
from partnerships.web.downloads import content_disposition
from partnerships.web.problems import Refused, status_of

PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Ongeldig verzoek",
          "content": {"application/problem+json": {}}},
    404: {"model": Problem, "description": "Niet gevonden",
          "content": {"application/problem+json": {}}},
}  # fmt: skip
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": Problem, "description": "Geen toestemming",
          "content": {"application/problem+json": {}}},
}  # fmt: skip
MAX_PAGE_SIZE = 100
ORIGINAL_TYPES = ("application/pdf", "text/plain", "text/markdown", "text/html",
                  "application/octet-stream")  # fmt: skip

router = APIRouter()


def _known_country(code: str) -> None:
    """404 before a write for a code that is no country (as the read endpoints answer);
    checked on the code alone, without reading — and auditing — the country's records."""
    iso3 = country_code(code)
    if iso3 is None or len(iso3) != 3:
        raise HTTPException(404, f"Land {code} is onbekend.")


@contextmanager
def _write_problems(errors: type[Exception], not_found: bool = False) -> Iterator[None]:
    """How every write endpoint answers a refused write: no permission → 403; on an
    endpoint that addresses a record (``not_found``, its 404 documented), a refusal marked
    ``missing`` → 404; any other refusal → 400 — each with the service's own message, in
    the client's language."""
    try:
        yield
    except (PermissionError, errors) as exc:
        status = status_of(exc)
        raise Refused(400 if status == 404 and not not_found else status, exc) from None


def kb_of(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = request.app.state.kb
    return kb


def current_user(request: Request) -> UserContext:
    return auth.user_of(request)


KB = Annotated[KnowledgeBase, Depends(kb_of)]
User = Annotated[UserContext, Depends(current_user)]
Pagina = Annotated[int, Query(ge=1, le=100_000, description="Paginanummer, vanaf 1")]
Grootte = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Aantal per pagina")]


def _links(request: Request, page: int, size: int, total: int) -> dict[str, Any]:
    last = max(1, -(-total // size))

    def href(p: int) -> dict[str, str]:
        params = dict(request.query_params)
        params["pagina"] = str(p)
        params["paginaGrootte"] = str(size)
        return {"href": f"{request.url.path}?{urlencode(params)}"}

    links: dict[str, Any] = {"self": href(page), "first": href(1), "last": href(last)}
    if page > 1:
        links["prev"] = href(min(page - 1, last))
    if page < last:
        links["next"] = href(page + 1)
    return links


def _page(request: Request, page: int, size: int, total: int) -> dict[str, Any]:
    """The paging part of every collection response (HAL links, totals)."""
    return {
        "_links": _links(request, page, size, total),
        "totaal": total,
        "pagina": page,
        "paginaGrootte": size,
    }


def _sliced(request: Request, page: int, size: int, rows: list[Any], name: str) -> dict[str, Any]:
    """One page of a list the service made whole (short lists: routes, programmes)."""
    start = (page - 1) * size
    return _page(request, page, size, len(rows)) | {name: rows[start : start + size]}


def _filter(
    van: date | None,
    tot: date | None,
    geadresseerde: str | None,
    afzender: str | None,
    land: str | None,
    organisatie: str | None,
    toezeggingen: bool | None,
    dossier: str | None,
) -> DocumentFilter:
    return DocumentFilter(
        date_from=van,
        date_to=tot,
        addressee=geadresseerde,
        sender=afzender,
        country=land.upper() if land else None,
        organisation=organisatie,
        has_commitments=toezeggingen,
        cites_dossier=dossier,
    )


def _DATE_QUERY(description: str) -> Any:
    # a string with a pattern, not a date: pydantic would also take '0' as a timestamp
    return Query(
        description=description,
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        json_schema_extra={"format": "date"},
    )


def _iso_date(name: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "geen bestaande datum (YYYY-MM-DD)",
                    "type": "value_error",
                }
            ]
        ) from None


class Filters:
    """Query parameters shared by the document list and the search."""

    def __init__(
        self,
        van: Annotated[str | None, _DATE_QUERY("Vanaf datum (YYYY-MM-DD)")] = None,
        tot: Annotated[str | None, _DATE_QUERY("Tot en met datum (YYYY-MM-DD)")] = None,
        geadresseerde: Annotated[
            str | None, Query(description="Tweede Kamer of Eerste Kamer", max_length=32)
        ] = None,
        afzender: Annotated[
            str | None,
            Query(description="Ministerie of eenheid (deel van de naam)", max_length=200),
        ] = None,
        land: Annotated[
            str | None,
            Query(description="Noemt dit land (ISO 3166-1 alpha-3)", pattern="^[A-Za-z]{3}$"),
        ] = None,
        organisatie: Annotated[
            str | None, Query(description="Noemt deze organisatie (gazetteer-code)", max_length=64)
        ] = None,
        toezeggingen: Annotated[
            bool | None, Query(description="Met (true) of zonder (false) toezeggingen")
        ] = None,
        dossier: Annotated[
            str | None,
            Query(description="Citeert dit Kamerstukdossier, bijv. 35300-VI", max_length=32),
        ] = None,
    ) -> None:
        self.value = _filter(
            _iso_date("van", van),
            _iso_date("tot", tot),
            geadresseerde,
            afzender,
            land,
            organisatie,
            toezeggingen,
            dossier,
        )


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
    return _page(request, pagina, paginaGrootte, total) | {"documenten": items}


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
) -> dict[str, Any]:  # fmt: skip
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
    return doc


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
) -> dict[str, Any]:
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
    return doc


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
) -> dict[str, Any]:
    doc = queries.get_document(kb, user, id)
    if doc is None:
        raise HTTPException(404, f"Document {id} bestaat niet.")
    return doc


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
) -> dict[str, Any]:
    with _write_problems(topics.TopicError, not_found=True):
        topics.set_topic(kb, user, id, schema, code, body.oordeel, body.toelichting)
    about = topics.letter_topics(kb, user, id)
    if about is None:
        raise HTTPException(404, f"Document {id} bestaat niet.")
    return topics.as_dict(about)


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
    total, items = queries.search(
        kb, user, q, filters.value, (pagina - 1) * paginaGrootte, paginaGrootte
    )
    return _page(request, pagina, paginaGrootte, total) | {"zoekterm": q, "resultaten": items}


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
        "landen": items[start : start + paginaGrootte]
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
) -> dict[str, Any]:
    dossier = queries.country_dossier(kb, user, code, (pagina - 1) * paginaGrootte, paginaGrootte)
    if dossier is None:
        raise HTTPException(404, f"Land {code} bestaat niet in ISO 3166-1.")
    return dossier


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
) -> dict[str, Any]:
    area = "auto" if rapporterend.lower() == "auto" else rapporterend.upper()
    data = indicators.country_indicators(kb, user, code, area)
    if data is None:
        raise HTTPException(404, f"Land {code} is onbekend.")
    return data


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
    rows = indicators.routes_overview(kb, user)
    return _sliced(request, pagina, paginaGrootte, rows, "routes")


@router.get(
    "/routes/{id}",
    response_model=RouteDetail,
    responses=PROBLEMS,
    operation_id="getRoute",
    summary="Eén route: detecties per jaar en maand, nationaliteiten, landen langs de route",
)
def get_route(
    kb: KB, user: User, id: Annotated[str, Path(pattern="^[A-Za-z]{3}$")]
) -> dict[str, Any]:
    data = indicators.route_detail(kb, user, id)
    if data is None:
        raise HTTPException(404, f"Route {id} bestaat niet.")
    return data


# ---------------------------------------------------------------- decision support

CountryCode = Annotated[
    str, Path(pattern="^[A-Za-z]{2,3}$", description="ISO 3166-1 alpha-3 (of alpha-2)")
]


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
def list_besluiten(kb: KB, user: User, code: CountryCode) -> dict[str, Any]:
    history = decisions.decision_history(kb, user, code)
    if history is None:
        raise HTTPException(404, f"Land {code} is onbekend.")
    return {"besluiten": history}


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
) -> dict[str, Any]:
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
    response.headers["Location"] = f"/api/v1/landen/{stored['land']}/besluiten"
    return stored


@router.get(
    "/landen/{code}/risicos",
    response_model=Risicos,
    responses=PROBLEMS,
    operation_id="listRisicos",
    summary="Do-no-harm-toets van een land: de stand en de risico's met hun geschiedenis",
)
def list_risicos(kb: KB, user: User, code: CountryCode) -> dict[str, Any]:
    data = risks.country_risks(kb, user, code)
    if data is None:
        raise HTTPException(404, f"Land {code} is onbekend.")
    return data


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
) -> dict[str, Any]:
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
    response.headers["Location"] = f"/api/v1/landen/{stored['land']}/risicos"
    return stored


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
    return _sliced(request, pagina, paginaGrootte, rows, "programmas")


@router.get(
    "/programmas/{id}",
    response_model=Programma,
    responses=PROBLEMS,
    operation_id="getProgramma",
    summary="Eén programma: organisaties, landen, sectoren, geld, resultaten, indeling, monitoring",
)
def get_programma(
    kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> dict[str, Any]:
    data = programmes.programme(kb, user, id)
    if data is None:
        raise HTTPException(404, f"Programma {id} bestaat niet.")
    return data


@router.post(
    "/programmas",
    response_model=Programma,
    status_code=201,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="createProgramma",
    summary="Een programma met de hand toevoegen (nog niet in IATI)",
)
def create_programma(
    response: Response, kb: KB, user: User, body: NieuwProgramma
) -> dict[str, Any]:
    data = {"identifier": body.identificatie, "title": body.titel,
            "description": body.omschrijving, "countries": body.landen,
            "budgets": body.begroting, "partner": body.partner, "flow": body.stroom,
            "classification": body.rubricering}  # fmt: skip
    with _write_problems(programmes.ProgrammeError, not_found=True):
        stored = programmes.add_manual(kb, user, data)
    response.headers["Location"] = f"/api/v1/programmas/{stored['id']}"
    return stored


@router.post(
    "/programmas/{id}/indeling",
    response_model=Programma,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="classifyProgramma",
    summary="Een voorgestelde IMA-pijler of GCM-doel bevestigen of afwijzen",
)
def classify_programma(
    kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: NieuweIndeling
) -> dict[str, Any]:
    with _write_problems(programmes.ProgrammeError, not_found=True):
        return programmes.classify(kb, user, id, body.schema_, body.code, body.status)


@router.put(
    "/programmas/{id}/monitoring",
    response_model=Programma,
    responses=PROBLEMS | FORBIDDEN,
    operation_id="setMonitoring",
    summary="Evaluatie, signaal (contraproductief, negatieve bijeffecten) en bijsturing",
)
def set_programma_monitoring(
    kb: KB, user: User, id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: NieuweMonitoring
) -> dict[str, Any]:
    b = body
    with _write_problems(programmes.ProgrammeError, not_found=True):
        return programmes.set_monitoring(kb, user, id, b.evaluatieGepland, b.evaluatieGedaan,
                                         b.signaal, b.toelichting, b.bijsturing)  # fmt: skip


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
) -> dict[str, Any]:
    by = {"land": "country", "pijler": "pillar", "partner": "partner"}[indeling]
    return programmes.budget(kb, user, by, van, tot)


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
    total, rows = commitments.tracker_page(
        kb, user, date.today(), status, verantwoordelijk, land.upper() if land else None, q,
        (pagina - 1) * paginaGrootte, paginaGrootte,
    )  # fmt: skip
    return _page(request, pagina, paginaGrootte, total) | {"toezeggingen": rows}


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
) -> dict[str, Any]:
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
    response.headers["Location"] = f"/api/v1/toezeggingen/{item['sleutel']}"
    return item


@router.get(
    "/toezeggingen/{sleutel}",
    response_model=GevolgdeToezegging,
    responses=PROBLEMS,
    operation_id="getToezegging",
    summary="Eén toezegging",
)
def get_toezegging(
    kb: KB, user: User, sleutel: Annotated[str, Path(pattern="^[a-z0-9-]{1,64}$")]
) -> dict[str, Any]:
    item = commitments.find(kb, user, sleutel)
    if item is None:
        raise HTTPException(404, f"Toezegging {sleutel} bestaat niet.")
    return item


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
) -> dict[str, Any]:
    with _write_problems(commitments.CommitmentError, not_found=True):
        if body.afgewezenVoorstel is not None:
            commitments.reject_proposal(kb, user, sleutel, body.afgewezenVoorstel)
        return commitments.update(kb, user, sleutel, body.status, body.verantwoordelijk,
                                  body.uiterlijk, body.vervuldDoor, body.toelichting)  # fmt: skip


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
    data = commitments.motions(kb, user)
    return data | _sliced(request, pagina, paginaGrootte, data["moties"], "moties")
