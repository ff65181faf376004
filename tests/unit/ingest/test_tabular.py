"""The strict delimited reader: polars reads, but a record that does not fit is refused
with its line, and every fast answer equals the csv module's careful answer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.ingest.errors import ImportProblem
from partnerships.ingest.tabular import LINE, _read_with_csv, read_table

HEADER = '"TIME","GEO","CITIZEN","Value"\n'


def _rows(table: object) -> list[tuple[object, ...]]:
    return table.frame.select(  # type: ignore[attr-defined]
        [f"c{i}" for i in range(len(table.header))] + [LINE]  # type: ignore[attr-defined]
    ).rows()


def test_a_short_record_is_refused_with_its_line() -> None:
    with pytest.raises(ImportProblem, match=r"f\.csv, row 3: expected 4 columns, found 3"):
        read_table("f.csv", HEADER + '"2012","NL","MA","5"\n"2013","NL","MA"\n')


def test_a_long_record_is_refused_with_its_line() -> None:
    with pytest.raises(ImportProblem, match=r"row 2: expected 4 columns, found 5"):
        read_table("f.csv", HEADER + '"2012","NL","MA","5","x"\n')


def test_blank_lines_are_skipped_and_lines_kept() -> None:
    table = read_table("f.csv", HEADER + '"2012","NL","MA","5"\n\n2013,NL,MA,\r\n')
    assert _rows(table) == [("2012", "NL", "MA", "5", 2), ("2013", "NL", "MA", "", 4)]


def test_a_quoted_line_break_is_one_record_on_the_line_it_ends() -> None:
    table = read_table("f.csv", HEADER + '"2012","NL","Ma\nrokko","5"\n"2013","NL","MA","6"\n')
    assert _rows(table) == [("2012", "NL", "Ma\nrokko", "5", 3), ("2013", "NL", "MA", "6", 4)]


def test_a_column_twice_in_the_header_is_refused() -> None:
    with pytest.raises(ImportProblem, match="column GEO: this column occurs twice"):
        read_table("f.csv", '"TIME","GEO","GEO"\n"2012","NL","BE"\n')


def test_a_broken_quote_is_refused_not_guessed() -> None:
    with pytest.raises(ImportProblem, match=r"f\.csv"):
        read_table("f.csv", HEADER + '"2012","NL","MA,"5"\n"2013","NL","MA","6"\n')


LINES = st.lists(
    st.lists(st.sampled_from(["2012", '"NL"', '"a,b"', "", '"x""y"', '"', "1 234", "\r"]),
             min_size=0, max_size=6).map(",".join),
    max_size=8,
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(LINES)
def test_the_fast_reader_answers_as_the_csv_module(lines: list[str]) -> None:
    text = HEADER + "\n".join(lines)
    header = ["TIME", "GEO", "CITIZEN", "Value"]
    try:
        careful = _rows(_read_with_csv("f.csv", text, header, ","))
    except ImportProblem as exc:
        with pytest.raises(ImportProblem) as fast:
            read_table("f.csv", text)
        assert str(fast.value) == str(exc)
        return
    assert _rows(read_table("f.csv", text)) == careful
