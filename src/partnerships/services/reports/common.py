"""What the four reports share: the period, Dutch numbers, the narratives people wrote,
the letters and passages of a period, the programme table and the footnoting helpers."""

from __future__ import annotations

import bisect
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

import partnerships.services.reports.sources as sources
from partnerships.domain.context import UserContext
from partnerships.domain.programmes import Programme
from partnerships.ingest.commitments import split_sentences
from partnerships.reporting.dates import dutch_date
from partnerships.reporting.model import (
    Narrative,
    Paragraph,
    Report,
    Run,
    Section,
    Source,
    Table,
)
from partnerships.store.clearance import cleared
from partnerships.store.report_texts import ReportTextRepository
from partnerships.store.schema import (
    CommitmentRow,
    Document,
    ReportText,
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


def _texts(s: Session, user: UserContext, report: str, key: str) -> dict[str, ReportText]:
    """The newest version the user may see of every narrative of this report and period."""
    out: dict[str, ReportText] = {}
    for row in ReportTextRepository(s).visible(report, key, user.levels()):
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
                cleared(Document.classification, user.levels()),
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


def _money_in(row: Programme, period: Period) -> tuple[float, float]:
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


def _active(row: Programme, period: Period) -> bool:
    spent, committed = _money_in(row, period)
    if spent or committed:
        return True
    start = row.start_date or date.min
    end = row.end_date or date.max
    return start <= period[1] and end >= period[0]


def _programme_table(report: Report, rows: list[Programme], period: Period, caption: str) -> Table:
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
    return f"{dutch_date(period[0])} tot en met {dutch_date(period[1])}"


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
        due = dutch_date(c.due_date) if c.due_date else "geen termijn"
        rows.append([[due], [c.text, report.cite(sources.letter(s, doc))]])
    if rows:
        sec.blocks.append(
            Table("Toezeggingen gedaan in deze periode", ["Uiterlijk", "Toezegging"], rows)
        )
    return sec
