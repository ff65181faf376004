"""Pages and API answers as the base grows: 1,000, 10,000 (and more) synthetic letters.

    python benchmarks/scale.py [--sizes 1000,10000] [--requests 200] [--clients 8]
                               [--postgres URL [--explain]] [--shared ../shared]
                               [--base SIZE=DIR]

For each size a fresh base is ingested from the synthetic corpus (benchmarks/corpus.py,
made from the real letters' paragraphs) plus the bundled statistics, then one
`partnerships serve` process is started on loopback and measured from outside:

- per page: the first (uncached) answer, the second (cached) answer, and the size;
- p50/p95 over ``--requests`` mixed requests from ``--clients`` concurrent clients;
- the server's peak resident memory (VmHWM from /proc), the whole run;
- anchors in the same run: the static file /static/style.css (p95 under the same load),
  and for search a bare FTS5 `MATCH … ORDER BY bm25 LIMIT 20` with `snippet()` over the
  same texts;
- the size of the base against a bare FTS5 base of the same texts plus the files
  compressed (zlib); with ``--postgres URL --explain`` the plans of the hot read paths.

The table shows whether the cost is flat in the size of the base.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus
from load import start

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "examples" / "data"
COMMAND = Path(sys.executable).parent / "partnerships"
PAGES = [
    ("overview", "/"),
    ("dossier MAR", "/landen/MAR"),
    ("dossier TUR", "/landen/TUR"),
    ("commitments", "/toezeggingen"),
    ("commitments ?q=", "/toezeggingen?q=informeren"),
    ("search page", "/zoeken?q=terugkeer"),
    ("letters list", "/api/v1/documenten"),
    ("API country MAR", "/api/v1/landen/MAR"),
    ("API search", "/api/v1/zoeken?q=terugkeer"),
    ("API commitments", "/api/v1/toezeggingen"),
]
WORDS = "terugkeer migratie opvang grensbeheer mensensmokkel samenwerking kabinet".split()


def _rss_peak(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _fts_floor(files: list[Path], tmp: Path) -> tuple[float, float, int]:
    """p50/p95 of a bare FTS5 query with snippet over the same texts, and the size of that
    bare base plus the files compressed (the size the issue holds ours against)."""
    con = sqlite3.connect(tmp / "floor.sqlite3")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    with con:
        con.executemany("INSERT INTO t(body) VALUES (?)", ((p.read_text("utf-8"),) for p in files))
    con.execute("VACUUM")
    size = (tmp / "floor.sqlite3").stat().st_size
    size += sum(len(zlib.compress(p.read_bytes(), 6)) for p in files)
    times = []
    rng = random.Random(3)
    for _ in range(100):
        q = rng.choice(WORDS)
        start = time.perf_counter()
        con.execute("SELECT rowid, snippet(t, 0, '<mark>', '</mark>', '…', 12) FROM t "
                    "WHERE t MATCH ? ORDER BY bm25(t) LIMIT 20", (q,)).fetchall()  # fmt: skip
        times.append(time.perf_counter() - start)
    con.close()
    return pct(times, 0.5), pct(times, 0.95), size


def _base_size(env: dict[str, str]) -> int:
    """Bytes the knowledge base takes: the SQLite file (and its WAL), or the PostgreSQL
    database."""
    url = env.get("PARTNERSHIPS_DATABASE_URL")
    if url:
        from sqlalchemy import create_engine, text

        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            size = int(
                conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            )
        engine.dispose()
        return size
    folder = Path(env["PARTNERSHIPS_DATA_DIR"])
    return sum(f.stat().st_size for f in folder.glob("partnerships.sqlite3*"))


#: the hot read paths, as the pages ask them (PostgreSQL: printed with EXPLAIN ANALYZE)
EXPLAINED = {
    "search (rank the newest 5,000 hits)": "SELECT c.id, ts_rank_cd(c.sv, q) AS score FROM "
    "(SELECT d.id, d.search_vector AS sv FROM documents d, plainto_tsquery('dutch', "
    "'terugkeer') q0 WHERE d.search_vector @@ q0 AND (d.classification || '') IN ('openbaar') "
    "ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT 5000) c, "
    "plainto_tsquery('dutch', 'terugkeer') q ORDER BY score DESC, c.id LIMIT 20",
    "search (count)": "SELECT count(*) FROM documents d WHERE d.search_vector @@ "
    "plainto_tsquery('dutch', 'terugkeer') AND (d.classification || '') IN ('openbaar')",
    "dossier: newest letters naming MAR": "SELECT d.id FROM documents d WHERE d.id IN "
    "(SELECT document_id FROM entity_mentions WHERE kind = 'country' AND code = 'MAR') "
    "AND d.classification IN ('openbaar') ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT 20",
    "letters list": "SELECT d.id FROM documents d WHERE d.classification IN ('openbaar') "
    "ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT 20",
    "overview tallies": "SELECT subject, sum(n), sum(documents) FROM tallies WHERE "
    "classification IN ('openbaar') AND subject LIKE 'country:%' GROUP BY subject",
}


def explain(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        for name, sql in EXPLAINED.items():
            if name.startswith("search"):  # as the store asks them (document_search.py)
                conn.execute(text("SELECT set_config('enable_seqscan', 'off', true), "
                                  "set_config('enable_indexscan', 'off', true)"))  # fmt: skip
            plan = [r[0] for r in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql))]
            conn.execute(text("RESET enable_seqscan"))
            conn.execute(text("RESET enable_indexscan"))
            seq = [ln.strip() for ln in plan if "Seq Scan" in ln]
            print(f"\n-- {name}: {plan[-1].strip()}" + (f"; SEQ SCANS: {seq}" if seq else ""))
            for ln in plan:
                print("   " + ln)
    engine.dispose()


def _base(size: int, corpus: Path, tmp: Path, postgres: str | None) -> dict[str, str]:
    env = {**os.environ, "PARTNERSHIPS_DATA_DIR": str(tmp / f"data-{size}")}
    if postgres:
        from sqlalchemy import create_engine, text

        engine = create_engine(postgres.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        env["PARTNERSHIPS_DATABASE_URL"] = postgres
    subprocess.run([str(COMMAND), "db", "upgrade"], env=env, check=True, capture_output=True)
    start = time.perf_counter()
    done = subprocess.run([str(COMMAND), "ingest", str(corpus)], env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    took = time.perf_counter() - start
    summary = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    print(f"  ingest {size:,}: {took:,.0f} s ({size / took:,.1f} letters/s); {summary}",
          flush=True)  # fmt: skip
    for args in (["import", "eurostat", *map(str, sorted((DATA / "eurostat").glob("*.csv")))],
                 ["import", "frontex", str(next((DATA / "frontex").glob("*.xlsx")))]):  # fmt: skip
        subprocess.run([str(COMMAND), *args], env=env, check=True, capture_output=True)
    env["SCALE_INGEST_S"] = f"{took:.1f}"
    return env


def measure(size: int, env: dict[str, str], requests: int, clients: int) -> dict[str, object]:
    server, base, _log = start(env)  # the load benchmark's: waits until it answers
    out: dict[str, object] = {"size": size}
    try:
        with httpx.Client(base_url=base, timeout=300) as client:
            first: dict[str, tuple[float, float, int]] = {}
            for name, path in PAGES:
                t0 = time.perf_counter()
                r1 = client.get(path)
                t1 = time.perf_counter()
                client.get(path)
                t2 = time.perf_counter()
                first[name] = (t1 - t0, t2 - t1, len(r1.content))
                assert r1.status_code == 200, (path, r1.status_code)
            out["pages"] = first
            # the API's search against the bare FTS5 floor: the same 100 one-word queries,
            # one at a time (the API has no page cache)
            rng0 = random.Random(3)
            times = []
            for _ in range(100):
                t0 = time.perf_counter()
                client.get("/api/v1/zoeken", params={"q": rng0.choice(WORDS)})
                times.append(time.perf_counter() - t0)
            out["api_search"] = (pct(times, 0.5), pct(times, 0.95))
        latencies: list[float] = []
        static: list[float] = []
        lock = threading.Lock()
        rng = random.Random(size)
        plan = [rng.choice(PAGES)[1] for _ in range(requests)]
        plan = [p.replace("terugkeer", rng.choice(WORDS)) for p in plan]

        def worker(items: list[str]) -> None:
            with httpx.Client(base_url=base, timeout=300) as c:
                for p in items:
                    t0 = time.perf_counter()
                    c.get(p)
                    t1 = time.perf_counter()
                    c.get("/static/style.css")
                    t2 = time.perf_counter()
                    with lock:
                        latencies.append(t1 - t0)
                        static.append(t2 - t1)

        threads = [
            threading.Thread(target=worker, args=(plan[i::clients],)) for i in range(clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        out["mixed"] = (pct(latencies, 0.5), pct(latencies, 0.95))
        out["static"] = (pct(static, 0.5), pct(static, 0.95))
        out["rss"] = _rss_peak(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--postgres", default=None)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="PostgreSQL: print EXPLAIN ANALYZE of the hot read paths per size",
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument(
        "--base",
        action="append",
        default=[],
        metavar="SIZE=DIR",
        help="measure SIZE on the base already ingested in DIR (its "
        "PARTNERSHIPS_DATA_DIR, made from this corpus) instead of ingesting; with "
        "--postgres, on the database at that URL as it is (not emptied)",
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    prebuilt = {int(k): v for k, v in (b.split("=", 1) for b in args.base)}
    letters = args.shared / "corpus" / "letters"
    if not letters.exists():
        letters = REPO / "examples" / "letters"
    results = []
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        all_files = build_corpus(letters, tmp / "all", max(sizes))
        for size in sizes:
            corpus = tmp / f"corpus-{size}"
            corpus.mkdir()
            for f in all_files[:size]:
                (corpus / f.name).symlink_to(f)
            if size in prebuilt:
                env = {**os.environ, "PARTNERSHIPS_DATA_DIR": prebuilt[size],
                       "SCALE_INGEST_S": "nan"}  # fmt: skip
                if args.postgres:  # the database named by --postgres, as it is
                    env["PARTNERSHIPS_DATABASE_URL"] = args.postgres
            else:
                env = _base(size, corpus, tmp, args.postgres)
            result = measure(size, env, args.requests, args.clients)
            result["floor"] = _fts_floor(all_files[:size], tmp)
            result["db"] = _base_size(env)
            if args.postgres and args.explain:
                explain(args.postgres)
            result["ingest"] = float(env["SCALE_INGEST_S"])
            results.append(result)
            (tmp / "floor.sqlite3").unlink()
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\n{backend}, one server process; times in ms (first / cached), size in kB\n")
    head = "| page | " + " | ".join(f"{r['size']:,} letters" for r in results) + " |"
    print(head)
    print("|---|" + "---|" * len(results))
    for name, _path in PAGES:
        cells = []
        for r in results:
            f, c, n = r["pages"][name]  # type: ignore[index]
            cells.append(f"{f * 1000:,.0f} / {c * 1000:,.0f} ms, {n / 1024:,.0f} kB")
        print(f"| {name} | " + " | ".join(cells) + " |")
    rows = [
        ("mixed p50 / p95",
         lambda r: "{:,.0f} / {:,.0f} ms".format(*(x * 1000 for x in r["mixed"]))),
        ("static floor p50 / p95 (same load)",
         lambda r: "{:,.0f} / {:,.0f} ms".format(*(x * 1000 for x in r["static"]))),
        ("bare FTS5 MATCH+snippet p50 / p95",
         lambda r: "{:,.1f} / {:,.1f} ms".format(*(x * 1000 for x in r["floor"][:2]))),
        ("API search, 100 queries one at a time: p50 / p95 (× floor p95)",
         lambda r: "{:,.1f} / {:,.1f} ms ({:.2f}×)".format(
             r["api_search"][0] * 1000, r["api_search"][1] * 1000,
             r["api_search"][1] / r["floor"][1])),
        ("database size (× bare FTS5 base + compressed files)",
         lambda r: f"{int(r['db']) / 2**20:,.0f} MB ({int(r['db']) / r['floor'][2]:.2f}×)"),
        ("server peak RSS", lambda r: f"{int(r['rss']) / 2**20:,.0f} MB"),
        ("ingest", lambda r: f"{r['size'] / r['ingest']:,.1f} letters/s"),
    ]  # fmt: skip
    for label, fmt in rows:
        print(f"| {label} | " + " | ".join(fmt(r) for r in results) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
