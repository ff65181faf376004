"""The report per objective of the Global Compact for Migration."""

from __future__ import annotations

import partnerships.services.reports.sources as sources
from partnerships.domain.context import UserContext
from partnerships.domain.reference import names
from partnerships.reporting.model import (
    Paragraph,
    Report,
    Run,
    Section,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.reports.common import (
    QUOTES_PER_SECTION,
    Period,
    _active,
    _excerpt,
    _letters_in,
    _narrative,
    _new,
    _passages_by_code,
    _period_text,
    _programme_table,
    _texts,
    period_key,
)
from partnerships.store.programmes import ProgrammeRepository

# ---------------------------------------------------------------- GCM objectives


def gcm_report(kb: KnowledgeBase, user: UserContext, period: Period, final: bool = False) -> Report:
    report = _new(
        "gcm",
        "Voortgangsrapportage Global Compact for Migration",
        f"Nationale initiatieven per doelstelling, {_period_text(period)}",
        period,
    )
    objective_names = names("nl")["gcm"]
    with kb.session() as s:
        texts = _texts(s, user, "gcm", period_key(period))
        programmes = [p for p in ProgrammeRepository(s).listed(user.levels()) if _active(p, period)]
        letters = _letters_in(s, user, period)
        by_id = {d.id: d for d in letters}
        best = _passages_by_code(s, [d.id for d in letters], "gcm", by_id, confirmed_only=final)
        without = []
        for number in range(1, 24):
            quotes: list[list[Run]] = [
                [f"‘{_excerpt(by_id[d].body, a, b)}’", report.cite(sources.letter(s, by_id[d]))]
                for d, a, b in best.get(number, [])[:QUOTES_PER_SECTION]
            ]
            mine = [
                p
                for p in programmes
                if any(
                    c.scheme == "gcm" and c.code == number and c.status == "bevestigd"
                    for c in p.classifications
                )
            ]
            narrative = _narrative(texts, f"doel{number}", "Nationale initiatieven")
            if not mine and not narrative.text and not quotes:
                without.append(f"{number}. {objective_names[number]}")
                continue
            sec = Section(f"Doelstelling {number}. {objective_names[number]}", [narrative])
            if quotes:
                sec.blocks.append(Paragraph(["Uit de brieven van deze periode:"]))
                sec.blocks.extend(Paragraph(q, "quote") for q in quotes)
            if mine:
                sec.blocks.append(_programme_table(report, mine, period, "Gekoppelde programma's"))
            report.sections.append(sec)
        if without:
            report.sections.append(
                Section(
                    "Doelstellingen zonder vastgelegde initiatieven",
                    [
                        Paragraph(
                            [
                                "Voor deze doelstellingen staan in deze periode geen bevestigde "
                                "programma's, passages uit brieven of teksten in de kennisbank: "
                                + "; ".join(without)
                                + "."
                            ]
                        )
                    ],
                )
            )
        report.empty = len(without) == 23
        sources.verify(s, report)
    return report
