"""No file makes an importer crash: mutated copies of the real Eurostat, analyst-table and
IATI files either import or are refused with an ImportProblem that names the file —
never another exception (property-based, with hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerships.ingest.analyst_table import read_table
from partnerships.ingest.eurostat import ImportProblem, read_eurostat
from partnerships.ingest.iati import read_iati

DATA = Path(__file__).resolve().parents[3] / "examples" / "data"
EUROSTAT = (DATA / "eurostat" / "migr_asydcfsta_2017-export.csv").read_bytes()[:20_000]
SDMX = (DATA / "eurostat" / "migr_asyappctza_sdmx.csv").read_bytes()[:20_000]
TABLE = (DATA / "tables" / "analisten-voorbeeld.csv").read_bytes()
IATI = next((DATA / "iati").glob("*.xml")).read_bytes()[:60_000]
NOISE = [b";", b",", b'"', b":", b"\n", b"\r\n", b"<", b">", b"</", b"&", b"\x00", b"\xff",
         b"1e309", b"-1", b"NaN", b"2099", b"percentage=\"", b"iso-date=\"", b"code=\"",
         b"<iati-activity>", b"</iati-activity>", b"TOTAL", b"EU28", b"ja", b"nee"]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["cut", "insert", "delete", "flip"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "cut":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(NOISE))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 200))]
        elif data:
            data[pos] = draw(st.integers(0, 255))
    return bytes(data)


def _check(reader: object, path: Path, content: bytes) -> None:
    path.write_bytes(content)
    try:
        reader(path)  # type: ignore[operator]
    except ImportProblem as exc:
        assert path.name in str(exc)


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(mutated(EUROSTAT))
def test_eurostat_export(tmp_path_factory: object, content: bytes) -> None:
    path = tmp_path_factory.mktemp("f") / "migr_asydcfsta_fuzz.csv"  # type: ignore[attr-defined]
    _check(read_eurostat, path, content)


@SETTINGS
@given(mutated(SDMX))
def test_eurostat_sdmx(tmp_path_factory: object, content: bytes) -> None:
    path = tmp_path_factory.mktemp("f") / "migr_asyappctza_fuzz.csv"  # type: ignore[attr-defined]
    _check(read_eurostat, path, content)


@SETTINGS
@given(mutated(TABLE))
def test_analyst_table(tmp_path_factory: object, content: bytes) -> None:
    path = tmp_path_factory.mktemp("f") / "tabel_fuzz.csv"  # type: ignore[attr-defined]
    _check(read_table, path, content)


@SETTINGS
@given(mutated(IATI))
def test_iati(tmp_path_factory: object, content: bytes) -> None:
    path = tmp_path_factory.mktemp("f") / "iati_fuzz.xml"  # type: ignore[attr-defined]
    _check(read_iati, path, content)


def test_what_the_fuzzing_found(tmp_path_factory: object) -> None:
    """Bytes no text encoding reads, and a line break inside a field, were exceptions
    escaping the importers; both are now named problems."""
    import pytest

    folder = tmp_path_factory.mktemp("found")  # type: ignore[attr-defined]
    undecodable = folder / "migr_asyappctza_bytes.csv"
    undecodable.write_bytes(b"\x8d" + SDMX)
    with pytest.raises(ImportProblem, match=r"not UTF-8 or Windows-1252 text \(byte 0x8d"):
        read_eurostat(undecodable)
    broken = folder / "migr_asyappctza_cr.csv"
    broken.write_bytes(SDMX.replace(b",Annual,", b",Ann\rual,", 1))
    with pytest.raises(ImportProblem, match="row 2"):  # was: csv.Error escaping
        read_eurostat(broken)
