"""Coverage-guided fuzzing (atheris, libFuzzer) of the letter extractor and the importers.

    python fuzz/importers.py TARGET [libFuzzer options, e.g. -runs=5000 -max_total_time=60]

TARGET is one of: letter-md, letter-txt, eurostat, table, iati. The corpus starts from the
real files in examples/ (passed as seeds); every input is written to a file and read by the
product's own reader. Refusing a file with the product's named error (ExtractionError or
ImportProblem, naming the file) is correct; any other exception is a crash that libFuzzer
reports with the input that caused it. tests/integration/ingest/test_atheris.py runs each target
for a bounded number of runs.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

# polars is imported before instrumenting: instrumented, its Series.str methods (stubs a
# decorator dispatches to expressions) return None instead of a result
import polars  # noqa: F401  isort: skip

with atheris.instrument_imports():
    from partnerships.ingest.analyst_table import read_table
    from partnerships.ingest.errors import ExtractionError
    from partnerships.ingest.eurostat import ImportProblem, read_eurostat
    from partnerships.ingest.extract import extract_file
    from partnerships.ingest.iati import read_iati

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WORK = Path(tempfile.mkdtemp(prefix="partnerships-fuzz-"))
TARGETS: dict[
    str, tuple[str, Callable[[Path], object], tuple[type[Exception], ...], list[Path]]
] = {
    "letter-md": (
        "brief.md",
        extract_file,
        (ExtractionError,),
        [EXAMPLES / "letters" / "c-voortgang-integrale-migratieagenda.md"],
    ),
    "letter-txt": (
        "brief.ocr.txt",
        extract_file,
        (ExtractionError,),
        [EXAMPLES / "letters" / "b-taskforce-internationale-migratie.ocr.txt"],
    ),
    "eurostat": (
        "migr_eiord_fuzz.csv",
        read_eurostat,
        (ImportProblem,),
        sorted((EXAMPLES / "data" / "eurostat").glob("*.csv"))[:2],
    ),
    "table": (
        "analisten.csv",
        read_table,
        (ImportProblem,),
        [EXAMPLES / "data" / "tables" / "analisten-voorbeeld.csv"],
    ),
    "iati": (
        "activiteiten.xml",
        read_iati,
        (ImportProblem,),
        sorted((EXAMPLES / "data" / "iati").glob("*.xml"))[:1],
    ),
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        raise SystemExit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options]")
    name, reader, refusals, seeds = TARGETS[sys.argv[1]]
    path = WORK / name
    corpus = WORK / "corpus"
    corpus.mkdir(exist_ok=True)
    for seed in seeds:  # real files, cut to keep each run fast
        (corpus / seed.name).write_bytes(seed.read_bytes()[:30_000])

    def one_input(data: bytes) -> None:
        path.write_bytes(data)
        try:
            reader(path)
        except refusals as exc:
            if name not in str(exc):
                raise AssertionError(f"the error does not name the file: {exc}") from exc

    atheris.Setup([sys.argv[0], *sys.argv[2:], str(corpus)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
