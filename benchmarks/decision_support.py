"""How long decision support takes on the bundled statistics (a base built from examples/).

    python benchmarks/decision_support.py [--repeat 5]

Builds a fresh SQLite base from examples/data (Eurostat, Frontex, analyst table), then times
the services behind `partnerships rank` and `partnerships assess` and the pages, median of
--repeat runs: reading the criterion values from the base, the full ranking with SMAA-2 at
10,000 and 100,000 samples (cache cleared), a what-if recomputation, one assessment, and the
ranking page from cold and from the page cache.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from partnerships.domain.context import ANONYMOUS
from partnerships.services import prioritisation, return_cooperation
from partnerships.services.indicators import import_eurostat, import_frontex, import_table
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings
from partnerships.web import pages
from partnerships.web.app import create_app

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "examples" / "data"


LEVELS = ANONYMOUS.levels()


def median_time(
    fn: Callable[[], object], repeat: int, before: Callable[[], None] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="partnerships-bench-ds-"))
    kb = KnowledgeBase(Settings(data_dir=folder, workers=1))
    kb.upgrade()
    for path in sorted((DATA / "eurostat").glob("*.csv")):
        import_eurostat(kb, path)
    import_frontex(kb, next((DATA / "frontex").glob("*.xlsx")))
    import_table(kb, DATA / "tables" / "analisten-voorbeeld.csv")
    cs, _ = prioritisation.current_criteria(kb)
    sources = [c.source for c in cs.criteria]

    def clear() -> None:
        prioritisation.clear_robustness_cache()
        pages.CACHE.clear()

    n = prioritisation.rank(kb, ANONYMOUS, robustness=False)["aantal"]
    client = TestClient(create_app(kb))
    rep = args.repeat
    rows = [
        ("criterion values from the base, cold",
         median_time(lambda: prioritisation.source_values(kb, sources, LEVELS), rep, clear)),
        ("ranking without robustness, cached values",
         median_time(lambda: prioritisation.rank(kb, ANONYMOUS, robustness=False), rep)),
        ("ranking + SMAA-2, 10,000 samples",
         median_time(lambda: prioritisation.rank(kb, ANONYMOUS, samples=10_000), rep, clear)),
        ("ranking + SMAA-2, 100,000 samples",
         median_time(lambda: prioritisation.rank(kb, ANONYMOUS, samples=100_000),
                     max(1, rep // 2), clear)),
        ("what-if (values and SMAA cached)",
         median_time(lambda: prioritisation.rank(kb, ANONYMOUS, {"transit": 0.5}), rep)),
        ("assessment MAR with options",
         median_time(lambda: return_cooperation.assessment(kb, ANONYMOUS, "MAR"), rep)),
        ("page /prioritering, cold", median_time(lambda: client.get("/prioritering"), rep, clear)),
        ("page /prioritering, cached", median_time(lambda: client.get("/prioritering"), rep)),
    ]  # fmt: skip
    print(f"{n} countries × {len(cs.criteria)} criteria, median of {args.repeat} runs")
    print(f"{'operation':<42} {'seconds':>8}")
    for name, seconds in rows:
        print(f"{name:<42} {seconds:>8.3f}")


if __name__ == "__main__":
    main()
