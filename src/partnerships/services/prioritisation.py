"""Focus-country prioritisation: criteria from the base, values from the indicators, the
ranking (value model and TOPSIS) and its robustness (SMAA-2).

Every criterion value carries the dataset, period and file it came from, so a ranking can be
explained cell by cell; a value that is not in the base stays missing and is shown as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from partnerships.analysis.criteria import (
    criteria_to_dict,
    criteria_to_toml,
    default_criteria_text,
    parse_criteria,
)
from partnerships.analysis.mcda import (
    MissingPolicy,
    MissingValuesError,
    Scale,
    observed_scales,
    topsis,
    weighted_value,
)
from partnerships.analysis.smaa import MAX_ALTERNATIVES, Performance, WeightInfo, smaa2
from partnerships.domain.context import CLEARANCES, UserContext
from partnerships.domain.decisions import CriteriaError, CriteriaSet, Criterion
from partnerships.domain.errors import Forbidden
from partnerships.services import audit
from partnerships.services.computed_once import ComputedOnce
from partnerships.services.criterion_values import (
    NOT_PARTNERS,
    VALUES,
    SourceValue,
    data_key,
    source_values,
)
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.decisions import CriteriaRepository
from partnerships.store.schema import Country

# ---------------------------------------------------------------- criteria versions


def current_criteria(kb: KnowledgeBase) -> tuple[CriteriaSet, int | None]:
    """The criteria in force and their stored version (None: the bundled default)."""
    with kb.session() as s:
        row = CriteriaRepository(s).latest()
        if row is None:
            return parse_criteria(default_criteria_text(), "bundled criteria.toml"), None
        return parse_criteria(row.toml, f"criteria version {row.id}"), row.id


def save_criteria(kb: KnowledgeBase, user: UserContext, text: str, note: str = "") -> int:
    """Validate and store a new criteria version; returns its number."""
    if not user.may_edit:
        raise Forbidden("only analysts may change the prioritisation criteria")
    cs = parse_criteria(text, "new criteria")  # raises CriteriaError before writing
    with kb.session() as s, s.begin():
        row = CriteriaRepository(s).add(criteria_to_toml(cs), user.user_id, note.strip())
        audit.in_session(s, user, "edit", f"criteria:{row.id}", {"toelichting": note.strip()})
        return row.id


def criteria_history(kb: KnowledgeBase) -> list[dict[str, Any]]:
    with kb.session() as s:
        return [
            {
                "versie": r.id,
                "auteur": r.author,
                "toelichting": r.note,
                "tijdstip": r.created_at.isoformat(),
            }
            for r in reversed(CriteriaRepository(s).history())
        ]


def criteria_text(kb: KnowledgeBase, version: int | None = None) -> str:
    if version is None:
        cs, _ = current_criteria(kb)
        return criteria_to_toml(cs)
    with kb.session() as s:
        row = CriteriaRepository(s).get(version)
        if row is None:
            raise CriteriaError("no criteria version %(version)s", version=version, missing=True)
        return row.toml


# ---------------------------------------------------------------- the ranking


def _transform(c: Criterion, x: float) -> float:
    return float(np.log10(1.0 + max(x, 0.0))) if c.normalisation == "log" else x


def _scales(cs: CriteriaSet, values: np.ndarray) -> list[Scale]:
    """Pinned scales where the file gives one, observed ones otherwise (on the log scale for
    'log' criteria)."""
    observed = observed_scales(values, [c.benefit for c in cs.criteria])
    out = []
    for c, obs in zip(cs.criteria, observed, strict=True):
        if c.scale is not None:
            lo, hi = (_transform(c, v) for v in c.scale)
            out.append(Scale(lo, hi, c.benefit))
        else:
            out.append(obs)
    return out


def _without(cs: CriteriaSet, keep: list[int]) -> CriteriaSet:
    """The criteria set restricted to the criteria ``keep``. Weight intervals are carried
    over as the bounds the remaining weights have once renormalised to sum to one
    (low_j / (low_j + Σ other highs), high_j / (high_j + Σ other lows)), so the analysis
    explores the same relative weights as before, without the left-out criteria."""
    kept = [cs.criteria[j] for j in keep]
    if cs.weights == "intervals" and len(kept) < len(cs.criteria):
        lows = [c.weight_low or 0.0 for c in kept]
        highs = [c.weight_high or 0.0 for c in kept]
        scaled = []
        for j, c in enumerate(kept):
            other_high = sum(highs) - highs[j]
            other_low = sum(lows) - lows[j]
            low = lows[j] / (lows[j] + other_high) if lows[j] + other_high > 0 else 0.0
            high = highs[j] / (highs[j] + other_low) if highs[j] + other_low > 0 else 1.0
            scaled.append(replace(c, weight_low=low, weight_high=high))
        kept = scaled
    return replace(cs, criteria=tuple(kept))


def _weight_info(cs: CriteriaSet) -> WeightInfo:
    if cs.weights == "exact":
        return WeightInfo(exact=tuple(c.weight for c in cs.criteria))
    if cs.weights == "intervals":
        return WeightInfo(
            intervals=tuple((c.weight_low or 0.0, c.weight_high or 0.0) for c in cs.criteria)
        )
    if cs.weights == "rank":
        return WeightInfo(rank=tuple(c.rank or 1 for c in cs.criteria))
    return WeightInfo()


@dataclass
class _Matrix:
    countries: list[str]
    names: dict[str, str]
    raw: np.ndarray  # criterion units, NaN = missing
    values: np.ndarray  # transformed (log where asked)
    cells: list[list[SourceValue | None]]


def _matrix(kb: KnowledgeBase, cs: CriteriaSet, lang: str, levels: Sequence[str]) -> _Matrix:
    found = source_values(kb, [c.source for c in cs.criteria], levels)
    with kb.session() as s:
        names = {c.iso3: (c.name_nl if lang == "nl" else c.name_en) for c in s.query(Country).all()}
    candidates = set().union(*(set(found[c.source]) for c in cs.criteria))
    candidates = {c for c in candidates if c in names and c not in NOT_PARTNERS}
    cells_by = {
        country: [found[c.source].get(country) for c in cs.criteria] for country in candidates
    }
    kept = [c for c, cells in cells_by.items() if sum(x is not None for x in cells) >= cs.min_known]
    # beyond the engine's limit keep the countries with the most known criteria, then by name
    kept.sort(key=lambda c: (-sum(x is not None for x in cells_by[c]), names[c]))
    kept = sorted(kept[:MAX_ALTERNATIVES], key=lambda c: names[c])
    raw = np.array(
        [[np.nan if x is None else x.value for x in cells_by[c]] for c in kept], dtype=np.float64
    ).reshape(len(kept), len(cs.criteria))
    values = raw.copy()
    for j, c in enumerate(cs.criteria):
        if c.normalisation == "log":
            values[:, j] = np.log10(1.0 + np.clip(raw[:, j], 0.0, None))
    return _Matrix(kept, names, raw, values, [cells_by[c] for c in kept])


def _performance(cs: CriteriaSet, m: _Matrix) -> Performance:
    """Uniform ranges (spread) or normal values (sd) per cell, on the transformed scale;
    a log criterion's sd is taken on the log scale (a relative error), as documented."""
    low = m.raw.copy()
    high = m.raw.copy()
    sd = np.zeros_like(m.raw)
    for j, c in enumerate(cs.criteria):
        delta = c.spread + c.relative_spread * np.abs(m.raw[:, j])
        low[:, j] = m.raw[:, j] - delta
        high[:, j] = m.raw[:, j] + delta
        if c.normalisation == "log":
            low[:, j] = np.log10(1.0 + np.clip(low[:, j], 0.0, None))
            high[:, j] = np.log10(1.0 + np.clip(high[:, j], 0.0, None))
        sd[:, j] = c.sd
    return Performance(low, high, sd if (sd > 0).any() else None)


