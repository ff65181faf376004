"""Ingest throughput and search latency on a 20,000-letter base, against bare FTS5 floors.

    python benchmarks/ingest.py [--letters 20000] [--postgres URL] [--shared ../shared]

Builds a synthetic corpus from the shared text and markdown letters (kenmerk, date,
countries and figures varied per copy, so nothing deduplicates), then measures in one run:

- ingest letters/s into SQLite (all cores), and into PostgreSQL when --postgres is given;
- the floor: inserting the same raw texts into a bare FTS5 table, one transaction per letter;
- search latency p50/p95 over 200 varied queries on the SQLite base (service level: query
  parsing, ranking, filters, fragments), and the floor: the bare FTS5 MATCH on raw text.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from partnerships.domain.context import LOCAL_USER
from partnerships.domain.queries import DocumentFilter
from partnerships.services import queries
from partnerships.services.knowledge_base import KnowledgeBase
from partnerships.settings import Settings

REPO = Path(__file__).resolve().parents[1]
COUNTRIES = (
    "Marokko Tunesië Egypte Nigeria Ethiopië Irak Jordanië Libanon Soedan Somalië Oeganda "
    "Senegal Ghana Pakistan Afghanistan Bangladesh Algerije Libië Mali Niger Eritrea"
).split()
MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
QUERY_WORDS = (
    "terugkeer migratie vluchtelingen partnerschap grensbewaking mensensmokkel opvang visum "
    "IOM UNHCR samenwerking Europese Commissie kabinet Kamer Turkije Marokko Sahel terugname"
).split()
PHRASES = ["Europese Commissie", "Integrale Migratieagenda", "Hoorn van Afrika"]


def build_corpus(letters: Path, out: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    templates = [p.read_text("utf-8") for p in sorted(letters.iterdir())
                 if p.suffix in (".md", ".txt")]  # fmt: skip
    suffixes = [p.suffix for p in sorted(letters.iterdir()) if p.suffix in (".md", ".txt")]
    files = []
    for i in range(n):
        k = i % len(templates)
        doc = templates[k]
        doc = doc.replace("2971694", str(5_000_000 + i)).replace("3001668", str(6_000_000 + i))
        day, month, year = 1 + rng.randrange(28), rng.choice(MONTHS), 2015 + rng.randrange(11)
        for old in ("10 juli 2020", "11 januari 2021", "23 mei 2025"):
            doc = doc.replace(old, f"{day} {month} {year}")
        a, b = rng.sample(COUNTRIES, 2)
        doc = doc.replace("Marokko", a).replace("Turkije", b)
        doc = doc.replace("26.840", f"{rng.randrange(10, 99)}.{rng.randrange(100, 999)}")
        doc = doc.replace("EUR 6 miljard", f"EUR {rng.randrange(1, 20)} miljard")
        doc += f"\n\nVolgnummer {i} in de reeks over {a} en {b}.\n"
        path = out / f"brief-{i:05d}{suffixes[k]}"
        path.write_text(doc, "utf-8")
        files.append(path)
    return files


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def floor_insert(files: list[Path], db: Path) -> float:
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    start = time.perf_counter()
    for p in files:
        with con:
            con.execute("INSERT INTO t(body) VALUES (?)", (p.read_text("utf-8"),))
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def queries_for(rng: random.Random) -> list[str]:
    out = []
    for _ in range(200):
        kind = rng.randrange(4)
        words = rng.sample(QUERY_WORDS, 2)
        if kind == 0:
            out.append(words[0])
        elif kind == 1:
            out.append(" ".join(words))
        elif kind == 2:
            out.append(f'"{rng.choice(PHRASES)}"')
        else:
            out.append(words[0][:4] + "*")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=20_000)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL for the second run")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    letters = args.shared / "corpus" / "letters"
    if not letters.exists():
        letters = REPO / "examples" / "letters"
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        corpus = tmp / "corpus"
        corpus.mkdir()
        files = build_corpus(letters, corpus, args.letters)
        n = len(files)

        t_floor = floor_insert(files, tmp / "floor.sqlite3")
        rows.append(
            ("floor: raw text into bare FTS5 (1 tx/letter)", f"{n / t_floor:,.0f} letters/s", "1")
        )

        settings = Settings(database_url=f"sqlite:///{tmp / 'kb.sqlite3'}", data_dir=tmp)
        kb = KnowledgeBase(settings)
        kb.upgrade()
        start = time.perf_counter()
        report = kb.ingest([corpus])
        t_ingest = time.perf_counter() - start
        assert not report.failed and len(report.new) == n, (len(report.new), report.failed[:3])
        rows.append(
            (
                "ingest into SQLite (all cores)",
                f"{n / t_ingest:,.1f} letters/s",
                f"1/{t_ingest / t_floor:,.0f}",
            )
        )

        if args.postgres:
            engine = create_engine(
                args.postgres.replace("postgresql://", "postgresql+psycopg://", 1)
            )
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            engine.dispose()
            pg = KnowledgeBase(Settings(database_url=args.postgres, data_dir=tmp))
            pg.upgrade()
            start = time.perf_counter()
            report = pg.ingest([corpus])
            t_pg = time.perf_counter() - start
            rows.append(
                (
                    "ingest into PostgreSQL (all cores)",
                    f"{n / t_pg:,.1f} letters/s",
                    f"1/{t_pg / t_floor:,.0f}",
                )
            )

        rng = random.Random(11)
        qs = queries_for(rng)
        ours: list[float] = []
        for q in qs:
            s = time.perf_counter()
            queries.search(kb, LOCAL_USER, q, DocumentFilter(), 0, 10)
            ours.append((time.perf_counter() - s) * 1000)
        con = sqlite3.connect(tmp / "floor.sqlite3")
        bare: list[float] = []
        for q in qs:
            match = " ".join(f'"{w}"' if not w.endswith("*") else f'"{w[:-1]}"*'
                             for w in q.replace('"', "").split())  # fmt: skip
            if q.startswith('"'):
                match = q
            s = time.perf_counter()
            con.execute(
                "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10", (match,)
            ).fetchall()
            bare.append((time.perf_counter() - s) * 1000)
        con.close()
        rows.append(
            (
                "search p50 / p95 (service, 10 results)",
                f"{statistics.median(ours):.1f} / {pct(ours, 0.95):.1f} ms",
                f"p95 {pct(ours, 0.95) / max(pct(bare, 0.95), 1e-9):.1f}x",
            )
        )
        rows.append(
            (
                "floor: bare FTS5 MATCH p50 / p95",
                f"{statistics.median(bare):.1f} / {pct(bare, 0.95):.1f} ms",
                "1",
            )
        )
        shutil.rmtree(corpus)
    print(f"corpus: {n} letters (text and markdown, varied)")
    print(f"{'measurement':48} {'result':>22} {'ratio':>10}")
    for name, value, ratio in rows:
        print(f"{name:48} {value:>22} {ratio:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
