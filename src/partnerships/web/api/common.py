"""What every router of /api/v1 shares: the documented problems, the dependencies
(knowledge base, user), pagination with links, the document filters, and how a refused
write is answered."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import (
    Depends,
    HTTPException,
    Path,
    Query,
    Request,
)
from fastapi.exceptions import RequestValidationError

from partnerships.domain.context import UserContext
from partnerships.domain.countries import country_iso3
from partnerships.domain.queries import DocumentFilter
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web import auth
from partnerships.web.api_models import (
    Problem,
)
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


def _known_country(code: str) -> None:
    """404 before a write for a code that is no country (as the read endpoints answer);
    checked on the code alone, without reading — and auditing — the country's records."""
    if country_iso3(code) is None:
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


# ---------------------------------------------------------------- decision support

CountryCode = Annotated[
    str, Path(pattern="^[A-Za-z]{2,3}$", description="ISO 3166-1 alpha-3 (of alpha-2)")
]
