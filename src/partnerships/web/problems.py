"""Problem details (RFC 9457) in the client's language: Dutch, or English when the
request asks for it first (``Accept-Language: en``). Validation errors say what is wrong
with each parameter in those words, not pydantic's."""

from __future__ import annotations

import re
from typing import Any

from fastapi import HTTPException
from starlette.requests import Request

from partnerships.domain.errors import Refusal

TITLES = {
    400: ("Ongeldig verzoek", "Bad request"),
    401: ("Niet geauthenticeerd", "Not authenticated"),
    403: ("Geen toestemming", "Forbidden"),
    404: ("Niet gevonden", "Not found"),
    405: ("Methode niet toegestaan", "Method not allowed"),
    409: ("Conflict", "Conflict"),
    413: ("Te groot", "Too large"),
    429: ("Te veel verzoeken", "Too many requests"),
    500: ("Interne fout", "Internal error"),
}
INVALID = ("Een of meer parameters zijn ongeldig.", "One or more parameters are invalid.")
INTERNAL = ("Er ging iets mis; de fout is gelogd.", "Something went wrong; the error was logged.")
TRAILING_SLASH = ("Een URI eindigt nooit op een slash (/core/no-trailing-slash).",
                  "A URI never ends in a slash (/core/no-trailing-slash).")  # fmt: skip

#: pydantic's error types in words, (Dutch, English), with its context filled in
_REASONS: dict[str, tuple[str, str]] = {
    "missing": ("verplicht", "required"),
    "int_parsing": ("moet een geheel getal zijn", "must be a whole number"),
    "int_type": ("moet een geheel getal zijn", "must be a whole number"),
    "int_from_float": ("moet een geheel getal zijn", "must be a whole number"),
    "float_parsing": ("moet een getal zijn", "must be a number"),
    "float_type": ("moet een getal zijn", "must be a number"),
    "bool_parsing": ("moet true of false zijn", "must be true or false"),
    "less_than_equal": ("moet ten hoogste {le} zijn", "must be at most {le}"),
    "less_than": ("moet kleiner zijn dan {lt}", "must be less than {lt}"),
    "greater_than_equal": ("moet ten minste {ge} zijn", "must be at least {ge}"),
    "greater_than": ("moet groter zijn dan {gt}", "must be greater than {gt}"),
    "string_too_short": ("moet ten minste {min_length} tekens hebben",
                         "must have at least {min_length} characters"),
    "string_too_long": ("mag ten hoogste {max_length} tekens hebben",
                        "may have at most {max_length} characters"),
    "string_pattern_mismatch": ("heeft niet de verwachte vorm ({pattern})",
                                "does not have the expected form ({pattern})"),
    "string_type": ("moet tekst zijn", "must be text"),
    "date_parsing": ("moet een datum zijn (JJJJ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("moet een datum zijn (JJJJ-MM-DD)",
                                   "must be a date (YYYY-MM-DD)"),
    "date_type": ("moet een datum zijn (JJJJ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "datetime_parsing": ("moet een tijdstip zijn (ISO 8601)", "must be a time (ISO 8601)"),
    "literal_error": ("moet een van {expected} zijn", "must be one of {expected}"),
    "enum": ("moet een van {expected} zijn", "must be one of {expected}"),
    "json_invalid": ("is geen geldige JSON", "is not valid JSON"),
    "dict_type": ("moet een object zijn", "must be an object"),
    "model_attributes_type": ("moet een object zijn", "must be an object"),
    "list_type": ("moet een lijst zijn", "must be a list"),
    "extra_forbidden": ("is geen bekend veld", "is not a known field"),
    "too_long": ("heeft te veel elementen (ten hoogste {max_length})",
                 "has too many items (at most {max_length})"),
    "too_short": ("heeft te weinig elementen (ten minste {min_length})",
                  "has too few items (at least {min_length})"),
}  # fmt: skip


#: the API's own Dutch details and their English, for a client that asks for English
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(nl), en) for nl, en in (
        (r"^Land (\S+) is onbekend\.$", r"Country \1 is unknown."),
        (r"^Land (\S+) bestaat niet in ISO 3166-1\.$", r"Country \1 does not exist in ISO 3166-1."),
        (r"^Document (\S+) bestaat niet\.$", r"Document \1 does not exist."),
        (r"^Van document (\S+) is geen origineel bewaard\.$",
         r"No original of document \1 is kept."),
        (r"^Route (\S+) bestaat niet\.$", r"Route \1 does not exist."),
        (r"^Programma (\S+) bestaat niet\.$", r"Programme \1 does not exist."),
        (r"^Toezegging (\S+) bestaat niet\.$", r"Commitment \1 does not exist."),
        (r"^Geef ten minste één veld om te corrigeren\.$", "Give at least one field to correct."),
        (r"^(.+): groter dan (\d+) MiB$", r"\1: larger than \2 MiB"),
        (r"^Schrijven via de API vraagt een API-token met scope 'schrijven' .*",
         "Writing through the API needs an API token with scope 'schrijven' (Authorization: "
         "Bearer …) or a session with X-CSRF-Token."),
        (r"^Het formulier is verlopen of komt niet van deze site \(CSRF-controle\)\..*",
         "The form has expired or does not come from this site (CSRF check). Reload the page "
         "and try again."),
    )
)  # fmt: skip


def detail(request: Request, text: str | None) -> str | None:
    """The API's detail in the client's language (its own Dutch texts have an English
    version; anything else is passed on as it is)."""
    if text is None or not english(request):
        return text
    for pattern, replacement in _DETAILS:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return text


def english(request: Request) -> bool:
    """Whether the client prefers English to Dutch (``Accept-Language``, by q-value)."""
    best: tuple[float, str] = (0.0, "nl")
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            continue
        code = tag.strip().lower()[:2]
        if code in ("nl", "en") and weight > best[0]:
            best = (weight, code)
    return best[1] == "en"


def pick(request: Request, pair: tuple[str, str]) -> str:
    return pair[1] if english(request) else pair[0]


def title(request: Request, status: int) -> str:
    return pick(request, TITLES.get(status, ("Fout", "Error")))


def reason(request: Request, err: dict[str, Any]) -> str:
    """One validation error in the client's language."""
    kind = str(err.get("type", ""))
    ctx = dict(err.get("ctx") or {})
    if kind == "value_error":  # our own validators: their message, without pydantic's prefix
        return str(err.get("msg", "")).removeprefix("Value error, ")
    words = _REASONS.get(kind)
    if words is None:
        return str(err.get("msg", "ongeldig"))
    try:
        return pick(request, words).format(**ctx)
    except (KeyError, IndexError):
        return pick(request, words)


class Refused(HTTPException):
    """An HTTP refusal that keeps the service's own refusal (``domain.errors.Refusal``), so
    the API and the pages say it in the client's language rather than in the code's."""

    def __init__(self, status: int, refusal: BaseException) -> None:
        super().__init__(status, str(refusal))
        self.refusal = refusal


def status_of(exc: BaseException) -> int:
    """403 for a refusal of permission, 404 for a record that does not exist, else 400."""
    if isinstance(exc, PermissionError):
        return 403
    return 404 if isinstance(exc, Refusal) and exc.missing else 400
