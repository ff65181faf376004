"""Pages for decision support: the ranking with its what-if panel, the criteria editor, the
return-cooperation assessment and the decision form. Thin: read the request, call a
service, render; writes answer with a redirect (post/redirect/get) or the form with the
error and the user's input kept.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from partnerships.analysis.criteria import criteria_from_dict, criteria_to_dict, criteria_to_toml
from partnerships.domain.context import UserContext
from partnerships.domain.decisions import CriteriaError, DecisionError, DecisionRecord
from partnerships.services import decisions, prioritisation, queries, return_cooperation, risks
from partnerships.web.page_support import KB, Lang, User, cached, form_text, render

router = APIRouter(include_in_schema=False)
SHOWN = 50
# colours of rank 1, 2–5, 6–10, 11–20, ≥21 (dark to light; contrast ≥ 3:1 between neighbours
# is not needed: the numbers are in the label and the "first" share is printed)
BUCKETS = ("#154273", "#2f6fb0", "#7fa7d6", "#c3d5ea", "#eef2f7")


@router.get("/prioritering", response_class=HTMLResponse)
def ranking(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang, statistics_only=True)
    if hit is not None:
        return hit
    weights: dict[str, float] = {}
    error = None
    for name, value in request.query_params.items():
        if name.startswith("w_") and value.strip():
            try:
                weights[name[2:]] = float(value.replace(",", "."))
            except ValueError:
                error = lang.gettext("Not a number: {value}").format(value=value)
    all_rows = request.query_params.get("alle") == "1"
    try:
        cs, _v = prioritisation.current_criteria(kb)
        changed = {k: w for k, w in weights.items() if any(
            c.code == k and c.weight != w for c in cs.criteria)}  # fmt: skip
        result = prioritisation.rank(kb, user, changed or None, None, lang.code)
    except CriteriaError as exc:
        error = lang.said(exc)
        changed = {}
        result = prioritisation.rank(kb, user, None, None, lang.code)
    params = dict(request.query_params) | {"alle": "1"}
    names = {c["code"]: c["naam"] for c in result["criteria"]}
    buckets = [
        (g["rangen"], BUCKETS[i])
        for i, g in enumerate((result["landen"] or [{}])[0].get("acceptatieGroepen") or [])
    ]
    return render(
        request, lang, "prioritisation.html",
        cache_key=key if not error else None, r=result, names=names,
        shown=result["landen"] if all_rows else result["landen"][:SHOWN],
        all_rows=all_rows, all_url="/prioritering?" + urlencode(params),
        whatif=bool(changed), error=error, buckets=buckets,
    )  # fmt: skip


def _criteria_page(
    request: Request, kb: Any, user: UserContext, lang: Any, status: int = 200, **ctx: Any
) -> HTMLResponse:
    cs, _version = prioritisation.current_criteria(kb)
    return render(
        request, lang, "criteria.html", status_code=status,
        cs=criteria_to_dict(cs), history=prioritisation.criteria_history(kb),
        can_edit=user.may_edit, **ctx,
    )  # fmt: skip


@router.get("/prioritering/criteria", response_class=HTMLResponse)
def criteria_page(request: Request, kb: KB, user: User, lang: Lang) -> HTMLResponse:
    saved = request.query_params.get("opgeslagen")
    return _criteria_page(request, kb, user, lang, saved=saved if (saved or "").isdigit() else None)


@router.get("/prioritering/criteria.toml")
def criteria_file(kb: KB) -> Response:
    text = prioritisation.criteria_text(kb)
    return PlainTextResponse(
        text,
        media_type="application/toml",
        headers={"Content-Disposition": 'attachment; filename="criteria.toml"'},
    )


def _optional(value: str | None) -> float | None:
    return None if value is None or not value.strip() else float(value.replace(",", "."))


@router.post("/prioritering/criteria", response_class=HTMLResponse)
async def save_criteria_page(request: Request, kb: KB, user: User, lang: Lang) -> Response:
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can change the criteria."))
    form = await request.form()

    field = partial(form_text, form)

    cs, _version = prioritisation.current_criteria(kb)
    raw = criteria_to_dict(cs)
    try:
        method = raw["method"]
        method["weights"] = field("weights") or method["weights"]
        method["missing"] = field("missing") or method["missing"]
        method["samples"] = int(field("samples") or method["samples"])
        method["min_known"] = int(field("min_known") or method["min_known"])
        for item in raw["criterion"]:
            code = item["code"]
            item["direction"] = field(f"direction_{code}") or item["direction"]
            item["normalisation"] = field(f"normalisation_{code}") or item["normalisation"]
            weight = _optional(field(f"weight_{code}"))
            if weight is not None:
                item["weight"] = weight
            for bound in ("weight_low", "weight_high"):
                value = _optional(field(f"{bound}_{code}"))
                if value is None:
                    item.pop(bound, None)
                else:
                    item[bound] = value
            rank_value = field(f"rank_{code}")
            if rank_value and rank_value.strip():
                item["rank"] = int(rank_value)
            else:
                item.pop("rank", None)
        new = criteria_from_dict(raw, "form")
        version = prioritisation.save_criteria(kb, user, criteria_to_toml(new), field("note") or "")
    except (CriteriaError, ValueError) as exc:
        return _criteria_page(request, kb, user, lang, status=400, error=lang.said(exc))
    return RedirectResponse(f"/prioritering/criteria?opgeslagen={version}", status_code=303)


def _country_name(kb: Any, user: UserContext, lang: Any, code: str) -> tuple[str, str]:
    ok = len(code) in (2, 3) and code.isalpha()
    found = queries.country_name(kb, code) if ok else None
    if found is None:
        raise HTTPException(404, lang.gettext("This country is not in ISO 3166."))
    return found


@router.get("/landen/{code}/terugkeer", response_class=HTMLResponse)
def return_page(request: Request, kb: KB, user: User, lang: Lang, code: str) -> HTMLResponse:
    key, hit = cached(request, kb, user, lang)
    if hit is not None:
        return hit
    iso3, name = _country_name(kb, user, lang, code)
    year = request.query_params.get("jaar")
    if year is not None and not (len(year) == 4 and year.isdigit()):
        raise HTTPException(400, "jaar")
    a = return_cooperation.assessment(kb, user, iso3, year)
    general = return_cooperation.measures_catalogue()["algemeneAfwegingen"]
    return render(request, lang, "return.html", cache_key=key, a=a, code=iso3, country=name,
                  general=general)  # fmt: skip


def _decision_form(
    request: Request, kb: Any, user: UserContext, lang: Any, code: str, name: str,
    form: dict[str, Any], error: str | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    a = return_cooperation.assessment(kb, user, code)
    suggested = {o["code"] for o in (a or {}).get("opties", []) if o["optie"]}
    return render(
        request, lang, "decision_form.html", status_code=status, code=code, country=name,
        measures=return_cooperation.measures_catalogue()["instrumenten"], suggested=suggested,
        form=form, error=error,
    )  # fmt: skip


@router.get("/landen/{code}/besluit", response_class=HTMLResponse)
def decision_form(request: Request, kb: KB, user: User, lang: Lang, code: str) -> HTMLResponse:
    iso3, name = _country_name(kb, user, lang, code)
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can record decisions."))
    history = decisions.decision_history(kb, user, iso3) or []
    last = history[0].record if history else None
    form = {
        "titel": last.title if last else "",
        "instrumenten": list(last.instruments) if last else [],
        "motivering": last.rationale if last else "",
        "afweging": last.weighed if last else "",
        "bewijs": "\n".join(f"{b.kind}:{b.ref} {b.label}".strip() for b in last.evidence)
        if last
        else "",
        "status": last.status if last else "concept",
        "rubricering": last.classification if last else "intern",
        "wijziging": "",
    }
    return _decision_form(request, kb, user, lang, iso3, name, form)


@router.post("/landen/{code}/besluit", response_class=HTMLResponse)
async def save_decision(request: Request, kb: KB, user: User, lang: Lang, code: str) -> Response:
    iso3, name = _country_name(kb, user, lang, code)
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can record decisions."))
    data = await request.form()

    field = partial(form_text, data)

    names = ("titel", "motivering", "afweging", "bewijs", "status", "rubricering", "wijziging")
    form: dict[str, Any] = {k: field(k) for k in names}
    form["instrumenten"] = [v for v in data.getlist("instrumenten") if isinstance(v, str)]
    try:
        record = DecisionRecord(
            country=iso3, title=form["titel"], instruments=tuple(form["instrumenten"]),
            rationale=form["motivering"], weighed=form["afweging"],
            evidence=decisions.parse_evidence(form["bewijs"]), status=form["status"],
            classification=form["rubricering"], note=form["wijziging"],
        )  # fmt: skip
        decisions.record_decision(kb, user, record)
    except (DecisionError, PermissionError) as exc:
        return _decision_form(request, kb, user, lang, iso3, name, form, lang.said(exc), 400)
    return RedirectResponse(f"/landen/{iso3}#besluiten-kop", status_code=303)


def _risk_form(
    request: Request, kb: Any, user: UserContext, lang: Any, code: str, name: str,
    form: dict[str, Any], error: str | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    from partnerships.domain.risks import RISK_CATEGORIES

    return render(
        request, lang, "risk_form.html", status_code=status, code=code, country=name,
        categories=RISK_CATEGORIES, form=form, error=error,
        measures=return_cooperation.measures_catalogue()["instrumenten"],
    )  # fmt: skip


@router.get("/landen/{code}/risico", response_class=HTMLResponse)
def risk_form(request: Request, kb: KB, user: User, lang: Lang, code: str) -> HTMLResponse:
    iso3, name = _country_name(kb, user, lang, code)
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can record risks."))
    key = request.query_params.get("sleutel", "")
    form: dict[str, Any] = {"sleutel": "", "categorie": "refoulement", "kans": 3, "impact": 3,
                            "herbeoordeling": "", "omschrijving": "", "beoogd": "",
                            "onbedoeld": "", "mitigatie": "", "eigenaar": "", "programma": "",
                            "instrument": "", "status": "open", "rubricering": "intern",
                            "wijziging": ""}  # fmt: skip
    if key:
        register = risks.country_risks(kb, user, iso3)
        entries = register.entries if register is not None else ()
        found = next((e.current.risk for e in entries if e.current.risk.key == key), None)
        if found is None:
            raise HTTPException(404, lang.gettext("This risk does not exist."))
        form |= {"sleutel": key, "categorie": found.category, "kans": found.likelihood,
                 "impact": found.impact, "herbeoordeling": found.review_date.isoformat(),
                 "omschrijving": found.description, "beoogd": found.intended_effects,
                 "onbedoeld": found.unintended_effects, "mitigatie": found.mitigation,
                 "eigenaar": found.owner, "programma": found.programme,
                 "instrument": found.instrument, "status": found.status,
                 "rubricering": found.classification}  # fmt: skip
    return _risk_form(request, kb, user, lang, iso3, name, form)


@router.post("/landen/{code}/risico", response_class=HTMLResponse)
async def save_risk(request: Request, kb: KB, user: User, lang: Lang, code: str) -> Response:
    from datetime import date

    from partnerships.domain.risks import Risk, RiskError

    iso3, name = _country_name(kb, user, lang, code)
    if not user.may_edit:
        raise HTTPException(403, lang.gettext("Only analysts can record risks."))
    data = await request.form()

    field = partial(form_text, data)

    names = ("sleutel", "categorie", "kans", "impact", "herbeoordeling", "omschrijving",
             "beoogd", "onbedoeld", "mitigatie", "eigenaar", "programma", "instrument",
             "status", "rubricering", "wijziging")  # fmt: skip
    form: dict[str, Any] = {k: field(k) for k in names}
    try:
        try:
            review = date.fromisoformat(form["herbeoordeling"])
            likelihood, impact = int(form["kans"]), int(form["impact"])
        except ValueError:
            raise RiskError(lang.gettext("Give whole numbers 1–5 and a review date.")) from None
        entry = Risk(
            country=iso3, category=form["categorie"], description=form["omschrijving"],
            likelihood=likelihood, impact=impact, mitigation=form["mitigatie"],
            owner=form["eigenaar"], review_date=review, intended_effects=form["beoogd"],
            unintended_effects=form["onbedoeld"], programme=form["programma"],
            instrument=form["instrument"], status=form["status"],
            classification=form["rubricering"], key=form["sleutel"], note=form["wijziging"],
        )  # fmt: skip
        risks.record_risk(kb, user, entry)
    except (RiskError, PermissionError) as exc:
        return _risk_form(request, kb, user, lang, iso3, name, form, lang.said(exc), 400)
    return RedirectResponse(f"/landen/{iso3}#risicos-kop", status_code=303)
