"""Charts for reports: PNG images (Word and PDF embed images; the alt text travels with
them), drawn with the same Vega-Lite specifications as the app's SVG charts."""

from __future__ import annotations

import threading

import altair as alt
import vl_convert as vlc

_NAVY = "#154273"
_RENDER = threading.Lock()  # vl-convert's renderer is not re-entrant


def bar_chart_png(values: tuple[tuple[str, float], ...], x_title: str, y_title: str) -> bytes:
    rows = alt.Data(values=[{"x": x, "y": y} for x, y in values])
    chart = (
        alt.Chart(rows)
        .mark_bar(color=_NAVY)
        .encode(
            x=alt.X("x:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("y:Q", title=y_title),
        )
        .properties(width=max(160, 56 * len(values)), height=180, background="#ffffff")
        .configure_view(stroke=None)
    )
    with _RENDER:
        png: bytes = vlc.vegalite_to_png(chart.to_dict(), scale=2)
    return png
