"""The country fiche: dossier, statistics, Article 25a, decisions, programmes and risks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

import partnerships.services.reports.sources as sources
from partnerships.domain.context import UserContext
from partnerships.reporting.dates import dutch_date
from partnerships.reporting.model import (
    Figure,
    Paragraph,
    Report,
    Run,
    Section,
    Table,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.letter_views import CountryDossier
from partnerships.services.reports.common import (
    _cited,
    _new,
    _nl,
    _programme_table,
)
from partnerships.store.programmes import ProgrammeRepository
from partnerships.store.schema import (
    Document,
)

# ---------------------------------------------------------------- country fiche


@dataclass(frozen=True, slots=True)
class _Fiche:
    """What every section of one fiche reads from: the reader, the session the footnotes
    are checked in, the report being filled, and the country's dossier."""

    kb: KnowledgeBase
    user: UserContext
    session: Session
    report: Report
    iso3: str
    dossier: CountryDossier


def country_fiche(kb: KnowledgeBase, user: UserContext, code: str, lang: str = "nl") -> Report:
    """The fiche of one country: a section per subject, each from its own builder below,
    every figure and claim footnoted; the footnotes checked against the base at the end."""
    from partnerships.services import queries

    dossier = queries.country_dossier(kb, user, code)
    if dossier is None:
        raise ValueError(f"not a country: {code!r}")
    iso3, name = dossier.country.iso3, dossier.country.name_nl
    report = _new("country", f"Landenfiche {name}", f"Landenfiche {name} ({iso3})", None)
    with kb.session() as s:
        fiche = _Fiche(kb, user, s, report, iso3, dossier)
        for section in (_profile, _statistics, _return_cooperation, _decision, _programmes,
                        _risks, _commitments):  # fmt: skip
            report.sections.append(section(fiche))
        sources.verify(s, report)
    del lang
    return report


def _profile(f: _Fiche) -> Section:
    """How often the base mentions the country, and its newest letter."""
    s, report, iso3 = f.session, f.report, f.iso3
    profile = Section("Profiel")
    letters = [d.letter for d in f.dossier.letters]
    n_letters = f.dossier.letters_total
    runs: list[Run] = [
        f"{f.dossier.country.name_nl} ({iso3}) wordt genoemd in {n_letters} "
        f"brie{'f' if n_letters == 1 else 'ven'} in de kennisbank."
    ]
    if letters:
        last = max(letters, key=lambda d: d.day.isoformat() if d.day else "")
        doc = s.get(Document, last.id)
        if doc is not None:
            runs += [
                f" De meest recente is van {dutch_date(doc.date)}.",
                report.cite(sources.letter(s, doc)),
            ]
    profile.blocks.append(Paragraph(runs))
    return profile


def _statistics(f: _Fiche) -> Section:
    """Return statistics of five years (Eurostat) with the rate as a chart, and the
    Frontex detections of the last complete year; old figures said to be old."""
    from partnerships.services import indicators

    kb, user, s, report, iso3 = f.kb, f.user, f.session, f.report, f.iso3
    ind = indicators.country_indicators(kb, user, iso3)
    sec = Section("Indicatoren")
    if ind and ind.series:
        rows: list[list[list[Run]]] = []

        def cite_data(name: str, period: str, what: str) -> list[Run]:
            found = sources.dataset(s, name, period, what, user.levels())
            return [report.cite(found)] if found is not None else []

        def number(value: float | None) -> str:
            return "—" if value is None else _nl(value)

        for r in ind.series[-5:]:
            cite = cite_data("migr_eiord", r.year, "uitzettingsbevelen")
            rate = f"{_nl(r.rate, '0.0')} %" if r.rate is not None else "—"
            cite2 = cite_data("migr_eirtn", r.year, "teruggekeerd")
            rows.append(
                [
                    [r.year],
                    [number(r.orders), *(cite if r.orders is not None else [])],
                    [number(r.returned), *(cite2 if r.returned is not None else [])],
                    [rate],
                ]
            )
        newest = max(int(r.year[:4]) for r in ind.series)
        age = date.today().year - newest
        if age > kb.settings.report_data_age_years:
            note = (
                f"Let op: de nieuwste terugkeercijfers in de kennisbank zijn van {newest}, "
                f"{age} jaar oud; importeer een recentere Eurostat-download."
            )
            sec.blocks.append(Paragraph([note], "note"))
        sec.blocks.append(
            Table(
                f"Terugkeer ({ind.area}, Eurostat)",
                ["Jaar", "Uitzettingsbevelen", "Teruggekeerd", "Effectief terugkeerpercentage"],
                rows,
                numeric={1, 2, 3},
            )
        )
        points = tuple((r.year, r.rate) for r in ind.series if r.rate is not None)
        if points:
            from partnerships.reporting.charts import bar_chart_png

            alt = "Staafdiagram van het effectieve terugkeerpercentage per jaar: " + "; ".join(
                f"{y}: {_nl(v, '0.0')} %" for y, v in points
            )
            sec.blocks.append(
                Figure(
                    bar_chart_png(points, "Jaar", "%"),
                    alt,
                    [
                        "Effectief terugkeerpercentage per jaar "
                        "(teruggekeerd ÷ uitzettingsbevelen).",
                        *_cited(
                            report,
                            sources.dataset(
                                s, "migr_eirtn", points[-1][0], "teruggekeerd", user.levels()
                            ),
                        ),
                    ],
                )
            )
    crossings = indicators.nationality_detections(kb, user, iso3)
    months: dict[str, int] = defaultdict(int)
    for period in crossings.per_month:
        months[period[:4]] += 1
    complete = [y for y in crossings.per_year if months[y.year] == 12]
    if complete:
        last = complete[-1]
        cite = _cited(report, sources.dataset(
            s, "frontex_ibc", last.year, "detecties", user.levels()))  # fmt: skip
        sec.blocks.append(
            Paragraph(
                [
                    f"Frontex registreerde in {last.year} {last.detections:,}".replace(",", ".")
                    + " irreguliere grensoverschrijdingen door onderdanen.",
                    *cite,
                ]
            )
        )
    if not sec.blocks:
        sec.blocks.append(Paragraph(["Geen statistieken in de kennisbank."], "note"))
    return sec


