"""Changing what a letter is, as opposed to what it says: its classification."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentRepository


def set_classification(kb: KnowledgeBase, user: UserContext, doc_id: int, level: str) -> str:
    """Returns the old level. Only analysts and admins who may see both the old and the new
    level may change it, so nobody can declassify what they cannot read."""
    if level not in CLEARANCES:
        raise UploadError(
            "unknown classification %(level)r; choose from %(choices)s",
            level=level,
            choices=", ".join(CLEARANCES),
        )
    if not user.may_edit:
        raise Forbidden("only analysts and administrators classify letters")
    with kb.session() as s, s.begin():
        doc = DocumentRepository(s).get(user, doc_id)
        if doc is None:
            raise UploadError("no document %(doc_id)s", doc_id=doc_id, missing=True)
        if not user.clears(level):
            raise Forbidden("your clearance does not reach %(level)s", level=level)
        old = doc.classification
        if old != level:
            doc.classification = level
            doc.updated_at = datetime.now(UTC)  # changes the data version: cached pages go
            audit.in_session(s, user, "edit", f"letter:{doc_id}", {"classification": [old, level]})
        return old


@dataclass(frozen=True, slots=True)
class Added:
    """What became of an uploaded file: 'new', 'updated' or 'unchanged', and its letter."""

    outcome: str
    document_id: int
    warnings: tuple[str, ...]


class UploadError(Invalid):
    """A file that cannot be read as a letter: the extractor's own message, file named."""


_SAFE_NAME = re.compile(r"[^\w.\- ]+")


def add_letter(
    kb: KnowledgeBase, user: UserContext, name: str, data: bytes,
    classification: str = "openbaar",
) -> Added:  # fmt: skip
    """Read an uploaded file with the extractor and store it (all or nothing), as
    `partnerships ingest` would; only analysts and administrators, never beyond their
    clearance. A file already in the base is 'unchanged'."""
    import hashlib
    import mimetypes
    from pathlib import Path

    from partnerships.ingest.errors import ExtractionError
    from partnerships.ingest.service import ExtractResult
    from partnerships.store.document_common import SourceFile

    if not user.may_edit:
        raise Forbidden("only analysts and administrators add letters")
    if classification not in CLEARANCES:
        raise UploadError("unknown classification %(level)r; choose from %(choices)s",
                          level=classification, choices=", ".join(CLEARANCES))  # fmt: skip
    if not user.clears(classification):
        raise Forbidden(
            "your clearance does not reach %(classification)s", classification=classification
        )
    clean = _SAFE_NAME.sub("_", Path(name or "brief").name)[:120] or "brief"
    if not data:
        raise UploadError("%(clean)s: the file is empty", clean=clean)
    digest = hashlib.sha256(data).hexdigest()
    known = kb.document_of_hash(digest)
    if known is not None:
        return Added("unchanged", known, ())
    try:
        letter = kb.extract_bytes(clean, data, clean)
    except ExtractionError as exc:
        raise UploadError("%(reason)s", reason=exc) from None
    letter.source = f"upload:{clean}"
    source = SourceFile(path=f"upload:{clean}", content_hash=digest, size=len(data),
                        media_type=mimetypes.guess_type(clean)[0] or "application/octet-stream",
                        data=data if kb.settings.keep_originals else None)  # fmt: skip
    stored: list[int] = []
    outcome = kb.store_with(ExtractResult(Path(clean), letter), source, classification,
                            lambda _s, doc_id: stored.append(doc_id))  # fmt: skip
    audit.record(kb, user, "upload", f"letter:{stored[0]}",
                 {"bestand": clean, "sha256": digest, "rubricering": classification})  # fmt: skip
    return Added(outcome, stored[0], tuple(letter.warnings))


#: the API's field names of what a person may correct, and the columns they set
CORRECTIONS = {"onderwerp": "subject", "datum": "date", "kenmerk": "kenmerk",
               "geadresseerde": "addressee", "afzenderMinisterie": "sender_ministry",
               "afzenderEenheid": "sender_unit"}  # fmt: skip


