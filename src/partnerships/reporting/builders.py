"""Build the four reports from the base: every figure and quote carries its source.

Builders read through the services (so clearances apply) and the session only for what a
footnote needs (a letter's Kamerstuk number, a dataset's release). A period without data
gives a short report that says so.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.analysis.measures import catalogue
from partnerships.analysis.reference import names
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.ingest.commitments import split_sentences
from partnerships.reporting import sources
from partnerships.reporting.model import (
    Figure,
    Narrative,
    Paragraph,
    Report,
    Run,
    Section,
    Source,
    Table,
)
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.decisions import DecisionRepository
from partnerships.store.locks import serialise_writers
from partnerships.store.schema import (
    CommitmentRow,
    DecisionRow,
    Document,
    ProgrammeRow,
    ReportText,
    RiskRow,
)

Period = tuple[date, date]


def parse_period(raw: str | None, today: date | None = None) -> Period:
    """'2020', '2020:2021', '2020-03-01:2020-12-31'; default: the previous calendar year."""
    today = today or date.today()
    if not raw:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    first, _, last = raw.partition(":")
    last = last or first

    def one(text: str, end: bool) -> date:
        text = text.strip()
        if len(text) == 4 and text.isdigit():
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        return date.fromisoformat(text)

    try:
        period = one(first, False), one(last, True)
    except ValueError:
        raise ValueError(
            f"period {raw!r}: write JJJJ, JJJJ:JJJJ or JJJJ-MM-DD:JJJJ-MM-DD"
        ) from None
    if period[0] > period[1]:
        raise ValueError(f"period {raw!r} ends before it starts")
    return period


def period_key(period: Period) -> str:
    return f"{period[0].isoformat()}:{period[1].isoformat()}"


def _nl(value: float, pattern: str = "#,##0") -> str:
    """A number as Dutch writes it (Babel): '6.000', '32,5'."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, format=pattern, locale="nl"))


def _eur(value: float) -> str:
    return "EUR " + _nl(value)


def _visible_texts(s: Session, user: UserContext, report: str, key: str) -> list[ReportText]:
    """Every version of this report's narratives the user may see, newest first."""
    return list(
        s.scalars(
            select(ReportText)
            .where(
                ReportText.report == report,
                ReportText.period == key,
                ReportText.classification.in_(user.levels()),
            )
            .order_by(ReportText.version.desc())
        )
    )


def _texts(s: Session, user: UserContext, report: str, key: str) -> dict[str, ReportText]:
    """The newest version the user may see of every narrative of this report and period."""
    out: dict[str, ReportText] = {}
    for row in _visible_texts(s, user, report, key):
        out.setdefault(row.section, row)
    return out


def _narrative(texts: dict[str, ReportText], section: str, title: str) -> Narrative:
    row = texts.get(section)
    if row is None:
        return Narrative(section, title, "")
    return Narrative(section, title, row.text, row.version, row.author)


def _sentence(text: str, start: int) -> str:
    spans = split_sentences(text)
    i = bisect.bisect_right(spans, (start, len(text) + 1)) - 1
    if 0 <= i < len(spans) and spans[i][0] <= start < spans[i][1]:
        return text[spans[i][0] : spans[i][1]].strip()
    return text[max(0, start - 80) : start + 160].strip()


#: at most this many quoted passages per pillar or objective, the most relevant first
QUOTES_PER_SECTION = 6


def _letters_in(s: Session, user: UserContext, period: Period) -> list[Document]:
    """The letters of the period about international migration: the extractor's verdict
    unless an analyst's overrides it; letters not yet assessed (stored before topics were
    read) count as migration letters until `partnerships reextract` judges them."""
    from sqlalchemy import and_, or_

    from partnerships.store.schema import TopicOverride

    verdict = select(TopicOverride.verdict).where(
        TopicOverride.document_id == Document.id, TopicOverride.scheme == "migratie",
        TopicOverride.code == 0).scalar_subquery()  # fmt: skip
    about = or_(verdict.is_(True), and_(verdict.is_(None), Document.migration.is_not(False)))
    return list(
        s.scalars(
            select(Document)
            .where(
                Document.date >= period[0],
                Document.date <= period[1],
                Document.classification.in_(user.levels()),
                about,
            )
            .order_by(Document.date)
        )
    )


