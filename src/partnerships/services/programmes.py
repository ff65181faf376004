"""The programme portfolio: IATI imports, programmes entered by hand, their classification
to IMA pillars and GCM objectives, budgets against the yearly ceiling, and monitoring.

Imports follow the rules of every import here: the whole file is validated first, one
transaction per file, the same file again is a no-op, and a newer file updates the
activities it restates while keeping what people added (confirmed classifications,
evaluations, flags and adaptive actions).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from partnerships.analysis.programme_classification import suggest
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.countries import country_code, country_iso3
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.ingest.currency import to_eur
from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.iati import Activity, read_iati
from partnerships.services import audit
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.storage import storing
from partnerships.store.programmes import ProgrammeRepository
from partnerships.store.schema import (
    ProgrammeClassification,
    ProgrammeCountry,
    ProgrammeImport,
    ProgrammeMoney,
    ProgrammeRow,
)

FLAGS = ("", "contraproductief", "negatieve bijeffecten")
CLASS_STATUSES = ("voorgesteld", "bevestigd", "afgewezen")
SPENT = ("disbursement", "expenditure")
_BUDGET_KINDS = {"disbursement": "uitgaven", "expenditure": "uitgaven",
                 "commitment": "verplichtingen", "budget": "begroting"}  # fmt: skip


class ProgrammeError(Invalid):
    """A programme change that cannot be stored as given."""


@dataclass(frozen=True, slots=True)
class IatiImportResult:
    file: str
    status: str  # imported | unchanged
    new: int
    updated: int
    other_publishers: int


def _analyst(user: UserContext) -> None:
    if not user.may_edit:
        raise Forbidden("only analysts may change programmes")


def _apply(s: Session, row: ProgrammeRow, act: Activity) -> None:
    row.reporting_org, row.reporting_name = act.reporting_ref, act.reporting_name
    row.title, row.description, row.status = act.title, act.description, act.status
    row.start_date, row.end_date, row.flow = act.start, act.end, act.flow
    row.currency, row.humanitarian, row.details = act.currency, act.humanitarian, act.details()
    row.updated_at = datetime.now(UTC)
    row.countries = [ProgrammeCountry(iso3=c, percentage=p) for c, p in act.countries]
    row.money = []
    for m in act.money:
        eur = to_eur(m.value, m.currency, m.value_date or m.start)
        row.money.append(ProgrammeMoney(
            kind=m.kind, period_start=m.start, period_end=m.end, value=m.value,
            currency=m.currency, counterpart=m.counterpart, value_eur=eur.eur,
            eur_rate=eur.rate, rate_date=eur.rate_date))  # fmt: skip
    # people's decisions stay; open suggestions are refreshed in place (the pair
    # programme/scheme/code is unique, so rows are updated rather than replaced)
    current = {(c.scheme, c.code): c for c in row.classifications}
    fresh = {(sg.scheme, sg.code): sg for sg in suggest(act.title, act.description, act.sectors)}
    for key, link in current.items():
        if link.status == "voorgesteld" and key not in fresh:
            row.classifications.remove(link)
    for key, sg in fresh.items():
        existing = current.get(key)
        if existing is None:
            row.classifications.append(ProgrammeClassification(
                scheme=sg.scheme, code=sg.code, status="voorgesteld", score=sg.score,
                reason=sg.reason, decided_by="", decided_at=None))  # fmt: skip
        elif existing.status == "voorgesteld":
            existing.score, existing.reason = sg.score, sg.reason


def import_iati(
    kb: KnowledgeBase, path: Path, reporting_org: str | None = None,
    user: UserContext | None = None, classification: str = "openbaar",
) -> IatiImportResult:  # fmt: skip
    """Validate and import one IATI activity file (``reporting_org``: the publisher to
    keep; default from the settings; empty keeps every publisher). New programmes get
    ``classification``; programmes already in the base keep theirs."""
    if classification not in CLEARANCES:
        raise ImportProblem(str(path), None, None, "unknown classification %(level)r",
                            level=classification)  # fmt: skip
    kb.check_schema()
    if not path.exists():
        raise ImportProblem(str(path), None, None, "no such file")
    org = kb.settings.iati_reporting_org if reporting_org is None else reporting_org
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    parsed = read_iati(path, org or None)  # raises before anything is written
    label = org or "*"
    with storing(str(path)), kb.session() as s, s.begin():
        # the same file is 'unchanged' only under the same publisher filter: read again with
        # another filter (or every publisher) it brings other activities
        repo = ProgrammeRepository(s)
        imp = repo.import_of(sha)
        filters = set(imp.reporting_org.split(",")) if imp is not None else set()
        if label in filters:
            return IatiImportResult(str(path), "unchanged", 0, 0, parsed.other_publishers)
        if imp is None:
            imp = ProgrammeImport(file_name=path.name, sha256=sha, reporting_org=label,
                                  activities=len(parsed.activities),
                                  imported_at=datetime.now(UTC))  # fmt: skip
            s.add(imp)
        else:
            imp.reporting_org = ",".join(sorted(filters | {label}))[:64]
            imp.activities = max(imp.activities, len(parsed.activities))
            imp.imported_at = datetime.now(UTC)
        s.flush()
        existing = repo.by_identifiers(a.identifier for a in parsed.activities)
        new = updated = 0
        for act in parsed.activities:
            row = existing.get(act.identifier)
            if row is None:
                row = ProgrammeRow(identifier=act.identifier, source="iati", evaluation_due=None,
                                   evaluation_done=None, flag="", flag_note="",
                                   adaptive_action="", classifications=[],
                                   classification=classification)  # fmt: skip
                s.add(row)
                new += 1
            else:
                if row.source != "iati":
                    raise ImportProblem(
                        str(path),
                        act.line,
                        act.identifier,
                        "a programme entered by hand has this identifier",
                    )
                updated += 1
            row.import_id = imp.id
            _apply(s, row, act)
        audit.in_session(
            s,
            user or "system",
            "import",
            f"iati:{path.name}",
            {"sha256": sha, "nieuw": new, "bijgewerkt": updated, "uitgever": label},
        )
    return IatiImportResult(str(path), "imported", new, updated, parsed.other_publishers)


def _country(code: str) -> str:
    iso3 = country_iso3(code)
    if iso3 is None:
        raise ProgrammeError("not a country: %(code)r", code=code)
    return iso3


def _budget_years(budgets: dict[str, Any]) -> list[tuple[int, float]]:
    """A manual programme's budget per year, as (year, amount) in year order."""
    money = []
    for year, value in sorted(budgets.items()):
        try:
            y, v = int(year), float(value)
        except (TypeError, ValueError):
            raise ProgrammeError(
                "budget %(year)s: %(value)r is not a year and amount", year=year, value=value
            ) from None
        money.append((y, v))
    return money


