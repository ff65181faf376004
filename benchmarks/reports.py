"""How long the reports take on the bundled letters and statistics.

    python benchmarks/reports.py [--repeat 3]

Builds a fresh SQLite base from examples/ (letters, Eurostat, Frontex, IATI), then times,
per report, building the content model and rendering it to HTML, PDF and DOCX (median of
--repeat runs) and prints the page count of the PDF.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from partnerships.domain.context import LOCAL_USER
from partnerships.reporting.render import render
from partnerships.services.indicators import import_eurostat, import_frontex
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.services.programmes import import_iati
from partnerships.services.reports.contents import build
from partnerships.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "examples" / "data"
CASES = (("country", None, "MAR"), ("pillars", "2020:2021", None), ("gcm", "2020", None),
         ("commitments", None, None))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="partnerships-bench-reports-"))
    kb = KnowledgeBase(Settings(data_dir=folder, workers=1))
    kb.upgrade()
    kb.ingest([REPO / "examples" / "letters"])
    for path in sorted((DATA / "eurostat").glob("*.csv")):
        import_eurostat(kb, path)
    import_frontex(kb, next((DATA / "frontex").glob("*.xlsx")))
    import_iati(kb, next((DATA / "iati").glob("*.xml")))
    print(f"{'report':<12} {'build s':>8} {'html s':>7} {'pdf s':>7} {'docx s':>7} "
          f"{'pages':>6} {'sources':>8}")  # fmt: skip
    for kind, period, country in CASES:
        times: dict[str, list[float]] = {k: [] for k in ("build", "html", "pdf", "docx")}
        for _ in range(args.repeat):
            t = time.perf_counter()
            report = build(kb, LOCAL_USER, kind, period, country)
            times["build"].append(time.perf_counter() - t)
            for fmt in ("html", "pdf", "docx"):
                t = time.perf_counter()
                data, _ = render(report, fmt)
                times[fmt].append(time.perf_counter() - t)
                if fmt == "pdf":
                    pages = len(PdfReader(io.BytesIO(data)).pages)
        m = {k: statistics.median(v) for k, v in times.items()}
        print(f"{kind:<12} {m['build']:>8.2f} {m['html']:>7.3f} {m['pdf']:>7.2f} "
              f"{m['docx']:>7.3f} {pages:>6} {len(report.sources):>8}")  # fmt: skip


if __name__ == "__main__":
    main()
