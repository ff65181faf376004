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


def _accessible(svg: str, label: str) -> str:
    """An SVG image with a name for screen readers (the data table is the alternative)."""
    svg = re.sub(r"<\?xml[^>]*>\s*", "", svg)
    safe = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{safe}" focusable="false" ', 1)


@lru_cache(maxsize=64)
def world_map(values: tuple[tuple[str, int], ...], legend: str, label: str) -> str:
    """Choropleth of (ISO numeric code, count) on the bundled Natural Earth 110m world."""
    countries = alt.Data(
        values=_world(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    rows = alt.Data(values=[{"id": code, "n": n} for code, n in values])
    chart = (
        alt.Chart(countries)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .encode(
            color=alt.Color(
                "n:Q",
                scale=alt.Scale(scheme="blues", domainMin=0),
                legend=alt.Legend(title=legend, orient="bottom-left"),
            )
        )
        .transform_lookup(lookup="id", from_=alt.LookupData(rows, "id", ["n"]), default="0")
        .project("equalEarth")
        .properties(width=760, height=400, background="#ffffff")
        .configure_view(stroke=None)
    )
    with _RENDER:
        return _accessible(vlc.vegalite_to_svg(chart.to_dict()), label)


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