#: SMAA-2 results per base, statistics, criteria, sample size, language (the order of the
#: countries) and releases seen
_ROBUSTNESS: ComputedOnce[Any] = ComputedOnce(limit=32)


def clear_robustness_cache() -> None:
    """Forget cached SMAA-2 results (they are keyed by data and criteria, so this is only
    needed to measure a cold run)."""
    _ROBUSTNESS.clear()
    VALUES.clear()


def warm_up(kb: KnowledgeBase, languages: Sequence[str] = ("nl", "en")) -> None:
    """Rank once under the criteria in force for each clearance and language, so that the
    ranking's values and robustness are ready before the first readers ask: computed while
    fifty readers ask at once, they took thirty seconds and more on two cores (one second
    on an idle machine). Criteria the statistics cannot serve are left for the page to
    report."""
    for clearance in CLEARANCES:
        reader = UserContext(user_id="warm-up", clearance=clearance)
        for lang in languages:
            try:
                rank(kb, reader, lang=lang)
            except CriteriaError:
                return


def rank(
    kb: KnowledgeBase,
    user: UserContext,
    weights: dict[str, float] | None = None,
    criteria: CriteriaSet | None = None,
    lang: str = "nl",
    robustness: bool = True,
    samples: int | None = None,
) -> dict[str, Any]:
    """The focus-country ranking with its explanation and robustness.

    ``weights`` override exact weights (the what-if panel): the ranking is recomputed and
    every country's move against the configured weights is reported. The robustness
    analysis always uses the configured weight information, not the what-if weights.
    """
    version: int | None = None
    if criteria is None:
        criteria, version = current_criteria(kb)
    base_cs = criteria
    cs = criteria.with_weights(weights) if weights else criteria
    if sum(c.weight for c in cs.criteria) <= 0:
        raise CriteriaError("the weights are all zero")
    m = _matrix(kb, cs, lang, user.levels())
    n_alt = len(m.countries)
    out: dict[str, Any] = {
        "criteriaVersie": version,
        "criteria": [_criterion_dict(c, cs, lang) for c in cs.criteria],
        "methode": {
            "gewichten": cs.weights,
            "ontbrekend": cs.missing,
            "steekproeven": samples or cs.samples,
            "seed": cs.seed,
            "minimaalBekend": cs.min_known,
        },
        "landen": [],
        "aantal": n_alt,
    }
    if n_alt == 0:
        return out
    missing: MissingPolicy = "refuse" if cs.missing == "refuse" else "worst"
    try:
        return _rank(kb, cs, base_cs, version, weights, m, missing, robustness, samples, lang,
                     out, tuple(user.levels()))  # fmt: skip
    except MissingValuesError as exc:  # the 'refuse' policy: name the cells, as an input error
        raise CriteriaError(str(exc)) from None


