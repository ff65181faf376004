"""Decision records per country: recorded by analysts, versioned, shown by clearance.

A new version is checked before it is written: its instruments must be in the catalogue and
every piece of evidence must point at something that exists in the base (a letter, an
imported dataset, an assessment year, a criteria version), so the record stays traceable.
"""

from __future__ import annotations

from typing import Any

from partnerships.analysis.measures import catalogue, measure_codes
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.countries import country_code
from partnerships.domain.decisions import DecisionError, DecisionRecord, Evidence
from partnerships.domain.errors import Forbidden, Refusal, problem
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.decisions import CriteriaRepository, DecisionRepository
from partnerships.store.schema import Document, IndicatorRelease


def _check_evidence(kb: KnowledgeBase, evidence: tuple[Evidence, ...]) -> None:
    problems: list[Refusal] = []
    with kb.session() as s:
        for ev in evidence:
            if ev.kind == "document":
                if not ev.ref.isdigit() or s.get(Document, int(ev.ref)) is None:
                    problems.append(problem("document %(ref)r is not in the base", ref=ev.ref))
            elif ev.kind == "indicator":
                datasets = {r.dataset for r in s.query(IndicatorRelease).all()}
                if ev.ref.split(":")[0] not in datasets:
                    problems.append(problem("dataset %(dataset)r has not been imported",
                                            dataset=ev.ref.split(":")[0]))  # fmt: skip
            elif ev.kind == "ranking" and ev.ref.isdigit():
                if CriteriaRepository(s).get(int(ev.ref)) is None:
                    problems.append(problem("criteria version %(version)s does not exist",
                                            version=ev.ref))  # fmt: skip
            elif ev.kind == "assessment" and not (len(ev.ref) == 4 and ev.ref.isdigit()):
                problems.append(problem("assessment reference must be a year, found %(ref)r",
                                        ref=ev.ref))  # fmt: skip
    if problems:
        raise DecisionError.of(problems)


def record_decision(kb: KnowledgeBase, user: UserContext, record: DecisionRecord) -> dict[str, Any]:
    """Validate and store the country's next decision version; returns it."""
    if not user.may_edit:
        raise Forbidden("only analysts may record decisions")
    iso3 = country_code(record.country)
    if iso3 is None or len(iso3) != 3:
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
    _check_evidence(kb, rec.evidence)
    if rec.status == "actief":  # do no harm first: never active on a missing or lapsed assessment
        from partnerships.services.risks import risk_state

        state = risk_state(kb, iso3)
        if not state.current:
            raise DecisionError(
                "a decision for %(country)s cannot be active: do-no-harm assessment %(state)s "
                "(%(reason)s); record or review the risks first",
                country=iso3, state=state.state, reason=state.reason)  # fmt: skip
    with kb.session() as s, s.begin():
        repo = DecisionRepository(s)
        newest = repo.newest(iso3)
        if newest is not None and not user.clears(newest.classification):
            # superseding a decision the author cannot see is refused, without saying more
            raise DecisionError(
                "no decision can be recorded for %(country)s with your clearance; ask an analyst "
                "with a higher clearance", country=iso3)  # fmt: skip
        shown = len(repo.history(iso3, user.levels())) + 1
        stored = repo.add(rec)
        audit.in_session(
            s,
            user,
            "decision",
            f"decision:{iso3}:{stored.version}",
            {"status": stored.status, "rubricering": stored.classification},
        )
    return decision_to_dict(stored) | {"versie": shown}


def decision_history(
    kb: KnowledgeBase, user: UserContext, code: str
) -> list[dict[str, Any]] | None:
    """All versions the user may see, newest first; None when ``code`` is not a country."""
    iso3 = country_code(code)
    if iso3 is None or len(iso3) != 3:
        return None
    with kb.session() as s:
        history = DecisionRepository(s).history(iso3, user.levels())
    secret = [r.version for r in history if r.classification == "vertrouwelijk"]
    if secret:
        audit.record(kb, user, "view_confidential", f"decisions:{iso3}", {"versies": secret})
    # numbered among the versions the reader may see: a gap would reveal a hidden version
    return [decision_to_dict(r) | {"versie": len(history) - i} for i, r in enumerate(history)]


def decided_countries(kb: KnowledgeBase, user: UserContext) -> list[tuple[str, int]]:
    with kb.session() as s:
        return DecisionRepository(s).countries(user.levels())


def decision_to_dict(r: DecisionRecord) -> dict[str, Any]:
    names = {m.code: m.name_nl for m in catalogue()[0]}
    english = {m.code: m.name_en for m in catalogue()[0]}
    return {
        "land": r.country,
        "versie": r.version,
        "status": r.status,
        "rubricering": r.classification,
        "titel": r.title,
        "instrumenten": [
            {"code": c, "naam": names.get(c, c), "naamEngels": english.get(c, c)}
            for c in r.instruments
        ],
        "motivering": r.rationale,
        "afweging": r.weighed,
        "bewijs": [
            {"soort": e.kind, "verwijzing": e.ref, "omschrijving": e.label} for e in r.evidence
        ],
        "wijziging": r.note,
        "auteur": r.author,
        "tijdstip": r.created_at.isoformat() if r.created_at else None,
    }


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
