"""The IATI reader on the real Ministry of Foreign Affairs file and on mutated copies of it:
values as published, publishers filtered, results read, every problem named by line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerships.ingest.eurostat import ImportProblem
from partnerships.ingest.iati import read_iati

REPO = Path(__file__).resolve().parents[3]
IATI = next((REPO / "examples" / "data" / "iati").glob("*.xml"))
RESULT = """<result type="2" aggregation-status="0">
   <title><narrative xml:lang="NL">Betere toegang tot rechtshulp</narrative></title>
   <indicator measure="1" ascending="1">
    <title><narrative xml:lang="NL">Aantal geholpen migranten</narrative></title>
    <baseline year="2019" iso-date="2019-12-31" value="100"/>
    <period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
     <target value="500"/><actual value="350"/></period>
   </indicator>
  </result>
  <document-link"""


def _mutated(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = IATI.read_text("utf-8")
    assert old in text
    path = tmp_path / "mutated.xml"
    path.write_text(text.replace(old, new, count), "utf-8")
    return path


def test_the_real_file_as_published() -> None:
    f = read_iati(IATI)
    assert (f.version, len(f.activities), f.other_publishers) == ("2.03", 73, 27)
    a = next(x for x in f.activities if x.identifier == "XM-DAC-7-PPR-4000003315")
    assert a.title == "COVID-19 - Bijdrage ALSF" and a.status == "in uitvoering"
    assert (a.start, a.end) == (date(2020, 11, 13), date(2023, 12, 31))
    assert a.regions == [("298", "AFRICA, REGIONAL", 100.0)] and a.countries == []
    assert a.sectors == [("15130", "Legal and judicial development", 100.0)]
    assert a.flow == "ODA" and a.currency == "EUR"
    transactions = [(m.kind, m.value) for m in a.money if m.kind in ("commitment", "disbursement")]
    assert transactions == [("commitment", 6_000_000.0), ("disbursement", 3_000_000.0)]
    assert {o.role for o in a.orgs} == {"funding", "accountable", "extending", "implementing"}
    assert all(len(c) == 3 for x in f.activities for c, _p in x.countries)
    assert len(read_iati(IATI, None).activities) == 100


def test_results_with_baseline_target_and_actual(tmp_path: Path) -> None:
    path = _mutated(tmp_path, "<document-link", RESULT)
    a = read_iati(path).activities[0]
    (result,) = a.results
    assert (result.kind, result.title) == ("outcome", "Betere toegang tot rechtshulp")
    (ind,) = result.indicators
    assert (ind.baseline_year, ind.baseline, ind.measure) == ("2019", 100.0, "eenheid")
    assert ind.periods == (("2020-01-01", "2020-12-31", 500.0, 350.0),)
    assert a.details()["resultaten"][0]["indicatoren"][0]["perioden"][0]["werkelijk"] == 350.0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("<iati-identifier>XM-DAC-7-PPR-4000003315</iati-identifier>", "<iati-identifier/>",
         "without iati-identifier"),
        ('iso-date="2020-11-13" type="2"', 'iso-date="13-11-2020" type="2"',
         "actual start: not a date '13-11-2020'"),
        ('code="298" percentage="100"', 'code="298" percentage="180"',
         "percentage 180 is outside 0–100"),
        ('<value currency="EUR" value-date="2021-01-01">3000000</value>',
         '<value currency="EUR" value-date="2021-01-01">drie miljoen</value>',
         "budget value: not a number 'drie miljoen'"),
        ("<iati-identifier>XM-DAC-7-PPR-4000003315</iati-identifier>",
         "<iati-identifier>XM-DAC-7-PPR-4000003866</iati-identifier>", "activity also on line"),
    ],
)  # fmt: skip
def test_problems_name_file_line_and_activity(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ImportProblem) as err:
        read_iati(_mutated(tmp_path, old, new))
    text = str(err.value)
    assert message in text and "mutated.xml" in text and "row" in text


def test_not_xml_and_not_iati(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<iati-activities><iati-activity>", "utf-8")
    with pytest.raises(ImportProblem, match="not well-formed XML"):
        read_iati(broken)
    other = tmp_path / "other.xml"
    other.write_text("<rss><channel/></rss>", "utf-8")
    with pytest.raises(ImportProblem, match="not an IATI file"):
        read_iati(other)
    old = tmp_path / "v1.xml"
    old.write_text('<iati-activities version="1.05"></iati-activities>', "utf-8")
    with pytest.raises(ImportProblem, match=r"only 2\.0x"):
        read_iati(old)