def correct_letter(
    kb: KnowledgeBase, user: UserContext, doc_id: int, changes: dict[str, str | None]
) -> dict[str, object]:
    """Correct extracted fields (keys as in ``CORRECTIONS``); kept as overrides that win
    over the extractor and survive re-extraction; audited with old and new values."""
    from datetime import date as _date

    if not user.may_edit:
        raise Forbidden("only analysts and administrators correct letters")
    unknown = sorted(set(changes) - set(CORRECTIONS))
    if unknown:
        raise UploadError("cannot correct %(unknown)s; fields: %(fields)s",
                          unknown=", ".join(unknown), fields=", ".join(CORRECTIONS))  # fmt: skip
    if changes.get("datum"):
        try:
            _date.fromisoformat(str(changes["datum"]))
        except ValueError:
            raise UploadError("datum %(value)r is not a date (YYYY-MM-DD)",
                              value=changes["datum"]) from None  # fmt: skip
    with kb.session() as s, s.begin():
        repo = DocumentRepository(s)
        doc = repo.get_summary(user, doc_id)
        if doc is None:
            raise UploadError("no document %(doc_id)s", doc_id=doc_id, missing=True)
        old = repo.correct(doc, {CORRECTIONS[k]: v for k, v in changes.items()}, user.user_id)
        what = {k: [old[CORRECTIONS[k]], v] for k, v in changes.items()}
        audit.in_session(s, user, "edit", f"letter:{doc_id}", {"correctie": what})
    return {k: v for k, v in changes.items()}


# -- a letter seen before it is stored -----------------------------------------------------

#: staged uploads older than this are removed (a preview nobody stored)
STAGING_HOURS = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True, slots=True)
class Staged:
    """An uploaded file read by the extractor and kept aside until a person stores it:
    ``view`` is what the preview shows, ``known`` the letter when the file is in the base."""

    token: str
    name: str
    view: dict[str, object]
    warnings: tuple[str, ...]
    known: int | None


def _staging(kb: KnowledgeBase) -> Path:
    from partnerships.store.files import private_dir

    return private_dir(kb.settings.data_dir / "staging")


