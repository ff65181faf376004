"""Return-cooperation assessment per country and year, with the measure options it opens.

Gathers the Article 25a(2) inputs from the base (Eurostat for the caseload and effective
return rate, the analyst table for readmission requests and the four practical items), then
lets ``analysis.return_cooperation`` grade them and ``analysis.measures`` list the options.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from partnerships.analysis.measures import option_to_dict, options
from partnerships.analysis.return_cooperation import (
    RETURN_DECISIONS,
    Thresholds,
    assess,
    assessment_to_dict,
    default_thresholds,
)
from partnerships.domain.context import UserContext
from partnerships.domain.countries import country_iso3
from partnerships.domain.eurostat import choose_area
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.indicators import IndicatorRepository

_SCORES = (
    "identificatie_reactietijd",
    "betrekkingen_algemeen",
    "melding_lidstaat",
    "samenwerking_identificatie",
    "samenwerking_laissez_passer",
    "samenwerking_terugname",
    "samenwerking_terugkeervluchten",
)
_FACTS = ("eu_mandaat", "terugnameovereenkomst", "diplomatieke_post")

Inputs = dict[str, dict[str, tuple[float | None, tuple[str, ...]]]]


def _inputs(
    kb: KnowledgeBase, iso3: str, levels: list[str]
) -> tuple[Inputs, dict[str, str | None]]:
    """Per year the assessment inputs with their sources; and the latest analyst facts."""
    from partnerships.ingest.analyst_table import DATASET

    by_year: Inputs = defaultdict(dict)
    with kb.session() as s:
        repo = IndicatorRepository(s, levels)
        wanted = kb.settings.statistics_area
        area = choose_area(repo.areas("migr_eiord") | repo.areas("migr_eirtn"), wanted) or (
            wanted if wanted != "auto" else "EU27_2020")  # fmt: skip
        orders = {
            v.period: (v.value, r.file_name)
            for v, r in repo.series("migr_eiord", iso3, area, totals=True)
        }
        returned_rows = repo.series("migr_eirtn", iso3, area, totals=True)
        returned = {v.period: (v.value, r.file_name) for v, r in returned_rows}
        analyst = repo.series(DATASET, iso3, iso3)
    for year, (o, ofile) in orders.items():
        by_year[year][RETURN_DECISIONS] = (o, (f"Eurostat migr_eiord, {area}, {year} ({ofile})",))
        r = returned.get(year)
        if o and r is not None and r[0] is not None:
            by_year[year]["effective_return_rate"] = (
                round(100.0 * r[0] / o, 1),
                (
                    f"Eurostat migr_eirtn {r[0]:g} ÷ migr_eiord {o:g}, {area}, {year} "
                    f"({r[1]}, {ofile})",
                ),
            )
    latest, facts = _analyst_latest(analyst)
    for year, codes in latest.items():
        _analyst_inputs(by_year, year, codes)
    return dict(by_year), {k: facts[k][1] if k in facts else None for k in _FACTS}


_Latest = dict[str, dict[str, tuple[str, float | None, str]]]


def _analyst_latest(analyst: list[Any]) -> tuple[_Latest, dict[str, tuple[str, str]]]:
    """The analyst table's newest value per year and indicator, with its source; and the
    newest of each fact (a category)."""
    latest: _Latest = defaultdict(dict)
    facts: dict[str, tuple[str, str]] = {}
    for v, rel in analyst:
        code = v.dims.get("indicator", "")
        year = v.period[:4]
        src = f"analistentabel {code}, {v.period} ({rel.file_name}"
        src += f"; {v.dims['bron']})" if v.dims.get("bron") else ")"
        have = latest[year].get(code)
        if have is None or v.period >= have[0]:
            latest[year][code] = (v.period, v.value, src)
        if code in _FACTS:
            old = facts.get(code)
            if old is None or v.period >= old[0]:
                facts[code] = (v.period, v.dims.get("categorie") or "")
    return latest, facts


def _analyst_inputs(
    by_year: Inputs, year: str, codes: dict[str, tuple[str, float | None, str]]
) -> None:
    """A year's scores from the analyst table, and the rates computed from its counts:
    forced returns per return decision, readmission requests accepted per request."""
    for code in _SCORES:
        if code in codes:
            _p, value, src = codes[code]
            by_year[year][code] = (value, (src,))
    sub, acc = (
        codes.get("terugnameverzoeken_ingediend"),
        codes.get("terugnameverzoeken_aanvaard"),
    )
    forced = codes.get("gedwongen_terugkeer")
    decisions = by_year.get(year, {}).get(RETURN_DECISIONS)
    if forced and forced[1] is not None and decisions and decisions[0]:
        by_year[year]["forced_return_rate"] = (
            round(100.0 * forced[1] / decisions[0], 1),
            (f"gedwongen terugkeer {forced[1]:g} ÷ terugkeerbesluiten {decisions[0]:g}",
             forced[2], *decisions[1]),
        )  # fmt: skip
    if sub and acc and sub[1] and acc[1] is not None:
        by_year[year]["readmission_acceptance"] = (
            round(100.0 * acc[1] / sub[1], 1),
            (f"aanvaard {acc[1]:g} ÷ ingediend {sub[1]:g}", acc[2], sub[2]),
        )


def _graded_years(inputs: Inputs) -> list[str]:
    return sorted(y for y, vals in inputs.items() if any(k != RETURN_DECISIONS for k in vals))


def assessment(
    kb: KnowledgeBase,
    user: UserContext,
    code: str,
    year: str | None = None,
    thresholds: Thresholds | None = None,
) -> dict[str, Any] | None:
    """The assessment of one country for one year (default: the latest year with enough
    graded indicators for a judgement, else the latest with any), its trend, the years
    available and the measure options. None: not a country."""
    iso3 = country_iso3(code)
    if iso3 is None:
        return None
    th = thresholds or default_thresholds()
    inputs, facts = _inputs(kb, iso3, user.levels())
    years = _graded_years(inputs)
    graded_keys = {r.source for r in th.rules}
    enough = [y for y in years
              if sum(1 for k in inputs[y] if k in graded_keys) >= th.min_indicators]  # fmt: skip
    chosen = year or (enough[-1] if enough else years[-1] if years else
                      (max(inputs) if inputs else None))  # fmt: skip
    if chosen is None:
        return {
            "land": iso3,
            "jaar": None,
            "jaren": [],
            "oordeel": None,
            "toelichting": "Geen gegevens voor een terugkeerbeoordeling in de kennisbank.",
            "opties": [],
            "feiten": facts,
        }
    result = assess(iso3, chosen, inputs, th)
    out = assessment_to_dict(result)
    out["jaren"] = years
    out["feiten"] = facts
    out["opties"] = [option_to_dict(o) for o in options(result, facts)]
    out["kanttekening"] = (
        "Opties zijn suggesties op basis van het oordeel en de analistentabel; het besluit "
        "ligt bij de taskforce en wordt vastgelegd als besluit per land."
    )
    if "forced_return_rate" not in inputs.get(chosen, {}):
        out["kanttekening"] += (
            " Artikel 25a(2)(b) vraagt het aandeel gedwongen terugkeer; voor dit jaar heeft "
            "de kennisbank alleen alle terugkeer (migr_eirtn, gedwongen en zelfstandig samen), "
            "dus het effectief terugkeerpercentage is een benadering die gedwongen terugkeer "
            "overschat (gedwongen terugkeer: indicator gedwongen_terugkeer in de "
            "analistentabel)."
        )
    out["reeks"] = [{"jaar": y, **{k: v[0] for k, v in inputs[y].items()}} for y in sorted(inputs)]
    return out


def measures_catalogue() -> dict[str, Any]:
    from partnerships.analysis.measures import catalogue, measure_to_dict

    measures, general = catalogue()
    return {
        "instrumenten": [measure_to_dict(m) for m in measures],
        "algemeneAfwegingen": list(general),
    }