def _excerpt(body: str, start: int, end: int, limit: int = 420) -> str:
    """A paragraph as a quote: its first sentences up to ``limit`` characters."""
    text = body[start:end].strip()
    if len(text) <= limit:
        return text
    spans = split_sentences(text)
    out = ""
    for _a, b in spans:
        if out and len(text[:b]) > limit:
            break
        out = text[:b].strip()
    return out or text[:limit].rsplit(" ", 1)[0] + " …"


def _passages_by_code(
    s: Session, letter_ids: list[int], scheme: str, by_id: dict[int, Document],
    confirmed_only: bool = False,
) -> dict[int, list[tuple[int, int, int]]]:  # fmt: skip
    """Per pillar or objective the paragraphs that touch it, surest and newest first; a
    paragraph goes to the one it touches most surely, so no passage is quoted twice.
    ``confirmed_only`` (a final report): only topics an analyst confirmed."""
    from partnerships.store.topics import TopicRepository

    rows = TopicRepository(s).passages(letter_ids, scheme, confirmed_only=confirmed_only)
    taken: set[tuple[int, int]] = set()
    out: dict[int, list[tuple[int, int, int, float]]] = {}
    for doc_id, code, start, end, confidence, _basis in rows:  # surest first
        if (doc_id, start) in taken or doc_id not in by_id:
            continue
        taken.add((doc_id, start))
        out.setdefault(code, []).append((doc_id, start, end, confidence))
    return {code: [(d, a, b) for d, a, b, _c in sorted(
        items, key=lambda x: (-x[3], -(by_id[x[0]].date or date.min).toordinal()))]
        for code, items in out.items()}  # fmt: skip


def _return_figures(
    s: Session, user: UserContext, report: Report, period: Period
) -> list[Paragraph]:
    """Pillar 4's figures: orders to leave and returns from the Netherlands (Eurostat) in
    the period's years, each footnoted; or, when the base has none for the period, which
    year it does have — never a figure from outside the period as if it were in it."""
    from partnerships.store.indicators import IndicatorRepository

    repo = IndicatorRepository(s, user.levels())
    years = {str(y) for y in range(period[0].year, period[1].year + 1)}
    rows: dict[str, dict[str, float]] = {}
    for name in ("migr_eiord", "migr_eirtn"):
        for v, _rel in repo.series(name, "TOTAL", "NLD", totals=True):
            if v.value is not None:
                rows.setdefault(v.period[:4], {})[name] = v.value
    inside = sorted(y for y in rows if y in years and len(rows[y]) == 2)
    out: list[Paragraph] = []
    for y in inside:
        ordered, returned = rows[y]["migr_eiord"], rows[y]["migr_eirtn"]
        runs: list[Run] = [
            f"Nederland vaardigde in {y} {_nl(ordered)} terugkeerbesluiten uit; "
            f"{_nl(returned)} derdelanders keerden terug "
            f"({_nl(100 * returned / ordered, '0.0')} %)."
            if ordered
            else f"Nederland: {_nl(returned)} derdelanders keerden in {y} terug."
        ]
        for name in ("migr_eiord", "migr_eirtn"):
            runs += _cited(report, sources.dataset(s, name, y, "Nederland, totaal",
                                                  user.levels()))  # fmt: skip
        out.append(Paragraph(runs))
    if not inside and rows:
        newest = max(rows)
        out.append(Paragraph([
            f"Voor deze periode staan geen terugkeercijfers van Nederland in de kennisbank; "
            f"de nieuwste zijn van {newest} (importeer een recentere Eurostat-download)."],
            "note"))  # fmt: skip
    return out


def _cited(report: Report, source: Source | None) -> list[Run]:
    """The footnote for a source the reader may see, or nothing."""
    return [report.cite(source)] if source is not None else []


