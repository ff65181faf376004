"""Who did what: the audit trail as a service.

Changes record themselves in their own transaction (``in_session``); reads of confidential
records and exports are recorded with ``record``. ``verify`` walks the hash chain.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from partnerships.domain.context import UserContext
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.audit import AuditRepository, ChainReport

ACTIONS = ("login", "login_failed", "view_confidential", "edit", "import", "decision",
           "export", "permission", "backup", "restore")  # fmt: skip


def in_session(session: Session, user: UserContext | str, action: str, target: str,
               detail: dict[str, Any] | None = None) -> None:  # fmt: skip
    actor = user if isinstance(user, str) else user.user_id
    AuditRepository(session).append(actor, action, target, detail)


def record(kb: KnowledgeBase, user: UserContext | str, action: str, target: str,
           detail: dict[str, Any] | None = None) -> None:  # fmt: skip
    with kb.session() as s, s.begin():
        in_session(s, user, action, target, detail)


def verify(kb: KnowledgeBase) -> ChainReport:
    """The chain, and the head anchored outside the base (removed newest entries)."""
    anchor = kb.audit_anchor()
    with kb.session() as s:
        return AuditRepository(s).verify(anchor)


def entries(kb: KnowledgeBase, user: UserContext, action: str | None = None,
            actor: str | None = None, limit: int = 200) -> list[dict[str, Any]]:  # fmt: skip
    if "admin" not in user.roles:
        raise PermissionError("only administrators may read the audit trail")
    with kb.session() as s:
        return [{"id": e.id, "tijdstip": e.at, "actor": e.actor, "actie": e.action,
                 "doel": e.target, "details": e.detail, "hash": e.hash}
                for e in AuditRepository(s).entries(action, actor, limit)]  # fmt: skip
