"""The commitments report: what the government promised parliament and where it stands."""

from __future__ import annotations

from datetime import date

import partnerships.services.reports.sources as sources
from partnerships.domain.context import UserContext
from partnerships.reporting.dates import dutch_date
from partnerships.reporting.model import (
    Paragraph,
    Report,
    Run,
    Section,
    Table,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.reports.common import (
    Period,
    _new,
    _period_text,
)
from partnerships.store.schema import (
    Document,
)

# ---------------------------------------------------------------- commitments overview


def commitments_report(
    kb: KnowledgeBase, user: UserContext, period: Period | None, today: date | None = None
) -> Report:
    from partnerships.services.commitments import OVERDUE, tracker

    today = today or date.today()
    subject = "Openstaande en te late toezeggingen"
    if period:
        subject += f" uit brieven van {_period_text(period)}"
    report = _new("commitments", "Overzicht toezeggingen", subject, period)
    items = tracker(kb, user, today, status="openstaand", proposals=False)
    if period:
        start, end = period
        items = [i for i in items if i.letter and i.letter.day and start <= i.letter.day <= end]
    with kb.session() as s:
        late = [i for i in items if i.status == OVERDUE]
        open_ = [i for i in items if i.status == "open"]
        report.sections.append(
            Section(
                "Samenvatting",
                [
                    Paragraph(
                        [
                            f"Op {dutch_date(today)} staan {len(items)} toezeggingen "
                            f"open, waarvan {len(late)} over de termijn."
                        ]
                    )
                ],
            )
        )
        for title, group in (("Over de termijn", late), ("Open", open_)):
            if not group:
                continue
            rows: list[list[list[Run]]] = []
            for i in group:
                runs: list[Run] = [i.text]
                if i.letter:
                    doc = s.get(Document, i.letter.id)
                    if doc is not None:
                        runs.append(report.cite(sources.letter(s, doc)))
                else:
                    runs.append(" (toegezegd buiten een brief)")
                due = dutch_date(i.due) if i.due else "geen termijn"
                rows.append([[due], runs, [i.responsible or "onbekend"]])
            report.sections.append(
                Section(
                    title,
                    [
                        Table(
                            f"{title}: {len(group)}",
                            ["Uiterlijk", "Toezegging", "Verantwoordelijk"],
                            rows,
                        )
                    ],
                )
            )
        if not items:
            report.empty = True
        sources.verify(s, report)
    return report
