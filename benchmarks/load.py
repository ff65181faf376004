"""Load test: many logged-in users reading, searching and writing at once.

    python benchmarks/load.py [--users 50] [--seconds 120] [--database-url postgresql+psycopg://…]

Builds the demo base (SQLite in a temporary folder, or the given PostgreSQL database, which
is emptied first), adds --users analyst accounts, starts `partnerships serve` on a free
loopback port and lets every user log in through the login form and then, until --seconds
have passed, pick at random: a page (overview, countries, dossier, letter, commitments,
programmes), a search (page or API), an API read, or a write (a decision through the API
with the session cookie and CSRF header, or a do-no-harm risk). Afterwards every write the
server acknowledged is looked up in the base. Prints requests, errors, lost writes and
p50/p95/p99 per kind; exits 1 on any error or lost write. Loopback only, bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
COMMAND = Path(sys.executable).parent / "partnerships"
PASSWORD = "load test password 2026"
COUNTRIES = ("MAR", "TUN", "NGA", "EGY", "IRQ", "TUR", "AFG", "SYR")
READS = {
    "page": [
        "/",
        "/landen",
        "/landen/MAR",
        "/landen/TUN",
        "/documenten/1",
        "/toezeggingen",
        "/programmas",
        "/routes",
        "/prioritering",
    ],
    "search": [
        "/zoeken?q=terugkeer",
        "/zoeken?q=migratie&land=MAR",
        "/api/v1/zoeken?q=opvang",
        "/zoeken?q=motie+OR+toezegging",
        "/api/v1/zoeken?q=Libi%C3%AB",
    ],
    "api read": [
        "/api/v1/documenten",
        "/api/v1/landen",
        "/api/v1/landen/MAR/besluiten",
        "/api/v1/toezeggingen",
        "/api/v1/programmas",
        "/api/v1/landen/TUN/risicos",
    ],
}


@dataclass
class Result:
    times: dict[str, list[float]] = field(default_factory=dict)
    by_path: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    decisions: set[str] = field(default_factory=set)
    risks: set[str] = field(default_factory=set)

    def took(self, kind: str, ms: float) -> None:
        self.times.setdefault(kind, []).append(ms)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(users: int, database_url: str | None, letters: int = 0) -> dict[str, str]:
    """The demo base plus accounts (plus ``letters`` synthetic letters made from the real
    ones, benchmarks/corpus.py); returns the environment for the server."""
    data = tempfile.mkdtemp(prefix="partnerships-load-")
    env = os.environ | {
        "PARTNERSHIPS_DATA_DIR": data,
        "PARTNERSHIPS_LOGIN_RATE_PER_MINUTE": "100000",
        "PARTNERSHIPS_LOCAL_ANALYST": "false",
    }
    env.pop("PARTNERSHIPS_DATABASE_URL", None)
    if database_url:
        env["PARTNERSHIPS_DATABASE_URL"] = database_url
        from sqlalchemy import create_engine, text

        engine = create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    subprocess.run(
        [str(COMMAND), "demo", "--no-serve"],
        env=env,
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if letters:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from corpus import build_corpus

        shared = REPO.parent / "shared" / "corpus" / "letters"
        folder = Path(data) / "corpus"
        build_corpus(shared if shared.exists() else REPO / "examples" / "letters", folder, letters)
        subprocess.run([str(COMMAND), "ingest", str(folder)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    from partnerships.domain.context import LOCAL_USER
    from partnerships.services import accounts
    from partnerships.services.knowledge_base import KnowledgeBase
    from partnerships.settings import Settings

    kb = KnowledgeBase(Settings(data_dir=Path(data), database_url=database_url or None))
    for i in range(users):
        accounts.create_user(kb, LOCAL_USER, f"load{i:02d}", "analyst", "intern", PASSWORD)
    kb.engine.dispose()
    return env


def start(env: dict[str, str], workers: int = 1) -> tuple[subprocess.Popen[bytes], str, Path]:
    port = _free_port()
    log = Path(env["PARTNERSHIPS_DATA_DIR"]) / "server.log"
    with log.open("wb") as sink:  # a file, not a pipe nobody reads: the server never blocks
        proc = subprocess.Popen(
            [str(COMMAND), "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/static/style.css", timeout=1).close()
        except OSError:
            time.sleep(0.1)
        else:
            return proc, url, log
    proc.kill()
    raise SystemExit("server did not start")


async def user(base: str, n: int, until: float, result: Result, rng: random.Random) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        start = time.perf_counter()
        await client.get("/inloggen")
        r = await client.post(
            "/inloggen",
            data={
                "gebruikersnaam": f"load{n:02d}",
                "wachtwoord": PASSWORD,
                "csrf_token": client.cookies.get("csrf", ""),
            },
        )
        result.took("login", (time.perf_counter() - start) * 1000)
        if r.status_code not in (200, 303) or "sessie" not in client.cookies:
            result.errors.append(f"load{n:02d}: login HTTP {r.status_code}")
            return
        headers = {"X-CSRF-Token": client.cookies.get("csrf", "")}
        count = 0
        while time.monotonic() < until:
            kind, path, body = _pick(rng, n, count := count + 1)
            start = time.perf_counter()
            try:
                if body is None:
                    r = await client.get(path)
                else:
                    r = await client.post(path, headers=headers, json=body)
            except httpx.TransportError as exc:
                result.errors.append(f"{kind} {path}: {type(exc).__name__}")
                continue
            took = (time.perf_counter() - start) * 1000
            result.took(kind, took)
            result.by_path.setdefault(path if body is None else kind, []).append(took)
            if r.status_code != (200 if body is None else 201):
                result.errors.append(f"{kind} {path}: HTTP {r.status_code} {r.text[:200]}")
            elif kind == "write decision" and body is not None:
                result.decisions.add(str(body["titel"]))
            elif kind == "write risk" and body is not None:
                result.risks.add(str(body["omschrijving"]))


def _pick(rng: random.Random, n: int, count: int) -> tuple[str, str, dict[str, object] | None]:
    """80 % reads (pages, searches, API), 10 % decisions, 10 % risks."""
    pick = rng.random()
    if pick < 0.8:
        kind = rng.choice(("page", "page", "search", "api read"))
        return kind, rng.choice(READS[kind]), None
    country = rng.choice(COUNTRIES)
    label = f"load{n:02d}-{count}"
    if pick < 0.9:
        return (
            "write decision",
            f"/api/v1/landen/{country}/besluiten",
            {
                "titel": label,
                "instrumenten": [],
                "motivering": "belastingtest",
                "afweging": "geen",
                "bewijs": [],
                "status": "concept",
                "rubricering": "intern",
            },
        )
    review = (date.today() + timedelta(days=90)).isoformat()
    return (
        "write risk",
        f"/api/v1/landen/{country}/risicos",
        {
            "categorie": "refoulement",
            "omschrijving": label,
            "kans": 2,
            "impact": 3,
            "mitigatie": "monitoring",
            "eigenaar": "DMM",
            "herbeoordeling": review,
            "rubricering": "intern",
        },
    )


def stored(env: dict[str, str]) -> tuple[set[str], set[str]]:
    from partnerships.domain.context import LOCAL_USER
    from partnerships.services import decisions, risks
    from partnerships.services.knowledge_base import KnowledgeBase
    from partnerships.settings import Settings

    kb = KnowledgeBase(
        Settings(
            data_dir=Path(env["PARTNERSHIPS_DATA_DIR"]),
            database_url=env.get("PARTNERSHIPS_DATABASE_URL") or None,
        )
    )
    titles: set[str] = set()
    descriptions: set[str] = set()
    for country in COUNTRIES:
        history = decisions.decision_history(kb, LOCAL_USER, country) or []
        titles |= {v.record.title for v in history}
        register = risks.country_risks(kb, LOCAL_USER, country)
        for entry in register.entries if register is not None else ():
            descriptions |= {v.risk.description for v in [entry.current, *entry.history]}
    from partnerships.services import audit

    chain = audit.verify(kb)
    kb.engine.dispose()
    if not chain.intact:
        raise SystemExit(f"audit chain broken under load: {chain.problems[:3]}")
    return titles, descriptions


def run(
    users: int, seconds: float, database_url: str | None, seed: int = 2026, workers: int = 1,
    letters: int = 0,
) -> tuple[Result, int]:  # fmt: skip
    env = prepare(users, database_url, letters)
    proc, url, log = start(env, workers)
    result = Result()
    rng = random.Random(seed)
    try:
        until = time.monotonic() + seconds

        async def everyone() -> None:
            await asyncio.gather(
                *(user(url, n, until, result, random.Random(rng.random())) for n in range(users))
            )

        asyncio.run(everyone())
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    server_errors = [
        line
        for line in log.read_text("utf-8", "replace").splitlines()
        if re.search(r"Traceback|ERROR", line)
    ]
    result.errors += server_errors[:20]
    titles, descriptions = stored(env)
    lost = len(result.decisions - titles) + len(result.risks - descriptions)
    return result, lost


def report(result: Result, lost: int, users: int, seconds: float, backend: str) -> str:
    lines = [
        f"{users} logged-in users, {seconds:.0f} s, {backend}",
        f"{'kind':16} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
    ]
    total = 0
    for kind, times in sorted(result.times.items()):
        ordered = sorted(times)
        total += len(times)
        p95 = ordered[max(0, int(0.95 * len(ordered)) - 1)]
        p99 = ordered[max(0, int(0.99 * len(ordered)) - 1)]
        lines.append(
            f"{kind:16} {len(times):9d} {statistics.median(times):8.1f} {p95:8.1f} {p99:8.1f}"
        )
    slow = sorted(result.by_path.items(), key=lambda kv: -statistics.median(kv[1]))[:3]
    lines.append("slowest: " + ", ".join(f"{p} {statistics.median(t):.0f} ms" for p, t in slow))
    writes = len(result.decisions) + len(result.risks)
    lines.append(
        f"{total} requests ({total / seconds:.1f}/s), {len(result.errors)} errors, "
        f"{writes} acknowledged writes, {lost} lost"
    )
    lines += [f"  error: {e}" for e in result.errors[:10]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--database-url", default=None, help="PostgreSQL (emptied first)")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--letters", type=int, default=0,
                        help="synthetic letters added to the demo base")  # fmt: skip
    args = parser.parse_args()
    result, lost = run(args.users, args.seconds, args.database_url, workers=args.workers,
                       letters=args.letters)  # fmt: skip
    backend = "PostgreSQL" if args.database_url else "SQLite"
    what = f"{backend}, {args.workers} process(es), demo base + {args.letters:,} letters"
    print(report(result, lost, args.users, args.seconds, what))
    return 1 if result.errors or lost else 0


if __name__ == "__main__":
    sys.exit(main())
