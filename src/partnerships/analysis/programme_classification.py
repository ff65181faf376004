"""Suggested IMA pillars and GCM objectives for a programme, each with the reason.

Rules are data (``data/programme_rules.toml``): DAC sector codes weighted by the sector's
share of the programme, plus keywords in the title and description. The point is a short,
explained list for a person to confirm — not an automatic classification.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Rule:
    scheme: str  # ima | gcm
    code: int
    sectors: frozenset[str]
    keywords: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    scheme: str
    code: int
    score: float
    reason: str


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[Rule, ...], float, float, float]:
    text = resources.files("partnerships.analysis").joinpath("data/programme_rules.toml")
    raw = tomllib.loads(text.read_text("utf-8"))
    out = []
    for scheme in ("ima", "gcm"):
        for code, item in raw[scheme].items():
            keywords = tuple(
                (kw, re.compile(r"(?<!\w)" + re.escape(kw.lower()), re.IGNORECASE))
                for kw in item.get("keywords", [])
            )
            out.append(Rule(scheme, int(code), frozenset(item.get("sectors", [])), keywords))
    s = raw["settings"]
    return tuple(out), float(s["sector_weight"]), float(s["keyword_weight"]), float(s["threshold"])


def suggest(
    title: str, description: str, sectors: Sequence[tuple[str, str, float]]
) -> list[Suggestion]:
    """Every pillar and objective whose score reaches the threshold, best first."""
    all_rules, sector_weight, keyword_weight, threshold = rules()
    text = f"{title}\n{description}"
    out = []
    for rule in all_rules:
        score = 0.0
        why = []
        for code, name, pct in sectors:
            if code in rule.sectors:
                score += sector_weight * pct / 100.0
                why.append(f"sector {code} {name} ({pct:g} %)")
        hits = sorted({kw for kw, pattern in rule.keywords if pattern.search(text)})
        if hits:
            score += keyword_weight * len(hits)
            why.append("woorden: " + ", ".join(hits))
        if score >= threshold:
            out.append(Suggestion(rule.scheme, rule.code, round(score, 3), "; ".join(why)))
    return sorted(out, key=lambda s: (s.scheme, -s.score, s.code))
