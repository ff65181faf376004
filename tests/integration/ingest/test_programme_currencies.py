"""IATI money in every currency (SQLite and PostgreSQL): kept in its own currency and
converted to euros at the ECB reference rate of its value date, rate and date shown; a
currency without an ECB rate counted apart, never as zero; the same file imported again
with another publisher filter brings its other activities."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnerships.domain.context import ANONYMOUS
from partnerships.ingest.currency import to_eur
from partnerships.services import programmes
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.web.api_models import Programma, ProgrammaSamenvatting

# constructed in the IATI 2.03 activity standard's form (an activity of another publisher in
# USD, transactions with value dates, one in XOF, which the ECB does not publish)
ACTIVITY = """<iati-activity default-currency="{cur}" xml:lang="EN">
  <iati-identifier>{ident}</iati-identifier>
  <reporting-org ref="{org}" type="10"><narrative>{org_name}</narrative></reporting-org>
  <title><narrative>Migration and protection programme {ident}</narrative></title>
  <description><narrative>Protection of refugees and displaced persons.</narrative></description>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2019-01-01"/>
  <recipient-country code="LY" percentage="100"/>
  <sector vocabulary="1" code="72010" percentage="100"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2019-03-15"/>
    <value value-date="2019-03-15">1000000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2019-03-20"/>
    <value currency="GBP" value-date="2019-03-16">500000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2019-04-01"/>
    <value currency="XOF" value-date="2019-04-01">65595700</value></transaction>
</iati-activity>"""


def _file(tmp_path: Path) -> Path:
    body = "".join([
        ACTIVITY.format(cur="USD", ident="XM-DAC-7-TEST-1", org="XM-DAC-7",
                        org_name="Netherlands - Ministry of Foreign Affairs"),
        ACTIVITY.format(cur="USD", ident="US-GOV-1-TEST-2", org="US-GOV-1", org_name="USAID"),
    ])  # fmt: skip
    path = tmp_path / "constructed-usd-activities.xml"
    path.write_text(f'<?xml version="1.0"?>\n<iati-activities version="2.03">{body}'
                    "</iati-activities>", "utf-8")  # fmt: skip
    return path


def test_ecb_rates_of_the_value_date() -> None:
    # ECB euro reference rates of 15 March 2019: USD 1.1308, GBP 0.85415
    usd = to_eur(1_000_000, "USD", date(2019, 3, 15))
    assert usd.rate_date == date(2019, 3, 15) and usd.eur == pytest.approx(1_000_000 / 1.1308)
    weekend = to_eur(500_000, "GBP", date(2019, 3, 16))  # a Saturday: Friday's rate
    assert weekend.rate_date == date(2019, 3, 15)
    assert weekend.eur == pytest.approx(500_000 / 0.85415)
    xof = to_eur(65_595_700, "XOF", date(2019, 4, 1))
    assert xof.eur is None and "no euro rate for XOF" in xof.problem


def test_money_in_usd_and_gbp_counts_in_euros(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = _file(tmp_path)
    first = programmes.import_iati(kb, path)  # default filter: the ministry (XM-DAC-7)
    assert (first.status, first.new, first.other_publishers) == ("imported", 1, 1)
    (view,) = programmes.list_programmes(kb, ANONYMOUS)
    item = ProgrammaSamenvatting.of(view).model_dump()  # as the API and pages show it
    assert item["gecommitteerd"] == pytest.approx(1_000_000 / 1.1308, rel=1e-6)
    assert item["uitgegeven"] == pytest.approx(500_000 / 0.85415, rel=1e-6)
    assert item["nietOmgerekend"] == 1  # the XOF amount: counted apart, not as zero
    found = programmes.programme(kb, ANONYMOUS, item["id"])
    assert found is not None
    detail = Programma.of(found).model_dump(by_alias=True)
    gbp = next(m for m in detail["geld"] if m["munt"] == "GBP")
    assert (gbp["bedrag"], gbp["koersDatum"]) == (500_000.0, "2019-03-15")
    assert gbp["koersEur"] == pytest.approx(1 / 0.85415)
    # the same file with every publisher: not 'unchanged', the other activity comes in
    again = programmes.import_iati(kb, path, reporting_org="")
    assert (again.status, again.new, again.updated) == ("imported", 1, 1)
    assert programmes.import_iati(kb, path, reporting_org="").status == "unchanged"
