"""What every model of /api/v1 shares: the base model, dates, links and problems."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


def _iso_date(value: object) -> object:
    """Dates arrive as JJJJ-MM-DD text; a number is not silently read as seconds since 1970
    (found by schemathesis: ``0`` became 1 January 1970)."""
    if isinstance(value, int | float | bool):
        # pydantic turns a ValueError (not a TypeError) into a validation problem
        raise ValueError("een datum als JJJJ-MM-DD")  # noqa: TRY004
    return value


Datum = Annotated[date, BeforeValidator(_iso_date)]


class Link(_Model):
    href: str


class PageLinks(_Model):
    self: Link
    first: Link
    last: Link
    prev: Link | None = None
    next: Link | None = None


class InvalidParam(_Model):
    name: str
    reason: str


class Problem(_Model):
    """RFC 9457 problem details (application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalidParams: list[InvalidParam] | None = None
