"""The narratives analysts write for a report, versioned and audited."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.reports.common import (
    parse_period,
    period_key,
)
from partnerships.store.report_texts import ReportTextRepository


def save_text(
    kb: KnowledgeBase,
    user: UserContext,
    kind: str,
    period: str,
    section: str,
    text: str,
    classification: str = "openbaar",
) -> int:
    """Store a new version of a report's narrative; returns the version number."""
    if not user.may_edit:
        raise PermissionError("only analysts may write report texts")
    if classification not in CLEARANCES:
        raise ValueError(f"unknown classification {classification!r}")
    if not user.clears(classification):
        raise PermissionError("you cannot write a text above your own clearance")
    key = period_key(parse_period(period))
    with kb.session() as s, s.begin():
        version = ReportTextRepository(s).add(kind, key, section, text.strip(), user.user_id,
                                              classification)  # fmt: skip
        audit.in_session(
            s, user, "edit", f"report-text:{kind}:{key}:{section}", {"versie": version}
        )
    return version


def text_history(
    kb: KnowledgeBase, user: UserContext, kind: str, period: str
) -> dict[str, list[dict[str, Any]]]:
    """Every version the user may see, newest first, per section."""
    key = period_key(parse_period(period))
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with kb.session() as s:
        for row in ReportTextRepository(s).visible(kind, key, user.levels()):
            out[row.section].append(
                {
                    "versie": row.version,
                    "tekst": row.text,
                    "auteur": row.author,
                    "tijdstip": row.created_at.isoformat(),
                    "rubricering": row.classification,
                }
            )
    return dict(out)