def _rank(
    kb: KnowledgeBase,
    cs: CriteriaSet,
    base_cs: CriteriaSet,
    version: int | None,
    weights: dict[str, float] | None,
    m: _Matrix,
    missing: MissingPolicy,
    robustness: bool,
    samples: int | None,
    lang: str,
    out: dict[str, Any],
    levels: tuple[str, ...],
) -> dict[str, Any]:
    crit_codes = cs.codes()
    n_alt = len(m.countries)
    scales = _scales(cs, m.values)
    value_rank = weighted_value(
        m.values, [c.weight for c in cs.criteria], scales, m.countries, crit_codes, missing
    )
    benefit = [c.benefit for c in cs.criteria]
    tvals = m.values.copy()
    for j, sc in enumerate(scales):  # TOPSIS needs non-negative values: shift onto the scale
        col = tvals[:, j]
        lowest = float(np.nanmin(col)) if np.isfinite(col).any() else 0.0
        tvals[:, j] = col - min(sc.low, lowest, 0.0)
    top = topsis(tvals, [c.weight for c in cs.criteria], benefit, m.countries, crit_codes, missing)
    baseline = None
    if weights:
        baseline = weighted_value(
            m.values, [c.weight for c in base_cs.criteria], scales, m.countries, crit_codes, missing
        ).ranks
    warnings: list[str] = out.setdefault("waarschuwingen", [])
    known = np.isfinite(m.raw)
    min_coverage = kb.settings.ranking_min_coverage
    sparse = [j for j in range(len(cs.criteria)) if known[:, j].mean() < min_coverage]
    for j in sparse:
        warnings.append(
            f"Criterium {crit_codes[j]} heeft voor {int(known[:, j].sum())} van de {n_alt} "
            "landen een waarde: weggelaten uit de robuustheidsanalyse (drempel "
            f"{min_coverage:.0%})." if lang == "nl" else
            f"Criterion {crit_codes[j]} has a value for {int(known[:, j].sum())} of the {n_alt} "
            f"countries: left out of the robustness analysis (threshold {min_coverage:.0%})."
        )  # fmt: skip
    dense = [j for j in range(len(base_cs.criteria)) if j not in sparse]
    robust_cs = _without(base_cs, dense)
    robust_m = _Matrix(m.countries, m.names, m.raw[:, dense], m.values[:, dense],
                       [[row[j] for j in dense] for row in m.cells])  # fmt: skip
    examples = sorted({crit_codes[j] for row in m.cells for j, cell in enumerate(row)
                       if cell is not None and cell.example})  # fmt: skip
    if examples:
        warnings.append(
            "De rangen steunen mede op voorbeeldwaarden (fictief) uit de analistentabel: "
            f"{', '.join(examples)}. Vervang ze door echte waarden voor een besluit."
            if lang == "nl" else
            "The ranks rest in part on example (fictitious) values of the analyst table: "
            f"{', '.join(examples)}. Replace them with real values before deciding."
        )  # fmt: skip
    smaa = None
    if robustness and n_alt >= 2 and dense:
        n_samples = samples or cs.samples
        key = (kb.url, data_key(kb, levels), criteria_to_toml(robust_cs), n_samples, lang)
        codes = [crit_codes[j] for j in dense]
        smaa = _ROBUSTNESS.get(key, partial(_smaa, robust_cs, robust_m, codes, n_samples,
                                            cs.seed))  # fmt: skip
        out["robuustheid"] = {
            "steekproeven": smaa.samples,
            "seed": smaa.seed,
            "gewichtsinformatie": base_cs.weights,
            "criteria": [crit_codes[j] for j in dense],
        }
    wnorm = np.array([c.weight for c in cs.criteria]) / sum(c.weight for c in cs.criteria)
    rows = []
    for i, country in enumerate(m.countries):
        row: dict[str, Any] = {
            "code": country,
            "naam": m.names[country],
            "rang": int(value_rank.ranks[i]),
            "score": round(float(value_rank.scores[i]), 4),
            "topsisRang": int(top.ranks[i]),
            "topsisScore": round(float(top.scores[i]), 4),
            "bijdragen": [
                {
                    "criterium": c.code,
                    "waarde": None if m.cells[i][j] is None else m.cells[i][j].value,  # type: ignore[union-attr]
                    "periode": None if m.cells[i][j] is None else m.cells[i][j].period,  # type: ignore[union-attr]
                    "bron": None if m.cells[i][j] is None else m.cells[i][j].source,  # type: ignore[union-attr]
                    "ontbreekt": bool(value_rank.imputed[i, j]),
                    "voorbeeld": bool(m.cells[i][j] is not None and m.cells[i][j].example),  # type: ignore[union-attr]
                    "deelwaarde": round(float(value_rank.contributions[i, j] / wnorm[j]), 4)
                    if wnorm[j] > 0
                    else None,
                    "gewicht": round(float(wnorm[j]), 4),
                    "bijdrage": round(float(value_rank.contributions[i, j]), 4),
                }
                for j, c in enumerate(cs.criteria)
            ],
            "ontbrekend": int(value_rank.imputed[i].sum()),
        }
        if baseline is not None:
            row["rangBasis"] = int(baseline[i])
            row["verschuiving"] = int(baseline[i] - value_rank.ranks[i])
        if smaa is not None:
            b = smaa.acceptability[i]
            row["acceptatie"] = [round(float(x), 4) for x in b[: min(10, n_alt)]]
            row["acceptatieGroepen"] = _buckets(b)
            row["holistisch"] = round(float(smaa.holistic[i]), 4)
            row["vertrouwen"] = (
                None if not np.isfinite(smaa.confidence[i]) else round(float(smaa.confidence[i]), 4)
            )
            row["centraleGewichten"] = (
                None
                if not np.isfinite(smaa.central_weights[i]).all()
                else {
                    c: round(float(w), 4)
                    for c, w in zip([crit_codes[j] for j in dense], smaa.central_weights[i],
                                    strict=True)
                }
            )  # fmt: skip
        rows.append(row)
    rows.sort(key=lambda r: (r["rang"], r["naam"]))
    if smaa is not None and rows:
        warnings += _first_place_warning(rows[0], kb.settings.ranking_min_acceptability, lang)
    out["landen"] = rows
    return out


