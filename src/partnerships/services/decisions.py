"""Decision records per country: recorded by analysts, versioned, shown by clearance.

A new version is checked before it is written: its instruments must be in the catalogue and
every piece of evidence must point at something that exists in the base (a letter, an
imported dataset, an assessment year, a criteria version), so the record stays traceable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from partnerships.analysis.measures import catalogue, measure_codes
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.countries import country_iso3
from partnerships.domain.decisions import DecisionError, DecisionRecord, Evidence
from partnerships.domain.errors import Forbidden, Refusal, problem
from partnerships.domain.risks import assessment_state
from partnerships.services.unit_of_work import EvidenceIndex, Units


@dataclass(frozen=True, slots=True)
class NamedInstrument:
    """An instrument of a decision with its names from the catalogue."""

    code: str
    name_nl: str
    name_en: str


@dataclass(frozen=True, slots=True)
class DecisionVersion:
    """One version of a country's decision as a reader sees it: ``shown`` numbers it among
    the versions that reader may see (a gap would reveal a hidden version); footnotes cite
    the stored ``record.version``."""

    record: DecisionRecord
    shown: int
    instruments: tuple[NamedInstrument, ...]


def _version(record: DecisionRecord, shown: int) -> DecisionVersion:
    names = {m.code: m for m in catalogue()[0]}
    instruments = tuple(
        NamedInstrument(c, names[c].name_nl, names[c].name_en)
        if c in names
        else NamedInstrument(c, c, c)
        for c in record.instruments
    )
    return DecisionVersion(record, shown, instruments)


def _check_evidence(evidence_index: EvidenceIndex, evidence: tuple[Evidence, ...]) -> None:
    """Every piece of evidence must point at something in the base; all problems at once."""
    problems: list[Refusal] = []
    for ev in evidence:
        if ev.kind == "document":
            if not ev.ref.isdigit() or not evidence_index.has_document(int(ev.ref)):
                problems.append(problem("document %(ref)r is not in the base", ref=ev.ref))
        elif ev.kind == "indicator":
            if ev.ref.split(":")[0] not in evidence_index.imported_datasets():
                problems.append(problem("dataset %(dataset)r has not been imported",
                                        dataset=ev.ref.split(":")[0]))  # fmt: skip
        elif ev.kind == "ranking" and ev.ref.isdigit():
            if not evidence_index.has_criteria_version(int(ev.ref)):
                problems.append(problem("criteria version %(version)s does not exist",
                                        version=ev.ref))  # fmt: skip
        elif ev.kind == "assessment" and not (len(ev.ref) == 4 and ev.ref.isdigit()):
            problems.append(problem("assessment reference must be a year, found %(ref)r",
                                    ref=ev.ref))  # fmt: skip
    if problems:
        raise DecisionError.of(problems)


def record_decision(base: Units, user: UserContext, record: DecisionRecord) -> DecisionVersion:
    """Validate and store the country's next decision version; returns it."""
    if not user.may_edit:
        raise Forbidden("only analysts may record decisions")
    iso3 = country_iso3(record.country)
    if iso3 is None:
        raise DecisionError("not a country: %(country)r", country=record.country)
    if not user.clears(record.classification):
        raise Forbidden("you cannot record a decision above your own clearance")
    rec = DecisionRecord(
        country=iso3,
        title=record.title.strip(),
        instruments=tuple(dict.fromkeys(record.instruments)),
        rationale=record.rationale.strip(),
        weighed=record.weighed.strip(),
        evidence=record.evidence,
        status=record.status,
        classification=record.classification,
        author=user.user_id,
        note=record.note.strip(),
    )
    rec.validate(measure_codes(), CLEARANCES)
    with base.unit_of_work() as uow:
        _check_evidence(uow.evidence, rec.evidence)
        if rec.status == "actief":  # do no harm first: never active on a missing or lapsed one
            state = assessment_state(uow.risks.current(iso3), date.today())
            if not state.current:
                raise DecisionError(
                    "a decision for %(country)s cannot be active: do-no-harm assessment "
                    "%(state)s (%(reason)s); record or review the risks first",
                    country=iso3, state=state.state, reason=state.reason)  # fmt: skip
        newest = uow.decisions.newest(iso3)
        if newest is not None and not user.clears(newest.classification):
            # superseding a decision the author cannot see is refused, without saying more
            raise DecisionError(
                "no decision can be recorded for %(country)s with your clearance; ask an analyst "
                "with a higher clearance", country=iso3)  # fmt: skip
        shown = len(uow.decisions.history(iso3, user.levels())) + 1
        stored = uow.decisions.add(rec)
        uow.audit.append(
            user.user_id,
            "decision",
            f"decision:{iso3}:{stored.version}",
            {"status": stored.status, "rubricering": stored.classification},
        )
        uow.commit()
    return _version(stored, shown)


def decision_history(base: Units, user: UserContext, code: str) -> list[DecisionVersion] | None:
    """All versions the user may see, newest first; None when ``code`` is not a country.
    Reading a confidential version is recorded in the audit trail."""
    iso3 = country_iso3(code)
    if iso3 is None:
        return None
    with base.unit_of_work() as uow:
        history = uow.decisions.history(iso3, user.levels())
        secret = [r.version for r in history if r.classification == "vertrouwelijk"]
        if secret:
            uow.audit.append(user.user_id, "view_confidential", f"decisions:{iso3}",
                             {"versies": secret})  # fmt: skip
            uow.commit()
    # numbered among the versions the reader may see: a gap would reveal a hidden version
    return [_version(r, len(history) - i) for i, r in enumerate(history)]


def decided_countries(base: Units, user: UserContext) -> list[tuple[str, int]]:
    """Countries with a visible decision and their newest visible version."""
    with base.unit_of_work() as uow:
        return uow.decisions.countries(user.levels())


def parse_evidence(lines: str) -> tuple[Evidence, ...]:
    """Evidence typed one per line as ``kind:ref label`` (the form and the CLI use this),
    e.g. ``document:12 Kamerbrief 2024`` or ``indicator:migr_eiord Eurostat 2016``."""
    out = []
    for n, line in enumerate(lines.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        head, _, label = line.partition(" ")
        kind, sep, ref = head.partition(":")
        if not sep or not ref:
            raise DecisionError(
                "evidence line %(n)s: write kind:reference label, found %(line)r", n=n, line=line
            )
        out.append(Evidence(kind.strip().lower(), ref.strip(), label.strip()))
    return tuple(out)
