"""Statistics from today's Eurostat layouts, stored and shown (SQLite and PostgreSQL): the
total of every breakdown in the dossier's series and in its position alike, a newer
release's total superseding an older one's whatever the layout, true provenance, and a
refused file leaving nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from partnerships.domain.context import ANONYMOUS
from partnerships.ingest.eurostat import ImportProblem
from partnerships.services.indicators import country_indicators, import_eurostat
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.store.schema import IndicatorRelease, IndicatorValue

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "eurostat"


def test_the_total_is_shown_and_every_code_path_agrees(kb: KnowledgeBase) -> None:
    for name in ("constructed-migr_eiord-sdmx2-breakdowns.csv",
                 "constructed-migr_eirtn-sdmx2-breakdowns.csv"):  # fmt: skip
        assert import_eurostat(kb, FIXTURES / name).status == "imported"
    data = country_indicators(kb, ANONYMOUS, "MAR", geo="EU27_2020")
    assert data is not None
    row = next(r for r in data.series if r.year == "2023")
    assert (row.orders, row.returned) == (30000.0, 6000.0)
    assert row.rate == 20.0
    # the same answer, the same path
    assert data.standing is not None and data.standing.orders == 30000.0
    # no release date in an SDMX-CSV: the file's date, called what it is
    assert all("gedownload" in b and "release" not in b for b in row.sources)


def test_a_newer_release_supersedes_the_total_whatever_its_layout(kb: KnowledgeBase) -> None:
    import_eurostat(kb, FIXTURES / "constructed-estat_migr_eiord.tsv")
    result = import_eurostat(kb, FIXTURES / "constructed-migr_eiord-jsonstat.json")
    assert (result.release, result.release_stated) == ("2025-04-23", True)
    data = country_indicators(kb, ANONYMOUS, "MAR", geo="NLD")
    assert data is not None
    (row,) = [r for r in data.series if r.year == "2023"]
    assert row.orders == 2400.0
    assert row.sources == ["migr_eiord (constructed-migr_eiord-jsonstat.json, "
                              "release 2025-04-23)"]  # fmt: skip
    with kb.session() as s:
        current = s.scalar(select(func.count()).select_from(IndicatorValue).where(
            IndicatorValue.is_total.is_(True), IndicatorValue.superseded_by.is_(None),
            IndicatorValue.geo == "NLD", IndicatorValue.period == "2023"))  # fmt: skip
        assert current == 1


def test_a_refused_file_writes_nothing(kb: KnowledgeBase) -> None:
    with pytest.raises(ImportProblem, match="holds migr_eirfs, not migr_eiord"):
        import_eurostat(kb, FIXTURES / "constructed-migr_eirfs-sdmx.csv", "migr_eiord")
    with pytest.raises(ImportProblem, match="does not read"):
        import_eurostat(kb, FIXTURES / "constructed-migr_resfirst-sdmx.csv")
    with kb.session() as s:
        assert s.scalar(select(func.count()).select_from(IndicatorRelease)) == 0
        assert s.scalar(select(func.count()).select_from(IndicatorValue)) == 0
    # refused entry is its own dataset, never orders to leave
    assert import_eurostat(kb, FIXTURES / "constructed-migr_eirfs-sdmx.csv").dataset == "migr_eirfs"
    data = country_indicators(kb, ANONYMOUS, "MAR", geo="EU27_2020")
    assert data is not None and data.series == []


def test_the_reporting_area_is_the_newest_union_aggregate_and_is_named(
    kb: KnowledgeBase, shared: Path
) -> None:
    """EU28 (with the United Kingdom, which the Visa Code never bound) only when nothing
    newer is in the base; the answer and every source say which area was read."""
    from partnerships.domain.eurostat import choose_area

    import_eurostat(kb, shared / "data" / "eurostat" / "migr_eiord_by_citizenship_2017-export.csv")
    old = country_indicators(kb, ANONYMOUS, "MAR")
    assert old is not None and old.area == "EU28"
    import_eurostat(kb, FIXTURES / "constructed-migr_eiord-sdmx2-breakdowns.csv")
    new = country_indicators(kb, ANONYMOUS, "MAR")
    assert new is not None and new.area == "EU27_2020"
    assert [r.year for r in new.series] == ["2022", "2023"]
    asked = country_indicators(kb, ANONYMOUS, "MAR", geo="EU28")
    assert asked is not None and asked.series[0].year == "2012"
    # the Netherlands' own view beside the Union's (the 2017 export has geo Netherlands)
    assert new.home_area == "NLD" and new.home_series
    assert all(r.orders is None or r.orders < 30000 for r in new.home_series)
    assert choose_area({"EU28", "NLD"}) == "EU28" and choose_area({"NLD"}, "NLD") == "NLD"
    assert choose_area({"EU28"}, "EU27_2020") is None


def test_the_assessment_says_its_return_rate_is_not_forced_returns(kb: KnowledgeBase) -> None:
    from partnerships.services.return_cooperation import assessment

    for name in ("constructed-migr_eiord-sdmx2-breakdowns.csv",
                 "constructed-migr_eirtn-sdmx2-breakdowns.csv"):  # fmt: skip
        import_eurostat(kb, FIXTURES / name)
    found = assessment(kb, ANONYMOUS, "MAR")
    assert found is not None
    assert "25a(2)(b)" in found["kanttekening"] and "gedwongen" in found["kanttekening"]
    sources = " ".join(str(y) for y in found["reeks"]) + str(found)
    assert "EU27_2020" in sources and "EU28" not in sources
