"""Footnote texts for records in the base, and the check that every footnote of a report
still points at a record that exists.

A letter is cited the way parliament cites it — subject, date, kenmerk and, when it has one,
its Kamerstuk number; a dataset by name, period and release; programmes, decisions and risks
by their identity in the base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerships.domain.programmes import Programme
from partnerships.domain.provenance import release_text
from partnerships.reporting.dates import dutch_date
from partnerships.reporting.model import Report, Source
from partnerships.services.decisions import DecisionVersion
from partnerships.services.risks import RiskVersion
from partnerships.store.clearance import cleared
from partnerships.store.schema import (
    DecisionRow,
    Document,
    DocumentKey,
    IndicatorRelease,
    IndicatorValue,
    ProgrammeRow,
    RiskRow,
)


def kamerstuk(session: Session, document_id: int) -> str | None:
    """'Kamerstuk 35300-VI, nr. 37' when the letter carries its own Kamerstuk number."""
    keys = session.scalars(
        select(DocumentKey.key).where(
            DocumentKey.document_id == document_id, DocumentKey.key.like("kst:%")
        )
    )
    for key in keys:
        parts = key.split(":")
        if len(parts) == 3:
            return f"Kamerstuk {parts[1]}, nr. {parts[2]}"
    return None


def letter(session: Session, doc: Document) -> Source:
    # named by subject, date, kenmerk and Kamerstuk — never by its file name
    label = (f"Kamerbrief ‘{doc.subject}’ van {dutch_date(doc.date)}" if doc.subject
             else f"Kamerbrief van {dutch_date(doc.date)}")  # fmt: skip
    if doc.kenmerk:
        label += f", kenmerk {doc.kenmerk}"
    kst = kamerstuk(session, doc.id)
    if kst:
        label += f" ({kst})"
    if doc.sender_ministry:
        label += f"; {doc.sender_ministry}"
    return Source(f"document:{doc.id}", label + ".")


def dataset(
    session: Session, name: str, period: str, what: str, levels: Sequence[str]
) -> Source | None:
    """A statistical dataset in one period, with the release it came from; None when no
    release the reader may see (``levels``) holds the period, so nothing is cited that the
    reader cannot check, and a confidential file's name never reaches a public report."""
    rel = session.scalar(
        select(IndicatorRelease)
        .join(IndicatorValue, IndicatorValue.release_id == IndicatorRelease.id)
        .where(IndicatorValue.dataset == name, IndicatorValue.period.like(f"{period}%"),
               IndicatorValue.superseded_by.is_(None), IndicatorValue.is_total.is_not(False),
               cleared(IndicatorRelease.classification, levels))
        .limit(1)
    )  # fmt: skip
    if rel is None:
        return None
    publisher = "Frontex" if name.startswith("frontex") else (
        "analistentabel" if name == "analyst_table" else "Eurostat")  # fmt: skip
    label = (
        f"{publisher}, {name} ({what}), {period}, "
        f"{release_text(rel.release, rel.release_stated)}, bestand {rel.file_name}"
    )
    return Source(f"dataset:{name}:{period}", label + ".")


#: a value imported before rows were kept (import the table again to cite its row)
_NO_ROW = "rij niet vastgelegd (ingelezen voordat de rij werd bewaard; lees de tabel opnieuw in)"


@dataclass(frozen=True, slots=True)
class AnalystValue:
    """One value of the analyst table as a report shows it, with its own footnote."""

    code: str
    name: str
    period: str
    shown: str  # the value as it reads in Dutch ('45 dagen', 'ja', 'onderhandeling')
    source: Source


def analyst_values(
    session: Session, country: str, year: str, levels: Sequence[str]
) -> list[AnalystValue]:
    """The analyst table's current values for one country and year, each with a footnote
    of its own: the file, the row, what the value is, its source and who entered it;
    ``example`` when the value is marked as an example or fictitious (flagged in the text
    and refused in a final report, each by its row)."""
    from partnerships.domain.provenance import is_example
    from partnerships.ingest.analyst_table import INDICATORS

    rows = session.execute(
        select(IndicatorValue, IndicatorRelease)
        .join(IndicatorRelease, IndicatorValue.release_id == IndicatorRelease.id)
        .where(IndicatorValue.dataset == "analyst_table", IndicatorValue.geo == country,
               IndicatorValue.period.like(f"{year}%"), IndicatorValue.superseded_by.is_(None),
               cleared(IndicatorRelease.classification, levels))
        .order_by(IndicatorValue.id)
    ).all()  # fmt: skip
    out = []
    for value, release in rows:
        dims = value.dims or {}
        code = dims.get("indicator", "")
        spec = INDICATORS.get(code)
        name = spec.name_nl if spec else code
        unit = dims.get("eenheid", "")
        if dims.get("categorie"):
            shown = dims["categorie"]
        elif value.value is None:
            shown = "—"
        else:
            shown = format_decimal(value.value, locale="nl") + (f" {unit}" if unit else "")
        row = dims.get("rij")
        where = f"rij {row}" if row else _NO_ROW
        label = (f"Analistentabel, bestand {release.file_name}, {where}: {name} ({code}), "
                 f"{country} {value.period}: {shown}")  # fmt: skip
        if dims.get("bron"):
            label += f"; bron: {dims['bron']}"
        if dims.get("toelichting"):
            label += f"; toelichting: {dims['toelichting']}"
        label += f"; ingevoerd door {dims.get('ingevoerd_door') or 'niet vermeld'}"
        label += f", ingelezen {release.imported_at:%d-%m-%Y}"
        example = is_example(dims.get("bron"), dims.get("toelichting"))
        if example:
            label += "; VOORBEELDWAARDE (fictief), niet voor besluitvorming"
        ref = f"analyst:{release.id}:{country}:{code}:{value.period}"
        out.append(AnalystValue(code, name, value.period, shown,
                                Source(ref, label + ".", example)))  # fmt: skip
    return out


