"""Who did what: the audit trail as a service.

Changes record themselves in their own transaction (``in_session``); reads of confidential
records and exports are recorded with ``record``. ``verify`` walks the hash chain.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from partnerships.domain.audit import AuditRecord
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.errors import Forbidden
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.unit_of_work import Units
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


def entries(base: Units, user: UserContext, action: str | None = None,
            actor: str | None = None, limit: int = 200) -> list[AuditRecord]:  # fmt: skip
    """The newest entries. An entry about a record above the reader's clearance (its detail
    names the level: ``rubricering`` or ``classification``) shows who did what when, but not
    the record's name or details: an administrator with clearance openbaar must not learn a
    confidential file's name from the trail."""
    if "admin" not in user.roles:
        raise Forbidden("only administrators may read the audit trail")
    with base.unit_of_work() as uow:
        found = uow.audit.entries(action, actor, limit)
    out = []
    for e in found:
        level = _level_of(e.detail)
        out.append(e.masked(level) if level is not None and not user.clears(level) else e)
    return out


def _level_of(detail: str) -> str | None:
    """The highest classification an entry's detail names, if any."""
    try:
        data = json.loads(detail or "{}")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    named: list[str] = []
    for field in ("rubricering", "classification"):
        value = data.get(field)
        named += [v for v in (value if isinstance(value, list) else [value]) if v in CLEARANCES]
    return max(named, key=CLEARANCES.index) if named else None