def add_manual(kb: KnowledgeBase, user: UserContext, data: dict[str, Any]) -> dict[str, Any]:
    """A programme not (yet) in IATI: identifier, title, countries, yearly budget."""
    _analyst(user)
    ident = str(data.get("identifier", "")).strip()
    title = str(data.get("title", "")).strip()
    if not ident or not title:
        raise ProgrammeError("identifier and title are required")
    countries = [_country(code) for code in data.get("countries", [])]
    money = _budget_years(data.get("budgets") or {})
    flow = data.get("flow", "ODA")
    if flow not in ("ODA", "non-ODA"):
        raise ProgrammeError("flow must be ODA or non-ODA")
    level = str(data.get("classification") or "openbaar")
    if level not in CLEARANCES:
        raise ProgrammeError(
            "unknown classification %(level)r; choose from %(choices)s",
            level=level,
            choices=", ".join(CLEARANCES),
        )
    if not user.clears(level):
        raise Forbidden("you cannot record a programme above your own clearance")
    act = Activity(identifier=ident, line=0, reporting_ref="", reporting_name=user.user_id,
                   title=title, description=str(data.get("description", "")), flow=flow,
                   status="in uitvoering")  # fmt: skip
    act.countries = [(c, 100.0 / len(countries)) for c in countries]
    from partnerships.ingest.iati import Money, Org

    act.money = [Money("budget", date(y, 1, 1), date(y, 12, 31), v, "EUR") for y, v in money]
    partner = str(data.get("partner", "")).strip()
    if partner:
        act.orgs = [Org(partner, "", "implementing")]
    with kb.session() as s, s.begin():
        if ProgrammeRepository(s).by_identifier(ident) is not None:
            raise ProgrammeError("a programme %(ident)r already exists", ident=ident)
        row = ProgrammeRow(identifier=ident, source="handmatig", import_id=None,
                           evaluation_due=None, evaluation_done=None, flag="", flag_note="",
                           adaptive_action="", classifications=[],
                           classification=level)  # fmt: skip
        s.add(row)
        _apply(s, row, act)
        s.flush()
        pid = row.id
        audit.in_session(s, user, "edit", f"programme:{ident}", {"nieuw": True,
                                                                "rubricering": level})  # fmt: skip
    detail = programme(kb, user, pid)
    assert detail is not None
    return detail


