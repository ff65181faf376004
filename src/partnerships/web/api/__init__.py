"""Routes of /api/v1, one router per resource. Thin: parse parameters, call the read
services, shape pages. The routers are included in the order of the OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter

from partnerships.web.api import (
    commitments,
    countries,
    decisions,
    documents,
    prioritisation,
    programmes,
    routes,
)

router = APIRouter()
for _part in (documents, countries, routes, prioritisation, decisions, programmes, commitments):
    router.include_router(_part.router)

__all__ = ["router"]
