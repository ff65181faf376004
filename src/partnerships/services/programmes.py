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
from typing import Any, Protocol

from partnerships.analysis.programme_classification import suggest
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.countries import country_code, country_iso3
from partnerships.domain.errors import Forbidden, Invalid
from partnerships.domain.programmes import (
    FLAGS,
    SPLITS,
    Programme,
    ProgrammeImport,
    ProgrammeLink,
    ProgrammeMoney,
    ProgrammeShare,
)
from partnerships.ingest.currency import to_eur
from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.iati import Activity, Money, Org, read_iati
from partnerships.services.programme_views import (
    Attention,
    BudgetGroup,
    BudgetView,
    ProgrammeDetail,
    ProgrammeView,
    YearTotal,
    behind_target,
    programme_detail,
    programme_view,
)
from partnerships.services.storage import storing
from partnerships.services.unit_of_work import UnitOfWork, Units
from partnerships.settings import Settings

#: the kinds of IATI money a budget counts, as the measures it counts them under
_BUDGET_KINDS = {"disbursement": "spent", "expenditure": "spent", "commitment": "committed",
                 "budget": "budgeted"}  # fmt: skip


class ProgrammeBase(Units, Protocol):
    """What the portfolio needs of its base beyond units of work: the settings (the IATI
    publisher to keep, the yearly ceilings) and the schema check before an import."""

    @property
    def settings(self) -> Settings: ...

    def check_schema(self) -> None: ...


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


def _actor(user: UserContext | None) -> str:
    return "system" if user is None else user.user_id


def _apply(programme: Programme, act: Activity, now: datetime) -> None:
    """What the activity says, over what the programme said; people's monitoring fields and
    decided links stay (domain/programmes.Programme.refresh_suggestions)."""
    p = programme
    p.reporting_org, p.reporting_name = act.reporting_ref, act.reporting_name
    p.title, p.description, p.status = act.title, act.description, act.status
    p.start_date, p.end_date, p.flow = act.start, act.end, act.flow
    p.currency, p.humanitarian, p.details = act.currency, act.humanitarian, act.details()
    p.updated_at = now
    p.countries = [ProgrammeShare(c, pct) for c, pct in act.countries]
    p.money = []
    for m in act.money:
        eur = to_eur(m.value, m.currency, m.value_date or m.start)
        p.money.append(ProgrammeMoney(
            kind=m.kind, period_start=m.start, period_end=m.end, value=m.value,
            currency=m.currency, counterpart=m.counterpart, value_eur=eur.eur,
            eur_rate=eur.rate, rate_date=eur.rate_date))  # fmt: skip
    p.refresh_suggestions(
        ProgrammeLink(sg.scheme, sg.code, "voorgesteld", sg.score, sg.reason)
        for sg in suggest(act.title, act.description, act.sectors)
    )


def _imported(
    uow: UnitOfWork, path: Path, sha: str, label: str, activities: int, now: datetime
) -> ProgrammeImport | None:
    """The file's import record with this publisher filter added, or None when the file
    was imported under this filter before (read again with another filter, or every
    publisher, it brings other activities)."""
    imp = uow.programmes.import_of(sha)
    if imp is None:
        return uow.programmes.save_import(ProgrammeImport(path.name, sha, label, activities, now))
    if label in imp.filters:
        return None
    return uow.programmes.save_import(ProgrammeImport(
        imp.file_name, sha, ",".join(sorted(imp.filters | {label})),
        max(imp.activities, activities), now, imp.id))  # fmt: skip


def import_iati(
    base: ProgrammeBase, path: Path, reporting_org: str | None = None,
    user: UserContext | None = None, classification: str = "openbaar",
) -> IatiImportResult:  # fmt: skip
    """Validate and import one IATI activity file (``reporting_org``: the publisher to
    keep; default from the settings; empty keeps every publisher). New programmes get
    ``classification``; programmes already in the base keep theirs."""
    if classification not in CLEARANCES:
        raise ImportProblem(str(path), None, None, "unknown classification %(level)r",
                            level=classification)  # fmt: skip
    base.check_schema()
    if not path.exists():
        raise ImportProblem(str(path), None, None, "no such file")
    org = base.settings.iati_reporting_org if reporting_org is None else reporting_org
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    parsed = read_iati(path, org or None)  # raises before anything is written
    label, now = org or "*", datetime.now(UTC)
    with storing(str(path)), base.unit_of_work() as uow:
        imp = _imported(uow, path, sha, label, len(parsed.activities), now)
        if imp is None:
            return IatiImportResult(str(path), "unchanged", 0, 0, parsed.other_publishers)
        existing = uow.programmes.by_identifiers(a.identifier for a in parsed.activities)
        new = updated = 0
        for act in parsed.activities:
            programme = existing.get(act.identifier)
            if programme is None:
                programme = Programme(act.identifier, "iati", act.title, classification)
                new += 1
            elif programme.source != "iati":
                raise ImportProblem(str(path), act.line, act.identifier,
                                    "a programme entered by hand has this identifier")  # fmt: skip
            else:
                updated += 1
            programme.import_id = imp.id
            _apply(programme, act, now)
            uow.programmes.save(programme)
        detail = {"sha256": sha, "nieuw": new, "bijgewerkt": updated, "uitgever": label}
        uow.audit.append(_actor(user), "import", f"iati:{path.name}", detail)
        uow.commit()
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