def classify(
    kb: KnowledgeBase, user: UserContext, programme_id: int, scheme: str, code: int, status: str
) -> dict[str, Any]:
    """Confirm or reject a suggested link, or add one the rules missed (confirmed)."""
    _analyst(user)
    if scheme not in ("ima", "gcm") or not (1 <= code <= (6 if scheme == "ima" else 23)):
        raise ProgrammeError(
            "no %(scheme)s %(code)s: IMA pillars are 1–6, GCM objectives 1–23",
            scheme=scheme,
            code=code,
        )
    if status not in ("bevestigd", "afgewezen"):
        raise ProgrammeError("status must be bevestigd or afgewezen")
    with kb.session() as s, s.begin():
        row = _visible(s, user, programme_id)
        if row is None:
            raise ProgrammeError(
                "no programme %(programme_id)s", programme_id=programme_id, missing=True
            )
        link = next((c for c in row.classifications if (c.scheme, c.code) == (scheme, code)), None)
        if link is None:
            link = ProgrammeClassification(scheme=scheme, code=code, score=0.0,
                                           reason="toegevoegd door een gebruiker")  # fmt: skip
            row.classifications.append(link)
        link.status, link.decided_by, link.decided_at = status, user.user_id, datetime.now(UTC)
        row.updated_at = datetime.now(UTC)
        audit.in_session(
            s,
            user,
            "edit",
            f"programme:{row.identifier}",
            {"indeling": f"{scheme} {code}", "status": status, "rubricering": row.classification},
        )
    detail = programme(kb, user, programme_id)
    assert detail is not None
    return detail


def set_monitoring(
    kb: KnowledgeBase, user: UserContext, programme_id: int, evaluation_due: date | None,
    evaluation_done: date | None, flag: str, flag_note: str, adaptive_action: str,
) -> dict[str, Any]:  # fmt: skip
    _analyst(user)
    if flag not in FLAGS:
        raise ProgrammeError("flag must be one of %(choices)s or empty",
                             choices=", ".join(f for f in FLAGS if f))  # fmt: skip
    if flag and not adaptive_action.strip():
        raise ProgrammeError("a flagged programme needs the adaptive action taken (or planned)")
    with kb.session() as s, s.begin():
        row = _visible(s, user, programme_id)
        if row is None:
            raise ProgrammeError(
                "no programme %(programme_id)s", programme_id=programme_id, missing=True
            )
        row.evaluation_due, row.evaluation_done = evaluation_due, evaluation_done
        row.flag, row.flag_note, row.adaptive_action = (
            flag,
            flag_note.strip(),
            adaptive_action.strip(),
        )
        row.updated_at = datetime.now(UTC)
        audit.in_session(
            s, user, "edit", f"programme:{row.identifier}",
            {"monitoring": True, "signaal": flag, "rubricering": row.classification},
        )  # fmt: skip
    detail = programme(kb, user, programme_id)
    assert detail is not None
    return detail


