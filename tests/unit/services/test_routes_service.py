"""Migration routes as a service, on an in-memory route store (no database).

The same service runs on the real Frontex workbook in tests/integration/ingest/test_frontex.py;
here the sums, shares and visibility are checked on a few constructed detections.
"""

from __future__ import annotations

from partnerships.domain.context import UserContext
from partnerships.domain.routes import Detection, ReleaseRef, Route
from partnerships.services import routes
from support.fakes import FakeBase

READER = UserContext("lezer", frozenset(), "openbaar")
ANALYST = UserContext("analist", frozenset({"analyst"}), "vertrouwelijk")


def _base() -> FakeBase:
    base = FakeBase()
    store = base.routes
    store.routes = {
        "CMR": Route("CMR", "Central Mediterranean Route", "Centrale Mediterrane route",
                     "Libya, Tunisia to Italy, Malta", ("LBY", "TUN", "ITA", "MLT")),
        "EMR": Route("EMR", "Eastern Mediterranean Route", "Oostelijke Mediterrane route",
                     "Türkiye to Greece", ("TUR", "GRC")),
    }  # fmt: skip
    store.counted = [
        ("CMR", Detection("2023-01", "TUN", 300.0), "openbaar"),
        ("CMR", Detection("2023-02", "BGD", 100.0), "openbaar"),
        ("CMR", Detection("2024-01", "TUN", 30.0), "openbaar"),
        ("CMR", Detection("2024-03", "BGD", 90.0), "openbaar"),
        ("CMR", Detection("2024-03", "SYR", 0.0), "openbaar"),
        ("EMR", Detection("2024-05", "SYR", 80.0), "openbaar"),
        ("EMR", Detection("2024-06", "AFG", 1000.0), "vertrouwelijk"),
    ]
    store.release = ReleaseRef("Monthly_detections_of_IBC_2025-06-03.xlsx", "2025-06-03", True)
    return base


def test_a_route_in_detail_sums_months_and_ranks_the_latest_years_nationalities() -> None:
    detail = routes.route_detail(_base(), READER, "cmr")
    assert detail is not None and detail.route.id == "CMR"
    assert detail.per_year == {"2023": 400, "2024": 120}
    assert detail.per_month == {"2023-01": 300, "2023-02": 100, "2024-01": 30, "2024-03": 90}
    assert detail.last_year == "2024"
    # the latest year only, most detected first, nationalities without detections left out
    assert [(n.code, n.detections, n.share) for n in detail.nationalities] == [
        ("BGD", 90, 75.0), ("TUN", 30, 25.0)]  # fmt: skip
    assert detail.source == "Frontex Monthly_detections_of_IBC_2025-06-03.xlsx, release 2025-06-03"
    assert routes.route_detail(_base(), READER, "XYZ") is None


def test_detections_above_the_readers_clearance_are_not_counted() -> None:
    base = _base()
    public = {r.route.id: r.per_year for r in routes.routes_overview(base, READER)}
    full = {r.route.id: r.per_year for r in routes.routes_overview(base, ANALYST)}
    assert public["EMR"] == {"2024": 80} and full["EMR"] == {"2024": 1080}
    emr = routes.route_detail(base, READER, "EMR")
    assert emr is not None and [n.code for n in emr.nationalities] == ["SYR"]


def test_route_shares_per_year_for_one_nationality_and_for_all() -> None:
    base = _base()
    every = routes.route_detections(base, READER)
    assert [(r.year, r.route, r.detections, r.share) for r in every] == [
        ("2023", "CMR", 400, 100.0),
        ("2024", "CMR", 120, 60.0),
        ("2024", "EMR", 80, 40.0),
    ]
    syrians = routes.route_detections(base, ANALYST, "SYR")
    assert [(r.route, r.share) for r in syrians] == [("EMR", 100.0), ("CMR", 0.0)]
    assert syrians[0].name_nl == "Oostelijke Mediterrane route"
