"""Countries, regions, organisations and programmes from the gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerships.ingest.gazetteer import Gazetteer, GazetteerError, get_gazetteer


def codes(text: str, kind: str = "country") -> list[str]:
    return [e.code for e in get_gazetteer().find(text) if e.kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("opvangland voor ruim 3,5 mln. Syriërs", ["SYR"]),
        ("de erkenning van Somalische diplomatieke paspoorten", ["SOM"]),
        ("gesprekken met de Turkse overheid", ["TUR"]),
        ("grensbewaking in Turkije en Tunesié", ["TUR", "TUN"]),  # OCR: é for ë
        ("met Egypte, Tunesié of Jordanié", ["EGY", "TUN", "JOR"]),
        ("via de EU-Turkije Verklaring", ["TUR"]),
        ("Zuid-Soedan en Soedan", ["SSD", "SDN"]),
        ("Marokkaanse autoriteiten", ["MAR"]),
    ],
)
def test_countries_from_names_adjectives_demonyms(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_niger_is_not_found_inside_nigeria() -> None:
    assert codes("Nigeria en Nigeriaanse migranten") == ["NGA", "NGA"]
    assert codes("Niger en Nigeria") == ["NER", "NGA"]


def test_home_country_is_not_a_partner() -> None:
    assert codes("Nederland en Marokko") == ["MAR"]


def test_regions_organisations_programmes() -> None:
    text = (
        "in de Sahel, de Hoorn van Afrika en Noord-Afrika werken IOM, UNHCR en de "
        "Wereldbank via de FRIT en het EU Trust Fund for Africa"
    )
    assert codes(text, "region") == ["SAHEL", "HORN", "NAFR"]
    assert codes(text, "organisation") == ["IOM", "UNHCR", "WB"]
    assert codes(text, "programme") == ["FRIT", "EUTF"]


def test_spans_point_into_the_text() -> None:
    text = "Tunesié en de Syriërs"
    for e in get_gazetteer().find(text):
        assert text[e.start : e.end] == e.text


def test_users_extend_the_gazetteer_without_code(tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(
        '[countries]\nGMB = ["Gambianen"]\n'
        '[programmes.MYPROG]\nname = "Mijn Programma"\naliases = ["Mijn Programma", "MIPRO"]\n',
        "utf-8",
    )
    g = Gazetteer.build(extra)
    found = [(e.kind, e.code) for e in g.find("Het MIPRO helpt Gambianen")]
    assert found == [("programme", "MYPROG"), ("country", "GMB")]


def test_invalid_gazetteer_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[countries]\nXXX = ["Nergensland"]\n', "utf-8")
    with pytest.raises(GazetteerError, match="XXX"):
        Gazetteer.build(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[countries\n", "utf-8")
    with pytest.raises(GazetteerError, match=r"broken\.toml"):
        Gazetteer.build(broken)