def _visible(s: Session, user: UserContext, programme_id: int) -> ProgrammeRow | None:
    """The programme, or None when it does not exist or is above the reader's clearance
    (the same answer, so that ids reveal nothing)."""
    return ProgrammeRepository(s, user.levels()).visible(programme_id)


def _summary(row: ProgrammeRow, today: date) -> dict[str, Any]:
    confirmed = sorted((c.scheme, c.code) for c in row.classifications if c.status == "bevestigd")
    spent = sum(m.value_eur or 0.0 for m in row.money if m.kind in SPENT)
    committed = sum(m.value_eur or 0.0 for m in row.money if m.kind == "commitment")
    unconverted = sum(1 for m in row.money if m.value_eur is None
                      and m.kind in (*SPENT, "commitment"))  # fmt: skip
    overdue = bool(row.evaluation_due and not row.evaluation_done and row.evaluation_due < today)
    return {
        "id": row.id, "identificatie": row.identifier, "bron": row.source, "titel": row.title,
        "status": row.status, "stroom": row.flow, "humanitair": row.humanitarian,
        "start": row.start_date.isoformat() if row.start_date else None,
        "einde": row.end_date.isoformat() if row.end_date else None,
        "landen": [{"code": c.iso3, "percentage": c.percentage} for c in row.countries],
        "pijlers": [c for sch, c in confirmed if sch == "ima"],
        "doelen": [c for sch, c in confirmed if sch == "gcm"],
        "voorstellen": sum(1 for c in row.classifications if c.status == "voorgesteld"),
        "gecommitteerd": committed, "uitgegeven": spent, "nietOmgerekend": unconverted,
        "partners": [o["naam"] for o in row.details.get("organisaties", [])
                     if o["rol"] == "implementing"],
        "evaluatieVerlopen": overdue, "signaal": row.flag or None,
        "rubricering": row.classification,
    }  # fmt: skip


