"""The six pillars of the Integral Migration Agenda and the 23 objectives of the Global
Compact for Migration, as bundled reference data (copied from the shared reference set)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def pillars() -> list[dict[str, Any]]:
    text = resources.files("partnerships.domain").joinpath("data/ima-pillars.json")
    data: list[dict[str, Any]] = json.loads(text.read_text("utf-8"))["pillars"]
    return data


@lru_cache(maxsize=1)
def objectives() -> list[dict[str, Any]]:
    text = resources.files("partnerships.domain").joinpath("data/gcm-objectives.json")
    data: list[dict[str, Any]] = json.loads(text.read_text("utf-8"))["objectives"]
    return data


def names(lang: str = "nl") -> dict[str, dict[int, str]]:
    """``{"ima": {1: name, …}, "gcm": {1: name, …}}`` (GCM objectives are English only)."""
    return {
        "ima": {p["number"]: p["nl" if lang == "nl" else "en"] for p in pillars()},
        "gcm": {o["number"]: o.get(lang) or o["en"] for o in objectives()},
    }
