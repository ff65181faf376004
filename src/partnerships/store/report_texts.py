"""The narratives analysts write for a report: every version kept, each with its level."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.store.clearance import cleared
from partnerships.store.locks import serialise_writers
from partnerships.store.schema import ReportText


class ReportTextRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def visible(self, report: str, period: str, levels: Sequence[str]) -> list[ReportText]:
        """Every version of this report's narratives a reader of ``levels`` may see,
        newest first."""
        return list(
            self.session.scalars(
                select(ReportText)
                .where(ReportText.report == report, ReportText.period == period,
                       cleared(ReportText.classification, levels))
                .order_by(ReportText.version.desc())
            )
        )  # fmt: skip

    def add(
        self, report: str, period: str, section: str, text: str, author: str,
        classification: str,
    ) -> int:  # fmt: skip
        """A new version of one section's narrative (one writer at a time per section, so
        two analysts saving at once get versions n and n+1); returns its number."""
        serialise_writers(self.session, f"report_texts:{report}:{period}:{section}")
        last = self.session.scalar(
            select(ReportText.version)
            .where(ReportText.report == report, ReportText.period == period,
                   ReportText.section == section)
            .order_by(ReportText.version.desc())
            .limit(1)
        )  # fmt: skip
        version = int(last or 0) + 1
        self.session.add(ReportText(report=report, period=period, section=section,
                                    version=version, text=text, author=author,
                                    created_at=datetime.now(UTC),
                                    classification=classification))  # fmt: skip
        return version
