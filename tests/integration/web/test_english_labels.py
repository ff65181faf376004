"""In the English app, data labels are English where a source names them so: countries
and regions (CLDR via Babel), routes (Frontex's own names); Dutch stays the default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partnerships.services.indicators import import_frontex
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web.app import create_app
from support.web import web_client

DATA = Path(__file__).resolve().parents[3] / "examples" / "data"


def test_countries_regions_and_routes_in_english(loaded_kb: KnowledgeBase) -> None:
    if not loaded_kb.url.startswith("sqlite"):
        pytest.skip("the labels do not depend on the database")
    import_frontex(loaded_kb, next((DATA / "frontex").glob("*.xlsx")))
    dutch = web_client(create_app(loaded_kb))
    english = web_client(create_app(loaded_kb))
    names = re.compile(r'href="/landen/[A-Z]{3}">([^<]+)<')
    assert "Marokko" in names.findall(dutch.get("/landen").text)
    page = english.get("/landen?taal=en").text
    assert {"Morocco", "Greece", "Egypt"} <= set(names.findall(page))
    assert "Marokko" not in names.findall(page) and "<td>Africa</td>" in page
    assert "<h1>Morocco</h1>" in english.get("/landen/MAR").text  # the language is kept
    assert "Eastern Mediterranean Route" in english.get("/routes").text
    assert "<h1>Eastern Mediterranean Route</h1>" in english.get("/routes/EMR").text
    assert "Oostelijke Mediterrane route" in dutch.get("/routes").text
    assert "Morocco" in names.findall(english.get("/").text)
