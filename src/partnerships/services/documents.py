"""Changing what a letter is, as opposed to what it says: its classification."""

from __future__ import annotations

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
