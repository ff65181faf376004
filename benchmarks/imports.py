"""Importer throughput against a floor of parsing the same file with polars alone.

    python benchmarks/imports.py [--shared ../shared]

For every Eurostat file and the Frontex workbook: rows/s of our reader (parse, validate,
map countries) and of the full import into a fresh SQLite base (one transaction), next to
polars reading the same file into string columns (polars.read_csv, polars.read_excel) —
the floor: our readers parse with polars and fastexcel too, then check every value. The
aim is a reader at least 1/5 of its floor.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from partnerships.ingest.eurostat import read_eurostat
from partnerships.ingest.frontex import read_frontex
from partnerships.ingest.iati import read_iati
from partnerships.services.indicators import import_eurostat, import_frontex
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.programmes import import_iati
from partnerships.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def floor(path: Path) -> tuple[str, Callable[[], object] | None]:
    import polars as pl

    if path.suffix == ".xlsx":
        return "polars.read_excel", lambda: pl.read_excel(path, sheet_name="Detections_of_IBC")
    return "polars.read_csv", lambda: pl.read_csv(path, encoding="utf8-lossy", infer_schema=False)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    data = args.shared / "data"
    if not data.exists():
        data = REPO / "examples" / "data"
    files = sorted((data / "eurostat").glob("*.csv")) + sorted((data / "frontex").glob("*.xlsx"))
    rows_out = []
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(Settings(database_url=f"sqlite:///{tmp}/kb.sqlite3", data_dir=Path(tmp)))
        kb.upgrade()
        for path in files:
            if path.suffix == ".xlsx":
                n = len(read_frontex(path)[2])
                t_read = min(timed(lambda p=path: read_frontex(p)) for _ in range(7))
                t_import = timed(lambda p=path: import_frontex(kb, p))
            else:
                n = len(read_eurostat(path)[1])
                t_read = min(timed(lambda p=path: read_eurostat(p)) for _ in range(7))
                t_import = timed(lambda p=path: import_eurostat(kb, p))
            name, fn = floor(path)
            t_floor = min(timed(fn) for _ in range(7)) if fn else None
            rows_out.append((path.name, n, n / t_read, n / t_import, name,
                             n / t_floor if t_floor else None))  # fmt: skip
        for path in sorted((data / "iati").glob("*.xml")):
            # rows = activities kept; the floor is lxml parsing the whole tree
            from lxml import etree

            n = len(read_iati(path).activities)
            t_read = min(timed(lambda p=path: read_iati(p)) for _ in range(7))
            t_import = timed(lambda p=path: import_iati(kb, p))
            t_floor = min(timed(lambda p=path: etree.parse(str(p))) for _ in range(7))
            rows_out.append((path.name[:46], n, n / t_read, n / t_import, "lxml.etree.parse",
                             n / t_floor))  # fmt: skip
    print(
        f"{'file':46} {'rows':>8} {'read rows/s':>12} {'import rows/s':>14} "
        f"{'floor':>18} {'floor rows/s':>13} {'read/floor':>10}"
    )
    for name, n, r_read, r_import, fname, r_floor in rows_out:
        fl = f"{r_floor:,.0f}" if r_floor else "—"
        ratio = f"1/{r_floor / r_read:.1f}" if r_floor else "—"
        print(f"{name:46} {n:>8} {r_read:>12,.0f} {r_import:>14,.0f} {fname:>18} {fl:>13} "
              f"{ratio:>10}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
