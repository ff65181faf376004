"""Parliament's open data (Tweede Kamer Gegevensmagazijn), OData v4: the documents of a
scope, page by page, and the file behind each.

Field names and meaning follow the information model at opendata.tweedekamer.nl: a
``Document`` has ``Id`` (GUID), ``Soort`` ('Brief regering', 'Motie', …),
``DocumentNummer`` ('2024D09102'), ``Onderwerp``, ``Datum``, ``Volgnummer`` (its number in
the dossier), ``ApiGewijzigdOp`` (when the API's copy last changed), ``Verwijderd``, and
``ContentType``; ``$expand=Kamerstukdossier`` gives its dossiers (``Nummer``,
``Toevoeging``); the file is ``Document(<Id>)/resource``. Pages are followed by their
``@odata.nextLink``.

The client is polite and robust: a User-Agent that names the product, at least
``min_interval`` seconds between requests, retries with exponential backoff on timeouts,
connection errors, 429 and 5xx, and a ``Retry-After`` header honoured. A malformed entry
becomes a ``Malformed`` item (reported and skipped by the caller), never an exception that
stops the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from partnerships import __version__
from partnerships.domain.errors import Refusal, problem
from partnerships.domain.register import RegisterEntry

_T = TypeVar("_T")

USER_AGENT = f"MigrationPartnershipsMonitor/{__version__} (+https://github.com/; harvester)"


class HarvestError(Refusal, RuntimeError):
    """A source that did not answer after every retry, or answered what is not OData;
    ``status`` is the HTTP status of a refusal (404: the source has no such item)."""

    def __init__(self, template: str, /, *, status: int | None = None, **params: object) -> None:
        super().__init__(template)
        self._carrying(params)
        self.status = status


@dataclass(frozen=True, slots=True)
class TkDocument:
    id: str
    kind: str
    number: str | None  # DocumentNummer, e.g. '2024D09102'
    subject: str | None
    when: date | None
    changed: str  # ApiGewijzigdOp, ISO 8601: the cursor's order
    deleted: bool
    content_type: str | None
    dossiers: tuple[str, ...]  # '19637', '36410-XVII'
    sequence: str | None  # Volgnummer: the stuknummer in its dossier


@dataclass(frozen=True, slots=True)
class Malformed:
    id: str | None
    changed: str | None
    problem: Refusal  # what is wrong with the entry


class Client:
    """One source's HTTP client: polite pacing, retries, Retry-After."""

    def __init__(
        self, min_interval: float = 0.5, timeout: float = 30.0, retries: int = 5,
        backoff: float = 1.0, transport: httpx.BaseTransport | None = None,
    ) -> None:  # fmt: skip
        self.min_interval, self.retries, self.backoff = min_interval, retries, backoff
        self._http = httpx.Client(timeout=timeout, headers={"User-Agent": USER_AGENT},
                                  follow_redirects=True, transport=transport)  # fmt: skip
        self._last = 0.0
        self.requests = 0

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _pace(self) -> None:
        wait = self._last + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()

    def get(self, url: str, accept: str = "application/json") -> httpx.Response:
        trouble = ""
        for attempt in range(self.retries + 1):
            self._pace()
            self.requests += 1
            try:
                answer = self._http.get(url, headers={"Accept": accept})
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                trouble = f"{type(exc).__name__}: {exc}"  # the transport's own words
                time.sleep(self.backoff * 2**attempt)
                continue
            if answer.status_code == 429 or answer.status_code >= 500:
                trouble = f"HTTP {answer.status_code}"
                time.sleep(_retry_after(answer) or self.backoff * 2**attempt)
                continue
            if answer.status_code >= 400:
                raise HarvestError("%(url)s: HTTP %(code)s", url=url, code=answer.status_code,
                                   status=answer.status_code)  # fmt: skip
            return answer
        raise HarvestError("%(url)s: no answer after %(attempts)s attempts (%(problem)s)",
                           url=url, attempts=self.retries + 1, problem=trouble)  # fmt: skip


def _retry_after(answer: httpx.Response) -> float | None:
    raw = answer.headers.get("Retry-After")
    if not raw:
        return None
    if raw.strip().isdigit():
        return min(float(raw), 300.0)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, min((when - datetime.now(when.tzinfo)).total_seconds(), 300.0))