def programme(row: Programme) -> Source:
    origin = "IATI-activiteit" if row.source == "iati" else "programma (handmatig ingevoerd)"
    label = f"{origin} {row.identifier}, ‘{row.title}’"
    if row.reporting_name:
        label += f", gepubliceerd door {row.reporting_name}"
    return Source(f"programme:{row.identifier}", label + ".")


def decision(version: DecisionVersion) -> Source:
    """The reference names the stored version; the text the number among the versions the
    reader may see (the stored one would reveal hidden versions by its gaps)."""
    r = version.record
    created = r.created_at.date() if r.created_at else None
    return _decision(r.country, r.version, version.shown, r.status, r.author, created)


def decision_row(row: DecisionRow, shown_version: int) -> Source:
    """As ``decision``, for a row the report read itself (the pillar report's decisions)."""
    created = row.created_at.date()
    return _decision(row.country, row.version, shown_version, row.status, row.author, created)


def _decision(
    country: str, version: int, shown: int, status: str, author: str, created: date | None
) -> Source:
    when = dutch_date(created) if created else "onbekende datum"
    return Source(
        f"decision:{country}:{version}",
        f"Besluit {country} versie {shown} ({status}), vastgelegd door {author} op {when}.",
    )


def risk(version: RiskVersion) -> Source:
    """The reference names the stored version; the text the number the reader sees, so a
    footnote never tells of a version above the reader's clearance."""
    r = version.risk
    return Source(
        f"risk:{r.key}:{r.version}",
        f"Do-no-harm-register {r.country}, risico {r.key[:8]} versie {version.shown}, "
        f"eigenaar {r.owner}, herbeoordeling {dutch_date(r.review_date)}.",
    )


def resolves(session: Session, ref: str) -> bool:
    """Does the record a footnote names exist in the base?"""
    kind, _, rest = ref.partition(":")
    if kind == "document":
        return rest.isdigit() and session.get(Document, int(rest)) is not None
    if kind == "dataset":
        name, _, period = rest.partition(":")
        found = session.scalar(
            select(IndicatorValue.id).where(IndicatorValue.dataset == name,
                                            IndicatorValue.period.like(f"{period}%")).limit(1)
        )  # fmt: skip
        return found is not None
    if kind == "analyst":  # one value of an analyst table: release, country, indicator, period
        release, country, code, period = [*rest.split(":"), "", "", "", ""][:4]
        if not release.isdigit():
            return False
        found = session.scalar(
            select(IndicatorValue.id).where(
                IndicatorValue.release_id == int(release),
                IndicatorValue.dataset == "analyst_table", IndicatorValue.geo == country,
                IndicatorValue.period == period,
                IndicatorValue.dims["indicator"].as_string() == code).limit(1)
        )  # fmt: skip
        return found is not None
    if kind == "programme":
        return (
            session.scalar(select(ProgrammeRow.id).where(ProgrammeRow.identifier == rest))
            is not None
        )
    if kind == "decision":
        country, _, version = rest.partition(":")
        return version.isdigit() and session.scalar(
            select(DecisionRow.id).where(DecisionRow.country == country,
                                         DecisionRow.version == int(version))
        ) is not None  # fmt: skip
    if kind == "risk":
        key, _, version = rest.partition(":")
        return version.isdigit() and session.scalar(
            select(RiskRow.id).where(RiskRow.risk_key == key, RiskRow.version == int(version))
        ) is not None  # fmt: skip
    return False


def verify(session: Session, report: Report) -> None:
    """Move every footnote that does not resolve into the report's list of unresolved
    sources (its number stays, so the text still reads; the list says what is missing)."""
    report.unresolved = [s for s in report.sources if not resolves(session, s.ref)]
