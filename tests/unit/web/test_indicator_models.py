"""A citizenship's statistics are named in Dutch in one place (``LandIndicatoren.of``):
each view field under its API name, the home country's series beside the Union's.

The view is constructed (figures of the shape of Eurostat's, made up) so that every value
can only have come from one field."""

from __future__ import annotations

from partnerships.services.indicator_views import (
    AnalystValue,
    CountryIndicators,
    RecognitionYear,
    ReturnYear,
    Standing,
)
from partnerships.services.routes import RouteYear
from partnerships.web.api_models import LandIndicatoren


def test_a_citizenships_statistics_under_the_api_names() -> None:
    union = ReturnYear("2023", 30000.0, 6000.0, 20.0, "p", ["migr_eiord (a.csv, 2025)"])
    home = ReturnYear("2023", 2400.0, None, None, "", ["migr_eiord (b.csv, 2025)"])
    view = CountryIndicators(
        country="MAR", area="EU27_2020", series=[union], caveat="twee populaties",
        routes=[RouteYear("WMR", "Westelijke Mediterrane route", "Western Mediterranean",
                          "2024", 1200, 35.5)],
        analysts=[AnalystValue("identificatie_reactietijd", "Reactietijd", "2024", 45.0, None,
                               "dagen", "DT&V Q4", None, "t2.csv", "Q4", True)],
        recognition=[RecognitionYear("2008", 200.0, 50.0, 25.0, "migr_asydcfsta (c.csv)")],
        standing=Standing("2023", 3, 150, 30000.0), home_area="NLD", home_series=[home],
    )  # fmt: skip
    out = LandIndicatoren.of(view).model_dump()
    assert (out["land"], out["rapporterend"], out["kanttekening"]) == (
        "MAR", "EU27_2020", "twee populaties")  # fmt: skip
    assert out["reeks"] == [{"jaar": "2023", "uitzettingsbevelen": 30000.0,
                             "teruggekeerd": 6000.0, "effectiefTerugkeerpercentage": 20.0,
                             "vlaggen": "p", "bronnen": ["migr_eiord (a.csv, 2025)"]}]  # fmt: skip
    assert out["eigenLand"]["rapporterend"] == "NLD"
    assert out["eigenLand"]["reeks"][0]["teruggekeerd"] is None
    assert out["routes"] == [{"route": "WMR", "naam": "Westelijke Mediterrane route",
                              "jaar": "2024", "detecties": 1200, "aandeel": 35.5}]  # fmt: skip
    (value,) = out["analisten"]
    assert (value["waarde"], value["eenheid"], value["bron"], value["bestand"]) == (
        45.0, "dagen", "DT&V Q4", "t2.csv")  # fmt: skip
    assert value["voorbeeld"] is True and value["categorie"] is None
    assert out["erkenning"] == [{"jaar": "2008", "beslissingen": 200.0, "positief": 50.0,
                                 "erkenningspercentage": 25.0,
                                 "bron": "migr_asydcfsta (c.csv)"}]  # fmt: skip
    assert out["positie"] == {"jaar": "2023", "rang": 3, "van": 150,
                              "uitzettingsbevelen": 30000.0}  # fmt: skip
    no_standing = CountryIndicators("MAR", "EU28", [], "", [], [], [], None, "NLD", [])
    assert LandIndicatoren.of(no_standing).model_dump()["positie"] is None
