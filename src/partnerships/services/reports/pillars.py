"""The yearly progress report per pillar of the Integral Migration Agenda."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

import partnerships.services.reports.sources as sources
from partnerships.analysis.measures import catalogue
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
    _commitments_section,
    _eur,
    _excerpt,
    _letters_in,
    _money_in,
    _narrative,
    _new,
    _passages_by_code,
    _period_text,
    _programme_table,
    _return_figures,
    _texts,
    period_key,
)
from partnerships.store.clearance import cleared
from partnerships.store.decisions import DecisionRepository
from partnerships.store.programmes import ProgrammeRepository
from partnerships.store.schema import (
    CommitmentRow,
    DecisionRow,
)

# ---------------------------------------------------------------- IMA pillars


def pillars_report(
    kb: KnowledgeBase, user: UserContext, period: Period, final: bool = False
) -> Report:
    report = _new(
        "pillars",
        "Voortgangsrapportage Integrale Migratieagenda",
        f"Voortgang per pijler, {_period_text(period)}",
        period,
    )
    instrument_pillar = {m.code: m.pillar for m in catalogue()[0]}
    pillar_names = names("nl")["ima"]
    with kb.session() as s:
        texts = _texts(s, user, "pillars", period_key(period))
        letters = _letters_in(s, user, period)
        letter_ids = [d.id for d in letters]
        by_id = {d.id: d for d in letters}
        promises = list(
            s.scalars(
                select(CommitmentRow).where(
                    CommitmentRow.document_id.in_(letter_ids), CommitmentRow.footnote.is_(None)
                )
            )
        )
        programmes = [p for p in ProgrammeRepository(s).listed(user.levels()) if _active(p, period)]
        decisions = list(
            s.scalars(
                select(DecisionRow).where(
                    cleared(DecisionRow.classification, user.levels()),
                    DecisionRow.created_at >= datetime.combine(period[0], datetime.min.time(), UTC),
                    DecisionRow.created_at <= datetime.combine(period[1], datetime.max.time(), UTC),
                )
            )
        )
        anything = False
        best = _passages_by_code(s, letter_ids, "ima", by_id, confirmed_only=final)
        for number in range(1, 7):
            sec = Section(f"Pijler {number}. {pillar_names[number]}")
            sec.blocks.append(_narrative(texts, f"pijler{number}", "Toelichting"))
            quotes: list[list[Run]] = [
                [f"‘{_excerpt(by_id[d].body, a, b)}’", report.cite(sources.letter(s, by_id[d]))]
                for d, a, b in best.get(number, [])[:QUOTES_PER_SECTION]
            ]
            if quotes:
                sec.blocks.append(Paragraph(["Uit de brieven van deze periode:"]))
                sec.blocks.extend(Paragraph(q, "quote") for q in quotes[:12])
            # pillar 4, minder illegaliteit en meer terugkeer: the Dutch return figures
            stats = _return_figures(s, user, report, period) if number == 4 else []
            sec.blocks.extend(stats)
            figures = any(p.style != "note" for p in stats)
            mine = [
                p
                for p in programmes
                if any(
                    c.scheme == "ima" and c.code == number and c.status == "bevestigd"
                    for c in p.classifications
                )
            ]
            if number == 2:
                # protection in the region: no source in the base counts it (UNHCR's refugee
                # figures per host country are not imported); said, not left out silently
                sec.blocks.append(Paragraph([
                    "Cijfers over opvang en bescherming in de regio (zoals vluchtelingen per "
                    "gastland volgens UNHCR) staan niet in de kennisbank; deze pijler steunt "
                    "op de brieven, programma's en besluiten hieronder."], "note"))  # fmt: skip
            if mine:
                money = [_money_in(p, period) for p in mine]
                spent, committed = sum(m[0] for m in money), sum(m[1] for m in money)
                sec.blocks.append(Paragraph([
                    f"Programmageld voor deze pijler in de periode: {_eur(committed)} verplicht "
                    f"en {_eur(spent)} uitbetaald, in {len(mine)} "
                    + ("programma" if len(mine) == 1 else "programma's")
                    + " met een bevestigde indeling (per programma met bron in de tabel)."
                ]))  # fmt: skip
                sec.blocks.append(
                    _programme_table(report, mine, period, "Programma's (bevestigde indeling)")
                )
            chosen = [
                d
                for d in decisions
                if any(instrument_pillar.get(i) == number for i in d.instruments)
            ]
            for d in chosen:
                sec.blocks.append(
                    Paragraph(
                        [
                            f"Besluit over {d.country}: {d.title}.",
                            report.cite(
                                sources.decision_row(
                                    d, DecisionRepository(s).visible_number(d, user.levels())
                                )
                            ),
                        ]
                    )
                )
            if not (quotes or mine or chosen or figures):
                sec.blocks.append(
                    Paragraph(
                        [
                            "Voor deze pijler staan in deze periode geen feiten, "
                            "programma's of besluiten in de kennisbank."
                        ],
                        "note",
                    )
                )
            else:
                anything = True
            report.sections.append(sec)
        commitments_sec = _commitments_section(s, user, report, promises, by_id)
        if commitments_sec.blocks:
            report.sections.append(commitments_sec)
        if not anything:
            report.empty = True
            report.sections = [
                Section(
                    "Geen gegevens",
                    [
                        Paragraph(
                            [
                                f"Voor de periode {_period_text(period)} staan geen brieven, "
                                "programma's of besluiten in de kennisbank. Deze rapportage is "
                                "daarom leeg."
                            ]
                        )
                    ],
                )
            ]
        sources.verify(s, report)
    return report