def add_manual(base: Units, user: UserContext, data: dict[str, Any]) -> ProgrammeDetail:
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
    act.money = [Money("budget", date(y, 1, 1), date(y, 12, 31), v, "EUR") for y, v in money]
    partner = str(data.get("partner", "")).strip()
    if partner:
        act.orgs = [Org(partner, "", "implementing")]
    with base.unit_of_work() as uow:
        if uow.programmes.exists(ident):
            raise ProgrammeError("a programme %(ident)r already exists", ident=ident)
        programme = Programme(ident, "handmatig", title, level)
        _apply(programme, act, datetime.now(UTC))
        stored = uow.programmes.save(programme)
        uow.audit.append(user.user_id, "edit", f"programme:{ident}",
                         {"nieuw": True, "rubricering": level})  # fmt: skip
        uow.commit()
    return programme_detail(stored, date.today())


def _visible(uow: UnitOfWork, user: UserContext, programme_id: int) -> Programme:
    """The programme, or the same refusal when it does not exist or is above the reader's
    clearance, so that ids reveal nothing."""
    found = uow.programmes.visible(programme_id, user.levels())
    if found is None:
        raise ProgrammeError(
            "no programme %(programme_id)s", programme_id=programme_id, missing=True
        )
    return found


def classify(
    base: Units, user: UserContext, programme_id: int, scheme: str, code: int, status: str
) -> ProgrammeDetail:
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
    with base.unit_of_work() as uow:
        programme = _visible(uow, user, programme_id)
        now = datetime.now(UTC)
        programme.decide(scheme, code, status, user.user_id, now)
        programme.updated_at = now
        stored = uow.programmes.save(programme)
        uow.audit.append(user.user_id, "edit", f"programme:{programme.identifier}",
                         {"indeling": f"{scheme} {code}", "status": status,
                          "rubricering": programme.classification})  # fmt: skip
        uow.commit()
    return programme_detail(stored, date.today())


def set_monitoring(
    base: Units, user: UserContext, programme_id: int, evaluation_due: date | None,
    evaluation_done: date | None, flag: str, flag_note: str, adaptive_action: str,
) -> ProgrammeDetail:  # fmt: skip
    _analyst(user)
    if flag not in FLAGS:
        raise ProgrammeError("flag must be one of %(choices)s or empty",
                             choices=", ".join(f for f in FLAGS if f))  # fmt: skip
    if flag and not adaptive_action.strip():
        raise ProgrammeError("a flagged programme needs the adaptive action taken (or planned)")
    with base.unit_of_work() as uow:
        p = _visible(uow, user, programme_id)
        p.evaluation_due, p.evaluation_done = evaluation_due, evaluation_done
        p.flag, p.flag_note, p.adaptive_action = flag, flag_note.strip(), adaptive_action.strip()
        p.updated_at = datetime.now(UTC)
        stored = uow.programmes.save(p)
        detail = {"monitoring": True, "signaal": flag, "rubricering": p.classification}
        uow.audit.append(user.user_id, "edit", f"programme:{p.identifier}", detail)
        uow.commit()
    return programme_detail(stored, date.today())


def list_programmes(
    base: Units, user: UserContext, country: str | None = None, pillar: int | None = None,
    objective: int | None = None, flagged: bool = False, unclassified: bool = False,
    today: date | None = None,
) -> list[ProgrammeView]:  # fmt: skip
    """Programmes with their confirmed pillars and objectives, filtered, of the levels the
    reader may see (IATI programmes are public unless imported otherwise; programmes
    entered by hand carry the classification their author gave)."""
    today = today or date.today()
    iso3 = country_code(country) if country else None
    with base.unit_of_work() as uow:
        rows = [programme_view(p, today) for p in uow.programmes.listed(user.levels(), iso3)]
    if pillar:
        rows = [r for r in rows if pillar in r.pillars]
    if objective:
        rows = [r for r in rows if objective in r.objectives]
    if flagged:
        rows = [r for r in rows if r.needs_attention]
    if unclassified:
        rows = [r for r in rows if not r.pillars]
    return rows


