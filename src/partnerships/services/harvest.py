"""Harvesting parliament's open data into the knowledge base: incremental, resumable,
polite (see ingest/tk_odata.py for the source).

For each document of the scope, oldest change first: a malformed entry is reported and
skipped; a withdrawn one (``Verwijderd``) is marked; the file behind a new or changed one is
fetched, read by the extractor (PDF and Word), completed with what parliament's data state
(date, dossier and number, subject) where the file does not, and stored — in the same
transaction as the harvest's cursor and the item's record, so a harvest killed at any
moment (kill -9 included) continues where it stopped, without gaps or duplicates. The
same file again is 'unchanged'; a letter already in the base under its Kamerstuk number or
kenmerk and date becomes another rendition of the same document.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from partnerships.domain import KamerstukId, Letter
from partnerships.domain.errors import Refusal, problem
from partnerships.ingest.errors import ExtractionError
from partnerships.ingest.ob_metadata import PublicationMetadata
from partnerships.ingest.service import ExtractResult
from partnerships.ingest.syncfeed import SyncEntry
from partnerships.ingest.tk_odata import (
    Client,
    HarvestError,
    Malformed,
    TkDocument,
    documents_url,
    motion_url,
    pages,
    parse_motion,
    resource_url,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.document_common import SourceFile
from partnerships.store.harvest import HarvestRepository
from partnerships.store.repository import DocumentRepository

SOURCE = "tk"
_SUFFIX = {"application/pdf": ".pdf",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
           "application/msword": ".doc", "text/html": ".html", "text/plain": ".txt"}  # fmt: skip


@dataclass
class HarvestReport:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    #: (what, why): a refusal where the reader said why (said in the user's language)
    failed: list[tuple[str, str | Refusal]] = field(default_factory=list)
    #: what was stored but not whole (a further rendition missing), per item
    notes: list[tuple[str, str | Refusal]] = field(default_factory=list)
    requests: int = 0

    @property
    def total(self) -> int:
        return (len(self.new) + len(self.updated) + len(self.unchanged) + len(self.deleted)
                + len(self.failed))  # fmt: skip


@contextmanager
def harvesting(kb: KnowledgeBase, client: Client | None) -> Iterator[tuple[Client, HarvestReport]]:
    """The client a harvest uses (the caller's, or a polite one of its own, closed after)
    and its report, which counts the requests whatever happens."""
    st = kb.settings
    http = client or Client(st.harvest_min_interval, st.harvest_timeout, st.harvest_retries)
    report = HarvestReport()
    try:
        yield http, report
    finally:
        report.requests = http.requests
        if client is None:
            http.close()


def interval_seconds(text: str) -> float | None:
    """'15m' -> 900, '1h' -> 3600, '900s' or '900' -> 900; None when it is no interval (or
    shorter than a minute: a harvest every few seconds is not polite)."""
    raw = text.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(raw[-1:])
    number = raw[:-1] if scale else raw
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        return None
    return seconds if seconds >= 60 else None


def scope_key(dossiers: list[str], kinds: list[str]) -> str:
    return f"documents|{','.join(sorted(dossiers))}|{','.join(sorted(kinds))}"


def harvest_tk(
    kb: KnowledgeBase, since: str | None = None, dossiers: list[str] | None = None,
    kinds: list[str] | None = None, progress: Callable[[int, int | None], None] | None = None,
    client: Client | None = None, classification: str = "openbaar",
) -> HarvestReport:  # fmt: skip
    """Harvest the scope's documents changed since the cursor (or ``since``, ISO date)."""
    kb.check_schema()
    st = kb.settings
    dossiers = list(st.harvest_dossiers if dossiers is None else dossiers)
    kinds = list(st.harvest_kinds if kinds is None else kinds)
    scope = scope_key(dossiers, kinds)
    with kb.session() as s:
        cursor = HarvestRepository(s).cursor(SOURCE, scope)
    if since and len(since) == 10:  # a date: OData compares ApiGewijzigdOp with an instant
        since = f"{since}T00:00:00Z"
    start = max(filter(None, [since, cursor[0] if cursor else None]), default=None)
    base = st.harvest_tk_url
    with harvesting(kb, client) as (client, report):
        for page in pages(client, documents_url(base, start, kinds, dossiers)):
            for item in page:
                _one(kb, client, base, scope, cursor, item, report, classification)
                if progress:
                    progress(report.total, None)
    return report


def _advance(
    scope: str, item: TkDocument, document_id: int | None
) -> Callable[[Session, int], None]:
    def then(s: Session, doc_id: int) -> None:
        repo = HarvestRepository(s)
        repo.record(SOURCE, item.id, doc_id if doc_id >= 0 else document_id, item.number,
                    item.changed, item.deleted)  # fmt: skip
        repo.advance(SOURCE, scope, item.changed, item.id)

    return then


def _one(
    kb: KnowledgeBase, client: Client, base: str, scope: str, cursor: tuple[str, str] | None,
    item: TkDocument | Malformed, report: HarvestReport, classification: str,
    also: Callable[[Session], None] | None = None,
) -> None:  # fmt: skip
    """One document: fetched, read and stored with its cursor (and ``also``, e.g. the
    SyncFeed's cursor) in one transaction."""
    if isinstance(item, Malformed):
        report.failed.append((item.id or "?", _malformed(item)))
        return
    name = item.number or item.id
    if cursor and (item.changed, item.id) <= cursor:
        return  # stored by an earlier run: the query starts at the cursor's change time
    if item.deleted:
        _cursor_only(kb, _advance(scope, item, None), -1, also)
        report.deleted.append(name)
        return
    try:
        data = client.get(resource_url(base, item.id), accept="*/*").content
    except HarvestError as exc:
        report.failed.append((name, exc))
        return
    digest = hashlib.sha256(data).hexdigest()
    known = kb.document_of_hash(digest)
    if known is not None:
        _cursor_only(kb, _advance(scope, item, known), known, also)
        report.unchanged.append(name)
        if item.kind.lower().startswith("motie"):  # the file is the same; the vote may not be
            _motion_outcome(kb, client, base, item, known, report)
        return
    suffix = _SUFFIX.get((item.content_type or "").split(";")[0].strip(), ".pdf")
    path = Path(f"{name}{suffix}")
    try:
        letter = kb.extract_bytes(path.name, data, name)
    except ExtractionError as exc:
        report.failed.append((name, exc))
        return
    _fill_from_metadata(letter, item)
    letter.source = f"tk:{name}"
    media = next((k for k, v in _SUFFIX.items() if v == suffix), "application/octet-stream")
    source = SourceFile(path=f"{resource_url(base, item.id)}", content_hash=digest,
                        size=len(data), media_type=media,
                        data=data if kb.settings.keep_originals else None)  # fmt: skip
    stored: list[int] = []
    then = _advance_storing(_advance(scope, item, None), also, stored)
    outcome = kb.store_with(ExtractResult(path, letter), source, classification, then)
    getattr(report, outcome).append(name)
    if item.kind.lower().startswith("motie") and stored:
        _motion_outcome(kb, client, base, item, stored[0], report)


def _advance_storing(
    advance: Callable[[Session, int], None], also: Callable[[Session], None] | None,
    stored: list[int],
) -> Callable[[Session, int], None]:  # fmt: skip
    """What runs in the letter's own transaction: the cursor, ``also``, and the stored id
    kept in ``stored``."""

    def then(s: Session, doc_id: int) -> None:
        advance(s, doc_id)
        if also:
            also(s)
        stored.append(doc_id)

    return then


def _cursor_only(
    kb: KnowledgeBase, advance: Callable[[Session, int], None], doc_id: int,
    also: Callable[[Session], None] | None,
) -> None:  # fmt: skip
    """Move the cursor (and ``also``) past a document that needs no storing: deleted, or
    already in the base."""
    with kb.session() as s, s.begin():
        advance(s, doc_id)
        if also:
            also(s)


def _fill_from_metadata(letter: Letter, item: TkDocument) -> None:
    """What parliament's data state, where the file itself does not."""
    if letter.date is None and item.when is not None:
        letter.date = item.when.isoformat()
    if letter.kamerstuk is None and item.dossiers and item.sequence:
        letter.kamerstuk = KamerstukId(item.dossiers[0], item.sequence)
    if letter.subject is None and item.subject:
        letter.subject = item.subject


def _motion_outcome(kb: KnowledgeBase, client: Client, base: str, item: TkDocument,
                    doc_id: int, report: HarvestReport) -> None:  # fmt: skip
    """The motion's outcome and votes (Zaak, Besluit, Stemming), stored beside it."""
    from sqlalchemy import delete

    from partnerships.store.schema import MotionOutcome

    try:
        result = parse_motion(client.get(motion_url(base, item.id)).json())
    except (HarvestError, ValueError) as exc:
        report.failed.append((item.number or item.id, Refusal("votes not read: %(reason)s",
                                                              reason=exc)))  # fmt: skip
        return
    if result is None:
        return
    with kb.session() as s, s.begin():
        s.execute(delete(MotionOutcome).where(MotionOutcome.document_id == doc_id))
        s.add(MotionOutcome(document_id=doc_id, case_number=result.case_number,
                            outcome=result.outcome, decision_text=result.decision_text,
                            votes=[{"fractie": p, "stem": v, "zetels": n}
                                   for p, v, n in result.votes],
                            harvested_at=datetime.now(UTC)))  # fmt: skip


_KST_RE = re.compile(r"^(\d{5})(?:-([A-Z0-9]{1,5}))?-(\d{1,5}[a-z]?|[A-Z]{1,3})$", re.I)


def kamerstuk_id(text: str) -> str | None:
    """'19637-2302' or 'kst-35300-VI-37' -> '19637-2302' / '35300-VI-37'; None if not one."""
    raw = text.strip().removeprefix("kst-")
    return raw if _KST_RE.match(raw) else None


#: the media type asked for per rendition of the publication office
RENDITION_TYPES = {"xml": "application/xml", "html": "text/html", "pdf": "application/pdf"}


def harvest_ob(
    kb: KnowledgeBase, kamerstukken: list[str], client: Client | None = None,
    classification: str = "openbaar",
) -> HarvestReport:  # fmt: skip
    """Fetch Kamerstukken from the publication office — e.g. the ones letters cite that
    the base lacks — each with its ``metadata.xml`` and renditions (``kst-<nr>.xml``,
    ``.html``, ``.pdf``), stored in its own transaction; the same file again is
    'unchanged'."""
    kb.check_schema()
    with harvesting(kb, client) as (client, report):
        for raw in kamerstukken:
            ident = kamerstuk_id(raw)
            if ident is None:
                report.failed.append((raw, Refusal("not a Kamerstuk number (e.g. 19637-2302)")))
                continue
            _kamerstuk(kb, client, ident, report, classification)
    return report


def _squash(dossier: str) -> str:
    return re.sub(r"[\s-]+", "", dossier).upper()


def _kamerstuk(
    kb: KnowledgeBase, client: Client, ident: str, report: HarvestReport, classification: str
) -> None:
    """One Kamerstuk: its metadata.xml says which publication it is (a rendition is taken
    as ``ident`` only when the office says so), the first rendition the extractor reads
    gives the text, the office's statements complete what the rendition does not state,
    and the further renditions (``harvest_ob_also``) are recorded beside it — all in one
    transaction with the harvest record."""
    st = kb.settings
    base = st.harvest_ob_url.rstrip("/")
    publication = f"kst-{ident}"
    where = f"{base}/{publication}/metadata.xml"
    meta = _ob_metadata(client, where, publication, ident, report)
    if meta is None:
        return
    dossier, number = ident.rsplit("-", 1)
    if meta.number and meta.number.upper() != number.upper():
        report.failed.append((ident, Refusal("%(url)s: the office states number %(stated)s, "
                                             "not %(asked)s", url=where, stated=meta.number,
                                             asked=number)))  # fmt: skip
        return
    changed = meta.changed or datetime.now(UTC).isoformat()
    item = TkDocument(id=publication, kind="Kamerstuk", number=publication, subject=None,
                      when=meta.letter_date, changed=changed, deleted=False,
                      content_type=None, dossiers=meta.dossiers, sequence=number)  # fmt: skip
    found = _first_rendition(kb, client, base, publication, item, ident, report)
    if found is None:
        return
    letter, (read, url, data, digest) = found
    stated = letter.kamerstuk
    asked = (_squash(dossier), number.upper())
    if stated is not None and (_squash(stated.dossier), stated.number.upper()) != asked:
        said = f"{stated.dossier}-{stated.number}"
        report.failed.append((ident, Refusal("%(url)s: the rendition is Kamerstuk %(stated)s, "
                                             "not %(asked)s", url=url, asked=ident,
                                             stated=said)))  # fmt: skip
        return
    _fill_from_office(letter, meta, KamerstukId(dossier, number))
    letter.source = url
    source = SourceFile(path=url, content_hash=digest,
                        size=len(data), media_type=RENDITION_TYPES[read],
                        data=data if st.keep_originals else None)  # fmt: skip
    extras = _fetch_also(client, list(st.harvest_ob_also), base, publication, read, set(),
                         report, ident)  # fmt: skip

    def then(s: Session, doc_id: int) -> None:
        HarvestRepository(s).record("ob", item.id, doc_id, item.number, item.changed, False)
        for extra_kind, extra in extras:
            DocumentRepository(s).record_rendition(doc_id, extra, extra_kind)

    outcome = kb.store_with(ExtractResult(Path(f"{publication}.{read}"), letter), source,
                            classification, then)  # fmt: skip
    getattr(report, outcome).append(ident)


def _ob_metadata(
    client: Client, where: str, publication: str, ident: str, report: HarvestReport
) -> PublicationMetadata | None:
    """The publication's metadata.xml, or None with the failure reported (without it,
    which publication a rendition is cannot be confirmed)."""
    from partnerships.ingest.ob_metadata import MetadataError, parse_metadata

    try:
        return parse_metadata(client.get(where, accept="application/xml").content,
                              publication, where)  # fmt: skip
    except HarvestError as exc:
        why = Refusal("no metadata.xml, so which publication a rendition is cannot be "
                      "confirmed: %(reason)s", reason=exc)  # fmt: skip
        report.failed.append((ident, why if exc.status == 404 else exc))
    except MetadataError as exc:
        report.failed.append((ident, exc))
    return None


def _first_rendition(
    kb: KnowledgeBase, client: Client, base: str, publication: str, item: TkDocument,
    ident: str, report: HarvestReport,
) -> tuple[Letter, tuple[str, str, bytes, str]] | None:  # fmt: skip
    """The first rendition the extractor reads, with (kind, url, data, digest); None when
    there is nothing to store — a rendition already in the base (recorded as unchanged),
    the source in trouble, or no readable rendition (both reported as failed)."""
    st = kb.settings
    tried: list[Refusal] = []
    for kind in st.harvest_ob_renditions:
        url = f"{base}/{publication}.{kind}"
        try:
            data = client.get(url, accept=RENDITION_TYPES[kind]).content
        except HarvestError as exc:
            if exc.status == 404:
                tried.append(problem("no %(kind)s rendition", kind=kind.upper()))
                continue
            report.failed.append((ident, exc))  # the source is in trouble: later
            return None
        digest = hashlib.sha256(data).hexdigest()
        known = kb.document_of_hash(digest)
        if known is not None:
            _unchanged(kb, client, base, publication, kind, known, item, report)
            report.unchanged.append(ident)
            return None
        try:
            letter = kb.extract_bytes(f"{publication}.{kind}", data, url)
        except ExtractionError as exc:
            tried.append(problem("%(kind)s: %(problem)s", kind=kind.upper(), problem=exc.problem))
            continue
        return letter, (kind, url, data, digest)
    report.failed.append((ident, Refusal("no rendition could be read: %(tried)s",
                                         tried=Refusal.of(tried))))  # fmt: skip
    return None


def _fill_from_office(letter: Letter, meta: PublicationMetadata, asked: KamerstukId) -> None:
    """What the office states, where the rendition does not."""
    if letter.kamerstuk is None:
        letter.kamerstuk = asked
    if letter.date is None and meta.letter_date is not None:
        letter.date = meta.letter_date.isoformat()
    if letter.subject is None and meta.title:
        letter.subject = meta.title


def _fetch_also(
    client: Client, also: list[str], base: str, publication: str, read: str,
    recorded: set[str], report: HarvestReport, ident: str,
) -> list[tuple[str, SourceFile]]:  # fmt: skip
    """The further renditions (``harvest_ob_also``) not yet recorded: (kind, file) each; a
    missing one is a note in the report, not a failure — the document has its text."""
    out = []
    for kind in also:
        url = f"{base}/{publication}.{kind}"
        if kind == read or url in recorded:
            continue
        try:
            data = client.get(url, accept=RENDITION_TYPES[kind]).content
        except HarvestError as exc:
            report.notes.append((ident, Refusal("%(kind)s rendition not recorded: %(reason)s",
                                                kind=kind.upper(), reason=exc)))  # fmt: skip
            continue
        digest = hashlib.sha256(data).hexdigest()
        out.append((kind, SourceFile(path=url, content_hash=digest, size=len(data),
                                     media_type=RENDITION_TYPES[kind], data=None)))  # fmt: skip
    return out


def _unchanged(
    kb: KnowledgeBase, client: Client, base: str, publication: str, read: str, doc_id: int,
    item: TkDocument, report: HarvestReport,
) -> None:  # fmt: skip
    """A rendition already in the base: its harvest record, and the further renditions an
    earlier harvest did not record (none on a second run: no requests)."""
    with kb.session() as s:
        recorded = DocumentRepository(s).rendition_paths(doc_id)
    extras = _fetch_also(client, list(kb.settings.harvest_ob_also), base, publication, read,
                         recorded, report, item.number or publication)  # fmt: skip
    with kb.session() as s, s.begin():
        HarvestRepository(s).record("ob", item.id, doc_id, item.number, item.changed, False)
        for kind, extra in extras:
            DocumentRepository(s).record_rendition(doc_id, extra, kind)


#: records asked for per page of the publication office's search
SRU_PAGE = 50


def harvest_ob_search(
    kb: KnowledgeBase, dossiers: list[str] | None = None, since: date | None = None,
    client: Client | None = None, classification: str = "openbaar",
) -> HarvestReport:  # fmt: skip
    """Ask the publication office's search for each dossier's Kamerstukken published since
    ``since`` (default: the newest publication date the last search of that dossier saw)
    and fetch every one, as ``harvest_ob`` does; the dossier's cursor moves with what was
    stored."""
    from partnerships.ingest.sru import SruError, parse, search_url

    kb.check_schema()
    st = kb.settings
    with harvesting(kb, client) as (client, report):
        for dossier in dossiers if dossiers is not None else list(st.harvest_dossiers):
            scope = f"sru:{dossier}"
            with kb.session() as s:
                cursor = HarvestRepository(s).cursor("ob", scope)
            start_date = since or (date.fromisoformat(cursor[0]) if cursor else None)
            numbers: list[str] = []
            newest = start_date
            position: int | None = 1
            while position is not None:
                url = search_url(st.harvest_sru_url, dossier, start_date, position, SRU_PAGE)
                try:
                    total, position, records = parse(
                        client.get(url, accept="application/xml").content)  # fmt: skip
                except (HarvestError, SruError) as exc:
                    report.failed.append((f"{dossier} (search)", exc))
                    break
                for r in records:
                    if r.kamerstuk and r.kamerstuk not in numbers:
                        numbers.append(r.kamerstuk)
                    if r.published and (newest is None or r.published > newest):
                        newest = r.published
                if not records or total == 0:
                    position = None
            fetched = harvest_ob(kb, numbers, client, classification)
            for name in ("new", "updated", "unchanged", "deleted"):
                getattr(report, name).extend(getattr(fetched, name))
            report.failed.extend(fetched.failed)
            report.notes.extend(fetched.notes)
            if newest is not None and not fetched.failed:
                with kb.session() as s, s.begin():
                    HarvestRepository(s).advance("ob", scope, newest.isoformat(), dossier)
    return report


def sync_tk(
    kb: KnowledgeBase, dossiers: list[str] | None = None, kinds: list[str] | None = None,
    progress: Callable[[int, int | None], None] | None = None, client: Client | None = None,
    classification: str = "openbaar",
) -> HarvestReport:  # fmt: skip
    """Follow parliament's SyncFeed (Atom, category Document) from the stored skiptoken:
    every changed document is read from OData and, when it is in the scope, stored as
    ``harvest_tk`` stores it — with the feed's cursor in the same transaction, so a run
    killed at any moment continues after the last entry it stored. Entries out of scope
    only move the cursor; withdrawn ones are marked."""
    from partnerships.ingest.tk_odata import document_url
    from partnerships.ingest.tk_odata import parse as parse_document

    kb.check_schema()
    st = kb.settings
    dossiers = list(st.harvest_dossiers if dossiers is None else dossiers)
    kinds = list(st.harvest_kinds if kinds is None else kinds)
    scope = scope_key(dossiers, kinds)
    with harvesting(kb, client) as (client, report):
        for entry in _feed_entries(kb, client, "Document", report, "SyncFeed"):
            moved = _feed_cursor(entry.skiptoken, entry.id)
            fetched, item = _feed_document(client, document_url(st.harvest_tk_url, entry.id),
                                           entry, report, parse_document)  # fmt: skip
            if not fetched:
                continue
            in_scope = isinstance(item, TkDocument) and (
                (not kinds or item.kind in kinds)
                and (not dossiers or any(d in dossiers for d in item.dossiers)))  # fmt: skip
            if item is None or isinstance(item, Malformed) or not in_scope:
                _pass_by(kb, entry, item, report, moved)
                continue
            _one(kb, client, st.harvest_tk_url, scope, None, item, report, classification,
                 moved)  # fmt: skip
            if progress:
                progress(report.total, None)
        _sync_votes(kb, client, report)
    return report


def _feed_cursor(token: int | None, ident: str) -> Callable[[Session], None]:
    """Move the SyncFeed's cursor to an entry, in the transaction that handles it."""

    def moved(s: Session) -> None:
        if token is not None:  # zero-padded: the cursor compares as text
            HarvestRepository(s).advance(SYNC, "Document", f"{token:020d}", ident)

    return moved


def _feed_document(
    client: Client, url: str, entry: SyncEntry, report: HarvestReport,
    parse: Callable[[object], TkDocument | Malformed],
) -> tuple[bool, TkDocument | Malformed | None]:  # fmt: skip
    """The feed entry's document from OData, and whether to go on with it: a withdrawn
    entry gone from OData too goes on as None (to be marked); other failures are reported."""
    try:
        return True, parse(client.get(url).json())
    except HarvestError as exc:
        if entry.deleted:  # gone from OData too: mark what we hold
            return True, None
        report.failed.append((entry.id, exc))
    except ValueError:
        report.failed.append((entry.id, Refusal("the document's answer is not JSON")))
    return False, None


def _pass_by(
    kb: KnowledgeBase, entry: SyncEntry, item: TkDocument | Malformed | None,
    report: HarvestReport, moved: Callable[[Session], None],
) -> None:  # fmt: skip
    """An entry not stored (out of scope, malformed or withdrawn): a withdrawn one we hold
    is marked, and the cursor moves past it."""
    if isinstance(item, Malformed):
        report.failed.append((entry.id, _malformed(item)))
    with kb.session() as s, s.begin():
        if entry.deleted:
            known = HarvestRepository(s).item(SOURCE, entry.id)
            if known is not None:
                known.deleted = True
                report.deleted.append(known.number or entry.id)
        moved(s)


def _sync_votes(kb: KnowledgeBase, client: Client, report: HarvestReport) -> None:
    """Follow the SyncFeed's Besluit category: a decision (and its votes) that changed on a
    motion the base holds re-reads that motion's outcome — a vote changes no Document, so
    the Document feed alone would never bring it."""
    st = kb.settings
    base = st.harvest_tk_url.rstrip("/")
    for entry in _feed_entries(kb, client, "Besluit", report, "SyncFeed Besluit"):
        try:
            body = client.get(f"{base}/Besluit({entry.id})?$expand=Zaak($expand=Document)"
                              ).json()  # fmt: skip
        except HarvestError as exc:
            if not entry.deleted:
                report.failed.append((entry.id, Refusal("decision not read: %(reason)s",
                                                        reason=exc)))  # fmt: skip
            body = {}
        except ValueError:
            report.failed.append((entry.id, Refusal("the decision's answer is not JSON")))
            body = {}
        zaken = body.get("Zaak") if isinstance(body, dict) else None
        zaken = zaken if isinstance(zaken, list) else [zaken] if isinstance(zaken, dict) else []
        for zaak in zaken:
            for d in zaak.get("Document") or []:
                if not isinstance(d, dict) or not str(d.get("Soort", "")).startswith("Motie"):
                    continue
                with kb.session() as s:
                    held = HarvestRepository(s).item(SOURCE, str(d.get("Id")))
                    doc_id = held.document_id if held is not None else None
                if doc_id is None:
                    continue
                item = TkDocument(id=str(d["Id"]), kind="Motie", number=d.get("DocumentNummer"),
                                  subject=None, when=None, changed="", deleted=False,
                                  content_type=None, dossiers=(), sequence=None)  # fmt: skip
                _motion_outcome(kb, client, st.harvest_tk_url, item, doc_id, report)
                report.updated.append(f"{item.number or item.id} (uitkomst)")
        if entry.skiptoken is not None:
            with kb.session() as s, s.begin():
                HarvestRepository(s).advance(SYNC, "Besluit", f"{entry.skiptoken:020d}",
                                             entry.id)  # fmt: skip


def _feed_entries(
    kb: KnowledgeBase, client: Client, category: str, report: HarvestReport, label: str
) -> Iterator[SyncEntry]:
    """Every entry of one SyncFeed category from its stored skiptoken, page after page
    until a page without entries (caught up); a page that is not a feed is reported under
    ``label`` and ends the category."""
    from partnerships.ingest.syncfeed import FeedError, feed_url, parse_feed

    with kb.session() as s:
        cursor = HarvestRepository(s).cursor(SYNC, category)
    url: str | None = feed_url(kb.settings.harvest_sync_url, category,
                               int(cursor[0]) if cursor else None)  # fmt: skip
    while url:
        try:
            entries, following = parse_feed(client.get(url, accept="application/atom+xml")
                                            .content)  # fmt: skip
        except FeedError as exc:
            report.failed.append((label, Refusal("%(url)s: %(reason)s", url=url, reason=exc)))
            return
        yield from entries
        url = following if entries else None


#: the SyncFeed's cursor: source and scope in ``harvest_cursors``
SYNC = "tk-sync"


def _malformed(item: Malformed) -> Refusal:
    return Refusal("malformed entry: %(problem)s", problem=item.problem)