def _smaa(
    robust_cs: CriteriaSet, robust_m: _Matrix, codes: list[str], n_samples: int, seed: int
) -> Any:
    """SMAA-2 over the criteria with enough values."""
    return smaa2(
        _performance(robust_cs, robust_m),
        _scales(robust_cs, robust_m.values),
        _weight_info(robust_cs),
        robust_m.countries,
        codes,
        samples=n_samples,
        seed=seed,
        confidence_samples=min(n_samples, 10_000),
    )


def _first_place_warning(first: dict[str, Any], threshold: float, lang: str) -> list[str]:
    """A warning when the first country is first in too few of the samples."""
    share = first["acceptatie"][0] if first.get("acceptatie") else None
    if share is None or share >= threshold:
        return []
    return [
        f"De eerste plaats is niet robuust: {first['naam']} staat in {share:.0%} van "
        f"de steekproeven eerst (drempel {threshold:.0%})." if lang == "nl" else
        f"The first place is not robust: {first['naam']} is first in {share:.0%} of "
        f"the samples (threshold {threshold:.0%})."
    ]  # fmt: skip


_BUCKETS = ((1, 1), (2, 5), (6, 10), (11, 20), (21, MAX_ALTERNATIVES))


def _buckets(b: np.ndarray) -> list[dict[str, Any]]:
    out = []
    for lo, hi in _BUCKETS:
        if lo > b.size:
            break
        share = float(b[lo - 1 : min(hi, b.size)].sum())
        label = (
            f"{lo}"
            if lo == hi
            else (f"{lo}–{min(hi, b.size)}" if hi < MAX_ALTERNATIVES else f"≥{lo}")
        )
        out.append({"rangen": label, "aandeel": round(share, 4)})
    return out


def _criterion_dict(c: Criterion, cs: CriteriaSet, lang: str) -> dict[str, Any]:
    d: dict[str, Any] = next(x for x in criteria_to_dict(cs)["criterion"] if x["code"] == c.code)
    return d | {"naam": c.name_nl if lang == "nl" else c.name_en}
