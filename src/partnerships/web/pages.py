"""The pages that are not a register of their own: the overview and countries, letters
and search, routes — one router, included in the order the paths must be matched
("/documenten/nieuw" before "/documenten/{doc_id}")."""

from __future__ import annotations

from fastapi import APIRouter

from partnerships.web import country_pages, letter_pages, route_pages

router = APIRouter(include_in_schema=False)
for _part in (country_pages, letter_pages, route_pages):
    router.include_router(_part.router)

__all__ = ["router"]