def _sweep(folder: Path) -> None:
    import time

    cutoff = time.time() - STAGING_HOURS * 3600
    for path in folder.glob("*"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def stage_letter(kb: KnowledgeBase, user: UserContext, name: str, data: bytes) -> Staged:
    """Read an uploaded file and keep it aside for a preview (nothing is stored in the
    base); the extractor's message for a file it cannot read (UploadError)."""
    import hashlib
    import json
    import secrets

    from partnerships.ingest.errors import ExtractionError

    if not user.may_edit:
        raise Forbidden("only analysts and administrators add letters")
    clean = _SAFE_NAME.sub("_", Path(name or "brief").name)[:120] or "brief"
    if not data:
        raise UploadError("%(clean)s: the file is empty", clean=clean)
    known = kb.document_of_hash(hashlib.sha256(data).hexdigest())
    try:
        letter = kb.extract_bytes(clean, data, clean)
    except ExtractionError as exc:
        raise UploadError("%(reason)s", reason=exc) from None
    folder = _staging(kb)
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.bin").write_bytes(data)
    (folder / f"{token}.json").write_text(json.dumps({"name": clean, "owner": user.user_id}),
                                          "utf-8")  # fmt: skip
    return Staged(token, clean, preview_view(letter), tuple(letter.warnings), known)


def store_staged(
    kb: KnowledgeBase, user: UserContext, token: str, classification: str,
    corrections: dict[str, str | None],
) -> Added:  # fmt: skip
    """Store a staged file (all or nothing) and apply the person's corrections to it as
    audited overrides; the staged copy is removed. Only its uploader may store it."""
    import json

    if not _TOKEN.match(token):
        raise UploadError("not a staged upload")
    folder = _staging(kb)
    meta_path, data_path = folder / f"{token}.json", folder / f"{token}.bin"
    if not meta_path.exists() or not data_path.exists():
        raise UploadError("this preview has expired or was stored already: upload again")
    meta = json.loads(meta_path.read_text("utf-8"))
    if meta.get("owner") != user.user_id:
        raise Forbidden("only the person who uploaded a file stores it")
    added = add_letter(kb, user, str(meta["name"]), data_path.read_bytes(), classification)
    wanted: dict[str, str | None] = {k: v for k, v in corrections.items() if v}
    if wanted and added.outcome != "unchanged":
        correct_letter(kb, user, added.document_id, wanted)
    meta_path.unlink(missing_ok=True)
    data_path.unlink(missing_ok=True)
    return added


def preview_view(letter: object) -> dict[str, object]:
    """What the letter page shows of a stored letter, from an extraction not stored: the
    fields a person may correct and the spans the body highlights."""
    from partnerships.domain.letter import Letter

    assert isinstance(letter, Letter)
    entity = [{"voetnoot": e.footnote, "start": e.start, "eind": e.end, "soort": e.kind,
               "code": e.code, "naam": e.name} for e in letter.entities]  # fmt: skip
    facts = [{"voetnoot": f.footnote, "start": f.start, "eind": f.end, "soort": kind,
              "waarde": f.value}
             for kind, group in (("amount", letter.amounts), ("quantity", letter.quantities),
                                 ("percentage", letter.percentages))
             for f in group]  # fmt: skip
    refs = [{"voetnoot": r.footnote, "start": r.start, "eind": r.end, "soort": r.kind,
             "document": None, "url": r.url} for r in letter.references]  # fmt: skip
    return {
        "onderwerp": letter.subject, "datum": letter.date, "kenmerk": letter.kenmerk,
        "geadresseerde": letter.addressee,
        "afzender": {"ministerie": letter.sender.ministry, "eenheid": letter.sender.unit},
        "soort": "motie" if letter.kind == "motion" else "brief",
        "migratie": letter.migration, "tekst": letter.body, "entiteiten": entity,
        "feiten": facts, "verwijzingen": refs,
        "voetnoten": [{"nummer": n.number, "tekst": n.text, "markeringPositie": n.marker_offset}
                      for n in letter.footnotes],
        "toezeggingen": [{"start": c.start, "eind": c.end, "voetnoot": c.footnote,
                          "tekst": c.text, "soort": c.kind}
                         for c in letter.commitments],
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Rendition:
    """One form in which a letter reached the base: the ministry's PDF, parliament's copy,
    the publication office's XML, HTML or PDF."""

    format: str
    address: str
    size: int
    seen: datetime

    @property
    def link(self) -> str | None:
        """The address when it is one a reader can open (a harvested rendition), else None
        (a file path on the machine that ingested it)."""
        return self.address if self.address.startswith(("https://", "http://")) else None


def renditions(kb: KnowledgeBase, doc_id: int) -> list[Rendition]:
    """The renditions of a document the caller may already see (the letter page asks after
    the clearance check), oldest first."""
    with kb.session() as s:
        return [Rendition(*row) for row in DocumentRepository(s).renditions(doc_id)]


def read_again(kb: KnowledgeBase, user: UserContext, doc_id: int) -> None:
    """Read one letter again from its kept original with the current extractor (after the
    extractor improved); people's corrections, classification and verdicts stay. Analysts
    only, for a letter they may see; audited as them."""
    if not user.may_edit:
        raise Forbidden("only analysts and administrators correct letters")
    with kb.session() as s:
        if DocumentRepository(s).get_summary(user, doc_id) is None:
            raise UploadError("no document %(doc_id)s", doc_id=doc_id, missing=True)
    report = kb.reextract(workers=1, only=[doc_id], actor=user.user_id)
    if report.failed:
        raise UploadError("%(problem)s", problem=report.failed[0][1])
    if not report.updated:
        raise UploadError("no original of document %(doc_id)s is kept", doc_id=doc_id)