def _return_cooperation(f: _Fiche) -> Section:
    """The Article 25a judgement with its reasons, every analyst value it may rest on
    (each its own footnote), example values flagged and gaps named."""
    from partnerships.services import return_cooperation

    kb, user, s, report, iso3 = f.kb, f.user, f.session, f.report, f.iso3
    a = return_cooperation.assessment(kb, user, iso3)
    sec = Section("Terugkeersamenwerking (art. 25a Visumcode)")
    if a and a.get("jaar"):
        first: list[Run] = [
            f"Oordeel {a['jaar']}: {a['oordeel']}"
            + (f" (trend: {a['trend']})." if a.get("trend") else ".")
        ]
        for name in ("migr_eiord", "migr_eirtn"):
            first += _cited(report, sources.dataset(s, name, a["jaar"], "terugkeer",
                                                    user.levels()))  # fmt: skip
        sec.blocks.append(Paragraph(first))
        for reason in a["redenen"]:
            sec.blocks.append(Paragraph([f"– {reason}"]))
        # every value of the analyst table the judgement may rest on, each with its own
        # footnote (file, row, source, who entered it)
        table = sources.analyst_values(s, iso3, a["jaar"], user.levels())
        if table:
            sec.blocks.append(Paragraph([f"Waarden uit de analistentabel ({a['jaar']}):"]))
        for value in table:
            sec.blocks.append(Paragraph([f"– {value.name}: {value.shown} ({value.period})",
                                         report.cite(value.source)]))  # fmt: skip
        examples = [v for v in table if v.source.example]
        if examples:
            sec.blocks.append(Paragraph([
                "Let op: dit oordeel steunt mede op voorbeeldwaarden (fictief) uit de "
                "analistentabel; het illustreert de methode en is geen beoordeling.",
                *(report.cite(v.source) for v in examples)], "note"))  # fmt: skip
        if a["lacunes"]:
            sec.blocks.append(
                Paragraph(["Ontbrekende gegevens: " + "; ".join(a["lacunes"]) + "."], "note")
            )
    else:
        sec.blocks.append(Paragraph(["Geen gegevens voor een beoordeling."], "note"))
    return sec


def _decision(f: _Fiche) -> Section:
    """The decision in force for the country, cited by its version."""
    from partnerships.services import decisions

    sec = Section("Instrumenten en besluit")
    history = decisions.decision_history(f.kb, f.user, f.iso3) or []
    if history:
        current = history[0]
        named = ", ".join(i.name_nl for i in current.instruments) or "geen instrumenten"
        cite_runs: list[Run] = [
            f"Huidig besluit: {current.record.title} — {named}. "
            f"Motivering: {current.record.rationale}",
            f.report.cite(sources.decision(current)),
        ]
        sec.blocks.append(Paragraph(cite_runs))
    else:
        sec.blocks.append(Paragraph(["Geen besluit vastgelegd."], "note"))
    return sec


def _programmes(f: _Fiche) -> Section:
    """The programmes in the country over their whole term."""
    sec = Section("Programma's en budget")
    live = ProgrammeRepository(f.session).listed(f.user.levels(), f.iso3)
    if live:
        span = (date(1900, 1, 1), date(2100, 12, 31))
        sec.blocks.append(
            _programme_table(f.report, live, span, "Programma's in dit land (hele looptijd)")
        )
    else:
        sec.blocks.append(Paragraph(["Geen programma's vastgelegd."], "note"))
    return sec


def _risks(f: _Fiche) -> Section:
    """The do-no-harm assessment and each risk, cited by its register entry."""
    from partnerships.services import risks

    sec = Section("Risico's (do no harm)")
    register = risks.country_risks(f.kb, f.user, f.iso3)
    if register:
        state = register.state
        sec.blocks.append(Paragraph([f"Do-no-harm-toets: {state.state} ({state.reason})."]))
        for entry in register.entries:
            v, r = entry.current, entry.current.risk
            runs: list[Run] = [
                f"{v.category_name}: {r.description} (kans × impact {r.score}, "
                f"{r.level}). Mitigatie: {r.mitigation}.",
                f.report.cite(sources.risk(v)),
            ]
            sec.blocks.append(Paragraph(runs))
    return sec


def _commitments(f: _Fiche) -> Section:
    """The commitments whose own paragraph is about the country."""
    from partnerships.services import commitments

    kb, user, s, report, iso3 = f.kb, f.user, f.session, f.report, f.iso3
    sec = Section("Toezeggingen")
    for i in commitments.tracker(kb, user, date.today(), country=iso3, limit=15,
                                 proposals=False):  # fmt: skip
        runs: list[Run] = [f"{i.text} — {i.status}"]
        if i.letter:
            doc = s.get(Document, i.letter.id)
            if doc is not None:
                runs.append(report.cite(sources.letter(s, doc)))
        sec.blocks.append(Paragraph(runs))
    if not sec.blocks:
        sec.blocks.append(
            Paragraph(["Geen toezegging gaat volgens haar eigen alinea over dit land."], "note")
        )
    return sec
