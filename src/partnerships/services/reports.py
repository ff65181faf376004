"""Reports to parliament as a service: build the content model, render it, and keep the
editable narratives."""

from __future__ import annotations

from partnerships.domain.context import UserContext
from partnerships.reporting.builders import build, save_text, text_history
from partnerships.reporting.model import Report
from partnerships.reporting.render import render
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase

KINDS = ("pillars", "gcm", "country", "commitments")
FORMATS = ("docx", "pdf", "html")

__all__ = ["FORMATS", "KINDS", "make", "save_text", "text_history"]


def make(
    kb: KnowledgeBase, user: UserContext, kind: str, fmt: str, period: str | None = None,
    country: str | None = None,
) -> tuple[bytes, str, Report]:  # fmt: skip
    """The report as bytes in ``fmt`` with its media type and the model it was made from
    (whose ``unresolved`` lists every footnote that does not resolve)."""
    if kind not in KINDS:
        raise ValueError(f"unknown report {kind!r}: one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    report = build(kb, user, kind, period, country)
    data, media = render(report, fmt)
    audit.record(
        kb,
        user,
        "export",
        f"report:{kind}",
        {"formaat": fmt, "periode": period, "land": country, "bronnen": len(report.sources)},
    )
    return data, media, report
