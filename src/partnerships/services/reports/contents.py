"""Which builder makes which report."""

from __future__ import annotations

from partnerships.domain.context import UserContext
from partnerships.reporting.model import (
    Report,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.reports.commitments import commitments_report
from partnerships.services.reports.common import (
    parse_period,
)
from partnerships.services.reports.country import country_fiche
from partnerships.services.reports.gcm import gcm_report
from partnerships.services.reports.pillars import pillars_report


def build(
    kb: KnowledgeBase,
    user: UserContext,
    kind: str,
    period: str | None = None,
    country: str | None = None,
    final: bool = False,
) -> Report:
    """The report's content; ``final``: quote only passages whose topic an analyst
    confirmed (a draft quotes the extractor's suggestions too)."""
    if kind == "pillars":
        return pillars_report(kb, user, parse_period(period), final)
    if kind == "gcm":
        return gcm_report(kb, user, parse_period(period), final)
    if kind == "commitments":
        return commitments_report(kb, user, parse_period(period) if period else None)
    if kind == "country":
        if not country:
            raise ValueError("a country fiche needs --country")
        return country_fiche(kb, user, country)
    raise ValueError(f"unknown report {kind!r}: pillars, gcm, country or commitments")
