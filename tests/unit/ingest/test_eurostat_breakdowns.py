"""Today's Eurostat layouts with breakdowns (constructed fixtures, see their README): the
total of every breakdown is chosen explicitly, the dataset is read from the file, and
contradictions are refused before anything is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerships.domain.eurostat import is_total
from partnerships.ingest.eurostat import ImportProblem, read_eurostat, read_eurostat_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "eurostat"


def _totals(path: Path, dataset: str | None = None) -> dict[tuple[str, str, str], float | None]:
    _, obs = read_eurostat(path, dataset)
    return {(o.geo, o.citizen, o.time): o.value for o in obs if is_total(o.dims)}


def test_sdmx_csv_2_total_is_chosen_by_breakdown_not_by_row_order() -> None:
    ds, obs = read_eurostat(FIXTURES / "constructed-migr_eiord-sdmx2-breakdowns.csv")
    assert ds == "migr_eiord" and len(obs) == 8
    assert _totals(FIXTURES / "constructed-migr_eiord-sdmx2-breakdowns.csv") == {
        ("EU27_2020", "MAR", "2022"): 28000.0,
        ("EU27_2020", "MAR", "2023"): 30000.0,
    }
    under18 = [o for o in obs if dict(o.dims)["age"] == "Y_LT18"]
    assert [o.value for o in under18] == [1500.0, 18000.0]  # kept, addressable


def test_returns_total_over_every_destination() -> None:
    path = FIXTURES / "constructed-migr_eirtn-sdmx2-breakdowns.csv"
    ds, _ = read_eurostat(path)  # '$DEFAULTVIEW' in the structure id
    assert ds == "migr_eirtn"
    assert _totals(path)[("EU27_2020", "MAR", "2023")] == 6000.0


def test_tsv_bulk_with_flags() -> None:
    path = FIXTURES / "constructed-estat_migr_eiord.tsv"
    ds, obs = read_eurostat(path)  # the dataset from the bulk file's name
    assert ds == "migr_eiord"
    assert _totals(path) == {
        ("EU27_2020", "MAR", "2022"): 28000.0,
        ("EU27_2020", "MAR", "2023"): 30000.0,
        ("NLD", "MAR", "2022"): 2100.0,
        ("NLD", "MAR", "2023"): 2400.0,
    }
    flags = {(o.geo, o.time, dict(o.dims)["age"]): o.flags for o in obs}
    assert flags[("EU27_2020", "2023", "TOTAL")] == "p"
    assert flags[("NLD", "2022", "Y_LT18")] == "c"


def test_jsonstat_with_its_release_date() -> None:
    found = read_eurostat_file(FIXTURES / "constructed-migr_eiord-jsonstat.json")
    assert (found.dataset, found.release) == ("migr_eiord", "2025-04-23")
    totals = {(o.geo, o.time): o.value for o in found.observations if is_total(o.dims)}
    assert totals == {
        ("EU27_2020", "2022"): 28000.0,
        ("EU27_2020", "2023"): 30000.0,
        ("NLD", "2022"): 2100.0,
        ("NLD", "2023"): 2400.0,
    }
    assert len(found.observations) == 7  # index 7 has no value: not invented
    assert {o.flags for o in found.observations if o.time == "2023" and o.geo == "EU27_2020"
            and is_total(o.dims)} == {"p"}  # fmt: skip


def test_other_datasets_are_read_as_what_they_are_or_refused_naming_them() -> None:
    ds, obs = read_eurostat(FIXTURES / "constructed-migr_eirfs-sdmx.csv")
    assert ds == "migr_eirfs"
    assert [o.value for o in obs if is_total(o.dims)] == [4100.0]
    # an export that does not say its dataset: its 'border' column says it
    ds, _ = read_eurostat(FIXTURES / "constructed-refused-entry-export.csv")
    assert ds == "migr_eirfs"
    with pytest.raises(ImportProblem, match="migr_resfirst, which this product does not read"):
        read_eurostat(FIXTURES / "constructed-migr_resfirst-sdmx.csv")


@pytest.mark.parametrize(
    ("name", "given", "message"),
    [
        ("constructed-migr_eirfs-sdmx.csv", "migr_eiord", "holds migr_eirfs, not migr_eiord"),
        ("constructed-refused-entry-export.csv", "migr_eiord",
         "a breakdown of migr_eirfs, not of migr_eiord"),
        ("constructed-estat_migr_eiord.tsv", "migr_eirtn", "the file name says migr_eiord"),
    ],
)  # fmt: skip
def test_a_dataset_that_contradicts_the_file_is_refused(
    name: str, given: str, message: str
) -> None:
    with pytest.raises(ImportProblem, match=message):
        read_eurostat(FIXTURES / name, given)


def test_an_unknown_breakdown_or_an_ambiguous_total_is_refused(tmp_path: Path) -> None:
    head = "STRUCTURE,STRUCTURE_ID,freq,citizen,wealth,sex,unit,geo,TIME_PERIOD,OBS_VALUE\n"
    odd = tmp_path / "odd.csv"  # constructed: a breakdown whose total is not known
    odd.write_text(head + "dataflow,ESTAT:MIGR_EIORD(1.0),A,MA,LOW,T,PER,NL,2023,10\n"
                   "dataflow,ESTAT:MIGR_EIORD(1.0),A,MA,HIGH,T,PER,NL,2023,20\n")  # fmt: skip
    with pytest.raises(ImportProblem, match="broken down by 'wealth'"):
        read_eurostat(odd)
    twice = tmp_path / "twice.csv"  # constructed: two total rows for one country and year
    twice.write_text("STRUCTURE,STRUCTURE_ID,freq,citizen,age,sex,unit,geo,TIME_PERIOD,OBS_VALUE\n"
                     "dataflow,ESTAT:MIGR_EIORD(1.0),A,MA,TOTAL,T,PER,NL,2023,10\n"
                     "dataflow,ESTAT:MIGR_EIORD(1.0),A,MA,TOTAL,T,PER,NL,2023,12\n")  # fmt: skip
    with pytest.raises(ImportProblem, match="occurs twice"):
        read_eurostat(twice)
