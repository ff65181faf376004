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