def programme(
    base: Units, user: UserContext, programme_id: int, today: date | None = None
) -> ProgrammeDetail | None:
    with base.unit_of_work() as uow:
        found = uow.programmes.visible(programme_id, user.levels())
    return None if found is None else programme_detail(found, today or date.today())


def ceilings(settings: Settings) -> dict[int, float]:
    """Yearly ceilings in EUR from the setting ``budget_ceilings`` (mln EUR per year)."""
    out: dict[int, float] = {}
    for part in settings.budget_ceilings.split(","):
        if part.strip():
            year, _, value = part.partition("=")
            out[int(year)] = float(value) * 1_000_000
    return out


Cells = dict[tuple[int, str, str, str], float]


def budget(
    base: ProgrammeBase, user: UserContext, by: str = "country", year_from: int | None = None,
    year_to: int | None = None,
) -> BudgetView:  # fmt: skip
    """Per year: commitments, disbursements (incl. expenditure) and budgets in EUR, ODA and
    non-ODA, split by country (recipient percentages), pillar (confirmed IMA pillars, shared
    equally) or partner (implementing organisations, shared equally), against the ceiling;
    only programmes the reader may see are counted."""
    if by not in SPLITS:
        raise ProgrammeError("by must be country, pillar or partner")
    cells: Cells = defaultdict(float)
    excluded = 0
    with base.unit_of_work() as uow:
        listed = uow.programmes.listed(user.levels())
    for p in listed:
        shares = p.shares(by)
        for m in p.money:
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
                cells[(year, key, p.flow, kind)] += m.value_eur * share
    years = sorted({y for y, _k, _f, _m in cells})
    groups: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for (y, key, flow, kind), v in cells.items():
        entry = groups[key][y]
        entry[kind] = entry.get(kind, 0.0) + v
        if kind == "spent":
            part = "oda" if flow == "ODA" else "non_oda"
            entry[part] = entry.get(part, 0.0) + v
    ranked = sorted(
        groups.items(), key=lambda kv: -sum(e.get("spent", 0.0) for e in kv[1].values())
    )
    return BudgetView(by, years, _year_totals(cells, years, ceilings(base.settings)), excluded,
                      [BudgetGroup(k, {y: dict(v) for y, v in sorted(per.items())})
                       for k, per in ranked])  # fmt: skip


def _year_totals(cells: Cells, years: list[int], limits: dict[int, float]) -> list[YearTotal]:
    """Per year what was spent (ODA and not), committed and budgeted, against the ceiling."""

    def total(y: int, kind: str, flow: str | None = None) -> float:
        return sum(v for (yy, _k, f, k), v in cells.items()
                   if yy == y and k == kind and (flow is None or f == flow))  # fmt: skip

    out = []
    for y in years:
        spent, oda, ceiling = total(y, "spent"), total(y, "spent", "ODA"), limits.get(y)
        out.append(YearTotal(y, spent, oda, spent - oda, total(y, "committed"),
                             total(y, "budgeted"), ceiling,
                             None if ceiling is None else ceiling - spent))  # fmt: skip
    return out


def monitoring(base: Units, user: UserContext, today: date | None = None) -> Attention:
    """What needs attention: results behind target, overdue evaluations, flagged programmes."""
    today = today or date.today()
    with base.unit_of_work() as uow:
        listed = uow.programmes.listed(user.levels())
    views = [programme_view(p, today) for p in listed]
    return Attention(
        behind=[b for p in listed for b in behind_target(p)],
        overdue=[v for v in views if v.overdue],
        flagged=[v for v in views if v.programme.flag],
    )


def set_programme_classification(
    base: Units, user: UserContext, identifier: str, level: str
) -> str:
    """Returns the old level; only analysts who may see both levels may change it."""
    if level not in CLEARANCES:
        raise ProgrammeError(
            "unknown classification %(level)r; choose from %(choices)s",
            level=level,
            choices=", ".join(CLEARANCES),
        )
    _analyst(user)
    with base.unit_of_work() as uow:
        p = uow.programmes.by_identifier(identifier)
        if p is None or not user.clears(p.classification):
            raise ProgrammeError("no programme %(identifier)r", identifier=identifier, missing=True)
        if not user.clears(level):
            raise Forbidden("your clearance does not reach %(level)s", level=level)
        old = p.classification
        if old != level:
            p.classification, p.updated_at = level, datetime.now(UTC)
            uow.programmes.save(p)
            uow.audit.append(user.user_id, "edit", f"programme:{identifier}",
                             {"classification": [old, level]})  # fmt: skip
            uow.commit()
        return old