def _money_in(row: ProgrammeRow, period: Period) -> tuple[float, float]:
    # in euros at the ECB rate of each value's date (services/programmes, ingest/currency)
    spent = sum(
        m.value_eur or 0.0
        for m in row.money
        if m.kind in ("disbursement", "expenditure") and period[0] <= m.period_start <= period[1]
    )
    committed = sum(
        m.value_eur or 0.0
        for m in row.money
        if m.kind == "commitment" and period[0] <= m.period_start <= period[1]
    )
    return spent, committed


def _active(row: ProgrammeRow, period: Period) -> bool:
    spent, committed = _money_in(row, period)
    if spent or committed:
        return True
    start = row.start_date or date.min
    end = row.end_date or date.max
    return start <= period[1] and end >= period[0]


def _programme_table(
    report: Report, rows: list[ProgrammeRow], period: Period, caption: str
) -> Table:
    body: list[list[list[Run]]] = []
    for row in rows:
        cite = report.cite(sources.programme(row))
        spent, committed = _money_in(row, period)
        countries = ", ".join(c.iso3 for c in row.countries) or "regionaal"
        body.append([[row.title, cite], [countries], [_eur(committed)], [_eur(spent)]])
    return Table(
        caption,
        ["Programma", "Landen", "Verplicht in periode", "Uitbetaald in periode"],
        body,
        numeric={2, 3},
    )


def _new(kind: str, title: str, subject: str, period: Period | None) -> Report:
    return Report(kind, title, subject, period, datetime.now(UTC))