def documents_url(base: str, since: str | None, kinds: list[str], dossiers: list[str]) -> str:
    """The OData query of a scope, oldest change first (the order a cursor needs)."""
    parts: list[str] = []  # deleted documents too: the harvest marks them
    if kinds:
        parts.append("(" + " or ".join(f"Soort eq '{k.replace(chr(39), chr(39) * 2)}'"
                                       for k in kinds) + ")")  # fmt: skip
    if dossiers:
        conds = []
        for d in dossiers:
            number, _, part = d.partition("-")
            cond = f"d/Nummer eq {int(number)}"
            if part:
                cond += f" and d/Toevoeging eq '{part}'"
            conds.append(f"({cond})")
        parts.append(f"Kamerstukdossier/any(d:{' or '.join(conds)})")
    if since:
        parts.append(f"ApiGewijzigdOp ge {since}")
    query = " and ".join(f"({p})" for p in parts)
    where = f"$filter={quote(query, safe='()=,:/')}&" if parts else ""
    return (
        f"{base.rstrip('/')}/Document?{where}"
        "$expand=Kamerstukdossier&$orderby=ApiGewijzigdOp asc,Id asc"
    ).replace(" ", "%20")


def parse(entry: Any) -> TkDocument | Malformed:
    """One OData entry as a document, or what is wrong with it."""
    if not isinstance(entry, dict):
        return Malformed(None, None, problem("an entry that is not an object"))
    ident, changed = entry.get("Id"), entry.get("ApiGewijzigdOp")
    if not isinstance(ident, str) or not ident:
        return Malformed(None, changed if isinstance(changed, str) else None, problem("no Id"))
    if not isinstance(changed, str) or not changed[:4].isdigit():
        return Malformed(ident, None, problem("no ApiGewijzigdOp"))
    when = None
    raw_date = entry.get("Datum")
    if raw_date:
        try:
            when = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            return Malformed(ident, changed, problem("Datum %(value)r is not a date",
                                                     value=raw_date))  # fmt: skip
    dossiers = []
    for d in entry.get("Kamerstukdossier") or []:
        if isinstance(d, dict) and d.get("Nummer") is not None:
            part = d.get("Toevoeging")
            dossiers.append(f"{d['Nummer']}" + (f"-{part}" if part else ""))
    seq = entry.get("Volgnummer")
    return TkDocument(
        id=ident, kind=str(entry.get("Soort") or ""), number=entry.get("DocumentNummer"),
        subject=entry.get("Onderwerp"), when=when, changed=changed,
        deleted=bool(entry.get("Verwijderd")), content_type=entry.get("ContentType"),
        dossiers=tuple(dossiers), sequence=None if seq in (None, "") else str(seq),
    )  # fmt: skip


def _collection(client: Client, url: str, read: Callable[[Any], _T]) -> Iterator[list[_T]]:
    """Every page of an OData collection, each entry read by ``read``, following
    ``@odata.nextLink``."""
    while url:
        answer = client.get(url)
        try:
            body = answer.json()
        except ValueError:
            raise HarvestError("%(url)s: the answer is not JSON", url=url) from None
        if not isinstance(body, dict) or not isinstance(body.get("value"), list):
            raise HarvestError("%(url)s: not an OData collection (no 'value' list)", url=url)
        yield [read(e) for e in body["value"]]
        url = body.get("@odata.nextLink") or ""


def pages(client: Client, url: str) -> Iterator[list[TkDocument | Malformed]]:
    """Every page of a Document query."""
    return _collection(client, url, parse)


def document_url(base: str, ident: str) -> str:
    """One Document with its dossiers (what the SyncFeed names by id)."""
    return f"{base.rstrip('/')}/Document({ident})?$expand=Kamerstukdossier"


def resource_url(base: str, ident: str) -> str:
    return f"{base.rstrip('/')}/Document({ident})/resource"


@dataclass(frozen=True, slots=True)
class MotionResult:
    case_number: str | None
    outcome: str  # aangenomen | verworpen | aangehouden | ingetrokken | onbekend
    decision_text: str
    votes: tuple[tuple[str, str, int | None], ...]  # (party, Voor/Tegen/…, seats)


_FINAL = ("aangenomen", "verworpen", "ingetrokken")


def _outcome(text: str) -> str:
    low = text.lower()
    for word in (*_FINAL, "aangehouden"):
        if word in low:
            return word
    return "onbekend"


def motion_url(base: str, ident: str) -> str:
    return (f"{base.rstrip('/')}/Document({ident})?$expand=Zaak($expand=Besluit($expand="
            "Stemming))").replace(" ", "%20")  # fmt: skip


