"""Changing what a letter is, as opposed to what it says: its classification."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.repository import DocumentRepository


def set_classification(kb: KnowledgeBase, user: UserContext, doc_id: int, level: str) -> str:
    """Returns the old level. Only analysts and admins who may see both the old and the new
    level may change it, so nobody can declassify what they cannot read."""
    if level not in CLEARANCES:
        raise ValueError(f"unknown classification {level!r}; choose from {', '.join(CLEARANCES)}")
    if not user.may_edit:
        raise PermissionError("only analysts and administrators classify letters")
    with kb.session() as s, s.begin():
        doc = DocumentRepository(s).get(user, doc_id)
        if doc is None:
            raise ValueError(f"no document {doc_id}")
        if not user.clears(level):
            raise PermissionError(f"your clearance does not reach {level}")
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


class UploadError(ValueError):
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
    from partnerships.store.repository import SourceFile

    if not user.may_edit:
        raise PermissionError("only analysts and administrators add letters")
    if classification not in CLEARANCES:
        raise UploadError(f"unknown classification {classification!r}; choose from "
                          f"{', '.join(CLEARANCES)}")  # fmt: skip
    if not user.clears(classification):
        raise PermissionError(f"your clearance does not reach {classification}")
    clean = _SAFE_NAME.sub("_", Path(name or "brief").name)[:120] or "brief"
    if not data:
        raise UploadError(f"{clean}: the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    known = kb.document_of_hash(digest)
    if known is not None:
        return Added("unchanged", known, ())
    try:
        letter = kb.extract_bytes(clean, data, clean)
    except ExtractionError as exc:
        raise UploadError(str(exc)) from None
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
        raise PermissionError("only analysts and administrators correct letters")
    unknown = sorted(set(changes) - set(CORRECTIONS))
    if unknown:
        raise UploadError(f"cannot correct {', '.join(unknown)}; fields: "
                          f"{', '.join(CORRECTIONS)}")  # fmt: skip
    if changes.get("datum"):
        try:
            _date.fromisoformat(str(changes["datum"]))
        except ValueError:
            raise UploadError(f"datum {changes['datum']!r} is not a date (YYYY-MM-DD)") from None
    with kb.session() as s, s.begin():
        repo = DocumentRepository(s)
        doc = repo.get_summary(user, doc_id)
        if doc is None:
            raise UploadError(f"no document {doc_id}")
        old = repo.correct(doc, {CORRECTIONS[k]: v for k, v in changes.items()}, user.user_id)
        what = {k: [old[CORRECTIONS[k]], v] for k, v in changes.items()}
        audit.in_session(s, user, "edit", f"letter:{doc_id}", {"correctie": what})
    return {k: v for k, v in changes.items()}