def _period_text(period: Period) -> str:
    return f"{sources.dutch_date(period[0])} tot en met {sources.dutch_date(period[1])}"


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
        programmes = [
            p
            for p in s.scalars(
                select(ProgrammeRow).where(ProgrammeRow.classification.in_(user.levels()))
            )
            if _active(p, period)
        ]
        decisions = list(
            s.scalars(
                select(DecisionRow).where(
                    DecisionRow.classification.in_(user.levels()),
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
                                sources.decision(
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


def _commitments_section(
    s: Session,
    user: UserContext,
    report: Report,
    promises: list[CommitmentRow],
    by_id: dict[int, Document],
) -> Section:
    sec = Section("Toezeggingen uit deze periode")
    rows: list[list[list[Run]]] = []
    for c in sorted(promises, key=lambda c: c.due_date or date.max):
        if c.kind in ("fulfilment", "intention"):
            continue  # a report of a kept promise, or an intention: nothing promised
        doc = by_id[c.document_id]
        due = sources.dutch_date(c.due_date) if c.due_date else "geen termijn"
        rows.append([[due], [c.text, report.cite(sources.letter(s, doc))]])
    if rows:
        sec.blocks.append(
            Table("Toezeggingen gedaan in deze periode", ["Uiterlijk", "Toezegging"], rows)
        )
    return sec


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
        programmes = [
            p
            for p in s.scalars(
                select(ProgrammeRow).where(ProgrammeRow.classification.in_(user.levels()))
            )
            if _active(p, period)
        ]
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
        items = [
            i
            for i in items
            if i["document"]
            and i["document"]["datum"]
            and period[0].isoformat() <= i["document"]["datum"] <= period[1].isoformat()
        ]
    with kb.session() as s:
        late = [i for i in items if i["status"] == OVERDUE]
        open_ = [i for i in items if i["status"] == "open"]
        report.sections.append(
            Section(
                "Samenvatting",
                [
                    Paragraph(
                        [
                            f"Op {sources.dutch_date(today)} staan {len(items)} toezeggingen "
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
                runs = [i["tekst"]]
                if i["document"]:
                    doc = s.get(Document, i["document"]["id"])
                    if doc is not None:
                        runs.append(report.cite(sources.letter(s, doc)))
                else:
                    runs.append(" (toegezegd buiten een brief)")
                due = (
                    sources.dutch_date(date.fromisoformat(i["uiterlijk"]))
                    if i["uiterlijk"]
                    else "geen termijn"
                )
                rows.append([[due], runs, [i["verantwoordelijk"] or "onbekend"]])
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


# ---------------------------------------------------------------- country fiche


def country_fiche(kb: KnowledgeBase, user: UserContext, code: str, lang: str = "nl") -> Report:
    from partnerships.services import (
        commitments,
        decisions,
        indicators,
        programmes,
        queries,
        return_cooperation,
        risks,
    )

    dossier = queries.country_dossier(kb, user, code)
    if dossier is None:
        raise ValueError(f"not a country: {code!r}")
    iso3 = dossier["code"]
    report = _new(
        "country", f"Landenfiche {dossier['naam']}", f"Landenfiche {dossier['naam']} ({iso3})", None
    )
    with kb.session() as s:
        profile = Section("Profiel")
        letters = dossier["documenten"]
        n_letters = dossier["documentenTotaal"]
        runs: list[Run] = [
            f"{dossier['naam']} ({iso3}) wordt genoemd in {n_letters} "
            f"brie{'f' if n_letters == 1 else 'ven'} in de kennisbank."
        ]
        if letters:
            last = max(letters, key=lambda d: d["datum"] or "")
            doc = s.get(Document, last["id"])
            if doc is not None:
                runs += [
                    f" De meest recente is van {sources.dutch_date(doc.date)}.",
                    report.cite(sources.letter(s, doc)),
                ]
        profile.blocks.append(Paragraph(runs))
        report.sections.append(profile)

        ind = indicators.country_indicators(kb, user, iso3)
        sec = Section("Indicatoren")
        if ind and ind["reeks"]:
            rows: list[list[list[Run]]] = []

            def cite_data(name: str, period: str, what: str) -> list[Run]:
                found = sources.dataset(s, name, period, what, user.levels())
                return [report.cite(found)] if found is not None else []

            def number(value: float | None) -> str:
                return "—" if value is None else _nl(value)

            for r in ind["reeks"][-5:]:
                cite = cite_data("migr_eiord", r["jaar"], "uitzettingsbevelen")
                rate = (
                    f"{_nl(r['effectiefTerugkeerpercentage'], '0.0')} %"
                    if r["effectiefTerugkeerpercentage"] is not None
                    else "—"
                )
                cite2 = cite_data("migr_eirtn", r["jaar"], "teruggekeerd")
                rows.append(
                    [
                        [r["jaar"]],
                        [
                            number(r["uitzettingsbevelen"]),
                            *(cite if r["uitzettingsbevelen"] is not None else []),
                        ],
                        [
                            number(r["teruggekeerd"]),
                            *(cite2 if r["teruggekeerd"] is not None else []),
                        ],
                        [rate],
                    ]
                )
            newest = max(int(r["jaar"][:4]) for r in ind["reeks"])
            age = date.today().year - newest
            if age > kb.settings.report_data_age_years:
                note = (
                    f"Let op: de nieuwste terugkeercijfers in de kennisbank zijn van {newest}, "
                    f"{age} jaar oud; importeer een recentere Eurostat-download."
                )
                sec.blocks.append(Paragraph([note], "note"))
            sec.blocks.append(
                Table(
                    f"Terugkeer ({ind['rapporterend']}, Eurostat)",
                    ["Jaar", "Uitzettingsbevelen", "Teruggekeerd", "Effectief terugkeerpercentage"],
                    rows,
                    numeric={1, 2, 3},
                )
            )
            points = tuple(
                (r["jaar"], r["effectiefTerugkeerpercentage"])
                for r in ind["reeks"]
                if r["effectiefTerugkeerpercentage"] is not None
            )
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
        for period in crossings["perMaand"]:
            months[period[:4]] += 1
        complete = [y for y in crossings["perJaar"] if months[y["jaar"]] == 12]
        if complete:
            last = complete[-1]
            cite = _cited(report, sources.dataset(
                s, "frontex_ibc", last["jaar"], "detecties", user.levels()))  # fmt: skip
            sec.blocks.append(
                Paragraph(
                    [
                        f"Frontex registreerde in {last['jaar']} {last['detecties']:,}".replace(
                            ",", "."
                        )
                        + " irreguliere grensoverschrijdingen door onderdanen.",
                        *cite,
                    ]
                )
            )
        if not sec.blocks:
            sec.blocks.append(Paragraph(["Geen statistieken in de kennisbank."], "note"))
        report.sections.append(sec)

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
        report.sections.append(sec)

        sec = Section("Instrumenten en besluit")
        history = decisions.decision_history(kb, user, iso3) or []
        if history:
            current = history[0]
            row = DecisionRepository(s).newest_visible_row(iso3, user.levels())
            cite_runs: list[Run] = [
                f"Huidig besluit: {current['titel']} — "
                + (", ".join(i["naam"] for i in current["instrumenten"]) or "geen instrumenten")
                + f". Motivering: {current['motivering']}"
            ]
            if row is not None:
                cite_runs.append(report.cite(sources.decision(row, current["versie"])))
            sec.blocks.append(Paragraph(cite_runs))
        else:
            sec.blocks.append(Paragraph(["Geen besluit vastgelegd."], "note"))
        report.sections.append(sec)

        sec = Section("Programma's en budget")
        mine = programmes.list_programmes(kb, user, iso3)
        rows_ = [s.get(ProgrammeRow, p["id"]) for p in mine]
        live = [r for r in rows_ if r is not None]
        if live:
            span = (date(1900, 1, 1), date(2100, 12, 31))
            sec.blocks.append(
                _programme_table(report, live, span, "Programma's in dit land (hele looptijd)")
            )
        else:
            sec.blocks.append(Paragraph(["Geen programma's vastgelegd."], "note"))
        report.sections.append(sec)

        sec = Section("Risico's (do no harm)")
        register = risks.country_risks(kb, user, iso3)
        if register:
            sec.blocks.append(
                Paragraph(
                    [
                        f"Do-no-harm-toets: {register['toets']['status']} "
                        f"({register['toets']['toelichting']})."
                    ]
                )
            )
            for r in register["risicos"]:
                risk_row = s.scalar(
                    select(RiskRow).where(
                        RiskRow.risk_key == r["sleutel"], RiskRow.version == r["versie"]
                    )
                )
                runs = [
                    f"{r['categorieNaam']}: {r['omschrijving']} (kans × impact {r['score']}, "
                    f"{r['niveau']}). Mitigatie: {r['mitigatie']}."
                ]
                if risk_row is not None:
                    runs.append(report.cite(sources.risk(risk_row)))
                sec.blocks.append(Paragraph(runs))
        report.sections.append(sec)

        sec = Section("Toezeggingen")
        for i in commitments.tracker(kb, user, date.today(), country=iso3, limit=15,
                                     proposals=False):  # fmt: skip
            runs = [f"{i['tekst']} — {i['status']}"]
            if i["document"]:
                doc = s.get(Document, i["document"]["id"])
                if doc is not None:
                    runs.append(report.cite(sources.letter(s, doc)))
            sec.blocks.append(Paragraph(runs))
        if not sec.blocks:
            sec.blocks.append(
                Paragraph(["Geen toezegging gaat volgens haar eigen alinea over dit land."], "note")
            )
        report.sections.append(sec)
        sources.verify(s, report)
    del lang
    return report


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
        serialise_writers(s, f"report_texts:{kind}:{key}:{section}")
        last = s.scalar(
            select(ReportText.version)
            .where(
                ReportText.report == kind, ReportText.period == key, ReportText.section == section
            )
            .order_by(ReportText.version.desc())
            .limit(1)
        )
        version = int(last or 0) + 1
        s.add(
            ReportText(
                report=kind,
                period=key,
                section=section,
                version=version,
                text=text.strip(),
                author=user.user_id,
                created_at=datetime.now(UTC),
                classification=classification,
            )
        )
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
        for row in _visible_texts(s, user, kind, key):
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