def parse_motion(body: Any) -> MotionResult | None:
    """A motion's outcome from its Zaak's decisions (``Besluit``: ``BesluitSoort``,
    ``BesluitTekst``) and their votes (``Stemming``: ``ActorNaam``/``ActorFractie``,
    ``Soort``, ``FractieGrootte``, ``Vergissing``). A final decision (adopted, rejected,
    withdrawn) wins over an earlier 'aangehouden'; the votes are those of the decision that
    carries them. None when the document has no case."""
    if not isinstance(body, dict):
        return None
    cases = [z for z in body.get("Zaak") or [] if isinstance(z, dict)]
    if not cases:
        return None
    case = next((z for z in cases if str(z.get("Soort", "")).lower().startswith("motie")),
                cases[0])  # fmt: skip
    decisions = [b for b in case.get("Besluit") or [] if isinstance(b, dict)
                 and not b.get("Verwijderd")]  # fmt: skip
    texts = [(f"{b.get('BesluitSoort') or ''} {b.get('BesluitTekst') or ''}".strip(), b)
             for b in decisions]  # fmt: skip
    final = [(t, b) for t, b in texts if _outcome(t) in _FINAL]
    chosen = (final or texts or [("", {})])[-1]
    voted = next((b for _t, b in reversed(final or texts) if b.get("Stemming")), chosen[1])
    votes = []
    for v in voted.get("Stemming") or []:
        if not isinstance(v, dict) or v.get("Vergissing") or v.get("Verwijderd"):
            continue
        party = str(v.get("ActorFractie") or v.get("ActorNaam") or "").strip()
        seats = v.get("FractieGrootte")
        votes.append((party, str(v.get("Soort") or ""), int(seats) if isinstance(seats, int)
                      else None))  # fmt: skip
    return MotionResult(case.get("Nummer"), _outcome(chosen[0]), chosen[0], tuple(votes))


# -- the register of commitments (Toezegging) --------------------------------------------


def register_url(base: str, since: str | None) -> str:
    """The Toezegging query, oldest change first, with the letters that fulfilled each."""
    where = f"$filter={quote(f'ApiGewijzigdOp ge {since}', safe='()=,:/')}&" if since else ""
    return (f"{base.rstrip('/')}/Toezegging?{where}$expand=KamerbriefNakoming"
            "&$orderby=ApiGewijzigdOp asc,Id asc").replace(" ", "%20")  # fmt: skip


def _day(raw: Any) -> date | None:
    if not raw:
        return None
    return date.fromisoformat(str(raw)[:10])


def parse_register(entry: Any) -> RegisterEntry | Malformed:
    """One Toezegging entry (field names of the information model: Nummer, Tekst,
    Voornaam/Tussenvoegsel/Achternaam or Naam, Functie, Ministerie, Status, DatumNakoming,
    Aanmaakdatum, ActiviteitNummer, KamerbriefNakoming, Verwijderd, ApiGewijzigdOp)."""
    if not isinstance(entry, dict):
        return Malformed(None, None, problem("an entry that is not an object"))
    ident, changed = entry.get("Id"), entry.get("ApiGewijzigdOp")
    if not isinstance(ident, str) or not ident:
        return Malformed(None, changed if isinstance(changed, str) else None, problem("no Id"))
    if not isinstance(changed, str) or not changed[:4].isdigit():
        return Malformed(ident, None, problem("no ApiGewijzigdOp"))
    text = " ".join(str(entry.get("Tekst") or "").split())
    if not text and not entry.get("Verwijderd"):
        return Malformed(ident, changed, problem("no Tekst"))
    try:
        due, made = _day(entry.get("DatumNakoming")), _day(entry.get("Aanmaakdatum"))
    except ValueError:
        return Malformed(ident, changed, problem("DatumNakoming or Aanmaakdatum is not a date"))
    parts = [entry.get(k) for k in ("Voornaam", "Tussenvoegsel", "Achternaam")]
    name = " ".join(str(p) for p in parts if p) or str(entry.get("Naam") or "")
    letters = tuple(str(d.get("DocumentNummer")) for d in entry.get("KamerbriefNakoming") or []
                    if isinstance(d, dict) and d.get("DocumentNummer"))  # fmt: skip
    return RegisterEntry(
        id=ident, number=entry.get("Nummer"), text=text, minister=name,
        function=str(entry.get("Functie") or ""), ministry=str(entry.get("Ministerie") or ""),
        status=str(entry.get("Status") or ""), due=due, made=made,
        activity=entry.get("ActiviteitNummer"), fulfilled_by=letters,
        deleted=bool(entry.get("Verwijderd")), changed=changed,
    )  # fmt: skip


def register_pages(client: Client, url: str) -> Iterator[list[RegisterEntry | Malformed]]:
    """Every page of the register."""
    return _collection(client, url, parse_register)
