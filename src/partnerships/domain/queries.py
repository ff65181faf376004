"""What a reader asks a list of letters for: the filters of the letters list, search and
the API, one definition for the web, the API, the command line and the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    date_from: date | None = None
    date_to: date | None = None
    addressee: str | None = None
    sender: str | None = None
    country: str | None = None
    organisation: str | None = None
    has_commitments: bool | None = None
    cites_dossier: str | None = None
