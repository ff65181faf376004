"""Criteria files: the bundled default is valid and round-trips; every error names the
criterion and the field; what-if weights replace only what they name."""

from __future__ import annotations

import tomllib

import pytest

from partnerships.analysis.criteria import (
    criteria_to_toml,
    default_criteria_text,
    known_sources,
    parse_criteria,
)
from partnerships.domain.decisions import CriteriaError


def test_bundled_criteria_cover_the_issue_and_round_trip() -> None:
    cs = parse_criteria(default_criteria_text())
    sources = {c.source for c in cs.criteria}
    assert {"frontex.detections", "eurostat.orders_to_leave", "eurostat.return_gap",
            "eurostat.asylum_applications", "table.bilateral_perspective",
            "table.meerwaarde_nationaal", "table.handelsbelang",
            "table.mensenrechtensituatie", "table.klimaatbelang"} <= sources  # fmt: skip
    assert sources <= set(known_sources())
    assert abs(sum(c.weight for c in cs.criteria) - 1.0) < 1e-9
    assert parse_criteria(criteria_to_toml(cs)) == cs


def _with(change: str, old: str = 'normalisation = "fixed"\nscale = [0, 100]') -> str:
    text = default_criteria_text()
    assert old in text
    return text.replace(old, change, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[method\n", "not valid TOML"),
        (_with('normalisation = "fixed"'), "('cooperation_gap'): normalisation 'fixed' needs"),
        (_with('normalisation = "fixed"\nscale = [5, 1]'), "scale high must be above low"),
        (_with('normalisation = "cubic"\nscale = [0, 100]'), "normalisation must be one of"),
        (_with('source = "x.y"', 'source = "eurostat.return_gap"'), "unknown source 'x.y'"),
        (_with('direction = "up"', 'direction = "benefit"'), "('return_caseload'): direction must be"),  # noqa: E501
        (_with("weight = -1", "weight = 0.17"), "weight must be at least 0"),
        (_with("weight_low = 0.5", "weight_low = 0.1"), "weight_low 0.5 is above weight_high 0.3"),
        (_with('code = "transit"', 'code = "return_caseload"'), "criteria codes used twice: ['transit']"),  # noqa: E501
        (_with("samples = 5", "samples = 10000"), "samples must be 100"),
        (_with('weights = "intervals"\nbogus = 1', 'weights = "rank"'), "[method] has unknown fields ['bogus']"),  # noqa: E501
        (_with("colour = 'red'\nrank = 1", "rank = 1"), "unknown fields ['colour']"),
        (default_criteria_text().replace("rank = 3\n", ""), "missing on ['cooperation_gap']"),
    ],
)  # fmt: skip
def test_errors_name_criterion_and_field(text: str, message: str) -> None:
    with pytest.raises(CriteriaError) as err:
        parse_criteria(text, "test.toml")
    assert message in str(err.value)
    assert str(err.value).startswith("test.toml")


def test_intervals_that_cannot_sum_to_one_are_refused() -> None:
    raw = tomllib.loads(default_criteria_text())
    raw["method"]["weights"] = "intervals"
    for c in raw["criterion"]:
        c["weight_high"] = 0.05
        c["weight_low"] = 0.0
    import tomli_w

    with pytest.raises(CriteriaError, match="cannot sum to one"):
        parse_criteria(tomli_w.dumps(raw))


def test_what_if_weights_replace_only_the_named_ones() -> None:
    cs = parse_criteria(default_criteria_text())
    changed = cs.with_weights({"transit": 0.6})
    assert [c.weight for c in changed.criteria if c.code == "transit"] == [0.6]
    assert [c.weight for c in changed.criteria if c.code != "transit"] == [
        c.weight for c in cs.criteria if c.code != "transit"
    ]
    with pytest.raises(CriteriaError, match="unknown criteria"):
        cs.with_weights({"nope": 1.0})
    with pytest.raises(CriteriaError, match="weight must be a number"):
        cs.with_weights({"transit": -1.0})


def test_normal_uncertainty_instead_of_a_spread() -> None:
    text = default_criteria_text().replace('unit = "detecties"\n', 'unit = "detecties"\nsd = 0.1\n')
    cs = parse_criteria(text)
    assert next(c for c in cs.criteria if c.code == "transit").sd == 0.1
    assert parse_criteria(criteria_to_toml(cs)) == cs
    both = text.replace("sd = 0.1\n", "sd = 0.1\nspread = 2\n")
    with pytest.raises(CriteriaError, match="not both"):
        parse_criteria(both)
