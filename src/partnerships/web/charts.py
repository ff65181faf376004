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
    """Render a one-bar chart, so the renderer's engine is running before a page needs it."""
    bar_chart((("0", 0),), "x", "y", "warm-up")


@lru_cache(maxsize=64)
def world_map(
    values: tuple[tuple[str, str, str, int], ...], legend: str, label: str, unit: str
) -> str:
    """Choropleth of (ISO numeric, ISO alpha-3, name, count) on the bundled Natural Earth
    110m world; a mentioned country links to its dossier."""
    # the world's shapes join the spec after altair has built it: validating them object
    # by object took ~0.6 s of every map's 1.1 s
    countries = alt.NamedData(
        name="world", format=alt.DataFormat(type="topojson", feature="countries")
    )
    rows = alt.Data(
        values=[{"id": num, "code": code, "naam": name, "n": n} for num, code, name, n in values]
    )
    base = alt.Chart(countries).mark_geoshape(
        fill="#e8eef3", stroke="#ffffff", strokeWidth=0.4, aria=False
    )
    mentioned = (
        alt.Chart(countries)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .transform_lookup(
            lookup="id", from_=alt.LookupData(rows, "id", ["n", "code", "naam"]), default="0"
        )
        .transform_filter("datum.code != '0'")
        .transform_calculate(
            url="'/landen/' + datum.code",
            beschrijving=f"datum.naam + ': ' + datum.n + ' {unit}'",
        )
        .encode(
            color=alt.Color(
                "n:Q",
                scale=alt.Scale(scheme="blues", domainMin=0),
                legend=alt.Legend(title=legend, orient="bottom-left"),
            ),
            href=alt.Href("url:N"),
            description=alt.Description("beschrijving:N"),
        )
    )
    chart = (
        alt.layer(base, mentioned)
        .project("equalEarth")
        .properties(width=760, height=400, background="#ffffff")
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