def list_programmes(
    kb: KnowledgeBase, user: UserContext, country: str | None = None, pillar: int | None = None,
    objective: int | None = None, flagged: bool = False, unclassified: bool = False,
    today: date | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Programmes with their confirmed pillars and objectives, filtered, of the levels the
    reader may see (IATI programmes are public unless imported otherwise; programmes
    entered by hand carry the classification their author gave)."""
    today = today or date.today()
    iso3 = country_code(country) if country else None
    with kb.session() as s:
        rows = [_summary(r, today) for r in ProgrammeRepository(s, user.levels()).listed(iso3)]
    if pillar:
        rows = [r for r in rows if pillar in r["pijlers"]]
    if objective:
        rows = [r for r in rows if objective in r["doelen"]]
    if flagged:
        rows = [r for r in rows if r["signaal"] or r["evaluatieVerlopen"]]
    if unclassified:
        rows = [r for r in rows if not r["pijlers"]]
    return rows


def programme(
    kb: KnowledgeBase, user: UserContext, programme_id: int, today: date | None = None
) -> dict[str, Any] | None:
    today = today or date.today()
    with kb.session() as s:
        row = _visible(s, user, programme_id)
        if row is None:
            return None
        out = _summary(row, today)
        out |= {
            "omschrijving": row.description, "rapporteur": row.reporting_name,
            "rapporteurRef": row.reporting_org, "munt": row.currency,
            "organisaties": row.details.get("organisaties", []),
            "regios": row.details.get("regios", []), "sectoren": row.details.get("sectoren", []),
            "resultaten": _results(row.details.get("resultaten", [])),
            "geld": [{"soort": m.kind, "van": m.period_start.isoformat(),
                      "tot": m.period_end.isoformat(), "bedrag": m.value, "munt": m.currency,
                      "bedragEur": m.value_eur, "koersEur": m.eur_rate,
                      "koersDatum": m.rate_date.isoformat() if m.rate_date else None,
                      "tegenpartij": m.counterpart or None}
                     for m in sorted(row.money, key=lambda m: (m.period_start, m.kind))],
            "indeling": [{"schema": c.scheme, "code": c.code, "status": c.status,
                          "score": c.score, "reden": c.reason, "door": c.decided_by or None,
                          "op": c.decided_at.isoformat() if c.decided_at else None}
                         for c in sorted(row.classifications, key=lambda c: (c.scheme, c.code))],
            "monitoring": {
                "evaluatieGepland": row.evaluation_due.isoformat() if row.evaluation_due else None,
                "evaluatieGedaan": row.evaluation_done.isoformat() if row.evaluation_done else None,
                "signaal": row.flag or None, "toelichting": row.flag_note or None,
                "bijsturing": row.adaptive_action or None,
            },
            "bijgewerkt": row.updated_at.isoformat(),
        }  # fmt: skip
    return out


def _results(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results with, per indicator period, actual against target (share reached)."""
    for r in results:
        for ind in r["indicatoren"]:
            for p in ind["perioden"]:
                t, w = p.get("doel"), p.get("werkelijk")
                p["bereikt"] = (
                    round(100 * w / t, 1) if t not in (None, 0) and w is not None else None
                )
    return results


def ceilings(kb: KnowledgeBase) -> dict[int, float]:
    """Yearly ceilings in EUR from the setting ``budget_ceilings`` (mln EUR per year)."""
    out: dict[int, float] = {}
    for part in kb.settings.budget_ceilings.split(","):
        if part.strip():
            year, _, value = part.partition("=")
            out[int(year)] = float(value) * 1_000_000
    return out


def budget(
    kb: KnowledgeBase, user: UserContext, by: str = "country", year_from: int | None = None,
    year_to: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Per year: commitments, disbursements (incl. expenditure) and budgets in EUR, ODA and
    non-ODA, split by country (recipient percentages), pillar (confirmed IMA pillars, shared
    equally) or partner (implementing organisations, shared equally), against the ceiling;
    only programmes the reader may see are counted."""
    if by not in ("country", "pillar", "partner"):
        raise ProgrammeError("by must be country, pillar or partner")
    cells: Cells = defaultdict(float)
    excluded = 0
    with kb.session() as s:
        rows = ProgrammeRepository(s, user.levels()).listed()
        for row in rows:
            shares = _shares(row, by)
            for m in row.money:
                if m.value_eur is None:  # no ECB rate for its currency: counted apart
                    excluded += 1
                    continue
                kind = _BUDGET_KINDS.get(m.kind, "")
                if not kind:
                    continue
                year = m.period_start.year
                if (year_from and year < year_from) or (year_to and year > year_to):
                    continue
                for key, share in shares:
                    cells[(year, key, row.flow, kind)] += m.value_eur * share
    years = sorted({y for y, _k, _f, _m in cells})
    totals = _year_totals(cells, years, ceilings(kb))
    groups: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for (y, key, flow, kind), v in cells.items():
        entry = groups[key][y]
        entry[kind] = entry.get(kind, 0.0) + v
        if kind == "uitgaven":
            entry["oda" if flow == "ODA" else "nietOda"] = entry.get(
                "oda" if flow == "ODA" else "nietOda", 0.0) + v  # fmt: skip
    return {
        "indeling": by, "jaren": years, "totalen": totals, "anderValuta": excluded,
        "groepen": [{"sleutel": k, "perJaar": {str(y): dict(v) for y, v in sorted(per.items())}}
                    for k, per in sorted(groups.items(), key=lambda kv: -sum(
                        e.get("uitgaven", 0.0) for e in kv[1].values()))],
    }  # fmt: skip


Cells = dict[tuple[int, str, str, str], float]


def _shares(row: ProgrammeRow, by: str) -> list[tuple[str, float]]:
    """How a programme's money is split over the groups of ``by``: countries by their
    recipient percentages (the rest regional), confirmed IMA pillars or implementing
    partners equally."""
    if by == "country":
        shares = [(c.iso3, c.percentage / 100) for c in row.countries]
        rest = 1 - sum(p for _c, p in shares)
        if rest > 0.005:
            shares.append(("regionaal/overig", rest))
        return shares
    if by == "pillar":
        pillars = sorted({c.code for c in row.classifications
                          if c.scheme == "ima" and c.status == "bevestigd"})  # fmt: skip
        return [(str(p), 1 / len(pillars)) for p in pillars] or [("niet ingedeeld", 1)]
    partners = [o["naam"] for o in row.details.get("organisaties", [])
                if o["rol"] == "implementing"] or ["onbekend"]  # fmt: skip
    return [(p, 1 / len(partners)) for p in partners]


def _year_totals(cells: Cells, years: list[int], limits: dict[int, float]) -> list[dict[str, Any]]:
    """Per year what was spent (ODA and not), committed and budgeted, against the ceiling."""

    def total(y: int, kind: str, flow: str | None = None) -> float:
        return sum(v for (yy, _k, f, k), v in cells.items()
                   if yy == y and k == kind and (flow is None or f == flow))  # fmt: skip

    out = []
    for y in years:
        spent, oda, ceiling = total(y, "uitgaven"), total(y, "uitgaven", "ODA"), limits.get(y)
        out.append({"jaar": y, "uitgaven": spent, "oda": oda, "nietOda": spent - oda,
                    "verplichtingen": total(y, "verplichtingen"),
                    "begroting": total(y, "begroting"), "plafond": ceiling,
                    "ruimte": None if ceiling is None else ceiling - spent})  # fmt: skip
    return out


def monitoring(kb: KnowledgeBase, user: UserContext, today: date | None = None) -> dict[str, Any]:
    """What needs attention: results behind target, overdue evaluations, flagged programmes."""
    today = today or date.today()
    items = list_programmes(kb, user, today=today)
    behind = []
    with kb.session() as s:
        for row in ProgrammeRepository(s, user.levels()).listed(with_money=False):
            for r in _results(row.details.get("resultaten", [])):
                for ind in r["indicatoren"]:
                    for p in ind["perioden"]:
                        if p["bereikt"] is not None and p["bereikt"] < 100:
                            behind.append({"id": row.id, "titel": row.title,
                                           "indicator": ind["titel"], "periode": p["tot"],
                                           "doel": p["doel"], "werkelijk": p["werkelijk"],
                                           "bereikt": p["bereikt"]})  # fmt: skip
    return {
        "achterOpDoel": behind,
        "evaluatieVerlopen": [p for p in items if p["evaluatieVerlopen"]],
        "gesignaleerd": [p for p in items if p["signaal"]],
    }


def set_programme_classification(
    kb: KnowledgeBase, user: UserContext, identifier: str, level: str
) -> str:
    """Returns the old level; only analysts who may see both levels may change it."""
    if level not in CLEARANCES:
        raise ProgrammeError(
            "unknown classification %(level)r; choose from %(choices)s",
            level=level,
            choices=", ".join(CLEARANCES),
        )
    _analyst(user)
    with kb.session() as s, s.begin():
        row = ProgrammeRepository(s).by_identifier(identifier)
        if row is None or not user.clears(row.classification):
            raise ProgrammeError("no programme %(identifier)r", identifier=identifier, missing=True)
        if not user.clears(level):
            raise Forbidden("your clearance does not reach %(level)s", level=level)
        old = row.classification
        if old != level:
            row.classification, row.updated_at = level, datetime.now(UTC)
            change = {"classification": [old, level]}
            audit.in_session(s, user, "edit", f"programme:{identifier}", change)
        return old
